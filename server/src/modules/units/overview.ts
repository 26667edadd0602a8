import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { toXlsx, type Column } from '../../platform/excel.js';
import { notFound } from '../../platform/errors.js';
import { pathInScope, scopeFor } from '../../platform/scope.js';
import { CURRENT } from './stats.js';
import { beijingYear } from '../../platform/time.js';

/**
 * 共建概况 of a node and its children for a year, summed from the per-community rollup
 * (unit_stats): current counts (units, members, coverage, resources, demands by state)
 * and the year's flows (services, minutes, bookings, demands created and met).
 */
export const FIGURES: { key: string; label: string }[] = [
  { key: 'units_registered', label: '报到单位' },
  { key: 'units_confirmed', label: '已确认单位' },
  { key: 'unit_party_orgs', label: '单位党组织' },
  { key: 'units_active', label: '本年参与单位' },
  { key: 'members_registered', label: '报到党员' },
  { key: 'members_confirmed', label: '已确认党员' },
  { key: 'members_active', label: '本年参与党员' },
  { key: 'grids_covered', label: '覆盖网格' },
  { key: 'compounds_covered', label: '覆盖小区' },
  { key: 'buildings_covered', label: '覆盖楼院' },
  { key: 'services', label: '服务纪实' },
  { key: 'service_minutes', label: '服务时长（分钟）' },
  { key: 'resources_active', label: '在架资源' },
  { key: 'bookings_confirmed', label: '资源使用（已确认预约）' },
  { key: 'demands_created', label: '本年新增需求' },
  { key: 'demands_open', label: '待认领需求' },
  { key: 'demands_claimed', label: '已认领需求' },
  { key: 'demands_met', label: '已满足需求' },
];
const FLOWS = new Set(['units_active', 'members_active', 'services', 'service_minutes', 'bookings_confirmed', 'demands_created']);

async function startNode(db: Database, actor: Actor, nodeId: number | undefined) {
  const scope = scopeFor(actor, 'unit:read');
  if (nodeId !== undefined) {
    const node = await db.selectFrom('territory_node').select(['id', 'name', 'level', 'path']).where('id', '=', nodeId).executeTakeFirst();
    if (!node || !pathInScope(scope, node.path)) throw notFound();
    return node;
  }
  if (scope.kind === 'subtrees' && scope.paths.length === 0) throw notFound();
  let q = db.selectFrom('territory_node').select(['id', 'name', 'level', 'path']);
  q = scope.kind === 'all' ? q.where('parent_id', 'is', null).orderBy('id') : q.where('path', '=', scope.paths[0]!);
  const node = await q.limit(1).executeTakeFirst();
  if (!node) throw notFound();
  return node;
}

export async function overview(db: Database, actor: Actor, query: { nodeId?: number; year?: number }) {
  const node = await startNode(db, actor, query.nodeId);
  const year = query.year ?? beijingYear();
  const children = node.level === 'community' ? [] : await db.selectFrom('territory_node').select(['id', 'name', 'level', 'path']).where('parent_id', '=', node.id).orderBy('sort').orderBy('id').execute();
  const rows = await db
    .selectFrom('unit_stats as s')
    .innerJoin('territory_node as c', 'c.id', 's.community_id')
    .select(['c.path', 's.year', 's.metric', 's.n'])
    .where('c.path', 'like', `${node.path}%`)
    .where('s.year', 'in', [CURRENT, year])
    .execute();
  const figures = (path: string) => {
    const out: Record<string, number> = Object.fromEntries(FIGURES.map((f) => [f.key, 0]));
    for (const r of rows) {
      if (!r.path.startsWith(path)) continue;
      // Current counts come from year 0, flows (and demands met) from the year asked for.
      const wanted = FLOWS.has(r.metric) || r.metric === 'demands_met' ? r.year === year : r.year === CURRENT;
      if (wanted && r.metric in out) out[r.metric]! += Number(r.n);
    }
    return out;
  };
  const total = figures(node.path);
  return {
    node: { id: node.id, name: node.name, level: node.level, figures: total },
    year,
    summary: `${node.name}：${total.unit_party_orgs} 个单位党组织和 ${total.members_confirmed} 名在职党员报到，覆盖 ${total.grids_covered} 个网格`,
    children: children.map((c) => ({ id: c.id, name: c.name, level: c.level, figures: figures(c.path) })),
  };
}

export async function exportOverview(db: Database, actor: Actor, query: { nodeId?: number; year?: number }) {
  const o = await overview(db, actor, query);
  const columns: Column<{ name: string; figures: Record<string, number> }>[] = [
    { header: '区域', width: 24, value: (r) => r.name },
    ...FIGURES.map((f) => ({ header: f.label, value: (r: { figures: Record<string, number> }) => r.figures[f.key] ?? 0 })),
  ];
  return toXlsx(`共建概况${o.year}`, columns, [...o.children, { name: `合计（${o.node.name}）`, figures: o.node.figures }]);
}
