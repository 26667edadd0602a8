import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestContext } from '../../test/harness.js';
import { loadDemoSelection } from './selection.js';

let t: TestContext;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('loadDemoSelection', () => {
  it('sets Lanzhou’s rules and puts a supplement round of 畅家巷 on a live notice, once', async () => {
    expect(await loadDemoSelection(t.db)).toBe(1);
    expect(await loadDemoSelection(t.db)).toBe(0);
    const rule = await t.db.selectFrom('committee_rule').selectAll().executeTakeFirstOrThrow();
    expect(rule).toMatchObject({ size_min: 13, size_max: 15, certificate_prefix: '兰社工委聘' });
    const rounds = await t.db.selectFrom('selection_round').select(['kind', 'status']).execute();
    expect(rounds).toEqual([{ kind: 'supplement', status: 'notice' }]);
    const board = (await t.agent().get(`/api/v1/public/communities/${t.fixture.node.changjiaxiang}/board`)).body;
    expect(board.current).toEqual([expect.objectContaining({ kind: 'appointment', acceptingObjections: true })]);
    expect(board.past.map((n: { kind: string }) => n.kind)).toEqual(['announcement']);
    const round = (await (await t.as('community')).get(`/api/v1/selection/rounds?status=notice`)).body;
    expect(round.total).toBe(1);
  });
});
