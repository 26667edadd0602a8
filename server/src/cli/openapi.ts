/**
 * Prints the OpenAPI document the server serves at /api/docs/json, without
 * starting a server; the web app generates its typed client from it.
 *   npm run openapi -w server > openapi.json
 */
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../platform/db/database.js';

const handle = await openDatabase({});
const app = await buildApp({ db: handle.db, config: { ...loadConfig(), webDist: '/nonexistent' } });
await app.ready();
process.stdout.write(`${JSON.stringify(app.swagger(), null, 2)}\n`);
await app.close();
await handle.close();
