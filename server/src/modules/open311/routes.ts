import type { FastifyError } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { contextOf } from '../../platform/auth/plugin.js';
import { AppError, toAppError } from '../../platform/errors.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { FORMATS, MIME, send, sendError } from './format.js';
import {
  Discovery,
  Errors,
  JurisdictionQuery,
  PostRequestBody,
  PostResult,
  RequestParams,
  RequestsQuery,
  Service,
  ServiceDefinition,
  ServiceParams,
  ServiceRequest,
  TokenParams,
  TokenResult,
  XmlDoc,
} from './schema.js';
import * as service from './service.js';

const SPEC = 'http://wiki.open311.org/GeoReport_v2';
const CHANGESET = '2026-12-01T00:00:00+08:00';

/** `a=1&attribute[x][]=p&attribute[x][]=q` → { a: '1', 'attribute[x][]': ['p', 'q'] }. */
function parseForm(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    if (name.endsWith('[]')) out[name] = [...((out[name] as string[] | undefined) ?? []), value];
    else out[name] = value;
  }
  return out;
}

/**
 * Open311 GeoReport v2 under /open311/v2, every endpoint in .json and .xml.
 * Errors here are the spec's `[{code, description}]` (or `<errors>`), not
 * problem+json: Open311 clients parse that shape.
 */
export default async function open311Routes(app: App, { db }: ModuleOptions) {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, parseForm(body as string));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = toAppError(error);
    if (known) return sendError(request, reply, known);
    request.log.error({ err: error }, 'unhandled error');
    return sendError(request, reply, new AppError(500, 'internal_error'));
  });
  app.setNotFoundHandler((request, reply) => sendError(request, reply, new AppError(404, 'route_not_found')));

  for (const format of FORMATS) {
    const doc = (schema: TSchema) => (format === 'json' ? schema : XmlDoc);
    const errs = doc(Errors);
    const schema = (summary: string, ok: TSchema, okStatus = 200) => ({
      tags: ['open311'],
      summary: `${summary} (${format.toUpperCase()})`,
      security: [],
      produces: [MIME[format].split(';')[0]!],
      response: { [okStatus]: doc(ok), ...(okStatus === 201 ? { 200: doc(ok) } : {}), 400: errs, 403: errs, 404: errs, 409: errs, 429: errs, 500: errs },
    });

    app.get(`/discovery.${format}`, { schema: schema('Service discovery', Discovery) }, async (request, res) =>
      send(res, format, 'discovery', {
        changeset: CHANGESET,
        contact: '各区县社工委办公室 / the district committee offices',
        key_service: 'API keys are issued by the city or district administrators in the Gongzhi console (接口密钥)',
        endpoints: [{ specification: SPEC, url: `${request.protocol}://${request.host}/open311/v2`, changeset: CHANGESET, type: 'production', formats: ['text/xml', 'application/json'] }],
      }),
    );

    app.get(`/services.${format}`, { schema: { ...schema('Services: the case categories', Type.Array(Service)), querystring: JurisdictionQuery } }, async (request, res) => {
      await service.checkJurisdiction(db, request.query.jurisdiction_id);
      return send(res, format, 'services', await service.listServices(db));
    });

    app.get(
      `/services/:service_code.${format}`,
      { schema: { ...schema('Service definition (attributes)', ServiceDefinition), params: ServiceParams, querystring: JurisdictionQuery } },
      async (request, res) => {
        await service.checkJurisdiction(db, request.query.jurisdiction_id);
        return send(res, format, 'service_definition', await service.serviceDefinition(db, request.params.service_code));
      },
    );

    app.post(
      `/requests.${format}`,
      {
        schema: {
          ...schema('Submit a service request (form-encoded or JSON; api_key required; optional Idempotency-Key header)', PostResult, 201),
          consumes: ['application/x-www-form-urlencoded', 'application/json'],
          body: PostRequestBody,
        },
      },
      async (request, res) => {
        const idempotency = request.headers['idempotency-key'];
        if (Array.isArray(idempotency) || (idempotency !== undefined && (idempotency.length === 0 || idempotency.length > 200))) {
          throw new AppError(400, 'validation_failed', {}, [{ field: 'header.idempotency-key', key: 'field.invalid' }]);
        }
        const result = await service.submitRequest(db, contextOf(request), request.body as service.PostInput, idempotency);
        return send(res, format, 'service_requests', result.body, result.created ? 201 : 200);
      },
    );

    app.get(`/requests.${format}`, { schema: { ...schema('Service requests (filters; page/page_size extension)', Type.Array(ServiceRequest)), querystring: RequestsQuery } }, async (request, res) => {
      const jurisdiction = await service.checkJurisdiction(db, request.query.jurisdiction_id);
      return send(res, format, 'service_requests', await service.listRequests(db, request.query, jurisdiction));
    });

    app.get(
      `/requests/:service_request_id.${format}`,
      { schema: { ...schema('One service request', Type.Array(ServiceRequest)), params: RequestParams, querystring: JurisdictionQuery } },
      async (request, res) => {
        await service.checkJurisdiction(db, request.query.jurisdiction_id);
        return send(res, format, 'service_requests', await service.getRequest(db, request.params.service_request_id));
      },
    );

    app.get(
      `/tokens/:token.${format}`,
      { schema: { ...schema('The service request id behind a token', TokenResult), params: TokenParams, querystring: JurisdictionQuery } },
      async (request, res) => send(res, format, 'service_requests', await service.byToken(db, request.params.token)),
    );
  }
}
