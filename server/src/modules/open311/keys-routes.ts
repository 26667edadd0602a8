import { authorize, contextOf } from '../../platform/auth/plugin.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { IdParams, Page, responses } from '../../platform/schema.js';
import * as keys from './keys.js';
import { ApiKey, ApiKeyQuery, CreateApiKeyBody, CreatedApiKey, UpdateApiKeyBody } from './schema.js';

const tags = ['open311'];

/** Administration of Open311 API keys (/api/v1/open311-keys): keys scoped to nodes inside the administrator's area. */
export default async function open311KeyRoutes(app: App, { db }: ModuleOptions) {
  app.get(
    '/open311-keys',
    { schema: { tags, summary: 'Open311 API keys in my area', querystring: ApiKeyQuery, response: responses({ 200: Page(ApiKey) }) } },
    async (request) => keys.listKeys(db, authorize(request, 'open311:admin'), request.query),
  );

  app.post(
    '/open311-keys',
    { schema: { tags, summary: 'Create a key; the response holds the key itself, shown this once', body: CreateApiKeyBody, response: responses({ 201: CreatedApiKey }) } },
    async (request, reply) => {
      const scope = authorize(request, 'open311:admin');
      reply.code(201);
      return keys.createKey(db, contextOf(request), scope, request.body);
    },
  );

  app.get(
    '/open311-keys/:id',
    { schema: { tags, summary: 'One key', params: IdParams, response: responses({ 200: ApiKey }) } },
    async (request) => keys.getKey(db, authorize(request, 'open311:admin'), request.params.id),
  );

  app.patch(
    '/open311-keys/:id',
    { schema: { tags, summary: 'Rename, disable or enable a key, or change its rate', params: IdParams, body: UpdateApiKeyBody, response: responses({ 200: ApiKey }) } },
    async (request) => keys.updateKey(db, contextOf(request), authorize(request, 'open311:admin'), request.params.id, request.body),
  );
}
