import { Type } from 'typebox';
import { DateTime, Enum, Id, Nullable, Obj, PageQuery, Text, Version } from '../../platform/schema.js';
import { MEMBER_ROLES } from '../committees/tables.js';

export const NOTICE_KINDS = ['announcement', 'appointment', 'project', 'consultation', 'result', 'commendation', 'other'] as const;
export const NOTICE_STATES = ['open', 'closed', 'withdrawn'] as const;

export const NoticeQuery = Obj({ ...PageQuery, communityId: Type.Optional(Id), status: Type.Optional(Enum(NOTICE_STATES)), kind: Type.Optional(Enum(NOTICE_KINDS)) });

export const StaffNotice = Obj({
  id: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  kind: Enum(NOTICE_KINDS),
  title: Type.String(),
  status: Enum(NOTICE_STATES),
  objectable: Type.Boolean(),
  startsAt: DateTime,
  endsAt: Nullable(DateTime),
  subjectType: Nullable(Type.String()),
  subjectId: Nullable(Type.Integer()),
  objections: Type.Integer(),
  pendingObjections: Type.Integer(),
  version: Type.Integer(),
});

export const WithdrawBody = Obj({ version: Version, reason: Text(500) });

export const Objection = Obj({
  id: Type.Integer(),
  noticeId: Type.Integer(),
  itemId: Nullable(Type.Integer()),
  itemLabel: Nullable(Type.String()),
  phone: Type.String({ description: 'Masked' }),
  content: Type.String(),
  status: Enum(['pending', 'upheld', 'not_upheld'] as const),
  finding: Nullable(Type.String()),
  decidedAt: Nullable(DateTime),
  createdAt: DateTime,
  version: Type.Integer(),
});

export const FindingBody = Obj({ version: Version, upheld: Type.Boolean({ description: 'true = 异议成立 (the item is withdrawn)' }), finding: Text(2000) });

export const ObjectionBody = Obj({
  itemId: Type.Optional(Id),
  content: Type.String({ minLength: 5, maxLength: 2000, description: 'What the resident objects to and why' }),
});
export const ObjectionReceipt = Obj({ id: Type.Integer(), created: Type.Boolean() });

export const BoardNotice = Obj({
  id: Type.Integer(),
  kind: Enum(NOTICE_KINDS),
  title: Type.String(),
  startsAt: DateTime,
  endsAt: Nullable(DateTime),
  status: Enum(NOTICE_STATES),
  objectable: Type.Boolean(),
  acceptingObjections: Type.Boolean(),
});

export const Board = Obj({
  community: Obj({ id: Type.Integer(), name: Type.String() }),
  committee: Nullable(Obj({ name: Type.String(), formedOn: Nullable(Type.String()), members: Type.Array(Obj({ name: Type.String(), role: Enum(MEMBER_ROLES) })) })),
  current: Type.Array(BoardNotice),
  past: Type.Array(BoardNotice),
});

export const PublicNotice = Obj({
  ...BoardNotice.properties,
  communityId: Type.Integer(),
  communityName: Type.String(),
  body: Type.String(),
  items: Type.Array(Obj({ id: Type.Integer(), label: Type.String() })),
  residentPage: Nullable(Type.String({ description: 'The resident page the notice leads to (a consultation to rate, a project), if any' })),
});
