import crypto from 'node:crypto';
import type { FileStorage } from './storage.js';

/**
 * Uploaded files in an S3-compatible object store (MinIO, Ceph, Aliyun OSS, Tencent COS,
 * Huawei OBS, AWS S3): what several application servers behind a load balancer need,
 * since each server's own disk holds only the files uploaded to it. Three object calls
 * signed with AWS Signature Version 4, over fetch, so no SDK is needed.
 */
export interface S3Options {
  /** https://oss-cn-lanzhou.example.com or http://127.0.0.1:9000 */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** https://host/bucket/key (MinIO, Ceph) instead of https://bucket.host/key (OSS, COS, AWS). */
  pathStyle: boolean;
}

const TIMEOUT_MS = 15_000;
const sha256 = (data: string | Buffer) => crypto.createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => crypto.createHmac('sha256', key).update(data).digest();

/** RFC 3986 percent-encoding, as the canonical request wants it (encodeURIComponent leaves !'()* alone). */
const rfc3986 = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const byName = ([a]: readonly [string, string], [b]: readonly [string, string]) => (a < b ? -1 : a > b ? 1 : 0);

export interface SignInput {
  method: string;
  url: URL;
  /** Every header to send and sign except Authorization; must include x-amz-date and x-amz-content-sha256. */
  headers: Record<string, string>;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** The Authorization header of AWS Signature Version 4 for service s3. */
export function authorization({ method, url, headers, region, accessKeyId, secretAccessKey }: SignInput): string {
  const lower = Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v.trim().replace(/\s+/g, ' ')] as const).sort(byName);
  const signedHeaders = lower.map(([k]) => k).join(';');
  const query = [...url.searchParams]
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(byName)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const path = decodeURIComponent(url.pathname).split('/').map(rfc3986).join('/');
  const payloadHash = headers['x-amz-content-sha256'];
  const amzDate = headers['x-amz-date'];
  if (!payloadHash || !amzDate) throw new Error('x-amz-date and x-amz-content-sha256 must be signed');
  const canonical = [method, path, query, ...lower.map(([k, v]) => `${k}:${v}`), '', signedHeaders, payloadHash].join('\n');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), 's3'), 'aws4_request');
  const signature = hmac(key, toSign).toString('hex');
  return `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope},SignedHeaders=${signedHeaders},Signature=${signature}`;
}

/** The store's error code (<Code>AccessDenied</Code>) without the rest of its answer, which may echo the request. */
async function failure(response: Response, what: string): Promise<Error> {
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(await response.text().catch(() => ''))?.[1];
  return new Error(`object store ${what}: HTTP ${response.status}${code ? ` ${code}` : ''}`);
}

/** Where an object lives: path style or virtual-hosted style. */
export function objectUrl(options: Pick<S3Options, 'endpoint' | 'bucket' | 'pathStyle'>, key: string): URL {
  const url = new URL(options.endpoint);
  const prefix = url.pathname.replace(/\/+$/, '');
  if (options.pathStyle) url.pathname = `${prefix}/${options.bucket}/${key}`;
  else {
    url.hostname = `${options.bucket}.${url.hostname}`;
    url.pathname = `${prefix}/${key}`;
  }
  return url;
}

export function s3Storage(options: S3Options, now: () => Date = () => new Date()): FileStorage {
  const send = async (method: 'PUT' | 'GET' | 'DELETE', key: string, body?: Buffer, contentType?: string) => {
    const url = objectUrl(options, key);
    const headers: Record<string, string> = {
      host: url.host,
      'x-amz-date': now().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, ''),
      'x-amz-content-sha256': sha256(body ?? ''),
      ...(contentType ? { 'content-type': contentType } : {}),
    };
    const { host: _host, ...sent } = headers;
    try {
      return await fetch(url, {
        method,
        headers: { ...sent, authorization: authorization({ method, url, headers, ...options }) },
        body: body ? new Uint8Array(body) : undefined,
        // A store that redirects (a bucket in another region, say) answers with its reason; a
        // followed redirect would carry a signature made for the first host.
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, a timeout) is its cause.
      const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`object store ${method} ${url.host}: ${cause?.code ?? cause?.message ?? (error as Error).message}`, { cause: error });
    }
  };
  return {
    kind: 's3',
    async put(key, data, contentType) {
      const response = await send('PUT', key, data, contentType);
      if (!response.ok) throw await failure(response, 'PUT');
      await response.body?.cancel();
    },
    async get(key) {
      const response = await send('GET', key);
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      if (!response.ok) throw await failure(response, 'GET');
      return Buffer.from(await response.arrayBuffer());
    },
    async delete(key) {
      const response = await send('DELETE', key);
      // Deleting what is already gone is done, as on the local disk.
      if (!response.ok && response.status !== 404) throw await failure(response, 'DELETE');
      await response.body?.cancel();
    },
  };
}
