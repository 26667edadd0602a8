/**
 * npm run bench [-- --cases N --duration S --db pglite|postgres|both …]
 *
 * For each database: a fresh database with the migrations and the demo city,
 * N generated cases, then the real application (buildApp, every plugin)
 * and the bare-stack ceiling app side by side on loopback ports, measured with
 * autocannon. Prints one table per database and writes the figures as JSON.
 * See docs/performance.md.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openBenchDatabase, type DbKind } from './lib/databases.js';
import { generateCases } from './lib/generate.js';
import { measure } from './lib/measure.js';
import { machine, table, writeJson } from './lib/report.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000000' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    db: { type: 'string', default: 'both' },
    seed: { type: 'string', default: 'gongzhi' },
    status: { type: 'string', default: 'rated' },
    port: { type: 'string', default: process.env.BENCH_PORT ?? '3105' },
    'pg-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    out: { type: 'string', default: path.join(import.meta.dirname, 'results') },
  },
});

const positive = (name: string, raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${raw}"`);
  return n;
};
const cases = positive('cases', values.cases);
const duration = positive('duration', values.duration);
const warmup = Number(values.warmup);
const connections = positive('connections', values.connections);
const port = positive('port', values.port);
const kinds: DbKind[] = values.db === 'both' ? ['pglite', 'postgres'] : values.db === 'pglite' || values.db === 'postgres' ? [values.db] : [];
if (kinds.length === 0) throw new Error(`--db must be pglite, postgres or both, got "${values.db}"`);

const log = (line: string) => process.stdout.write(`${line}\n`);
const host = machine();
const startedAt = new Date();
log(`Gongzhi bench — ${cases.toLocaleString('en-US')} cases, ${connections} connections, ${duration} s per figure`);
log(`machine: ${host.cpus} × ${host.cpuModel}, ${host.memoryGiB} GiB, Node ${host.node}, load average ${host.loadAverageAtStart.join(' / ')}`);

const results = [];
for (const kind of kinds) {
  log(`\n== ${kind}`);
  const bench = await openBenchDatabase(kind, values['pg-url'], log);
  try {
    log(`  ${bench.version}`);
    log(`  generating ${cases.toLocaleString('en-US')} cases (seed "${values.seed}")`);
    const generated = await generateCases(bench.handle.db, { cases, seed: values.seed, log });
    log(`  ${generated.cases.toLocaleString('en-US')} cases, ${generated.events.toLocaleString('en-US')} timeline rows, ${generated.assignments.toLocaleString('en-US')} assignments in ${generated.seconds.toFixed(0)} s`);
    const loadBefore = os.loadavg();
    const m = await measure(bench, {
      appPort: port,
      ceilingPort: port + 1,
      connections,
      duration,
      warmup,
      status: values.status,
      firstId: generated.firstId,
      lastId: generated.lastId,
      log,
    });
    const loadAfter = os.loadavg();
    log(`\n${table(`${kind} — ${cases.toLocaleString('en-US')} cases (load average ${loadBefore[0]!.toFixed(2)} before, ${loadAfter[0]!.toFixed(2)} after)`, m.rows)}`);
    results.push({ database: kind, version: bench.version, generated, loadAverage: { before: loadBefore, after: loadAfter }, ...m });
  } finally {
    await bench.close();
  }
}

const stamp = startedAt.toISOString().replace(/[:.]/g, '-').slice(0, 19);
const file = writeJson(values.out, `${stamp}-${cases}.json`, {
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  options: { cases, duration, warmup, connections, seed: values.seed, status: values.status },
  machine: { ...host, loadAverageAtEnd: os.loadavg() },
  results,
});
log(`\nresults: ${path.relative(process.cwd(), file)}`);
