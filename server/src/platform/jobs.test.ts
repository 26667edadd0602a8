import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './db/database.js';
import { JobRunner, type Job } from './jobs.js';
import { testDatabase } from '../../test/harness.js';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await testDatabase();
});
afterAll(() => handle.close());

const silent = { error: () => {} };

describe('JobRunner', () => {
  it('runs a due job on exactly one of several servers', async () => {
    let runs = 0;
    const job: Job = {
      name: 'count-once',
      everySeconds: 3600,
      run: async () => {
        runs++;
        await new Promise((resolve) => setTimeout(resolve, 20));
      },
    };
    const servers = [1, 2, 3].map(() => new JobRunner(handle.db, [job], silent));
    await servers[0]!.register();
    const results = await Promise.all(servers.map((s) => s.tick()));
    expect(runs).toBe(1);
    expect(results.flat()).toEqual(['count-once']);
    // Not due again until its interval has passed.
    expect(await servers[1]!.tick()).toEqual([]);
  });

  it('records a failure and releases the lease', async () => {
    const job: Job = { name: 'fails', everySeconds: 0, run: async () => { throw new Error('boom'); } };
    const runner = new JobRunner(handle.db, [job], silent);
    await runner.register();
    expect(await runner.tick()).toEqual(['fails']);
    const row = await handle.db.selectFrom('scheduled_job').selectAll().where('name', '=', 'fails').executeTakeFirstOrThrow();
    expect(row.last_error).toBe('boom');
    expect(row.locked_by).toBeNull();
    expect(await runner.tick()).toEqual(['fails']);
  });

  it('takes over a job whose server died holding the lease', async () => {
    const job: Job = { name: 'orphaned', everySeconds: 60, run: async () => {} };
    const runner = new JobRunner(handle.db, [job], silent);
    await runner.register();
    await handle.db
      .updateTable('scheduled_job')
      .set({ locked_by: 'dead-server', locked_until: new Date(Date.now() + 60_000) })
      .where('name', '=', 'orphaned')
      .execute();
    expect(await runner.tick()).toEqual([]);
    await handle.db.updateTable('scheduled_job').set({ locked_until: new Date(Date.now() - 1000) }).where('name', '=', 'orphaned').execute();
    expect(await runner.tick()).toEqual(['orphaned']);
  });
});
