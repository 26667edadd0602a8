import type { Static } from 'typebox';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { beijingTime, everyPage, toXlsx } from '../../platform/excel.js';
import { listDemands } from './demands.js';
import { listMembers } from './members.js';
import { listUnits } from './registration.js';
import type { DemandQuery, MemberQuery, ServiceQuery, UnitQuery } from './schema.js';
import { listServices } from './services.js';
import { CATEGORY_LABELS, DEMAND_LABELS, REGISTRATION_LABELS } from './workflow.js';

const KIND_LABELS: Record<string, string> = { agency: '机关事业单位', state_enterprise: '国有企业', private_enterprise: '非公企业', property: '物业公司', social_org: '社会组织', owners_committee: '业委会', other: '其他' };

export async function exportUnits(db: Database, actor: Actor, query: Static<typeof UnitQuery>) {
  const rows = await everyPage((page) => listUnits(db, actor, { ...query, ...page }));
  return toXlsx('共建单位', [
    { header: '单位名称', width: 30, value: (r) => r.name },
    { header: '报到社区', width: 16, value: (r) => r.communityName },
    { header: '单位类型', value: (r) => KIND_LABELS[r.kind] ?? r.kind },
    { header: '党组织', width: 28, value: (r) => r.partyOrgName },
    { header: '党员人数', value: (r) => r.partyMemberCount },
    { header: '联系人', value: (r) => r.contactName },
    { header: '联系电话', value: (r) => r.contactPhone },
    { header: '可提供', width: 40, value: (r) => r.offer },
    { header: '状态', value: (r) => REGISTRATION_LABELS[r.status] },
    { header: '报到时间', width: 20, value: (r) => beijingTime(r.createdAt) },
  ], rows);
}

export async function exportDemands(db: Database, actor: Actor, query: Static<typeof DemandQuery>) {
  const rows = await everyPage((page) => listDemands(db, actor, { ...query, ...page }));
  return toXlsx('需求清单', [
    { header: '需求', width: 36, value: (r) => r.title },
    { header: '类别', value: (r) => CATEGORY_LABELS[r.category] },
    { header: '数量', value: (r) => `${r.quantity} ${r.quantityUnit}` },
    { header: '社区', width: 16, value: (r) => r.communityName },
    { header: '地点', width: 24, value: (r) => r.place },
    { header: '需要日期', value: (r) => r.neededBy },
    { header: '认领单位', width: 30, value: (r) => r.unitName },
    { header: '状态', value: (r) => DEMAND_LABELS[r.status] },
    { header: '发布时间', width: 20, value: (r) => beijingTime(r.createdAt) },
  ], rows);
}

/** 双报到 roster for the street's or the district's count of in-service party members (phones masked). */
export async function exportMembers(db: Database, actor: Actor, query: Static<typeof MemberQuery>) {
  const rows = await everyPage((page) => listMembers(db, actor, { ...query, ...page }));
  return toXlsx('在职党员双报到', [
    { header: '姓名', value: (r) => r.name },
    { header: '手机号', width: 16, value: (r) => r.phone },
    { header: '报到社区', width: 16, value: (r) => r.communityName },
    { header: '居住楼院', width: 24, value: (r) => r.residence },
    { header: '工作单位', width: 30, value: (r) => r.employerName },
    { header: '所在党支部', width: 24, value: (r) => r.partyBranch },
    { header: '本年服务（分钟）', width: 16, value: (r) => r.minutesThisYear },
    { header: '状态', value: (r) => REGISTRATION_LABELS[r.status] },
    { header: '报到时间', width: 20, value: (r) => beijingTime(r.createdAt) },
  ], rows);
}

/** 服务纪实 as the list shows it: the street's record of hours served, for the year-end 评星定级. */
export async function exportServices(db: Database, actor: Actor, query: Static<typeof ServiceQuery>) {
  const rows = await everyPage((page) => listServices(db, actor, { ...query, ...page }));
  return toXlsx('服务纪实', [
    { header: '服务日期', value: (r) => r.servedOn },
    { header: '服务主体', width: 30, value: (r) => r.who },
    { header: '主体类型', value: (r) => (r.unitId !== null ? '共建单位' : '在职党员') },
    { header: '服务内容', width: 36, value: (r) => r.title },
    { header: '社区', width: 16, value: (r) => r.communityName },
    { header: '服务地点', width: 24, value: (r) => r.territoryName },
    { header: '时长（分钟）', value: (r) => r.minutes },
    { header: '照片数', value: (r) => r.photos.length },
    { header: '社区评价（星）', value: (r) => r.feedbackRating },
    { header: '评价意见', width: 36, value: (r) => r.feedback },
  ], rows);
}
