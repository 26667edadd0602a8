import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { testApp, type TestContext } from './harness.js';

let t: TestContext;
let doc: any;
beforeAll(async () => {
  t = await testApp();
  doc = (await t.agent().get('/api/docs/json')).body;
});
afterAll(() => t.close());

type Operation = { method: string; path: string; op: any };
const operations = (): Operation[] =>
  Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method, path, op })),
  );

/** Every object in a request schema must be closed, or unknown fields would pass silently. */
function openObjects(schema: any, at = '$'): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const found: string[] = [];
  if (schema.type === 'object' && schema.properties && schema.additionalProperties !== false) found.push(at);
  for (const [key, value] of Object.entries(schema)) {
    if (value && typeof value === 'object') found.push(...openObjects(value, `${at}.${key}`));
  }
  return found;
}

describe('the OpenAPI document', () => {
  // Test apps compile schemas on first use; the server compiles them all at start.
  it('comes from schemas that all compile, as the server compiles them at start', async () => {
    const eager = await buildApp({ db: t.db, config: t.config });
    await expect(eager.ready()).resolves.toBe(eager);
    await eager.close();
  });

  it('is served with the Swagger UI at /api/docs', async () => {
    const ui = await t.agent().get('/api/docs/');
    expect(ui.status).toBe(200);
    expect(String(ui.headers['content-type'])).toContain('text/html');
    expect(doc.openapi).toBe('3.1.0');
    expect(operations().length).toBeGreaterThan(4);
  });

  it('describes a success and the problem responses of every API operation', () => {
    for (const { method, path, op } of operations().filter((o) => o.path.startsWith('/api/'))) {
      const codes = Object.keys(op.responses ?? {});
      expect(codes.some((c) => c.startsWith('2')), `${method} ${path} has no success response`).toBe(true);
      expect(codes, `${method} ${path} lacks problem responses`).toEqual(expect.arrayContaining(['400', '401', '403', '404']));
    }
  });

  it('closes every request object so unknown fields are rejected', () => {
    for (const { method, path, op } of operations().filter((o) => o.path.startsWith('/api/'))) {
      const body = op.requestBody?.content?.['application/json']?.schema;
      expect(openObjects(body), `${method} ${path} request body`).toEqual([]);
      for (const parameter of op.parameters ?? []) expect(openObjects(parameter.schema), `${method} ${path} ${parameter.name}`).toEqual([]);
    }
  });
});
