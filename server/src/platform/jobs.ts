import crypto from 'node:crypto';
import os from 'node:os';
import { sql } from 'kysely';
import type { Database } from './db/database.js';

export interface Job {
  name: string;
  /** Time between the end of one run and the start of the next. */
  everySeconds: number;
  /** How long a run may take before another server may presume it dead and take over. */
  leaseSeconds?: number;
  run(db: Database): Promise<void>;
}

export interface JobLogger {
  error(obj: object, msg: string): void;
}

/**
 * Runs periodic jobs (overdue checks, notice periods, housekeeping) on any
 * number of application servers: each due occurrence is claimed by exactly one
 * of them through a row lease, so nothing fires twice and nothing is lost when
 * a server dies mid-run (its lease expires).
 */
export class JobRunner {
  readonly owner = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly jobs: Job[],
    private readonly log: JobLogger,
  ) {}

  async register(): Promise<void> {
    for (const job of this.jobs) {
      await this.db.insertInto('scheduled_job').values({ name: job.name }).onConflict((oc) => oc.column('name').doNothing()).execute();
    }
  }

  start(pollSeconds = 15): void {
    this.timer = setInterval(() => void this.tick(), pollSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Claims and runs every job that is due; returns the names it ran. */
  async tick(): Promise<string[]> {
    if (this.running) return [];
    const ran: string[] = [];
    this.running = (async () => {
      for (const job of this.jobs) if (await this.runIfDue(job)) ran.push(job.name);
    })();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
    return ran;
  }

  private async runIfDue(job: Job): Promise<boolean> {
    const lease = job.leaseSeconds ?? Math.max(60, job.everySeconds);
    const claimed = await this.db
      .updateTable('scheduled_job')
      .set({ locked_by: this.owner, locked_until: sql<Date>`now() + make_interval(secs => ${lease})` })
      .where('name', '=', job.name)
      .where('next_run_at', '<=', sql<Date>`now()`)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', sql<Date>`now()`)]))
      .returning('name')
      .executeTakeFirst();
    if (!claimed) return false;
    let error: string | null = null;
    try {
      await job.run(this.db);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      this.log.error({ job: job.name, err }, 'job failed');
    }
    await this.db
      .updateTable('scheduled_job')
      .set({
        locked_by: null,
        locked_until: null,
        last_run_at: sql<Date>`now()`,
        last_error: error,
        next_run_at: sql<Date>`now() + make_interval(secs => ${job.everySeconds})`,
      })
      .where('name', '=', job.name)
      .where('locked_by', '=', this.owner)
      .execute();
    return true;
  }
}
