import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { authorization, type S3Options } from '../src/platform/s3.js';

/** The example credentials of AWS's Signature Version 4 documentation for S3. */
export const AWS_EXAMPLE = { region: 'us-east-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/**
 * An object store on loopback that keeps objects in memory and refuses any request
 * whose signature is not the one the received method, path and headers call for.
 */
export function objectStore(credentials = AWS_EXAMPLE) {
  const objects = new Map<string, { body: Buffer; type: string }>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const given = req.headers.authorization ?? '';
      const signed = /SignedHeaders=([^,]+)/.exec(given)?.[1]?.split(';') ?? [];
      const headers = Object.fromEntries(signed.map((h) => [h, String(req.headers[h] ?? '')]));
      const url = new URL(req.url!, `http://${req.headers.host}`);
      const hash = crypto.createHash('sha256').update(body).digest('hex');
      if (!signed.includes('host') || headers['x-amz-content-sha256'] !== hash || authorization({ method: req.method!, url, headers, ...credentials }) !== given) {
        res.writeHead(403, { 'content-type': 'application/xml' }).end('<Error><Code>SignatureDoesNotMatch</Code><Message>no</Message></Error>');
        return;
      }
      const key = url.pathname;
      if (key.startsWith('/elsewhere/')) {
        // A bucket in another region, as S3 answers for it.
        res.writeHead(301, { location: `http://elsewhere.invalid${key}`, 'content-type': 'application/xml' }).end('<Error><Code>PermanentRedirect</Code></Error>');
        return;
      }
      if (req.method === 'PUT') {
        objects.set(key, { body, type: String(req.headers['content-type']) });
        res.writeHead(200).end();
      } else if (req.method === 'GET') {
        const o = objects.get(key);
        if (o) res.writeHead(200, { 'content-type': o.type }).end(o.body);
        else res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
      } else if (req.method === 'DELETE') {
        objects.delete(key);
        res.writeHead(204).end();
      } else res.writeHead(405).end();
    });
  });
  return {
    objects,
    /** Listens on a free loopback port; the options reach it path-style with the example credentials. */
    async start(): Promise<S3Options> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bucket: 'gongzhi', pathStyle: true, ...credentials };
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
