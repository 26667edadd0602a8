import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import type { ActorRole } from '../../platform/auth/actor.js';
import { communityCondition, type DataScope } from '../../platform/scope.js';
import { escapeLike, normalise, queryTokens } from '../../platform/search.js';
import type { CaseFilter } from './schema.js';
import type { NamedAssignment } from './view.js';

/** The case table under its alias: filters need nothing else, so a page's total counts case_record alone. */
type CaseOnly = DB & { c: DB['case_record'] };

/**
 * The names a list row or detail shows, as scalar subqueries of a (filtered) query of
 * cases: PostgreSQL plans three primary-key lookups in a third of the time it plans
 * the equivalent joins, which a page of the queue pays on every request.
 */
function withNames<O>(query: SelectQueryBuilder<CaseOnly, 'c', O>) {
  return query.select((eb) => [
    eb.selectFrom('territory_node as t').select('t.name').whereRef('t.id', '=', 'c.territory_id').$asScalar().as('territory_name'),
    eb.selectFrom('territory_node as cm').select('cm.name').whereRef('cm.id', '=', 'c.community_id').$asScalar().as('community_name'),
    eb
      .selectFrom('dict_item as d')
      .select('d.label')
      .whereRef('d.code', '=', 'c.category_code')
      .where('d.type_code', '=', 'case_category')
      .as('category_name'),
  ]);
}

export function casesWithNames(db: Database) {
  return withNames(db.selectFrom('case_record as c'));
}

export interface Viewer {
  userId: number;
  departments: number[];
  readScope: DataScope;
  /** The role bindings the scope came from: their levels let it filter on c.community_id. */
  roles: ActorRole[];
  /**
   * Whether assignments can show the viewer cases outside their read scope
   * (department staff). Everyone else is only ever assigned inside it, and
   * leaving the EXISTS out keeps the queue a plain indexed scan.
   */
  byAssignment: boolean;
}

/** Assigned to the viewer or their department; `activeOnly` for work in hand, else any round. */
function assignedTo(eb: ExpressionBuilder<CaseOnly, 'c'>, viewer: Viewer, activeOnly: boolean) {
  let sub = eb
    .selectFrom('case_assignment as a')
    .select(sql`1`.as('one'))
    .whereRef('a.case_id', '=', 'c.id')
    .where((inner) =>
      inner.or([
        inner('a.user_id', '=', viewer.userId),
        ...(viewer.departments.length > 0 ? [inner('a.department_id', 'in', viewer.departments)] : []),
      ]),
    );
  if (activeOnly) sub = sub.where('a.active', '=', true);
  return eb.exists(sub);
}

/** communityCondition is typed over the base tables; the aliased query passes its columns through. */
const inScope = (eb: ExpressionBuilder<CaseOnly, 'c'>, viewer: Viewer) =>
  communityCondition(
    eb as unknown as ExpressionBuilder<DB, 'case_record'>,
    { community: 'c.community_id' as never, territory: 'c.territory_id' as never },
    viewer.readScope,
    viewer,
  );

function applyFilter<O>(query: SelectQueryBuilder<CaseOnly, 'c', O>, viewer: Viewer, f: CaseFilter) {
  let q = query.where((eb) =>
    f.mine ? assignedTo(eb, viewer, true)
    : viewer.byAssignment ? eb.or([inScope(eb, viewer), assignedTo(eb, viewer, false)])
    : inScope(eb, viewer),
  );
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.tier) q = q.where('c.tier', '=', f.tier);
  if (f.categoryCode) q = q.where('c.category_code', '=', f.categoryCode);
  if (f.channel) q = q.where('c.channel', '=', f.channel);
  if (f.overdue !== undefined) q = q.where('c.overdue', '=', f.overdue);
  if (f.extensionPending !== undefined) q = q.where('c.ext_requested_at', f.extensionPending ? 'is not' : 'is', null);
  if (f.from) q = q.where('c.created_at', '>=', new Date(f.from));
  if (f.to) q = q.where('c.created_at', '<', new Date(f.to));
  if (f.territoryId) {
    q = q.where('c.territory_id', 'in', (eb) =>
      eb
        .selectFrom('territory_node as sub')
        .select('sub.id')
        .where('sub.path', 'like', eb.selectFrom('territory_node as f').select(sql<string>`f.path || '%'`.as('p')).where('f.id', '=', f.territoryId!)),
    );
  }
  const keyword = f.keyword?.trim();
  if (keyword) {
    if (/^GZ\d{8}-\d+$/i.test(keyword)) {
      q = q.where('c.tracking_no', '=', keyword.toUpperCase());
    } else {
      const tokens = queryTokens(keyword);
      const words = sql<boolean>`lower(c.description) LIKE ${`%${escapeLike(normalise(keyword))}%`}`;
      const inDescription = tokens.length > 0 ? sql<boolean>`(c.desc_tokens @> ${sql.val(tokens)}::text[] AND ${words})` : words;
      // A 12345 work order's number is its case's idempotency key under the source '12345' (hotline import).
      q = q.where((eb) => eb.or([inDescription, eb.and([eb('c.source', '=', '12345'), eb('c.idempotency_key', '=', keyword)])]));
    }
  }
  return q;
}

/**
 * A queue's total is counted up to here: beyond it the page says 共 10,000+ 条. Counting a
 * city's 500,000 cases row by row cost 0.12 s on PostgreSQL for every page a city or
 * district user opened, to print a number nobody pages through.
 */
export const COUNT_CAP = 10_000;

