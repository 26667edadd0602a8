import crypto from 'node:crypto';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_EXAMPLE, objectStore } from '../../test/object-store.js';
import { authorization, objectUrl, s3Storage, type S3Options } from './s3.js';
import { probeStorage } from './storage.js';
import { loadConfig } from '../config.js';

const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('AWS Signature Version 4', () => {
  it("signs AWS's documented GET Object example", () => {
    const header = authorization({
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
      headers: { Host: 'examplebucket.s3.amazonaws.com', Range: 'bytes=0-9', 'x-amz-content-sha256': EMPTY, 'x-amz-date': '20130524T000000Z' },
      ...AWS_EXAMPLE,
    });
    expect(header).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it("signs AWS's documented PUT Object example: a key to encode, a body, a Date header", () => {
    const header = authorization({
      method: 'PUT',
      url: new URL('https://examplebucket.s3.amazonaws.com/test$file.text'),
      headers: {
        Host: 'examplebucket.s3.amazonaws.com',
        Date: 'Fri, 24 May 2013 00:00:00 GMT',
        'x-amz-storage-class': 'REDUCED_REDUNDANCY',
        'x-amz-content-sha256': crypto.createHash('sha256').update('Welcome to Amazon S3.').digest('hex'),
        'x-amz-date': '20130524T000000Z',
      },
      ...AWS_EXAMPLE,
    });
    expect(header).toMatch(/SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd$/);
  });

  it("signs AWS's documented list example: a query string, sorted", () => {
    const header = authorization({
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/?prefix=J&max-keys=2'),
      headers: { Host: 'examplebucket.s3.amazonaws.com', 'x-amz-content-sha256': EMPTY, 'x-amz-date': '20130524T000000Z' },
      ...AWS_EXAMPLE,
    });
    expect(header).toMatch(/Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7$/);
  });

  it('puts the bucket in the path or in the host name', () => {
    expect(objectUrl({ endpoint: 'http://127.0.0.1:9000', bucket: 'gongzhi', pathStyle: true }, '2026/12/abc.jpg').href).toBe('http://127.0.0.1:9000/gongzhi/2026/12/abc.jpg');
    expect(objectUrl({ endpoint: 'https://oss-cn-lanzhou.example.com/', bucket: 'gongzhi', pathStyle: false }, '2026/12/abc.jpg').href).toBe('https://gongzhi.oss-cn-lanzhou.example.com/2026/12/abc.jpg');
  });
});

describe('the S3-compatible file store', () => {
  const store = objectStore();
  let options: S3Options;
  beforeAll(async () => {
    options = await store.start();
  });
  afterAll(() => store.stop());

  it('puts, gets and deletes a photo under its key, signed', async () => {
    const storage = s3Storage(options);
    const photo = crypto.randomBytes(50_000);
    await storage.put('2026/12/AbCdEf0123456789_-xy.jpg', photo, 'image/jpeg');
    expect(store.objects.get('/gongzhi/2026/12/AbCdEf0123456789_-xy.jpg')?.type).toBe('image/jpeg');
    expect((await storage.get('2026/12/AbCdEf0123456789_-xy.jpg'))?.equals(photo)).toBe(true);
    await storage.delete('2026/12/AbCdEf0123456789_-xy.jpg');
    expect(await storage.get('2026/12/AbCdEf0123456789_-xy.jpg')).toBeNull();
    // Deleting what is gone is not an error, as on the local disk.
    await storage.delete('2026/12/AbCdEf0123456789_-xy.jpg');
  });

  it("says what the store refused, without the store's whole answer", async () => {
    const storage = s3Storage({ ...options, secretAccessKey: 'wrong' });
    await expect(storage.put('2026/12/AbCdEf0123456789_-xy.jpg', Buffer.from('x'), 'image/jpeg')).rejects.toThrow(/^object store PUT: HTTP 403 SignatureDoesNotMatch$/);
    await expect(storage.get('2026/12/AbCdEf0123456789_-xy.jpg')).rejects.toThrow('HTTP 403 SignatureDoesNotMatch');
  });

  it('reports a redirect instead of following it with a signature made for another host', async () => {
    await expect(s3Storage({ ...options, bucket: 'elsewhere' }).put('2026/12/AbCdEf0123456789_-xy.jpg', Buffer.from('x'), 'image/jpeg')).rejects.toThrow('object store PUT: HTTP 301 PermanentRedirect');
  });

  it('names the store and the reason when it cannot be reached', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(s3Storage({ ...options, endpoint: `http://127.0.0.1:${port}` }).get('2026/12/AbCdEf0123456789_-xy.jpg')).rejects.toThrow(`object store GET 127.0.0.1:${port}: ECONNREFUSED`);
  });

  it('is probed at start: a store that refuses stops the server with the reason', async () => {
    await probeStorage(s3Storage(options));
    await expect(probeStorage(s3Storage({ ...options, secretAccessKey: 'wrong' }))).rejects.toThrow('GONGZHI_STORAGE=s3: cannot store uploaded files: object store PUT: HTTP 403 SignatureDoesNotMatch');
  });
});

describe('the object store settings', () => {
  const env = { GONGZHI_STORAGE: 's3', GONGZHI_S3_ENDPOINT: 'http://127.0.0.1:9000', GONGZHI_S3_BUCKET: 'gongzhi', GONGZHI_S3_ACCESS_KEY_ID: 'id', GONGZHI_S3_SECRET_ACCESS_KEY: 'secret' };

  it('are read with defaults for the region and the path style', () => {
    expect(loadConfig(env).s3).toEqual({ endpoint: 'http://127.0.0.1:9000', bucket: 'gongzhi', region: 'us-east-1', accessKeyId: 'id', secretAccessKey: 'secret', pathStyle: true });
    expect(loadConfig({ ...env, GONGZHI_S3_PATH_STYLE: '0', GONGZHI_S3_REGION: 'cn-northwest-1' }).s3).toMatchObject({ region: 'cn-northwest-1', pathStyle: false });
    expect(loadConfig({ ...env, GONGZHI_STORAGE: 'local' }).s3).toBeUndefined();
  });

  it('name what is missing or wrong', () => {
    expect(() => loadConfig({ ...env, GONGZHI_S3_BUCKET: '' })).toThrow('GONGZHI_STORAGE=s3 needs GONGZHI_S3_BUCKET');
    expect(() => loadConfig({ ...env, GONGZHI_S3_ENDPOINT: 'oss-cn-lanzhou.example.com' })).toThrow('GONGZHI_S3_ENDPOINT must be an http(s) address');
  });
});
