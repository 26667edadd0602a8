import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestContext } from './harness.js';

/* The server also serves the built console; tests elsewhere run without one. */
describe('serving the web console', () => {
  let ctx: TestContext;
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-dist-'));

  beforeAll(async () => {
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>共治</title><div id="root"></div>');
    fs.writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log("gz")');
    ctx = await testApp({ webDist: dist });
  });
  afterAll(async () => {
    await ctx.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('serves the index page and the built assets', async () => {
    const page = await ctx.agent().get('/');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-type'])).toContain('text/html');
    expect(page.body).toContain('<div id="root">');
    const asset = await ctx.agent().get('/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.body).toBe('console.log("gz")');
  });

  it('serves a console rebuilt while the server runs: new asset names, the new index page', async () => {
    fs.writeFileSync(path.join(dist, 'assets', 'app-B2.js'), 'console.log("rebuilt")');
    const asset = await ctx.agent().get('/assets/app-B2.js');
    expect(asset.status).toBe(200);
    expect(String(asset.headers['content-type'])).toContain('javascript');
    expect(asset.body).toBe('console.log("rebuilt")');
    // A missing asset is a 404, not the index page a browser would try to run as a script.
    const gone = await ctx.agent().get('/assets/app-A1.js');
    expect(gone.status).toBe(404);
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>共治</title><div id="root"></div><script src="/assets/app-B2.js"></script>');
    for (const url of ['/', '/cases/12']) expect((await ctx.agent().get(url)).body, url).toContain('app-B2.js');
  });

  it('lets browsers keep the hashed assets and revalidate the pages', async () => {
    expect((await ctx.agent().get('/assets/app.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const url of ['/', '/index.html']) expect((await ctx.agent().get(url)).headers['cache-control'], url).toBe('no-cache');
  });

  it('answers a client-side route with the index page, uncached', async () => {
    const res = await ctx.agent().get('/territory/tree?node=620102001001');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<div id="root">');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('keeps API misses as problem documents and Open311 misses in the Open311 error format', async () => {
    const res = await ctx.agent().get('/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect(res.body.code).toBe('route_not_found');
    const open311 = await ctx.agent().get('/open311/v2/nothing.json');
    expect(open311.status).toBe(404);
    expect(open311.body[0].code).toBe(404);
    const post = await ctx.agent().post('/territory', {});
    expect(post.status).toBe(404);
    expect(post.body.code).toBe('route_not_found');
  });
});
