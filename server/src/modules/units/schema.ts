import { Type, type Static } from 'typebox';
import { CalendarDay, DateTime, Enum, Id, Nullable, Obj, PageQuery, Phone, Text, Version } from '../../platform/schema.js';
import { DEMAND_CATEGORIES, RESOURCE_CATEGORIES } from './tables.js';

const Note = Type.Optional(Type.String({ maxLength: 500 }));

export const UNIT_KINDS = ['agency', 'state_enterprise', 'private_enterprise', 'property', 'social_org', 'owners_committee', 'other'] as const;
export const SOCIAL_CATEGORIES = ['community_service', 'charity', 'culture_sports', 'mediation'] as const;
export const REG_STATES = ['pending', 'confirmed', 'rejected', 'withdrawn'] as const;
export const UnitKindT = Enum(UNIT_KINDS, 'agency 机关事业单位, state_enterprise 国有企业, private_enterprise 非公企业, property 物业公司, social_org 社会组织, owners_committee 业委会, other 其他');
export const SocialCategoryT = Enum(SOCIAL_CATEGORIES, 'community_service 社区服务类, charity 公益慈善类, culture_sports 文体活动类, mediation 专业调处类');
export const RegStatusT = Enum(REG_STATES, 'pending 待确认, confirmed 已报到, rejected 已退回, withdrawn 已撤销');
export const ResourceCategoryT = Enum(RESOURCE_CATEGORIES, 'venue 场地, parking 错时共享停车位, equipment 设备物资, funds 资金, legal 法律, medical 医疗, psychological 心理, volunteer 志愿服务');
export const DemandCategoryT = Enum(DEMAND_CATEGORIES, 'as resources, plus other 其他');
export const BookingStatusT = Enum(['requested', 'confirmed', 'declined', 'cancelled'] as const);
export const DemandStatusT = Enum(['open', 'claimed', 'in_progress', 'met', 'closed'] as const, 'open 待认领, claimed 已认领待确认, in_progress 实施中, met 已满足, closed 已关闭');
export const ClaimStatusT = Enum(['requested', 'confirmed', 'rejected', 'withdrawn', 'completed'] as const);

export const Event = Obj({
  id: Type.Integer(),
  action: Type.String(),
  label: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Type.String(),
  actorName: Nullable(Type.String()),
  note: Nullable(Type.String()),
  at: DateTime,
});
export const StepBody = Obj({ version: Version, note: Note });

export const UnitQuery = Obj({
  ...PageQuery,
  communityId: Type.Optional(Id),
  status: Type.Optional(RegStatusT),
  kind: Type.Optional(UnitKindT),
  keyword: Type.Optional(Type.String({ maxLength: 50 })),
});
export const UnitBody = Obj({
  communityId: Id,
  name: Text(100),
  kind: UnitKindT,
  socialCategory: Type.Optional(SocialCategoryT),
  creditCode: Type.Optional(Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$', description: '统一社会信用代码' })),
  partyOrgName: Type.Optional(Text(100)),
  partyMemberCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  contactName: Text(50),
  contactPhone: Phone,
  address: Type.Optional(Text(200)),
  offer: Type.Optional(Text(2000)),
});
export const UnitSummary = Obj({
  id: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  name: Type.String(),
  kind: UnitKindT,
  socialCategory: Nullable(SocialCategoryT),
  partyOrgName: Nullable(Type.String()),
  partyMemberCount: Type.Integer(),
  contactName: Nullable(Type.String()),
  contactPhone: Nullable(Type.String({ description: 'Masked' })),
  offer: Nullable(Type.String()),
  status: RegStatusT,
  version: Type.Integer(),
  createdAt: DateTime,
});
export const Participation = Obj({ year: Type.Integer(), services: Type.Integer(), minutes: Type.Integer(), rated: Type.Integer(), averageRating: Nullable(Type.Number()) });
export const Incubation = Obj({ id: Type.Integer(), kind: Enum(['training', 'assessment'] as const), heldOn: Type.String(), title: Type.String(), score: Nullable(Type.Integer()), note: Nullable(Type.String()) });
export const UnitDetail = Obj({
  ...UnitSummary.properties,
  creditCode: Nullable(Type.String()),
  address: Nullable(Type.String()),
  actions: Type.Array(Type.String()),
  isContact: Type.Boolean(),
  canRecord: Type.Boolean({ description: 'May record services and incubation for this unit' }),
  participation: Type.Array(Participation),
  incubation: Type.Array(Incubation),
});
export const IncubationBody = Obj({ kind: Enum(['training', 'assessment'] as const), heldOn: CalendarDay, title: Text(200), score: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })), note: Type.Optional(Text(1000)) });

