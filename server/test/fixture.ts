import { hashPassword } from '../src/platform/auth/passwords.js';
import type { Role } from '../src/platform/auth/roles.js';
import type { Database } from '../src/platform/db/database.js';
import { insertTree, type TreeSpec } from '../src/modules/territory/tree-loader.js';

/**
 * A slice of Lanzhou's real tree, small enough to load per test file:
 *   兰州市 ─ 城关区 ─ 酒泉路街道 ─ 畅家巷社区 ─ 第一网格 ─ 畅家巷小区 ─ 1号楼, 2号楼
 *        │        │            └ 张家园社区 ─ 第一网格
 *        │        └ 张掖路街道 ─ 陇西路社区 ─ 第一网格 ─ 陇西小区 ─ 1号楼
 *        └ 七里河区 ─ 西园街道 ─ 下西园社区 ─ 第一网格
 */
const grid = (name: string, children: TreeSpec[] = []): TreeSpec => ({ level: 'grid', name, children });
const TREE: TreeSpec = {
  level: 'city', name: '兰州市', code: '620100000000', children: [
    { level: 'district', name: '城关区', code: '620102000000', children: [
      { level: 'street', name: '酒泉路街道', code: '620102001000', children: [
        { level: 'community', name: '畅家巷社区', code: '620102001001', children: [
          grid('第一网格', [{ level: 'compound', name: '畅家巷小区', children: [
            { level: 'building', name: '1号楼' }, { level: 'building', name: '2号楼' }] }]),
        ] },
        { level: 'community', name: '张家园社区', code: '620102001002', children: [grid('第一网格')] },
      ] },
      { level: 'street', name: '张掖路街道', code: '620102002000', children: [
        { level: 'community', name: '陇西路社区', code: '620102002001', children: [
          grid('第一网格', [{ level: 'compound', name: '陇西小区', children: [{ level: 'building', name: '1号楼' }] }]),
        ] },
      ] },
    ] },
    { level: 'district', name: '七里河区', code: '620103000000', children: [
      { level: 'street', name: '西园街道', code: '620103001000', children: [
        { level: 'community', name: '下西园社区', code: '620103001001', children: [grid('第一网格')] },
      ] },
    ] },
  ],
};

export interface Fixture {
  node: Record<NodeKey, number>;
  user: Record<UserKey, number>;
}

type NodeKey =
  | 'city' | 'chengguan' | 'qilihe' | 'jiuquanlu' | 'zhangyelu' | 'xiyuan'
  | 'changjiaxiang' | 'zhangjiayuan' | 'longxilu' | 'xiaxiyuan'
  | 'changjiaxiangGrid' | 'changjiaxiangCompound' | 'building1' | 'building2' | 'longxiluGrid' | 'longxiluBuilding';

type UserKey =
  | 'admin' | 'city' | 'district' | 'street' | 'streetb' | 'community' | 'grid'
  | 'member' | 'dept' | 'unit' | 'volunteer';

const USERS: [UserKey, string, Role, NodeKey | null][] = [
  ['admin', '系统管理员', 'system_admin', null],
  ['city', '市委组织部', 'city_admin', 'city'],
  ['district', '城关区组织部', 'district_admin', 'chengguan'],
  ['street', '酒泉路街道', 'street_staff', 'jiuquanlu'],
  ['streetb', '张掖路街道', 'street_staff', 'zhangyelu'],
  ['community', '畅家巷社区', 'community_staff', 'changjiaxiang'],
  ['grid', '畅家巷网格员', 'grid_worker', 'changjiaxiangGrid'],
  ['member', '畅家巷委员', 'committee_member', 'changjiaxiang'],
  ['dept', '城关区住建局', 'department_staff', 'chengguan'],
  ['unit', '驻区单位联系人', 'unit_contact', 'changjiaxiang'],
  ['volunteer', '志愿者', 'volunteer', 'changjiaxiang'],
];

let fixtureHash: Promise<string> | undefined;

export async function seedFixture(db: Database): Promise<Fixture> {
  await insertTree(db, null, [TREE]);
  const rows = await db.selectFrom('territory_node').select(['id', 'name', 'level', 'path']).orderBy('id').execute();
  const find = (names: string[]) => {
    let path = '/';
    let id = 0;
    for (const name of names) {
      const row = rows.find((r) => r.name === name && r.path.startsWith(path) && r.path.split('/').length === path.split('/').length + 1);
      if (!row) throw new Error(`fixture node ${names.join('/')} missing`);
      path = row.path;
      id = row.id;
    }
    return id;
  };
  const cjx = ['兰州市', '城关区', '酒泉路街道', '畅家巷社区'];
  const lxl = ['兰州市', '城关区', '张掖路街道', '陇西路社区'];
  const node: Fixture['node'] = {
    city: find(['兰州市']),
    chengguan: find(['兰州市', '城关区']),
    qilihe: find(['兰州市', '七里河区']),
    jiuquanlu: find(['兰州市', '城关区', '酒泉路街道']),
    zhangyelu: find(['兰州市', '城关区', '张掖路街道']),
    xiyuan: find(['兰州市', '七里河区', '西园街道']),
    changjiaxiang: find(cjx),
    zhangjiayuan: find(['兰州市', '城关区', '酒泉路街道', '张家园社区']),
    longxilu: find(lxl),
    xiaxiyuan: find(['兰州市', '七里河区', '西园街道', '下西园社区']),
    changjiaxiangGrid: find([...cjx, '第一网格']),
    changjiaxiangCompound: find([...cjx, '第一网格', '畅家巷小区']),
    building1: find([...cjx, '第一网格', '畅家巷小区', '1号楼']),
    building2: find([...cjx, '第一网格', '畅家巷小区', '2号楼']),
    longxiluGrid: find([...lxl, '第一网格']),
    longxiluBuilding: find([...lxl, '第一网格', '陇西小区', '1号楼']),
  };
  const passwordHash = await (fixtureHash ??= hashPassword('Fixture#2026'));
  const user = {} as Fixture['user'];
  for (const [key, displayName, role, nodeKey] of USERS) {
    const territoryId = nodeKey === null ? null : node[nodeKey];
    const created = await db
      .insertInto('app_user')
      .values({ username: key, display_name: displayName, password_hash: passwordHash, home_territory_id: territoryId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('role_assignment').values({ user_id: created.id, role, territory_id: territoryId }).execute();
    user[key] = created.id;
  }
  return { node, user };
}
