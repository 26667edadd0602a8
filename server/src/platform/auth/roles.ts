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
  // Consultation (议事协商, C6): the six-step loop, its catalogue; dispute mediation.
  'consultation:read': { zh: '查看议事协商与调解', en: 'View consultations and mediations' },
  'consultation:write': { zh: '组织议事协商：征集意见、方案、协商会、任务、结果公开', en: 'Run consultations: collect, propose, consult, act, conclude' },
  'consultation:approve': { zh: '审核协商方案（党组织）', en: 'Review consultation proposals (party organisation)' },
  'consultation:config': { zh: '维护协商目录', en: 'Maintain the consultation catalogue' },
  'mediation:write': { zh: '登记和调解矛盾纠纷', en: 'Register and mediate disputes' },
  // 三社联动 projects and the community funds ledger (C8)
  'project:read': { zh: '查看项目清单', en: 'View projects' },
  'project:write': { zh: '申报项目、确定承接方、登记进度和支出、评价、归档', en: 'Apply for and run projects: undertakers, progress, spending, evaluation, archive' },
  'project:approve': { zh: '审批项目及预算（街道、区县）', en: 'Approve projects and their budgets (street, district)' },
  'project:claim': { zh: '以共建单位身份认领、承接项目', en: 'Claim and undertake projects for a unit' },
  'funds:read': { zh: '查看社区资金台账', en: 'View community funds ledgers' },
  'funds:write': { zh: '登记单位捐赠、冲正', en: 'Record donations and reversals' },
  'funds:allocate': { zh: '向社区拨付资金（区县）', en: 'Allocate funds to communities (district)' },
  // Topics, meetings and resolutions (议题、会议、决议, C6)
  'meeting:read': { zh: '查看议题、会议与决议', en: 'View topics, meetings and resolutions' },
  'topic:write': { zh: '提出议题', en: 'Propose topics' },
  'meeting:write': { zh: '组织会议：议程、签到、纪要、表决、决议落实', en: 'Run meetings: agenda, sign-in, minutes, votes, outcomes' },
  'meeting:config': { zh: '维护各类会议的法定人数与通过比例', en: 'Maintain quorum and pass thresholds per meeting type' },
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

/* 议事协商: the community runs the loop and mediations, its party organisation reviews proposals; each level keeps the catalogue of its own area. */
const CONSULTATION_COMMUNITY: Permission[] = ['consultation:read', 'consultation:write', 'consultation:approve', 'consultation:config', 'mediation:write'];
const CONSULTATION_OVERSIGHT: Permission[] = ['consultation:read', 'consultation:config'];

/* 三社联动: the community applies for and runs projects and keeps its ledger; the street and district approve; the district allocates funds. */
const PROJECT_COMMUNITY: Permission[] = ['project:read', 'project:write', 'funds:read', 'funds:write'];
const PROJECT_STREET: Permission[] = ['project:read', 'project:approve', 'funds:read'];
const PROJECT_DISTRICT: Permission[] = [...PROJECT_STREET, 'funds:allocate'];

/* 议事: the community runs meetings; members propose topics and read; the levels above read. The city sets quorum rules (meeting:config). */
const MEETING_COMMUNITY: Permission[] = ['meeting:read', 'topic:write', 'meeting:write'];
const MEETING_MEMBER: Permission[] = ['meeting:read', 'topic:write'];
const MEETING_OVERSIGHT: Permission[] = ['meeting:read'];

const COMMUNITY_STAFF: Permission[] = [
  ...STAFF,
  ...CASE_COMMUNITY,
  ...COMMITTEE_COMMUNITY,
  ...SELECTION_COMMUNITY,
  ...MEETING_COMMUNITY,
  ...CONSULTATION_COMMUNITY,
  ...PROJECT_COMMUNITY,
  ...UNIT_COMMUNITY,
];
const GRID_WORKER: Permission[] = ['territory:read', 'case:read', 'case:create', 'case:handle', ...COMMITTEE_VISITOR, ...UNIT_BOOKER];
const COMMITTEE_MEMBER: Permission[] = ['territory:read', 'case:read', 'case:create', 'case:handle', ...COMMITTEE_OVERSIGHT, ...COMMITTEE_VISITOR, ...MEETING_MEMBER, ...UNIT_BOOKER];
const DEPARTMENT_STAFF: Permission[] = ['territory:read', 'case:handle'];
const UNIT_CONTACT: Permission[] = ['territory:read', 'unit:act', 'project:claim'];

/**
 * Nobody grants a permission they do not hold (users/service.ts), and street staff
 * grant the roles bound below them, district administrators those below theirs: so a
 * level holds its own permissions and every permission of the roles it grants. What a
 * role may do with them is still decided by the services (e.g. only the community's
 * party organisation approves a member's exit on its own committee's page).
 */
const union = (...lists: readonly Permission[][]): Permission[] => [...new Set(lists.flat())];
const STREET_STAFF = union(
  MANAGER,
  CASE_STREET,
  COMMITTEE_OVERSIGHT,
  SELECTION_STREET,
  MEETING_OVERSIGHT,
  CONSULTATION_OVERSIGHT,
  PROJECT_STREET,
  UNIT_OVERSIGHT,
  COMMUNITY_STAFF,
  GRID_WORKER,
  COMMITTEE_MEMBER,
  UNIT_CONTACT,
);
const DISTRICT_ADMIN = union(MANAGER, ['audit:read', 'territory:admin', 'open311:admin'], CASE_DISTRICT, PROJECT_DISTRICT, STREET_STAFF, DEPARTMENT_STAFF);

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
