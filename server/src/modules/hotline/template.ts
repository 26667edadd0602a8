import ExcelJS from 'exceljs';

/**
 * The 12345 work-order template (工单导入模板). The columns follow what
 * municipal 12345 platforms (政务服务便民热线) export for a work order:
 * number, call time, caller, phone, classification, content, address, the
 * division it was sent to, urgency, dispatch time and the time limit.
 */
export const COLUMNS = {
  orderNo: '工单编号',
  calledAt: '来电时间',
  caller: '来电人',
  phone: '联系电话',
  category: '诉求类别',
  content: '诉求内容',
  address: '诉求地址',
  district: '所属区县',
  street: '所属街道',
  community: '所属社区',
  urgency: '紧急程度',
  dispatchedAt: '派单时间',
  limit: '办理时限',
} as const;

export const REQUIRED = [COLUMNS.orderNo, COLUMNS.category, COLUMNS.content, COLUMNS.community];
export const MAX_ROWS = 2000;

const WIDTHS: Record<keyof typeof COLUMNS, number> = {
  orderNo: 20, calledAt: 18, caller: 10, phone: 14, category: 16, content: 40, address: 28,
  district: 10, street: 12, community: 16, urgency: 10, dispatchedAt: 18, limit: 18,
};

const EXAMPLE = [
  '2026120100123', '2026-12-01 09:15', '王女士', '13812345678', '城乡建设/物业管理', '小区1号楼电梯停运三天，老人上下楼困难', '畅家巷小区1号楼',
  '城关区', '酒泉路街道', '畅家巷社区', '一般', '2026-12-01 10:00', '3天',
];

const INSTRUCTIONS = [
  '填写说明（12345 热线工单导入）',
  '',
  '1. 每一行是一张 12345 工单，导入后成为一件渠道为“12345 热线”的诉求，进入社区待受理。',
  '2. 必填列：工单编号、诉求类别、诉求内容、所属社区。其余列可空；第 1 行表头不要修改，列的顺序可以不同。',
  '3. 工单编号：热线平台的工单号。已导入过的工单编号会跳过（不算错误），同一文件重复导入不会产生重复诉求；同一文件内工单编号不能重复。',
  '4. 所属社区：社区名称或 12 位区划代码（如 620102001001）。重名社区请同时填写所属区县、所属街道，或直接填代码。只能导入到您有权登记诉求的社区。',
  '5. 诉求类别：系统中的分类名称（供水供暖、物业管理、环境卫生、治安安全、邻里纠纷、公共设施、困难群体、疫情防控、历史遗留、其他），或热线平台的分类，如“城乡建设/物业管理”“供热”“市容环境”，系统按末级分类自动对应。',
  '6. 联系电话：11 位手机号，可空；固定电话请留空（可凭工单编号在热线平台回访）。',
  '7. 紧急程度：一般、紧急或特急（紧急、特急按紧急诉求处理）；空为一般。',
  '8. 时间：北京时间，格式 2026-12-01 09:30（也可用 Excel 日期单元格）。办理时限填截止时间，或天数（如 3 或“3天”，自派单时间起算）。',
  `9. 导入前会检查所有行：只要有一行有错，整个文件都不会导入，错误按行号列出。一次最多 ${MAX_ROWS} 行。`,
  '10. 可上传 .xlsx，或 CSV（UTF-8，带或不带 BOM；GBK 编码的 CSV 也可以）。请删除第 2 行示例后再填写。',
];

export async function buildTemplate(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('工单', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = (Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]).map((k) => ({
    header: COLUMNS[k],
    width: WIDTHS[k],
    // Text format: Excel would otherwise show long order numbers and codes as 2.0261E+12.
    style: { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(EXAMPLE);
  const help = book.addWorksheet('填写说明');
  help.getColumn(1).width = 120;
  INSTRUCTIONS.forEach((line, i) => {
    help.addRow([line]);
    if (i === 0) help.getRow(1).font = { bold: true, size: 14 };
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** 12345 classifications (last level first) that name one of our categories in other words. */
const SYNONYMS: Record<string, string[]> = {
  water_heating: ['供水', '供暖', '供热', '停水', '停暖', '暖气', '水压', '自来水', '二次供水', '采暖'],
  property: ['物业', '物业服务', '电梯', '小区管理', '业主委员会', '停车管理'],
  environment: ['环境卫生', '市容环境', '市容', '环卫', '垃圾', '噪音', '噪声', '环境保护', '污染', '油烟'],
  public_safety: ['治安', '社会治安', '消防', '安全隐患', '公共安全'],
  neighbour_dispute: ['邻里纠纷', '矛盾纠纷', '纠纷', '邻里关系'],
  facilities: ['公共设施', '市政设施', '路灯', '道路', '井盖', '绿化', '管网'],
  vulnerable: ['社会救助', '低保', '困难群体', '养老', '残疾人', '救助'],
  epidemic: ['疫情防控', '卫生防疫', '防疫'],
  legacy: ['历史遗留', '房产证', '不动产登记', '拆迁安置'],
  other: ['其他', '咨询', '建议', '表扬'],
};

export interface Category {
  code: string;
  label: string;
}

/**
 * Maps a 12345 classification ("城乡建设/物业管理/电梯故障") to a category:
 * each level from the last, by our label or code, then by the synonyms,
 * exactly and then contained. Disabled categories are not offered.
 */
export function mapCategory(value: string, categories: Category[]): string | null {
  const levels = value.split(/[/／\\>＞\-－|｜]/).map((s) => s.trim()).filter(Boolean).reverse();
  const enabled = new Set(categories.map((c) => c.code));
  const synonym = (level: string, exact: boolean) =>
    Object.entries(SYNONYMS).find(([code, words]) => enabled.has(code) && words.some((w) => (exact ? level === w : level.includes(w))))?.[0];
  for (const level of levels) {
    const direct = categories.find((c) => c.label === level || c.code === level.toLowerCase());
    if (direct) return direct.code;
    const found = synonym(level, true) ?? synonym(level, false);
    if (found) return found;
  }
  return null;
}
