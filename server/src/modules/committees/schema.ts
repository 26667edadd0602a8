import { Type, type Static } from 'typebox';
import { CalendarDay, DateTime, Enum, Id, Nullable, Obj, PageQuery, Text, Version } from '../../platform/schema.js';
import { MEMBER_CATEGORIES, MEMBER_ROLES } from './tables.js';
import { MEMBER_ACTIONS, MEMBER_STATES, REPORT_GROUPS } from './workflow.js';

export const CategoryT = Enum(MEMBER_CATEGORIES, 'two_committees 社区"两委"成员, deputies "两代表一委员", veteran 退役军人, police 社区民警, private_enterprise 非公经济组织负责人, social_org 社会组织负责人, property 物业企业负责人, owners_committee 业委会成员, notable_resident 乡贤和热心居民, media 媒体记者, lawyer 律师, volunteer 志愿者, other 其他');
export const RoleT = Enum(MEMBER_ROLES, 'director 主任, deputy_director 副主任, standing 常任委员, rotating 轮值委员');
export const MemberStatusT = Enum(MEMBER_STATES, 'serving 在任, exiting 退出审批中, exited 已退出, dismissed 已解聘');
const Reason = Text(500);
const Named = Obj({ id: Type.Integer(), name: Type.String() });
const Count = Obj({ code: Type.String(), name: Type.String(), n: Type.Integer() });

export const CommitteeQuery = Obj({
  ...PageQuery,
  keyword: Type.Optional(Type.String({ maxLength: 50, description: 'Part of the community name' })),
  territoryId: Type.Optional(Id),
  status: Type.Optional(Enum(['forming', 'active'] as const)),
});

