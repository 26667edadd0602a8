import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, fieldError } from '../../platform/errors.js';
import { fundLines, releaseLines, spendOnLine, yuan, type FundingSourceAccount } from '../funds/service.js';
import { publishNotice } from '../notices/service.js';
import { fireProject, unitsOf, type LoadedProject, type Staff } from './engine.js';
import { M } from './messages.js';
import { linesOf, ratingSummary } from './service.js';
import type { FundingSource } from './tables.js';
import { STATE_LABELS } from './workflow.js';

/** 政府购买服务 is paid by the district directly; the work fund and donations come out of the community's pool. */
export const FUNDED_FROM: Record<FundingSource, FundingSourceAccount> = { work_fund: 'pool', purchase: 'district_source', donation: 'pool' };
export const FUNDING_LABELS: Record<FundingSource, string> = { work_fund: '社工委工作经费', purchase: '政府购买服务', donation: '单位捐赠' };

const ref = (p: LoadedProject) => ({ id: p.id, communityId: p.community_id, title: p.title });
const trim = (s?: string | null) => s?.trim() || null;

/** Nobody decides on their own application, whatever permissions they hold. */
function notOwn(ctx: Staff, p: LoadedProject) {
  if (p.applied_by === ctx.actor.userId) throw new AppError(403, M['project.own_application']);
}

async function grant(trx: Database, ctx: Staff, p: LoadedProject, amounts: Map<number, number> | null, now: Date) {
  const lines = await trx.selectFrom('project_line').select(['id', 'name', 'requested_amount']).where('project_id', '=', p.id).orderBy('sort').execute();
  const granted = lines.map((l) => ({ id: l.id, name: l.name, amount: amounts ? amounts.get(l.id)! : l.requested_amount }));
  for (const l of granted) await trx.updateTable('project_line').set({ approved_amount: l.amount }).where('id', '=', l.id).execute();
  await fundLines(trx, ctx, ref(p), granted, FUNDED_FROM[p.funding_source]);
  return { decided_by: ctx.actor.userId, decided_at: now, total: granted.reduce((s, l) => s + l.amount, 0) };
}

export function approve(db: Database, ctx: Staff, id: number, input: { version: number; comment?: string }) {
  return fireProject(db, ctx, id, input.version, 'approve', async (trx, p, now) => {
    notOwn(ctx, p);
    const { total, ...set } = await grant(trx, ctx, p, null, now);
    return { set: { ...set, decision_comment: trim(input.comment) }, note: trim(input.comment), detail: { approved: total } };
  });
}

/** 调整预算: an approved amount for every line (0 drops a line). */
export function adjust(db: Database, ctx: Staff, id: number, input: { version: number; comment?: string; lines: { lineId: number; amount: number }[] }) {
  return fireProject(db, ctx, id, input.version, 'adjust', async (trx, p, now) => {
    notOwn(ctx, p);
    const lines = await trx.selectFrom('project_line').select(['id', 'requested_amount']).where('project_id', '=', p.id).execute();
    const amounts = new Map<number, number>();
    for (const [i, l] of input.lines.entries()) {
      if (!lines.some((x) => x.id === l.lineId)) throw fieldError(`body.lines.${i}.lineId`, M['project.unknown_line']);
      if (!Number.isSafeInteger(l.amount) || l.amount < 0) throw fieldError(`body.lines.${i}.amount`, 'funds.amount_positive');
      amounts.set(l.lineId, l.amount);
    }
    if (amounts.size !== lines.length) throw fieldError('body.lines', M['project.adjust_lines']);
    if (lines.every((l) => amounts.get(l.id) === l.requested_amount)) throw fieldError('body.lines', M['project.adjust_unchanged']);
    const { total, ...set } = await grant(trx, ctx, p, amounts, now);
    return { set: { ...set, decision_comment: trim(input.comment) }, note: trim(input.comment), detail: { approved: total } };
  });
}

