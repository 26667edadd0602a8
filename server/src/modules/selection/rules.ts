import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.js';
import { notFound } from '../../platform/errors.js';
import type { MemberRole } from '../committees/tables.js';

/**
 * Composition rules (seed 001 §三.1–2): 主任 one, the community party secretary; 副主任
 * usually 3–4; members 9–15 in principle (Lanzhou 13–15), "可根据工作实际适当增减" — so a
 * broken rule is a warning that needs a recorded reason, never a hard stop.
 */
export interface Rules {
  cityId: number | null;
  sizeMin: number;
  sizeMax: number;
  deputyMin: number;
  deputyMax: number;
  noticeDays: number;
  rotatingTermMonths: number;
  certificatePrefix: string;
}

export const DEFAULT_RULES: Omit<Rules, 'cityId'> = {
  sizeMin: 9,
  sizeMax: 15,
  deputyMin: 3,
  deputyMax: 4,
  noticeDays: 3,
  rotatingTermMonths: 12,
  certificatePrefix: '社工委聘',
};

export type RuleCode = 'director_count' | 'director_secretary' | 'deputies' | 'size';

export interface RuleCheck {
  rule: RuleCode;
  ok: boolean;
  /** What the rule asks, in words, and what the list has. */
  expected: string;
  actual: string;
}

export const RULE_LABELS: Record<RuleCode, string> = {
  director_count: '设主任一名',
  director_secretary: '主任由社区党组织书记担任',
  deputies: '副主任人数',
  size: '委员总数',
};

/** The city a community lies in (its ancestor of level city), or null outside any city. */
export async function cityOf(db: Database, communityId: number): Promise<number | null> {
  const row = await db
    .selectFrom('territory_node as c')
    .innerJoin('territory_node as city', (j) => j.on('city.level', '=', 'city').on(sql<boolean>`c.path LIKE city.path || '%'`))
    .select('city.id')
    .where('c.id', '=', communityId)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function rulesFor(db: Database, communityId: number): Promise<Rules> {
  const cityId = await cityOf(db, communityId);
  const row = cityId === null ? undefined : await db.selectFrom('committee_rule').selectAll().where('city_id', '=', cityId).executeTakeFirst();
  if (!row) return { cityId, ...DEFAULT_RULES };
  return {
    cityId,
    sizeMin: row.size_min,
    sizeMax: row.size_max,
    deputyMin: row.deputy_min,
    deputyMax: row.deputy_max,
    noticeDays: row.notice_days,
    rotatingTermMonths: row.rotating_term_months,
    certificatePrefix: row.certificate_prefix,
  };
}

export interface Seat {
  role: MemberRole;
  isPartySecretary: boolean;
}

export function checkComposition(rules: Rules, seats: readonly Seat[]): RuleCheck[] {
  const directors = seats.filter((s) => s.role === 'director');
  const deputies = seats.filter((s) => s.role === 'deputy_director').length;
  const range = (min: number, max: number) => (min === max ? `${min} 名` : `${min}–${max} 名`);
  return [
    { rule: 'director_count', ok: directors.length === 1, expected: '1 名', actual: `${directors.length} 名` },
    {
      rule: 'director_secretary',
      ok: directors.length > 0 && directors.every((d) => d.isPartySecretary),
      expected: '社区党组织书记',
      actual: directors.length === 0 ? '未设主任' : directors.every((d) => d.isPartySecretary) ? '社区党组织书记' : '非党组织书记',
    },
    { rule: 'deputies', ok: deputies >= rules.deputyMin && deputies <= rules.deputyMax, expected: range(rules.deputyMin, rules.deputyMax), actual: `${deputies} 名` },
    { rule: 'size', ok: seats.length >= rules.sizeMin && seats.length <= rules.sizeMax, expected: range(rules.sizeMin, rules.sizeMax), actual: `${seats.length} 名` },
  ];
}

export const brokenRules = (checks: readonly RuleCheck[]) => checks.filter((c) => !c.ok).map((c) => `${RULE_LABELS[c.rule]}（应为${c.expected}，实际${c.actual}）`);

/** Serving members of a community's committee, as seats. */
export async function servingSeats(db: Database, communityId: number): Promise<Seat[]> {
  const rows = await db
    .selectFrom('committee_member')
    .select(['role', 'is_party_secretary'])
    .where('community_id', '=', communityId)
    .where('status', 'in', ['serving', 'exiting'])
    .execute();
  return rows.map((r) => ({ role: r.role, isPartySecretary: r.is_party_secretary }));
}

/**
 * The rule checks of a committee's serving members, for the committee page (委员会组成预警):
 * the checks, which are broken, and the recorded deviation reason, if any.
 */
export async function compositionWarnings(db: Database, committeeId: number) {
  const committee = await db.selectFrom('committee').select(['id', 'community_id', 'deviation_reason']).where('id', '=', committeeId).executeTakeFirst();
  if (!committee) throw notFound();
  const rules = await rulesFor(db, committee.community_id);
  const checks = checkComposition(rules, await servingSeats(db, committee.community_id));
  return { committeeId: committee.id, checks, warnings: brokenRules(checks), deviationReason: committee.deviation_reason };
}
