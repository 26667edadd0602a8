import { sql, type Compilable } from 'kysely';
import type { Database } from '../../platform/db/database.js';
import { executeTogether } from '../../platform/db/together.js';
import { beijingDay } from '../../platform/time.js';
import type { CaseRow } from './tables.js';

/**
 * The statistics rollups (docs/statistics.md), kept current by every write to
 * a case in the same transaction: PGlite runs queries on the main thread, so
 * the statistics page sums these rows and never scans case_record.
 *
 * A case counts in the rows of its cohort — the Beijing day it was received,
 * and that day's calendar month —
 * for every official node from the root down to its community, once per
 * dimension ('all', its channel, current category, current tier, current
 * status). What it contributes is a function of the case as it is now
 * (`contribution`), so every write applies "after minus before" and a full
 * recompute (`rebuildCaseRollups`, written independently in SQL) must give the
 * same rows.
 */
export const COUNTERS = [
  'received',
  'accepted',
  'rejected',
  'merged',
  'responded',
  'responded_in_time',
  'closed',
  'closed_in_grid',
  'escalated',
  'overdue',
  'overdue_now',
  'reopened',
  'rated',
  'satisfied',
  'basically_satisfied',
  'dissatisfied',
  'close_seconds',
] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counts = Record<Counter, number>;
export const DIMS = ['all', 'channel', 'category', 'tier', 'status'] as const;
export type Dim = (typeof DIMS)[number];

/** What the rollups need to know about a case. */
export type CaseFacts = Pick<
  CaseRow,
  | 'id' | 'community_id' | 'channel' | 'category_code' | 'tier' | 'status' | 'created_at' | 'accepted_at' | 'respond_by'
  | 'responded_at' | 'closed_at' | 'rating' | 'reopen_count' | 'escalation_count' | 'overdue'
> & { community_path: string };

const seconds = (at: Date) => Math.floor(at.getTime() / 1000);
const bit = (condition: boolean) => (condition ? 1 : 0);

/** The counters one case contributes; `everOverdue`: the time-limit sweep flagged it at least once. */
export function contribution(f: CaseFacts, everOverdue: boolean): Counts {
  const closed = f.closed_at !== null;
  return {
    received: 1,
    accepted: bit(f.accepted_at !== null),
    rejected: bit(f.status === 'rejected'),
    merged: bit(f.status === 'merged'),
    responded: bit(f.responded_at !== null),
    responded_in_time: bit(f.responded_at !== null && f.respond_by !== null && f.responded_at <= f.respond_by),
    closed: bit(closed),
    closed_in_grid: bit(closed && f.tier === 'routine'),
    escalated: bit(f.escalation_count > 0),
    overdue: bit(everOverdue),
    overdue_now: bit(f.overdue),
    reopened: bit(f.reopen_count > 0),
    rated: bit(f.rating !== null),
    satisfied: bit(f.rating === 'satisfied'),
    basically_satisfied: bit(f.rating === 'basically_satisfied'),
    dissatisfied: bit(f.rating === 'dissatisfied'),
    close_seconds: closed ? seconds(f.closed_at!) - seconds(f.created_at) : 0,
  };
}

const nodesOf = (path: string) => path.split('/').filter(Boolean).map(Number);

interface DayKey {
  node_id: number;
  dim: Dim;
  day: string;
  value: string;
}

function dayRows(f: CaseFacts, everOverdue: boolean): [DayKey, Counts][] {
  const counts = contribution(f, everOverdue);
  const day = beijingDay(f.created_at);
  const values: Record<Dim, string> = { all: '', channel: f.channel, category: f.category_code, tier: f.tier, status: f.status };
  return nodesOf(f.community_path).flatMap((node_id) => DIMS.map((dim): [DayKey, Counts] => [{ node_id, dim, day, value: values[dim] }, counts]));
}

type Delta<K> = Map<string, { key: K; counts: Record<string, number> }>;

/** Codes and dates hold no NUL: joined with it, a key's values name one row (and order the rows the same for every writer). */
function add<K extends object>(delta: Delta<K>, key: K, counts: Record<string, number>, sign: 1 | -1) {
  const id = Object.values(key).join('\0');
  let entry = delta.get(id);
  if (!entry) delta.set(id, (entry = { key, counts: {} }));
  for (const name in counts) entry.counts[name] = (entry.counts[name] ?? 0) + sign * counts[name]!;
}

/** The non-zero changes, in key order: every writer locks rollup rows in the same order, so none deadlock. */
function changes<K>(delta: Delta<K>) {
  return [...delta.entries()]
    .filter(([, e]) => Object.values(e.counts).some((n) => n !== 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, e]) => ({ ...e.key, ...e.counts }));
}

type Snapshot = { before: CaseFacts | null; beforeOverdue: boolean; after: CaseFacts; afterOverdue: boolean };

