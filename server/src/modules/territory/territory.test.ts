import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Agent, type TestContext } from '../../../test/harness.js';

let t: TestContext;
let city: Agent;
let street: Agent;
let community: Agent;
beforeAll(async () => {
  t = await testApp();
  [city, street, community] = await Promise.all([t.as('city'), t.as('street'), t.as('community')]);
});
afterAll(() => t.close());

const node = (id: number) => t.db.selectFrom('territory_node').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const auditFor = (id: number) =>
  t.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'territory_node').where('entity_id', '=', String(id)).orderBy('id').execute();

describe('browsing', () => {
  it('roots are the top of the caller scope; children come with counts', async () => {
    const cityRoots = await city.get('/api/v1/territory/roots');
    expect(cityRoots.status).toBe(200);
    expect(cityRoots.body).toEqual([expect.objectContaining({ id: t.fixture.node.city, name: '兰州市', level: 'city', code: '620100000000', childCount: 2, parentId: null })]);

    const streetRoots = await street.get('/api/v1/territory/roots');
    expect(streetRoots.body.map((n: any) => n.name)).toEqual(['酒泉路街道']);

    const children = await street.get(`/api/v1/territory/nodes?parentId=${t.fixture.node.jiuquanlu}`);
    expect(children.status).toBe(200);
    expect(children.body.map((n: any) => [n.name, n.level, n.childCount, n.hasBoundary])).toEqual([
      ['畅家巷社区', 'community', 1, false],
      ['张家园社区', 'community', 1, false],
    ]);
  });

  it('a node comes with its ancestors, attributes and boundary', async () => {
    const res = await community.get(`/api/v1/territory/nodes/${t.fixture.node.building1}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '1号楼', level: 'building', code: null, childCount: 0, boundary: null, attrs: {}, version: 1 });
    expect(res.body.ancestors.map((a: any) => a.name)).toEqual(['兰州市', '城关区', '酒泉路街道', '畅家巷社区', '第一网格', '畅家巷小区']);
  });

  it('a node outside the scope is a 404, like a missing one', async () => {
    for (const id of [t.fixture.node.zhangyelu, t.fixture.node.longxiluBuilding, t.fixture.node.chengguan]) {
      const res = await street.get(`/api/v1/territory/nodes/${id}`);
      expect(res.status, `node ${id}`).toBe(404);
    }
    expect((await street.get(`/api/v1/territory/nodes?parentId=${t.fixture.node.zhangyelu}`)).status).toBe(404);
    expect((await street.get('/api/v1/territory/nodes/999999')).status).toBe(404);
  });

  it('needs a session and territory:read', async () => {
    expect((await t.agent().get('/api/v1/territory/roots')).status).toBe(401);
    const volunteer = await t.as('volunteer');
    expect((await volunteer.get('/api/v1/territory/roots')).status).toBe(403);
  });
});

describe('search', () => {
  it('finds two-character Chinese names through bigrams, with full names', async () => {
    const xiyuan = await city.get(`/api/v1/territory/search?q=${encodeURIComponent('西园')}`);
    expect(xiyuan.status).toBe(200);
    expect(xiyuan.body.data.map((n: any) => n.fullName)).toEqual(['兰州市/七里河区/西园街道', '兰州市/七里河区/西园街道/下西园社区']);
    expect(xiyuan.body).toMatchObject({ total: 2, current: 1, pageSize: 20 });

    const cjx = await city.get(`/api/v1/territory/search?q=${encodeURIComponent('畅家')}`);
    expect(cjx.body.data.map((n: any) => n.fullName)).toEqual([
      '兰州市/城关区/酒泉路街道/畅家巷社区',
      '兰州市/城关区/酒泉路街道/畅家巷社区/第一网格/畅家巷小区',
    ]);
  });

  it('rejects names whose bigrams occur apart, filters by level and pages', async () => {
    // "巷小" is a bigram of 畅家巷小区 but "家小" is not a substring of anything.
    expect((await city.get(`/api/v1/territory/search?q=${encodeURIComponent('家小')}`)).body.total).toBe(0);
    const communities = await city.get(`/api/v1/territory/search?q=${encodeURIComponent('畅家')}&level=community`);
    expect(communities.body.data.map((n: any) => n.name)).toEqual(['畅家巷社区']);
    const paged = await city.get(`/api/v1/territory/search?q=${encodeURIComponent('网格')}&pageSize=2&current=2`);
    expect(paged.body.total).toBe(4);
    expect(paged.body.data).toHaveLength(2);
  });

  it('a single character falls back to the substring test', async () => {
    const res = await city.get(`/api/v1/territory/search?q=${encodeURIComponent('园')}&level=community`);
    expect(res.body.data.map((n: any) => n.name).sort()).toEqual(['下西园社区', '张家园社区']);
  });

  it('searches codes by prefix and stays inside the scope', async () => {
    const byCode = await city.get('/api/v1/territory/search?q=620102001');
    expect(byCode.body.data.map((n: any) => n.code)).toEqual(['620102001000', '620102001001', '620102001002']);
    const scoped = await street.get(`/api/v1/territory/search?q=${encodeURIComponent('网格')}`);
    expect(scoped.body.data.map((n: any) => n.fullName)).toEqual([
      '兰州市/城关区/酒泉路街道/畅家巷社区/第一网格',
      '兰州市/城关区/酒泉路街道/张家园社区/第一网格',
    ]);
    expect((await street.get('/api/v1/territory/search?q=620103')).body.total).toBe(0);
  });
});

describe('creating and editing', () => {
  it('creates a grid, a compound and a building, each audited', async () => {
    const grid = await community.post('/api/v1/territory/nodes', { parentId: t.fixture.node.changjiaxiang, level: 'grid', name: ' 第二网格 ', attrs: { households: 320 } });
    expect(grid.status).toBe(201);
    expect(grid.body).toMatchObject({ name: '第二网格', level: 'grid', parentId: t.fixture.node.changjiaxiang, version: 1, attrs: { households: 320 } });
    const compound = await community.post('/api/v1/territory/nodes', { parentId: grid.body.id, level: 'compound', name: '金城小区' });
    expect(compound.status).toBe(201);
    const building = await community.post('/api/v1/territory/nodes', { parentId: compound.body.id, level: 'building', name: '3号楼' });
    expect(building.status).toBe(201);
    expect(building.body.ancestors.map((a: any) => a.name)).toEqual(['兰州市', '城关区', '酒泉路街道', '畅家巷社区', '第二网格', '金城小区']);
    expect((await node(building.body.id)).path).toBe(`${(await node(compound.body.id)).path}${building.body.id}/`);
    const latin = await community.post('/api/v1/territory/nodes', { parentId: compound.body.id, level: 'building', name: 'Sunshine Tower 5' });
    const found = await community.get(`/api/v1/territory/search?q=${encodeURIComponent('shine tow')}`);
    expect(found.body.data.map((n: any) => n.id)).toEqual([latin.body.id]);

    const log = await auditFor(grid.body.id);
    expect(log).toEqual([expect.objectContaining({ action: 'territory.create', territory_id: grid.body.id, actor_id: t.fixture.user.community })]);
    expect(log[0]!.summary).toContain('第二网格');
  });

  it('refuses a level under the wrong parent, a parent outside the scope, and a duplicate name', async () => {
    const wrong = await community.post('/api/v1/territory/nodes', { parentId: t.fixture.node.changjiaxiang, level: 'building', name: '9号楼' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([{ field: 'body.parentId', message: '楼院只能建在小区或网格下' }]);

    const outside = await community.post('/api/v1/territory/nodes', { parentId: t.fixture.node.longxilu, level: 'grid', name: '第九网格' });
    expect(outside.status).toBe(400);
    expect(outside.body.errors).toEqual([{ field: 'body.parentId', message: '上级不存在' }]);

    const duplicate = await community.post('/api/v1/territory/nodes', { parentId: t.fixture.node.changjiaxiang, level: 'grid', name: '第一网格' });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.errors).toEqual([{ field: 'body.name', message: '同一上级下已有名为“第一网格”的节点' }]);

    for (const name of ['A/B', '第九\n网格']) {
      const bad = await community.post('/api/v1/territory/nodes', { parentId: t.fixture.node.changjiaxiang, level: 'grid', name });
      expect(bad.body.errors).toEqual([{ field: 'body.name', message: '名称不能包含“/”或换行等控制字符' }]);
    }

    const official = await community.post('/api/v1/territory/nodes', { parentId: t.fixture.node.jiuquanlu, level: 'community', name: '新社区' });
    expect(official.status).toBe(400);
    expect(official.body.errors[0].field).toBe('body.level');
  });

  it('edits with the version read and answers 409 to a stale one', async () => {
    const before = await node(t.fixture.node.building2);
    const ok = await community.patch(`/api/v1/territory/nodes/${before.id}`, { name: '2号楼（东）', attrs: { households: 48 }, version: before.version });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: '2号楼（东）', attrs: { households: 48 }, version: before.version + 1 });
    expect((await node(before.id)).name_tokens).toContain('(东');
    const found = await community.get(`/api/v1/territory/search?q=${encodeURIComponent('楼（东')}`);
    expect(found.body.data.map((n: any) => n.id)).toEqual([before.id]);

    const nested = await community.patch(`/api/v1/territory/nodes/${before.id}`, { attrs: { owner: { name: 'x' } }, version: before.version + 1 });
    expect(nested.status).toBe(400);
    expect(nested.body.errors).toEqual([{ field: 'body.attrs.owner', message: '取值无效' }]);

    const stale = await community.patch(`/api/v1/territory/nodes/${before.id}`, { name: '2号楼', version: before.version });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');
    expect((await node(before.id)).name).toBe('2号楼（东）');
    expect((await auditFor(before.id)).map((a) => a.action)).toEqual(['territory.update']);
  });

  it('official divisions need territory:admin', async () => {
    const cjx = await node(t.fixture.node.changjiaxiang);
    const denied = await community.patch(`/api/v1/territory/nodes/${cjx.id}`, { name: '畅家巷', version: cjx.version });
    expect(denied.status).toBe(403);
    expect(denied.body.detail).toContain('维护行政区划');
    const district = await t.as('district');
    const allowed = await district.patch(`/api/v1/territory/nodes/${cjx.id}`, { sort: 5, version: cjx.version });
    expect(allowed.status).toBe(200);
    expect(allowed.body.sort).toBe(5);
  });
});

describe('moving', () => {
  it('moves a compound with its buildings to another grid in one update', async () => {
    const target = await community.post('/api/v1/territory/nodes', { parentId: t.fixture.node.changjiaxiang, level: 'grid', name: '第三网格' });
    const compound = await node(t.fixture.node.changjiaxiangCompound);
    const res = await community.post(`/api/v1/territory/nodes/${compound.id}/move`, { parentId: target.body.id, version: compound.version });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ parentId: target.body.id, version: compound.version + 1 });
    const targetRow = await node(target.body.id);
    const moved = await node(compound.id);
    expect(moved.path).toBe(`${targetRow.path}${compound.id}/`);
    expect(moved.depth).toBe(targetRow.depth + 1);
    for (const id of [t.fixture.node.building1, t.fixture.node.building2]) {
      const b = await node(id);
      expect(b.path).toBe(`${moved.path}${id}/`);
      expect(b.depth).toBe(moved.depth + 1);
    }
    const log = await auditFor(compound.id);
    expect(log.at(-1)).toMatchObject({ action: 'territory.move', territory_id: compound.id });
    expect(log.at(-1)!.detail).toMatchObject({ fromParentId: t.fixture.node.changjiaxiangGrid, toParentId: target.body.id, nodesMoved: 3 });

    const stale = await community.post(`/api/v1/territory/nodes/${compound.id}/move`, { parentId: t.fixture.node.changjiaxiangGrid, version: compound.version });
    expect(stale.status).toBe(409);
  });

  it('refuses a move under the node itself or its own descendant', async () => {
    const grid = await node(t.fixture.node.changjiaxiangGrid);
    const intoSelf = await community.post(`/api/v1/territory/nodes/${grid.id}/move`, { parentId: grid.id, version: grid.version });
    expect(intoSelf.status).toBe(400);
    expect(intoSelf.body.errors).toEqual([{ field: 'body.parentId', message: '不能移动到自身或自己的下级节点下' }]);
    const child = await community.post('/api/v1/territory/nodes', { parentId: grid.id, level: 'compound', name: '下级小区' });
    const intoChild = await community.post(`/api/v1/territory/nodes/${grid.id}/move`, { parentId: child.body.id, version: grid.version });
    expect(intoChild.status).toBe(400);
    expect(intoChild.body.errors).toEqual([{ field: 'body.parentId', message: '不能移动到自身或自己的下级节点下' }]);
    const wrongLevel = await street.post(`/api/v1/territory/nodes/${grid.id}/move`, { parentId: t.fixture.node.jiuquanlu, version: grid.version });
    expect(wrongLevel.body.errors).toEqual([{ field: 'body.parentId', message: '网格只能建在社区下' }]);
    expect((await node(grid.id)).path).toBe(grid.path);
  });

  it('a street cannot move or read nodes of another street (404), nor move its own outside', async () => {
    const foreign = await node(t.fixture.node.longxiluBuilding);
    const moveForeign = await street.post(`/api/v1/territory/nodes/${foreign.id}/move`, { parentId: t.fixture.node.changjiaxiangGrid, version: foreign.version });
    expect(moveForeign.status).toBe(404);
    expect((await street.get(`/api/v1/territory/nodes/${t.fixture.node.longxiluGrid}`)).status).toBe(404);
    const own = await node(t.fixture.node.changjiaxiangGrid);
    const moveOut = await street.post(`/api/v1/territory/nodes/${own.id}/move`, { parentId: t.fixture.node.longxilu, version: own.version });
    expect(moveOut.status).toBe(400);
    expect(moveOut.body.errors).toEqual([{ field: 'body.parentId', message: '上级不存在' }]);
    expect((await node(foreign.id)).path).toBe(foreign.path);
  });

  it('official nodes do not move', async () => {
    const cjx = await node(t.fixture.node.changjiaxiang);
    const res = await city.post(`/api/v1/territory/nodes/${cjx.id}/move`, { parentId: t.fixture.node.zhangyelu, version: cjx.version });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('只有网格、小区、楼院可以移动');
  });
});

describe('boundaries', () => {
  const square = { type: 'Polygon', coordinates: [[[103.82, 36.05], [103.83, 36.05], [103.83, 36.06], [103.82, 36.06], [103.82, 36.05]]] };

  it('accepts a Feature or a one-feature FeatureCollection and stores the geometry', async () => {
    const id = t.fixture.node.zhangjiayuan;
    const grid = (await street.get(`/api/v1/territory/nodes?parentId=${id}`)).body[0];
    const res = await street.put(`/api/v1/territory/nodes/${grid.id}/boundary`, {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { name: 'x' }, geometry: square }],
    });
    expect(res.status).toBe(200);
    expect(res.body.boundary).toEqual(square);
    expect(res.body.hasBoundary).toBe(true);
    const multi = { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [square.coordinates] } };
    expect((await street.put(`/api/v1/territory/nodes/${grid.id}/boundary`, multi)).body.boundary.type).toBe('MultiPolygon');
    const geoJson = await street.request('PUT', `/api/v1/territory/nodes/${grid.id}/boundary`, JSON.stringify(square), { 'content-type': 'application/geo+json' });
    expect(geoJson.status).toBe(200);
    const cleared = await street.delete(`/api/v1/territory/nodes/${grid.id}/boundary`);
    expect(cleared.body).toMatchObject({ boundary: null, hasBoundary: false });
    expect((await auditFor(grid.id)).map((a) => a.action)).toEqual(['territory.boundary_set', 'territory.boundary_set', 'territory.boundary_set', 'territory.boundary_clear']);
  });

  it('rejects what is not a polygon with a 400 on body', async () => {
    const id = t.fixture.node.changjiaxiangGrid;
    const before = await node(id);
    const cases: [unknown, RegExp][] = [
      [{ type: 'Point', coordinates: [103.8, 36.0] }, /Point/],
      [{ type: 'Polygon', coordinates: [[[103.82, 36.05], [103.83, 36.05], [103.83, 36.06], [103.82, 36.07]]] }, /未闭合/],
      [{ type: 'Polygon', coordinates: [[[103.82, 36.05], [103.83, 36.05], [103.82, 36.05]]] }, /4 个坐标点/],
      [{ type: 'Polygon', coordinates: [[[203.82, 36.05], [103.83, 36.05], [103.83, 36.06], [203.82, 36.05]]] }, /经纬度范围/],
      [{ type: 'FeatureCollection', features: [] }, /恰好包含一个/],
      [[1, 2, 3], /GeoJSON/],
    ];
    for (const [body, reason] of cases) {
      const res = await community.put(`/api/v1/territory/nodes/${id}/boundary`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors[0].field).toBe('body');
      expect(res.body.errors[0].message).toMatch(/^不是多边形：/);
      expect(res.body.errors[0].message).toMatch(reason);
    }
    expect((await node(id)).version).toBe(before.version);
  });

  it('buildings have no boundary and outside nodes are 404', async () => {
    const building = await community.put(`/api/v1/territory/nodes/${t.fixture.node.building1}/boundary`, square);
    expect(building.status).toBe(400);
    expect(building.body.detail).toBe('只有社区、网格、小区可以设置边界');
    expect((await street.put(`/api/v1/territory/nodes/${t.fixture.node.longxiluGrid}/boundary`, square)).status).toBe(404);
  });
});
