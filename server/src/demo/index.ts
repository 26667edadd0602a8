import path from 'node:path';
import { hashPassword } from '../platform/auth/passwords.js';
import { ROLES, type Role } from '../platform/auth/roles.js';
import type { Database } from '../platform/db/database.js';
import { analyzeAll } from '../platform/db/upkeep.js';
import { EXTRACT_DIR, readExtract } from '../modules/territory/divisions.js';
import { ensureDepartment } from '../modules/cases/departments.js';
import { insertGroups, mergeByCode } from '../modules/territory/tree-loader.js';
import { loadDemoCases } from './cases.js';
import { loadDemoCommittees } from './committees.js';
import { loadDemoSelection } from './selection.js';
import { loadDemoConsultations } from './consultations.js';
import { loadDemoProjects } from './projects.js';
import { loadDemoMeetings } from './meetings.js';
import { loadDemoUnits } from './units.js';
import { communityTree } from './generator.js';

export interface DemoResult {
  loaded: boolean;
  summary: string[];
}

export const DEMO_CITY = '6201';
export const DEMO_PASSWORD = 'Demo#2026';

/** One account per role, bound where SPEC §1 puts that person: the 畅家巷 slice of 城关区. */
const ACCOUNTS: { username: string; displayName: string; role: Role; node: string | 'firstGrid' }[] = [
  { username: 'city', displayName: '市委组织部（演示）', role: 'city_admin', node: '620100000000' },
  { username: 'district', displayName: '城关区委组织部（演示）', role: 'district_admin', node: '620102000000' },
  { username: 'street', displayName: '酒泉路街道工作人员（演示）', role: 'street_staff', node: '620102001000' },
  { username: 'community', displayName: '畅家巷社区书记（演示）', role: 'community_staff', node: '620102001001' },
  { username: 'grid', displayName: '畅家巷社区网格员（演示）', role: 'grid_worker', node: 'firstGrid' },
  { username: 'member', displayName: '畅家巷社区社工委委员（演示）', role: 'committee_member', node: '620102001001' },
  { username: 'dept', displayName: '城关区住建局（演示）', role: 'department_staff', node: '620102000000' },
  { username: 'unit', displayName: '驻区单位联系人（演示）', role: 'unit_contact', node: '620102001001' },
  { username: 'volunteer', displayName: '畅家巷社区志愿者（演示）', role: 'volunteer', node: '620102001001' },
];
const COMMUNITY_CODE = '620102001001';

/** Loads the demo city on a database that has no territory yet. */
export async function loadDemoIfEmpty(db: Database): Promise<DemoResult> {
  const any = await db.selectFrom('territory_node').select('id').limit(1).executeTakeFirst();
  if (any) return { loaded: false, summary: [] };
  return loadDemo(db);
}

/**
 * Adds whatever of the demo is missing: the real Lanzhou tree (by code), a
 * generated grid tree for each community that has none yet, and the demo
 * accounts. Running it again changes nothing, so `npm run demo:load` is safe
 * on a database that already holds the city or part of it.
 */
export async function loadDemo(db: Database): Promise<DemoResult> {
  const started = performance.now();
  const extract = readExtract(path.join(EXTRACT_DIR, `${DEMO_CITY}.json`));
  const official = await mergeByCode(db, extract.tree);

  const city = await db.selectFrom('territory_node').select(['id', 'path']).where('code', '=', extract.tree.code!).executeTakeFirstOrThrow();
  const bare = await db
    .selectFrom('territory_node as c')
    .select(['c.id', 'c.code', 'c.name'])
    .where('c.level', '=', 'community')
    .where('c.path', 'like', `${city.path}%`)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('territory_node as k').select('k.id').whereRef('k.parent_id', '=', 'c.id'))))
    .orderBy('c.code')
    .execute();
  const generated = await db.transaction().execute(async (trx) =>
    insertGroups(trx, bare.map((c) => ({ parentId: c.id, specs: communityTree(c.code ?? String(c.id), c.name) }))),
  );

  const accounts = await ensureAccounts(db);
  await ensureDepartments(db);
  const cases = await loadDemoCases(db);
  // Order matters: the selection round adds to the committees.
  const capabilities = [
    await loadDemoCommittees(db),
    await loadDemoSelection(db),
    await loadDemoMeetings(db),
    await loadDemoConsultations(db),
    await loadDemoUnits(db),
    await loadDemoProjects(db),
  ];
  const loaded = official.created + generated.length + accounts.created + cases + capabilities.reduce((sum, n) => sum + n, 0) > 0;
  // A bulk load: the first requests are planned with statistics of what is there now.
  if (loaded) await analyzeAll(db);
  const seconds = (performance.now() - started) / 1000;
  return { loaded, summary: loaded ? await describe(db, city.path, extract.tree.name, seconds) : [] };
}

