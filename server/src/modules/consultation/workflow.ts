import type { Permission } from '../../platform/auth/roles.js';
import type { ConsultationStatus, Level, MediationStatus } from './tables.js';

/**
 * The six-step loop 集→提→报→商→办→结 of seed 003 ("461") as a state table. The state is
 * the step the item is in; each transition completes that step, so no step can be skipped:
 *
 *   collecting(集) ─close_collection→ proposing(提) ─propose→ reviewing(报)
 *   reviewing ─approve→ consulting(商) ─consult→ acting(办) ─conclude→ concluded(结)
 *   reviewing ─send_back(退回修改)→ proposing
 *
 * Routes, the console's buttons and the tests read this table; nothing else decides.
 */
export const STATE_LABELS: Record<ConsultationStatus, string> = {
  collecting: '集·征集意见',
  proposing: '提·形成方案',
  reviewing: '报·党组织审核',
  consulting: '商·议事协商',
  acting: '办·组织实施',
  concluded: '结·结果公开',
};

export const LEVEL_LABELS: Record<Level, string> = { resident: '居民协商', multi: '多元协商', neighbour: '邻里协商', individual: '个别调解' };

export interface Transition<S extends string> {
  from: readonly S[];
  to: S;
  permission: Permission;
  label: string;
}

export const TRANSITIONS = {
  close_collection: { from: ['collecting'], to: 'proposing', permission: 'consultation:write', label: '结束意见征集' },
  propose: { from: ['proposing'], to: 'reviewing', permission: 'consultation:write', label: '提出方案并报党组织审核' },
  approve: { from: ['reviewing'], to: 'consulting', permission: 'consultation:approve', label: '党组织审核同意' },
  send_back: { from: ['reviewing'], to: 'proposing', permission: 'consultation:approve', label: '党组织退回修改' },
  consult: { from: ['consulting'], to: 'acting', permission: 'consultation:write', label: '召开议事协商会' },
  conclude: { from: ['acting'], to: 'concluded', permission: 'consultation:write', label: '结果公开' },
} as const satisfies Record<string, Transition<ConsultationStatus>>;

export type ConsultationAction = keyof typeof TRANSITIONS;
export const CONSULTATION_ACTIONS = Object.keys(TRANSITIONS) as ConsultationAction[];

export function actionsFor(status: ConsultationStatus, holds: (p: Permission) => boolean): ConsultationAction[] {
  return CONSULTATION_ACTIONS.filter((a) => (TRANSITIONS[a].from as readonly ConsultationStatus[]).includes(status) && holds(TRANSITIONS[a].permission));
}

/**
 * A mediation case (矛盾纠纷调解):
 *
 *   registered ─start→ mediating ─agree (协议, every party signed)→ agreed ─follow_up (回访)→ followed_up ─close→ closed
 *   mediating ─fail→ failed ─close→ closed
 *
 * Sessions are recorded while mediating; signatures while mediating, before `agree`.
 */
export const MEDIATION_LABELS: Record<MediationStatus, string> = {
  registered: '已登记',
  mediating: '调解中',
  agreed: '达成协议',
  failed: '调解不成',
  followed_up: '已回访',
  closed: '已结案',
};

export const MEDIATION_TRANSITIONS = {
  start: { from: ['registered'], to: 'mediating', permission: 'mediation:write', label: '开始调解' },
  agree: { from: ['mediating'], to: 'agreed', permission: 'mediation:write', label: '达成调解协议' },
  fail: { from: ['mediating'], to: 'failed', permission: 'mediation:write', label: '调解不成' },
  follow_up: { from: ['agreed', 'followed_up'], to: 'followed_up', permission: 'mediation:write', label: '回访' },
  close: { from: ['followed_up', 'failed'], to: 'closed', permission: 'mediation:write', label: '结案' },
} as const satisfies Record<string, Transition<MediationStatus>>;

export type MediationAction = keyof typeof MEDIATION_TRANSITIONS;
export const MEDIATION_ACTIONS = Object.keys(MEDIATION_TRANSITIONS) as MediationAction[];

export function mediationActionsFor(status: MediationStatus, holds: (p: Permission) => boolean): MediationAction[] {
  return MEDIATION_ACTIONS.filter((a) => (MEDIATION_TRANSITIONS[a].from as readonly MediationStatus[]).includes(status) && holds(MEDIATION_TRANSITIONS[a].permission));
}

/** Mediations with an outcome, the denominator of the success rate (agreements are the numerator). */
export const ENDED: readonly MediationStatus[] = ['agreed', 'failed', 'followed_up', 'closed'];
