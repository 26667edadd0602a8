import ExcelJS from 'exceljs';
import type { RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import type { TerritoryLevel } from '../../platform/db/schema.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import { readXlsx, type SheetRow } from '../../platform/excel.js';
import { pathInScope, type DataScope } from '../../platform/scope.js';
import { hasForbiddenChars, LEVEL_NAMES, M, NAME_MAX, parentAllowed, type CreatableLevel } from './policy.js';
import * as repo from './repository.js';
import { insertGroups, type TreeSpec } from './tree-loader.js';

export const COLUMNS = { code: '社区编码', grid: '网格', compound: '小区', building: '楼院', remark: '备注' } as const;
const REQUIRED = [COLUMNS.code, COLUMNS.grid, COLUMNS.compound, COLUMNS.building];
export const MAX_ROWS = 20_000;

const INSTRUCTIONS = [
  '填写说明',
  '',
  '1. 每一行是社区下的一条路径：社区编码 → 网格 → 小区 → 楼院。',
  '2. 社区编码：12 位统计用区划代码（如 620102001001），可在“辖区管理”中查看；只能导入到您有权管理的社区。',
  '3. 网格必填；小区、楼院可空。只填网格即新建网格；填网格和楼院、不填小区，表示楼院直接属于网格（如老旧家属院）。',
  '4. 已存在的同名网格、小区、楼院会被沿用，不会重复创建；同一上级下名称不能重复，网格、小区、楼院之间也不能重名。',
  `5. 名称最多 ${NAME_MAX} 个字，不能包含“/”。“备注”列仅供记录，不导入。`,
  '6. 导入前会检查所有行：只要有一行有错，整个文件都不会导入，错误会按行号列出，修改后重新上传即可。',
  '7. 请删除第 2 行的示例后再填写；不要修改第 1 行表头。一次最多 20000 行。',
];

/** The template people fill in: the sheet to import and a second sheet explaining it. */
export async function buildTemplate(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('导入数据', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    // Text format: Excel would otherwise show a 12-digit code as 6.20102E+11.
    { header: COLUMNS.code, width: 18, style: { numFmt: '@' } },
    { header: COLUMNS.grid, width: 16 },
    { header: COLUMNS.compound, width: 20 },
    { header: COLUMNS.building, width: 14 },
    { header: COLUMNS.remark, width: 30 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(['620102001001', '第一网格', '畅家巷小区', '1号楼', '示例，导入前请删除此行']);
  const help = book.addWorksheet('填写说明');
  help.getColumn(1).width = 110;
  INSTRUCTIONS.forEach((line, i) => {
    help.addRow([line]);
    if (i === 0) help.getRow(1).font = { bold: true, size: 14 };
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

interface PathRow {
  rowNumber: number;
  communityId: number;
  steps: { level: CreatableLevel; name: string }[];
}

/** Node in the plan: an existing one (id) or one this import creates (spec). */
interface PlanNode {
  level: TerritoryLevel;
  id?: number;
  spec?: TreeSpec;
  children: Map<string, PlanNode>;
}

const cell = (row: SheetRow, column: string) => (row.values[column] ?? '').trim();

/**
 * Reads every row before writing anything: each problem is reported with its
 * row number and column, and one bad row means nothing is imported.
 */
export async function importFile(db: Database, ctx: RequestContext, scope: DataScope, buffer: Buffer) {
  const sheetRows = await readXlsx(buffer, REQUIRED);
  if (sheetRows.length > MAX_ROWS) throw new AppError(400, M['territory.import_too_many'], { limit: MAX_ROWS });
  const problems: FieldProblem[] = [];
  const problem = (row: SheetRow, column: string, key: string, params?: Record<string, string | number>) =>
    problems.push({ field: `row ${row.rowNumber}.${column}`, key, params });

  const codes = [...new Set(sheetRows.map((r) => cell(r, COLUMNS.code)).filter((c) => /^[0-9]{12}$/.test(c)))];
  // Outside the caller's scope reads exactly like unknown: the file must not reveal other communities.
  const communities = new Map(
    (await repo.communitiesByCode(db, codes)).filter((c) => pathInScope(scope, c.path)).map((c) => [c.code!, c]),
  );

  const rows: PathRow[] = [];
  for (const row of sheetRows) {
    const code = cell(row, COLUMNS.code);
    const community = communities.get(code);
    if (!code) problem(row, COLUMNS.code, 'field.required');
    else if (!/^[0-9]{12}$/.test(code)) problem(row, COLUMNS.code, M['territory.import_code_format']);
    else if (!community) problem(row, COLUMNS.code, M['territory.parent_missing']);
    const names = { grid: cell(row, COLUMNS.grid), compound: cell(row, COLUMNS.compound), building: cell(row, COLUMNS.building) };
    if (!names.grid) problem(row, COLUMNS.grid, names.compound || names.building ? M['territory.import_grid_required'] : M['territory.import_empty_path']);
    const steps: PathRow['steps'] = [];
    for (const level of ['grid', 'compound', 'building'] as const) {
      const name = names[level];
      if (!name) continue;
      const column = COLUMNS[level];
      if ([...name].length > NAME_MAX) problem(row, column, 'field.max_length', { limit: NAME_MAX });
      else if (hasForbiddenChars(name)) problem(row, column, M['territory.name_invalid']);
      steps.push({ level, name });
    }
    if (community) rows.push({ rowNumber: row.rowNumber, communityId: community.id, steps });
  }
  if (problems.length > 0) throw invalidFile(problems);

  return db.transaction().execute(async (trx) => {
    const plan = await planTree(trx, [...communities.values()], rows, problems);
    if (problems.length > 0) throw invalidFile(problems);
    const groups = [...plan.roots].map(([communityId, root]) => ({ communityId, groups: collectNew(root) }));
    const inserted = await insertGroups(trx, groups.flatMap((g) => g.groups));
    const createdIds = new Set(inserted.map((n) => n.id));
    const names = new Map([...communities.values()].map((c) => [c.id, c.name]));
    for (const { communityId, groups: communityGroups } of groups) {
      const created = communityGroups.reduce((n, g) => n + countSpecs(g.specs), 0);
      const reused = plan.reusedByCommunity.get(communityId)?.size ?? 0;
      await audit(trx, ctx, {
        action: 'territory.import',
        entityType: 'territory_node',
        entityId: communityId,
        territoryId: communityId,
        summary: `Excel 导入：在社区“${names.get(communityId)}”下新建 ${created} 个节点，沿用 ${reused} 个`,
        detail: { created, reused, rows: rows.filter((r) => r.communityId === communityId).map((r) => r.rowNumber) },
      });
    }
    const reused = [...plan.reusedByCommunity.values()].reduce((n, set) => n + set.size, 0);
    return { created: createdIds.size, reused, rows: sheetRows.length };
  });
}

const invalidFile = (problems: FieldProblem[]) => new AppError(400, M['territory.import_invalid'], { count: problems.length }, problems);

/**
 * Merges the rows into the communities' existing grids, compounds and
 * buildings by name. A name already used by a sibling of another level
 * (a building "3号院" where the row wants a compound "3号院") is a row error:
 * siblings are told apart by name alone.
 */
async function planTree(trx: Database, communities: { id: number; path: string }[], rows: PathRow[], problems: FieldProblem[]) {
  const existing = await repo.gridLevelsUnder(trx, communities.map((c) => c.path));
  const nodes = new Map<number, PlanNode>();
  const nodeOf = (id: number, level: TerritoryLevel) => {
    let node = nodes.get(id);
    if (!node) nodes.set(id, (node = { id, level, children: new Map() }));
    return node;
  };
  for (const c of communities) nodeOf(c.id, 'community');
  // Shallow first, so every parent is known before its children.
  for (const row of [...existing].sort((a, b) => a.depth - b.depth)) {
    const parent = nodes.get(row.parent_id!);
    if (parent) parent.children.set(row.name, nodeOf(row.id, row.level));
  }

  const roots = new Map<number, PlanNode>();
  const reusedByCommunity = new Map<number, Set<number>>();
  for (const row of rows) {
    let at = nodeOf(row.communityId, 'community');
    roots.set(row.communityId, at);
    for (const step of row.steps) {
      let next = at.children.get(step.name);
      if (!next) {
        if (!parentAllowed(step.level, at.level)) break; // cannot happen: grid → compound → building
        next = { level: step.level, spec: { level: step.level, name: step.name, children: [] }, children: new Map() };
        at.children.set(step.name, next);
        if (at.spec) at.spec.children!.push(next.spec!);
      } else if (next.level !== step.level) {
        problems.push({
          field: `row ${row.rowNumber}.${COLUMNS[step.level]}`,
          key: M['territory.import_level_clash'],
          params: {
            name: step.name,
            existing: LEVEL_NAMES[next.level].zh,
            wanted: LEVEL_NAMES[step.level].zh,
            existingEn: LEVEL_NAMES[next.level].en,
            wantedEn: LEVEL_NAMES[step.level].en,
          },
        });
        break;
      } else if (next.id !== undefined) {
        const set = reusedByCommunity.get(row.communityId) ?? new Set<number>();
        reusedByCommunity.set(row.communityId, set.add(next.id));
      }
      at = next;
    }
  }
  return { roots, reusedByCommunity };
}

/** New subtrees grouped under the existing node each hangs from. */
function collectNew(root: PlanNode) {
  const groups: { parentId: number; specs: TreeSpec[] }[] = [];
  const walk = (node: PlanNode) => {
    const fresh: TreeSpec[] = [];
    for (const child of node.children.values()) {
      if (child.spec) fresh.push(child.spec);
      else walk(child);
    }
    if (fresh.length > 0) groups.push({ parentId: node.id!, specs: fresh });
  };
  walk(root);
  return groups;
}

const countSpecs = (specs: TreeSpec[]): number => specs.reduce((n, s) => n + 1 + countSpecs(s.children ?? []), 0);
