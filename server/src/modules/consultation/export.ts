import type { Static } from 'typebox';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { beijingTime, everyPage, toXlsx } from '../../platform/excel.js';
import { maskPhone } from '../../platform/personal.js';
import { listMediations } from './mediation-read.js';
import type { MediationQuery } from './mediation-schema.js';
import type { ConsultationQuery } from './schema.js';
import { listConsultations } from './service.js';
import type { PARTY_ROLES } from './tables.js';

export async function exportConsultations(db: Database, actor: Actor, query: Static<typeof ConsultationQuery>) {
  const rows = await everyPage((page) => listConsultations(db, actor, { ...query, ...page }));
  return toXlsx('议事协商', [
    { header: '议题', width: 36, value: (r) => r.title },
    { header: '社区', width: 16, value: (r) => r.communityName },
    { header: '协商形式', value: (r) => r.levelName },
    { header: '步骤', value: (r) => r.statusName },
    { header: '类别', width: 16, value: (r) => r.category },
    { header: '意见数', value: (r) => r.opinions },
    { header: '征集截止', width: 20, value: (r) => beijingTime(r.collectUntil) },
    { header: '发起时间', width: 20, value: (r) => beijingTime(r.createdAt) },
  ], rows);
}

const ROLE_LABELS: Record<(typeof PARTY_ROLES)[number], string> = { applicant: '申请人', respondent: '被申请人', other: '其他当事人' };

/** Mediations whose parties one query reads. */
const PARTIES_BATCH = 200;

/** The parties of the exported mediations, phones masked as the detail page shows them. */
async function partiesOf(db: Database, ids: number[]) {
  const byCase = new Map<number, string[]>();
  for (let i = 0; i < ids.length; i += PARTIES_BATCH) {
    const rows = await db.selectFrom('mediation_party').select(['mediation_id', 'name', 'phone', 'role']).where('mediation_id', 'in', ids.slice(i, i + PARTIES_BATCH)).orderBy('id').execute();
    for (const p of rows) {
      const phone = maskPhone(p.phone);
      const text = `${p.name}（${ROLE_LABELS[p.role]}${phone ? `，${phone}` : ''}）`;
      byCase.set(p.mediation_id, [...(byCase.get(p.mediation_id) ?? []), text]);
    }
  }
  return byCase;
}

export async function exportMediations(db: Database, actor: Actor, query: Static<typeof MediationQuery>) {
  const rows = await everyPage((page) => listMediations(db, actor, { ...query, ...page }));
  const parties = await partiesOf(db, rows.map((r) => r.id));
  return toXlsx('矛盾纠纷调解', [
    { header: '纠纷', width: 36, value: (r) => r.title },
    { header: '社区', width: 16, value: (r) => r.communityName },
    { header: '纠纷类型', width: 14, value: (r) => r.disputeType },
    { header: '状态', value: (r) => r.statusName },
    { header: '当事人', width: 48, value: (r) => (parties.get(r.id) ?? []).join('；') },
    { header: '调解员', width: 24, value: (r) => r.mediators },
    { header: '登记时间', width: 20, value: (r) => beijingTime(r.createdAt) },
  ], rows);
}
