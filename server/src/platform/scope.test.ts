import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PASSWORD, testApp, type TestContext } from '../../test/harness.js';
import type { Actor } from './auth/actor.js';
import type { Permission } from './auth/roles.js';
import { loadRoles, permissionSet } from './auth/sessions.js';
import { pathCondition, pathInScope, scopeFor, territoryCondition, type DataScope } from './scope.js';

/*
 * The data-scope table (数据权限): who sees which record. Records hang on
 * nodes around 酒泉路街道 — ancestors (city, district), the street itself,
 * inside it (community, building), a sibling street and what is under it,
 * another district — plus one installation-wide record on no node. Every row
 * is checked three ways: the scope in memory, a territory-id column filtered
 * in SQL, and a path column filtered in SQL.
 */
type RecordKey = 'city' | 'chengguan' | 'jiuquanlu' | 'changjiaxiang' | 'building1' | 'zhangyelu' | 'longxilu' | 'qilihe' | 'xiaxiyuan' | 'none';
const RECORDS: RecordKey[] = ['city', 'chengguan', 'jiuquanlu', 'changjiaxiang', 'building1', 'zhangyelu', 'longxilu', 'qilihe', 'xiaxiyuan', 'none'];

const CHENGGUAN: RecordKey[] = ['chengguan', 'jiuquanlu', 'changjiaxiang', 'building1', 'zhangyelu', 'longxilu'];
const EVERY_NODE = RECORDS.filter((r) => r !== 'none');

/** [fixture user (or a composed one), permission, records in scope]. */
const TABLE: [string, Permission, RecordKey[]][] = [
  ['admin', 'territory:read', RECORDS],
  ['city', 'territory:read', EVERY_NODE],
  ['district', 'territory:read', CHENGGUAN],
  ['street', 'territory:read', ['jiuquanlu', 'changjiaxiang', 'building1']],
  ['streetb', 'territory:read', ['zhangyelu', 'longxilu']],
  ['community', 'territory:read', ['changjiaxiang', 'building1']],
  ['grid', 'territory:read', ['building1']],
  // Departments are bound to the district for cases but see its territory too.
  ['dept', 'territory:read', CHENGGUAN],
  // A permission the role does not carry gives no scope at all, not the role's node.
  ['volunteer', 'territory:read', []],
  ['street', 'audit:read', []],
  ['community', 'user:write', []],
  ['district', 'audit:read', CHENGGUAN],
  // Several roles: the union of their subtrees; a subtree inside another adds nothing.
  ['street+longxilu', 'territory:read', ['jiuquanlu', 'changjiaxiang', 'building1', 'longxilu']],
  ['district+street', 'territory:read', CHENGGUAN],
];

let t: TestContext;
const actors = new Map<string, Actor>();
const recordNode = (key: RecordKey): number | null => (key === 'none' ? null : t.fixture.node[key]);
const pathOf = new Map<RecordKey, string | null>();

async function actorFor(userId: number, username: string): Promise<Actor> {
  const roles = await loadRoles(t.db, userId);
  return { userId, username, displayName: username, roles, permissions: permissionSet(roles), departmentIds: [], sessionId: '', csrfToken: '', mustChangePassword: false };
}

async function composed(username: string, grants: [string, number][]) {
  const user = await t.db
    .insertInto('app_user')
    .values({ username: username.replace('+', '.'), display_name: username, password_hash: 'x', home_territory_id: grants[0]![1] })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [role, territoryId] of grants) await t.db.insertInto('role_assignment').values({ user_id: user.id, role, territory_id: territoryId }).execute();
  actors.set(username, await actorFor(user.id, username));
}

beforeAll(async () => {
  t = await testApp();
  for (const [key, id] of Object.entries(t.fixture.user)) actors.set(key, await actorFor(id, key));
  const { node } = t.fixture;
  await composed('street+longxilu', [['street_staff', node.jiuquanlu], ['community_staff', node.longxilu]]);
  await composed('district+street', [['district_admin', node.chengguan], ['street_staff', node.jiuquanlu]]);
  for (const key of RECORDS) {
    const id = recordNode(key);
    pathOf.set(key, id === null ? null : (await t.db.selectFrom('territory_node').select('path').where('id', '=', id).executeTakeFirstOrThrow()).path);
    await t.db
      .insertInto('audit_log')
      .values({ action: 'scope.probe', entity_type: 'probe', entity_id: key, territory_id: id, summary: key, detail: '{}' })
      .execute();
  }
});
afterAll(() => t.close());

