import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import type { Permission } from '../../platform/auth/roles.js';
import type { Database } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { scopeFor, territoryCondition } from '../../platform/scope.js';
import { unreadCount } from './notify.js';
import type { CaseStatus } from './tables.js';
import { DISPATCH_PERMISSION, TIERS } from './workflow.js';

type CaseEB = ExpressionBuilder<DB & { c: DB['case_record'] }, 'c'>;
type Condition = (eb: CaseEB) => Expression<SqlBool>;
type AssignmentEB = ExpressionBuilder<DB & { c: DB['case_record'] } & { a: DB['case_assignment'] }, 'a' | 'c'>;

/**
 * The badge: what waits for me, fetched with every page of the console and once a minute.
 * Each count uses the permission that acts on it, over the territory it is held for, or my
 * active lead assignments, and reads only waiting cases (case_record_waiting); all of them
 * and my unread notifications are one statement.
 */
export async function pendingCounts(db: Database, actor: Actor) {
  const waiting = (status: CaseStatus | CaseStatus[], condition: Condition) =>
    db
      .selectFrom('case_record as c')
      .where('c.status', 'in', Array.isArray(status) ? status : [status])
      .where(condition)
      .select(sql<number>`count(*)`.as('n'));
  // territoryCondition is typed over base tables; the aliased column passes through as SQL.
  const inScope = (permission: Permission): Condition => (eb) =>
    actor.permissions.has(permission) ? territoryCondition(eb as never, 'c.territory_id' as never, scopeFor(actor, permission)) : sql<SqlBool>`false`;
  const dispatcherOf: Condition = (eb) => eb.or(TIERS.map((tier) => eb.and([eb('c.tier', '=', tier), inScope(DISPATCH_PERMISSION[tier])(eb)])));
  const departments = actor.departmentIds;
  const handleScope = scopeFor(actor, 'case:handle');
  const leadAssignment = (eb: CaseEB, which: (inner: AssignmentEB) => Expression<SqlBool>) =>
    eb.exists(
      eb
        .selectFrom('case_assignment as a')
        .select(sql`1`.as('one'))
        .whereRef('a.case_id', '=', 'c.id')
        .where('a.active', '=', true)
        .where('a.role', '=', 'lead')
        .where(which),
    );
  // Each EXISTS is one index probe per waiting case; a territory test inside it made PostgreSQL
  // hash every active assignment of the city instead (0.2 s per count at 500,000 cases).
  const mineAsLead: Condition = (eb) =>
    eb.or([
      leadAssignment(eb, (inner) =>
        inner.or([inner('a.user_id', '=', actor.userId), ...(departments.length > 0 ? [inner('a.department_id', 'in', departments)] : [])]),
      ),
      // A case handed to the community itself waits for whoever handles cases there (isHolder in access.ts).
      ...(actor.permissions.has('case:handle')
        ? [eb.and([territoryCondition(eb as never, 'c.community_id' as never, handleScope), leadAssignment(eb, (inner) => inner('a.territory_id', 'is not', null))])]
        : []),
    ]);
  const row = await db
    .selectNoFrom([
      waiting('submitted', inScope('case:accept')).as('toAccept'),
      waiting('accepted', dispatcherOf).as('toDispatch'),
      waiting('dispatched', mineAsLead).as('toSign'),
      waiting('handling', mineAsLead).as('toHandle'),
      waiting('replied', inScope('case:verify')).as('toVerify'),
      waiting(['dispatched', 'handling'], (eb) => eb.and([eb('c.ext_requested_at', 'is not', null), dispatcherOf(eb)])).as('extensionsToDecide'),
      unreadCount(db, actor.userId).as('unreadNotifications'),
    ])
    .executeTakeFirstOrThrow();
  const n = (value: unknown) => Number(value ?? 0);
  const counts = {
    toAccept: n(row.toAccept),
    toDispatch: n(row.toDispatch),
    toSign: n(row.toSign),
    toHandle: n(row.toHandle),
    toVerify: n(row.toVerify),
    extensionsToDecide: n(row.extensionsToDecide),
  };
  return { total: Object.values(counts).reduce((a, b) => a + b, 0), ...counts, unreadNotifications: n(row.unreadNotifications) };
}
