import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import { authPlugin } from './platform/auth/plugin.js';
import { residentPlugin } from './platform/auth/resident.js';
import type { Database } from './platform/db/database.js';
import { registerErrorHandling } from './platform/errors.js';
import { securityHeadersPlugin } from './platform/security-headers.js';
import { lazyCompilersFactory } from './platform/lazy-compilers.js';
import { healthRoutes } from './platform/health.js';
import type { App, ModuleOptions } from './platform/http.js';
import { MODULES, ROOT_MODULES } from './modules/index.js';
import { wireModules } from './modules/wiring.js';
import { senderFor, useSender } from './platform/sender.js';
import { rejectNulCharacters } from './platform/text-input.js';

export interface BuildOptions {
  db: Database;
  config: Config;
  logger?: FastifyServerOptions['logger'];
  /** Compile each route's schemas on first use (tests, which call few routes per app); default: all at start. */
  lazySchemas?: boolean;
}

export const BODY_LIMIT = 1024 * 1024;
export const UPLOAD_LIMIT = 5 * 1024 * 1024;

export async function buildApp({ db, config, logger = false, lazySchemas = false }: BuildOptions): Promise<App> {
  const app = Fastify({
    logger,
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    ajv: { customOptions: { removeAdditional: false, allErrors: true, coerceTypes: 'array', useDefaults: true, allowUnionTypes: true } },
    return503OnClosing: true,
    ...(lazySchemas ? { schemaController: { compilersFactory: lazyCompilersFactory() } } : {}),
  }).withTypeProvider<TypeBoxTypeProvider>();

  const serveConsole = fs.existsSync(config.webDist);
  // The console is a single-page app: unknown non-API paths get its index page.
  // The resident pages (/h5/…) are their own small entry, without the console's Ant Design.
  const page = (url: string) => (url === '/h5' || url.startsWith('/h5/') || url.startsWith('/h5?') ? 'h5.html' : 'index.html');
  registerErrorHandling(app, serveConsole ? (reply) => reply.header('cache-control', 'no-cache').sendFile(page(reply.request.url), { cacheControl: false }) : undefined);
  rejectNulCharacters(app);
  await app.register(securityHeadersPlugin);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: UPLOAD_LIMIT, files: 1, fields: 10 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gongzhi 共治 API',
        version: '1',
        description:
          'HTTP API of the Gongzhi community co-governance platform. Errors are application/problem+json ' +
          'with a human message (zh-CN unless Accept-Language prefers English) and the failing fields. ' +
          'Cookie-authenticated writes need the X-CSRF-Token header returned by login and /me.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'gz_session' } } },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(authPlugin, { db, policy: { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours } });
  await app.register(residentPlugin, { db });
  useSender(senderFor(config.sender, app.log));
  wireModules();
  await app.register(healthRoutes, { db });

  const options: ModuleOptions = { db, config };
  await app.register(
    async (api) => {
      for (const register of MODULES) await api.register(register, options);
    },
    { prefix: '/api/v1' },
  );
  for (const { prefix, register } of ROOT_MODULES) await app.register(register, { ...options, prefix });

  if (serveConsole) {
    // Vite names assets by content hash: looked up per request (a console rebuilt under a running
    // server is served as built) and kept by browsers for a year.
    await app.register(fastifyStatic, { root: path.join(config.webDist, 'assets'), prefix: '/assets/', wildcard: true, maxAge: '365d', immutable: true, decorateReply: false });
    // The pages and icons keep their names; the pages name the current assets, so browsers revalidate them.
    // This one decorates reply.sendFile, which the client-side routes' fallback uses for the pages.
    await app.register(fastifyStatic, {
      root: config.webDist,
      wildcard: false,
      globIgnore: ['assets/**'],
      cacheControl: false,
      setHeaders: (reply, file) => reply.header('cache-control', file.endsWith('.html') ? 'no-cache' : 'public, max-age=3600'),
    });
  }
  return app as unknown as App;
}
