import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../../server/src/platform/db/database.js';

/**
 * The bare-stack ceiling: Fastify and Kysely over the same database handle
 * (the same pool, or the same embedded instance) as the application, one
 * statement per request and nothing else — no session, no schema checks
 * beyond a response schema, no audit. What the application reaches is read
 * against what this reaches in the same run on the same machine.
 */
export async function ceilingApp(db: Database): Promise<FastifyInstance> {
  await sql`CREATE TABLE IF NOT EXISTS bench_ceiling (id bigserial PRIMARY KEY, note text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`.execute(db);
  const app = Fastify({ logger: false });
  const IdReply = { type: 'object', properties: { id: { type: 'integer' } } } as const;

  app.post('/bench/insert', { schema: { response: { 200: IdReply } } }, async (request) => {
    const note = (request.body as { note?: string } | undefined)?.note ?? '';
    const { rows } = await sql<{ id: number }>`INSERT INTO bench_ceiling (note) VALUES (${note}) RETURNING id`.execute(db);
    return rows[0];
  });

  app.get(
    '/bench/select/:id',
    { schema: { response: { 200: { type: 'object', properties: { id: { type: 'integer' }, tracking_no: { type: 'string' }, status: { type: 'string' } } }, 404: { type: 'object' } } } },
    async (request, reply) => {
      const id = Number((request.params as { id: string }).id);
      const row = await db.selectFrom('case_record').select(['id', 'tracking_no', 'status']).where('id', '=', id).executeTakeFirst();
      if (!row) return reply.code(404).send({});
      return row;
    },
  );
  return app;
}
