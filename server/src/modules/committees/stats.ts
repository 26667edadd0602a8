import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.js';
import './membership-tables.js';
import { MEMBER_CATEGORIES, MEMBER_ROLES } from './tables.js';
import { IN_OFFICE } from './workflow.js';

/**
 * The overview rollups (docs/committees.md). What a committee contributes is a
 * function of the committee and its members in office now (`contribution`);
 * every write that touches them calls refreshCommitteeStats in its
 * transaction, which applies "now minus before" to every official node from
 * the root down to the community. The overview only sums these rows.
 */
type Key = `${string}|${string}`;
const key = (dim: string, value: string): Key => `${dim}|${value}`;

export interface CommitteeFacts {
  status: string;
  seats: number;
  members: { category: string; role: string; n: number }[];
}

export function contribution(f: CommitteeFacts): Map<Key, number> {
  const out = new Map<Key, number>();
  const add = (dim: string, value: string, n: number) => out.set(key(dim, value), (out.get(key(dim, value)) ?? 0) + n);
  const total = f.members.reduce((s, m) => s + m.n, 0);
  add('committee', 'all', 1);
  add('committee', 'active', f.status === 'active' ? 1 : 0);
  add('members', 'all', total);
  add('seats', 'all', f.seats);
  add('vacancies', 'all', Math.max(0, f.seats - total));
  for (const m of f.members) {
    add('category', m.category, m.n);
    add('role', m.role, m.n);
  }
  for (const [k, n] of out) if (n === 0) out.delete(k);
  return out;
}

const nodesOf = (path: string) => path.split('/').filter(Boolean).map(Number);

async function applyDelta(db: Database, nodes: number[], delta: Map<Key, number>) {
  const values = nodes.flatMap((node_id) =>
    [...delta].map(([k, n]) => {
      const [dim, value] = k.split('|') as [string, string];
      return { node_id, dim, value, n };
    }),
  );
  if (values.length === 0) return;
  await db
    .insertInto('committee_stats')
    .values(values)
    .onConflict((oc) => oc.columns(['node_id', 'dim', 'value']).doUpdateSet({ n: sql`committee_stats.n + excluded.n` }))
    .execute();
}

/**
 * Brings one committee's rollup rows up to date; call it in the transaction
 * of any write to the committee or its members (appointment, exit, import…).
 * Seats never fall below the members in office: an appointment beyond them
 * widens the committee, an exit leaves a vacancy.
 */
export async function refreshCommitteeStats(db: Database, committeeId: number): Promise<void> {
  const c = await db
    .selectFrom('committee as c')
    .innerJoin('territory_node as t', 't.id', 'c.community_id')
    .select(['c.id', 'c.status', 'c.seats', 't.path'])
    .where('c.id', '=', committeeId)
    .forUpdate('c')
    .executeTakeFirstOrThrow();
  const members = await db
    .selectFrom('committee_member')
    .select(['category', 'role', (eb) => eb.fn.countAll<number>().as('n')])
    .where('committee_id', '=', committeeId)
    .where('status', 'in', IN_OFFICE)
    .groupBy(['category', 'role'])
    .execute();
  const inOffice = members.reduce((s, m) => s + Number(m.n), 0);
  let seats = c.seats;
  if (inOffice > seats) {
    seats = inOffice;
    await db.updateTable('committee').set({ seats }).where('id', '=', committeeId).execute();
  }
  const now = contribution({ status: c.status, seats, members: members.map((m) => ({ ...m, n: Number(m.n) })) });
  const before = new Map<Key, number>(
    (await db.selectFrom('committee_stats_own').select(['dim', 'value', 'n']).where('committee_id', '=', committeeId).execute()).map((r) => [key(r.dim, r.value), r.n]),
  );
  const delta = new Map<Key, number>();
  for (const k of new Set([...now.keys(), ...before.keys()])) {
    const d = (now.get(k) ?? 0) - (before.get(k) ?? 0);
    if (d !== 0) delta.set(k, d);
  }
  if (delta.size === 0) return;
  await applyDelta(db, nodesOf(c.path), delta);
  await db.deleteFrom('committee_stats_own').where('committee_id', '=', committeeId).execute();
  const own = [...now].map(([k, n]) => {
    const [dim, value] = k.split('|') as [string, string];
    return { committee_id: committeeId, dim, value, n };
  });
  if (own.length > 0) await db.insertInto('committee_stats_own').values(own).execute();
}

/** Counts a new visit for every official node above its community; `firstOfMember`: the member's first visit of that month. */
export async function countVisit(db: Database, communityPath: string, month: string, firstOfMember: boolean): Promise<void> {
  await db
    .insertInto('visit_stats_month')
    .values(nodesOf(communityPath).map((node_id) => ({ node_id, month, visits: 1, members_visited: firstOfMember ? 1 : 0 })))
    .onConflict((oc) =>
      oc.columns(['node_id', 'month']).doUpdateSet({
        visits: sql`visit_stats_month.visits + 1`,
        members_visited: sql`visit_stats_month.members_visited + excluded.members_visited`,
      }),
    )
    .execute();
}

export interface RebuildReport {
  committees: number;
  statRows: number;
  visitRows: number;
}

/**
 * Recomputes every rollup from the rows, in SQL written apart from the
 * incremental path, so a test can hold one against the other. For repairs and
 * after bulk loads (the demo).
 */
