import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { beijingTime, toXlsx, type Column } from '../../platform/excel.js';
import { maskPhone } from '../../platform/personal.js';
import { M } from './messages.js';
import * as repo from './repository.js';
import type { CaseFilter } from './schema.js';
import { viewerOf } from './service.js';
import { CHANNEL_LABELS, RATING_LABELS, STATE_LABELS, TIER_LABELS } from './workflow.js';

/** Exports stop here; beyond it staff narrow the filters (architecture.md, "Limits"). */
export const EXPORT_LIMIT = 50_000;

type Row = Awaited<ReturnType<typeof repo.exportCases>>[number];

const COLUMNS: Column<Row>[] = [
  { header: '诉求编号', width: 20, value: (r) => r.tracking_no },
  { header: '状态', value: (r) => STATE_LABELS[r.status] },
  { header: '层级', value: (r) => TIER_LABELS[r.tier] },
  { header: '渠道', value: (r) => CHANNEL_LABELS[r.channel] ?? r.channel },
  { header: '分类', value: (r) => r.category_name ?? r.category_code },
  { header: '问题描述', width: 50, value: (r) => r.description },
  { header: '所在社区', width: 16, value: (r) => r.community_name },
  { header: '位置', width: 16, value: (r) => r.territory_name },
  { header: '地址', width: 24, value: (r) => r.address },
  { header: '反映人', value: (r) => r.reporter_name },
  // Masked like every other screen: the full number is one audit-logged look-up away.
  { header: '联系电话', width: 16, value: (r) => maskPhone(r.reporter_phone) },
  { header: '紧急', value: (r) => (r.urgent ? '是' : '否') },
  { header: '超期', value: (r) => (r.overdue ? '是' : '否') },
  { header: '登记时间', width: 20, value: (r) => beijingTime(r.created_at) },
  { header: '响应时限', width: 20, value: (r) => beijingTime(r.respond_by) },
  { header: '办结时限', width: 20, value: (r) => beijingTime(r.solve_by) },
  { header: '结案时间', width: 20, value: (r) => beijingTime(r.closed_at) },
  { header: '评价', value: (r) => (r.rating ? RATING_LABELS[r.rating] : '') },
];

/** The queue with the same filters as the list, as an .xlsx; 400 beyond EXPORT_LIMIT rows. */
export async function exportCases(db: Database, actor: Actor, filter: CaseFilter): Promise<Buffer> {
  const viewer = viewerOf(actor);
  if ((await repo.countCases(db, viewer, filter, EXPORT_LIMIT)) > EXPORT_LIMIT) throw new AppError(400, M['case.export_too_large'], { limit: EXPORT_LIMIT });
  return toXlsx('诉求', COLUMNS, await repo.exportCases(db, viewer, filter, EXPORT_LIMIT));
}
