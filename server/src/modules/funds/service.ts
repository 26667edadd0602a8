import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import type { Permission } from '../../platform/auth/roles.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, fieldError, forbidden, notFound } from '../../platform/errors.js';
import { holdsOver, pathInScope, scopeFor } from '../../platform/scope.js';
import { accountsOf, post, requirePositive, reverseTxn, yuan, type Leg } from './ledger.js';
import { M } from './messages.js';
import type { TxnKind } from './tables.js';

export { fundLines, releaseLines, spendOnLine, lineSpending, type FundingSourceAccount } from './project-funds.js';
export { yuan } from './ledger.js';

type Staff = RequestContext & { actor: Actor };
const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';


/** A community by id as `actor` may use it with `permission`: 404 outside their area, 403 when they only read it. */
export async function communityFor(db: Database, actor: Actor, communityId: number, permission: Permission = 'funds:read') {
  const node = await db.selectFrom('territory_node').select(['id', 'name', 'path', 'level']).where('id', '=', communityId).executeTakeFirst();
  if (!node || !holdsOver(actor, 'funds:read', node.path)) throw notFound();
  if (node.level !== 'community') throw fieldError('params.id', M['funds.not_a_community']);
  if (!holdsOver(actor, permission, node.path)) throw forbidden();
  return node;
}

export async function ledger(db: Database, actor: Actor, communityId: number) {
  const node = await communityFor(db, actor, communityId);
  const accounts = await db.selectFrom('fund_account').select(['id', 'kind', 'name', 'balance', 'project_line_id']).where('community_id', '=', node.id).orderBy('kind').orderBy('id').execute();
  const total = accounts.reduce((s, a) => s + a.balance, 0);
  return {
    communityId: node.id,
    communityName: node.name,
    accounts: accounts.map((a) => ({ id: a.id, kind: a.kind, name: a.name, balance: a.balance, projectLineId: a.project_line_id })),
    total,
  };
}

export interface TxnFilter {
  current?: number;
  pageSize?: number;
  year?: number;
  kind?: TxnKind;
}

function txnQuery(db: Database, communityId: number, filter: Pick<TxnFilter, 'year' | 'kind'>) {
  let q = db
    .selectFrom('fund_txn as x')
    .leftJoin('unit as u', 'u.id', 'x.unit_id')
    .leftJoin('project as p', 'p.id', 'x.project_id')
    .leftJoin('project_line as l', 'l.id', 'x.project_line_id')
    .leftJoin('fund_txn as r', 'r.reverses_id', 'x.id')
    .where('x.community_id', '=', communityId);
  if (filter.year) q = q.where('x.booked_on', '>=', `${filter.year}-01-01`).where('x.booked_on', '<=', `${filter.year}-12-31`);
  if (filter.kind) q = q.where('x.kind', '=', filter.kind);
  return q;
}

/** The ledger's transactions, newest first, each with its entries. */
export async function transactions(db: Database, actor: Actor, communityId: number, filter: TxnFilter) {
  const node = await communityFor(db, actor, communityId);
  const current = filter.current ?? 1;
  const pageSize = filter.pageSize ?? 20;
  const q = txnQuery(db, node.id, filter);
  const [rows, count] = await Promise.all([
    q
      .selectAll('x')
      .select(['u.name as unit_name', 'p.title as project_title', 'l.name as line_name', 'r.id as reversed_by'])
      .orderBy('x.booked_on', 'desc')
      .orderBy('x.id', 'desc')
      .limit(pageSize)
      .offset((current - 1) * pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const entries = rows.length
    ? await db
        .selectFrom('fund_entry as e')
        .innerJoin('fund_account as a', 'a.id', 'e.account_id')
        .select(['e.id', 'e.txn_id', 'e.account_id', 'a.name', 'a.kind', 'e.amount'])
        .where('e.txn_id', 'in', rows.map((r) => r.id))
        .orderBy('e.id')
        .execute()
    : [];
  return {
    data: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      bookedOn: r.booked_on,
      memo: r.memo,
      unitId: r.unit_id,
      unitName: r.unit_name,
      projectId: r.project_id,
      projectTitle: r.project_title,
      lineName: r.line_name,
      reversesId: r.reverses_id,
      reversedBy: r.reversed_by,
      amount: entries.filter((e) => e.txn_id === r.id && e.amount > 0).reduce((s, e) => s + e.amount, 0),
      entries: entries.filter((e) => e.txn_id === r.id).map((e) => ({ id: e.id, accountId: e.account_id, accountName: e.name, accountKind: e.kind, amount: e.amount })),
      createdAt: r.created_at.toISOString(),
    })),
    total: Number(count.n),
    current,
    pageSize,
  };
}

