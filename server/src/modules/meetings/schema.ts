import { Type, type Static } from 'typebox';
import { CalendarDay, DateTime, Enum, Id, Nullable, Obj, PageQuery, Text, Version } from '../../platform/schema.js';
import { ProjectSpec } from '../projects/service.js';
import { DemandSpec } from '../units/service.js';
import { MEETING_TYPES, OUTCOMES } from './tables.js';

export const MeetingTypeT = Enum(MEETING_TYPES, 'committee_regular 社工委例会, two_committees 社区"两委"会议, big_party "大党委"会议, party_joint 党建联席会议, resident_reps 居民代表会议, consultation 议事协商会, hearing 听证会');
export const TopicStatusT = Enum(['pooled', 'scheduled', 'decided', 'rejected', 'withdrawn'] as const, 'pooled 待议, scheduled 已列入议程, decided 已决议, rejected 不予采纳, withdrawn 已撤回');
export const MeetingStatusT = Enum(['scheduled', 'in_progress', 'closed', 'cancelled'] as const, 'scheduled 待召开, in_progress 进行中（签到开放）, closed 已闭会（纪要锁定）, cancelled 已取消');
const EscalateT = Enum(['big_party', 'party_joint'] as const, 'big_party 提交"大党委"会议, party_joint 提交党建联席会议');
export const OutcomeT = Enum(OUTCOMES, 'task 社区内办理（任务）, dispatch 派遣职能部门（生成诉求）, project 立项实施, reject 不予采纳并反馈, demand 需要外部协助（发布到需求清单）');
const ChoiceT = Enum(['for', 'against', 'abstain'] as const, 'for 赞成, against 反对, abstain 弃权');

export const TimelineEvent = Obj({
  id: Type.Integer(),
  action: Type.String(),
  actionLabel: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Type.String(),
  actorName: Nullable(Type.String()),
  note: Nullable(Type.String()),
  at: DateTime,
});

export const Rule = Obj({ meetingType: MeetingTypeT, typeName: Type.String(), quorumNum: Type.Integer(), quorumDen: Type.Integer(), passNum: Type.Integer(), passDen: Type.Integer(), version: Type.Integer() });
export const RuleBody = Obj({ quorumNum: Type.Integer({ minimum: 0, maximum: 100 }), quorumDen: Type.Integer({ minimum: 1, maximum: 100 }), passNum: Type.Integer({ minimum: 0, maximum: 100 }), passDen: Type.Integer({ minimum: 1, maximum: 100 }), version: Version });
export const TypeParams = Obj({ type: MeetingTypeT });

export const CreateTopicBody = Obj({
  communityId: Id,
  title: Text(100),
  background: Type.String({ maxLength: 4000 }),
  stakeholders: Type.Optional(Type.String({ maxLength: 1000 })),
  suggestion: Type.Optional(Type.String({ maxLength: 2000 })),
  caseIds: Type.Optional(Type.Array(Id, { maxItems: 20, description: 'Cases of the same community the topic comes from; none = an own proposal' })),
  escalateTo: Type.Optional(EscalateT),
  category: Type.Optional(Type.String({ maxLength: 50, description: 'A category of the consultation catalogue (协商目录), or free text' })),
});
export type CreateTopicInput = Static<typeof CreateTopicBody>;

export const EditTopicBody = Obj({
  version: Version,
  title: Type.Optional(Text(100)),
  background: Type.Optional(Type.String({ maxLength: 4000 })),
  stakeholders: Type.Optional(Type.String({ maxLength: 1000, description: 'Empty clears it' })),
  suggestion: Type.Optional(Type.String({ maxLength: 2000, description: 'Empty clears it' })),
  category: Type.Optional(Type.String({ maxLength: 50, description: 'A category of the consultation catalogue (协商目录), or free text; empty clears it' })),
});
export type EditTopicInput = Static<typeof EditTopicBody>;

const TopicCase = Obj({ id: Type.Integer(), trackingNo: Type.String(), description: Type.String(), status: Type.String() });
const TopicMeeting = Obj({
  meetingId: Type.Integer(),
  meetingTitle: Type.String(),
  meetingStatus: MeetingStatusT,
  resolutionId: Nullable(Type.Integer()),
  resolutionStatus: Nullable(Type.String()),
  outcome: Nullable(OutcomeT),
  caseId: Nullable(Type.Integer({ description: 'The case a dispatching resolution created' })),
});
export const TopicSummary = Obj({
  id: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  title: Type.String(),
  source: Enum(['cases', 'proposal'] as const),
  escalateTo: Nullable(EscalateT),
  category: Nullable(Type.String()),
  status: TopicStatusT,
  statusName: Type.String(),
  caseIds: Type.Array(Type.Integer()),
  createdAt: DateTime,
  version: Type.Integer(),
});
export const TopicDetail = Obj({
  ...TopicSummary.properties,
  background: Type.String(),
  stakeholders: Nullable(Type.String()),
  suggestion: Nullable(Type.String()),
  feedback: Nullable(Type.String({ description: 'Reasons of a rejecting resolution, fed back to the originating cases' })),
  cases: Type.Array(TopicCase),
  meetings: Type.Array(TopicMeeting),
  consultationSuggestion: Nullable(
    Obj(
      { suggested: Type.Boolean(), requirement: Nullable(Enum(['must', 'may', 'excluded'] as const, 'must 应当协商, may 可以协商, excluded 不列入协商')), reason: Type.String() },
      { description: "Whether the topic's category is in the community's 协商目录; null without a category" },
    ),
  ),
  actions: Type.Array(Type.String()),
  events: Type.Array(TimelineEvent),
});
export const TopicQuery = Obj({
  ...PageQuery,
  communityId: Type.Optional(Id),
  status: Type.Optional(TopicStatusT),
  keyword: Type.Optional(Type.String({ maxLength: 50 })),
  escalated: Type.Optional(Type.Boolean()),
});
export const TopicOfCase = Obj({ topicId: Type.Integer(), title: Type.String(), status: TopicStatusT, statusName: Type.String(), feedback: Nullable(Type.String()), meetings: Type.Array(TopicMeeting) });

