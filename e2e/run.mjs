#!/usr/bin/env node
/**
 * Browser tests: starts servers (one per lane, see LANES) on fresh embedded
 * databases with the demo data, drives Debian's chromium through playwright-core
 * (never downloads a browser), and prints `N passed, M failed` last. Exits
 * non-zero on any failure; always stops the servers it started.
 *
 *   npm run test:e2e                 all specs (e2e/*.spec.mjs)
 *   npm run test:e2e -- territory    specs whose file name contains "territory"
 *
 * CHROMIUM_PATH overrides /usr/bin/chromium. On failure a screenshot per test
 * and the server's log are kept in e2e/artifacts/.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { ADMIN_PASSWORD, registry } from './lib.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const ARTIFACTS = path.join(ROOT, 'e2e', 'artifacts');
// E2E_PORT lets several checkouts run their browser tests side by side.
// Lane i listens on E2E_PORT + i.
const PORT = Number(process.env.E2E_PORT ?? 3210);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
const READY_TIMEOUT_MS = 300_000; // first start loads the demo city into the embedded database
const TEST_TIMEOUT_MS = 90_000;

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const log = (line) => process.stdout.write(`${line}\n`);

/**
 * A lane is one server on its own fresh embedded database; the specs are shared out
 * between the lanes (E2E_LANES, default 2), so one spec's data never meets another's
 * running at the same time, and a spec that waits on a timer leaves the machine to the
 * other lane.
 */
const LANES = Math.max(1, Number(process.env.E2E_LANES ?? 2));
/** About how many bytes of spec one second of browser testing runs (77 KB took about 370 s on the CI machine). */
const BYTES_PER_SECOND = 200;
const lanes = [];

/** Stops a lane's server process group (tsx runs the server in a child process). */
function stopServerNow(lane, signal = 'SIGTERM') {
  const { server } = lane;
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  try {
    process.kill(-server.pid, signal);
  } catch {
    /* already gone */
  }
}

async function stopServer(lane) {
  const { server } = lane;
  if (!server) return;
  const exited = server.exitCode !== null || server.signalCode !== null ? Promise.resolve() : new Promise((resolve) => server.once('exit', resolve));
  stopServerNow(lane, 'SIGTERM');
  const timer = setTimeout(() => stopServerNow(lane, 'SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
  lane.server = null;
}

function removeDataDir(lane) {
  if (lane.dataDir) fs.rmSync(lane.dataDir, { recursive: true, force: true });
  lane.dataDir = null;
}

process.on('exit', () => {
  for (const lane of lanes) {
    stopServerNow(lane, 'SIGKILL');
    removeDataDir(lane);
  }
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    log(`\ninterrupted (${signal}): stopping the servers`);
    for (const lane of lanes) stopServerNow(lane, 'SIGKILL');
    process.exit(130);
  });
}

async function answers(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.status;
  } catch {
    return 0;
  }
}

async function startServer(lane) {
  if (await answers(`${lane.baseURL}/healthz`)) throw new Error(`something already listens on port ${lane.port}; stop it first`);
  lane.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-e2e-'));
  const out = fs.openSync(lane.logFile, 'w');
  const env = {
    ...process.env,
    PORT: String(lane.port),
    HOST: '127.0.0.1',
    GONGZHI_DATA_DIR: lane.dataDir,
    GONGZHI_ADMIN_PASSWORD: ADMIN_PASSWORD,
    GONGZHI_DEMO: '1',
    // A notice day of seconds, so a 3-day 公示 ends while the selection spec watches.
    GONGZHI_NOTICE_DAY_SECONDS: process.env.GONGZHI_NOTICE_DAY_SECONDS ?? '8',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  delete env.DATABASE_URL; // always the embedded database: a fresh one per run
  lane.server = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', out, out],
    detached: true, // own process group, so stopping it stops tsx's child too
  });
  fs.closeSync(out);
  const started = Date.now();
  while (Date.now() - started < READY_TIMEOUT_MS) {
    if (lane.server.exitCode !== null || lane.server.signalCode !== null) {
      throw new Error(`the server exited (${lane.server.exitCode ?? lane.server.signalCode}) before it was ready`);
    }
    if ((await answers(`${lane.baseURL}/readyz`)) === 200) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the server was not ready after ${seconds(READY_TIMEOUT_MS)}`);
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

const slug = (text) => text.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 80);

async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${seconds(ms)}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs one spec's tests in order on a lane; returns its report lines and counts. */
async function runSpec(browser, lane, spec, tests) {
  const lines = [`\n${spec} (lane ${lane.index + 1})`];
  let passed = 0;
  let failed = 0;
  for (const { name, fn } of tests) {
    const started = Date.now();
    const context = await browser.newContext({ baseURL: lane.baseURL, locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const consoleErrors = [];
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
    // What the server refused during the test, with its problem title: a dialog that stays open
    // after submit says no more than that, and the CI log is all a later reader gets.
    const refusals = [];
    context.on('response', (response) => {
      if (response.status() < 400 || !response.url().includes('/api/')) return;
      const line = `${response.request().method()} ${new URL(response.url()).pathname} → ${response.status()}`;
      refusals.push(response.json().then((body) => `${line} ${body?.detail ?? body?.title ?? ''}`.trim(), () => line));
    });
    try {
      await withTimeout(fn({ page, context, baseURL: lane.baseURL }), TEST_TIMEOUT_MS, 'the test');
      passed++;
      lines.push(`  ✔ ${name} (${seconds(Date.now() - started)})`);
    } catch (error) {
      failed++;
      const shot = path.join(ARTIFACTS, `${spec}--${slug(name)}.png`);
      const saved = await page.screenshot({ path: shot, fullPage: true }).then(() => true, () => false);
      lines.push(`  ✘ ${name} (${seconds(Date.now() - started)})`);
      lines.push(`    ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n    ')}`);
      lines.push(`    at ${page.url()}${saved ? `; screenshot ${path.relative(ROOT, shot)}` : ''}`);
      if (consoleErrors.length) lines.push(`    page errors: ${consoleErrors.slice(0, 3).join(' | ')}`);
      const refused = await Promise.all(refusals);
      if (refused.length) lines.push(`    refused by the server: ${refused.slice(-5).join(' | ')}`);
    } finally {
      await context.close().catch(() => undefined);
    }
  }
  return { lines, passed, failed };
}

