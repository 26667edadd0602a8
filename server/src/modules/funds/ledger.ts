import { sql } from 'kysely';
import type { RequestContext } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { beijingToday } from '../../platform/time.js';
import { M } from './messages.js';
import type { AccountKind, FundAccountRow, TxnKind } from './tables.js';

/**
 * The double-entry core. Every movement of money is one transaction whose entries sum to
 * zero; entries are only ever inserted (the table's trigger refuses UPDATE and DELETE);
 * each account's balance is kept beside it in the same transaction. A correction is a new
 * transaction with the entries negated.
 */
export const ACCOUNT_NAMES: Record<AccountKind, string> = {
  district_source: '区县拨付',
  donation_source: '单位捐赠',
  pool: '社区资金池',
  project_line: '项目预算科目',
  spent: '已支出',
};

/** Accounts that stand for money from outside the community run negative; the rest never do. */
export const SOURCE_KINDS: readonly AccountKind[] = ['district_source', 'donation_source'];

export const yuan = (fen: number) => (fen / 100).toFixed(2);

export function requirePositive(field: string, amount: number) {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw fieldError(field, M['funds.amount_positive']);
}

const FIXED: AccountKind[] = ['district_source', 'donation_source', 'pool', 'spent'];

/** The community's fixed accounts, created on first use. */
export async function accountsOf(trx: Database, communityId: number): Promise<Record<Exclude<AccountKind, 'project_line'>, number>> {
  await trx
    .insertInto('fund_account')
    .values(FIXED.map((kind) => ({ community_id: communityId, kind, name: ACCOUNT_NAMES[kind] })))
    // The partial index's predicate as a literal: PostgreSQL matches ON CONFLICT to the index when it
    // plans, and a generic plan (a prepared statement's, after five runs) cannot see a parameter's value.
    .onConflict((oc) => oc.columns(['community_id', 'kind']).where('kind', '<>', sql.lit('project_line')).doNothing())
    .execute();
  const rows = await trx.selectFrom('fund_account').select(['id', 'kind']).where('community_id', '=', communityId).where('kind', 'in', FIXED).execute();
  return Object.fromEntries(rows.map((r) => [r.kind, r.id])) as Record<Exclude<AccountKind, 'project_line'>, number>;
}

/** The account of one approved budget line (项目预算科目). */
export async function lineAccount(trx: Database, communityId: number, line: { id: number; name: string }, projectTitle: string): Promise<number> {
  const found = await trx.selectFrom('fund_account').select('id').where('project_line_id', '=', line.id).executeTakeFirst();
  if (found) return found.id;
  const row = await trx
    .insertInto('fund_account')
    .values({ community_id: communityId, kind: 'project_line', project_line_id: line.id, name: `${projectTitle}｜${line.name}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface Leg {
  account: number;
  amount: number;
  /** The request field to blame when this leg would overdraw its account. */
  field?: string;
  /** The message for an overdraft of this leg (default: funds.insufficient). */
  overdraft?: string;
}

export interface NewTxn {
  communityId: number;
  kind: TxnKind;
  memo: string;
  bookedOn?: string;
  unitId?: number | null;
  projectId?: number | null;
  projectLineId?: number | null;
  reversesId?: number | null;
}

/** Posts one balanced transaction inside the caller's database transaction; returns its id. */
export async function post(trx: Database, ctx: RequestContext, txn: NewTxn, legs: Leg[]): Promise<number> {
  const live = legs.filter((l) => l.amount !== 0);
  if (live.length < 2 || live.some((l) => !Number.isSafeInteger(l.amount))) throw new Error('a transaction needs two or more whole-fen entries');
  if (live.reduce((s, l) => s + l.amount, 0) !== 0) throw new Error('unbalanced transaction');
  // Lock the accounts in id order, so two postings over the same accounts cannot deadlock.
  const ids = [...new Set(live.map((l) => l.account))].sort((a, b) => a - b);
  const accounts = new Map<number, FundAccountRow>();
  for (const id of ids) {
    const a = await trx.selectFrom('fund_account').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (a.community_id !== txn.communityId) throw new Error('an entry outside the community of its transaction');
    accounts.set(id, a);
  }
  const change = new Map<number, number>();
  for (const l of live) change.set(l.account, (change.get(l.account) ?? 0) + l.amount);
  for (const l of live) {
    const a = accounts.get(l.account)!;
    const after = a.balance + change.get(a.id)!;
    if (after < 0 && !SOURCE_KINDS.includes(a.kind)) {
      const params = { account: a.name, line: a.name.split('｜').pop()!, available: yuan(a.balance), needed: yuan(-change.get(a.id)!) };
      const key = l.overdraft ?? M['funds.insufficient'];
      throw l.field ? new AppError(400, 'validation_failed', {}, [{ field: l.field, key, params }]) : new AppError(409, key, params);
    }
  }
  const row = await trx
    .insertInto('fund_txn')
    .values({
      community_id: txn.communityId,
      kind: txn.kind,
      booked_on: txn.bookedOn ?? beijingToday(),
      memo: txn.memo.trim(),
      unit_id: txn.unitId ?? null,
      project_id: txn.projectId ?? null,
      project_line_id: txn.projectLineId ?? null,
      reverses_id: txn.reversesId ?? null,
      created_by: ctx.actor?.userId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.insertInto('fund_entry').values(live.map((l) => ({ txn_id: row.id, account_id: l.account, amount: l.amount }))).execute();
  for (const [id, delta] of change) {
    if (delta !== 0) await trx.updateTable('fund_account').set((eb) => ({ balance: eb('balance', '+', delta) })).where('id', '=', id).execute();
  }
  // The ledger's own check, read back from what was written: the transaction sums to zero.
  const sum = await trx.selectFrom('fund_entry').select((eb) => eb.fn.sum<number | string>('amount').as('s')).where('txn_id', '=', row.id).executeTakeFirstOrThrow();
  if (Number(sum.s) !== 0) throw new Error(`transaction ${row.id} does not balance`);
  return row.id;
}

/** The entries of `txnId` negated, as a new transaction that points back at it. */
export async function reverseTxn(trx: Database, ctx: RequestContext, txnId: number, memo: string): Promise<number> {
  const original = await trx.selectFrom('fund_txn').selectAll().where('id', '=', txnId).executeTakeFirstOrThrow();
  const already = await trx.selectFrom('fund_txn').select('id').where('reverses_id', '=', txnId).executeTakeFirst();
  if (already) throw new AppError(409, M['funds.already_reversed']);
  const entries = await trx.selectFrom('fund_entry').select(['account_id', 'amount']).where('txn_id', '=', txnId).execute();
  return post(
    trx,
    ctx,
    { communityId: original.community_id, kind: 'reversal', memo, unitId: original.unit_id, projectId: original.project_id, projectLineId: original.project_line_id, reversesId: original.id },
    entries.map((e) => ({ account: e.account_id, amount: -e.amount })),
  );
}