export async function rebuildCommitteeStats(db: Database): Promise<RebuildReport> {
  const inTransaction = <T>(work: (trx: Database) => Promise<T>) => (db.isTransaction ? work(db) : db.transaction().execute(work));
  return inTransaction(async (trx) => {
    await sql`UPDATE committee c SET seats = m.n FROM (SELECT committee_id, count(*)::int AS n FROM committee_member
      WHERE status IN ('serving', 'exiting') GROUP BY committee_id) m WHERE m.committee_id = c.id AND c.seats < m.n`.execute(trx);
    await trx.deleteFrom('committee_stats_own').execute();
    await trx.deleteFrom('committee_stats').execute();
    await trx.deleteFrom('visit_stats_month').execute();
    await sql`
      WITH m AS (
        SELECT committee_id, category, role, count(*)::int AS n FROM committee_member
        WHERE status IN ('serving', 'exiting') GROUP BY committee_id, category, role
      ), totals AS (SELECT committee_id, sum(n)::int AS n FROM m GROUP BY committee_id)
      INSERT INTO committee_stats_own (committee_id, dim, value, n)
      SELECT * FROM (
        SELECT c.id, 'committee', 'all', 1 FROM committee c
        UNION ALL SELECT c.id, 'committee', 'active', 1 FROM committee c WHERE c.status = 'active'
        UNION ALL SELECT c.id, 'seats', 'all', c.seats FROM committee c WHERE c.seats > 0
        UNION ALL SELECT t.committee_id, 'members', 'all', t.n FROM totals t
        UNION ALL SELECT c.id, 'vacancies', 'all', c.seats - coalesce(t.n, 0) FROM committee c LEFT JOIN totals t ON t.committee_id = c.id
          WHERE c.seats > coalesce(t.n, 0)
        UNION ALL SELECT committee_id, 'category', category, sum(n)::int FROM m GROUP BY committee_id, category
        UNION ALL SELECT committee_id, 'role', role, sum(n)::int FROM m GROUP BY committee_id, role
      ) rows`.execute(trx);
    await sql`
      INSERT INTO committee_stats (node_id, dim, value, n)
      SELECT a.id, o.dim, o.value, sum(o.n)::int
      FROM committee_stats_own o
      JOIN committee c ON c.id = o.committee_id
      JOIN territory_node cn ON cn.id = c.community_id
      JOIN territory_node a ON a.level IN ('city', 'district', 'street', 'community') AND cn.path LIKE a.path || '%'
      GROUP BY a.id, o.dim, o.value`.execute(trx);
    await sql`
      INSERT INTO visit_stats_month (node_id, month, visits, members_visited)
      SELECT a.id, v.month, count(*)::int, count(DISTINCT v.member_id)::int
      FROM visit v
      JOIN territory_node cn ON cn.id = v.community_id
      JOIN territory_node a ON a.level IN ('city', 'district', 'street', 'community') AND cn.path LIKE a.path || '%'
      GROUP BY a.id, v.month`.execute(trx);
    const count = async (table: 'committee' | 'committee_stats' | 'visit_stats_month') =>
      Number((await trx.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { committees: await count('committee'), statRows: await count('committee_stats'), visitRows: await count('visit_stats_month') };
  });
}

export interface NodeCounts {
  committees: number;
  committeesActive: number;
  members: number;
  seats: number;
  vacancies: number;
  byCategory: Record<string, number>;
  byRole: Record<string, number>;
}

/** The rollup sums of some nodes, one entry per node (zeros where a node has no committee). */
export async function countsOf(db: Database, nodeIds: number[]): Promise<Map<number, NodeCounts>> {
  const out = new Map<number, NodeCounts>();
  for (const id of nodeIds) {
    out.set(id, {
      committees: 0,
      committeesActive: 0,
      members: 0,
      seats: 0,
      vacancies: 0,
      byCategory: Object.fromEntries(MEMBER_CATEGORIES.map((c) => [c, 0])),
      byRole: Object.fromEntries(MEMBER_ROLES.map((r) => [r, 0])),
    });
  }
  if (nodeIds.length === 0) return out;
  const rows = await db.selectFrom('committee_stats').select(['node_id', 'dim', 'value', 'n']).where('node_id', 'in', nodeIds).execute();
  for (const r of rows) {
    const c = out.get(r.node_id)!;
    if (r.dim === 'committee') {
      if (r.value === 'all') c.committees = r.n;
      else c.committeesActive = r.n;
    } else if (r.dim === 'members') c.members = r.n;
    else if (r.dim === 'seats') c.seats = r.n;
    else if (r.dim === 'vacancies') c.vacancies = r.n;
    else if (r.dim === 'category') c.byCategory[r.value] = r.n;
    else if (r.dim === 'role') c.byRole[r.value] = r.n;
  }
  return out;
}

export async function visitsOf(db: Database, nodeIds: number[], month: string): Promise<Map<number, { visits: number; membersVisited: number }>> {
  const rows = nodeIds.length === 0 ? [] : await db.selectFrom('visit_stats_month').selectAll().where('node_id', 'in', nodeIds).where('month', '=', month).execute();
  return new Map(nodeIds.map((id) => {
    const r = rows.find((x) => x.node_id === id);
    return [id, { visits: r?.visits ?? 0, membersVisited: r?.members_visited ?? 0 }];
  }));
}
