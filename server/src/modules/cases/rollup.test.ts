import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/harness.js';
import { testApp, type TestContext } from '../../../test/harness.js';
import { prng } from '../../demo/generator.js';
import { sweepOverdue } from './overdue.js';
import { COUNTERS } from './rollup.js';
import { splitPeriod } from './rollup-read.js';
import { rebuildCaseRollups } from './rollup-rebuild.js';
import { caseWorld, createCase, driveTo, sampleBody, type CaseWorld } from './test-support.js';
import type { Action } from './workflow.js';

let t: TestContext;
let w: CaseWorld;
beforeAll(async () => {
  t = await testApp();
  w = await caseWorld(t);
});
afterAll(() => t.close());

/** The rollup tables, without rows that a case has moved out of (all zero). */
async function snapshot() {
  const days = await t.db.selectFrom('case_stats_day').selectAll().where('received', '!=', 0).orderBy('node_id').orderBy('dim').orderBy('day').orderBy('value').execute();
  const months = await t.db.selectFrom('case_stats_month').selectAll().where('received', '!=', 0).orderBy('node_id').orderBy('dim').orderBy('month').orderBy('value').execute();
  const now = await t.db.selectFrom('case_stats_now').selectAll().where('cases', '!=', 0).orderBy('node_id').orderBy('status').execute();
  return { days, months, now };
}

async function expectNoNegatives() {
  const negative = await t.db
    .selectFrom('case_stats_day')
    .select('node_id')
    .where((eb) => eb.or(COUNTERS.map((c) => eb(c, '<', 0))))
    .execute();
  expect(negative).toEqual([]);
}

describe('a period, as whole months and the days around them', () => {
  it.each([
    ['2026-01-15', '2026-02-10', [['2026-01-15', '2026-02-10']], null],
    ['2026-01-01', '2026-01-31', [], ['2026-01-01', '2026-01-01']],
    ['2026-01-15', '2026-03-31', [['2026-01-15', '2026-01-31']], ['2026-02-01', '2026-03-01']],
    ['2026-01-01', '2026-03-10', [['2026-03-01', '2026-03-10']], ['2026-01-01', '2026-02-01']],
    ['2025-12-31', '2027-01-01', [['2025-12-31', '2025-12-31'], ['2027-01-01', '2027-01-01']], ['2026-01-01', '2026-12-01']],
    ['2026-02-01', '2026-02-28', [], ['2026-02-01', '2026-02-01']],
    ['2026-02-03', '2026-02-03', [['2026-02-03', '2026-02-03']], null],
  ])('%s – %s', (from, to, days, months) => {
    expect(splitPeriod({ from, to })).toEqual({ days, months });
  });
});

