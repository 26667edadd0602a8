import ExcelJS from 'exceljs';
import type { Static } from 'typebox';
import type { Database } from '../../platform/db/database.js';
import { CHANNEL_LABELS, STATE_LABELS, TIER_LABELS, type Channel } from '../cases/service.js';
import { listItems } from '../dicts/service.js';
import { DEFINITIONS } from './definitions.js';
import type { CaseStats } from './schema.js';

type Stats = Static<typeof CaseStats>;
type Figures = Pick<Stats, 'counts' | 'rates'>;

const LEVEL_LABELS: Record<string, string> = { city: '市', district: '区县', street: '街道', community: '社区' };

const percent = (v: number | null) => (v === null ? '' : `${(v * 100).toFixed(1)}%`);

/** The columns every table of figures shares: counts, then rates as a person reads them. */
const FIGURE_COLUMNS: [string, (f: Figures) => string | number][] = [
  ['登记量', (f) => f.counts.received],
  ['立案量', (f) => f.counts.accepted],
  ['不予受理', (f) => f.counts.rejected],
  ['合并', (f) => f.counts.merged],
  ['及时响应', (f) => f.counts.respondedInTime],
  ['响应率', (f) => percent(f.rates.responseRate.value)],
  ['办结', (f) => f.counts.closed],
  ['解决率', (f) => percent(f.rates.solveRate.value)],
  ['常规哨办结', (f) => f.counts.closedInGrid],
  ['网格内解决占比', (f) => percent(f.rates.inGridShare.value)],
  ['已评价', (f) => f.counts.rated],
  ['满意', (f) => f.counts.satisfied],
  ['基本满意', (f) => f.counts.basicallySatisfied],
  ['不满意', (f) => f.counts.dissatisfied],
  ['满意率', (f) => percent(f.rates.satisfactionRate.value)],
  ['超期件数', (f) => f.counts.overdue],
  ['超期率', (f) => percent(f.rates.overdueRate.value)],
  ['吹哨升级', (f) => f.counts.escalated],
  ['重新办理', (f) => f.counts.reopened],
  ['平均办结时长（小时）', (f) => f.rates.averageCloseHours ?? ''],
];

function sheet<T extends Figures>(book: ExcelJS.Workbook, name: string, key: string, rows: T[], label: (row: T) => string) {
  const ws = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  ws.columns = [{ header: key, width: 22 }, ...FIGURE_COLUMNS.map(([header]) => ({ header, width: Math.max(10, header.length * 2 + 2) }))];
  ws.getRow(1).font = { bold: true };
  for (const row of rows) ws.addRow([label(row), ...FIGURE_COLUMNS.map(([, value]) => value(row))]);
}

/** The statistics as staff take them to a meeting: one sheet per table of the page, and the definitions. */
export async function statsWorkbook(db: Database, stats: Stats): Promise<Buffer> {
  const categories = await listItems(db, 'case_category', { includeDisabled: true, pageSize: 200 });
  const categoryName = new Map(categories.data.map((c) => [c.code, c.label]));
  const place = [...stats.territory.ancestors.map((a) => a.name), stats.territory.name].join(' / ');
  const book = new ExcelJS.Workbook();

  const summary = book.addWorksheet('汇总');
  summary.columns = [{ width: 18 }, { width: 16 }, { width: 12 }, { width: 12 }, { width: 90 }];
  summary.addRow(['辖区', place]);
  summary.addRow(['统计期间（北京时间）', `${stats.period.from} 至 ${stats.period.to}`]);
  summary.addRow([]);
  summary.addRow(['指标', '数值', '分子', '分母', '口径']).font = { bold: true };
  const rate = (key: keyof typeof DEFINITIONS, r: { numerator: number; denominator: number; value: number | null }) =>
    summary.addRow([DEFINITIONS[key].zh, percent(r.value), r.numerator, r.denominator, DEFINITIONS[key].textZh]);
  summary.addRow([DEFINITIONS.received.zh, stats.counts.received, '', '', DEFINITIONS.received.textZh]);
  summary.addRow([DEFINITIONS.accepted.zh, stats.counts.accepted, '', '', DEFINITIONS.accepted.textZh]);
  rate('responseRate', stats.rates.responseRate);
  rate('solveRate', stats.rates.solveRate);
  rate('satisfactionRate', stats.rates.satisfactionRate);
  rate('inGridShare', stats.rates.inGridShare);
  summary.addRow([DEFINITIONS.overdue.zh, stats.counts.overdue, '', '', DEFINITIONS.overdue.textZh]);
  summary.addRow([DEFINITIONS.averageClose.zh, stats.rates.averageCloseHours ?? '', '', '', DEFINITIONS.averageClose.textZh]);
  summary.addRow([DEFINITIONS.escalated.zh, stats.counts.escalated, '', '', DEFINITIONS.escalated.textZh]);
  summary.addRow([]);
  summary.addRow([DEFINITIONS.period.zh, '', '', '', DEFINITIONS.period.textZh]);

  if (stats.children.length > 0) sheet(book, '下级辖区', '辖区', stats.children, (c) => `${c.name}（${LEVEL_LABELS[c.level] ?? c.level}）`);
  sheet(book, '趋势', stats.period.granularity === 'day' ? '日期' : '月份', stats.series, (s) => (stats.period.granularity === 'day' ? s.period : s.period.slice(0, 7)));
  sheet(book, '按渠道', '渠道', stats.byChannel, (r) => CHANNEL_LABELS[r.code as Channel] ?? r.code);
  sheet(book, '按分类', '分类', stats.byCategory, (r) => categoryName.get(r.code) ?? r.code);
  sheet(book, '按层级', '层级', stats.byTier, (r) => TIER_LABELS[r.code as keyof typeof TIER_LABELS] ?? r.code);
  sheet(book, '按状态', '状态', stats.byStatus, (r) => STATE_LABELS[r.code as keyof typeof STATE_LABELS] ?? r.code);
  for (const ws of book.worksheets) ws.getRow(1).font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}
