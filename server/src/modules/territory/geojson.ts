import type { GeoJsonGeometry } from '../../platform/db/schema.js';
import { fieldError } from '../../platform/errors.js';
import { M } from './policy.js';

/**
 * Boundaries arrive from whatever drew them: geojson.io and QGIS export a
 * FeatureCollection, map widgets hand over a Feature or a bare geometry. All
 * three are accepted when they hold exactly one (Multi)Polygon; what is
 * stored is the bare geometry, checked enough that a map can draw it.
 */
export function parseBoundary(input: unknown): GeoJsonGeometry {
  const geometry = unwrap(input);
  if (geometry.type === 'Polygon') {
    checkPolygon(geometry.coordinates, '', '');
    return { type: 'Polygon', coordinates: geometry.coordinates as number[][][] };
  }
  if (geometry.type === 'MultiPolygon') {
    if (!Array.isArray(geometry.coordinates) || geometry.coordinates.length === 0) {
      throw invalid('MultiPolygon 至少包含一个多边形', 'a MultiPolygon needs at least one polygon');
    }
    geometry.coordinates.forEach((polygon, i) => checkPolygon(polygon, `第 ${i + 1} 个多边形`, `polygon ${i + 1} `));
    return { type: 'MultiPolygon', coordinates: geometry.coordinates as number[][][][] };
  }
  throw invalid(`类型为 ${describe(geometry.type)}，应为 Polygon 或 MultiPolygon`, `type is ${describe(geometry.type)}, expected Polygon or MultiPolygon`);
}

interface Candidate {
  type?: unknown;
  coordinates?: unknown;
  geometry?: unknown;
  features?: unknown;
}

function unwrap(input: unknown): { type: unknown; coordinates: unknown } {
  if (!isObject(input)) throw invalid('请提交 GeoJSON 对象', 'send a GeoJSON object');
  if (input.type === 'FeatureCollection') {
    if (!Array.isArray(input.features) || input.features.length !== 1) {
      throw invalid('FeatureCollection 必须恰好包含一个要素', 'a FeatureCollection must hold exactly one feature');
    }
    return unwrap(input.features[0]);
  }
  if (input.type === 'Feature') {
    if (!isObject(input.geometry)) throw invalid('Feature 没有几何图形', 'the Feature has no geometry');
    return unwrap(input.geometry);
  }
  return { type: input.type, coordinates: input.coordinates };
}

function checkPolygon(polygon: unknown, where: string, whereEn: string) {
  if (!Array.isArray(polygon) || polygon.length === 0) {
    throw invalid(`${where}坐标应为至少一个环的数组`, `${whereEn}coordinates must be an array of rings`);
  }
  polygon.forEach((ring, r) => {
    const at = `${where}第 ${r + 1} 个环`;
    const atEn = `${whereEn}ring ${r + 1}`;
    if (!Array.isArray(ring) || ring.length < 4) {
      throw invalid(`${at}至少需要 4 个坐标点（首尾相同）`, `${atEn} needs at least 4 positions (first = last)`);
    }
    ring.forEach((position, p) => checkPosition(position, `${at}第 ${p + 1} 个点`, `${atEn} position ${p + 1}`));
    const first = ring[0] as number[];
    const last = ring[ring.length - 1] as number[];
    if (first[0] !== last[0] || first[1] !== last[1]) throw invalid(`${at}未闭合（首尾坐标应相同）`, `${atEn} is not closed (first and last positions differ)`);
  });
}

function checkPosition(position: unknown, at: string, atEn: string) {
  if (!Array.isArray(position) || position.length < 2 || position.length > 3 || !position.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    throw invalid(`${at}应为 [经度, 纬度]`, `${atEn} must be [longitude, latitude]`);
  }
  const [lng, lat] = position as number[];
  if (lng! < -180 || lng! > 180 || lat! < -90 || lat! > 90) {
    throw invalid(`${at}超出经纬度范围（经度 −180～180，纬度 −90～90）`, `${atEn} is outside longitude −180..180 / latitude −90..90`);
  }
}

const isObject = (value: unknown): value is Candidate => typeof value === 'object' && value !== null && !Array.isArray(value);
const describe = (type: unknown) => (typeof type === 'string' ? type.slice(0, 40) : '空');
const invalid = (reason: string, reasonEn: string) => fieldError('body', M['territory.not_polygon'], { reason, reasonEn });
