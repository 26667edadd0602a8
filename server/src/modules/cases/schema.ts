import { Type, type Static } from 'typebox';
import { DateTime, Enum, Id, Nullable, Obj, Page, PageQuery, Phone, Text, Version } from '../../platform/schema.js';
import { ACTIONS, STATES, TIERS } from './workflow.js';

export const CHANNELS = ['visit', 'hotline', 'mailbox', 'resident_talk', 'h5', 'grid_report', 'hotline_12345', 'meeting', 'open311'] as const;
export const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export const RETURN_REASONS = ['not_our_locality', 'unclear_ownership', 'not_our_remit', 'other'] as const;
export const FEEDBACKS = ['public', 'individual'] as const;
export const FeedbackT = Enum(FEEDBACKS, 'public 公开反馈 (on the community board), individual 个别反馈 (to the resident only)');

export const ChannelT = Enum(CHANNELS, 'visit 走访, hotline 民情热线, mailbox 民意信箱, resident_talk 居民说事, h5 居民扫码, grid_report 网格上报, hotline_12345, meeting 会议, open311 Open311 客户端');
export const TierT = Enum(TIERS, 'routine 常规哨, joint 联合哨, tough 攻坚哨');
export const StatusT = Enum(STATES);
const Note = Type.String({ maxLength: 500 });
const Reason = Text(500);
export const AttachmentIds = Type.Array(Id, { maxItems: 6, description: 'Ids from POST /attachments (up to 6 photos)' });
export const Location = Obj({ lat: Type.Number({ minimum: -90, maximum: 90 }), lng: Type.Number({ minimum: -180, maximum: 180 }) }, { description: 'Map point, WGS 84' });
export const Attachment = Obj({
  id: Type.Integer(),
  name: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  width: Type.Integer(),
  height: Type.Integer(),
  url: Type.String({ description: 'The photo (upright, scaled to at most 2560 px, without metadata)' }),
  thumbnailUrl: Type.String({ description: 'A 320 px JPEG' }),
  createdAt: DateTime,
});

export const CreateCaseBody = Obj({
  communityId: Id,
  territoryId: Type.Optional(Id),
  channel: ChannelT,
  categoryCode: Type.String({ minLength: 1, maxLength: 40 }),
  description: Type.String({ minLength: 1, maxLength: 2000 }),
  address: Type.Optional(Type.String({ maxLength: 200 })),
  reporterName: Type.Optional(Type.String({ maxLength: 50 })),
  reporterPhone: Type.Optional(Phone),
  urgent: Type.Optional(Type.Boolean()),
  location: Type.Optional(Location),
  attachmentIds: Type.Optional(AttachmentIds),
  idempotencyKey: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'A retry with the same key and body returns the first case' })),
});
export type CreateCaseInput = Static<typeof CreateCaseBody>;

const Person = Obj({ id: Type.Integer(), name: Type.String() });

export const Assignment = Obj({
  id: Type.Integer(),
  role: Enum(['lead', 'assist', 'supervise'] as const),
  tier: TierT,
  active: Type.Boolean({ description: 'Of the dispatch round being worked on (or that closed the case)' }),
  state: Enum(['current', 'finished', 'returned', 'ended'] as const, 'current: the round being worked on; finished: the round that closed the case; returned: 退单; ended: replaced by a later round (re-dispatch or 吹哨)'),
  late: Type.Boolean({ description: 'The lead signed for the case (报到) after its sign-for limit, or the limit has passed while the case waits for it' }),
  department: Nullable(Person),
  user: Nullable(Person),
  territory: Nullable(Person),
  assignedAt: DateTime,
  signBy: Nullable(DateTime),
  signedAt: Nullable(DateTime),
  returnedAt: Nullable(DateTime),
  returnReason: Nullable(Enum(RETURN_REASONS)),
  returnNote: Nullable(Type.String()),
});

