import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { RequestContext } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { PHONE_PATTERN } from '../../platform/schema.js';
import { submit } from '../cases/intake.js';
import type { CaseStatus } from '../cases/tables.js';
import { STATE_LABELS } from '../cases/workflow.js';
import { useKey } from './keys.js';
import { locate } from './location.js';
import { M } from './messages.js';
import { w3c } from './format.js';

/**
 * GeoReport v2 over the cases module: services are the enabled case
 * categories (dictionary case_category), a POST is a case submitted through
 * the intake service on channel 'open311', and a request's status is the
 * case's state folded into open/closed.
 */
const CLOSED: CaseStatus[] = ['rejected', 'merged', 'closed', 'rated'];
const OPEN: CaseStatus[] = ['submitted', 'accepted', 'dispatched', 'handling', 'replied'];

/** Every service takes the same one attribute: whether the matter is urgent (危及安全、停水停暖). */
const URGENT = {
  variable: true,
  code: 'urgent',
  datatype: 'singlevaluelist',
  required: false,
  datatype_description: '',
  order: 1,
  description: '是否紧急（危及人身财产安全、停水停电停暖等）',
  values: [
    { key: 'true', name: '是' },
    { key: 'false', name: '否' },
  ],
};

async function categories(db: Database) {
  return db.selectFrom('dict_item').select(['code', 'label', 'label_en']).where('type_code', '=', 'case_category').where('enabled', '=', true).orderBy('sort').orderBy('id').execute();
}

/** The jurisdictions served: the installation's cities, by their 12-digit division code. */
export async function checkJurisdiction(db: Database, id: string | undefined): Promise<string | null> {
  if (id === undefined || id === '') return null;
  const city = await db.selectFrom('territory_node').select('path').where('level', '=', 'city').where('code', '=', id).executeTakeFirst();
  if (!city) throw new AppError(404, M['open311.jurisdiction_unknown'], { id });
  return city.path;
}

export async function listServices(db: Database) {
  return (await categories(db)).map((c) => ({
    service_code: c.code,
    service_name: c.label,
    description: c.label_en,
    metadata: true,
    type: 'realtime' as const,
    keywords: '',
    group: '',
  }));
}

export async function serviceDefinition(db: Database, code: string) {
  if (!(await categories(db)).some((c) => c.code === code)) throw new AppError(404, M['open311.service_unknown'], { code });
  return { service_code: code, attributes: [URGENT] };
}

export interface PostInput {
  api_key?: string;
  jurisdiction_id?: string;
  service_code: string;
  lat?: number;
  long?: number;
  address_string?: string;
  address_id?: string;
  email?: string;
  device_id?: string;
  account_id?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  description?: string;
  media_url?: string;
  attribute?: Record<string, string | string[]>;
  [field: `attribute[${string}]`]: string | string[];
}

/** `attribute[code]` (form) and `attribute: {code: …}` (JSON) alike. */
function attributesOf(input: PostInput): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = { ...(input.attribute ?? {}) };
  for (const [name, value] of Object.entries(input)) {
    const match = /^attribute\[([^\]]+)\](\[\])?$/.exec(name);
    if (match) out[match[1]!] = value as string | string[];
  }
  return out;
}

/**
 * Submits a request. Retries are idempotent when the client sends an
 * `Idempotency-Key` header: the key, scoped by API key and device_id, is the
 * case's idempotency key, so a retry returns the first request (same body)
 * or 409 (different body). Without the header every POST is a new request:
 * the spec has no submission id, and two residents reporting the same
 * pothole are two reports (staff merge duplicates at acceptance).
 */
