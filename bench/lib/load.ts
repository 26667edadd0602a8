import path from 'node:path';
import { fork } from 'node:child_process';

export interface LoadSpec {
  url: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  /** Seconds. */
  duration: number;
  /** autocannon replaces every `[<id>]` in the body with a fresh id per request. */
  idReplacement?: boolean;
  /** GET `${prefix}${random integer in min..max}` instead of a fixed path. */
  randomId?: { prefix: string; min: number; max: number };
}

export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

const WORKER = path.join(import.meta.dirname, 'load-worker.mjs');

/** One autocannon run (loopback only, bounded by its duration) in a child process. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(spec.url)) throw new Error(`load is only ever sent to this machine's loopback address, not ${spec.url}`);
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: LoadResult | undefined;
    child.once('message', (message: LoadResult) => (result = message));
    child.once('error', reject);
    child.once('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`load process exited with ${code}`))));
    child.send(spec);
  });
}
