import type { TerritoryLevel } from '../db/schema.js';

/**
 * Permission strings. A module that adds a capability adds its permissions
 * here and grants them to roles below; routes check them by name.
 */
export const PERMISSIONS = {
  'territory:read': { zh: '查看辖区', en: 'View territory' },
  'territory:write': { zh: '维护网格、小区、楼院', en: 'Maintain grids, compounds and buildings' },
  'territory:admin': { zh: '维护行政区划', en: 'Maintain official divisions' },
  'user:read': { zh: '查看账号', en: 'View accounts' },
  'user:write': { zh: '管理账号', en: 'Manage accounts' },
  'role:assign': { zh: '分配角色', en: 'Assign roles' },
  'audit:read': { zh: '查看审计日志', en: 'Read the audit log' },
  'dict:write': { zh: '维护数据字典', en: 'Maintain dictionaries' },
  'personal:view': { zh: '查看完整个人信息', en: 'View full personal data' },
  'case:read': { zh: '查看诉求', en: 'View cases' },
  'case:create': { zh: '登记诉求', en: 'Record cases' },
  'case:accept': { zh: '诉求立案、不予受理、合并', en: 'Accept, reject or merge cases' },
  'case:dispatch': { zh: '派遣常规哨', en: 'Dispatch routine cases' },
  'case:coordinate': { zh: '协调派遣联合哨', en: 'Coordinate joint cases' },
  'case:supervise': { zh: '督办攻坚哨', en: 'Supervise tough cases' },
  'case:handle': { zh: '报到、退单、办理、答复', en: 'Sign for, return, handle and reply to cases' },
  'case:verify': { zh: '核查结案、回访评价', en: 'Verify, close and rate cases' },
  'case:config': { zh: '维护职能部门与办理时限', en: 'Maintain departments and time limits' },
  'open311:admin': { zh: '管理 Open311 接口密钥', en: 'Manage Open311 API keys' },
  'outbox:read': { zh: '查看消息发件箱（演示模式下的验证码）', en: 'Read the message outbox (codes in demo mode)' },
  'stats:read': { zh: '查看统计分析', en: 'View statistics' },
  // Committees (社工委委员): roster, exit and dismissal, zones, visits, overview.
  'committee:read': { zh: '查看社工委及委员', en: 'View committees and members' },
  'committee:write': { zh: '维护社工委委员、分片联系、提出退出', en: 'Maintain committee members, zones and exit requests' },
  'committee:approve': { zh: '审批委员退出、解聘委员（社区党组织）', en: 'Approve exits and dismiss members (party organisation)' },
  'visit:write': { zh: '登记走访', en: 'Log visits' },
  // Committee formation (社工委组建, C3) and the public board (公示, C14)
  'selection:write': { zh: '组织委员产生：发布公告、登记人选、党组织会议、公示、聘任', en: 'Run member selection: announce, nominate, decide, publish, appoint' },
  'selection:approve': { zh: '审批备案委员人选（街道党工委）', en: 'Approve candidate lists (street party working committee)' },
  'committee:config': { zh: '维护社工委组成规则', en: 'Maintain committee composition rules' },
  'notice:write': { zh: '管理公示公告、认定异议', en: 'Manage public notices and decide objections' },
  // Co-building units (C8): registration, 双报到, service records, resources, demands and claims.
  'unit:read': { zh: '查看共建单位、报到党员、资源清单和需求清单', en: 'View units, registered party members, resources and demands' },
  'unit:write': { zh: '确认报到、登记服务纪实与评价、发布需求、确认认领', en: 'Confirm registrations, record services and feedback, post demands, confirm claims' },
  'unit:act': { zh: '单位报到、发布资源、认领需求（驻区单位）', en: 'Register a unit, list resources, claim demands (as a unit)' },
  'resource:book': { zh: '预约资源清单中的场地、设备等', en: 'Book listed resources' },
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

interface RoleDefinition {
  zh: string;
  en: string;
  /** Territory levels a role may be bound to; null = installation-wide only. */
  levels: TerritoryLevel[] | null;
  permissions: readonly Permission[];
}

const STAFF: Permission[] = ['territory:read', 'territory:write', 'user:read', 'personal:view'];
const MANAGER: Permission[] = [...STAFF, 'user:write', 'role:assign'];
/* 三哨分流: the community runs routine cases, the street coordinates joint ones, the district supervises tough ones. */
/* Statistics (数据统计) are for the staff who run cases over an area, from the community up. */
const CASE_COMMUNITY: Permission[] = ['case:read', 'case:create', 'case:accept', 'case:dispatch', 'case:handle', 'case:verify', 'stats:read'];
const CASE_STREET: Permission[] = [...CASE_COMMUNITY, 'case:coordinate'];
const CASE_DISTRICT: Permission[] = [...CASE_STREET, 'case:supervise', 'case:config'];
/* The community's party organisation runs its committee; the levels above read the overview; members and grid workers visit. */
const COMMITTEE_COMMUNITY: Permission[] = ['committee:read', 'committee:write', 'committee:approve', 'visit:write'];
const COMMITTEE_OVERSIGHT: Permission[] = ['committee:read'];
const COMMITTEE_VISITOR: Permission[] = ['visit:write'];

/* 社工委组建: the community runs the procedure and the board, the street (and above) approves the list. */
const SELECTION_COMMUNITY: Permission[] = ['selection:write', 'notice:write'];
const SELECTION_STREET: Permission[] = ['selection:approve', 'notice:write'];

/* 共建单位: the community confirms and records, the levels above read the overview; units act for themselves; residents' groups book through members and grid workers. */
const UNIT_COMMUNITY: Permission[] = ['unit:read', 'unit:write', 'resource:book'];
const UNIT_OVERSIGHT: Permission[] = ['unit:read'];
const UNIT_BOOKER: Permission[] = ['resource:book'];

const COMMUNITY_STAFF: Permission[] = [...STAFF, ...CASE_COMMUNITY, ...COMMITTEE_COMMUNITY, ...SELECTION_COMMUNITY, ...UNIT_COMMUNITY];
const GRID_WORKER: Permission[] = ['territory:read', 'case:read', 'case:create', 'case:handle', ...COMMITTEE_VISITOR, ...UNIT_BOOKER];
const COMMITTEE_MEMBER: Permission[] = ['territory:read', 'case:read', 'case:create', 'case:handle', ...COMMITTEE_OVERSIGHT, ...COMMITTEE_VISITOR, ...UNIT_BOOKER];
const DEPARTMENT_STAFF: Permission[] = ['territory:read', 'case:handle'];
const UNIT_CONTACT: Permission[] = ['territory:read', 'unit:act'];

/**
 * Nobody grants a permission they do not hold (users/service.ts), and street staff
 * grant the roles bound below them, district administrators those below theirs: so a
 * level holds its own permissions and every permission of the roles it grants. What a
 * role may do with them is still decided by the services (e.g. only the community's
 * party organisation approves a member's exit on its own committee's page).
 */
const union = (...lists: readonly Permission[][]): Permission[] => [...new Set(lists.flat())];
const STREET_STAFF = union(MANAGER, CASE_STREET, COMMITTEE_OVERSIGHT, SELECTION_STREET, UNIT_OVERSIGHT, COMMUNITY_STAFF, GRID_WORKER, COMMITTEE_MEMBER, UNIT_CONTACT);
const DISTRICT_ADMIN = union(MANAGER, ['audit:read', 'territory:admin', 'open311:admin'], CASE_DISTRICT, STREET_STAFF, DEPARTMENT_STAFF);

/** The roles of SPEC §1. Residents act through the H5 pages with a phone code, not an account. */
export const ROLES = {
  system_admin: { zh: '系统管理员', en: 'System administrator', levels: null, permissions: ALL_PERMISSIONS },
  city_admin: { zh: '市级管理员（市委组织部）', en: 'City administrator', levels: ['city'], permissions: ALL_PERMISSIONS },
  district_admin: { zh: '区县管理员/包抓领导', en: 'District administrator / leader', levels: ['district'], permissions: DISTRICT_ADMIN },
  street_staff: { zh: '街道工作人员', en: 'Street staff', levels: ['street'], permissions: STREET_STAFF },
  community_staff: { zh: '社区工作人员', en: 'Community staff', levels: ['community'], permissions: COMMUNITY_STAFF },
  grid_worker: { zh: '网格员/楼院长', en: 'Grid worker / building head', levels: ['grid', 'compound', 'building'], permissions: GRID_WORKER },
  committee_member: { zh: '社工委委员', en: 'Committee member', levels: ['community', 'grid'], permissions: COMMITTEE_MEMBER },
  // Departments see a case through its assignment to them, not through the territory.
  department_staff: { zh: '职能部门人员', en: 'Department staff', levels: ['city', 'district', 'street'], permissions: DEPARTMENT_STAFF },
  unit_contact: { zh: '驻区单位/社会组织联系人', en: 'Unit / organisation contact', levels: ['street', 'community'], permissions: UNIT_CONTACT },
  volunteer: { zh: '志愿者', en: 'Volunteer', levels: ['community'], permissions: [] },
} as const satisfies Record<string, RoleDefinition>;

export type Role = keyof typeof ROLES;
export const ROLE_CODES = Object.keys(ROLES) as Role[];

export function isRole(value: string): value is Role {
  return Object.hasOwn(ROLES, value);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLES[role].permissions;
}
