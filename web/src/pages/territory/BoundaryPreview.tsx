import { Empty } from 'antd';
import { useMemo } from 'react';
import { useT } from '../../i18n';

type Ring = number[][];

/** The outer and inner rings of a Polygon or MultiPolygon, whatever wrapper the value came in. */
function ringsOf(value: unknown): Ring[] {
  if (!value || typeof value !== 'object') return [];
  const g = value as { type?: string; coordinates?: unknown; geometry?: unknown; features?: unknown[] };
  if (g.type === 'Feature') return ringsOf(g.geometry);
  if (g.type === 'FeatureCollection' && Array.isArray(g.features)) return g.features.flatMap(ringsOf);
  if (g.type === 'Polygon' && Array.isArray(g.coordinates)) return g.coordinates as Ring[];
  if (g.type === 'MultiPolygon' && Array.isArray(g.coordinates)) return (g.coordinates as Ring[][]).flat();
  return [];
}

/**
 * A light outline of a boundary: an SVG path in an equirectangular projection
 * scaled by the latitude, good enough to see the shape of a grid.
 */
export function BoundaryPreview({ boundary, height = 220 }: { boundary: unknown; height?: number }) {
  const t = useT();
  const drawing = useMemo(() => {
    const rings = ringsOf(boundary).filter((r) => Array.isArray(r) && r.length >= 3);
    const points = rings.flat().filter((p) => Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1]));
    if (points.length === 0) return null;
    const lons = points.map((p) => p[0]!);
    const lats = points.map((p) => p[1]!);
    const minLon = Math.min(...lons);
    const maxLon = Math.max(...lons);
    const minLat = Math.min(...lats);
    const maxLat = Math.max(...lats);
    const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
    const w = Math.max((maxLon - minLon) * k, 1e-9);
    const h = Math.max(maxLat - minLat, 1e-9);
    const size = 1000;
    const scale = size / Math.max(w, h);
    const x = (lon: number) => (lon - minLon) * k * scale;
    const y = (lat: number) => (maxLat - lat) * scale;
    const d = rings
      .map((ring) => ring.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p[0]!).toFixed(1)},${y(p[1]!).toFixed(1)}`).join('') + 'Z')
      .join(' ');
    return { d, width: w * scale, height: h * scale };
  }, [boundary]);

  if (!drawing) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('territory.noBoundary')} />;
  const pad = 40;
  return (
    <svg
      data-testid="boundary-preview"
      viewBox={`${-pad} ${-pad} ${drawing.width + 2 * pad} ${drawing.height + 2 * pad}`}
      style={{ width: '100%', height, background: '#fafafa', borderRadius: 6, border: '1px solid #f0f0f0' }}
      preserveAspectRatio="xMidYMid meet"
      role="img"
      aria-label={t('territory.preview')}
    >
      <path d={drawing.d} fill="rgba(196,22,28,0.12)" stroke="#c4161c" strokeWidth={2} strokeLinejoin="round" fillRule="evenodd" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
