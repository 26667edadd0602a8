import { authorize, contextOf, requireActor } from '../../platform/auth/plugin.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { Page, responses } from '../../platform/schema.js';
import { CreateItemBody, DictItem, DictType, ItemParams, ItemsQuery, TypeParams, TypesQuery, UpdateItemBody } from './schema.js';
import * as service from './service.js';

const tags = ['dicts'];

export default async function dictsRoutes(app: App, { db }: ModuleOptions) {
  app.get(
    '/dicts',
    { schema: { tags, summary: 'The dictionaries (数据字典) and how many options each has', querystring: TypesQuery, response: responses({ 200: Page(DictType) }) } },
    async (request) => {
      requireActor(request);
      return service.listTypes(db, request.query);
    },
  );

  app.get(
    '/dicts/:type/items',
    {
      schema: {
        tags,
        summary: 'The options of one dictionary, by sort; enabled ones unless includeDisabled',
        params: TypeParams,
        querystring: ItemsQuery,
        response: responses({ 200: Page(DictItem) }),
      },
    },
    async (request) => {
      requireActor(request);
      return service.listItems(db, request.params.type, request.query);
    },
  );

  app.post(
    '/dicts/:type/items',
    { schema: { tags, summary: 'Add an option', params: TypeParams, body: CreateItemBody, response: responses({ 201: DictItem }) } },
    async (request, reply) => {
      authorize(request, 'dict:write');
      const item = await service.createItem(db, contextOf(request), request.params.type, request.body);
      reply.code(201);
      return item;
    },
  );

  app.patch(
    '/dicts/items/:id',
    {
      schema: {
        tags,
        summary: 'Edit an option; disable it instead of deleting (records keep its code)',
        params: ItemParams,
        body: UpdateItemBody,
        response: responses({ 200: DictItem }),
      },
    },
    async (request) => {
      authorize(request, 'dict:write');
      return service.updateItem(db, contextOf(request), request.params.id, request.body);
    },
  );
}