describe('incremental rollups equal a full recompute', () => {
  it('after a random sequence of every kind of write', async () => {
    const seed = Number(process.env.ROLLUP_SEED ?? 20261201);
    const random = prng(seed);
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const communities = [t.fixture.node.changjiaxiang, t.fixture.node.zhangjiayuan, t.fixture.node.longxilu];
    const agents: Agent[] = [w.as.admin, w.as.grid, w.as.dept];
    const ids: number[] = [];
    const communityOf = new Map<number, number>();
    // Rejecting, merging and escalating are rarer, so that most cases travel to the end.
    const weight = (action: string) => (['reject', 'merge', 'escalate'].includes(action) ? 0.25 : 1);
    const weighted = <T extends { action: string }>(items: T[]): T => {
      let r = random() * items.reduce((sum, o) => sum + weight(o.action), 0);
      for (const item of items) if ((r -= weight(item.action)) < 0) return item;
      return items.at(-1)!;
    };
    const log: string[] = [];

    const bodyFor = (action: Action, c: { id: number; tier: string; communityId: number }): Record<string, unknown> | null => {
      switch (action) {
        case 'accept':
          return { tier: pick(['routine', 'routine', 'joint', 'tough']), urgent: random() < 0.3, categoryCode: pick(['property', 'environment', 'water_heating']) };
        case 'dispatch':
          if (c.tier === 'joint') return { leadDepartmentId: w.housing, assistDepartmentIds: [w.water] };
          if (c.tier === 'tough') return { leadDepartmentId: w.housing, supervisorUserId: t.fixture.user.district };
          return c.communityId === t.fixture.node.changjiaxiang && random() < 0.5 ? { assigneeUserId: t.fixture.user.grid } : { toCommunity: true };
        case 'rate':
          return { rating: pick(['satisfied', 'basically_satisfied', 'dissatisfied', 'dissatisfied']) };
        case 'merge': {
          const target = ids.filter((id) => id !== c.id && communityOf.get(id) === c.communityId);
          return target.length === 0 ? null : { targetId: pick(target) };
        }
        default:
          return sampleBody(w, action);
      }
    };

    async function step(i: number) {
      const roll = random();
      if (ids.length < 4 || roll < 0.08) {
        const communityId = pick(communities);
        const place = communityId === t.fixture.node.changjiaxiang ? {} : { territoryId: undefined };
        const created = await createCase(w, { communityId, ...place, channel: pick(['visit', 'hotline', 'h5', 'grid_report']) }, w.as.admin);
        ids.push(created.id);
        communityOf.set(created.id, communityId);
        log.push(`${i}: create ${created.id}`);
        return;
      }
      if (roll < 0.12) {
        const report = await sweepOverdue(t.db, new Date(Date.now() + Math.floor(random() * 12) * 86_400_000));
        log.push(`${i}: sweep ${JSON.stringify(report)}`);
        return;
      }
      const id = pick(ids);
      if (roll < 0.16) {
        // A late sign-for: the response deadline only counts once the case is signed for.
        await sql`UPDATE case_record SET respond_by = created_at - interval '1 hour' WHERE id = ${id} AND responded_at IS NULL`.execute(t.db);
        log.push(`${i}: late ${id}`);
        return;
      }
      const options: { agent: Agent; action: Action | 'extension' | 'decision' }[] = [];
      let detail: { id: number; version: number; status: string; tier: string; communityId: number; extension?: unknown } | undefined;
      for (const agent of agents) {
        const res = await agent.get(`/api/v1/cases/${id}`);
        if (res.status !== 200) continue;
        detail = res.body;
        for (const action of res.body.actions as Action[]) options.push({ agent, action });
        if (['dispatched', 'handling'].includes(res.body.status) && agent !== w.as.admin && random() < 0.3) options.push({ agent, action: 'extension' });
      }
      if (detail && ['dispatched', 'handling'].includes(detail.status) && random() < 0.3) options.push({ agent: w.as.admin, action: 'decision' });
      if (!detail || options.length === 0) return;
      const { agent, action } = weighted(options);
      let res;
      if (action === 'extension') res = await agent.post(`/api/v1/cases/${id}/extension`, { version: detail.version, days: 3, reason: '需要协调施工队' });
      else if (action === 'decision') res = await agent.post(`/api/v1/cases/${id}/extension/decision`, { version: detail.version, approve: random() < 0.5 });
      else {
        const body = bodyFor(action, detail);
        if (!body) return;
        res = await agent.post(`/api/v1/cases/${id}/${action.replace('_', '-')}`, { ...body, version: detail.version });
      }
      log.push(`${i}: ${action} ${id} → ${res.status}`);
      // Refused: an extension asked by someone not holding the case, a decision with none pending, a merge
      // into a case that is itself closed off. Nothing else may fail.
      const refusable = action === 'extension' || action === 'decision' || action === 'merge';
      if (!refusable) expect(res.status, `${log.join('\n')}\n${JSON.stringify(res.body)}`).toBe(200);
    }

    // Whatever the seed, one case goes the whole routine way (the random walk then may reopen it).
    const routine = await driveTo(w, 'rated');
    ids.push(routine.id);
    communityOf.set(routine.id, t.fixture.node.changjiaxiang);
    for (let i = 0; i < 120; i++) await step(i);
    await expectNoNegatives();
    const incremental = await snapshot();
    const report = await rebuildCaseRollups(t.db);
    expect(report.cases).toBe(ids.length);
    expect(await snapshot(), `seed ${seed}\n${log.join('\n')}`).toEqual(incremental);

    // The hooks carry on from recomputed rows just as from their own.
    for (let i = 120; i < 180; i++) await step(i);
    const continued = await snapshot();
    await rebuildCaseRollups(t.db);
    expect(await snapshot(), `seed ${seed}\n${log.join('\n')}`).toEqual(continued);

    // The sequence reached the states and events that have their own counters.
    const totals = await t.db.selectFrom('case_stats_day').select(COUNTERS.map((c) => sql<number>`sum(${sql.ref(c)})::int8`.as(c))).where('dim', '=', 'all').where('node_id', '=', t.fixture.node.city).executeTakeFirstOrThrow();
    for (const counter of ['accepted', 'rejected', 'responded', 'responded_in_time', 'closed', 'closed_in_grid', 'escalated', 'overdue', 'rated'] as const) {
      expect(Number(totals[counter]), `${counter} never happened with seed ${seed}`).toBeGreaterThan(0);
    }
  }, 120_000);
});
