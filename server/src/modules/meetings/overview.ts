import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { toXlsx } from '../../platform/excel.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { pathInScope, scopeFor } from '../../platform/scope.js';
import { beijingDays, beijingToday } from '../../platform/time.js';

const OFFICIAL = ['city', 'district', 'street', 'community'] as const;
type Counts = { meetingsHeld: number; topicsDecided: number; resolutionsPassed: number; tasksDone: number; tasksOverdue: number };
const zero = (): Counts => ({ meetingsHeld: 0, topicsDecided: 0, resolutionsPassed: 0, tasksDone: 0, tasksOverdue: 0 });

async function defaultNode(db: Database, actor: Actor): Promise<number> {
  const scope = scopeFor(actor, 'meeting:read');
  const q = db.selectFrom('territory_node').select('id').where('level', 'in', [...OFFICIAL]).orderBy('depth').orderBy('id').limit(1);
  const row = scope.kind === 'all' ? await q.executeTakeFirst() : scope.paths.length > 0 ? await q.where('path', '=', scope.paths[0]!).executeTakeFirst() : undefined;
  if (!row) throw notFound();
  return row.id;
}

/**
 * Meetings held, topics decided, resolutions passed, tasks done and overdue for a node
 * and its children over a period (Beijing days, default this month). Each measure is
 * one grouped query over the node's communities, bounded by the period's index.
 */
export async function meetingOverview(db: Database, actor: Actor, q: { nodeId?: number; from?: string; to?: string }) {
  const id = q.nodeId ?? (await defaultNode(db, actor));
  const node = await db.selectFrom('territory_node').select(['id', 'name', 'level', 'path']).where('id', '=', id).executeTakeFirst();
  if (!node || !(OFFICIAL as readonly string[]).includes(node.level)) throw notFound();
  if (!pathInScope(scopeFor(actor, 'meeting:read'), node.path)) throw forbidden();
  const today = beijingToday();
  const from = q.from ?? `${today.slice(0, 7)}-01`;
  const to = q.to ?? today;
  const { start, end } = beijingDays(from, to);
  const children = node.level === 'community' ? [] : await db.selectFrom('territory_node').select(['id', 'name', 'path']).where('parent_id', '=', id).where('level', 'in', [...OFFICIAL]).orderBy('sort').orderBy('id').execute();
  const communities = await db.selectFrom('territory_node').select(['id', 'path']).where('level', '=', 'community').where('path', 'like', `${node.path}%`).execute();
  const ids = communities.map((c) => c.id);
  const per = new Map<number, Counts>(ids.map((c) => [c, zero()]));
  if (ids.length > 0) {
    const add = (rows: { community_id: number; n: number | string | bigint }[], key: keyof Counts) => rows.forEach((r) => (per.get(r.community_id)![key] += Number(r.n)));
    add(await db.selectFrom('meeting').select(['community_id', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'closed').where('closed_at', '>=', start).where('closed_at', '<', end).where('community_id', 'in', ids).groupBy('community_id').execute(), 'meetingsHeld');
    add(
      await db
        .selectFrom('meeting_topic_event as e')
        .innerJoin('meeting_topic as t', 't.id', 'e.topic_id')
        .select(['t.community_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('e.action', 'in', ['decide', 'reject'])
        .where('e.at', '>=', start)
        .where('e.at', '<', end)
        .where('t.community_id', 'in', ids)
        .groupBy('t.community_id')
        .execute(),
      'topicsDecided',
    );
    add(await db.selectFrom('meeting_resolution').select(['community_id', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'passed').where('decided_at', '>=', start).where('decided_at', '<', end).where('community_id', 'in', ids).groupBy('community_id').execute(), 'resolutionsPassed');
    add(await db.selectFrom('meeting_task').select(['community_id', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'done').where('done_at', '>=', start).where('done_at', '<', end).where('community_id', 'in', ids).groupBy('community_id').execute(), 'tasksDone');
    add(await db.selectFrom('meeting_task').select(['community_id', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'open').where('overdue', '=', true).where('community_id', 'in', ids).groupBy('community_id').execute(), 'tasksOverdue');
  }
  const sum = (path: string): Counts => {
    const total = zero();
    for (const c of communities.filter((x) => x.path.startsWith(path))) for (const [k, v] of Object.entries(per.get(c.id)!)) total[k as keyof Counts] += v;
    return total;
  };
  return { nodeId: node.id, name: node.name, from, to, total: { nodeId: node.id, name: node.name, ...sum(node.path) }, rows: children.map((c) => ({ nodeId: c.id, name: c.name, ...sum(c.path) })) };
}

export async function overviewXlsx(data: Awaited<ReturnType<typeof meetingOverview>>) {
  return toXlsx(
    '议事概况',
    [
      { header: '区域', width: 24, value: (r) => r.name },
      { header: '召开会议', value: (r) => r.meetingsHeld },
      { header: '议题形成决议', value: (r) => r.topicsDecided },
      { header: '决议通过', value: (r) => r.resolutionsPassed },
      { header: '任务完成', value: (r) => r.tasksDone },
      { header: '任务逾期', value: (r) => r.tasksOverdue },
    ],
    [...data.rows, { ...data.total, name: `合计（${data.from} 至 ${data.to}）` }],
  );
}