async function ensureAccounts(db: Database): Promise<{ created: number }> {
  const existing = new Set(
    (await db.selectFrom('app_user').select('username').where('username', 'in', ACCOUNTS.map((a) => a.username)).execute()).map((r) => r.username),
  );
  const missing = ACCOUNTS.filter((a) => !existing.has(a.username));
  if (missing.length === 0) return { created: 0 };
  const nodes = new Map(
    (await db.selectFrom('territory_node').select(['id', 'code']).where('code', 'in', [...new Set(ACCOUNTS.map((a) => a.node))]).execute()).map((n) => [n.code!, n.id]),
  );
  const community = nodes.get(COMMUNITY_CODE);
  const firstGrid = community
    ? await db.selectFrom('territory_node').select('id').where('parent_id', '=', community).where('level', '=', 'grid').orderBy('sort').orderBy('id').limit(1).executeTakeFirst()
    : undefined;
  // One hash for all: argon2 is deliberately slow, and these share a published password.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let created = 0;
  await db.transaction().execute(async (trx) => {
    for (const account of missing) {
      const territoryId = account.node === 'firstGrid' ? firstGrid?.id : nodes.get(account.node);
      if (territoryId === undefined) continue;
      const user = await trx
        .insertInto('app_user')
        .values({ username: account.username, display_name: account.displayName, password_hash: passwordHash, must_change_password: false, home_territory_id: territoryId })
        .onConflict((oc) => oc.column('username').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!user) continue;
      await trx.insertInto('role_assignment').values({ user_id: user.id, role: account.role, territory_id: territoryId }).execute();
      created++;
    }
  });
  return { created };
}

/**
 * 职能部门 of 城关区 that joint and tough cases are dispatched to (吹哨报到); the
 * `dept` account is a member of 住建局, so a dispatched case reaches it.
 */
const DEPARTMENTS = [
  { code: 'cg-housing', name: '城关区住建局', members: ['dept'] },
  { code: 'cg-urban', name: '城关区城市管理局', members: [] },
  { code: 'cg-water', name: '城关区水务局', members: [] },
];

async function ensureDepartments(db: Database): Promise<void> {
  const district = await db.selectFrom('territory_node').select('id').where('code', '=', '620102000000').executeTakeFirst();
  if (!district) return;
  const users = new Map((await db.selectFrom('app_user').select(['id', 'username']).where('username', 'in', ['dept']).execute()).map((u) => [u.username, u.id]));
  for (const d of DEPARTMENTS) {
    const memberIds = d.members.flatMap((name) => (users.has(name) ? [users.get(name)!] : []));
    await ensureDepartment(db, { territoryId: district.id, name: d.name, code: d.code, memberIds });
  }
}

async function describe(db: Database, cityPath: string, cityName: string, seconds: number): Promise<string[]> {
  const counts = await db
    .selectFrom('territory_node')
    .select(['level', (eb) => eb.fn.countAll<number>().as('n')])
    .where('path', 'like', `${cityPath}%`)
    .groupBy('level')
    .execute();
  const n = Object.fromEntries(counts.map((c) => [c.level, Number(c.n).toLocaleString('en-US')]));
  const accounts = await db
    .selectFrom('app_user as u')
    .innerJoin('role_assignment as r', 'r.user_id', 'u.id')
    .innerJoin('territory_node as t', 't.id', 'r.territory_id')
    .select(['u.username', 'r.role', 't.name', 't.level'])
    .where('u.username', 'in', ACCOUNTS.map((a) => a.username))
    .execute();
  const order = ACCOUNTS.map((a) => a.username);
  accounts.sort((a, b) => order.indexOf(a.username) - order.indexOf(b.username));
  return [
    `Demo data: ${cityName} — ${n.district ?? 0} districts, ${n.street ?? 0} streets, ${n.community ?? 0} communities, ` +
      `${n.grid ?? 0} grids, ${n.compound ?? 0} compounds, ${n.building ?? 0} buildings (loaded in ${seconds.toFixed(1)} s)`,
    `Demo accounts, all with password ${DEMO_PASSWORD}:`,
    ...accounts.map((a) => `    ${a.username.padEnd(10)} ${ROLES[a.role as Role]?.zh ?? a.role} · ${a.name}`),
  ];
}
