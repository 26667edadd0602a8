import type { Database } from '../../platform/db/database.js';
import type { GeoJsonGeometry } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import type { ApiKey } from './keys.js';
import { M } from './messages.js';

/**
 * Where a request lands in the territory tree, in this order:
 * 1. `address_id` names a territory node — its id, or a 12-digit division code —
 *    at community level or below, inside the key's subtree;
 * 2. `lat`/`long` fall inside the boundary of a grid in the key's subtree
 *    (communities draw their grids' boundaries; there is no PostGIS, so the
 *    point-in-polygon test runs here over the key's grids);
 * 3. the key's own node, when it is a community or a node below one — a
 *    community's own kiosk or mini-program needs no location at all.
 * Otherwise the request is a 400: a case must belong to a community.
 */
export interface Place {
  communityId: number;
  territoryId: number;
}

export interface LocationInput {
  address_id?: string;
  lat?: number;
  long?: number;
}

const LOCAL_LEVELS = ['community', 'grid', 'compound', 'building'];

async function communityOf(db: Database, node: { id: number; path: string; level: string }): Promise<Place | null> {
  if (!LOCAL_LEVELS.includes(node.level)) return null;
  const ids = node.path.split('/').filter(Boolean).map(Number);
  const community = await db.selectFrom('territory_node').select('id').where('id', 'in', ids).where('level', '=', 'community').executeTakeFirst();
  return community ? { communityId: community.id, territoryId: node.id } : null;
}

export async function locate(db: Database, key: ApiKey, input: LocationInput): Promise<Place> {
  const addressId = input.address_id?.trim();
  if (addressId) {
    const query = db.selectFrom('territory_node').select(['id', 'path', 'level']);
    const node = /^[0-9]{12}$/.test(addressId) ? await query.where('code', '=', addressId).executeTakeFirst()
      : /^[0-9]{1,15}$/.test(addressId) ? await query.where('id', '=', Number(addressId)).executeTakeFirst()
      : undefined;
    if (!node || !node.path.startsWith(key.territoryPath)) throw new AppError(400, M['open311.address_outside']);
    const place = await communityOf(db, node);
    if (!place) throw new AppError(400, M['open311.location_unresolved']);
    return place;
  }
  if (input.lat !== undefined && input.long !== undefined) {
    const grids = await db
      .selectFrom('territory_node')
      .select(['id', 'path', 'level', 'boundary'])
      .where('level', '=', 'grid')
      .where('boundary', 'is not', null)
      .where('path', 'like', `${key.territoryPath}%`)
      .orderBy('id')
      .execute();
    const hit = grids.find((g) => g.boundary && contains(g.boundary, input.long!, input.lat!));
    if (hit) {
      const place = await communityOf(db, hit);
      if (place) return place;
    }
  }
  const own = await communityOf(db, { id: key.territoryId, path: key.territoryPath, level: key.territoryLevel });
  if (own) return own;
  throw new AppError(400, M['open311.location_unresolved']);
}

/** Even-odd ray casting on [lng, lat] rings: inside the outer ring and no hole. */
export function contains(geometry: GeoJsonGeometry, x: number, y: number): boolean {
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as number[][][][];
  return polygons.some(([outer, ...holes]) => outer !== undefined && inRing(outer, x, y) && !holes.some((h) => inRing(h, x, y)));
}

function inRing(ring: number[][], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