const sorted = (keys: Iterable<string>) => [...keys].sort();

describe.each(TABLE)('%s with %s', (who, permission, expected) => {
  let scope: DataScope;
  beforeAll(() => {
    scope = scopeFor(actors.get(who)!, permission);
  });

  it('pathInScope admits exactly the expected records', () => {
    const admitted = RECORDS.filter((key) => pathInScope(scope, pathOf.get(key)!));
    expect(sorted(admitted)).toEqual(sorted(expected));
  });

  it('territoryCondition returns exactly the expected rows', async () => {
    const rows = await t.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'scope.probe')
      .where((eb) => territoryCondition(eb, 'audit_log.territory_id', scope))
      .execute();
    expect(sorted(rows.map((r) => r.entity_id!))).toEqual(sorted(expected));
  });

  it('pathCondition returns exactly the expected nodes', async () => {
    const ids = EVERY_NODE.map((key) => t.fixture.node[key as Exclude<RecordKey, 'none'>]);
    const rows = await t.db
      .selectFrom('territory_node')
      .select('id')
      .where('id', 'in', ids)
      .where((eb) => pathCondition(eb, 'territory_node.path', scope))
      .execute();
    const byId = new Map(EVERY_NODE.map((key) => [recordNode(key), key]));
    expect(sorted(rows.map((r) => byId.get(r.id)!))).toEqual(sorted(expected.filter((k) => k !== 'none')));
  });
});

describe('scopeFor', () => {
  it('is unbound only through an unbound role', () => {
    expect(scopeFor(actors.get('admin')!, 'audit:read')).toEqual({ kind: 'all' });
    expect(scopeFor(actors.get('city')!, 'audit:read')).toEqual({ kind: 'subtrees', paths: [pathOf.get('city')] });
  });

  it('keeps only the outermost of nested subtrees', () => {
    expect(scopeFor(actors.get('district+street')!, 'territory:read')).toEqual({ kind: 'subtrees', paths: [pathOf.get('chengguan')] });
    expect(scopeFor(actors.get('street+longxilu')!, 'territory:read').kind).toBe('subtrees');
  });

  it('matches whole path segments: /1/2/ does not contain /1/23/', () => {
    const scope: DataScope = { kind: 'subtrees', paths: ['/1/2/'] };
    expect(pathInScope(scope, '/1/2/')).toBe(true);
    expect(pathInScope(scope, '/1/2/5/')).toBe(true);
    expect(pathInScope(scope, '/1/23/')).toBe(false);
    expect(pathInScope(scope, '/1/')).toBe(false);
    expect(pathInScope(scope, null)).toBe(false);
  });
});

/*
 * The same table through the API: accounts are scoped by their home node,
 * so each caller lists exactly the accounts homed in its subtree, and reading
 * any other account by id is a 404, as if it did not exist.
 */
const ACCOUNTS: Record<string, string[]> = {
  admin: ['admin', 'city', 'district', 'street', 'streetb', 'community', 'grid', 'member', 'dept', 'unit', 'volunteer'],
  city: ['city', 'district', 'street', 'streetb', 'community', 'grid', 'member', 'dept', 'unit', 'volunteer'],
  district: ['district', 'street', 'streetb', 'community', 'grid', 'member', 'dept', 'unit', 'volunteer'],
  street: ['street', 'community', 'grid', 'member', 'unit', 'volunteer'],
  streetb: ['streetb'],
  community: ['community', 'grid', 'member', 'unit', 'volunteer'],
};

describe.each(Object.entries(ACCOUNTS))('GET /users as %s', (who, visible) => {
  it('lists exactly the accounts homed in its subtree and 404s the rest by id', async () => {
    const agent = await t.agent().login(who, FIXTURE_PASSWORD);
    const list = await agent.get('/api/v1/users?pageSize=200');
    expect(list.status).toBe(200);
    const fixtureNames = new Set(Object.keys(t.fixture.user));
    expect(sorted(list.body.data.map((u: { username: string }) => u.username).filter((n: string) => fixtureNames.has(n)))).toEqual(sorted(visible));
    for (const [name, id] of Object.entries(t.fixture.user)) {
      const res = await agent.get(`/api/v1/users/${id}`);
      expect(res.status, `${who} reading ${name}`).toBe(visible.includes(name) ? 200 : 404);
    }
  });
});
