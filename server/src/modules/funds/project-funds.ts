import type { RequestContext } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { accountsOf, lineAccount, post, requirePositive, type Leg } from './ledger.js';
import { M } from './messages.js';

/**
 * The project's side of the ledger. Approval moves each line's approved amount from the
 * funding account into the line's own account (预算划拨); spending moves money from a line
 * account to `spent`, so a line can never pay out more than it was granted; archiving
 * returns what is left on the lines to where it came from (结余退回).
 */
export type FundingSourceAccount = 'pool' | 'district_source';

export interface ProjectRef {
  id: number;
  communityId: number;
  title: string;
}

export async function fundLines(trx: Database, ctx: RequestContext, project: ProjectRef, lines: { id: number; name: string; amount: number }[], from: FundingSourceAccount) {
  const granted = lines.filter((l) => l.amount > 0);
  if (granted.length === 0) return null;
  const accounts = await accountsOf(trx, project.communityId);
  const total = granted.reduce((s, l) => s + l.amount, 0);
  const legs: Leg[] = [{ account: accounts[from], amount: -total, field: 'body.lines' }];
  for (const l of granted) legs.push({ account: await lineAccount(trx, project.communityId, l, project.title), amount: l.amount });
  return post(trx, ctx, { communityId: project.communityId, kind: 'budget', memo: `${project.title}：预算划拨`, projectId: project.id }, legs);
}

/** 项目支出 on one line; beyond what is left of the line's approved budget is a 400 on body.amount. */
export async function spendOnLine(trx: Database, ctx: RequestContext, project: ProjectRef, line: { id: number; name: string }, input: { amount: number; memo: string; bookedOn?: string }) {
  requirePositive('body.amount', input.amount);
  const accounts = await accountsOf(trx, project.communityId);
  const account = await lineAccount(trx, project.communityId, line, project.title);
  return post(trx, ctx, { communityId: project.communityId, kind: 'expense', memo: input.memo, bookedOn: input.bookedOn, projectId: project.id, projectLineId: line.id }, [
    { account, amount: -input.amount, field: 'body.amount', overdraft: M['funds.beyond_line'] },
    { account: accounts.spent, amount: input.amount },
  ]);
}

export async function releaseLines(trx: Database, ctx: RequestContext, project: ProjectRef, to: FundingSourceAccount) {
  const lines = await trx
    .selectFrom('fund_account as a')
    .innerJoin('project_line as l', 'l.id', 'a.project_line_id')
    .select(['a.id', 'a.balance'])
    .where('l.project_id', '=', project.id)
    .where('a.balance', '>', 0)
    .execute();
  if (lines.length === 0) return null;
  const accounts = await accountsOf(trx, project.communityId);
  const total = lines.reduce((s, l) => s + l.balance, 0);
  return post(trx, ctx, { communityId: project.communityId, kind: 'release', memo: `${project.title}：结余退回`, projectId: project.id }, [
    ...lines.map((l) => ({ account: l.id, amount: -l.balance })),
    { account: accounts[to], amount: total },
  ]);
}

/** Per line of a project: what is left on its account and what was spent from it (net of reversed spending). */
export async function lineSpending(db: Database, projectId: number): Promise<Map<number, { balance: number; spent: number }>> {
  const rows = await db
    .selectFrom('fund_account as a')
    .innerJoin('project_line as l', 'l.id', 'a.project_line_id')
    .leftJoin('fund_entry as e', 'e.account_id', 'a.id')
    .leftJoin('fund_txn as x', (j) => j.onRef('x.id', '=', 'e.txn_id').on('x.kind', 'in', ['expense', 'reversal']))
    .select(['l.id', 'a.balance', (eb) => eb.fn.sum<number | string>(eb.case().when('x.id', 'is not', null).then(eb.ref('e.amount')).else(0).end()).as('moved')])
    .where('l.project_id', '=', projectId)
    .groupBy(['l.id', 'a.balance'])
    .execute();
  return new Map(rows.map((r) => [r.id, { balance: r.balance, spent: -Number(r.moved ?? 0) }]));
}
