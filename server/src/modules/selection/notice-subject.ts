import { registerNoticeSubject } from '../notices/subjects.js';
import { moveCandidates } from './engine.js';
import { closeNotice } from './steps.js';
import { ROLE_WORDS } from './workflow.js';


/**
 * A round's 任前公示 on the board: residents object to one candidate by name; an upheld
 * objection withdraws that candidate (异议成立，停止聘任); the period's end moves the round on.
 */
registerNoticeSubject('selection_round', {
  async items(db, notice) {
    const rows = await db
      .selectFrom('selection_candidate')
      .select(['id', 'name', 'proposed_role', 'status'])
      .where('round_id', '=', notice.subject_id!)
      .where('status', 'in', ['on_notice', 'withdrawn', 'appointed'])
      .orderBy('id')
      .execute();
    return rows.map((c) => ({ id: c.id, label: `${c.name}（拟任${ROLE_WORDS[c.proposed_role]}）`, open: c.status === 'on_notice' }));
  },
  async upheld(trx, ctx, notice, itemId, finding, now) {
    await moveCandidates(trx, ctx, notice.subject_id!, 'withdraw', now, { ids: [itemId], reason: `异议成立：${finding}` });
  },
  async closed(trx, notice) {
    if (notice.objectable) await closeNotice(trx, notice.subject_id!);
  },
});
