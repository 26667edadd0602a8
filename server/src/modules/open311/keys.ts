import crypto from 'node:crypto';
import { sql, type ExpressionBuilder } from 'kysely';
import type { RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.js';
import { pathInScope, territoryCondition, type DataScope } from '../../platform/scope.js';
import { escapeLike } from '../../platform/search.js';
import { M } from './messages.js';

/**
 * Open311 API keys (接口密钥). A key is 'gz311_' + 32 random base64url
 * characters; only its SHA-256 is stored, so it is shown once, at creation.
 * Each key is bound to a territory node: requests land inside its subtree.
 */
const PREFIX = 'gz311_';
export const hashKey = (key: string) => crypto.createHash('sha256').update(key).digest('hex');

export interface KeyFilter {
  current?: number;
  pageSize?: number;
  keyword?: string;
  enabled?: boolean;
}

function keysWithNames(db: Database) {
  return db
    .selectFrom('open311_api_key as k')
    .innerJoin('territory_node as t', 't.id', 'k.territory_id')
    .select(['k.id', 'k.name', 'k.key_prefix', 'k.territory_id', 't.name as territory_name', 't.level as territory_level'])
    .select(['k.enabled', 'k.rate_per_minute', 'k.last_used_at', 'k.created_at', 'k.version']);
}

type KeyRow = Awaited<ReturnType<ReturnType<typeof keysWithNames>['executeTakeFirstOrThrow']>>;

function view(r: KeyRow) {
  return {
    id: r.id,
    name: r.name,
    keyPrefix: r.key_prefix,
    territoryId: r.territory_id,
    territoryName: r.territory_name,
    territoryLevel: r.territory_level,
    enabled: r.enabled,
    ratePerMinute: r.rate_per_minute,
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    version: r.version,
  };
}

// territoryCondition is typed over the base tables; the aliased column passes through as SQL.
const inScope = (scope: DataScope) => (eb: ExpressionBuilder<DB & { k: DB['open311_api_key'] }, 'k'>) =>
  territoryCondition(eb as never, 'k.territory_id' as never, scope);

export async function listKeys(db: Database, scope: DataScope, f: KeyFilter) {
  const current = f.current ?? 1;
  const pageSize = f.pageSize ?? 20;
  let q = keysWithNames(db).where(inScope(scope));
  if (f.enabled !== undefined) q = q.where('k.enabled', '=', f.enabled);
  const keyword = f.keyword?.trim();
  if (keyword) q = q.where((eb) => eb.or([eb('k.name', 'like', `%${escapeLike(keyword)}%`), eb('k.key_prefix', 'like', `${escapeLike(keyword)}%`)]));
  const [rows, count] = await Promise.all([
    q.orderBy('k.created_at', 'desc').orderBy('k.id', 'desc').limit(pageSize).offset((current - 1) * pageSize).execute(),
    q.clearSelect().select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { data: rows.map(view), total: Number(count.n), current, pageSize };
}

async function keyInScope(db: Database, scope: DataScope, id: number) {
  const row = await keysWithNames(db).where('k.id', '=', id).where(inScope(scope)).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export const getKey = async (db: Database, scope: DataScope, id: number) => view(await keyInScope(db, scope, id));

export async function createKey(db: Database, ctx: RequestContext, scope: DataScope, input: { name: string; territoryId: number; ratePerMinute?: number }) {
  const node = await db.selectFrom('territory_node').select(['id', 'path', 'name']).where('id', '=', input.territoryId).executeTakeFirst();
  if (!node || !pathInScope(scope, node.path)) throw fieldError('body.territoryId', M['open311.key_territory_out_of_scope']);
  const key = PREFIX + crypto.randomBytes(24).toString('base64url');
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('open311_api_key')
      .values({
        name: input.name.trim(),
        key_hash: hashKey(key),
        key_prefix: key.slice(0, PREFIX.length + 6),
        territory_id: node.id,
        rate_per_minute: input.ratePerMinute,
        created_by: ctx.actor?.userId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, {
      action: 'open311.key_create',
      entityType: 'open311_api_key',
      entityId: row.id,
      territoryId: node.id,
      summary: `新建 Open311 接口密钥“${input.name.trim()}”（范围：${node.name}）`,
    });
    return row.id;
  });
  return { ...(await getKey(db, scope, id)), key };
}

export async function updateKey(
  db: Database,
  ctx: RequestContext,
  scope: DataScope,
  id: number,
  input: { name?: string; enabled?: boolean; ratePerMinute?: number; version: number },
) {
  await db.transaction().execute(async (trx) => {
    const before = await keyInScope(trx, scope, id);
    const updated = await trx
      .updateTable('open311_api_key')
      .set({
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        ...(input.ratePerMinute !== undefined ? { rate_per_minute: input.ratePerMinute } : {}),
        version: before.version + 1,
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw conflict();
    const what = input.enabled === false ? '停用' : input.enabled === true && !before.enabled ? '启用' : '修改';
    await audit(trx, ctx, {
      action: 'open311.key_update',
      entityType: 'open311_api_key',
      entityId: id,
      territoryId: before.territory_id,
      summary: `${what} Open311 接口密钥“${before.name}”`,
      detail: { name: input.name, enabled: input.enabled, ratePerMinute: input.ratePerMinute },
    });
  });
  return getKey(db, scope, id);
}

export interface ApiKey {
  id: number;
  territoryId: number;
  territoryPath: string;
  territoryLevel: string;
}

/**
 * The key behind a POST, counted against its per-minute budget. The counter
 * lives on the key's row, so every server shares it and one UPDATE both
 * counts and reads it; 403 for a missing, unknown or disabled key, 429 over budget.
 */
export async function useKey(db: Database, key: string | undefined): Promise<ApiKey> {
  if (!key) throw new AppError(403, M['open311.key_required']);
  const row = await db
    .updateTable('open311_api_key as k')
    .from('territory_node as t')
    .set({
      rate_count: sql`CASE WHEN k.rate_window = date_trunc('minute', now()) THEN k.rate_count + 1 ELSE 1 END`,
      rate_window: sql`date_trunc('minute', now())`,
      last_used_at: sql`now()`,
    })
    .whereRef('t.id', '=', 'k.territory_id')
    .where('k.key_hash', '=', hashKey(key))
    .where('k.enabled', '=', true)
    .returning(['k.id', 'k.territory_id', 'k.rate_count', 'k.rate_per_minute', 't.path', 't.level'])
    .executeTakeFirst();
  if (!row) throw new AppError(403, M['open311.key_required']);
  if (row.rate_count > row.rate_per_minute) throw new AppError(429, M['open311.rate_limited'], { limit: row.rate_per_minute });
  return { id: row.id, territoryId: row.territory_id, territoryPath: row.path, territoryLevel: row.level };
}
