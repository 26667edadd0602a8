import { Type } from 'typebox';
import { CalendarDay, DateTime, Enum, Id, Nullable, Obj, PageQuery, Text, Version } from '../../platform/schema.js';
import { FUNDING_SOURCES, PROJECT_STATES } from './tables.js';
import { PROJECT_ACTIONS } from './workflow.js';

/** Money in integer fen (分); a negative or zero amount is a 400. */
const Fen = Type.Integer({ minimum: 1, maximum: 10_000_000_000, description: 'Amount in fen (分)' });
const Score = Type.Integer({ minimum: 1, maximum: 5 });

export const ProjectQuery = Obj({
  ...PageQuery,
  communityId: Type.Optional(Id),
  status: Type.Optional(Enum(PROJECT_STATES)),
  fundingSource: Type.Optional(Enum(FUNDING_SOURCES)),
  title: Type.Optional(Text(100, { min: 0 })),
  openForClaim: Type.Optional(Type.Boolean({ description: 'Units: approved projects of my area open for claim' })),
});

const FundingSourceT = Enum(FUNDING_SOURCES, 'work_fund 社工委工作经费, purchase 政府购买服务, donation 单位捐赠');
const Lines = Type.Array(Obj({ name: Text(100), amount: Fen }), { minItems: 1, maxItems: 50 });

/** What a meeting resolution that makes a project carries; beneficiaries default to the topic's stakeholders. */
export const ProjectSpec = Obj({ beneficiaries: Type.Optional(Text(1000)), fundingSource: FundingSourceT, lines: Lines });

export const CreateProjectBody = Obj({
  communityId: Id,
  title: Text(200),
  goal: Text(5000),
  beneficiaries: Text(1000),
  fundingSource: FundingSourceT,
  lines: Lines,
  originCaseIds: Type.Optional(Type.Array(Id, { maxItems: 20 })),
  originDemandIds: Type.Optional(Type.Array(Id, { maxItems: 20, description: 'Demands (需求清单) of the same community the project answers' })),
  submit: Type.Optional(Type.Boolean({ description: 'false keeps it as a draft; default applies at once (社区申报)' })),
});

export const StepBody = Obj({ version: Version });
export const NoteBody = Obj({ version: Version, note: Type.Optional(Text(2000, { min: 0 })) });
export const DecisionBody = Obj({ version: Version, comment: Type.Optional(Text(2000, { min: 0 })) });
export const AdjustBody = Obj({ version: Version, comment: Type.Optional(Text(2000, { min: 0 })), lines: Type.Array(Obj({ lineId: Id, amount: Type.Integer({ minimum: 0, maximum: 10_000_000_000 }) }), { minItems: 1, maxItems: 50 }) });
export const AssignBody = Obj({ version: Version, unitId: Type.Optional(Id), teamName: Type.Optional(Text(100, { min: 0 })) });
export const UnitBody = Obj({ version: Version, unitId: Id, note: Type.Optional(Text(2000, { min: 0 })) });
export const MilestoneBody = Obj({ version: Version, title: Text(200), progress: Type.Integer({ minimum: 0, maximum: 100 }), reachedOn: CalendarDay, note: Type.Optional(Text(2000, { min: 0 })) });
export const ExpenseBody = Obj({ version: Version, lineId: Id, amount: Fen, memo: Text(500), bookedOn: Type.Optional(CalendarDay) });
export const CompleteBody = Obj({ version: Version, summary: Text(5000) });
export const EvaluateBody = Obj({ version: Version, score: Score, comment: Type.Optional(Text(2000, { min: 0 })) });
export const SuperviseBody = Obj({ content: Text(2000, { min: 2 }) });
export const RatingBody = Obj({ content: Score, service: Score, management: Score, comment: Type.Optional(Text(1000, { min: 0 })) });

export const ProjectSummary = Obj({
  id: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  title: Type.String(),
  fundingSource: Enum(FUNDING_SOURCES),
  status: Enum(PROJECT_STATES),
  progress: Type.Integer(),
  undertakerKind: Nullable(Enum(['unit', 'social_workers'] as const)),
  undertakerUnitId: Nullable(Type.Integer()),
  undertakerName: Nullable(Type.String()),
  undertakeMode: Nullable(Enum(['invited', 'assigned', 'claimed'] as const)),
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer(),
});