export const CaseSummary = Obj({
  id: Type.Integer(),
  trackingNo: Type.String(),
  status: StatusT,
  statusName: Type.String(),
  tier: TierT,
  tierName: Type.String(),
  channel: ChannelT,
  categoryCode: Type.String(),
  categoryName: Type.String(),
  description: Type.String(),
  territoryId: Type.Integer(),
  territoryName: Type.String(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  urgent: Type.Boolean(),
  overdue: Type.Boolean(),
  respondBy: Nullable(DateTime),
  solveBy: Nullable(DateTime),
  createdAt: DateTime,
  version: Type.Integer(),
});

export const CaseDetail = Obj({
  ...CaseSummary.properties,
  address: Nullable(Type.String()),
  reporterName: Nullable(Type.String()),
  reporterPhone: Nullable(Type.String({ description: 'Masked: 138****1234' })),
  rejectReason: Nullable(Type.String()),
  mergedIntoId: Nullable(Type.Integer()),
  replyText: Nullable(Type.String()),
  rating: Nullable(Enum(RATINGS)),
  ratingComment: Nullable(Type.String()),
  reopenCount: Type.Integer(),
  escalationCount: Type.Integer(),
  respondedAt: Nullable(DateTime),
  extension: Nullable(Obj({ days: Type.Integer(), reason: Type.String(), requestedAt: DateTime })),
  acceptedAt: Nullable(DateTime),
  dispatchedAt: Nullable(DateTime),
  repliedAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  ratedAt: Nullable(DateTime),
  location: Nullable(Location),
  /** Every photo of the case: the reporter's and those of later steps (each step's are also on its timeline entry). */
  attachments: Type.Array(Attachment),
  feedback: Nullable(FeedbackT),
  assignments: Type.Array(Assignment),
  /** The state table's answer for this state; the console shows a button per action the caller may fire. */
  actions: Type.Array(Enum(ACTIONS)),
  /** Extension steps the caller may take now: ask for more days (holder), decide a pending request (dispatcher). */
  extensionActions: Type.Array(Enum(['request', 'decide'] as const)),
});

export const CaseQuery = Obj({
  ...PageQuery,
  status: Type.Optional(StatusT),
  tier: Type.Optional(TierT),
  categoryCode: Type.Optional(Type.String({ maxLength: 40 })),
  channel: Type.Optional(ChannelT),
  territoryId: Type.Optional(Id),
  keyword: Type.Optional(Type.String({ maxLength: 100, description: 'Tracking number, 12345 work order number, or words of the description' })),
  overdue: Type.Optional(Type.Boolean()),
  mine: Type.Optional(Type.Boolean({ description: 'Only cases assigned to me or my department (active assignments)' })),
  extensionPending: Type.Optional(Type.Boolean({ description: 'Only cases with (true) or without (false) an extension request waiting for a decision' })),
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
});
export type CaseFilter = Static<typeof CaseQuery>;

export const TimelineEntry = Obj({
  id: Type.Integer(),
  action: Type.String(),
  actionName: Type.String(),
  fromStatus: Nullable(StatusT),
  toStatus: StatusT,
  actor: Nullable(Type.String()),
  note: Nullable(Type.String()),
  detail: Type.Record(Type.String(), Type.Unknown()),
  attachments: Type.Array(Attachment),
  at: DateTime,
});

export const Duplicate = Obj({
  id: Type.Integer(),
  trackingNo: Type.String(),
  status: StatusT,
  description: Type.String(),
  territoryName: Type.String(),
  createdAt: DateTime,
  similarity: Type.Number({ description: 'Jaccard similarity of character bigrams, 0–1' }),
});

/** The queue's page; its total is counted up to 10,000 (COUNT_CAP in repository.ts). */
export const CasePage = Obj({
  ...Page(CaseSummary).properties,
  total: Type.Integer({ minimum: 0, description: 'Cases that match, counted up to 10,000' }),
  totalCapped: Type.Boolean({ description: 'More than 10,000 cases match: total says 10,000 and the pages go on' }),
});

export const PendingCounts = Obj({
  total: Type.Integer(),
  toAccept: Type.Integer(),
  toDispatch: Type.Integer(),
  toSign: Type.Integer(),
  toHandle: Type.Integer(),
  toVerify: Type.Integer(),
  extensionsToDecide: Type.Integer(),
  unreadNotifications: Type.Integer(),
});

/** Bodies of the workflow actions; each names the version it read. */
export const ActionBodies = {
  accept: Obj({
    version: Version,
    tier: Type.Optional(TierT),
    categoryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    urgent: Type.Optional(Type.Boolean()),
    solveBy: Type.Optional({ ...DateTime, description: 'A deadline other than the time-limit table gives' }),
    note: Type.Optional(Note),
  }),
  reject: Obj({ version: Version, reason: Reason }),
  merge: Obj({ version: Version, targetId: Id, note: Type.Optional(Note) }),
  dispatch: Obj({
    version: Version,
    assigneeUserId: Type.Optional(Id),
    toCommunity: Type.Optional(Type.Boolean({ description: 'Routine: the community handles it itself' })),
    leadDepartmentId: Type.Optional(Id),
    assistDepartmentIds: Type.Optional(Type.Array(Id, { maxItems: 20 })),
    supervisorUserId: Type.Optional(Id),
    note: Type.Optional(Note),
  }),
  sign: Obj({ version: Version, note: Type.Optional(Note) }),
  return: Obj({ version: Version, reasonCode: Enum(RETURN_REASONS), note: Type.Optional(Note) }),
  reply: Obj({ version: Version, text: Text(2000), attachmentIds: Type.Optional(AttachmentIds) }),
  verify_pass: Obj({ version: Version, note: Type.Optional(Note), feedback: Type.Optional({ ...FeedbackT, description: 'Default individual' }) }),
  verify_fail: Obj({ version: Version, reason: Reason }),
  rate: Obj({ version: Version, rating: Enum(RATINGS), comment: Type.Optional(Note) }),
  reopen: Obj({ version: Version, reason: Type.Optional(Note) }),
  escalate: Obj({ version: Version, reason: Reason }),
} as const;
export type ActionInput<A extends keyof typeof ActionBodies> = Static<(typeof ActionBodies)[A]>;

export const ExtensionRequestBody = Obj({ version: Version, days: Type.Integer({ minimum: 1, maximum: 60 }), reason: Reason });
export const ExtensionDecisionBody = Obj({ version: Version, approve: Type.Boolean(), note: Type.Optional(Note) });

export const Department = Obj({
  id: Type.Integer(),
  territoryId: Type.Integer(),
  territoryName: Type.String(),
  name: Type.String(),
  code: Type.String(),
  enabled: Type.Boolean(),
  memberCount: Type.Integer(),
  version: Type.Integer(),
});
export const DepartmentQuery = Obj({ ...PageQuery, territoryId: Type.Optional(Id), keyword: Type.Optional(Type.String({ maxLength: 50 })) });
export const CreateDepartmentBody = Obj({
  territoryId: Id,
  name: Text(100),
  code: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{1,39}$' }),
});
export const UpdateDepartmentBody = Obj({ name: Type.Optional(Text(100)), enabled: Type.Optional(Type.Boolean()), version: Version });
export const AddMemberBody = Obj({ userId: Id });
export const DepartmentMember = Obj({ userId: Type.Integer(), username: Type.String(), displayName: Type.String() });

export const TimeLimit = Obj({
  categoryCode: Type.String({ description: "'*' applies to categories without their own row" }),
  tier: TierT,
  respondHours: Type.Integer({ minimum: 1 }),
  urgentRespondHours: Type.Integer({ minimum: 1 }),
  signHours: Type.Integer({ minimum: 1 }),
  solveDays: Type.Integer({ minimum: 1 }),
  escalateGraceHours: Type.Integer({ minimum: 0 }),
  version: Type.Integer(),
});
export const PutTimeLimitBody = Obj({
  respondHours: Type.Integer({ minimum: 1, maximum: 720 }),
  urgentRespondHours: Type.Integer({ minimum: 1, maximum: 72 }),
  signHours: Type.Integer({ minimum: 1, maximum: 720 }),
  solveDays: Type.Integer({ minimum: 1, maximum: 365 }),
  escalateGraceHours: Type.Integer({ minimum: 0, maximum: 720 }),
  version: Type.Optional(Version),
});

export const Notification = Obj({
  id: Type.Integer(),
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  entityType: Nullable(Type.String()),
  entityId: Nullable(Type.String()),
  read: Type.Boolean(),
  createdAt: DateTime,
});
export const NotificationQuery = Obj({ ...PageQuery, unread: Type.Optional(Type.Boolean()) });
