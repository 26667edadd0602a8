/**
 * The exact definition of every figure on the statistics page, in both
 * languages. The console shows them as tooltips (GET /stats/cases/definitions),
 * the Excel export adds them as a sheet, and docs/statistics.md quotes them
 * word for word (a test checks it).
 */
export const DEFINITIONS = {
  period: {
    zh: '统计期间',
    en: 'Period',
    textZh: '按诉求登记时间（北京时间）所在日期统计：一件诉求只计入它登记当天所在的期间，之后的立案、响应、办结、评价都回到登记当天计算，所以近期的比率会随办理进展而变化。',
    textEn: 'Cases are counted by the Beijing date on which they were received: a case belongs only to the period containing that day, and its later acceptance, response, closure and rating are counted back on that day, so recent rates change as cases progress.',
  },
  received: {
    zh: '登记量',
    en: 'Received',
    textZh: '期间内登记的诉求件数，含各渠道，也含不予受理和被合并的诉求。',
    textEn: 'Cases received in the period, from every channel, including those rejected or merged into another.',
  },
  accepted: {
    zh: '立案量',
    en: 'Accepted',
    textZh: '登记量中已立案的件数（立案后已派遣、办理、办结的都计入）。',
    textEn: 'Received cases that have been accepted (including those since dispatched, handled or closed).',
  },
  responseRate: {
    zh: '响应率',
    en: 'Response rate',
    textZh: '及时响应件数 ÷ 立案量。及时响应：承办人（网格员、社区或部门）首次报到签收的时间不晚于响应时限（紧急诉求自登记起 2 小时，其余按分类和层级的时限）。尚未报到的立案诉求计入分母。',
    textEn: 'Cases responded to in time ÷ accepted cases. In time: the first sign-for by the handler (grid worker, community or department) is no later than the response deadline (2 hours from receipt for urgent cases, otherwise the limit of the category and tier). Accepted cases not yet signed for count in the denominator.',
  },
  solveRate: {
    zh: '解决率',
    en: 'Solve rate',
    textZh: '办结件数 ÷ 立案量。办结：社区核查通过，处于“已办结”或“已评价”状态；重新办理的诉求在再次办结前不计入。',
    textEn: 'Closed cases ÷ accepted cases. Closed: verified by the community, now closed or rated; a reopened case does not count until it is closed again.',
  },
  satisfactionRate: {
    zh: '满意率',
    en: 'Satisfaction rate',
    textZh: '（满意 + 基本满意）件数 ÷ 已评价件数。以最近一次评价为准，重新办理时原评价作废。',
    textEn: '(Satisfied + basically satisfied) ÷ rated cases. The latest rating counts; reopening a case voids its rating.',
  },
  inGridShare: {
    zh: '网格内解决占比',
    en: 'Solved in the grid',
    textZh: '以常规哨办结的件数 ÷ 办结件数。常规哨：由网格或社区办结，既未吹哨升级，也未以联合哨、攻坚哨立案；其余办结件为上级协调解决（联合哨由街道协调，攻坚哨由区县督办）。',
    textEn: 'Cases closed as routine ÷ closed cases. Routine: closed by the grid or community, never escalated and not accepted as joint or tough; the other closed cases were solved above the community (joint: coordinated by the street; tough: supervised by the district).',
  },
  overdue: {
    zh: '超期件数',
    en: 'Overdue',
    textZh: '曾被时限巡查标记为超过办结时限的件数；之后延期、升级或办结的也仍计入。超期率 = 超期件数 ÷ 立案量。',
    textEn: 'Cases the time-limit sweep ever flagged as past their solve deadline, whatever happened afterwards (extension, escalation, closure). Overdue rate = overdue ÷ accepted cases.',
  },
  averageClose: {
    zh: '平均办结时长',
    en: 'Average time to close',
    textZh: '办结件从登记到核查办结所用时长之和 ÷ 办结件数，单位小时；重新办理后再次办结的，按最后一次办结时间计算。',
    textEn: 'Total time from receipt to verified closure of the closed cases ÷ closed cases, in hours; for a case reopened and closed again, the last closure counts.',
  },
  escalated: {
    zh: '吹哨升级',
    en: 'Escalated',
    textZh: '至少吹哨升级过一次层级的件数（人工吹哨或超期后系统自动升级）。',
    textEn: 'Cases escalated at least one tier (by a person or automatically after going overdue).',
  },
  now: {
    zh: '当前状态',
    en: 'Now',
    textZh: '辖区内全部诉求（不论何时登记）此刻所处状态的件数；“当前超期”为此刻仍带超期标记的件数。不受统计期间影响。',
    textEn: 'All cases of the area, whenever received, by their state at this moment; "overdue now" counts those still flagged overdue. Not limited to the period.',
  },
} as const;

export type DefinitionKey = keyof typeof DEFINITIONS;
