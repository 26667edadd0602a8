import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestContext } from '../../test/harness.js';
import { loadDemoProjects } from './projects.js';

let t: TestContext;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('loadDemoProjects', () => {
  it('gives 畅家巷 a running, an applied and an open project and a balanced ledger, once', async () => {
    expect(await loadDemoProjects(t.db)).toBe(3);
    expect(await loadDemoProjects(t.db)).toBe(0);
    const street = await t.as('street');
    const list = (await street.get('/api/v1/projects')).body;
    expect(list.data.map((p: { status: string }) => p.status).sort()).toEqual(['applied', 'approved', 'executing']);
    const ledger = (await street.get(`/api/v1/funds/communities/${t.fixture.node.changjiaxiang}`)).body;
    expect(ledger.total).toBe(0);
    expect(ledger.accounts.find((a: { kind: string }) => a.kind === 'spent').balance).toBe(1_680_000);
    const open = (await (await t.as('unit')).get('/api/v1/projects?openForClaim=true')).body;
    expect(open.data.map((p: { title: string }) => p.title)).toEqual(['青少年"四点半课堂"']);
  });
});