/** The upserts of one change, not yet run; empty when it moves no counter. */
function writes(trx: Database, { before, beforeOverdue, after, afterOverdue }: Snapshot): Compilable[] {
  const days: Delta<DayKey> = new Map();
  const now: Delta<{ node_id: number; status: string }> = new Map();
  if (before) {
    for (const [key, counts] of dayRows(before, beforeOverdue)) add(days, key, counts, -1);
    for (const node_id of nodesOf(before.community_path)) add(now, { node_id, status: before.status }, { cases: 1, overdue_now: bit(before.overdue) }, -1);
  }
  for (const [key, counts] of dayRows(after, afterOverdue)) add(days, key, counts, 1);
  for (const node_id of nodesOf(after.community_path)) add(now, { node_id, status: after.status }, { cases: 1, overdue_now: bit(after.overdue) }, 1);

  const months: Delta<Omit<DayKey, 'day'> & { month: string }> = new Map();
  for (const { key: { day, ...key }, counts } of days.values()) add(months, { ...key, month: `${day.slice(0, 8)}01` }, counts, 1);
  return [
    upsertCounters(trx, 'case_stats_day', 'day', changes(days)),
    upsertCounters(trx, 'case_stats_month', 'month', changes(months)),
    upsertNow(trx, changes(now)),
  ].filter((q) => q !== null);
}

/**
 * One statement for the three tables: the rows it locks (the hot ones are shared by every
 * write under the same node) stay locked until COMMIT, so the fewer round trips after the
 * first lock, the shorter every other writer waits.
 */
async function apply(trx: Database, snapshot: Snapshot) {
  const upserts = writes(trx, snapshot);
  if (upserts.length > 0) await executeTogether(trx, upserts.slice(0, -1), upserts.at(-1)!);
}

/*
 * A change touches about forty rows (every node above the community times the five
 * dimensions, for the day and the month): sent as one array per column and expanded
 * by unnest, the statement has a few dozen parameters instead of a thousand, which
 * is what building, sending and parsing it costs.
 */
const columnArrays = (rows: Record<string, unknown>[], columns: readonly (readonly [string, string])[]) =>
  sql.join(columns.map(([name, type]) => sql`${rows.map((r) => r[name])}::${sql.raw(type)}[]`));

function upsertNow(trx: Database, rows: Record<string, unknown>[]) {
  if (rows.length === 0) return null;
  const columns = [['node_id', 'int8'], ['status', 'text'], ['cases', 'int8'], ['overdue_now', 'int8']] as const;
  return trx
    .insertInto('case_stats_now')
    .columns(columns.map(([name]) => name))
    .expression(sql`SELECT * FROM unnest(${columnArrays(rows, columns)})`)
    .onConflict((oc) =>
      oc.columns(['node_id', 'status']).doUpdateSet({
        cases: sql`case_stats_now.cases + excluded.cases`,
        overdue_now: sql`case_stats_now.overdue_now + excluded.overdue_now`,
      }),
    );
}

function upsertCounters(trx: Database, table: 'case_stats_day' | 'case_stats_month', period: 'day' | 'month', rows: Record<string, unknown>[]) {
  if (rows.length === 0) return null;
  const columns: [string, string][] = [['node_id', 'int8'], ['dim', 'text'], [period, 'date'], ['value', 'text'], ...COUNTERS.map((c): [string, string] => [c, 'int8'])];
  return trx
    .insertInto(table)
    .columns(columns.map(([name]) => name) as never)
    .expression(sql`SELECT * FROM unnest(${columnArrays(rows, columns)})`)
    .onConflict((oc) =>
      oc.columns(['node_id', 'dim', period, 'value'] as never).doUpdateSet(Object.fromEntries(COUNTERS.map((c) => [c, sql`${sql.table(table)}.${sql.ref(c)} + excluded.${sql.ref(c)}`]))),
    );
}

function loadFacts(trx: Database, caseId: number): Promise<CaseFacts> {
  return trx
    .selectFrom('case_record as c')
    .innerJoin('territory_node as cm', 'cm.id', 'c.community_id')
    .select(['c.id', 'c.community_id', 'c.channel', 'c.category_code', 'c.tier', 'c.status', 'c.created_at', 'c.accepted_at', 'c.respond_by'])
    .select(['c.responded_at', 'c.closed_at', 'c.rating', 'c.reopen_count', 'c.escalation_count', 'c.overdue', 'cm.path as community_path'])
    .where('c.id', '=', caseId)
    .executeTakeFirstOrThrow();
}

async function overdueFlags(trx: Database, caseId: number): Promise<number> {
  const row = await trx
    .selectFrom('case_event')
    .select(sql<number>`count(*)`.as('n'))
    .where('case_id', '=', caseId)
    .where('action', '=', 'overdue')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Hook: a case is being recorded (intake.ts sends these with the case's own insert, in one statement). */
export function rollupNewCaseWrites(trx: Database, facts: CaseFacts): Compilable[] {
  return writes(trx, { before: null, beforeOverdue: false, after: facts, afterOverdue: false });
}

/** Hook: a case changed through the engine (engine.ts changeCase); `after` is the row as written. */
export async function rollupCaseChange(trx: Database, before: CaseFacts, after: CaseFacts): Promise<void> {
  const everOverdue = (await overdueFlags(trx, before.id)) > 0;
  await apply(trx, { before, beforeOverdue: everOverdue, after, afterOverdue: everOverdue });
}

/** Hook: the time-limit sweep flagged a case overdue and wrote its 'overdue' event (overdue.ts). */
export async function rollupCaseOverdue(trx: Database, caseId: number): Promise<void> {
  const after = await loadFacts(trx, caseId);
  const flags = await overdueFlags(trx, caseId);
  await apply(trx, { before: { ...after, overdue: false }, beforeOverdue: flags > 1, after, afterOverdue: true });
}
