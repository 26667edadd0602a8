#!/usr/bin/env node
/**
 * Run by `npm start` before the server: builds the web console (web/dist) when
 * it is missing or older than its sources, so a fresh checkout serves the
 * console at once and an edited one never serves a stale build. Prints one line.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const web = path.join(root, 'web');
const built = path.join(web, 'dist', 'index.html');
const sources = ['src', 'public', 'index.html', 'h5.html', 'vite.config.ts', 'package.json'].map((p) => path.join(web, p));

/** Newest modification time under the given files and directories. */
function newest(paths) {
  let latest = { time: 0, file: '' };
  const visit = (p) => {
    let stat;
    try {
      stat = fs.statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
    } else if (stat.mtimeMs > latest.time) {
      latest = { time: stat.mtimeMs, file: p };
    }
  };
  paths.forEach(visit);
  return latest;
}

if (!fs.existsSync(path.join(web, 'src'))) {
  console.log('web console: no sources in web/src, serving the API only');
  process.exit(0);
}

const source = newest(sources);
const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
if (builtAt >= source.time) {
  console.log('web console: web/dist is up to date');
  process.exit(0);
}

const reason = builtAt === 0 ? 'no build yet' : `${path.relative(root, source.file)} changed`;
process.stdout.write(`web console: building web/dist (${reason}) … `);
const started = Date.now();
// Inside `npm start` npm_execpath is npm's own script; otherwise use npm from PATH.
const npmCli = process.env.npm_execpath;
const [command, args] = npmCli && npmCli.endsWith('.js')
  ? [process.execPath, [npmCli, 'run', 'build', '-w', 'web']]
  : ['npm', ['run', 'build', '-w', 'web']];
const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
const output = [];
child.stdout.on('data', (chunk) => output.push(chunk));
child.stderr.on('data', (chunk) => output.push(chunk));
child.on('error', (error) => {
  console.log('failed');
  console.error(`web console: could not run npm: ${error.message}`);
  process.exit(1);
});
child.on('close', (code) => {
  if (code === 0 && fs.existsSync(built)) {
    // The build covers the sources as they were when it started; a file saved during the build triggers the next one.
    fs.utimesSync(built, new Date(started), new Date(started));
    console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return;
  }
  console.log('failed');
  process.stderr.write(Buffer.concat(output));
  console.error(`web console: \`npm run build -w web\` exited with ${code}; fix the error above, or run the API alone with \`npm run start -w server\`.`);
  process.exit(code || 1);
});