/** The cases a filtered query matches, counted up to cap + 1 so that the caller can tell "more than cap". */
function countUpTo<O>(db: Database, filtered: SelectQueryBuilder<CaseOnly, 'c', O>, cap: number) {
  return db.selectFrom(filtered.select(sql`1`.as('one')).limit(cap + 1).as('capped')).select(sql<number>`count(*)`.as('n'));
}

export async function countCases(db: Database, viewer: Viewer, f: CaseFilter, cap: number): Promise<number> {
  return Number((await countUpTo(db, applyFilter(db.selectFrom('case_record as c'), viewer, f), cap).executeTakeFirstOrThrow()).n);
}

export async function listCases(db: Database, viewer: Viewer, f: CaseFilter) {
  const current = f.current ?? 1;
  const pageSize = f.pageSize ?? 20;
  const filtered = applyFilter(db.selectFrom('case_record as c'), viewer, f);
  // The total without the names' joins (they add no rows, and would hash every territory
  // node to count), as a scalar subquery of the page: one round trip for both.
  const total = countUpTo(db, filtered, COUNT_CAP);
  const rows = await withNames(filtered)
    .select(['c.id', 'c.tracking_no', 'c.status', 'c.tier', 'c.channel', 'c.category_code', 'c.description', 'c.territory_id', 'c.community_id'])
    .select(['c.urgent', 'c.overdue', 'c.respond_by', 'c.solve_by', 'c.created_at', 'c.version'])
    .select(total.as('total'))
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(pageSize)
    .offset((current - 1) * pageSize)
    .execute();
  // A page past the end has no row to carry the total.
  const n = Number(rows[0]?.total ?? (current === 1 ? 0 : (await total.executeTakeFirstOrThrow()).n));
  return { rows, total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP, current, pageSize };
}

export function caseWithNames(db: Database, id: number) {
  return casesWithNames(db).selectAll('c').where('c.id', '=', id).executeTakeFirst();
}

export function namedAssignments(db: Database, caseId: number): Promise<NamedAssignment[]> {
  return db
    .selectFrom('case_assignment as a')
    .leftJoin('department as dep', 'dep.id', 'a.department_id')
    .leftJoin('app_user as u', 'u.id', 'a.user_id')
    .leftJoin('territory_node as tn', 'tn.id', 'a.territory_id')
    .selectAll('a')
    .select(['dep.name as department_name', 'u.display_name as user_name', 'tn.name as territory_name'])
    .where('a.case_id', '=', caseId)
    .orderBy('a.id')
    .execute();
}

export function timeline(db: Database, caseId: number) {
  return db.selectFrom('case_event').selectAll().where('case_id', '=', caseId).orderBy('at').orderBy('id').execute();
}

/**
 * Likely duplicates for the accept screen: same community and category, the
 * last 30 days, sharing description bigrams (GIN `&&`); ranked in code by
 * Jaccard similarity, which needs both token sets anyway.
 */
export async function duplicateCandidates(db: Database, c: { id: number; community_id: number; category_code: string; desc_tokens: string[] }) {
  if (c.desc_tokens.length === 0) return [];
  return casesWithNames(db)
    .select(['c.id', 'c.tracking_no', 'c.status', 'c.description', 'c.desc_tokens', 'c.created_at'])
    .where('c.community_id', '=', c.community_id)
    .where('c.category_code', '=', c.category_code)
    .where('c.id', '!=', c.id)
    .where('c.status', 'not in', ['rejected', 'merged'])
    .where('c.created_at', '>=', new Date(Date.now() - 30 * 86_400_000))
    .where(sql<boolean>`c.desc_tokens && ${sql.val(c.desc_tokens)}::text[]`)
    .orderBy('c.created_at', 'desc')
    .limit(200)
    .execute();
}

export function jaccard(a: string[], b: string[]): number {
  const left = new Set(a);
  const right = new Set(b);
  let shared = 0;
  for (const token of left) if (right.has(token)) shared++;
  const union = left.size + right.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** Export rows: the list's filter and order, with the reporter columns the sheet shows (masked by the caller). */
export function exportCases(db: Database, viewer: Viewer, f: CaseFilter, limit: number) {
  return withNames(applyFilter(db.selectFrom('case_record as c'), viewer, f))
    .select(['c.id', 'c.tracking_no', 'c.status', 'c.tier', 'c.channel', 'c.category_code', 'c.description', 'c.territory_id', 'c.community_id'])
    .select(['c.urgent', 'c.overdue', 'c.respond_by', 'c.solve_by', 'c.created_at', 'c.version', 'c.address', 'c.reporter_name', 'c.reporter_phone'])
    .select(['c.closed_at', 'c.rating'])
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * 公开反馈: a community's closed cases published on its board, newest first.
 * Only what the board shows is selected: no reporter, phone or address.
 */
export async function publicBoard(db: Database, communityId: number, current: number, pageSize: number) {
  const base = db
    .selectFrom('case_record as c')
    .leftJoin('dict_item as d', (join) => join.onRef('d.code', '=', 'c.category_code').on('d.type_code', '=', 'case_category'))
    .where('c.community_id', '=', communityId)
    .where('c.feedback', '=', 'public')
    .where('c.status', 'in', ['closed', 'rated']);
  const [rows, count] = await Promise.all([
    base
      .select(['c.id', 'c.tracking_no', 'c.category_code', 'd.label as category_name', 'c.description', 'c.reply_text', 'c.created_at', 'c.closed_at', 'c.rating'])
      .orderBy('c.closed_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(pageSize)
      .offset((current - 1) * pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
