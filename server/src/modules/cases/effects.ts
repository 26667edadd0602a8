import { fieldError } from '../../platform/errors.js';
import { activeLead, loadCase, nearestHolders } from './access.js';
import { dispatchEffect, leadUsers } from './dispatch.js';
import type { Change, Work } from './change.js';
import { addDays, addHours, limitsFor } from './limits.js';
import { M } from './messages.js';
import { signedLate } from './sign-for.js';
import type { ActionInput } from './schema.js';
import { DISPATCH_PERMISSION, nextTier, TIER_LABELS, type Action } from './workflow.js';

type Effect<A extends Action> = (w: Work, input: ActionInput<A>) => Promise<Omit<Change, 'action' | 'actionLabel' | 'to'>>;

const note = (text: string | undefined) => text?.trim() || null;

/** What each transition of the state table does besides changing the state. */
export const EFFECTS: { [A in Action]: Effect<A> } = {
  async accept({ trx, c, now }, input) {
    const categoryCode = input.categoryCode ?? c.category_code;
    if (categoryCode !== c.category_code) {
      const known = await trx
        .selectFrom('dict_item')
        .select('id')
        .where('type_code', '=', 'case_category')
        .where('code', '=', categoryCode)
        .where('enabled', '=', true)
        .executeTakeFirst();
      if (!known) throw fieldError('body.categoryCode', M['case.unknown_category']);
    }
    const tier = input.tier ?? c.tier;
    const urgent = input.urgent ?? c.urgent;
    const limits = await limitsFor(trx, categoryCode, tier);
    // The resident's clock starts when they asked; the solving clock when the case is accepted.
    const respondBy = addHours(c.created_at, urgent ? limits.urgentRespondHours : limits.respondHours);
    const solveBy = input.solveBy ? new Date(input.solveBy) : addDays(now, limits.solveDays);
    if (solveBy <= now) throw fieldError('body.solveBy', M['case.deadline_past']);
    const dispatchers = await nearestHolders(trx, DISPATCH_PERMISSION[tier], c.territory_path);
    return {
      set: { category_code: categoryCode, tier, urgent, accepted_at: now, respond_by: respondBy, solve_by: solveBy },
      note: note(input.note),
      detail: { tier, categoryCode, urgent },
      notices: [{ users: dispatchers, notice: { kind: 'case.accepted', title: `诉求待派遣（${TIER_LABELS[tier]}）：${c.tracking_no}` } }],
    };
  },

  async reject(_w, input) {
    return { set: { reject_reason: input.reason.trim() }, note: input.reason.trim() };
  },

  async merge({ trx, c, now }, input) {
    const target = input.targetId === c.id ? undefined : await loadCase(trx, input.targetId);
    if (!target || target.community_id !== c.community_id || target.status === 'rejected' || target.status === 'merged') {
      throw fieldError('body.targetId', M['case.merge_target_invalid']);
    }
    // The surviving case's timeline records what joined it.
    await trx
      .insertInto('case_event')
      .values({
        case_id: target.id,
        action: 'merged_in',
        from_status: target.status,
        to_status: target.status,
        note: `合并了诉求 ${c.tracking_no}`,
        detail: JSON.stringify({ caseId: c.id }),
        at: now,
      })
      .execute();
    return { set: { merged_into_id: target.id }, note: note(input.note), detail: { targetId: target.id, targetTrackingNo: target.tracking_no } };
  },

  dispatch: dispatchEffect,

  async sign({ trx, c, rel, actor, now }) {
    const lead = activeLead(rel)!;
    await trx.updateTable('case_assignment').set({ signed_at: now, signed_by: actor?.userId ?? null }).where('id', '=', lead.id).execute();
    return { set: { responded_at: c.responded_at ?? now }, detail: { assignmentId: lead.id, late: signedLate({ ...lead, signed_at: now }, c.status, now) } };
  },

  async return({ trx, c, rel, now }, input) {
    const text = note(input.note);
    if (input.reasonCode === 'other' && !text) throw fieldError('body.note', M['case.note_required']);
    const lead = activeLead(rel)!;
    await trx
      .updateTable('case_assignment')
      .set({ returned_at: now, return_reason: input.reasonCode, return_note: text })
      .where('id', '=', lead.id)
      .execute();
    await trx.updateTable('case_assignment').set({ active: false }).where('case_id', '=', c.id).where('active', '=', true).execute();
    const dispatchers = await nearestHolders(trx, DISPATCH_PERMISSION[c.tier], c.territory_path);
    return {
      set: { ext_days: null, ext_reason: null, ext_requested_by: null, ext_requested_at: null },
      note: text,
      detail: { reasonCode: input.reasonCode, assignmentId: lead.id },
      notices: [{ users: dispatchers, notice: { kind: 'case.returned', title: `诉求被退单，请重新派遣：${c.tracking_no}` } }],
    };
  },

  async reply({ trx, c, now }, input) {
    const verifiers = await nearestHolders(trx, 'case:verify', c.territory_path);
    return {
      set: { reply_text: input.text.trim(), replied_at: now },
      note: input.text.trim(),
      attachmentIds: input.attachmentIds,
      notices: [{ users: verifiers, notice: { kind: 'case.replied', title: `诉求已答复，待核查：${c.tracking_no}` } }],
    };
  },

  async verify_pass({ now }, input) {
    // 个别反馈 unless the community chooses to publish the result on its board (公开反馈).
    const feedback = input.feedback ?? 'individual';
    return { set: { closed_at: now, overdue: false, feedback }, note: note(input.note), detail: { feedback } };
  },

  async verify_fail({ trx, c, rel }, input) {
    return {
      set: {},
      note: input.reason.trim(),
      notices: [{ users: await leadUsers(trx, rel), notice: { kind: 'case.verify_failed', title: `核查未通过，请继续办理：${c.tracking_no}`, body: input.reason } }],
    };
  },

  async rate({ now }, input) {
    return { set: { rating: input.rating, rating_comment: note(input.comment), rated_at: now }, note: note(input.comment), detail: { rating: input.rating } };
  },

  async reopen({ trx, c, rel, now }, input) {
    const limits = await limitsFor(trx, c.category_code, c.tier);
    return {
      set: { reopen_count: c.reopen_count + 1, rating: null, rated_at: null, closed_at: null, feedback: null, solve_by: addDays(now, limits.solveDays), overdue: false, overdue_at: null },
      note: note(input.reason),
      detail: { previousRating: c.rating },
      notices: [{ users: await leadUsers(trx, rel), notice: { kind: 'case.reopened', title: `居民不满意，诉求重新办理：${c.tracking_no}` } }],
    };
  },

  async escalate({ trx, c, now }, input) {
    const tier = nextTier(c.tier)!;
    const limits = await limitsFor(trx, c.category_code, tier);
    // The round at the lower tier ends; the higher tier dispatches afresh with a fresh solving clock.
    await trx.updateTable('case_assignment').set({ active: false }).where('case_id', '=', c.id).where('active', '=', true).execute();
    const dispatchers = await nearestHolders(trx, DISPATCH_PERMISSION[tier], c.territory_path);
    return {
      set: {
        tier,
        escalation_count: c.escalation_count + 1,
        solve_by: addDays(now, limits.solveDays),
        overdue: false,
        overdue_at: null,
        ext_days: null,
        ext_reason: null,
        ext_requested_by: null,
        ext_requested_at: null,
      },
      note: input.reason.trim(),
      detail: { fromTier: c.tier, toTier: tier },
      notices: [{ users: dispatchers, notice: { kind: 'case.escalated', title: `吹哨：诉求升级为${TIER_LABELS[tier]}，请派遣：${c.tracking_no}`, body: input.reason } }],
    };
  },
};
