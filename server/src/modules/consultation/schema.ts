import { Type } from 'typebox';
import { CalendarDay, DateTime, Enum, Id, Nullable, Obj, PageQuery, Text, Version } from '../../platform/schema.js';
import { CONSULTATION_STATES, LEVELS, REQUIREMENTS, STANCES } from './tables.js';
import { CONSULTATION_ACTIONS } from './workflow.js';

export const LevelT = Enum(LEVELS, 'resident 居民协商, multi 多元协商, neighbour 邻里协商, individual 个别调解');
export const StatusT = Enum(CONSULTATION_STATES, 'collecting 集, proposing 提, reviewing 报, consulting 商, acting 办, concluded 结');
export const RequirementT = Enum(REQUIREMENTS, 'must 应当协商, may 可以协商, excluded 不列入协商');
const Named = Obj({ id: Type.Integer(), name: Type.String() });

export const ConsultationQuery = Obj({
  ...PageQuery,
  keyword: Type.Optional(Type.String({ maxLength: 50 })),
  status: Type.Optional(StatusT),
  level: Type.Optional(LevelT),
  territoryId: Type.Optional(Id),
});

export const CreateBody = Obj({
  communityId: Id,
  title: Text(100),
  subject: Text(2000),
  category: Type.Optional(Type.String({ maxLength: 50 })),
  level: LevelT,
  placeIds: Type.Array(Id, { minItems: 1, maxItems: 200, description: 'Affected buildings or compounds of the community' }),
  caseIds: Type.Optional(Type.Array(Id, { maxItems: 50, description: 'Cases of the same community the item comes from' })),
  collectUntil: DateTime,
});

export const ConsultationSummary = Obj({
  id: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  title: Type.String(),
  category: Nullable(Type.String()),
  level: LevelT,
  levelName: Type.String(),
  status: StatusT,
  statusName: Type.String(),
  collectUntil: DateTime,
  opinions: Type.Integer(),
  createdAt: DateTime,
  version: Type.Integer(),
});

const Participant = Obj({ name: Text(50), kind: Enum(['member', 'stakeholder', 'unit', 'staff'] as const, 'member 委员, stakeholder 利益相关方, unit 单位代表, staff 工作人员'), affiliation: Type.Optional(Type.String({ maxLength: 100 })) });

export const Session = Obj({
  meetingRef: Nullable(Type.Integer()),
  meeting: Nullable(Obj({ id: Type.Integer(), title: Type.String(), startsAt: DateTime, statusName: Type.String() }, { description: 'The linked 议事协商会, when the caller may see it' })),
  heldOn: Type.String(),
  place: Type.String(),
  participants: Type.Array(Participant),
  outcome: Type.String(),
  votesFor: Type.Integer(),
  votesAgainst: Type.Integer(),
  votesAbstain: Type.Integer(),
});

export const Task = Obj({
  id: Type.Integer(),
  title: Type.String(),
  ownerName: Type.String(),
  ownerUserId: Nullable(Type.Integer()),
  dueOn: Type.String(),
  status: Enum(['open', 'done'] as const),
  overdue: Type.Boolean(),
  doneNote: Nullable(Type.String()),
  doneAt: Nullable(DateTime),
  version: Type.Integer(),
});

export const Event = Obj({ id: Type.Integer(), action: Type.String(), label: Type.String(), fromStatus: Nullable(Type.String()), toStatus: Type.String(), actorName: Nullable(Type.String()), note: Nullable(Type.String()), at: DateTime });

export const Suggestion = Obj({
  suggested: Type.Boolean(),
  requirement: Nullable(RequirementT),
  reason: Type.String(),
  entryId: Nullable(Type.Integer()),
});

export const ConsultationDetail = Obj({
  ...ConsultationSummary.properties,
  subject: Type.String(),
  proposal: Nullable(Type.String()),
  reviewComment: Nullable(Type.String()),
  result: Nullable(Type.String()),
  noticeId: Nullable(Type.Integer()),
  concludedAt: Nullable(DateTime),
  places: Type.Array(Named),
  cases: Type.Array(Obj({ id: Type.Integer(), trackingNo: Type.String(), description: Type.String() })),
  session: Nullable(Session),
  tasks: Type.Array(Task),
  rating: Obj({ count: Type.Integer(), average: Nullable(Type.Number()) }),
  stances: Obj({ support: Type.Integer(), oppose: Type.Integer(), suggest: Type.Integer() }),
  suggestion: Suggestion,
  actions: Type.Array(Enum(CONSULTATION_ACTIONS)),
  canAddTask: Type.Boolean(),
  timeline: Type.Array(Event),
});

