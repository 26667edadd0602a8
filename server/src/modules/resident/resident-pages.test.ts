import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestContext } from '../../../test/harness.js';
import { h5Link } from './staff-routes.js';

let t: TestContext;
const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-h5-dist-'));
beforeAll(async () => {
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>console</title>');
  fs.writeFileSync(path.join(dist, 'h5.html'), '<!doctype html><title>h5</title>');
  t = await testApp({ webDist: dist, publicUrl: 'https://gongzhi.example.cn' });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

describe('the resident pages', () => {
  it('are their own entry: /h5/… gets h5.html, everything else the console', async () => {
    for (const url of ['/h5', '/h5/c/12', '/h5/c/12/new?place=3', '/h5/cases/7']) {
      const res = await t.agent().get(url);
      expect(res.status, url).toBe(200);
      expect(res.body, url).toContain('<title>h5</title>');
    }
    expect((await t.agent().get('/h5x')).body).toContain('<title>console</title>');
    expect((await t.agent().get('/territory')).body).toContain('<title>console</title>');
  });
});

describe('the QR code of a node', () => {
  it('links to the community page, with the grid, compound or building chosen', () => {
    const ancestors = [{ id: 1, level: 'city' }, { id: 4, level: 'community' }];
    expect(h5Link('https://x.cn', { id: 4, level: 'community', ancestors: ancestors.slice(0, 1) })).toBe('https://x.cn/h5/c/4');
    expect(h5Link('https://x.cn', { id: 9, level: 'building', ancestors })).toBe('https://x.cn/h5/c/4?place=9');
  });

  it('is an SVG or a PNG for staff who see the node, and only for community levels and below', async () => {
    const community = await t.as('community');
    const svg = await community.get(`/api/v1/territory/nodes/${t.fixture.node.building1}/qrcode`);
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.body).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.headers['x-h5-link']).toBe(`https://gongzhi.example.cn/h5/c/${t.fixture.node.changjiaxiang}?place=${t.fixture.node.building1}`);
    const png = await community.get(`/api/v1/territory/nodes/${t.fixture.node.changjiaxiang}/qrcode?format=png`);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.raw.subarray(1, 4).toString()).toBe('PNG');
    const street = await (await t.as('street')).get(`/api/v1/territory/nodes/${t.fixture.node.jiuquanlu}/qrcode`);
    expect(street.status).toBe(400);
    expect(street.body.errors).toEqual([{ field: 'params.id', message: '只能为社区、网格、小区或楼栋生成二维码' }]);
    expect((await community.get(`/api/v1/territory/nodes/${t.fixture.node.longxilu}/qrcode`)).status).toBe(404);
    expect((await t.agent().get(`/api/v1/territory/nodes/${t.fixture.node.changjiaxiang}/qrcode`)).status).toBe(401);
  });
});
