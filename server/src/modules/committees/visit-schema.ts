import { Type, type Static } from 'typebox';
import { DateTime, Enum, Id, Nullable, Obj, PageQuery, Phone, Text } from '../../platform/schema.js';

export const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM (Beijing calendar month)' });

export const LogVisitBody = Obj({
  communityId: Id,
  territoryId: Id,
  whomKind: Enum(['household', 'unit'] as const, 'household 住户 (building + room), unit 单位 (by name)'),
  room: Type.Optional(Text(20, { description: '门牌号, e.g. 3单元502' })),
  unitName: Type.Optional(Text(100)),
  personName: Type.Optional(Type.String({ maxLength: 50 })),
  visitedAt: DateTime,
  summary: Text(1000, { description: 'What was talked about' }),
  problem: Type.Optional(Type.String({ maxLength: 2000, description: 'A problem the household or unit raised (问题清单)' })),
  photoIds: Type.Optional(Type.Array(Id, { maxItems: 6, description: 'Ids from POST /visit-photos' })),
});
export type LogVisitInput = Static<typeof LogVisitBody>;

export const VisitQuery = Obj({
  ...PageQuery,
  communityId: Type.Optional(Id),
  month: Type.Optional(Month),
  mine: Type.Optional(Type.Boolean()),
  withProblem: Type.Optional(Type.Boolean()),
});

export const VisitPhoto = Obj({ id: Type.Integer(), name: Type.String(), url: Type.String(), thumbnailUrl: Type.String() });

export const Visit = Obj({
  id: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  territoryId: Type.Integer(),
  territoryName: Type.String(),
  visitorId: Type.Integer(),
  visitorName: Type.String(),
  memberId: Nullable(Type.Integer()),
  visitedAt: DateTime,
  month: Type.String(),
  whomKind: Enum(['household', 'unit'] as const),
  room: Nullable(Type.String()),
  unitName: Nullable(Type.String()),
  place: Type.String({ description: 'The building and room, or the unit and where it is (楼院 / 单位)' }),
  personName: Nullable(Type.String()),
  summary: Type.String(),
  problem: Nullable(Type.String()),
  caseId: Nullable(Type.Integer()),
  caseTrackingNo: Nullable(Type.String()),
  caseStatus: Nullable(Type.String()),
  caseStatusName: Nullable(Type.String()),
  photos: Type.Array(VisitPhoto),
  version: Type.Integer(),
});

export const VisitToCaseBody = Obj({
  categoryCode: Type.String({ minLength: 1, maxLength: 40 }),
  reporterPhone: Type.Optional(Phone),
  urgent: Type.Optional(Type.Boolean()),
  version: Type.Integer({ minimum: 1 }),
});

export const RoundQuery = Obj({ month: Type.Optional(Month) });
export const RoundRow = Obj({
  memberId: Type.Integer(),
  name: Type.String(),
  roleName: Type.String(),
  categoryName: Type.String(),
  hasAccount: Type.Boolean(),
  visits: Type.Integer(),
  reminded: Type.Boolean(),
});
export const Round = Obj({ month: Type.String(), members: Type.Integer(), visited: Type.Integer(), behind: Type.Integer(), rows: Type.Array(RoundRow) });
export const RemindBody = Obj({ month: Type.Optional(Month) });