export const CommitteeSummary = Obj({
  id: Type.Integer(),
  name: Type.String(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  streetName: Type.String(),
  status: Enum(['forming', 'active'] as const),
  formedOn: Nullable(Type.String()),
  seats: Type.Integer(),
  members: Type.Integer(),
  vacancies: Type.Integer(),
  termsEnding: Type.Integer({ description: 'Rotating members in office whose term ends within 30 days' }),
  visitsThisMonth: Type.Integer(),
  leader: Nullable(Named),
  version: Type.Integer(),
});

export const CommitteeDetail = Obj({
  ...CommitteeSummary.properties,
  deviationReason: Nullable(Type.String()),
  byRole: Type.Array(Count),
  byCategory: Type.Array(Count),
  canWrite: Type.Boolean(),
  canApprove: Type.Boolean(),
  supplementPath: Type.String({ description: 'Console route of a supplement round (增补) for this community' }),
});

export const EnsureCommitteeBody = Obj({ communityId: Id });
export const SeatsBody = Obj({ seats: Type.Integer({ minimum: 0, maximum: 99 }), version: Version });
export const LeaderBody = Obj({ userId: Nullable(Id), version: Version });
export const LeaderCandidate = Obj({ id: Type.Integer(), name: Type.String(), username: Type.String() });

export const MemberQuery = Obj({
  ...PageQuery,
  keyword: Type.Optional(Type.String({ maxLength: 50 })),
  status: Type.Optional(MemberStatusT),
  inOffice: Type.Optional(Type.Boolean({ description: 'Only members serving or awaiting an exit decision' })),
  category: Type.Optional(CategoryT),
  role: Type.Optional(RoleT),
});

export const Zone = Obj({
  id: Type.Integer(),
  memberId: Nullable(Type.Integer()),
  memberName: Nullable(Type.String()),
  userId: Nullable(Type.Integer()),
  userName: Nullable(Type.String()),
  territoryId: Nullable(Type.Integer()),
  territoryName: Nullable(Type.String()),
  territoryLevel: Nullable(Type.String()),
  unitName: Nullable(Type.String()),
  createdAt: DateTime,
});
export const ZoneBody = Obj({
  memberId: Type.Optional(Id),
  userId: Type.Optional(Id),
  territoryId: Type.Optional(Id),
  unitName: Type.Optional(Text(100)),
});
export type ZoneInput = Static<typeof ZoneBody>;

export const MemberSummary = Obj({
  id: Type.Integer(),
  committeeId: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  userId: Nullable(Type.Integer()),
  name: Type.String(),
  gender: Nullable(Enum(['male', 'female'] as const)),
  phone: Nullable(Type.String({ description: 'Masked: 138****5678' })),
  idNumber: Nullable(Type.String({ description: 'Masked: 620102********1234' })),
  category: CategoryT,
  categoryName: Type.String(),
  role: RoleT,
  roleName: Type.String(),
  affiliation: Nullable(Type.String()),
  isPartySecretary: Type.Boolean(),
  partyMember: Type.Boolean(),
  status: MemberStatusT,
  statusName: Type.String(),
  termStart: Type.String(),
  termEnd: Nullable(Type.String()),
  certificateNo: Nullable(Type.String()),
  source: Enum(['selection', 'import'] as const),
  appointedAt: DateTime,
  endedAt: Nullable(DateTime),
  version: Type.Integer(),
});

export const MemberDetail = Obj({
  ...MemberSummary.properties,
  exitReason: Nullable(Type.String()),
  exitRequestedAt: Nullable(DateTime),
  endReason: Nullable(Type.String()),
  decisionBody: Nullable(Type.String()),
  decisionOn: Nullable(Type.String()),
  actions: Type.Array(Enum(MEMBER_ACTIONS)),
  zones: Type.Array(Zone),
});

export const MemberEvent = Obj({
  id: Type.Integer(),
  action: Type.String(),
  actionName: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Type.String(),
  actor: Nullable(Type.String()),
  note: Nullable(Type.String()),
  detail: Type.Record(Type.String(), Type.Unknown()),
  at: DateTime,
});

export const PersonalData = Obj({ phone: Nullable(Type.String()), idNumber: Nullable(Type.String()) });

export const RequestExitBody = Obj({ reason: Reason, version: Version });
export const DecideExitBody = Obj({ note: Type.Optional(Type.String({ maxLength: 500 })), version: Version });
export const RejectExitBody = Obj({ reason: Reason, version: Version });
export const DismissBody = Obj({
  reason: Reason,
  decisionBody: Text(100, { description: 'Who decided, e.g. 社区党委会议' }),
  decisionOn: CalendarDay,
  version: Version,
});
export const EditMemberBody = Obj({
  role: Type.Optional(RoleT),
  category: Type.Optional(CategoryT),
  affiliation: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  idNumber: Type.Optional(Nullable(Type.String({ maxLength: 18 }))),
  isPartySecretary: Type.Optional(Type.Boolean()),
  partyMember: Type.Optional(Type.Boolean()),
  termEnd: Type.Optional(Nullable(CalendarDay)),
  version: Version,
});
export type EditMemberInput = Static<typeof EditMemberBody>;

export const TermEnding = Obj({
  memberId: Type.Integer(),
  name: Type.String(),
  committeeId: Type.Integer(),
  communityName: Type.String(),
  roleName: Type.String(),
  categoryName: Type.String(),
  termEnd: Type.String(),
  daysLeft: Type.Integer(),
});

export const OverviewQuery = Obj({ nodeId: Type.Optional(Id) });
const OverviewCounts = Obj({
  nodeId: Type.Integer(),
  name: Type.String(),
  level: Type.String(),
  committees: Type.Integer(),
  committeesActive: Type.Integer(),
  members: Type.Integer(),
  vacancies: Type.Integer(),
  visitsThisMonth: Type.Integer(),
  membersVisited: Type.Integer(),
  byCategory: Type.Record(Type.String(), Type.Integer()),
  byRole: Type.Record(Type.String(), Type.Integer()),
});
export const Overview = Obj({
  node: OverviewCounts,
  month: Type.String(),
  termsEnding: Type.Integer(),
  /** Seed 000's table: the nine categories it names and 其他. */
  seedTable: Type.Array(Obj({ code: Enum(REPORT_GROUPS), name: Type.String(), n: Type.Integer() })),
  byRole: Type.Array(Count),
  children: Type.Array(OverviewCounts),
});
export const RebuildResult = Obj({ committees: Type.Integer(), statRows: Type.Integer(), visitRows: Type.Integer() });

export const ImportResult = Obj({ imported: Type.Integer(), committees: Type.Integer() });
export const ImportBody = Obj({ file: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) });
export const ExportQuery = Obj({ committeeId: Type.Optional(Id), territoryId: Type.Optional(Id), inOffice: Type.Optional(Type.Boolean()) });
