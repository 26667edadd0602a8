import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { toXlsx } from '../../platform/excel.js';
import { pathInScope, scopeFor } from '../../platform/scope.js';
import { escapeLike } from '../../platform/search.js';
import { CONSULTATION_STATES, LEVELS } from './tables.js';
import { ENDED, LEVEL_LABELS, STATE_LABELS } from './workflow.js';
import { beijingDayEnd, beijingDayStart } from '../../platform/time.js';

const OFFICIAL = ['city', 'district', 'street', 'community'];
const zero = (codes: readonly string[]) => Object.fromEntries(codes.map((c) => [c, 0])) as Record<string, number>;

async function defaultNode(db: Database, actor: Actor): Promise<number> {
  const scope = scopeFor(actor, 'consultation:read');
  const q = db.selectFrom('territory_node').select('id').where('level', 'in', OFFICIAL as never).orderBy('depth').orderBy('id').limit(1);
  const row = scope.kind === 'all' ? await q.executeTakeFirst() : scope.paths.length > 0 ? await q.where('path', '=', scope.paths[0]!).executeTakeFirst() : undefined;
  if (!row) throw notFound();
  return row.id;
}


/**
 * 议事协商概况 of a node and its children, for items and mediations registered in the period:
 * consultations per step and level, overdue tasks, mediations and their success rate
 * (agreements over mediations that ended, agreed or failed).
 */
export async function consultationOverview(db: Database, actor: Actor, query: { nodeId?: number; from?: string; to?: string }) {
  const id = query.nodeId ?? (await defaultNode(db, actor));
  const node = await db.selectFrom('territory_node').select(['id', 'name', 'level', 'path']).where('id', '=', id).executeTakeFirst();
  if (!node || !OFFICIAL.includes(node.level)) throw notFound();
  if (!pathInScope(scopeFor(actor, 'consultation:read'), node.path)) throw forbidden();
  const children = node.level === 'community' ? [] : await db.selectFrom('territory_node').select(['id', 'name', 'path']).where('parent_id', '=', id).where('level', 'in', OFFICIAL as never).orderBy('sort').orderBy('id').execute();
  const under = `${escapeLike(node.path)}%`;
  let items = db.selectFrom('consultation as c').innerJoin('territory_node as t', 't.id', 'c.community_id').where('t.path', 'like', under);
  let mediations = db.selectFrom('mediation_case as m').innerJoin('territory_node as t', 't.id', 'm.community_id').where('t.path', 'like', under);
  if (query.from) {
    items = items.where('c.created_at', '>=', beijingDayStart(query.from));
    mediations = mediations.where('m.created_at', '>=', beijingDayStart(query.from));
  }
  if (query.to) {
    items = items.where('c.created_at', '<', beijingDayEnd(query.to));
    mediations = mediations.where('m.created_at', '<', beijingDayEnd(query.to));
  }
  const [itemRows, mediationRows, overdueRows] = await Promise.all([
    items.select(['t.path', 'c.status', 'c.level', (eb) => eb.fn.countAll<number>().as('n')]).groupBy(['t.path', 'c.status', 'c.level']).execute(),
    mediations.select(['t.path', 'm.status', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('m.agreement').as('agreed')]).groupBy(['t.path', 'm.status']).execute(),
    items.innerJoin('consultation_task as k', 'k.consultation_id', 'c.id').where('k.status', '=', 'open').where('k.overdue', '=', true).select(['t.path', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('t.path').execute(),
  ]);
  const row = (n: { id: number; name: string; path: string }) => {
    const byStatus = zero(CONSULTATION_STATES);
    const byLevel = zero(LEVELS);
    let consultations = 0;
    for (const r of itemRows.filter((x) => x.path.startsWith(n.path))) {
      byStatus[r.status]! += Number(r.n);
      byLevel[r.level]! += Number(r.n);
      consultations += Number(r.n);
    }
    const ms = mediationRows.filter((x) => x.path.startsWith(n.path));
    const sum = (values: (number | string)[]) => values.reduce<number>((a, v) => a + Number(v), 0);
    // A closed mediation succeeded when it has an agreement; every one that ended counts once.
    const succeeded = sum(ms.map((x) => x.agreed));
    const ended = sum(ms.filter((x) => (ENDED as readonly string[]).includes(x.status)).map((x) => x.n));
    return {
      nodeId: n.id,
      name: n.name,
      consultations,
      byStatus,
      byLevel,
      overdueTasks: overdueRows.filter((x) => x.path.startsWith(n.path)).reduce((a, x) => a + Number(x.n), 0),
      mediations: sum(ms.map((x) => x.n)),
      mediationsSucceeded: succeeded,
      mediationsEnded: ended,
      successRate: ended ? Math.round((succeeded / ended) * 1000) / 1000 : null,
    };
  };
  return { node: { id: node.id, name: node.name }, from: query.from ?? null, to: query.to ?? null, total: row(node), children: children.map(row) };
}

export async function overviewWorkbook(db: Database, actor: Actor, query: { nodeId?: number; from?: string; to?: string }) {
  const o = await consultationOverview(db, actor, query);
  type Row = (typeof o.children)[number];
  return toXlsx<Row>(
    '议事协商概况',
    [
      { header: '区域', width: 20, value: (r) => r.name },
      { header: '协商事项', value: (r) => r.consultations },
      ...CONSULTATION_STATES.map((s) => ({ header: STATE_LABELS[s], value: (r: Row) => r.byStatus[s] ?? 0 })),
      ...LEVELS.map((l) => ({ header: LEVEL_LABELS[l], value: (r: Row) => r.byLevel[l] ?? 0 })),
      { header: '逾期任务', value: (r) => r.overdueTasks },
      { header: '调解案件', value: (r) => r.mediations },
      { header: '调解成功', value: (r) => r.mediationsSucceeded },
      { header: '调解成功率', value: (r) => (r.successRate === null ? '' : `${(r.successRate * 100).toFixed(1)}%`) },
    ],
    [...o.children, { ...o.total, name: `合计（${o.node.name}）` }],
  );
}
