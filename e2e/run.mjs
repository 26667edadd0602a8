#!/usr/bin/env node
/**
 * Browser tests: starts a server on a fresh embedded database with the demo
 * data, drives Debian's chromium through playwright-core (never downloads a
 * browser), and prints `N passed, M failed` last. Exits non-zero on any
 * failure; always stops the server it started.
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
const PORT = Number(process.env.E2E_PORT ?? 3210);
const BASE_URL = `http://127.0.0.1:${PORT}`;
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

let server = null;
let dataDir = null;

/** Stops the server's whole process group (tsx runs the server in a child process). */
function stopServerNow(signal = 'SIGTERM') {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  try {
    process.kill(-server.pid, signal);
  } catch {
    /* already gone */
  }
}

async function stopServer() {
  if (!server) return;
  const exited = server.exitCode !== null || server.signalCode !== null ? Promise.resolve() : new Promise((resolve) => server.once('exit', resolve));
  stopServerNow('SIGTERM');
  const timer = setTimeout(() => stopServerNow('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
  server = null;
}

function removeDataDir() {
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
}

process.on('exit', () => {
  stopServerNow('SIGKILL');
  removeDataDir();
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    log(`\ninterrupted (${signal}): stopping the server`);
    stopServerNow('SIGKILL');
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

async function startServer(logFile) {
  if (await answers(`${BASE_URL}/healthz`)) throw new Error(`something already listens on port ${PORT}; stop it first`);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-e2e-'));
  const out = fs.openSync(logFile, 'w');
  const env = {
    ...process.env,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    GONGZHI_DATA_DIR: dataDir,
    GONGZHI_ADMIN_PASSWORD: ADMIN_PASSWORD,
    GONGZHI_DEMO: '1',
    // A notice day of seconds, so a 3-day 公示 ends while the selection spec watches.
    GONGZHI_NOTICE_DAY_SECONDS: process.env.GONGZHI_NOTICE_DAY_SECONDS ?? '8',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  delete env.DATABASE_URL; // always the embedded database: a fresh one per run
  server = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', out, out],
    detached: true, // own process group, so stopping it stops tsx's child too
  });
  fs.closeSync(out);
  const started = Date.now();
  while (Date.now() - started < READY_TIMEOUT_MS) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`the server exited (${server.exitCode ?? server.signalCode}) before it was ready`);
    }
    if ((await answers(`${BASE_URL}/readyz`)) === 200) return Date.now() - started;
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

  const serverLog = path.join(ARTIFACTS, 'server.log');
  let passed = 0;
  let failed = 0;
  let browser = null;
  try {
    try {
      const took = await startServer(serverLog);
      log(`server ready on ${BASE_URL} in ${seconds(took)} (log: ${path.relative(ROOT, serverLog)})`);
    } catch (error) {
      log(`server did not start: ${error.message}\n--- ${path.relative(ROOT, serverLog)} (last lines) ---\n${tail(serverLog)}`);
      throw error;
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    log(`browser: chromium ${browser.version()}`);

    for (const file of specFiles) {
      registry.length = 0;
      await import(pathToFileURL(path.join(ROOT, 'e2e', file)).href);
      const spec = file.replace(/\.spec\.mjs$/, '');
      log(`\n${spec}`);
      for (const { name, fn } of [...registry]) {
        const started = Date.now();
        const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
        context.setDefaultTimeout(15_000);
        const page = await context.newPage();
        const consoleErrors = [];
        page.on('pageerror', (error) => consoleErrors.push(String(error)));
        try {
          await withTimeout(fn({ page, context, baseURL: BASE_URL }), TEST_TIMEOUT_MS, 'the test');
          passed++;
          log(`  ✔ ${name} (${seconds(Date.now() - started)})`);
        } catch (error) {
          failed++;
          const shot = path.join(ARTIFACTS, `${spec}--${slug(name)}.png`);
          const saved = await page.screenshot({ path: shot, fullPage: true }).then(() => true, () => false);
          log(`  ✘ ${name} (${seconds(Date.now() - started)})`);
          log(`    ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n    ')}`);
          log(`    at ${page.url()}${saved ? `; screenshot ${path.relative(ROOT, shot)}` : ''}`);
          if (consoleErrors.length) log(`    page errors: ${consoleErrors.slice(0, 3).join(' | ')}`);
        } finally {
          await context.close().catch(() => undefined);
        }
      }
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await stopServer();
    removeDataDir();
  }
  if (failed > 0) log(`\nserver log: ${path.relative(ROOT, serverLog)}`);
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