export async function submitRequest(db: Database, ctx: RequestContext, input: PostInput, idempotencyKey: string | undefined) {
  const key = await useKey(db, input.api_key);
  const jurisdiction = await checkJurisdiction(db, input.jurisdiction_id);
  if (jurisdiction !== null && !key.territoryPath.startsWith(jurisdiction)) throw new AppError(404, M['open311.jurisdiction_unknown'], { id: input.jurisdiction_id! });
  if (!(await categories(db)).some((c) => c.code === input.service_code)) throw new AppError(400, M['open311.service_unknown'], { code: input.service_code });
  const attributes = attributesOf(input);
  for (const code of Object.keys(attributes)) {
    const value = attributes[code];
    if (code !== URGENT.code || (value !== 'true' && value !== 'false')) throw new AppError(400, M['open311.attribute_invalid'], { code });
  }
  const description = input.description?.trim();
  if (!description) throw new AppError(400, M['open311.description_required']);
  const phone = input.phone?.replace(/[\s-]/g, '') || undefined;
  if (phone !== undefined && !new RegExp(PHONE_PATTERN).test(phone)) throw new AppError(400, M['open311.phone_invalid']);
  const hasLocation = (input.lat !== undefined && input.long !== undefined) || !!input.address_id?.trim() || !!input.address_string?.trim();
  if (!hasLocation && !['community', 'grid', 'compound', 'building'].includes(key.territoryLevel)) throw new AppError(400, M['open311.location_required']);
  const place = await locate(db, key, input);
  const name = `${input.last_name?.trim() ?? ''}${input.first_name?.trim() ?? ''}`;
  const caseInput = {
    communityId: place.communityId,
    territoryId: place.territoryId,
    channel: 'open311' as const,
    categoryCode: input.service_code,
    description,
    ...(input.address_string?.trim() ? { address: input.address_string.trim() } : {}),
    ...(name ? { reporterName: name } : {}),
    ...(phone ? { reporterPhone: phone } : {}),
    ...(attributes.urgent !== undefined ? { urgent: attributes.urgent === 'true' } : {}),
    ...(idempotencyKey
      ? { idempotencyKey: crypto.createHash('sha256').update(`${input.device_id ?? ''}\n${idempotencyKey}`).digest('hex').slice(0, 40) }
      : {}),
  };
  const by = { source: `open311:${key.id}`, createdBy: null, scope: null };
  const record = () => db.transaction().execute(async (trx) => {
    const { id, created } = await submit(trx, ctx, caseInput, by);
    if (created) {
      await trx
        .insertInto('open311_request')
        .values({
          case_id: id,
          api_key_id: key.id,
          token: crypto.randomUUID(),
          service_code: input.service_code,
          lat: input.lat ?? null,
          long: input.long ?? null,
          address_id: input.address_id?.trim() || null,
          media_url: input.media_url?.trim() || null,
          device_id: input.device_id ?? null,
          account_id: input.account_id ?? null,
          email: input.email?.trim() || null,
          first_name: input.first_name?.trim() || null,
          last_name: input.last_name?.trim() || null,
          attributes: JSON.stringify(attributes),
        })
        .execute();
    }
    return { id, created };
  });
  // Two retries racing: the loser's transaction hit the winner's idempotency key; once more finds the winner's case.
  const result = await record().catch((err: unknown) => {
    if (idempotencyKey && (err as { code?: string }).code === '23505') return record();
    throw err;
  });
  const row = await db
    .selectFrom('open311_request as o')
    .innerJoin('case_record as c', 'c.id', 'o.case_id')
    .select(['c.tracking_no', 'o.token', 'o.account_id'])
    .where('o.case_id', '=', result.id)
    .executeTakeFirstOrThrow();
  return {
    created: result.created,
    body: [{ service_request_id: row.tracking_no, token: row.token, service_notice: '已收到，社区将在受理后办理', account_id: row.account_id }],
  };
}

export interface RequestFilter {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
  page?: number;
  page_size?: number;
}

const list = (text: string | undefined) => (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);

function requests(db: Database) {
  return db
    .selectFrom('open311_request as o')
    .innerJoin('case_record as c', 'c.id', 'o.case_id')
    .innerJoin('territory_node as cm', 'cm.id', 'c.community_id')
    .leftJoin('dict_item as d', (join) => join.onRef('d.code', '=', 'c.category_code').on('d.type_code', '=', 'case_category'))
    .select(['c.id', 'c.tracking_no', 'c.status', 'c.category_code', 'c.description', 'c.address', 'c.reject_reason', 'c.reply_text'])
    .select(['c.created_at', 'c.updated_at', 'c.solve_by', 'cm.name as community_name', 'd.label as category_name'])
    .select(['o.lat', 'o.long', 'o.address_id', 'o.media_url']);
}
type RequestRow = Awaited<ReturnType<ReturnType<typeof requests>['executeTakeFirstOrThrow']>>;

