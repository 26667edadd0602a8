import { Type, type Static } from 'typebox';
import { ROLE_CODES, type Role } from '../../platform/auth/roles.js';
import { DateTime, Id, MAX_ID, Nullable, Obj, PageQuery, PHONE_PATTERN, Text, Version } from '../../platform/schema.js';


/** The database's rule; upper case is accepted and stored lower-cased, as login compares. */
const USERNAME = '^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$';

export const RoleCode = Type.Unsafe<Role>({ type: 'string', enum: ROLE_CODES });
export const Status = Type.Unsafe<'active' | 'disabled'>({ type: 'string', enum: ['active', 'disabled'] });

const PhoneOrNull = Nullable(Type.String({ pattern: PHONE_PATTERN, description: 'Mainland mobile number (11 digits); null clears it' }));
const DisplayName = Text(50);

export const UserQuery = Obj({
  ...PageQuery,
  keyword: Type.Optional(Type.String({ maxLength: 50, description: 'Part of the user name or display name' })),
  role: Type.Optional(RoleCode),
  territoryId: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ID, description: 'Accounts whose home node lies in this subtree' })),
  status: Type.Optional(Status),
});
export type UserFilter = Static<typeof UserQuery>;

export const CreateUserBody = Obj({
  username: Type.String({ pattern: USERNAME, description: '3–32 of a-z 0-9 _ . -, starting with a letter or digit; stored lower-case' }),
  displayName: DisplayName,
  phone: Type.Optional(PhoneOrNull),
  homeTerritoryId: Nullable(
    Type.Integer({
      minimum: 1,
      maximum: MAX_ID,
      description: 'The node the account belongs to (decides who administers it); null = installation-wide, system administrators only',
    }),
  ),
});
export type CreateUserInput = Static<typeof CreateUserBody>;

export const UpdateUserBody = Obj({
  displayName: Type.Optional(DisplayName),
  phone: Type.Optional(PhoneOrNull),
  status: Type.Optional(Status),
  version: Version,
});
export type UpdateUserInput = Static<typeof UpdateUserBody>;

export const GrantRoleBody = Obj({
  role: RoleCode,
  territoryId: Nullable(Type.Integer({ minimum: 1, maximum: MAX_ID, description: 'The node the role is bound to; null only for system_admin' })),
});
export type GrantRoleInput = Static<typeof GrantRoleBody>;

export const AssignmentParams = Obj({ id: Id, assignmentId: Id });

export const UserRole = Obj({
  id: Type.Integer({ description: 'Assignment id, for revoking' }),
  role: RoleCode,
  roleName: Type.String(),
  territoryId: Nullable(Type.Integer()),
  territoryName: Nullable(Type.String()),
  territoryLevel: Nullable(Type.String()),
});

export const User = Obj(
  {
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    phoneMasked: Nullable(Type.String({ description: '138****5678; the full number is GET /users/{id}/phone' })),
    homeTerritoryId: Nullable(Type.Integer()),
    homeTerritoryName: Nullable(Type.String()),
    status: Status,
    locked: Type.Boolean({ description: 'Locked out after wrong passwords; POST /users/{id}/unlock clears it' }),
    lockedUntil: Nullable(DateTime),
    mustChangePassword: Type.Boolean(),
    roles: Type.Array(UserRole),
    lastLoginAt: Nullable(DateTime),
    version: Type.Integer(),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { title: 'User' },
);

export const UserWithPassword = Obj(
  { ...User.properties, initialPassword: Type.String({ description: 'Shown once; must be changed at first login' }) },
  { title: 'UserWithPassword' },
);

export const UserPhone = Obj({ phone: Nullable(Type.String()) });