export function reject(db: Database, ctx: Staff, id: number, input: { version: number; comment?: string }) {
  if (!input.comment?.trim()) throw fieldError('body.comment', M['project.comment_required']);
  return fireProject(db, ctx, id, input.version, 'reject', async (_trx, p, now) => {
    notOwn(ctx, p);
    return { set: { decided_by: ctx.actor.userId, decided_at: now, decision_comment: input.comment!.trim() }, note: input.comment!.trim() };
  });
}

export interface Undertaker {
  unitId?: number;
  /** A team of social workers (社工团队) named instead of a unit. */
  teamName?: string;
}

/** A unit may undertake a project of its own street (共驻共建 works across the street's communities). */
async function undertaker(trx: Database, p: LoadedProject, u: Undertaker) {
  if (u.unitId !== undefined) {
    const street = p.community_path.split('/').filter(Boolean).slice(0, -1).join('/');
    const unit = await trx.selectFrom('unit as u').innerJoin('territory_node as t', 't.id', 'u.community_id').select(['u.id', 'u.status', 't.path']).where('u.id', '=', u.unitId).executeTakeFirst();
    if (!unit || unit.status !== 'confirmed' || !unit.path.startsWith(`/${street}/`)) throw fieldError('body.unitId', M['project.unknown_unit']);
    return { undertaker_kind: 'unit' as const, undertaker_unit_id: unit.id, undertaker_name: null };
  }
  if (u.teamName?.trim()) return { undertaker_kind: 'social_workers' as const, undertaker_unit_id: null, undertaker_name: u.teamName.trim() };
  throw fieldError('body.unitId', M['project.undertaker_required']);
}

export function assign(db: Database, ctx: Staff, id: number, input: Undertaker & { version: number }) {
  return fireProject(db, ctx, id, input.version, 'assign', async (trx, p) => ({ set: { ...(await undertaker(trx, p, input)), undertake_mode: 'assigned' } }));
}

export function invite(db: Database, ctx: Staff, id: number, input: { version: number; unitId: number }) {
  return fireProject(db, ctx, id, input.version, 'invite', async (trx, p) => ({ set: { ...(await undertaker(trx, p, input)), undertake_mode: 'invited' } }));
}

const clearUndertaker = { undertaker_kind: null, undertaker_unit_id: null, undertaker_name: null, undertake_mode: null };

export function accept(db: Database, ctx: Staff, id: number, version: number) {
  return fireProject(db, ctx, id, version, 'accept', async () => ({}));
}

export function decline(db: Database, ctx: Staff, id: number, input: { version: number; note?: string }) {
  return fireProject(db, ctx, id, input.version, 'decline', async () => ({ set: clearUndertaker, note: trim(input.note) }));
}

/** 认领: a unit contact claims an approved project for one of their confirmed units; the community confirms. */
export function claim(db: Database, ctx: Staff, id: number, input: { version: number; unitId: number; note?: string }) {
  return fireProject(db, ctx, id, input.version, 'claim', async (trx, p) => {
    if (!(await unitsOf(trx, ctx.actor)).some((u) => u.id === input.unitId)) throw fieldError('body.unitId', M['project.not_your_unit']);
    return { set: { ...(await undertaker(trx, p, input)), undertake_mode: 'claimed' }, note: trim(input.note) };
  });
}

export function confirmClaim(db: Database, ctx: Staff, id: number, version: number) {
  return fireProject(db, ctx, id, version, 'confirm_claim', async () => ({}));
}

export function refuseClaim(db: Database, ctx: Staff, id: number, input: { version: number; note?: string }) {
  return fireProject(db, ctx, id, input.version, 'refuse_claim', async () => ({ set: clearUndertaker, note: trim(input.note) }));
}

export function milestone(db: Database, ctx: Staff, id: number, input: { version: number; title: string; progress: number; reachedOn: string; note?: string }) {
  return fireProject(db, ctx, id, input.version, 'milestone', async (trx, p) => {
    if (input.progress < p.progress) throw fieldError('body.progress', M['project.progress_backwards'], { progress: p.progress });
    await trx.insertInto('project_milestone').values({ project_id: p.id, title: input.title.trim(), note: trim(input.note), progress: input.progress, reached_on: input.reachedOn, created_by: ctx.actor.userId }).execute();
    return { set: { progress: input.progress }, note: `${input.title.trim()}（${input.progress}%）` };
  });
}

