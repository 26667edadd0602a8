import type { Static } from 'typebox';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { beijingTime, everyPage, toXlsx } from '../../platform/excel.js';
import type { VisitQuery } from './visit-schema.js';
import { listVisits } from './visits.js';

/**
 * 走访记录 as the list shows it (same scope and filters): the sheet a community hands the
 * street for the monthly 走访 check, with each raised problem and the case it became.
 */
export async function exportVisits(db: Database, actor: Actor, query: Static<typeof VisitQuery>) {
  const rows = await everyPage((page) => listVisits(db, actor, { ...query, ...page }));
  return toXlsx('走访记录', [
    { header: '走访时间', width: 20, value: (v) => beijingTime(v.visitedAt) },
    { header: '社区', width: 16, value: (v) => v.communityName },
    { header: '对象', value: (v) => (v.whomKind === 'household' ? '住户' : '单位') },
    { header: '楼院 / 单位', width: 28, value: (v) => v.place },
    { header: '受访人', value: (v) => v.personName },
    { header: '走访人', width: 16, value: (v) => v.visitorName },
    { header: '走访内容', width: 40, value: (v) => v.summary },
    { header: '反映问题', width: 40, value: (v) => v.problem },
    { header: '诉求编号', width: 20, value: (v) => v.caseTrackingNo },
    { header: '诉求状态', value: (v) => v.caseStatusName },
    { header: '照片数', value: (v) => v.photos.length },
  ], rows);
}