export interface Booking {
  amount: number;
  memo: string;
  bookedOn?: string;
}

/** Books an allocation or donation inside the caller's transaction, without a permission check (the demo, other capabilities). */
async function bookIn(trx: Database, ctx: RequestContext, communityId: number, kind: 'allocation' | 'donation', input: Booking & { unitId?: number }) {
  requirePositive('body.amount', input.amount);
  if (input.unitId !== undefined) {
    const unit = await trx.selectFrom('unit').select(['id', 'community_id', 'status']).where('id', '=', input.unitId).executeTakeFirst();
    if (!unit || unit.community_id !== communityId || unit.status !== 'confirmed') throw fieldError('body.unitId', M['funds.unknown_unit']);
  }
  const a = await accountsOf(trx, communityId);
  const source = kind === 'allocation' ? a.district_source : a.donation_source;
  const legs: Leg[] = [
    { account: source, amount: -input.amount },
    { account: a.pool, amount: input.amount },
  ];
  return post(trx, ctx, { communityId, kind, memo: input.memo, bookedOn: input.bookedOn, unitId: input.unitId }, legs);
}

export const allocateIn = (trx: Database, ctx: RequestContext, communityId: number, input: Booking) => bookIn(trx, ctx, communityId, 'allocation', input);
export const donateIn = (trx: Database, ctx: RequestContext, communityId: number, input: Booking & { unitId: number }) => bookIn(trx, ctx, communityId, 'donation', input);

async function book(db: Database, ctx: Staff, communityId: number, permission: Permission, kind: 'allocation' | 'donation', input: Booking & { unitId?: number }) {
  requirePositive('body.amount', input.amount);
  const node = await communityFor(db, ctx.actor, communityId, permission);
  return db.transaction().execute(async (trx) => {
    const id = await bookIn(trx, ctx, node.id, kind, input);
    await audit(trx, ctx, { action: `funds.${kind}`, entityType: 'fund_txn', entityId: id, territoryId: node.id, summary: `${node.name}资金台账：${kind === 'allocation' ? '区县拨付' : '单位捐赠'} ${yuan(input.amount)} 元` });
    return id;
  });
}

/** 区县拨付: money from the district into the community's pool. */
export function allocate(db: Database, ctx: Staff, communityId: number, input: Booking) {
  return book(db, ctx, communityId, 'funds:allocate', 'allocation', input);
}

/** 单位捐赠: a confirmed unit of the community gives into its pool. */
export function donate(db: Database, ctx: Staff, communityId: number, input: Booking & { unitId: number }) {
  return book(db, ctx, communityId, 'funds:write', 'donation', input);
}

/**
 * Told, inside the reversing transaction, when money booked against a project is
 * corrected, so the project's timeline shows it (the projects capability registers
 * itself in modules/wiring.ts: this module may not reach for it).
 */
export interface ProjectReversal {
  projectId: number;
  /** The reversing transaction, and the one it reverses. */
  reversalId: number;
  reversesId: number;
  lineId: number | null;
  memo: string;
}
export type ProjectReversalHandler = (trx: Database, ctx: Staff, e: ProjectReversal) => Promise<void>;
let projectReversalHandler: ProjectReversalHandler | null = null;
export function setProjectReversalHandler(handler: ProjectReversalHandler | null) {
  projectReversalHandler = handler;
}

const REVERSE_PERMISSION: Partial<Record<TxnKind, Permission>> = { allocation: 'funds:allocate', donation: 'funds:write', expense: 'funds:write' };