/** 登记支出 on one budget line; the ledger refuses more than the line has left (400 on body.amount). */
export function expense(db: Database, ctx: Staff, id: number, input: { version: number; lineId: number; amount: number; memo: string; bookedOn?: string }) {
  return fireProject(db, ctx, id, input.version, 'expense', async (trx, p) => {
    const line = await trx.selectFrom('project_line').select(['id', 'name']).where('id', '=', input.lineId).where('project_id', '=', p.id).executeTakeFirst();
    if (!line) throw fieldError('body.lineId', M['project.unknown_line']);
    const txn = await spendOnLine(trx, ctx, ref(p), line, input);
    return { note: `${line.name}：${yuan(input.amount)} 元，${input.memo.trim()}`, detail: { txnId: txn, lineId: line.id, amount: input.amount } };
  });
}

export function complete(db: Database, ctx: Staff, id: number, input: { version: number; summary: string }) {
  return fireProject(db, ctx, id, input.version, 'complete', async (_trx, p, now) => {
    if (p.progress < 100) throw conflict(M['project.no_progress']);
    return { set: { completed_at: now, completion_summary: input.summary.trim() }, note: input.summary.trim() };
  });
}

/** 社区评价承接方; before completion the state table answers 409 (project.not_completed). */
export function evaluate(db: Database, ctx: Staff, id: number, input: { version: number; score: number; comment?: string }) {
  return fireProject(db, ctx, id, input.version, 'evaluate', async () => ({ set: { undertaker_score: input.score, undertaker_comment: trim(input.comment) }, note: `${input.score} 分` }));
}

/** 归档: what is left on the lines goes back, and the results go on the community's public board. */
export function archive(db: Database, ctx: Staff, id: number, version: number) {
  return fireProject(db, ctx, id, version, 'archive', async (trx, p, now) => {
    if (p.undertaker_score === null) throw conflict(M['project.not_evaluated']);
    const lines = await linesOf(trx, p.id);
    await releaseLines(trx, ctx, ref(p), FUNDED_FROM[p.funding_source]);
    const r = await ratingSummary(trx, p.id);
    const unit = p.undertaker_unit_id === null ? null : await trx.selectFrom('unit').select('name').where('id', '=', p.undertaker_unit_id).executeTakeFirst();
    const approved = lines.reduce((s, l) => s + (l.approvedAmount ?? 0), 0);
    const spent = lines.reduce((s, l) => s + l.spentAmount, 0);
    const notice = await publishNotice(trx, {
      communityId: p.community_id,
      kind: 'project',
      title: `${p.title}项目结果公示`,
      body: [
        `项目名称：${p.title}`,
        `项目目标：${p.goal}`,
        `服务对象：${p.beneficiaries}`,
        `资金来源：${FUNDING_LABELS[p.funding_source]}；批复预算 ${yuan(approved)} 元，实际支出 ${yuan(spent)} 元。`,
        ...lines.map((l) => `  · ${l.name}：批复 ${yuan(l.approvedAmount ?? 0)} 元，支出 ${yuan(l.spentAmount)} 元`),
        `承接方：${unit?.name ?? p.undertaker_name ?? '—'}；社区评价 ${p.undertaker_score} 分。`,
        r.count > 0 ? `居民评价（${r.count} 人）：项目内容 ${r.content} 分，服务质量 ${r.service} 分，项目管理 ${r.management} 分（满分 5 分）。` : '暂无居民评价。',
        p.completion_summary ? `完成情况：${p.completion_summary}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
      subject: { type: 'project', id: p.id },
      publishedBy: ctx.actor.userId,
    });
    return { set: { archived_at: now, notice_id: notice.id }, detail: { noticeId: notice.id, spent } };
  });
}

/** Evaluation of a project that is not complete: the one message for staff and residents. */
export function requireCompleted(p: Pick<LoadedProject, 'status'>) {
  if (p.status !== 'completed') throw new AppError(409, M['project.not_completed'], { status: STATE_LABELS[p.status] });
}
