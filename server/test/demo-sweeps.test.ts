import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { DEMO_PASSWORD, loadDemoIfEmpty } from '../src/demo/index.js';
import type { DatabaseHandle } from '../src/platform/db/database.js';
import type { App } from '../src/platform/http.js';
import { Agent, testDatabase } from './harness.js';
import { idsIn, recordPath, samples, type OpenApiDoc } from './openapi-samples.js';

/**
 * Sweeps of the whole API over the demo city, route by route from the OpenAPI document,
 * so a route added later is covered too.
 *
 * Data scope on every read and write by id (SPEC: a role sees its territory's subtree):
 * whatever 畅家巷社区's staff, its street, its grid worker and the district's department
 * can list is asked for by id — read, and every write with a body the schema accepts — by
 * the staff of another street (张掖路街道) and of a community there. None of it may succeed.
 *
 * Personal data masked on screen: no list or record any role reads holds a full mobile
 * number or ID number, except the routes that say they are audit-logged.
 */
let handle: DatabaseHandle;
let app: App;
let doc: OpenApiDoc;
beforeAll(async () => {
  handle = await testDatabase();
  await loadDemoIfEmpty(handle.db);
  const street = await handle.db.selectFrom('territory_node').select('id').where('code', '=', '620102002000').executeTakeFirstOrThrow();
  const community = await handle.db.selectFrom('territory_node').select('id').where('parent_id', '=', street.id).where('level', '=', 'community').orderBy('id').executeTakeFirstOrThrow();
  const hash = await handle.db.selectFrom('app_user').select('password_hash').where('username', '=', 'street').executeTakeFirstOrThrow();
  for (const [username, role, territoryId] of [['other-street', 'street_staff', street.id], ['other-community', 'community_staff', community.id]] as const) {
    const user = await handle.db
      .insertInto('app_user')
      .values({ username, display_name: username, password_hash: hash.password_hash, must_change_password: false, home_territory_id: territoryId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await handle.db.insertInto('role_assignment').values({ user_id: user.id, role, territory_id: territoryId }).execute();
  }
  app = await buildApp({ db: handle.db, config: { ...loadConfig(), webDist: '/nonexistent' }, lazySchemas: true });
  await app.ready();
  doc = (await new Agent(app).get('/api/docs/json')).body;
}, 120_000);
afterAll(async () => {
  await app.close();
  await handle.close();
});

const signIn = (username: string) => new Agent(app).login(username, DEMO_PASSWORD);

describe('records of one street', () => {
  it('cannot be read or changed by id from another street', { timeout: 300_000 }, async () => {
    const { isPublic, jsonBody, sample } = samples(doc);
    const owners = await Promise.all(['community', 'street', 'grid', 'dept'].map(signIn));
    const strangers = await Promise.all(['other-street', 'other-community'].map(signIn));
    const leaks: string[] = [];
    let reads = 0;
    let writes = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      const record = recordPath(path);
      if (!record || !record.list.startsWith('/api/v1/')) continue;
      const { list } = record;
      const ids = new Set<number>();
      for (const owner of owners) {
        const listed = await owner.get(`${list}?pageSize=3`);
        if (listed.status === 200) for (const id of idsIn(listed.body)) ids.add(id);
      }
      for (const [method, op] of Object.entries(methods)) {
        if (isPublic(op)) continue;
        const json = jsonBody(op);
        if (json === null) continue;
        for (const id of [...ids].slice(0, 3)) {
          const url = record.at(id);
          const current = method === 'get' ? undefined : (await owners[0]!.get(`${list}/${id}`)).body;
          const body = json ? { ...(sample(json) as object), ...(typeof current?.version === 'number' ? { version: current.version } : {}) } : method === 'get' ? undefined : {};
          for (const stranger of strangers) {
            const res = await stranger.request(method.toUpperCase() as 'GET', url, body);
            if (method === 'get') reads++;
            else writes++;
            if (res.status < 300) leaks.push(`${method.toUpperCase()} ${url} → ${res.status}`);
          }
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(reads).toBeGreaterThan(150);
    expect(writes).toBeGreaterThan(300);
  });
});

const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;
const ID_NUMBER = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/;

describe('personal data', () => {
  it('is masked in every list and record any role reads, except where the route says it is audit-logged', { timeout: 300_000 }, async () => {
    const { isPublic } = samples(doc);
    const unmasked: string[] = [];
    let pages = 0;
    for (const username of ['city', 'street', 'community', 'grid', 'member', 'dept', 'unit', 'volunteer']) {
      const agent = await signIn(username);
      const ids = new Map<string, number[]>();
      const read = async (url: string) => {
        const res = await agent.get(url);
        if (res.status !== 200 || typeof res.body !== 'object') return undefined;
        pages++;
        const text = JSON.stringify(res.body);
        const hit = MOBILE.exec(text) ?? ID_NUMBER.exec(text);
        if (hit) unmasked.push(`${username} ${url}: …${text.slice(Math.max(0, hit.index - 40), hit.index + 20)}`);
        return res.body;
      };
      const reads = Object.entries(doc.paths).filter(([, methods]) => {
        const op = methods.get;
        return op && !isPublic(op) && !/audit-logged/i.test(op.summary ?? '') && !(op.parameters ?? []).some((p: any) => p.in === 'query' && p.required);
      });
      // The lists first: the records are read by the ids they show.
      for (const [path] of reads.filter(([path]) => !path.includes('{'))) {
        ids.set(path, idsIn(await read(`${path}?pageSize=50`)).slice(0, 5));
      }
      for (const [path] of reads.filter(([path]) => path.includes('{'))) {
        const record = recordPath(path)!;
        for (const id of ids.get(record.list) ?? []) await read(record.at(id));
      }
    }
    expect(unmasked).toEqual([]);
    expect(pages).toBeGreaterThan(400);
  });
});
