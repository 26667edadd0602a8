import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { errorForLog, loggerOptions } from './logging.js';

/** A database error as PGlite and PostgreSQL raise it, with the values they quote. */
function duplicatePhone() {
  return Object.assign(new Error('duplicate key value violates unique constraint "resident_phone_key"'), {
    code: '23505',
    constraint: 'resident_phone_key',
    detail: 'Key (phone)=(13812345678) already exists.',
    where: "unnamed portal parameter $1 = '13812345678'",
    params: ['13812345678', '620102198001011234'],
    query: 'insert into "resident" ("phone") values ($1)',
    cause: Object.assign(new Error('inner'), { params: ['13812345678'] }),
  });
}

describe('logged errors', () => {
  it('keep the code, constraint and statement but not the values the database quotes', () => {
    const logged = errorForLog(duplicatePhone()) as Record<string, unknown>;
    expect(logged).toMatchObject({ type: 'Error', code: '23505', constraint: 'resident_phone_key', query: 'insert into "resident" ("phone") values ($1)' });
    expect(logged.stack).toContain('duplicate key');
    expect(JSON.stringify(logged)).not.toMatch(/13812345678|620102198001011234/);
  });

  it('reach the server log that way from a failing route', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const app = Fastify({ logger: { ...(loggerOptions('info') as object), stream } });
    app.get('/boom', async () => {
      throw duplicatePhone();
    });
    expect((await app.inject({ method: 'GET', url: '/boom?phone=13812345678' })).statusCode).toBe(500);
    await app.close();
    const text = lines.join('');
    expect(text).toContain('resident_phone_key');
    expect(text).not.toMatch(/13812345678|620102198001011234/);
  });
});
