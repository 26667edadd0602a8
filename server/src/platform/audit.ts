import type { Kysely } from 'kysely';
import type { RequestContext } from './auth/actor.js';
import type { DB } from './db/schema.js';
import { maskPhone } from './personal.js';

export interface AuditEntry {
  /** `<module>.<verb>`, e.g. `territory.move`, `personal.view`. */
  action: string;
  entityType: string;
  entityId?: string | number | null;
  /** Where the record hangs in the tree; scoped readers of the log see it by this. */
  territoryId?: number | null;
  /** One sentence for the log browser; never personal data. */
  summary: string;
  detail?: Record<string, unknown>;
}

/**
 * Appends to the audit log. Call it with the transaction of the write it
 * records, so the write and its record commit or fail together.
 */
export async function audit(db: Kysely<DB>, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  await auditWrite(db, ctx, entry).execute();
}

/** The audit row as a query not yet run, for a caller that sends it with its other writes (executeTogether). */
export function auditWrite(db: Kysely<DB>, ctx: RequestContext, entry: AuditEntry) {
  return db
    .insertInto('audit_log')
    .values({
      actor_id: ctx.actor?.userId ?? null,
      // A resident is named by the masked number they signed in with: enough to follow a trail, not to call.
      actor_name: ctx.actor ? `${ctx.actor.displayName} (${ctx.actor.username})` : ctx.resident ? `居民 ${maskPhone(ctx.resident.phone)}` : null,
      ip: ctx.ip,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId == null ? null : String(entry.entityId),
      territory_id: entry.territoryId ?? null,
      summary: entry.summary,
      detail: JSON.stringify(entry.detail ?? {}),
    });
}
