import crypto from 'node:crypto';
import { sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { RequestContext } from '../../platform/auth/actor.js';
import { auditWrite } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { executeTogether } from '../../platform/db/together.js';
import { conflict, fieldError } from '../../platform/errors.js';
import { pathInScope, type DataScope } from '../../platform/scope.js';
import { bigrams } from '../../platform/search.js';
import { beijingDay } from '../../platform/time.js';
import { deepestHolders, holderCandidates } from './access.js';
import { attachmentsUnavailable, claimAttachments } from './attachments.js';
import { M } from './messages.js';
import { notifyWrite } from './notify.js';
import { rollupNewCaseWrites, type CaseFacts } from './rollup.js';
import type { CreateCaseInput } from './schema.js';
import type { CaseRow } from './tables.js';

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
  const beijing = beijingDay(now).replaceAll('-', '');
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
  return existing && replayed(existing, hash);
}

function replayed(existing: { id: number; idempotency_hash: string | null }, hash: string): number {
  if (existing.idempotency_hash !== hash) throw conflict(M['case.idempotency_mismatch']);
  return Number(existing.id);
}

/**
 * Everything a submission is checked against, in one read: an earlier case
 * under the same key, the community and the place, the category, the photos
 * it claims, the staff who accept cases there, and — only when those checks
 * pass — the ids the case and its first timeline row will take (a submission
 * refused after that, for the submitter's scope, leaves a gap in the
 * numbers, as a rolled-back one does).
 */
function lookup(db: Database, input: CreateCaseInput, by: Submission, key: string) {
  const placeId = input.territoryId ?? input.communityId;
  const node = (id: number) => db.selectFrom('territory_node').select(['id', 'path', 'level', 'name']).where('id', '=', id);
  const category = db
    .selectFrom('dict_item')
    .select('label')
    .where('type_code', '=', 'case_category')
    .where('code', '=', input.categoryCode)
    .where('enabled', '=', true);
  const photos = [...new Set(input.attachmentIds ?? [])];
  const claimable =
    photos.length === 0
      ? sql<number>`0`
      : sql<number>`(${db.selectFrom('case_attachment').select(sql<number>`count(*)`.as('n')).where('id', 'in', photos).where('owner', '=', by.source).where('case_id', 'is', null)})`;
  const placePath = sql<string>`(${db.selectFrom('territory_node').select('path').where('id', '=', placeId)})`;
  const earlier = db.selectFrom('case_record').select(['id', 'idempotency_hash']).where('source', '=', by.source).where('idempotency_key', '=', key);
  // Each read once, in a subquery PostgreSQL may not fold into the outer one (OFFSET): the
  // checks that decide whether to draw the ids read its columns instead of planning every
  // subquery again. The place is the community itself, or a node of its subtree.
  const found = db
    .selectNoFrom([
      jsonObjectFrom(earlier).as('earlier'),
      jsonObjectFrom(node(input.communityId).where('level', '=', 'community')).as('community'),
      jsonObjectFrom(node(placeId)).as('place'),
      category.as('category_label'),
      claimable.as('claimable'),
      jsonArrayFrom(holderCandidates(db, 'case:accept', placePath)).as('holders'),
    ])
    .offset(0)
    .as('f');
  const ok = sql<boolean>`f.earlier IS NULL AND f.category_label IS NOT NULL AND starts_with(f.place->>'path', f.community->>'path') AND f.claimable = ${photos.length}`;
  return db
    .selectFrom(found)
    .selectAll('f')
    .select(sql<[string, string, string] | null>`CASE WHEN ${ok} THEN ARRAY[nextval('case_record_id_seq'), nextval('case_tracking_seq'), nextval('case_event_id_seq')] END`.as('ids'))
    .executeTakeFirstOrThrow();
}

const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';

/** The case as written, with the names and paths its detail shows (from the lookup: nothing to read back). */
export type NewCase = CaseRow & { territory_name: string; community_name: string; category_name: string | null; territory_path: string; community_path: string };

/**
 * Records a case; a retried submission (same source and key, same body)
 * returns the first case. The case, its timeline row, the audit entry, the
 * notifications and the statistics rollups are one statement.
 */
