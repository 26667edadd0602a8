/**
 * Recomputes the case statistics rollups from the cases themselves, in one
 * transaction (docs/statistics.md). Run it after writing cases around the
 * application (a bulk load, a repair by hand) or whenever the statistics look
 * wrong; in embedded mode stop the server first.
 *   npm run stats:rebuild
 */
import path from 'node:path';
import { loadConfig } from '../config.js';
import { rebuildCaseRollups } from '../modules/cases/service.js';
import { openDatabase } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { analyzeAll } from '../platform/db/upkeep.js';

const config = loadConfig();
const handle = await openDatabase({ url: config.databaseUrl, dataDir: path.join(config.dataDir, 'db') });
try {
  await migrate(handle.db);
  const started = performance.now();
  const report = await rebuildCaseRollups(handle.db);
  await analyzeAll(handle.db);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`Rebuilt the case statistics from ${report.cases} cases in ${seconds} s: ${report.dayRows} day rows, ${report.monthRows} month rows, ${report.nowRows} snapshot rows.\n`);
} catch (error) {
  process.stderr.write(`stats:rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
