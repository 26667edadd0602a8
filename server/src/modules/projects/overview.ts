import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { fieldError, notFound } from '../../platform/errors.js';
import { pathInScope, scopeFor, territoryCondition } from '../../platform/scope.js';
import { flows } from '../funds/service.js';
import { M } from './messages.js';
import { PROJECT_STATES, type ProjectStatus } from './tables.js';
import { beijingDays } from '../../platform/time.js';

/**
 * Projects by stage and funds in/out, per community of the caller's area, for a period of
 * booking dates (funds) and application dates (projects created in the period).
 */
export async function overview(db: Database, actor: Actor, range: { from: string; to: string; territoryId?: number }) {
  if (range.to < range.from) throw fieldError('query.to', M['project.range']);
  const scope = scopeFor(actor, 'project:read');
  // A street, district or community of the caller's area narrows the overview to its communities.
  let under = '/';
  if (range.territoryId !== undefined) {
    const node = await db.selectFrom('territory_node').select('path').where('id', '=', range.territoryId).executeTakeFirst();
    if (!node || !pathInScope(scope, node.path)) throw notFound();
    under = node.path;
  }
  const { start, end } = beijingDays(range.from, range.to);
  const rows = await db
    .selectFrom('project as p')
    .innerJoin('territory_node as t', 't.id', 'p.community_id')
    .select(['p.community_id', 't.name', 'p.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where((eb) => territoryCondition(eb as never, 'p.community_id' as never, scope))
    .where('t.path', 'like', `${under}%`)
    .where('p.created_at', '>=', start)
    .where('p.created_at', '<', end)
    .groupBy(['p.community_id', 't.name', 'p.status'])
    .execute();
  const money = actor.permissions.has('funds:read') ? (await flows(db, actor, range)).filter((m) => m.path.startsWith(under)) : [];
  const by = new Map<number, { communityId: number; communityName: string; stages: Record<ProjectStatus, number>; allocated: number; donated: number; spent: number }>();
  const entry = (id: number, name: string) => {
    let c = by.get(id);
    if (!c) {
      c = { communityId: id, communityName: name, stages: Object.fromEntries(PROJECT_STATES.map((s) => [s, 0])) as Record<ProjectStatus, number>, allocated: 0, donated: 0, spent: 0 };
      by.set(id, c);
    }
    return c;
  };
  for (const r of rows) entry(r.community_id, r.name).stages[r.status] += Number(r.n);
  for (const m of money) Object.assign(entry(m.communityId, m.communityName), { allocated: m.allocated, donated: m.donated, spent: m.spent });
  const communities = [...by.values()].sort((a, b) => a.communityId - b.communityId);
  const stages = Object.fromEntries(PROJECT_STATES.map((s) => [s, communities.reduce((n, c) => n + c.stages[s], 0)])) as Record<ProjectStatus, number>;
  return {
    from: range.from,
    to: range.to,
    stages,
    allocated: communities.reduce((n, c) => n + c.allocated, 0),
    donated: communities.reduce((n, c) => n + c.donated, 0),
    spent: communities.reduce((n, c) => n + c.spent, 0),
    communities,
  };
}
