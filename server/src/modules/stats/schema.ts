import { Type, type Static } from 'typebox';
import { CalendarDay, Id, Nullable, Obj } from '../../platform/schema.js';

/** A Beijing calendar date in an answer, YYYY-MM-DD. */
const Day = Type.String({ description: 'A Beijing calendar date, YYYY-MM-DD' });

export const StatsQuery = Obj({
  territoryId: Type.Optional(Id),
  from: Type.Optional(CalendarDay),
  to: Type.Optional(CalendarDay),
  granularity: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('month')], { description: 'The trend series: by day (default up to 62 days) or by month' })),
});
export type StatsQuery = Static<typeof StatsQuery>;

const N = Type.Integer({ minimum: 0 });
/** Every counter of the rollups (docs/statistics.md); each is a number of cases except closeSeconds. */
export const Counts = Obj({
  received: N,
  accepted: N,
  rejected: N,
  merged: N,
  responded: N,
  respondedInTime: N,
  closed: N,
  closedInGrid: N,
  escalated: N,
  overdue: N,
  overdueNow: N,
  reopened: N,
  rated: N,
  satisfied: N,
  basicallySatisfied: N,
  dissatisfied: N,
  closeSeconds: N,
});

const Rate = Obj({
  numerator: N,
  denominator: N,
  value: Nullable(Type.Number({ description: 'numerator ÷ denominator, 0–1, rounded to 4 places; null when the denominator is 0' })),
});

export const Rates = Obj({
  responseRate: Rate,
  solveRate: Rate,
  satisfactionRate: Rate,
  inGridShare: Rate,
  overdueRate: Rate,
  averageCloseHours: Nullable(Type.Number()),
});

const Figures = { counts: Counts, rates: Rates };
const Breakdown = Type.Array(Obj({ code: Type.String(), ...Figures }));
const NodeRef = Obj({ id: Id, name: Type.String(), level: Type.String() });

export const CaseStats = Obj({
  territory: Obj({ id: Id, name: Type.String(), level: Type.String(), ancestors: Type.Array(NodeRef) }),
  period: Obj({ from: Day, to: Day, granularity: Type.Union([Type.Literal('day'), Type.Literal('month')]) }),
  ...Figures,
  byChannel: Breakdown,
  byCategory: Breakdown,
  byTier: Breakdown,
  byStatus: Breakdown,
  children: Type.Array(Obj({ id: Id, name: Type.String(), level: Type.String(), ...Figures })),
  series: Type.Array(Obj({ period: Day, ...Figures })),
  now: Obj({ total: N, overdueNow: N, byStatus: Type.Array(Obj({ status: Type.String(), cases: N, overdueNow: N })) }),
});

export const Definitions = Type.Array(Obj({ key: Type.String(), name: Type.String(), nameEn: Type.String(), text: Type.String(), textEn: Type.String() }));
