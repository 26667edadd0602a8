import { Type } from 'typebox';
import { Obj } from '../../platform/schema.js';
import { ROLE_CODES, type Role } from '../../platform/auth/roles.js';

export const LoginBody = Obj({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 128 }),
});

export const ChangePasswordBody = Obj({
  currentPassword: Type.String({ minLength: 1, maxLength: 128 }),
  newPassword: Type.String({ minLength: 1, maxLength: 128 }),
});

export const RoleCode = Type.Unsafe<Role>({ type: 'string', enum: ROLE_CODES });

export const MeRole = Obj({
  role: RoleCode,
  roleName: Type.String(),
  territoryId: Type.Union([Type.Integer(), Type.Null()]),
  territoryName: Type.Union([Type.String(), Type.Null()]),
  territoryLevel: Type.Union([Type.String(), Type.Null()]),
  communityId: Type.Union([Type.Integer(), Type.Null()], { description: 'The community the role works in: its node, or the one above a grid, compound or building; null above community level' }),
  communityName: Type.Union([Type.String(), Type.Null()]),
});

export const Me = Obj({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  mustChangePassword: Type.Boolean(),
  csrfToken: Type.String({ description: 'Send as X-CSRF-Token on every write' }),
  roles: Type.Array(MeRole),
  permissions: Type.Array(Type.String()),
});

export const RoleInfo = Obj({
  code: RoleCode,
  name: Type.String(),
  nameEn: Type.String(),
  levels: Type.Union([Type.Array(Type.String()), Type.Null()]),
  permissions: Type.Array(Type.String()),
});
