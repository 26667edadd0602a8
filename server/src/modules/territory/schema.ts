import { Type } from 'typebox';
import type { TerritoryLevel } from '../../platform/db/schema.js';
import { DateTime, Id, Obj, Page, PageQuery, Text, Version } from '../../platform/schema.js';
import { CREATABLE_LEVELS, LEVELS, NAME_MAX, type CreatableLevel } from './policy.js';

export const Level = Type.Unsafe<TerritoryLevel>({ type: 'string', enum: LEVELS, description: 'city · district · street · community · grid · compound · building' });
export const CreatableLevelSchema = Type.Unsafe<CreatableLevel>({ type: 'string', enum: [...CREATABLE_LEVELS] });

/**
 * Free-form attributes (households, contact, remarks): flat key → scalar, so
 * every client can show them. The values are checked by the service: with
 * type coercion on, a schema union would turn 48 into "48".
 */
export const Attrs = Type.Record(Type.String(), Type.Unknown(), {
  maxProperties: 30,
  description: 'Flat attributes: keys up to 40 characters, values string (≤ 500), number, boolean or null',
});
const AttrsOut = Type.Record(Type.String(), Type.Unknown());

const Name = Text(NAME_MAX);

export const NodeSummary = Obj(
  {
    id: Type.Integer(),
    parentId: Type.Union([Type.Integer(), Type.Null()]),
    level: Level,
    code: Type.Union([Type.String(), Type.Null()], { description: '12-digit statistical division code (official levels only)' }),
    name: Type.String(),
    sort: Type.Integer(),
    childCount: Type.Integer({ minimum: 0 }),
    hasBoundary: Type.Boolean(),
    version: Type.Integer(),
  },
  { title: 'TerritoryNode' },
);

export const Geometry = Obj(
  {
    type: Type.Unsafe<'Polygon' | 'MultiPolygon'>({ type: 'string', enum: ['Polygon', 'MultiPolygon'] }),
    coordinates: Type.Array(Type.Unknown(), { description: 'GeoJSON coordinates, [longitude, latitude] (WGS 84)' }),
  },
  { title: 'Geometry' },
);

export const Ancestor = Obj({ id: Type.Integer(), name: Type.String(), level: Level });

export const NodeDetail = Obj(
  {
    ...NodeSummary.properties,
    ancestors: Type.Array(Ancestor, { description: 'From the top of the tree down to the parent' }),
    boundary: Type.Union([Geometry, Type.Null()]),
    attrs: AttrsOut,
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { title: 'TerritoryNodeDetail' },
);

export const SearchItem = Obj(
  { ...NodeSummary.properties, fullName: Type.String({ description: 'Ancestors and the node joined by "/", e.g. 兰州市/城关区/酒泉路街道/畅家巷社区' }) },
  { title: 'TerritorySearchItem' },
);
export const SearchPage = Page(SearchItem);

export const ChildrenQuery = Obj({ parentId: Id });
export const SearchQuery = Obj({
  q: Type.String({ minLength: 1, maxLength: 50, description: 'Part of a name (2+ characters use the bigram index) or a code prefix (digits)' }),
  level: Type.Optional(Level),
  ...PageQuery,
});

export const CreateBody = Obj({
  parentId: Id,
  level: CreatableLevelSchema,
  name: Name,
  sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  attrs: Type.Optional(Attrs),
});

export const PatchBody = Obj({
  name: Type.Optional(Text(100)),
  sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  attrs: Type.Optional(Attrs),
  version: Version,
});

export const MoveBody = Obj({ parentId: Id, version: Version });

export const BoundaryBody = Type.Unknown({
  description: 'GeoJSON: a Polygon or MultiPolygon geometry, a Feature holding one, or a FeatureCollection with exactly one such Feature',
});

export const ImportBody = Obj({ file: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'The filled-in template (.xlsx)' }) });
export const ImportResult = Obj({
  created: Type.Integer({ description: 'Nodes created' }),
  reused: Type.Integer({ description: 'Existing grids, compounds and buildings the rows went through' }),
  rows: Type.Integer({ description: 'Data rows read' }),
});
