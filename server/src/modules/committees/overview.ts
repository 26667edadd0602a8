import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { pathInScope, scopeFor } from '../../platform/scope.js';
import { addCalendarDays, beijingMonth, beijingToday } from '../../platform/time.js';
import { TERM_NOTICE_DAYS } from './service.js';
import { countsOf, visitsOf } from './stats.js';
import { MEMBER_ROLES } from './tables.js';
import { CATEGORY_LABELS, REPORT_GROUP, REPORT_GROUPS, ROLE_LABELS } from './workflow.js';

const OFFICIAL = ['city', 'district', 'street', 'community'];

/** Where an overview opens: the node the caller's committee:read scope starts at (the root for an installation-wide role). */
async function defaultNode(db: Database, actor: Actor): Promise<number> {
  const scope = scopeFor(actor, 'committee:read');
  const q = db.selectFrom('territory_node').select('id').where('level', 'in', OFFICIAL as never).orderBy('depth').orderBy('id').limit(1);
  const row = scope.kind === 'all' ? await q.executeTakeFirst() : scope.paths.length > 0 ? await q.where('path', '=', scope.paths[0]!).executeTakeFirst() : undefined;
  if (!row) throw notFound();
  return row.id;
}

/**
 * 社工委概况 for one node and its children: committees formed, members by
 * category (seed 000's table) and role, vacancies, visits this month — all
 * sums of the rollups; terms ending is an indexed range over term_end.
 */
export async function overview(db: Database, actor: Actor, nodeId?: number) {
  const id = nodeId ?? (await defaultNode(db, actor));
  const node = await db.selectFrom('territory_node').select(['id', 'name', 'level', 'path']).where('id', '=', id).executeTakeFirst();
  if (!node || !OFFICIAL.includes(node.level)) throw notFound();
  if (!pathInScope(scopeFor(actor, 'committee:read'), node.path)) throw forbidden();
  const children = node.level === 'community' ? [] : await db.selectFrom('territory_node').select(['id', 'name', 'level']).where('parent_id', '=', id).where('level', 'in', OFFICIAL as never).orderBy('sort').orderBy('id').execute();
  const nodes = [node, ...children];
  const month = beijingMonth(new Date());
  const counts = await countsOf(db, nodes.map((n) => n.id));
  const visits = await visitsOf(db, nodes.map((n) => n.id), month);
  const row = (n: { id: number; name: string; level: string }) => {
    const c = counts.get(n.id)!;
    const v = visits.get(n.id)!;
    return {
      nodeId: n.id,
      name: n.name,
      level: n.level,
      committees: c.committees,
      committeesActive: c.committeesActive,
      members: c.members,
      vacancies: c.vacancies,
      visitsThisMonth: v.visits,
      membersVisited: v.membersVisited,
      byCategory: c.byCategory,
      byRole: c.byRole,
    };
  };
  const today = beijingToday();
  const end = addCalendarDays(today, TERM_NOTICE_DAYS);
  const ending = await db
    .selectFrom('committee_member as m')
    .innerJoin('territory_node as t', 't.id', 'm.community_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('m.status', '=', 'serving')
    .where('m.term_end', 'is not', null)
    .where('m.term_end', '>=', today)
    .where('m.term_end', '<=', end)
    .where('t.path', 'like', `${node.path}%`)
    .executeTakeFirstOrThrow();
  const mine = counts.get(node.id)!;
  const seed = new Map<string, number>(REPORT_GROUPS.map((g) => [g, 0]));
  for (const [category, n] of Object.entries(mine.byCategory)) {
    const group = REPORT_GROUP[category as keyof typeof REPORT_GROUP];
    seed.set(group, (seed.get(group) ?? 0) + n);
  }
  return {
    node: row(node),
    month: month.slice(0, 7),
    termsEnding: Number(ending.n),
    seedTable: REPORT_GROUPS.map((g) => ({ code: g, name: g === 'other' ? '其他人员' : CATEGORY_LABELS[g], n: seed.get(g)! })),
    byRole: MEMBER_ROLES.map((r) => ({ code: r, name: ROLE_LABELS[r], n: mine.byRole[r] ?? 0 })),
    children: children.map(row),
  };
}
