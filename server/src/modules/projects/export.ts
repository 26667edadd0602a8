import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { beijingTime, toXlsx } from '../../platform/excel.js';
import { yuan } from '../funds/service.js';
import { overview } from './overview.js';
import { listProjects, type ProjectFilter } from './service.js';
import { FUNDING_LABELS } from './steps.js';
import { PROJECT_STATES } from './tables.js';
import { STATE_LABELS } from './workflow.js';

/** Every project the list's filter finds (up to 5,000), as staff read the list. */
export async function exportProjects(db: Database, actor: Actor, filter: ProjectFilter) {
  const page = await listProjects(db, actor, { ...filter, current: 1, pageSize: 5000 });
  return toXlsx(
    '项目清单',
    [
      { header: '编号', value: (r) => r.id, width: 8 },
      { header: '社区', value: (r) => r.communityName },
      { header: '项目名称', value: (r) => r.title, width: 36 },
      { header: '资金来源', value: (r) => FUNDING_LABELS[r.fundingSource] },
      { header: '状态', value: (r) => STATE_LABELS[r.status] },
      { header: '进度(%)', value: (r) => r.progress },
      { header: '承接方', value: (r) => r.undertakerName ?? '' },
      { header: '申报预算(元)', value: (r) => Number(yuan(r.requestedTotal)) },
      { header: '批复预算(元)', value: (r) => (r.approvedTotal === null ? '' : Number(yuan(r.approvedTotal))) },
      { header: '申报时间', value: (r) => beijingTime(r.createdAt), width: 20 },
    ],
    page.data,
  );
}

export async function exportOverview(db: Database, actor: Actor, range: { from: string; to: string; territoryId?: number }) {
  const o = await overview(db, actor, range);
  return toXlsx(
    `项目与资金 ${o.from}~${o.to}`,
    [
      { header: '社区', value: (c) => c.communityName },
      ...PROJECT_STATES.map((s) => ({ header: STATE_LABELS[s], value: (c: (typeof o.communities)[number]) => c.stages[s] })),
      { header: '区县拨付(元)', value: (c) => Number(yuan(c.allocated)) },
      { header: '单位捐赠(元)', value: (c) => Number(yuan(c.donated)) },
      { header: '支出(元)', value: (c) => Number(yuan(c.spent)) },
    ],
    [...o.communities, { communityId: 0, communityName: '合计', stages: o.stages, allocated: o.allocated, donated: o.donated, spent: o.spent }],
  );
}
