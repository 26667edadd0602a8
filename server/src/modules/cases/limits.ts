import { sql } from 'kysely';
import type { RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, fieldError } from '../../platform/errors.js';
import { M } from './messages.js';
import type { Tier } from './tables.js';

export interface Limits {
  respondHours: number;
  urgentRespondHours: number;
  signHours: number;
  solveDays: number;
  escalateGraceHours: number;
}

/** Built-in fallback if an operator deletes the '*' rows: Beijing 12345's general rule. */
const FALLBACK: Limits = { respondHours: 24, urgentRespondHours: 2, signHours: 8, solveDays: 7, escalateGraceHours: 24 };

/** The category's own row for the tier, else the '*' row. */
export async function limitsFor(db: Database, categoryCode: string, tier: Tier): Promise<Limits> {
  const row = await db
    .selectFrom('case_time_limit')
    .selectAll()
    .where('tier', '=', tier)
    .where('category_code', 'in', [categoryCode, '*'])
    .orderBy(sql`category_code = '*'`)
    .limit(1)
    .executeTakeFirst();
  if (!row) return FALLBACK;
  return {
    respondHours: row.respond_hours,
    urgentRespondHours: row.urgent_respond_hours,
    signHours: row.sign_hours,
    solveDays: row.solve_days,
    escalateGraceHours: row.escalate_grace_hours,
  };
}

export const addHours = (from: Date, hours: number) => new Date(from.getTime() + hours * 3_600_000);
export const addDays = (from: Date, days: number) => addHours(from, days * 24);

export async function listLimits(db: Database) {
  const rows = await db.selectFrom('case_time_limit').selectAll().orderBy(sql`category_code = '*'`, 'desc').orderBy('category_code').orderBy('tier').execute();
  return rows.map((r) => ({
    categoryCode: r.category_code,
    tier: r.tier,
    respondHours: r.respond_hours,
    urgentRespondHours: r.urgent_respond_hours,
    signHours: r.sign_hours,
    solveDays: r.solve_days,
    escalateGraceHours: r.escalate_grace_hours,
    version: r.version,
  }));
}

export interface LimitInput {
  respondHours: number;
  urgentRespondHours: number;
  signHours: number;
  solveDays: number;
  escalateGraceHours: number;
  version?: number;
}

/**
 * Sets a category × tier row (creating it on first use). A row that exists is
 * changed only with the version that was read.
 */
export async function putLimit(db: Database, ctx: RequestContext, categoryCode: string, tier: Tier, input: LimitInput) {
  if (categoryCode !== '*') {
    const known = await db.selectFrom('dict_item').select('id').where('type_code', '=', 'case_category').where('code', '=', categoryCode).executeTakeFirst();
    if (!known) throw fieldError('params.categoryCode', M['case.unknown_category']);
  }
  const values = {
    respond_hours: input.respondHours,
    urgent_respond_hours: input.urgentRespondHours,
    sign_hours: input.signHours,
    solve_days: input.solveDays,
    escalate_grace_hours: input.escalateGraceHours,
  };
  await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('case_time_limit')
      .select('version')
      .where('category_code', '=', categoryCode)
      .where('tier', '=', tier)
      .forUpdate()
      .executeTakeFirst();
    if (existing) {
      if (input.version !== existing.version) throw conflict();
      await trx
        .updateTable('case_time_limit')
        .set({ ...values, version: existing.version + 1 })
        .where('category_code', '=', categoryCode)
        .where('tier', '=', tier)
        .execute();
    } else {
      await trx.insertInto('case_time_limit').values({ category_code: categoryCode, tier, ...values }).execute();
    }
    await audit(trx, ctx, {
      action: 'case.time_limit',
      entityType: 'case_time_limit',
      entityId: `${categoryCode}/${tier}`,
      summary: `设置办理时限 ${categoryCode} × ${tier}`,
      detail: { ...input },
    });
  });
  return (await listLimits(db)).find((l) => l.categoryCode === categoryCode && l.tier === tier)!;
}