export const ProjectListItem = Obj({ ...ProjectSummary.properties, requestedTotal: Type.Integer(), approvedTotal: Nullable(Type.Integer()) });

const Ratings = Obj({ count: Type.Integer(), content: Nullable(Type.Number()), service: Nullable(Type.Number()), management: Nullable(Type.Number()) });

export const ProjectDetail = Obj({
  ...ProjectSummary.properties,
  goal: Type.String(),
  beneficiaries: Type.String(),
  originCaseIds: Type.Array(Type.Integer()),
  originDemandIds: Type.Array(Type.Integer()),
  originResolution: Nullable(Obj({ resolutionId: Type.Integer(), meetingId: Type.Integer(), meetingTitle: Type.String() }, { description: '来源决议: the meeting resolution that made the project' })),
  appliedBy: Nullable(Type.Integer()),
  decidedAt: Nullable(DateTime),
  decisionComment: Nullable(Type.String()),
  completedAt: Nullable(DateTime),
  completionSummary: Nullable(Type.String()),
  undertakerScore: Nullable(Type.Integer()),
  undertakerComment: Nullable(Type.String()),
  archivedAt: Nullable(DateTime),
  noticeId: Nullable(Type.Integer()),
  lines: Type.Array(Obj({ id: Type.Integer(), name: Type.String(), requestedAmount: Type.Integer(), approvedAmount: Nullable(Type.Integer()), spentAmount: Type.Integer(), remainingAmount: Type.Integer() })),
  milestones: Type.Array(Obj({ id: Type.Integer(), title: Type.String(), note: Nullable(Type.String()), progress: Type.Integer(), reachedOn: Type.String(), createdAt: DateTime })),
  supervision: Type.Array(Obj({ id: Type.Integer(), source: Enum(['staff', 'resident'] as const), content: Type.String(), author: Type.String(), createdAt: DateTime })),
  ratings: Ratings,
  expenses: Type.Array(Obj({ id: Type.Integer(), bookedOn: Type.String(), memo: Type.String(), lineId: Type.Integer(), lineName: Type.String(), amount: Type.Integer(), reversedBy: Nullable(Type.Integer()) })),
  myUnits: Type.Array(Obj({ id: Type.Integer(), name: Type.String() })),
  actions: Type.Array(Enum(PROJECT_ACTIONS)),
  timeline: Type.Array(
    Obj({ id: Type.Integer(), action: Type.String(), label: Type.String(), fromStatus: Nullable(Type.String()), toStatus: Type.String(), actorName: Nullable(Type.String()), note: Nullable(Type.String()), at: DateTime }),
  ),
});

export const PublicProject = Obj({
  id: Type.Integer(),
  communityName: Type.String(),
  title: Type.String(),
  goal: Type.String(),
  beneficiaries: Type.String(),
  fundingSource: Type.String(),
  status: Enum(PROJECT_STATES),
  statusLabel: Type.String(),
  progress: Type.Integer(),
  undertakerName: Nullable(Type.String()),
  approvedTotal: Type.Integer(),
  spentTotal: Type.Integer(),
  ratings: Ratings,
  canSupervise: Type.Boolean(),
  canRate: Type.Boolean(),
  rated: Type.Boolean(),
  supervision: Type.Array(Obj({ id: Type.Integer(), source: Enum(['staff', 'resident'] as const), content: Type.String(), author: Type.String(), createdAt: DateTime })),
});

export const OverviewQuery = Obj({ from: CalendarDay, to: CalendarDay, territoryId: Type.Optional(Id) });
const Stages = Obj(Object.fromEntries(PROJECT_STATES.map((s) => [s, Type.Integer()])) as Record<(typeof PROJECT_STATES)[number], ReturnType<typeof Type.Integer>>);
export const Overview = Obj({
  from: Type.String(),
  to: Type.String(),
  stages: Stages,
  allocated: Type.Integer(),
  donated: Type.Integer(),
  spent: Type.Integer(),
  communities: Type.Array(Obj({ communityId: Type.Integer(), communityName: Type.String(), stages: Stages, allocated: Type.Integer(), donated: Type.Integer(), spent: Type.Integer() })),
});
