import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { visibleDemand } from './demands.js';
import { CATEGORY_LABELS } from './workflow.js';

/**
 * Suggestions for a demand (供需对接): resources and units of the demand's district,
 * ranked by category, territory distance (same community > same street > same
 * district) and past performance (completed claims and the community's ratings),
 * each with its reason in words.
 */
const DISTANCE = [
  { points: 30, text: '同一社区' },
  { points: 20, text: '同一街道' },
  { points: 10, text: '同一区县' },
];
const LIMIT = 10;

export async function matchDemand(db: Database, actor: Actor, id: number) {
  const { d } = await visibleDemand(db, actor, id);
  const ancestors = await db
    .selectFrom('territory_node')
    .select(['id', 'level', 'path'])
    .where('level', 'in', ['district', 'street'])
    .where(sql<boolean>`${d.community_path} LIKE path || '%'`)
    .execute();
  const district = ancestors.find((a) => a.level === 'district');
  const street = ancestors.find((a) => a.level === 'street');
  if (!district) return [];
  const distance = (communityId: number, path: string) => (communityId === d.community_id ? DISTANCE[0]! : street && path.startsWith(street.path) ? DISTANCE[1]! : DISTANCE[2]!);
  const label = CATEGORY_LABELS[d.category] ?? d.category;
  const category = d.category === 'other' ? null : d.category;

  const resources =
    category === null
      ? []
      : await db
          .selectFrom('resource as r')
          .innerJoin('territory_node as t', 't.id', 'r.community_id')
          .leftJoin('unit as u', 'u.id', 'r.unit_id')
          .select(['r.id', 'r.name', 'r.unit_id', 'r.capacity', 'r.community_id', 't.path', 't.name as community_name', 'u.name as unit_name', 'r.owner_name'])
          .where('r.status', '=', 'active')
          .where('r.category', '=', category)
          .where('t.path', 'like', `${district.path}%`)
          .limit(200)
          .execute();
  const offering = await db
    .selectFrom('unit as u')
    .innerJoin('territory_node as t', 't.id', 'u.community_id')
    .select(['u.id', 'u.name', 'u.community_id', 'u.offer', 't.path', 't.name as community_name'])
    .where('u.status', '=', 'confirmed')
    .where('t.path', 'like', `${district.path}%`)
    .where((eb) =>
      eb.or([
        eb('u.offer', 'like', `%${label.slice(0, 2)}%`),
        ...(category === null ? [] : [eb.exists(eb.selectFrom('resource as r').select('r.id').whereRef('r.unit_id', '=', 'u.id').where('r.status', '=', 'active').where('r.category', '=', category))]),
        eb.exists(
          eb.selectFrom('demand_claim as c').innerJoin('demand as x', 'x.id', 'c.demand_id').select('c.id').whereRef('c.unit_id', '=', 'u.id').where('c.status', '=', 'completed').where('x.category', '=', d.category),
        ),
      ]),
    )
    .limit(200)
    .execute();
  const unitIds = [...new Set([...offering.map((u) => u.id), ...resources.flatMap((r) => (r.unit_id === null ? [] : [r.unit_id]))])];
  const performance = new Map(
    (unitIds.length === 0
      ? []
      : await db
          .selectFrom('demand_claim')
          .select(['unit_id', (eb) => eb.fn.countAll<number>().as('done'), (eb) => eb.fn.avg<number>('rating').as('rating')])
          .where('unit_id', 'in', unitIds)
          .where('status', '=', 'completed')
          .groupBy('unit_id')
          .execute()
    ).map((p) => [p.unit_id, { done: Number(p.done), rating: p.rating === null ? null : Number(p.rating) }]),
  );
  const perf = (unitId: number | null) => {
    const p = unitId === null ? undefined : performance.get(unitId);
    if (!p) return { points: 0, text: null };
    const points = Math.min(20, p.done * 5) + (p.rating === null ? 0 : Math.round(p.rating * 4));
    return { points, text: `已完成认领 ${p.done} 次${p.rating === null ? '' : `，平均评价 ${p.rating.toFixed(1)} 星`}` };
  };

  const matches = [
    ...resources.map((r) => {
      const near = distance(r.community_id, r.path);
      const p = perf(r.unit_id);
      const fits = r.capacity >= d.quantity;
      return {
        kind: 'resource' as const,
        id: r.id,
        name: `${r.name}（${r.unit_name ?? r.owner_name ?? ''}）`,
        communityName: r.community_name,
        score: 40 + near.points + p.points + (fits ? 5 : 0),
        reason: [`类别相符：${label}`, near.text, fits ? `可容纳 ${r.capacity}` : null, p.text].filter(Boolean).join('；'),
      };
    }),
    ...offering.map((u) => {
      const near = distance(u.community_id, u.path);
      const p = perf(u.id);
      const offers = u.offer?.includes(label.slice(0, 2));
      return {
        kind: 'unit' as const,
        id: u.id,
        name: u.name,
        communityName: u.community_name,
        score: 30 + near.points + p.points,
        reason: [offers ? `单位承诺提供${label}` : `有${label}类资源或服务经历`, near.text, p.text].filter(Boolean).join('；'),
      };
    }),
  ];
  return matches.sort((a, b) => b.score - a.score || a.id - b.id).slice(0, LIMIT * 2);
}