export const Opinion = Obj({ id: Type.Integer(), placeName: Type.String(), room: Nullable(Type.String()), phone: Type.String(), stance: Enum(STANCES), content: Type.String(), createdAt: DateTime });
export const Rating = Obj({ id: Type.Integer(), phone: Type.String(), stars: Type.Integer(), comment: Nullable(Type.String()), createdAt: DateTime });

export const StepBody = Obj({ version: Version });
export const ProposeBody = Obj({ version: Version, proposal: Text(5000) });
export const ReviewBody = Obj({ version: Version, comment: Type.Optional(Type.String({ maxLength: 1000 })) });
export const ConsultBody = Obj({
  version: Version,
  // The 议事协商会 meeting (meetings capability) of the same community the session was held at.
  meetingId: Type.Optional(Id),
  heldOn: CalendarDay,
  place: Text(100),
  participants: Type.Array(Participant, { minItems: 1, maxItems: 100 }),
  outcome: Text(5000),
  votesFor: Type.Integer({ minimum: 0, maximum: 10000 }),
  votesAgainst: Type.Integer({ minimum: 0, maximum: 10000 }),
  votesAbstain: Type.Integer({ minimum: 0, maximum: 10000 }),
});
export const ConcludeBody = Obj({ version: Version, result: Text(5000) });
export const TaskBody = Obj({ title: Text(200), ownerName: Text(50), ownerUserId: Type.Optional(Id), dueOn: CalendarDay });
export const TaskDoneBody = Obj({ version: Version, note: Type.Optional(Type.String({ maxLength: 1000 })) });

export const PublicConsultation = Obj({
  id: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  title: Type.String(),
  subject: Type.String(),
  levelName: Type.String(),
  status: StatusT,
  statusName: Type.String(),
  collectUntil: DateTime,
  collecting: Type.Boolean(),
  places: Type.Array(Named),
  result: Nullable(Type.String()),
  rating: Obj({ count: Type.Integer(), average: Nullable(Type.Number()) }),
  mine: Obj({ opinion: Type.Boolean(), rated: Type.Boolean() }),
});
/** 正在征集意见 on the community's board: where a resident who scanned the stairwell code gives an opinion. */
export const OpenConsultation = Obj({ id: Type.Integer(), title: Type.String(), levelName: Type.String(), collectUntil: DateTime });
export const OpinionBody = Obj({ placeId: Id, room: Type.Optional(Type.String({ maxLength: 20 })), stance: Enum(STANCES, 'support 赞成, oppose 反对, suggest 建议'), content: Text(1000) });
export const RatingBody = Obj({ stars: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Type.String({ maxLength: 500 })) });

export const CatalogueEntry = Obj({
  id: Type.Integer(),
  territoryId: Nullable(Type.Integer()),
  territoryName: Type.String(),
  category: Type.String(),
  requirement: RequirementT,
  note: Nullable(Type.String()),
  editable: Type.Boolean(),
  version: Type.Integer(),
});
export const CatalogueQuery = Obj({ communityId: Type.Optional(Id) });
export const CatalogueBody = Obj({ territoryId: Nullable(Id), category: Text(50), requirement: RequirementT, note: Type.Optional(Type.String({ maxLength: 500 })) });
export const CatalogueUpdate = Obj({ version: Version, requirement: RequirementT, note: Type.Optional(Type.String({ maxLength: 500 })) });
export const SuggestionQuery = Obj({ communityId: Id, category: Text(50) });

export const OverviewQuery = Obj({ nodeId: Type.Optional(Id), from: Type.Optional(CalendarDay), to: Type.Optional(CalendarDay) });
const Row = Obj({
  nodeId: Type.Integer(),
  name: Type.String(),
  consultations: Type.Integer(),
  byStatus: Type.Record(Type.String(), Type.Integer()),
  byLevel: Type.Record(Type.String(), Type.Integer()),
  overdueTasks: Type.Integer(),
  mediations: Type.Integer(),
  mediationsSucceeded: Type.Integer(),
  mediationsEnded: Type.Integer(),
  successRate: Nullable(Type.Number({ description: 'Agreements over mediations that ended (agreed or failed); null when none ended' })),
});
export const Overview = Obj({ node: Named, from: Nullable(Type.String()), to: Nullable(Type.String()), total: Row, children: Type.Array(Row) });