export const MemberQuery = Obj({ ...PageQuery, communityId: Type.Optional(Id), status: Type.Optional(RegStatusT), keyword: Type.Optional(Type.String({ maxLength: 50 })) });
export const MemberBody = Obj({
  communityId: Id,
  residenceBuildingId: Id,
  name: Text(50),
  phone: Phone,
  employerUnitId: Type.Optional(Id),
  employerName: Text(100),
  partyBranch: Text(100),
});
/** 双报到 by the member on the phone: the number is the one they signed in with. */
export const ResidentMemberBody = Obj({
  communityId: Id,
  residenceBuildingId: Id,
  name: Text(50),
  employerName: Text(100),
  partyBranch: Text(100),
});
export const ResidentMembership = Obj({
  id: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  residence: Type.String({ description: 'Compound and building' }),
  name: Type.String(),
  employerName: Type.String(),
  partyBranch: Type.String(),
  status: RegStatusT,
  createdAt: DateTime,
});
export const PartyMember = Obj({
  id: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  residenceBuildingId: Type.Integer(),
  residence: Type.String({ description: 'Compound and building' }),
  name: Type.String(),
  phone: Type.String({ description: 'Masked' }),
  employerUnitId: Nullable(Type.Integer()),
  employerName: Type.String(),
  partyBranch: Type.String(),
  status: RegStatusT,
  actions: Type.Array(Type.String()),
  minutesThisYear: Type.Integer(),
  version: Type.Integer(),
  createdAt: DateTime,
});

export const ServicePhoto = Obj({ id: Type.Integer(), name: Type.String(), url: Type.String(), thumbnailUrl: Type.String() });
export const ServiceBody = Obj({
  communityId: Id,
  territoryId: Id,
  unitId: Type.Optional(Id),
  partyMemberId: Type.Optional(Id),
  title: Text(200),
  servedOn: CalendarDay,
  minutes: Type.Integer({ minimum: 1, maximum: 14400, description: 'Hours served, as integer minutes' }),
  photoIds: Type.Optional(Type.Array(Id, { maxItems: 9 })),
});
export const ServiceQuery = Obj({
  ...PageQuery,
  communityId: Type.Optional(Id),
  unitId: Type.Optional(Id),
  partyMemberId: Type.Optional(Id),
  subject: Type.Optional(Enum(['unit', 'member'] as const, 'unit 共建单位, member 在职党员')),
  keyword: Type.Optional(Type.String({ maxLength: 50, description: 'In the service or the name of who served' })),
  from: Type.Optional(CalendarDay),
  to: Type.Optional(CalendarDay),
});
export const ServiceRecord = Obj({
  id: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  territoryId: Type.Integer(),
  territoryName: Type.String(),
  unitId: Nullable(Type.Integer()),
  partyMemberId: Nullable(Type.Integer()),
  who: Type.String(),
  title: Type.String(),
  servedOn: Type.String(),
  minutes: Type.Integer(),
  feedbackRating: Nullable(Type.Integer()),
  feedback: Nullable(Type.String()),
  photos: Type.Array(ServicePhoto),
  canFeedback: Type.Boolean(),
  version: Type.Integer(),
});
export const FeedbackBody = Obj({ rating: Type.Integer({ minimum: 1, maximum: 5 }), feedback: Type.Optional(Text(1000)), version: Version });

