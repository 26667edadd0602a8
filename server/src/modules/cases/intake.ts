import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, fieldError } from '../../platform/errors.js';
import { pathInScope, type DataScope } from '../../platform/scope.js';
import { bigrams } from '../../platform/search.js';
import { nearestHolders } from './access.js';
import { checkClaimable, claimAttachments } from './attachments.js';
import { M } from './messages.js';
import { notify } from './notify.js';
import { rollupCaseCreated } from './rollup.js';
import type { CreateCaseInput } from './schema.js';

/**
 * Intake from every channel. Staff record cases in their own area; the
 * resident H5 page, Open311 and the 12345 import call `submit` with their own
 * source and no scope.
 */
export interface Submission {
  /** 'user:<id>', 'h5:<phone>', 'open311:<key id>', '12345': idempotency keys are unique per source. */
  source: string;
  createdBy: number | null;
  /** Where the submitter may record cases; null for public channels (the community comes from the QR code). */
  scope: DataScope | null;
}

/** 'GZ' + the Beijing calendar date + a six-digit (or longer) serial, e.g. GZ20261122-000123. */
export function trackingNumber(serial: number, now = new Date()): string {
  const beijing = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
  return `GZ${beijing}-${String(serial).padStart(6, '0')}`;
}

/** What makes two submissions "the same": every field but the key, whitespace-trimmed, in a fixed order. */
function fingerprint(input: CreateCaseInput): string {
  const { idempotencyKey: _key, ...rest } = input;
  const canonical = Object.keys(rest)
    .sort()
    .map((k) => [k, typeof rest[k as keyof typeof rest] === 'string' ? (rest[k as keyof typeof rest] as string).trim() : rest[k as keyof typeof rest]]);
  return crypto.createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

async function replay(db: Database, source: string, key: string, hash: string): Promise<number | undefined> {
  const existing = await db
    .selectFrom('case_record')
    .select(['id', 'idempotency_hash'])
    .where('source', '=', source)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  if (!existing) return undefined;
  if (existing.idempotency_hash !== hash) throw conflict(M['case.idempotency_mismatch']);
  return existing.id;
}

async function validate(db: Database, input: CreateCaseInput, by: Submission) {
  const scope = by.scope;
  const description = input.description.trim();
  if (description.length === 0) throw fieldError('body.description', M['case.description_blank']);
  const community = await db
    .selectFrom('territory_node')
    .select(['id', 'path', 'level'])
    .where('id', '=', input.communityId)
    .executeTakeFirst();
  if (!community || community.level !== 'community') throw fieldError('body.communityId', M['case.not_a_community']);
  let place = community;
  if (input.territoryId !== undefined && input.territoryId !== community.id) {
    const node = await db.selectFrom('territory_node').select(['id', 'path', 'level']).where('id', '=', input.territoryId).executeTakeFirst();
    if (!node || !node.path.startsWith(community.path)) throw fieldError('body.territoryId', M['case.territory_outside_community']);
    place = node;
  }
  if (scope && !pathInScope(scope, place.path)) throw fieldError('body.territoryId', M['case.territory_out_of_scope']);
  const category = await db
    .selectFrom('dict_item')
    .select('id')
    .where('type_code', '=', 'case_category')
    .where('code', '=', input.categoryCode)
    .where('enabled', '=', true)
    .executeTakeFirst();
  if (!category) throw fieldError('body.categoryCode', M['case.unknown_category']);
  await checkClaimable(db, input.attachmentIds, by.source, 'body.attachmentIds');
  return { description, community, place };
}

const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';

/** Records a case; a retried submission (same source and key, same body) returns the first case. */
export async function submit(db: Database, ctx: RequestContext, input: CreateCaseInput, by: Submission): Promise<{ id: number; created: boolean }> {
  const hash = fingerprint(input);
  const key = input.idempotencyKey ?? null;
  if (key !== null) {
    const first = await replay(db, by.source, key, hash);
    if (first !== undefined) return { id: first, created: false };
  }
  const { description, community, place } = await validate(db, input, by);
  try {
    // Inside a caller's transaction (the 12345 import writes every row or none) the case joins it.
    const inTransaction = <T>(work: (trx: Database) => Promise<T>) => (db.isTransaction ? work(db) : db.transaction().execute(work));
    const id = await inTransaction(async (trx) => {
      const { rows } = await sql<{ n: number }>`SELECT nextval('case_tracking_seq')::int8 AS n`.execute(trx);
      const trackingNo = trackingNumber(rows[0]!.n);
      const created = await trx
        .insertInto('case_record')
        .values({
          tracking_no: trackingNo,
          territory_id: place.id,
          community_id: community.id,
          channel: input.channel,
          category_code: input.categoryCode,
          description,
          desc_tokens: bigrams(description),
          address: input.address?.trim() || null,
          reporter_name: input.reporterName?.trim() || null,
          reporter_phone: input.reporterPhone ?? null,
          urgent: input.urgent ?? false,
          latitude: input.location?.lat ?? null,
          longitude: input.location?.lng ?? null,
          source: by.source,
          idempotency_key: key,
          idempotency_hash: key === null ? null : hash,
          created_by: by.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const event = await trx
        .insertInto('case_event')
        .values({
          case_id: created.id,
          action: 'submit',
          from_status: null,
          to_status: 'submitted',
          actor_id: ctx.actor?.userId ?? null,
          actor_name: ctx.actor?.displayName ?? (ctx.resident ? '居民' : null),
          detail: JSON.stringify({ channel: input.channel }),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await claimAttachments(trx, input.attachmentIds, by.source, created.id, event.id, 'body.attachmentIds');
      await audit(trx, ctx, {
        action: 'case.submit',
        entityType: 'case',
        entityId: created.id,
        territoryId: place.id,
        summary: `登记诉求 ${trackingNo}（${input.channel}）`,
      });
      const staff = await nearestHolders(trx, 'case:accept', place.path);
      await notify(trx, staff, { kind: 'case.submitted', title: `新诉求待受理：${trackingNo}`, body: description.slice(0, 80), entityType: 'case', entityId: created.id }, by.createdBy);
      await rollupCaseCreated(trx, created.id);
      return created.id;
    });
    return { id, created: true };
  } catch (err) {
    // Two retries racing: the loser finds the winner's case (a caller's transaction is aborted by then).
    if (key !== null && !db.isTransaction && isUniqueViolation(err)) {
      const first = await replay(db, by.source, key, hash);
      if (first !== undefined) return { id: first, created: false };
    }
    throw err;
  }
}
