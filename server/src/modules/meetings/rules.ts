import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { fieldError, notFound } from '../../platform/errors.js';
import { assertVersion, type Ctx } from './access.js';
import { M } from './messages.js';
import { MEETING_TYPES, type MeetingType } from './tables.js';
import { MEETING_TYPE_LABELS } from './workflow.js';

/** Quorum and pass threshold per meeting type; a meeting copies them when scheduled. */
export async function listRules(db: Database) {
  const rows = await db.selectFrom('meeting_rule').selectAll().execute();
  return MEETING_TYPES.flatMap((type) => {
    const r = rows.find((x) => x.meeting_type === type);
    return r ? [{ meetingType: type, typeName: MEETING_TYPE_LABELS[type], quorumNum: r.quorum_num, quorumDen: r.quorum_den, passNum: r.pass_num, passDen: r.pass_den, version: r.version }] : [];
  });
}

export async function setRule(db: Database, ctx: Ctx, type: MeetingType, body: { quorumNum: number; quorumDen: number; passNum: number; passDen: number; version: number }) {
  if (body.quorumNum > body.quorumDen) throw fieldError('body.quorumNum', M['meeting.rule_fraction']);
  if (body.passNum > body.passDen) throw fieldError('body.passNum', M['meeting.rule_fraction']);
  await db.transaction().execute(async (trx) => {
    const r = await trx.selectFrom('meeting_rule').selectAll().where('meeting_type', '=', type).forUpdate().executeTakeFirst();
    if (!r) throw notFound();
    assertVersion(r.version, body.version);
    await trx
      .updateTable('meeting_rule')
      .set({ quorum_num: body.quorumNum, quorum_den: body.quorumDen, pass_num: body.passNum, pass_den: body.passDen, version: r.version + 1, updated_at: new Date() })
      .where('meeting_type', '=', type)
      .execute();
    await audit(trx, ctx, { action: 'meeting.rule', entityType: 'meeting_rule', entityId: type, summary: `${MEETING_TYPE_LABELS[type]}：法定人数 > ${body.quorumNum}/${body.quorumDen}，通过 > ${body.passNum}/${body.passDen}` });
  });
}
