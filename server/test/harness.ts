import crypto from 'node:crypto';
import fs from 'node:fs';
import { inject } from 'vitest';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { openDatabase, type Database, type DatabaseHandle } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import type { App } from '../src/platform/http.js';
import { seedFixture, type Fixture } from './fixture.js';

/**
 * A real, empty, migrated database for one test file: an in-memory PGlite, or
 * with TEST_DATABASE_URL a PostgreSQL database created for the file and
 * dropped after it.
 */
export async function testDatabase(): Promise<DatabaseHandle> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  // The global setup (test/global-setup.ts) migrated a template once for the whole run;
  // migrate() below then only confirms that nothing is pending.
  const template = inject('databaseTemplate');
  if (!serverUrl) {
    const snapshot = template ? new Blob([fs.readFileSync(template)]) : undefined;
    const handle = await openDatabase({ snapshot });
    await migrate(handle.db);
    return handle;
  }
  const name = `gz_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), poolSize: 5 });
  await migrate(handle.db);
  return {
    ...handle,
    async close() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      // The pool's connections end asynchronously; dropping while one is still
      // there would terminate it (57P01) and surface as an unhandled error.
      for (let i = 0; i < 50; i++) {
        const { rows } = await cleanup.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
        if (rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export interface Response {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: any;
  raw: Buffer;
}

/** A logged-in (or anonymous) browser: keeps the session cookie and sends the CSRF header. */
export class Agent {
  cookie: string | undefined;
  csrf: string | undefined;

  constructor(readonly app: App) {}

  async request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const res = await this.app.inject({
      method,
      url,
      payload: payload as never,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
    });
    const setCookie = res.cookies.find((c) => c.name === 'gz_session');
    if (setCookie) this.cookie = setCookie.value ? `gz_session=${setCookie.value}` : undefined;
    const type = String(res.headers['content-type'] ?? '');
    return {
      status: res.statusCode,
      headers: res.headers,
      body: type.includes('json') && res.body ? res.json() : res.body,
      raw: res.rawPayload,
    };
  }

  get = (url: string, headers?: Record<string, string>) => this.request('GET', url, undefined, headers);
  post = (url: string, body?: unknown, headers?: Record<string, string>) => this.request('POST', url, body ?? {}, headers);
  put = (url: string, body?: unknown) => this.request('PUT', url, body ?? {});
  patch = (url: string, body?: unknown) => this.request('PATCH', url, body ?? {});
  delete = (url: string) => this.request('DELETE', url);

  async login(username: string, password = FIXTURE_PASSWORD): Promise<this> {
    const res = await this.post('/api/v1/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.csrf = res.body.csrfToken;
    return this;
  }
}

export const FIXTURE_PASSWORD = 'Fixture#2026';

export interface TestContext {
  app: App;
  db: Database;
  handle: DatabaseHandle;
  config: Config;
  fixture: Fixture;
  agent(): Agent;
  as(username: string): Promise<Agent>;
  close(): Promise<void>;
}

/** An app over a fresh database holding the fixture territory and one account per role. */
export async function testApp(overrides: Partial<Config> = {}): Promise<TestContext> {
  const handle = await testDatabase();
  const config = { ...loadConfig(), webDist: '/nonexistent', ...overrides };
  const fixture = await seedFixture(handle.db);
  const app = await buildApp({ db: handle.db, config, lazySchemas: true });
  await app.ready();
  return {
    app,
    db: handle.db,
    handle,
    config,
    fixture,
    agent: () => new Agent(app),
    as: (username: string) => new Agent(app).login(username),
    async close() {
      await app.close();
      await handle.close();
    },
  };
}