const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$', description: 'HH:MM, Beijing time' });
export const Window = Obj({ weekday: Type.Integer({ minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday' }), start: Clock, end: Clock });
export const ResourceBody = Obj({
  communityId: Id,
  unitId: Type.Optional(Id),
  ownerName: Type.Optional(Text(50)),
  category: ResourceCategoryT,
  name: Text(100),
  description: Type.Optional(Text(2000)),
  address: Type.Optional(Text(200)),
  capacity: Type.Integer({ minimum: 1, maximum: 100000 }),
  windows: Type.Array(Window, { minItems: 1, maxItems: 28 }),
});
export const ResourceQuery = Obj({ ...PageQuery, communityId: Type.Optional(Id), category: Type.Optional(ResourceCategoryT), unitId: Type.Optional(Id), keyword: Type.Optional(Type.String({ maxLength: 50 })) });
export const Booking = Obj({
  id: Type.Integer(),
  resourceId: Type.Integer(),
  resourceName: Type.String(),
  startsAt: DateTime,
  endsAt: DateTime,
  party: Type.String(),
  purpose: Type.String(),
  headcount: Type.Integer(),
  status: BookingStatusT,
  actions: Type.Array(Type.String()),
  version: Type.Integer(),
});
export const Resource = Obj({
  id: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  unitId: Nullable(Type.Integer()),
  owner: Type.String({ description: 'The unit or person offering it' }),
  category: ResourceCategoryT,
  name: Type.String(),
  description: Nullable(Type.String()),
  address: Nullable(Type.String()),
  capacity: Type.Integer(),
  status: Enum(['active', 'withdrawn'] as const),
  windows: Type.Array(Window),
  bookingsConfirmed: Type.Integer(),
  version: Type.Integer(),
});
export const ResourceDetail = Obj({ ...Resource.properties, bookings: Type.Array(Booking), canBook: Type.Boolean(), isOwner: Type.Boolean() });
export const BookingBody = Obj({ startsAt: DateTime, endsAt: DateTime, party: Text(100), purpose: Text(500), headcount: Type.Integer({ minimum: 1, maximum: 100000 }) });
export const BookingQuery = Obj({ ...PageQuery, resourceId: Type.Optional(Id), status: Type.Optional(BookingStatusT) });

/** What is needed, where and by when: also what a meeting resolution posting a demand carries. */
export const DemandSpec = Obj({
  category: DemandCategoryT,
  quantity: Type.Integer({ minimum: 1, maximum: 1000000 }),
  quantityUnit: Type.Optional(Text(10)),
  place: Type.Optional(Text(200)),
  neededBy: Type.Optional(CalendarDay),
});
export const DemandBody = Obj({
  communityId: Id,
  territoryId: Type.Optional(Id),
  title: Text(200),
  description: Type.Optional(Text(2000)),
  ...DemandSpec.properties,
});
export type DemandInput = Static<typeof DemandBody>;
export const FromCaseBody = Obj({
  caseId: Id,
  title: Type.Optional(Text(200)),
  category: DemandCategoryT,
  quantity: Type.Integer({ minimum: 1, maximum: 1000000 }),
  quantityUnit: Type.Optional(Text(10)),
  place: Type.Optional(Text(200)),
  neededBy: Type.Optional(CalendarDay),
});
export const DemandQuery = Obj({
  ...PageQuery,
  communityId: Type.Optional(Id),
  status: Type.Optional(DemandStatusT),
  category: Type.Optional(DemandCategoryT),
  keyword: Type.Optional(Type.String({ maxLength: 50 })),
  forUnit: Type.Optional(Type.Boolean({ description: 'Open demands in the streets of the units I act for' })),
});
export const Claim = Obj({ id: Type.Integer(), unitId: Type.Integer(), unitName: Type.String(), status: ClaimStatusT, note: Nullable(Type.String()), rating: Nullable(Type.Integer()), createdAt: DateTime });
export const Demand = Obj({
  id: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  territoryId: Type.Integer(),
  caseId: Nullable(Type.Integer()),
  title: Type.String(),
  description: Nullable(Type.String()),
  category: DemandCategoryT,
  quantity: Type.Integer(),
  quantityUnit: Type.String(),
  place: Nullable(Type.String()),
  neededBy: Nullable(Type.String()),
  status: DemandStatusT,
  unitId: Nullable(Type.Integer()),
  unitName: Nullable(Type.String()),
  version: Type.Integer(),
  createdAt: DateTime,
});
const OriginResolution = Obj({ resolutionId: Type.Integer(), meetingId: Type.Integer(), meetingTitle: Type.String() }, { description: 'The meeting resolution that posted the demand' });
export const DemandDetail = Obj({ ...Demand.properties, originResolution: Nullable(OriginResolution), actions: Type.Array(Type.String()), claims: Type.Array(Claim), history: Type.Array(Event), claimableBy: Type.Array(Obj({ id: Type.Integer(), name: Type.String() })) });
export const ClaimBody = Obj({ unitId: Id, note: Note, version: Version });
export const CompleteBody = Obj({ version: Version, note: Note, rating: Type.Integer({ minimum: 1, maximum: 5, description: "The community's rating of the unit's work" }) });
export const Match = Obj({
  kind: Enum(['resource', 'unit'] as const),
  id: Type.Integer(),
  name: Type.String(),
  communityName: Type.String(),
  score: Type.Integer(),
  reason: Type.String({ description: 'Why it is suggested, in words' }),
});

export const OverviewQuery = Obj({ nodeId: Type.Optional(Id), year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) });
export const Figures = Type.Record(Type.String(), Type.Integer());
export const OverviewRow = Obj({ id: Type.Integer(), name: Type.String(), level: Type.String(), figures: Figures });
export const Overview = Obj({ node: OverviewRow, year: Type.Integer(), summary: Type.String({ description: 'Seed 000 sentence: N unit party organisations and M party members cover K grids' }), children: Type.Array(OverviewRow) });
