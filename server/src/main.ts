import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { buildApp } from './app.js';
import { ensureAdmin } from './bootstrap.js';
import { loadConfig } from './config.js';
import { loadDemoIfEmpty } from './demo/index.js';
import { MODULE_JOBS } from './modules/index.js';
import { purgeExpired } from './platform/auth/sessions.js';
import { openDatabase } from './platform/db/database.js';
import { migrate } from './platform/db/migrate.js';
import { EMBEDDED_UPKEEP_JOBS } from './platform/db/upkeep.js';
import { JobRunner } from './platform/jobs.js';
import { loggerOptions } from './platform/logging.js';
import { probeStorage, storageFor } from './platform/storage.js';

const config = loadConfig();
await probeStorage(storageFor(config));
// The app's logger exists only after the database is open; the pool reports through this.
const logTo: { log?: FastifyBaseLogger } = {};
const handle = await openDatabase({
  url: config.databaseUrl,
  dataDir: path.join(config.dataDir, 'db'),
  onIdleError: (error) => logTo.log?.warn({ err: error }, 'the database dropped an idle connection; it will reconnect'),
});
const applied = await migrate(handle.db);
const admin = await ensureAdmin(handle.db, config.adminPassword);
const demo = config.loadDemo ? await loadDemoIfEmpty(handle.db) : null;

const app = await buildApp({ db: handle.db, config, logger: loggerOptions(config.logLevel) });
logTo.log = app.log;
if (applied.length > 0) app.log.info({ migrations: applied }, 'migrations applied');
const policy = { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours };
const jobs = new JobRunner(
  handle.db,
  [
    { name: 'sessions.purge', everySeconds: 600, run: (db) => purgeExpired(db, policy) },
    ...MODULE_JOBS,
    // PostgreSQL's autovacuum does this on a server; the embedded database has none.
    ...(handle.kind === 'pglite' ? EMBEDDED_UPKEEP_JOBS : []),
  ],
  app.log,
);
await jobs.register();
jobs.start();

await app.listen({ port: config.port, host: config.host });

const where = `http://localhost:${config.port}`;
const lines = [
  '',
  `  Gongzhi 共治 is running on ${where}  (API docs: ${where}/api/docs)`,
  `  Database: ${handle.kind === 'pglite' ? `embedded PGlite in ${path.join(config.dataDir, 'db')}` : 'PostgreSQL (DATABASE_URL)'}`,
  `  Uploaded files: ${config.s3 ? `object store ${config.s3.endpoint}, bucket ${config.s3.bucket}` : path.join(config.dataDir, 'uploads')}`,
];
if (admin.created && admin.password) {
  lines.push(`  First start: log in as  admin / ${admin.password}  (shown once; you will be asked to change it)`);
} else if (admin.created) {
  lines.push('  First start: log in as  admin  with GONGZHI_ADMIN_PASSWORD');
}
if (demo?.loaded) lines.push(...demo.summary.map((line) => `  ${line}`));
process.stdout.write(`${lines.join('\n')}\n\n`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, 'shutting down: finishing in-flight requests');
  await jobs.stop();
  await app.close();
  await handle.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
