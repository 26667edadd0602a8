import type { Actor } from '../../platform/auth/actor.js';
import { isRole, permissionsOf, ROLES, type Permission, type Role } from '../../platform/auth/roles.js';
import type { TerritoryLevel } from '../../platform/db/schema.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { defineMessages } from '../../platform/i18n.js';
import { pathInScope, type DataScope } from '../../platform/scope.js';

/**
 * Account rules. The thread through all of them: nobody can hand out, or take
 * over an account holding, more than they hold themselves — otherwise a street
 * could reset a city administrator's password and log in as them.
 */
export const M = defineMessages({
  'users.username_taken': { 'zh-CN': '用户名“{username}”已被使用', 'en-US': 'The user name "{username}" is taken' },
  'users.territory_unknown': {
    'zh-CN': '该辖区节点不存在或不在您的管理范围内',
    'en-US': 'The territory node does not exist or is outside your area',
  },
  'users.home_required': { 'zh-CN': '请选择账号所属辖区', 'en-US': 'Choose the territory the account belongs to' },
  'users.self_forbidden': {
    'zh-CN': '不能对自己的账号执行此操作（修改自己的密码请使用“修改密码”）',
    'en-US': 'You cannot do this to your own account (change your own password under "Change password")',
  },
  'users.outranked': {
    'zh-CN': '该账号拥有超出您权限或管辖范围的角色，您不能管理它',
    'en-US': 'This account holds roles beyond your permissions or area; you cannot manage it',
  },
  'users.role_escalation': {
    'zh-CN': '您不能分配或撤销“{role}”：该角色含有您自己没有的权限',
    'en-US': 'You cannot grant or revoke "{roleEn}": it carries permissions you do not hold',
  },
  'users.system_admin_only': {
    'zh-CN': '只有系统管理员可以分配或撤销系统管理员角色',
    'en-US': 'Only a system administrator can grant or revoke the system administrator role',
  },
  'users.role_unbound': { 'zh-CN': '系统管理员角色不绑定辖区，territoryId 应为 null', 'en-US': 'The system administrator role is not bound to a node; territoryId must be null' },
  'users.role_level': {
    'zh-CN': '“{role}”只能分配在{levels}级节点上',
    'en-US': '"{roleEn}" can only be bound to a node of level {levelsEn}',
  },
  'users.role_duplicate': { 'zh-CN': '该账号已在此节点拥有“{role}”角色', 'en-US': 'The account already holds "{roleEn}" on this node' },
  'users.last_admin_role': {
    'zh-CN': '不能撤销自己最后一个管理角色，否则将无法再管理账号',
    'en-US': 'You cannot revoke your own last administrative role; you would lose account management',
  },
  'users.export_too_large': {
    'zh-CN': '符合条件的记录超过 {limit} 条，请缩小筛选范围后再导出',
    'en-US': 'More than {limit} records match; narrow the filters before exporting',
  },
});

/** Exports are built in memory; beyond this the caller should narrow the filters. */
export const EXPORT_LIMIT = 50_000;

export const LEVEL_NAMES: Record<TerritoryLevel, { zh: string; en: string }> = {
  city: { zh: '市', en: 'city' },
  district: { zh: '区县', en: 'district' },
  street: { zh: '街道', en: 'street' },
  community: { zh: '社区', en: 'community' },
  grid: { zh: '网格', en: 'grid' },
  compound: { zh: '小区', en: 'compound' },
  building: { zh: '楼院', en: 'building' },
};

/** Roles that can hand out roles; a person keeps at least one of their own so they are not locked out of administration. */
export const ADMIN_PERMISSION: Permission = 'role:assign';
export const isAdminRole = (role: Role) => permissionsOf(role).includes(ADMIN_PERMISSION);

export const isSystemAdmin = (actor: Actor) => actor.roles.some((r) => r.role === 'system_admin');

const holdsAll = (actor: Actor, role: Role) => permissionsOf(role).every((p) => actor.permissions.has(p));

export interface NodeRef {
  id: number;
  level: TerritoryLevel;
  path: string;
}

/**
 * Whether the actor may grant this role on this node: system_admin (unbound)
 * only by a system_admin; any other role only with every one of its
 * permissions, on a node of one of its levels inside the actor's role:assign
 * scope. `node` is undefined when territoryId names no node. The order fixes
 * the answers: escalation is a 403 whatever the node, and a node outside the
 * scope gets the same 400 as one that does not exist, before its level is told.
 */
export function grantProblem(actor: Actor, assignScope: DataScope, role: Role, territoryId: number | null, node: NodeRef | undefined): AppError | null {
  const def = ROLES[role];
  const names = { role: def.zh, roleEn: def.en };
  if (role === 'system_admin') {
    if (!isSystemAdmin(actor)) return new AppError(403, M['users.system_admin_only']);
    return territoryId === null ? null : fieldError('body.territoryId', M['users.role_unbound']);
  }
  if (!holdsAll(actor, role)) return new AppError(403, M['users.role_escalation'], names);
  if (territoryId === null) return fieldError('body.territoryId', 'field.required');
  if (!node || !pathInScope(assignScope, node.path)) return fieldError('body.territoryId', M['users.territory_unknown']);
  const levels: readonly TerritoryLevel[] = def.levels ?? [];
  if (!levels.includes(node.level)) {
    return fieldError('body.territoryId', M['users.role_level'], {
      ...names,
      levels: levels.map((l) => LEVEL_NAMES[l].zh).join('、'),
      levelsEn: levels.map((l) => LEVEL_NAMES[l].en).join(', '),
    });
  }
  return null;
}

/** Revoking takes the same standing as granting: one cannot strip a role one could not have given. */
export function revokeProblem(actor: Actor, assignScope: DataScope, role: string, path: string | null): AppError | null {
  if (!isRole(role)) return pathInScope(assignScope, path) ? null : new AppError(403, M['users.outranked']);
  if (role === 'system_admin') return isSystemAdmin(actor) ? null : new AppError(403, M['users.system_admin_only']);
  if (!holdsAll(actor, role)) return new AppError(403, M['users.role_escalation'], { role: ROLES[role].zh, roleEn: ROLES[role].en });
  return pathInScope(assignScope, path) ? null : new AppError(403, M['users.outranked']);
}

/**
 * Managing an account (edit, disable, reset its password, unlock) needs more
 * than seeing it: the manager must hold every permission of every role the
 * account holds, over every node those roles are bound to.
 */
export function mayManage(actor: Actor, writeScope: DataScope, target: { role: string; path: string | null }[]): boolean {
  return target.every((b) => {
    const role = b.role;
    if (!isRole(role)) return true; // a role removed from the code grants nothing
    if (role === 'system_admin' && !isSystemAdmin(actor)) return false;
    if (!holdsAll(actor, role)) return false;
    return b.path === null ? writeScope.kind === 'all' : pathInScope(writeScope, b.path);
  });
}
