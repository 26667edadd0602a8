/**
 * Loads the demo city (Lanzhou's real tree, generated grids, compounds and
 * buildings, one account per role) into the configured database: DATABASE_URL,
 * or the embedded database under ./data. Adds only what is missing, so it is
 * safe to run again.
 *   npm run demo:load
 */
import path from 'node:path';
import { loadConfig } from '../config.js';
import { loadDemo } from '../demo/index.js';
import { openDatabase } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';

const config = loadConfig();
const handle = await openDatabase({ url: config.databaseUrl, dataDir: path.join(config.dataDir, 'db') });
try {
  await migrate(handle.db);
  const result = await loadDemo(handle.db);
  const lines = result.loaded ? result.summary : ['The demo data is already loaded; nothing to add.'];
  process.stdout.write(`${lines.join('\n')}\n`);
} catch (error) {
  process.stderr.write(`demo:load failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
