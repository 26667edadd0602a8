import path from 'node:path';
import type { S3Options } from './platform/s3.js';

/** Runtime configuration, read once from the environment (see README "Environment"). */
export interface Config {
  port: number;
  host: string;
  /** Unset = embedded PGlite under dataDir/db. */
  databaseUrl: string | undefined;
  dataDir: string;
  adminPassword: string | undefined;
  loadDemo: boolean;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  /** Behind a TLS-terminating proxy the session cookie must be Secure. */
  secureCookies: boolean;
  /** Behind a load balancer the client address comes from X-Forwarded-For. */
  trustProxy: boolean;
  logLevel: string;
  webDist: string;
  /** Where uploaded photos go: 'local' = <dataDir>/uploads, 's3' = the object store of `s3`. */
  storage: string;
  s3: S3Options | undefined;
  /** How residents get their codes and case news: 'outbox' = kept in the outbox_message table. */
  sender: string;
  /** The address residents reach, for the QR codes' links; unset = the address the request came to. */
  publicUrl: string | undefined;
  /** Length of one day of a public notice period (公示期), in seconds; shorter only on training installations and in the browser tests. */
  noticeDaySeconds: number;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** The object store's settings, required when GONGZHI_STORAGE=s3 and ignored otherwise. */
function s3Options(env: NodeJS.ProcessEnv): S3Options | undefined {
  if (env.GONGZHI_STORAGE !== 's3') return undefined;
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`GONGZHI_STORAGE=s3 needs ${name}`);
    return value;
  };
  const endpoint = required('GONGZHI_S3_ENDPOINT');
  if (!/^https?:\/\/[^/]/.test(endpoint)) throw new Error(`GONGZHI_S3_ENDPOINT must be an http(s) address, got "${endpoint}"`);
  return {
    endpoint,
    bucket: required('GONGZHI_S3_BUCKET'),
    region: env.GONGZHI_S3_REGION || 'us-east-1',
    accessKeyId: required('GONGZHI_S3_ACCESS_KEY_ID'),
    secretAccessKey: required('GONGZHI_S3_SECRET_ACCESS_KEY'),
    pathStyle: env.GONGZHI_S3_PATH_STYLE !== '0',
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const root = path.resolve(import.meta.dirname, '../..');
  return {
    port: int(env, 'PORT', 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(root, env.GONGZHI_DATA_DIR ?? 'data'),
    adminPassword: env.GONGZHI_ADMIN_PASSWORD || undefined,
    loadDemo: env.GONGZHI_DEMO !== '0',
    sessionIdleMinutes: int(env, 'GONGZHI_SESSION_IDLE_MINUTES', 30),
    sessionMaxHours: int(env, 'GONGZHI_SESSION_MAX_HOURS', 12),
    secureCookies: env.GONGZHI_SECURE_COOKIES === '1',
    trustProxy: env.GONGZHI_TRUST_PROXY === '1',
    logLevel: env.LOG_LEVEL ?? 'info',
    webDist: path.resolve(root, 'web/dist'),
    storage: env.GONGZHI_STORAGE || 'local',
    s3: s3Options(env),
    sender: env.GONGZHI_SENDER || 'outbox',
    publicUrl: env.GONGZHI_PUBLIC_URL?.replace(/\/+$/, '') || undefined,
    noticeDaySeconds: int(env, 'GONGZHI_NOTICE_DAY_SECONDS', 86_400),
  };
}