async function main() {
  const filters = process.argv.slice(2);
  const specFiles = fs
    .readdirSync(path.join(ROOT, 'e2e'))
    .filter((file) => file.endsWith('.spec.mjs'))
    .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
    .sort();
  if (specFiles.length === 0) throw new Error(`no spec matches ${filters.join(' ')}`);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });

  // The console must be built for the server to serve it.
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'ensure-web-build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the web console failed');

  // Each spec's tests, collected before any runs (registering fills one shared list).
  const specs = [];
  for (const file of specFiles) {
    registry.length = 0;
    const { timerSeconds = 0 } = await import(pathToFileURL(path.join(ROOT, 'e2e', file)).href);
    const size = fs.statSync(path.join(ROOT, 'e2e', file)).size;
    specs.push({ spec: file.replace(/\.spec\.mjs$/, ''), tests: [...registry], weight: size + timerSeconds * BYTES_PER_SECOND });
  }
  for (let index = 0; index < Math.min(LANES, specs.length); index++) {
    const port = PORT + index;
    lanes.push({ index, port, baseURL: `http://127.0.0.1:${port}`, logFile: path.join(ARTIFACTS, index === 0 ? 'server.log' : `server-${index + 1}.log`), server: null, dataDir: null, specs: [], load: 0 });
  }
  // Longest first onto the least loaded lane (file size stands in for duration, plus the
  // time a spec says it idles on timers); a lane then runs its specs in name order, as one
  // server always did, because a spec may expect the demo data as no later spec has changed it yet.
  for (const spec of [...specs].sort((a, b) => b.weight - a.weight)) {
    const lane = lanes.reduce((least, other) => (other.load < least.load ? other : least));
    lane.specs.push(spec);
    lane.load += spec.weight;
  }
  for (const lane of lanes) lane.specs.sort((a, b) => a.spec.localeCompare(b.spec));

  let passed = 0;
  let failed = 0;
  let browser = null;
  try {
    await Promise.all(
      lanes.map(async (lane) => {
        try {
          const took = await startServer(lane);
          log(`server ${lane.index + 1} ready on ${lane.baseURL} in ${seconds(took)} (log: ${path.relative(ROOT, lane.logFile)})`);
        } catch (error) {
          log(`server ${lane.index + 1} did not start: ${error.message}\n--- ${path.relative(ROOT, lane.logFile)} (last lines) ---\n${tail(lane.logFile)}`);
          throw error;
        }
      }),
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    log(`browser: chromium ${browser.version()}, ${lanes.length} lane(s)`);
    await Promise.all(
      lanes.map(async (lane) => {
        for (const { spec, tests } of lane.specs) {
          const result = await runSpec(browser, lane, spec, tests);
          passed += result.passed;
          failed += result.failed;
          log(result.lines.join('\n'));
          if (result.failed > 0) log(`    server log: ${path.relative(ROOT, lane.logFile)}`);
        }
      }),
    );
  } finally {
    await browser?.close().catch(() => undefined);
    await Promise.all(lanes.map((lane) => stopServer(lane)));
    lanes.forEach(removeDataDir);
  }
  return { passed, failed };
}

let result = { passed: 0, failed: 1 };
try {
  result = await main();
} catch (error) {
  log(`e2e: ${error.message}`);
}
log(`${result.passed} passed, ${result.failed} failed`);
process.exit(result.failed > 0 ? 1 : 0);
