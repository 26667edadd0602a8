import { Type } from 'typebox';
import { authorize, contextOf } from '../../platform/auth/plugin.js';
import { AppError } from '../../platform/errors.js';
import { sendXlsx } from '../../platform/excel.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { Binary, IdParams, responses } from '../../platform/schema.js';
import { parseBoundary } from './geojson.js';
import { buildTemplate, importFile } from './import.js';
import { M } from './policy.js';
import {
  BoundaryBody,
  ChildrenQuery,
  CreateBody,
  ImportBody,
  ImportResult,
  MoveBody,
  NodeDetail,
  NodeSummary,
  PatchBody,
  SearchPage,
  SearchQuery,
} from './schema.js';
import * as service from './service.js';

const tags = ['territory'];

export default async function territoryRoutes(app: App, { db }: ModuleOptions) {
  // GIS tools post boundaries as application/geo+json; it is JSON to us.
  app.addContentTypeParser('application/geo+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  app.get(
    '/territory/roots',
    { schema: { tags, summary: 'The top nodes of my scope', response: responses({ 200: Type.Array(NodeSummary) }) } },
    async (request) => service.listRoots(db, authorize(request, 'territory:read')),
  );

  app.get(
    '/territory/nodes',
    { schema: { tags, summary: 'Children of a node (lazy tree)', querystring: ChildrenQuery, response: responses({ 200: Type.Array(NodeSummary) }) } },
    async (request) => service.listChildren(db, authorize(request, 'territory:read'), request.query.parentId),
  );

  app.get(
    '/territory/nodes/:id',
    { schema: { tags, summary: 'One node with its ancestors, boundary and attributes', params: IdParams, response: responses({ 200: NodeDetail }) } },
    async (request) => service.getNode(db, authorize(request, 'territory:read'), request.params.id),
  );

  app.get(
    '/territory/search',
    { schema: { tags, summary: 'Search nodes by name or code prefix', querystring: SearchQuery, response: responses({ 200: SearchPage }) } },
    async (request) => {
      const { q, level, current = 1, pageSize = 20 } = request.query;
      return service.searchNodes(db, authorize(request, 'territory:read'), { q, level, current, pageSize });
    },
  );

  app.post(
    '/territory/nodes',
    { schema: { tags, summary: 'Create a grid, compound or building', body: CreateBody, response: responses({ 201: NodeDetail }) } },
    async (request, reply) => {
      const node = await service.createNode(db, contextOf(request), authorize(request, 'territory:write'), request.body);
      return reply.code(201).send(node);
    },
  );

  app.patch(
    '/territory/nodes/:id',
    {
      schema: {
        tags,
        summary: 'Edit a node (official divisions need territory:admin)',
        params: IdParams,
        body: PatchBody,
        response: responses({ 200: NodeDetail }),
      },
    },
    async (request) => {
      const write = authorize(request, 'territory:write');
      const admin = request.actor?.permissions.has('territory:admin') ? authorize(request, 'territory:admin') : null;
      return service.updateNode(db, contextOf(request), { write, admin }, request.params.id, request.body);
    },
  );

  app.post(
    '/territory/nodes/:id/move',
    { schema: { tags, summary: 'Move a grid, compound or building with its subtree', params: IdParams, body: MoveBody, response: responses({ 200: NodeDetail }) } },
    async (request) => service.moveNode(db, contextOf(request), authorize(request, 'territory:write'), request.params.id, request.body),
  );

  app.put(
    '/territory/nodes/:id/boundary',
    {
      schema: {
        tags,
        summary: 'Set the boundary of a community, grid or compound (GeoJSON)',
        consumes: ['application/json', 'application/geo+json'],
        params: IdParams,
        body: BoundaryBody,
        response: responses({ 200: NodeDetail }),
      },
    },
    async (request) => {
      const scope = authorize(request, 'territory:write');
      return service.setBoundary(db, contextOf(request), scope, request.params.id, parseBoundary(request.body));
    },
  );

  app.delete(
    '/territory/nodes/:id/boundary',
    { schema: { tags, summary: 'Clear a boundary', params: IdParams, response: responses({ 200: NodeDetail }) } },
    async (request) => service.setBoundary(db, contextOf(request), authorize(request, 'territory:write'), request.params.id, null),
  );

  app.get(
    '/territory/import-template',
    {
      schema: {
        tags,
        summary: 'The Excel template for importing grids, compounds and buildings',
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: responses({ 200: Binary }),
      },
    },
    async (request, reply) => {
      authorize(request, 'territory:write');
      return sendXlsx(reply, '网格小区楼院导入模板.xlsx', await buildTemplate());
    },
  );

  app.post(
    '/territory/import',
    {
      schema: {
        tags,
        summary: 'Import grids, compounds and buildings from the Excel template: every row or none',
        consumes: ['multipart/form-data'],
        body: ImportBody,
        response: responses({ 200: ImportResult }),
      },
      // The file is streamed with request.file(); the body schema documents the form for the OpenAPI client only.
      validatorCompiler: () => (data) => ({ value: data }),
    },
    async (request) => {
      const scope = authorize(request, 'territory:write');
      if (!request.isMultipart()) throw new AppError(415, 'unsupported_media_type');
      const file = await request.file();
      if (!file || file.fieldname !== 'file') throw new AppError(400, 'validation_failed', {}, [{ field: 'body.file', key: M['territory.import_file_missing'] }]);
      return importFile(db, contextOf(request), scope, await file.toBuffer());
    },
  );
}
