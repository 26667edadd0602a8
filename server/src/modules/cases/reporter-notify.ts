import type { RequestContext } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { sender } from '../../platform/sender.js';
import type { LoadedCase } from './access.js';

/** The phone to tell: the H5 submitter's, else the reporter's phone staff recorded. */
export function reporterPhoneOf(c: Pick<LoadedCase, 'source' | 'reporter_phone'>): string | null {
  if (c.source.startsWith('h5:')) return c.source.slice(3);
  return c.reporter_phone;
}

/** The steps a resident cares about (受理, 不予受理, 合并, 答复, 办结 → 请评价, 重新办理) and what they are told. */
const MESSAGES: Record<string, (trackingNo: string) => string> = {
  accept: (no) => `【共治】您反映的问题（编号 ${no}）已受理，我们会尽快处理。`,
  reject: (no) => `【共治】您反映的问题（编号 ${no}）未予受理，原因请在“我的诉求”中查看。`,
  merge: (no) => `【共治】您反映的问题（编号 ${no}）已与同类问题合并办理。`,
  reply: (no) => `【共治】您反映的问题（编号 ${no}）已有办理答复，请在“我的诉求”中查看。`,
  verify_pass: (no) => `【共治】您反映的问题（编号 ${no}）已办结，请在“我的诉求”中对办理结果进行评价。`,
  reopen: (no) => `【共治】您反映的问题（编号 ${no}）已重新办理。`,
};

/**
 * Tells the resident who raised a case about a step, through the configured
 * sender, in the step's transaction. Nobody is told of their own step.
 */
export async function tellReporter(trx: Database, ctx: RequestContext, c: LoadedCase, action: string): Promise<void> {
  const message = MESSAGES[action];
  const phone = reporterPhoneOf(c);
  if (!message || !phone || ctx.resident?.phone === phone) return;
  await sender().send(trx, { to: phone, kind: `case.${action}`, text: message(c.tracking_no) });
}

/**
 * Tells the residents who raised these cases what a meeting decided about them (a
 * rejected topic's reasons, 反馈原因), in the deciding transaction. Long reasons are cut:
 * the whole text stays on the topic.
 */
export async function tellReportersOfDecision(trx: Database, ctx: RequestContext, caseIds: number[], reasons: string): Promise<number> {
  if (caseIds.length === 0) return 0;
  const cases = await trx.selectFrom('case_record').select(['source', 'reporter_phone', 'tracking_no']).where('id', 'in', caseIds).orderBy('id').execute();
  const said = reasons.length > 60 ? `${reasons.slice(0, 60)}…` : reasons;
  let told = 0;
  for (const c of cases) {
    const phone = reporterPhoneOf(c);
    if (!phone || ctx.resident?.phone === phone) continue;
    await sender().send(trx, { to: phone, kind: 'case.meeting_feedback', text: `【共治】您反映的问题（编号 ${c.tracking_no}）经社区议事会议研究，暂不采纳，原因：${said}` });
    told++;
  }
  return told;
}
