import type { Permission } from '../../platform/auth/roles.js';
import type { BookingStatus, ClaimStatus, DemandStatus, RegistrationStatus } from './tables.js';

/**
 * The state tables of C8. Who may fire a transition is a list of rules:
 * `contact` = an account acting for the unit concerned (unit_account), `booker` = who
 * asked for the booking, `territory` = a permission over the record's community.
 *
 * Registration (units and 双报到 members alike):
 *   pending ─confirm→ confirmed ─withdraw→ withdrawn
 *      └────reject→ rejected        (pending ─withdraw→ withdrawn too)
 *
 * Booking:   requested ─confirm (owner)→ confirmed
 *            requested ─decline (owner)→ declined
 *            requested | confirmed ─cancel (booker or owner)→ cancelled
 *
 * Claim and demand move together:
 *   demand open ─claim (unit)→ claimed          claim → requested
 *   claimed ─confirm_claim (staff)→ in_progress  claim → confirmed
 *   claimed ─reject_claim (staff)→ open          claim → rejected
 *   claimed ─withdraw_claim (unit)→ open         claim → withdrawn
 *   in_progress ─complete (staff, rating)→ met   claim → completed
 *   open | claimed | in_progress ─close (staff)→ closed (live claim → withdrawn)
 */
export type Rule = { relation: 'contact' } | { relation: 'booker' } | { relation: 'owner' } | { relation: 'territory'; permission: Permission };

export interface Standing {
  isContact: boolean;
  isBooker: boolean;
  isOwner: boolean;
  permissionsHere: ReadonlySet<Permission>;
}

interface Transition<S extends string> {
  from: readonly S[];
  to: S;
  who: readonly Rule[];
  label: string;
}

const staff = (permission: Permission): Rule => ({ relation: 'territory', permission });

export const REGISTRATION = {
  confirm: { from: ['pending'], to: 'confirmed', who: [staff('unit:write')], label: '确认报到' },
  reject: { from: ['pending'], to: 'rejected', who: [staff('unit:write')], label: '退回报到' },
  withdraw: { from: ['pending', 'confirmed'], to: 'withdrawn', who: [{ relation: 'contact' }, staff('unit:write')], label: '撤销报到' },
} as const satisfies Record<string, Transition<RegistrationStatus>>;
export type RegistrationAction = keyof typeof REGISTRATION;

export const BOOKING = {
  confirm: { from: ['requested'], to: 'confirmed', who: [{ relation: 'owner' }], label: '确认预约' },
  decline: { from: ['requested'], to: 'declined', who: [{ relation: 'owner' }], label: '拒绝预约' },
  cancel: { from: ['requested', 'confirmed'], to: 'cancelled', who: [{ relation: 'booker' }, { relation: 'owner' }], label: '取消预约' },
} as const satisfies Record<string, Transition<BookingStatus>>;
export type BookingAction = keyof typeof BOOKING;
export const ACTIVE_BOOKING: BookingStatus[] = ['requested', 'confirmed'];

export const DEMAND = {
  claim: { from: ['open'], to: 'claimed', who: [{ relation: 'contact' }], label: '认领需求' },
  confirm_claim: { from: ['claimed'], to: 'in_progress', who: [staff('unit:write')], label: '确认认领' },
  reject_claim: { from: ['claimed'], to: 'open', who: [staff('unit:write')], label: '退回认领' },
  withdraw_claim: { from: ['claimed'], to: 'open', who: [{ relation: 'contact' }], label: '撤回认领' },
  complete: { from: ['in_progress'], to: 'met', who: [staff('unit:write')], label: '需求已满足' },
  close: { from: ['open', 'claimed', 'in_progress'], to: 'closed', who: [staff('unit:write')], label: '关闭需求' },
} as const satisfies Record<string, Transition<DemandStatus>>;
export type DemandAction = keyof typeof DEMAND;

/** What each demand transition does to the live claim. */
export const CLAIM_AFTER: Partial<Record<DemandAction, ClaimStatus>> = {
  claim: 'requested',
  confirm_claim: 'confirmed',
  reject_claim: 'rejected',
  withdraw_claim: 'withdrawn',
  complete: 'completed',
  close: 'withdrawn',
};
export const LIVE_CLAIM: ClaimStatus[] = ['requested', 'confirmed'];

export function mayFire(t: { who: readonly Rule[] }, s: Standing): boolean {
  return t.who.some((r) =>
    r.relation === 'contact' ? s.isContact : r.relation === 'booker' ? s.isBooker : r.relation === 'owner' ? s.isOwner : s.permissionsHere.has(r.permission),
  );
}

export function allowed<A extends string, S extends string>(table: Record<A, Transition<S>>, status: S, s: Standing): A[] {
  return (Object.keys(table) as A[]).filter((a) => table[a].from.includes(status) && mayFire(table[a], s));
}

export const REGISTRATION_LABELS: Record<RegistrationStatus, string> = { pending: '待确认', confirmed: '已报到', rejected: '已退回', withdrawn: '已撤销' };
export const BOOKING_LABELS: Record<BookingStatus, string> = { requested: '待确认', confirmed: '已确认', declined: '已拒绝', cancelled: '已取消' };
export const DEMAND_LABELS: Record<DemandStatus, string> = { open: '待认领', claimed: '已认领待确认', in_progress: '实施中', met: '已满足', closed: '已关闭' };
export const CATEGORY_LABELS: Record<string, string> = {
  venue: '场地',
  parking: '停车位（错时共享）',
  equipment: '设备物资',
  funds: '资金',
  legal: '法律服务',
  medical: '医疗服务',
  psychological: '心理服务',
  volunteer: '志愿服务',
  other: '其他',
};
