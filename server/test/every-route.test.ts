import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResidentAgent } from '../src/modules/resident/test-support.js';
import { testApp, type Agent, type TestContext } from './harness.js';
import { query, samples, type OpenApiDoc } from './openapi-samples.js';

/**
 * Bad input is a 4xx on every route, never a 500. Each operation of the OpenAPI document
 * gets a body built from its own schema with one field at a time replaced by a value
 * people never mean but a client can send: the NUL character, text of spaces, an integer
 * past int4, a day in year 1, a wrong type; and each query parameter the same way. A
 * route added later is covered without a line here.
 */
let t: TestContext;
let doc: OpenApiDoc;
let api: ReturnType<typeof samples>;
/** Staff of the whole system and of a community, and a signed-in resident (whose routes take only GET and POST). */
let callers: (Agent | ResidentAgent)[];
beforeAll(async () => {
  t = await testApp();
  doc = (await t.agent().get('/api/docs/json')).body;
  api = samples(doc);
  callers = [await t.as('admin'), await t.as('community'), await new ResidentAgent(t).login('13912345678')];
});
afterAll(() => t.close());

/** What a careless or hostile client sends for a field of this schema. */
function badValues(schema: any): unknown[] {
  const type = api.typeOf(api.concrete(schema));
  if (type === 'integer' || type === 'number') return [2_147_483_648, 2 ** 53 + 2, -1, 'x'];
  if (type === 'string') return ['\u0000', 'a\u0000b', '   ', '0001-01-01', '0001-01-01T00:00:00Z', 12];
  return ['\u0000', 2_147_483_648];
}

interface Failure {
  method: string;
  url: string;
  sent: string;
  status: number;
}

async function probe(caller: Agent | ResidentAgent, method: string, url: string, body: unknown, failures: Failure[]) {
  const res = await caller.request(method.toUpperCase() as 'GET', url, body);
  if (res.status >= 500) failures.push({ method, url, sent: JSON.stringify(body)?.slice(0, 120) ?? '', status: res.status });
}

/** Logging out or changing a password would end the agents' sessions halfway. */
const SKIPPED = /\/auth\/(logout|password|login|code)$|\/me\/password$/;

describe('every route', () => {
  it('answers bad input with a 4xx, never a 500', { timeout: 600_000 }, async () => {
    const failures: Failure[] = [];
    let sent = 0;
    const { jsonBody, resolve, sample } = api;
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (SKIPPED.test(path)) continue;
      for (const [method, op] of Object.entries(methods)) {
        const json = jsonBody(op);
        if (json === null) continue;
        const params: any[] = op.parameters ?? [];
        const url = path.replace(/\{\w+\}/g, '1');
        const required = Object.fromEntries(params.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, sample(p.schema)]));
        const body = json ? sample(json) : undefined;
        for (const caller of callers) {
          if (caller instanceof ResidentAgent && method !== 'get' && method !== 'post') continue;
          const runs: [string, unknown][] = [[url + query(required), body]];
          if (params.some((p) => p.in === 'path')) runs.push([path.replace(/\{\w+\}/g, '%00'), body], [path.replace(/\{\w+\}/g, '2147483648'), body]);
          for (const p of params.filter((x) => x.in === 'query')) {
            for (const bad of badValues(p.schema)) runs.push([url + query({ ...required, [p.name]: bad }), body]);
          }
          if (json) {
            runs.push([url + query(required), {}], [url + query(required), []]);
            for (const [field, schema] of Object.entries(resolve(json).properties ?? {})) {
              for (const bad of badValues(schema)) runs.push([url + query(required), { ...(body as object), [field]: bad }]);
            }
          }
          for (const [target, payload] of runs) {
            await probe(caller, method, target, payload, failures);
            sent++;
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(5_000);
    expect(failures).toEqual([]);
  });

  it('asks anyone without a session to sign in wherever the document says a session is needed', async () => {
    const anonymous = t.agent();
    const open: string[] = [];
    let signIn = 0;
    const { isPublic, jsonBody, requiredQuery, sample } = api;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (isPublic(op)) continue;
        const json = jsonBody(op);
        const url = path.replace(/\{\w+\}/g, (name) => (name === '{kind}' ? 'thumb' : '1')) + requiredQuery(op);
        const res = await anonymous.request(method.toUpperCase() as 'GET', url, json ? sample(json) : method === 'get' ? undefined : {});
        // Validation runs before the session check, so a body the sample got wrong is a 400: it still says nothing.
        if (res.status === 401) signIn++;
        else if (res.status !== 400) open.push(`${method.toUpperCase()} ${path} → ${res.status}`);
      }
    }
    expect(open).toEqual([]);
    expect(signIn).toBeGreaterThan(250);
  });
});

