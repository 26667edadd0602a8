import type { Static } from 'typebox';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { beijingTime, everyPage, toXlsx } from '../../platform/excel.js';
import type { MeetingQuery, TaskQuery, TopicQuery } from './schema.js';
import { listMeetings } from './service.js';
import { listTasks } from './tasks.js';
import { listTopics } from './topics.js';
import { OUTCOME_LABELS } from './workflow.js';

const ESCALATE_LABELS: Record<string, string> = { big_party: '"大党委"会议', party_joint: '党建联席会议' };

export async function exportTopics(db: Database, actor: Actor, query: Static<typeof TopicQuery>) {
  const rows = await everyPage((page) => listTopics(db, actor, { ...query, ...page }));
  return toXlsx('议题池', [
    { header: '议题名称', width: 36, value: (r) => r.title },
    { header: '社区', width: 16, value: (r) => r.communityName },
    { header: '状态', value: (r) => r.statusName },
    { header: '类别', width: 16, value: (r) => r.category },
    { header: '来源', value: (r) => (r.source === 'cases' ? `来自诉求（${r.caseIds.length}）` : '自行提出') },
    { header: '提交上级会议', value: (r) => (r.escalateTo ? ESCALATE_LABELS[r.escalateTo] : '') },
    { header: '提出时间', width: 20, value: (r) => beijingTime(r.createdAt) },
  ], rows);
}

export async function exportMeetings(db: Database, actor: Actor, query: Static<typeof MeetingQuery>) {
  const rows = await everyPage((page) => listMeetings(db, actor, { ...query, ...page }));
  return toXlsx('会议', [
    { header: '会议名称', width: 36, value: (r) => r.title },
    { header: '会议类型', width: 18, value: (r) => r.typeName },
    { header: '社区', width: 16, value: (r) => r.communityName },
    { header: '会议时间', width: 20, value: (r) => beijingTime(r.startsAt) },
    { header: '地点', width: 28, value: (r) => r.place },
    { header: '召集人', value: (r) => r.convener },
    { header: '状态', value: (r) => r.statusName },
  ], rows);
}

export async function exportTasks(db: Database, actor: Actor, query: Static<typeof TaskQuery>) {
  const rows = await everyPage((page) => listTasks(db, actor, { ...query, ...page }));
  return toXlsx('决议落实', [
    { header: '事项', width: 36, value: (r) => r.title },
    { header: '类型', value: (r) => OUTCOME_LABELS[r.kind] },
    { header: '社区', width: 16, value: (r) => r.communityName },
    { header: '责任人', value: (r) => r.ownerName },
    { header: '完成期限', value: (r) => r.dueOn },
    { header: '状态', value: (r) => (r.status === 'done' ? '已完成' : '办理中') },
    { header: '已逾期', value: (r) => (r.overdue ? '是' : '否') },
  ], rows);
}
