import { Type } from 'typebox';
import { CalendarDay, DateTime, Enum, Id, Nullable, Obj, PageQuery, Phone, Text, Version } from '../../platform/schema.js';
import { Event } from './schema.js';
import { MEDIATION_STATES, PARTY_ROLES, SIGN_METHODS } from './tables.js';
import { MEDIATION_ACTIONS } from './workflow.js';

export const MediationStatusT = Enum(MEDIATION_STATES, 'registered 已登记, mediating 调解中, agreed 达成协议, failed 调解不成, followed_up 已回访, closed 已结案');
const RoleT = Enum(PARTY_ROLES, 'applicant 申请人, respondent 被申请人, other 其他当事人');
const MethodT = Enum(SIGN_METHODS, 'on_site 现场签字, electronic 电子签名');

export const MediationQuery = Obj({ ...PageQuery, status: Type.Optional(MediationStatusT), keyword: Type.Optional(Type.String({ maxLength: 50 })) });

export const RegisterBody = Obj({
  communityId: Id,
  title: Text(100),
  description: Text(2000),
  disputeType: Text(50),
  parties: Type.Array(Obj({ name: Text(50), phone: Type.Optional(Phone), role: RoleT }), { minItems: 1, maxItems: 20 }),
  mediators: Type.Array(Obj({ name: Text(50), userId: Type.Optional(Id) }), { minItems: 1, maxItems: 10, description: 'Committee members or staff, by name; userId when they have an account' }),
  caseId: Type.Optional(Id),
});

export const MediationSummary = Obj({
  id: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  title: Type.String(),
  disputeType: Type.String(),
  status: MediationStatusT,
  statusName: Type.String(),
  mediators: Type.String(),
  createdAt: DateTime,
  version: Type.Integer(),
});

export const MediationDetail = Obj({
  id: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  title: Type.String(),
  description: Type.String(),
  disputeType: Type.String(),
  status: MediationStatusT,
  statusName: Type.String(),
  mediators: Type.Array(Obj({ name: Type.String(), userId: Nullable(Type.Integer()) })),
  agreement: Nullable(Type.String()),
  failureReason: Nullable(Type.String()),
  caseId: Nullable(Type.Integer()),
  closedAt: Nullable(DateTime),
  createdAt: DateTime,
  version: Type.Integer(),
  parties: Type.Array(
    Obj({ id: Type.Integer(), name: Type.String(), phone: Nullable(Type.String()), role: RoleT, signedAt: Nullable(DateTime), signMethod: Nullable(MethodT), signRecordedBy: Nullable(Type.String()) }),
  ),
  sessions: Type.Array(Obj({ id: Type.Integer(), heldOn: Type.String(), notes: Type.String() })),
  followups: Type.Array(Obj({ id: Type.Integer(), visitedOn: Type.String(), notes: Type.String(), fulfilled: Type.Boolean() })),
  actions: Type.Array(Enum(MEDIATION_ACTIONS)),
  canRecord: Type.Boolean(),
  timeline: Type.Array(Event),
});

export const VersionBody = Obj({ version: Version });
export const SessionBody = Obj({ heldOn: CalendarDay, notes: Text(5000) });
export const SignBody = Obj({ method: MethodT, signedAt: Type.Optional(DateTime) });
export const AgreeBody = Obj({ version: Version, agreement: Text(5000) });
export const FailBody = Obj({ version: Version, reason: Text(1000) });
export const FollowUpBody = Obj({ version: Version, visitedOn: CalendarDay, notes: Text(2000), fulfilled: Type.Boolean() });
