import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * Adapts one embedded PGlite instance to the pool interface of Kysely's own
 * PostgresDialect, so the embedded and server databases share one dialect and
 * one code path. PGlite has a single connection, so `connect()` hands it out to
 * one holder at a time; a Kysely transaction keeps it until commit/rollback.
 */
export class PGlitePool implements PostgresPool {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly pg: PGlite) {}

  async connect(): Promise<PostgresPoolClient> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const previous = this.queue;
    this.queue = previous.then(() => released);
    await previous;
    let done = false;
    const pg = this.pg;
    const client = {
      async query(sqlText: string, parameters: ReadonlyArray<unknown>) {
        // Without parameters use the simple protocol, which (like node-postgres)
        // accepts several statements: migrations and restores are scripts.
        const result =
          parameters.length === 0
            ? ((await pg.exec(sqlText)).at(-1) ?? { rows: [], affectedRows: 0 })
            : await pg.query<Record<string, unknown>>(sqlText, [...parameters]);
        return {
          command: commandOf(sqlText),
          rowCount: result.affectedRows ?? result.rows.length,
          rows: result.rows as Record<string, unknown>[],
        } satisfies PostgresQueryResult<Record<string, unknown>>;
      },
      release() {
        if (done) return;
        done = true;
        release();
      },
    };
    return client as unknown as PostgresPoolClient;
  }

  async end(): Promise<void> {
    await this.queue;
  }
}

type Command = PostgresQueryResult<unknown>['command'];

/** Kysely reads the command tag to report affected rows; PGlite does not return one. */
function commandOf(sqlText: string): Command {
  const head = /^\s*(\w+)/.exec(sqlText)?.[1]?.toUpperCase();
  if (head === 'INSERT' || head === 'UPDATE' || head === 'DELETE' || head === 'MERGE') return head;
  if (head === 'WITH') {
    const dml = /\)\s*(insert|update|delete|merge)\b/i.exec(sqlText)?.[1]?.toUpperCase();
    if (dml) return dml as Command;
  }
  return 'SELECT';
}
