import type { TerritoryLevel } from '../../platform/db/schema.js';
import { defineMessages } from '../../platform/i18n.js';

/**
 * Tree rules. Official levels come from the statistical division codes and
 * change only by territory:admin; communities build grids, compounds and
 * buildings below themselves.
 */
export const LEVELS: TerritoryLevel[] = ['city', 'district', 'street', 'community', 'grid', 'compound', 'building'];
export const OFFICIAL_LEVELS: TerritoryLevel[] = ['city', 'district', 'street', 'community'];
export const CREATABLE_LEVELS = ['grid', 'compound', 'building'] as const;
export type CreatableLevel = (typeof CREATABLE_LEVELS)[number];

export const ALLOWED_PARENTS: Record<CreatableLevel, TerritoryLevel[]> = {
  grid: ['community'],
  compound: ['grid'],
  // A 楼院 without a managed compound (an old 家属院) hangs straight off its grid.
  building: ['compound', 'grid'],
};

/** Boundaries are drawn for the areas people are responsible for, not for single buildings. */
export const BOUNDARY_LEVELS: TerritoryLevel[] = ['community', 'grid', 'compound'];

export const LEVEL_NAMES: Record<TerritoryLevel, { zh: string; en: string }> = {
  city: { zh: '市', en: 'city' },
  district: { zh: '区县', en: 'district' },
  street: { zh: '街道', en: 'street' },
  community: { zh: '社区', en: 'community' },
  grid: { zh: '网格', en: 'grid' },
  compound: { zh: '小区', en: 'compound' },
  building: { zh: '楼院', en: 'building' },
};

/** Names created by communities; official names may be longer ("甘肃监狱企业集团公司"). */
export const NAME_MAX = 50;

export const isOfficial = (level: TerritoryLevel) => OFFICIAL_LEVELS.includes(level);
export const isCreatable = (level: TerritoryLevel): level is CreatableLevel => (CREATABLE_LEVELS as readonly string[]).includes(level);
export const parentAllowed = (child: CreatableLevel, parent: TerritoryLevel) => ALLOWED_PARENTS[child].includes(parent);
export const allowedParentsText = (child: CreatableLevel) => ALLOWED_PARENTS[child].map((l) => LEVEL_NAMES[l].zh).join('或');
export const allowedParentsTextEn = (child: CreatableLevel) => ALLOWED_PARENTS[child].map((l) => LEVEL_NAMES[l].en).join(' or ');

/**
 * "/" separates names in full names and import paths; control characters
 * (line breaks from pasted cells) are invisible in the console.
 */
export const hasForbiddenChars = (name: string) => [...name].some((c) => c === '/' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** `/1/12/345/` → [1, 12, 345]: the node's ancestors and itself, top first. */
export const pathIds = (path: string) => path.split('/').filter(Boolean).map(Number);

export const M = defineMessages({
  'territory.parent_missing': { 'zh-CN': '上级不存在', 'en-US': 'The parent does not exist' },
  'territory.parent_level': {
    'zh-CN': '{child}只能建在{allowed}下',
    'en-US': 'A {childEn} can only be placed under a {allowedEn}',
  },
  'territory.move_level': { 'zh-CN': '只有网格、小区、楼院可以移动', 'en-US': 'Only grids, compounds and buildings can be moved' },
  'territory.move_into_self': { 'zh-CN': '不能移动到自身或自己的下级节点下', 'en-US': 'A node cannot be moved under itself or one of its descendants' },
  'territory.name_taken': { 'zh-CN': '同一上级下已有名为“{name}”的节点', 'en-US': 'The parent already has a node named "{name}"' },
  'territory.name_blank': { 'zh-CN': '名称不能为空', 'en-US': 'The name must not be blank' },
  'territory.name_invalid': { 'zh-CN': '名称不能包含“/”或换行等控制字符', 'en-US': 'The name must not contain "/" or control characters such as line breaks' },
  'territory.official_admin': {
    'zh-CN': '修改行政区划（市、区县、街道、社区）需要“维护行政区划”权限',
    'en-US': 'Editing official divisions needs the "maintain official divisions" permission',
  },
  'territory.not_polygon': { 'zh-CN': '不是多边形：{reason}', 'en-US': 'Not a polygon: {reasonEn}' },
  'territory.boundary_level': {
    'zh-CN': '只有社区、网格、小区可以设置边界',
    'en-US': 'Only communities, grids and compounds have boundaries',
  },
  'territory.import_invalid': {
    'zh-CN': '导入文件有 {count} 处错误，未导入任何数据，请修改后重新上传',
    'en-US': 'The file has {count} errors; nothing was imported. Fix them and upload again',
  },
  'territory.import_too_many': { 'zh-CN': '一次最多导入 {limit} 行', 'en-US': 'At most {limit} rows per import' },
  'territory.import_file_missing': { 'zh-CN': '请在表单字段 file 中上传 Excel 文件', 'en-US': 'Upload the Excel file in the form field "file"' },
  'territory.import_code_format': { 'zh-CN': '社区编码应为 12 位数字', 'en-US': 'The community code must have 12 digits' },
  'territory.import_grid_required': {
    'zh-CN': '填写了小区或楼院时必须填写所属网格',
    'en-US': 'A grid is required when a compound or building is given',
  },
  'territory.import_empty_path': { 'zh-CN': '至少填写网格', 'en-US': 'At least a grid is required' },
  'territory.import_level_clash': {
    'zh-CN': '“{name}”已作为{existing}存在，不能再作为{wanted}',
    'en-US': '"{name}" already exists as a {existingEn}, not a {wantedEn}',
  },
});