/** 冲正: a new transaction with the entries negated; refused when it would overdraw an account. */
export async function reverse(db: Database, ctx: Staff, txnId: number, memo: string): Promise<number> {
  const txn = await db
    .selectFrom('fund_txn as x')
    .innerJoin('territory_node as t', 't.id', 'x.community_id')
    .leftJoin('project as p', 'p.id', 'x.project_id')
    .select(['x.id', 'x.kind', 'x.community_id', 'x.project_id', 'x.project_line_id', 't.path', 't.name', 'p.status as project_status'])
    .where('x.id', '=', txnId)
    .executeTakeFirst();
  if (!txn || !holdsOver(ctx.actor, 'funds:read', txn.path)) throw notFound();
  const permission = REVERSE_PERMISSION[txn.kind];
  if (!permission) throw new AppError(409, M['funds.not_reversible']);
  // An archived project's lines were settled (结余退回); money put back on them would be stranded.
  if (txn.project_status === 'archived') throw new AppError(409, M['funds.project_closed']);
  if (!holdsOver(ctx.actor, permission, txn.path)) throw forbidden();
  try {
    return await db.transaction().execute(async (trx) => {
      const id = await reverseTxn(trx, ctx, txn.id, memo);
      await audit(trx, ctx, { action: 'funds.reverse', entityType: 'fund_txn', entityId: id, territoryId: txn.community_id, summary: `${txn.name}资金台账：冲正第 ${txn.id} 笔` });
      if (txn.project_id !== null) await projectReversalHandler?.(trx, ctx, { projectId: txn.project_id, reversalId: id, reversesId: txn.id, lineId: txn.project_line_id, memo: memo.trim() });
      return id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(409, M['funds.already_reversed']);
    throw err;
  }
}

/** Money in (allocations and donations, net of their reversals) and out (spending) per community of the area, in a date range. */
export async function flows(db: Database, actor: Actor, range: { from: string; to: string; communityIds?: number[] }) {
  const scope = scopeFor(actor, 'funds:read');
  const rows = await db
    .selectFrom('fund_entry as e')
    .innerJoin('fund_txn as x', 'x.id', 'e.txn_id')
    .innerJoin('fund_account as a', 'a.id', 'e.account_id')
    .innerJoin('territory_node as t', 't.id', 'x.community_id')
    .select(['x.community_id', 't.name', 't.path', 'a.kind', (eb) => eb.fn.sum<number | string>('e.amount').as('s')])
    .where('a.kind', 'in', ['district_source', 'donation_source', 'spent'])
    .where('x.booked_on', '>=', range.from)
    .where('x.booked_on', '<=', range.to)
    .groupBy(['x.community_id', 't.name', 't.path', 'a.kind'])
    .execute();
  const by = new Map<number, { communityId: number; communityName: string; path: string; allocated: number; donated: number; spent: number }>();
  for (const r of rows) {
    if (!pathInScope(scope, r.path) || (range.communityIds && !range.communityIds.includes(r.community_id))) continue;
    const c = by.get(r.community_id) ?? { communityId: r.community_id, communityName: r.name, path: r.path, allocated: 0, donated: 0, spent: 0 };
    const s = Number(r.s);
    if (r.kind === 'district_source') c.allocated -= s;
    else if (r.kind === 'donation_source') c.donated -= s;
    else c.spent += s;
    by.set(r.community_id, c);
  }
  return [...by.values()].sort((a, b) => a.communityId - b.communityId);
}

const TXN_LABELS: Record<TxnKind, string> = { allocation: '区县拨付', donation: '单位捐赠', budget: '项目预算划拨', expense: '项目支出', release: '结余退回', reversal: '冲正' };

/** The rows of the yearly funds report (年度资金报表): every transaction of the year, oldest first. */
export async function yearlyRows(db: Database, actor: Actor, communityId: number, year: number) {
  if (year < 2000 || year > 2100) throw fieldError('query.year', M['funds.year']);
  const node = await communityFor(db, actor, communityId);
  const rows = await txnQuery(db, node.id, { year })
    .selectAll('x')
    .select(['u.name as unit_name', 'p.title as project_title', 'l.name as line_name'])
    .select((eb) =>
      eb
        .selectFrom('fund_entry as e')
        .innerJoin('fund_account as a', 'a.id', 'e.account_id')
        .whereRef('e.txn_id', '=', 'x.id')
        .where('a.kind', 'in', ['district_source', 'donation_source'])
        .select((e) => e.fn.sum<number | string>('e.amount').as('s'))
        .as('income'),
    )
    .select((eb) =>
      eb
        .selectFrom('fund_entry as e')
        .innerJoin('fund_account as a', 'a.id', 'e.account_id')
        .whereRef('e.txn_id', '=', 'x.id')
        .where('a.kind', '=', 'spent')
        .select((e) => e.fn.sum<number | string>('e.amount').as('s'))
        .as('spending'),
    )
    .orderBy('x.booked_on')
    .orderBy('x.id')
    .execute();
  return {
    node,
    rows: rows.map((r) => ({
      id: r.id,
      bookedOn: r.booked_on,
      kind: TXN_LABELS[r.kind],
      memo: r.memo,
      project: r.project_title ?? '',
      line: r.line_name ?? '',
      unit: r.unit_name ?? '',
      income: -Number(r.income ?? 0),
      spending: Number(r.spending ?? 0),
      reverses: r.reverses_id,
    })),
  };
}