export const GuestInput = Obj({ kind: Enum(['stakeholder', 'unit'] as const, 'stakeholder 利益相关方, unit 单位代表'), name: Text(50), affiliation: Type.Optional(Type.String({ maxLength: 100 })) });
export const CreateMeetingBody = Obj({
  communityId: Id,
  type: MeetingTypeT,
  title: Text(100),
  startsAt: DateTime,
  place: Text(200),
  convener: Text(50),
  memberIds: Type.Optional(Type.Array(Id, { maxItems: 100, description: 'Committee members invited (voting); default every member in office' })),
  guests: Type.Optional(Type.Array(GuestInput, { maxItems: 50 })),
  topicIds: Type.Optional(Type.Array(Id, { maxItems: 30 })),
});
export type CreateMeetingInput = Static<typeof CreateMeetingBody>;

export const Invitee = Obj({
  id: Type.Integer(),
  kind: Enum(['member', 'stakeholder', 'unit'] as const),
  memberId: Nullable(Type.Integer()),
  userId: Nullable(Type.Integer()),
  name: Type.String(),
  affiliation: Nullable(Type.String()),
  voting: Type.Boolean(),
  response: Enum(['pending', 'attend', 'decline'] as const),
  signedInAt: Nullable(DateTime),
  signedInVia: Nullable(Enum(['console', 'qr'] as const)),
});
const Vote = Obj({ inviteeId: Type.Integer(), name: Type.String(), choice: ChoiceT, recordedBy: Nullable(Type.String()), at: DateTime });
export const Resolution = Obj({
  id: Type.Integer(),
  text: Type.String(),
  outcome: OutcomeT,
  outcomeName: Type.String(),
  ownerUserId: Nullable(Type.Integer()),
  dueOn: Nullable(Type.String()),
  departmentId: Nullable(Type.Integer()),
  categoryCode: Nullable(Type.String()),
  reasons: Nullable(Type.String()),
  demand: Nullable(DemandSpec),
  project: Nullable(ProjectSpec),
  status: Enum(['voting', 'passed', 'failed'] as const),
  statusName: Type.String(),
  votesFor: Type.Integer(),
  votesAgainst: Type.Integer(),
  votesAbstain: Type.Integer(),
  present: Nullable(Type.Integer()),
  caseId: Nullable(Type.Integer()),
  taskId: Nullable(Type.Integer()),
  demandId: Nullable(Type.Integer({ description: 'The demand a passed \'demand\' resolution posted' })),
  projectId: Nullable(Type.Integer({ description: 'The project draft a passed \'project\' resolution made' })),
  decidedAt: Nullable(DateTime),
  version: Type.Integer(),
  votes: Type.Array(Vote),
});
const Addendum = Obj({ id: Type.Integer(), text: Type.String(), actorName: Nullable(Type.String()), at: DateTime });
export const AgendaItem = Obj({
  id: Type.Integer(),
  topicId: Type.Integer(),
  topicTitle: Type.String(),
  topicStatus: TopicStatusT,
  position: Type.Integer(),
  minutes: Type.String(),
  version: Type.Integer(),
  addenda: Type.Array(Addendum),
  resolution: Nullable(Resolution),
});
export const Quorum = Obj({ voting: Type.Integer(), present: Type.Integer(), needed: Type.Integer(), reached: Type.Boolean() });
/** The QR sign-in page of a member signed in by phone code: the meeting and the invitees holding that number. */
export const PhoneSignIn = Obj({
  id: Type.Integer(),
  title: Type.String(),
  place: Type.String(),
  startsAt: DateTime,
  status: MeetingStatusT,
  quorum: Quorum,
  /**
   * The invited members the committee has this number for: none (not invited), usually one,
   * or several sharing a line (a unit's office phone), each signed in on their own.
   */
  invitees: Type.Array(Obj({ id: Id, name: Type.String(), signedInAt: Nullable(DateTime) })),
});
export const PhoneSignInBody = Obj({ inviteeId: Id }, { description: 'One of the invitees the page lists for my number' });
export const MeetingSummary = Obj({
  id: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  type: MeetingTypeT,
  typeName: Type.String(),
  title: Type.String(),
  startsAt: DateTime,
  place: Type.String(),
  convener: Type.String(),
  status: MeetingStatusT,
  statusName: Type.String(),
  version: Type.Integer(),
});
export const MeetingDetail = Obj({
  ...MeetingSummary.properties,
  rule: Obj({ quorumNum: Type.Integer(), quorumDen: Type.Integer(), passNum: Type.Integer(), passDen: Type.Integer() }),
  quorum: Quorum,
  invitees: Type.Array(Invitee),
  agenda: Type.Array(AgendaItem),
  actions: Type.Array(Type.String()),
  canWrite: Type.Boolean(),
  myInviteeId: Nullable(Type.Integer({ description: 'The caller\'s own invitation, when they are invited' })),
  signInPath: Type.String({ description: 'The H5 page the QR code opens' }),
  events: Type.Array(TimelineEvent),
});
export const MeetingQuery = Obj({
  ...PageQuery,
  communityId: Type.Optional(Id),
  status: Type.Optional(MeetingStatusT),
  type: Type.Optional(MeetingTypeT),
  keyword: Type.Optional(Type.String({ maxLength: 50 })),
});