/**
 * Only requests that came in through Open311 are published. Cases from
 * visits, hotlines and 12345 carry residents' private matters (困难群体,
 * 邻里纠纷) and were never given for publication; the reporter's name,
 * phone and email are not published either.
 */
export async function listRequests(db: Database, f: RequestFilter, jurisdictionPath: string | null) {
  const ids = list(f.service_request_id);
  let q = requests(db);
  if (jurisdictionPath !== null) q = q.where('cm.path', 'like', `${jurisdictionPath}%`);
  if (ids.length > 0) {
    q = q.where('c.tracking_no', 'in', ids.map((id) => id.toUpperCase()));
  } else {
    const codes = list(f.service_code);
    if (codes.length > 0) q = q.where('c.category_code', 'in', codes);
    const statuses = list(f.status);
    if (statuses.length === 1) q = q.where('c.status', 'in', statuses[0] === 'open' ? OPEN : CLOSED);
    // The spec's default window: the last 90 days when no date is given.
    const start = f.start_date ? new Date(f.start_date) : f.end_date ? null : new Date(Date.now() - 90 * 86_400_000);
    if (start) q = q.where('c.created_at', '>=', start);
    if (f.end_date) q = q.where('c.created_at', '<=', new Date(f.end_date));
  }
  const pageSize = f.page_size ?? 100;
  const rows = await q
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(pageSize)
    .offset(((f.page ?? 1) - 1) * pageSize)
    .execute();
  return present(db, rows);
}

export async function getRequest(db: Database, trackingNo: string) {
  const row = await requests(db).where('c.tracking_no', '=', trackingNo.toUpperCase()).executeTakeFirst();
  if (!row) throw new AppError(404, M['open311.request_unknown']);
  return present(db, [row]);
}

export async function byToken(db: Database, token: string) {
  const row = await db
    .selectFrom('open311_request as o')
    .innerJoin('case_record as c', 'c.id', 'o.case_id')
    .select(['c.tracking_no', 'o.token'])
    .where('o.token', '=', token)
    .executeTakeFirst();
  if (!row) throw new AppError(404, M['open311.token_unknown']);
  return [{ service_request_id: row.tracking_no, token: row.token }];
}

/** The public sentence for where the case stands (状态说明); the reason or the reply where the resident is owed one. */
function statusNotes(r: RequestRow): string {
  if (r.status === 'rejected') return `不予受理：${r.reject_reason ?? ''}`;
  if (r.status === 'merged') return '已与反映同一问题的诉求合并办理';
  if ((r.status === 'replied' || r.status === 'closed' || r.status === 'rated') && r.reply_text) return `${STATE_LABELS[r.status]}：${r.reply_text}`;
  return STATE_LABELS[r.status];
}

/** Who answers for it: the active lead's department or territory; a person's name is not published, their community is. */
async function agencies(db: Database, caseIds: number[]): Promise<Map<number, string>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('case_assignment as a')
    .leftJoin('department as dep', 'dep.id', 'a.department_id')
    .leftJoin('territory_node as tn', 'tn.id', 'a.territory_id')
    .select(['a.case_id', sql<string | null>`coalesce(dep.name, tn.name)`.as('agency')])
    .where('a.case_id', 'in', caseIds)
    .where('a.active', '=', true)
    .where('a.role', '=', 'lead')
    .execute();
  return new Map(rows.filter((r) => r.agency !== null).map((r) => [r.case_id, r.agency!]));
}

async function present(db: Database, rows: RequestRow[]) {
  const agency = await agencies(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    service_request_id: r.tracking_no,
    status: CLOSED.includes(r.status) ? ('closed' as const) : ('open' as const),
    status_notes: statusNotes(r),
    service_name: r.category_name ?? r.category_code,
    service_code: r.category_code,
    description: r.description,
    agency_responsible: agency.get(r.id) ?? r.community_name,
    service_notice: '',
    requested_datetime: w3c(r.created_at),
    updated_datetime: w3c(r.updated_at),
    expected_datetime: w3c(r.solve_by),
    address: r.address,
    address_id: r.address_id,
    zipcode: null,
    lat: r.lat,
    long: r.long,
    media_url: r.media_url,
  }));
}
