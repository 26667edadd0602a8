import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A dump file of a migrated PGlite, or the name of a migrated PostgreSQL template database. */
    databaseTemplate: string;
  }
}

/**
 * Migrates one database for the whole run and hands it to every test file as a template:
 * with PGlite a dump of its data directory (initdb in WebAssembly is the slow part of
 * opening one), with TEST_DATABASE_URL a template database the files are copied from.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({});
    await migrate(handle.db);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-test-template-'));
    const file = path.join(dir, 'migrated.tar');
    // Kysely has no handle on dumpDataDir; the pool exposes the PGlite it wraps.
    const dump = await handle.dump!();
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await handle.close();
    project.provide('databaseTemplate', file);
    return async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const name = `gz_template_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), poolSize: 1 });
  await migrate(handle.db);
  await handle.close();
  project.provide('databaseTemplate', name);
  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
}