export const VersionBody = Obj({ version: Version });
export const AgendaBody = Obj({ topicId: Id, version: Version });
export const MinutesBody = Obj({ minutes: Type.String({ maxLength: 10000 }), version: Version });
export const AddendumBody = Obj({ text: Text(4000) });
export const RespondBody = Obj({ inviteeId: Type.Optional(Id), response: Enum(['attend', 'decline'] as const) });
export const SignInBody = Obj({ inviteeId: Id });
export const ResolutionBody = Obj({
  text: Text(2000),
  outcome: OutcomeT,
  ownerUserId: Type.Optional(Id),
  dueOn: Type.Optional(CalendarDay),
  departmentId: Type.Optional(Id),
  categoryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  reasons: Type.Optional(Text(2000)),
  demand: Type.Optional(DemandSpec),
  project: Type.Optional(ProjectSpec),
});
export type ResolutionInput = Static<typeof ResolutionBody>;
export const VoteBody = Obj({ inviteeId: Type.Optional(Id), choice: ChoiceT });
export const Decided = Obj({
  ok: Type.Literal(true),
  routingDeferred: Type.Boolean({ description: 'A passed dispatch whose case could not be routed just now: the decision stands and the job meetings.route_resolution_cases routes it within minutes' }),
});

export const Task = Obj({
  id: Type.Integer(),
  kind: Enum(['task', 'project'] as const),
  title: Type.String(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  ownerUserId: Type.Integer(),
  ownerName: Type.String(),
  dueOn: Type.String(),
  status: Enum(['open', 'done'] as const),
  overdue: Type.Boolean(),
  resolutionId: Type.Integer(),
  meetingId: Type.Integer(),
  version: Type.Integer(),
});
export const TaskQuery = Obj({ ...PageQuery, communityId: Type.Optional(Id), status: Type.Optional(Enum(['open', 'done'] as const)), overdue: Type.Optional(Type.Boolean()) });

export const Cadence = Obj({
  communityId: Type.Integer(),
  communityName: Type.String(),
  committeeName: Type.String(),
  lastMeetingOn: Nullable(Type.String()),
  lastRegularOn: Nullable(Type.String({ description: 'Last 社工委例会' })),
  monthsWithout: Type.Integer({ description: 'Whole calendar months since the last 社工委例会 without one' }),
  flagged: Type.Boolean(),
  schedule: Nullable(Obj({ ordinal: Type.Integer(), weekday: Type.Integer(), time: Type.String(), place: Type.String() })),
});
export const CadenceQuery = Obj({ ...PageQuery, territoryId: Type.Optional(Id), flagged: Type.Optional(Type.Boolean()) });
export const ScheduleBody = Obj({
  schedule: Nullable(Obj({
    ordinal: Type.Integer({ minimum: 1, maximum: 4, description: 'The nth …' }),
    weekday: Type.Integer({ minimum: 1, maximum: 7, description: '… weekday of the month, 1 = Monday' }),
    time: Type.String({ pattern: '^[0-2][0-9]:[0-5][0-9]$' }),
    place: Text(200),
  })),
});
export const CommunityParams = Obj({ communityId: Id });

export const OverviewQuery = Obj({ nodeId: Type.Optional(Id), from: Type.Optional(CalendarDay), to: Type.Optional(CalendarDay) });
export const OverviewRow = Obj({
  nodeId: Type.Integer(),
  name: Type.String(),
  meetingsHeld: Type.Integer(),
  topicsDecided: Type.Integer(),
  resolutionsPassed: Type.Integer(),
  tasksDone: Type.Integer(),
  tasksOverdue: Type.Integer(),
});
export const Overview = Obj({ nodeId: Type.Integer(), name: Type.String(), from: Type.String(), to: Type.String(), total: OverviewRow, rows: Type.Array(OverviewRow) });
