import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, fieldError, notFound } from '../../platform/errors.js';
import { pathInScope, scopeFor, territoryCondition } from '../../platform/scope.js';
import { M } from './messages.js';
import { DEFAULT_RULES } from './rules.js';

type RuleFields = typeof DEFAULT_RULES;

/** The composition rules of every city in the caller's area; a city without a row shows the defaults. */
export async function listRules(db: Database, actor: Actor) {
  const scope = scopeFor(actor, 'committee:config');
  const rows = await db
    .selectFrom('territory_node as c')
    .leftJoin('committee_rule as r', 'r.city_id', 'c.id')
    .select(['c.id', 'c.name', 'r.city_id', 'r.size_min', 'r.size_max', 'r.deputy_min', 'r.deputy_max', 'r.notice_days', 'r.rotating_term_months', 'r.certificate_prefix', 'r.version'])
    .where('c.level', '=', 'city')
    .where((eb) => territoryCondition(eb as never, 'c.id' as never, scope))
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({
    cityId: r.id,
    cityName: r.name,
    configured: r.city_id !== null,
    version: r.version ?? 0,
    sizeMin: r.size_min ?? DEFAULT_RULES.sizeMin,
    sizeMax: r.size_max ?? DEFAULT_RULES.sizeMax,
    deputyMin: r.deputy_min ?? DEFAULT_RULES.deputyMin,
    deputyMax: r.deputy_max ?? DEFAULT_RULES.deputyMax,
    noticeDays: r.notice_days ?? DEFAULT_RULES.noticeDays,
    rotatingTermMonths: r.rotating_term_months ?? DEFAULT_RULES.rotatingTermMonths,
    certificatePrefix: r.certificate_prefix ?? DEFAULT_RULES.certificatePrefix,
  }));
}

/** Sets a city's rules; the first save creates the row, later saves check its version. */
export async function saveRules(db: Database, ctx: RequestContext & { actor: Actor }, cityId: number, input: RuleFields & { version?: number }) {
  if (input.sizeMin > input.sizeMax) throw fieldError('body.sizeMin', M['selection.rule_order']);
  if (input.deputyMin > input.deputyMax) throw fieldError('body.deputyMin', M['selection.rule_order']);
  await db.transaction().execute(async (trx) => {
    const city = await trx.selectFrom('territory_node').select(['id', 'path', 'level', 'name']).where('id', '=', cityId).executeTakeFirst();
    if (!city || !pathInScope(scopeFor(ctx.actor, 'committee:config'), city.path)) throw notFound();
    if (city.level !== 'city') throw fieldError('params.id', M['selection.not_a_city']);
    const values = {
      size_min: input.sizeMin,
      size_max: input.sizeMax,
      deputy_min: input.deputyMin,
      deputy_max: input.deputyMax,
      notice_days: input.noticeDays,
      rotating_term_months: input.rotatingTermMonths,
      certificate_prefix: input.certificatePrefix.trim(),
      updated_by: ctx.actor.userId,
      updated_at: new Date(),
    };
    const existing = await trx.selectFrom('committee_rule').select('version').where('city_id', '=', city.id).forUpdate().executeTakeFirst();
    if (existing) {
      if (input.version !== existing.version) throw conflict();
      await trx.updateTable('committee_rule').set({ ...values, version: existing.version + 1 }).where('city_id', '=', city.id).execute();
    } else {
      await trx.insertInto('committee_rule').values({ city_id: city.id, ...values }).execute();
    }
    await audit(trx, ctx, {
      action: 'selection.rules',
      entityType: 'committee_rule',
      entityId: city.id,
      territoryId: city.id,
      summary: `${city.name}社工委组成规则：委员 ${input.sizeMin}–${input.sizeMax} 名，副主任 ${input.deputyMin}–${input.deputyMax} 名，公示 ${input.noticeDays} 天`,
    });
  });
}
