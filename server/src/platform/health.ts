import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Database } from './db/database.js';
import { Obj, Problem } from './schema.js';

/** Liveness says the process serves; readiness says it can reach its database. */
export async function healthRoutes(app: FastifyInstance, opts: { db: Database }) {
  const Status = Obj({ status: Type.String() });
  app.get('/healthz', { schema: { tags: ['health'], security: [], response: { 200: Status } } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { tags: ['health'], security: [], response: { 200: Status, 503: Problem } } }, async (_request, reply) => {
    try {
      await sql`SELECT 1`.execute(opts.db);
      return { status: 'ready' };
    } catch {
      return reply.code(503).type('application/problem+json').send({
        type: 'about:blank', title: 'database unavailable', status: 503, detail: 'database unavailable', code: 'not_ready',
      });
    }
  });
}