export async function submit(db: Database, ctx: RequestContext, input: CreateCaseInput, by: Submission): Promise<{ id: number; created: false } | { id: number; created: true; row: NewCase }> {
  const hash = fingerprint(input);
  const key = input.idempotencyKey ?? null;
  const description = input.description.trim();
  if (description.length === 0) throw fieldError('body.description', M['case.description_blank']);
  // Without a key nothing can match: '' is no key (the schema asks for at least one character).
  const found = await lookup(db, input, by, key ?? '');
  if (found.earlier) return { id: replayed(found.earlier, hash), created: false };
  const { community, place } = found;
  if (!community) throw fieldError('body.communityId', M['case.not_a_community']);
  if (!place || !place.path.startsWith(community.path)) throw fieldError('body.territoryId', M['case.territory_outside_community']);
  if (by.scope && !pathInScope(by.scope, place.path)) throw fieldError('body.territoryId', M['case.territory_out_of_scope']);
  if (found.category_label === null) throw fieldError('body.categoryCode', M['case.unknown_category']);
  if (Number(found.claimable) !== new Set(input.attachmentIds ?? []).size) throw attachmentsUnavailable('body.attachmentIds');
  // The checks above are the ones the lookup drew the ids under: none is missing here.
  const [id, serial, eventId] = found.ids!.map(Number) as [number, number, number];
  const now = new Date();
  const trackingNo = trackingNumber(serial, now);
  const write = (trx: Database) => {
    const values = {
      id,
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
      created_at: now,
    };
    const event = trx.insertInto('case_event').values({
      id: eventId,
      case_id: id,
      action: 'submit',
      from_status: null,
      to_status: 'submitted',
      actor_id: ctx.actor?.userId ?? null,
      actor_name: ctx.actor?.displayName ?? (ctx.resident ? '居民' : null),
      detail: JSON.stringify({ channel: input.channel }),
      at: now,
    });
    const entry = { action: 'case.submit', entityType: 'case', entityId: id, territoryId: place.id, summary: `登记诉求 ${trackingNo}（${input.channel}）` };
    const staff = deepestHolders(found.holders);
    const notice = notifyWrite(trx, staff, { kind: 'case.submitted', title: `新诉求待受理：${trackingNo}`, body: description.slice(0, 80), entityType: 'case', entityId: id }, by.createdBy);
    const facts = newCaseFacts(values, community.path);
    const others = [event, auditWrite(trx, ctx, entry), ...(notice ? [notice] : []), ...rollupNewCaseWrites(trx, facts)];
    return executeTogether(trx, others, trx.insertInto('case_record').values(values).returningAll());
  };
  try {
    // The one statement is its own transaction, or joins the caller's (the 12345 import writes every
    // row or none); photos are claimed once the case exists, in a transaction with it.
    const photos = input.attachmentIds ?? [];
    const inTransaction = <T>(work: (trx: Database) => Promise<T>) => (db.isTransaction ? work(db) : db.transaction().execute(work));
    const rows =
      photos.length === 0
        ? await write(db)
        : await inTransaction(async (trx) => {
            const written = await write(trx);
            await claimAttachments(trx, photos, by.source, id, eventId, 'body.attachmentIds');
            return written;
          });
    const row = { ...rows[0]!, territory_name: place.name, community_name: community.name, category_name: found.category_label, territory_path: place.path, community_path: community.path };
    return { id, created: true, row };
  } catch (err) {
    // Two retries racing: the loser finds the winner's case (a caller's transaction is aborted by then).
    if (key !== null && !db.isTransaction && isUniqueViolation(err)) {
      const first = await replay(db, by.source, key, hash);
      if (first !== undefined) return { id: first, created: false };
    }
    throw err;
  }
}

/** What the rollups count of a case just recorded: the row's defaults for everything intake does not set. */
function newCaseFacts(v: Pick<CaseFacts, 'id' | 'community_id' | 'channel' | 'category_code' | 'created_at'>, communityPath: string): CaseFacts {
  return {
    id: v.id,
    community_id: v.community_id,
    channel: v.channel,
    category_code: v.category_code,
    tier: 'routine',
    status: 'submitted',
    created_at: v.created_at,
    accepted_at: null,
    respond_by: null,
    responded_at: null,
    closed_at: null,
    rating: null,
    reopen_count: 0,
    escalation_count: 0,
    overdue: false,
    community_path: communityPath,
  };
}
