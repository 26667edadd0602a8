import { Type, type Static } from 'typebox';
import { CalendarDay, DateTime, Enum, Id, Nullable, Obj, PageQuery, Phone, Text, Version } from '../../platform/schema.js';
import { MEMBER_CATEGORIES, MEMBER_ROLES } from '../committees/tables.js';
import type { CandidateStatus, Channel, RoundKind, RoundStatus } from './tables.js';
import { ROUND_ACTIONS } from './workflow.js';

export const ROUND_KINDS: RoundKind[] = ['formation', 'supplement'];
export const ROUND_STATES: RoundStatus[] = ['draft', 'collecting', 'deciding', 'submitted', 'approved', 'returned', 'notice', 'appointing', 'done', 'cancelled'];
export const CANDIDATE_STATES: CandidateStatus[] = ['nominated', 'proposed', 'not_proposed', 'approved', 'on_notice', 'withdrawn', 'appointed'];
export const CHANNELS: Channel[] = ['self', 'resident', 'unit'];


export const RoundQuery = Obj({
  ...PageQuery,
  communityId: Type.Optional(Id),
  status: Type.Optional(Enum(ROUND_STATES)),
  kind: Type.Optional(Enum(ROUND_KINDS)),
});

export const CreateRoundBody = Obj({
  communityId: Id,
  kind: Enum(ROUND_KINDS),
  title: Text(200),
  body: Text(20000),
  collectFrom: CalendarDay,
  collectUntil: CalendarDay,
  seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Seats a supplement round fills' })),
});

export const RoundSummary = Obj({
  id: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  kind: Enum(ROUND_KINDS),
  status: Enum(ROUND_STATES),
  title: Type.String(),
  collectFrom: Type.String(),
  collectUntil: Type.String(),
  seats: Nullable(Type.Integer()),
  candidateCount: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer(),
});

export const RuleCheck = Obj({
  rule: Enum(['director_count', 'director_secretary', 'deputies', 'size'] as const),
  ok: Type.Boolean(),
  expected: Type.String(),
  actual: Type.String(),
});

export const Composition = Obj({ checks: Type.Array(RuleCheck), warnings: Type.Array(Type.String()), deviationReason: Nullable(Type.String()) });
export const CommitteeComposition = Obj({ committeeId: Type.Integer(), ...Composition.properties });

export const RoundEvent = Obj({
  id: Type.Integer(),
  candidateId: Nullable(Type.Integer()),
  candidateName: Nullable(Type.String()),
  action: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Type.String(),
  actorName: Nullable(Type.String()),
  note: Nullable(Type.String()),
  at: DateTime,
});

export const RoundDetail = Obj({
  ...RoundSummary.properties,
  body: Type.String(),
  announcementId: Nullable(Type.Integer()),
  meetingDate: Nullable(Type.String()),
  meetingAttendees: Nullable(Type.String()),
  meetingNote: Nullable(Type.String()),
  submittedAt: Nullable(DateTime),
  reviewComment: Nullable(Type.String()),
  reviewedAt: Nullable(DateTime),
  noticeId: Nullable(Type.Integer()),
  noticeEndsAt: Nullable(DateTime),
  noticeStatus: Nullable(Type.String()),
  pendingObjections: Type.Integer(),
  deviationReason: Nullable(Type.String()),
  appointedOn: Nullable(Type.String()),
  actions: Type.Array(Enum(ROUND_ACTIONS)),
  composition: Composition,
  timeline: Type.Array(RoundEvent),
});

export const NominateBody = Obj({
  name: Text(50),
  gender: Enum(['male', 'female'] as const),
  category: Enum(MEMBER_CATEGORIES),
  affiliation: Type.Optional(Text(100, { min: 0 })),
  phone: Phone,
  idNumber: Type.Optional(Type.String({ pattern: '^[0-9]{17}[0-9Xx]$', description: '18-character ID number (GB 11643)' })),
  proposedRole: Enum(MEMBER_ROLES),
  isPartySecretary: Type.Optional(Type.Boolean()),
  partyMember: Type.Optional(Type.Boolean()),
  channel: Enum(CHANNELS, 'self = 自荐, resident = 居民推荐, unit = 单位推荐'),
  recommender: Type.Optional(Text(100, { min: 0 })),
  statement: Type.Optional(Text(2000, { min: 0 })),
});
export type Nomination = Static<typeof NominateBody>;

export const Candidate = Obj({
  id: Type.Integer(),
  roundId: Type.Integer(),
  name: Type.String(),
  gender: Enum(['male', 'female'] as const),
  category: Enum(MEMBER_CATEGORIES),
  affiliation: Nullable(Type.String()),
  phone: Type.String({ description: 'Masked' }),
  idNumber: Nullable(Type.String({ description: 'Masked' })),
  proposedRole: Enum(MEMBER_ROLES),
  isPartySecretary: Type.Boolean(),
  partyMember: Type.Boolean(),
  channel: Enum(CHANNELS),
  recommender: Nullable(Type.String()),
  statement: Nullable(Type.String()),
  status: Enum(CANDIDATE_STATES),
  decisionReason: Nullable(Type.String()),
  memberId: Nullable(Type.Integer()),
  certificateNo: Nullable(Type.String()),
  version: Type.Integer(),
  createdAt: DateTime,
});

export const CandidateQuery = Obj({ ...PageQuery, status: Type.Optional(Enum(CANDIDATE_STATES)), name: Type.Optional(Text(50, { min: 0 })) });
export const CandidatePersonal = Obj({ phone: Type.String(), idNumber: Nullable(Type.String()) });

export const MeetingBody = Obj({
  version: Version,
  meetingDate: CalendarDay,
  attendees: Text(2000),
  note: Type.Optional(Text(5000, { min: 0 })),
  decisions: Type.Array(
    Obj({
      candidateId: Id,
      proposed: Type.Boolean({ description: 'true = 同意提名, false = 不同意 (reason required)' }),
      reason: Type.Optional(Text(500, { min: 0 })),
      proposedRole: Type.Optional(Enum(MEMBER_ROLES)),
    }),
    { maxItems: 200 },
  ),
});
export type Meeting = Static<typeof MeetingBody>;

export const StepBody = Obj({ version: Version, note: Type.Optional(Text(500, { min: 0 })) });
export const ReviewBody = Obj({ version: Version, comment: Type.Optional(Text(2000, { min: 0 })) });
export const DeviationBody = Obj({
  version: Version,
  deviationReason: Type.Optional(Text(500)),
  appointedOn: Type.Optional(CalendarDay),
});

const RuleFields = {
  sizeMin: Type.Integer({ minimum: 1, maximum: 100 }),
  sizeMax: Type.Integer({ minimum: 1, maximum: 100 }),
  deputyMin: Type.Integer({ minimum: 0, maximum: 20 }),
  deputyMax: Type.Integer({ minimum: 0, maximum: 20 }),
  noticeDays: Type.Integer({ minimum: 1, maximum: 30 }),
  rotatingTermMonths: Type.Integer({ minimum: 1, maximum: 120 }),
  certificatePrefix: Text(20),
};
export const RuleBody = Obj({ version: Type.Optional(Version), ...RuleFields });
export const RuleView = Obj({ cityId: Type.Integer(), cityName: Type.String(), configured: Type.Boolean(), version: Type.Integer(), ...RuleFields });
