import type { Database } from '../platform/db/database.js';
import { refreshUnitStats } from '../modules/units/service.js';
import type { DemandCategory, ResourceCategory, SocialCategory, UnitKind } from '../modules/units/tables.js';
import { beijingAt, beijingDay } from '../platform/time.js';

const CHANGJIAXIANG = '620102001001';
const DAY = 86_400_000;

const UNITS: { name: string; kind: UnitKind; social?: SocialCategory; party: string; members: number; contact: string; phone: string; offer: string }[] = [
  { name: '城关区人民法院', kind: 'agency', party: '城关区人民法院机关党委', members: 120, contact: '陈庭长', phone: '13909310001', offer: '法律咨询、以案说法讲座、多功能会议室（场地）' },
  { name: '兰州银行酒泉路支行', kind: 'state_enterprise', party: '兰州银行酒泉路支行党支部', members: 18, contact: '李行长', phone: '13909310002', offer: '夜间及周末错时共享停车位 20 个、防诈骗宣传' },
  { name: '甘肃万家物业服务有限公司', kind: 'property', party: '万家物业党支部', members: 9, contact: '王经理', phone: '13909310003', offer: '设备物资、楼道维修志愿服务' },
  { name: '兰州心语社会工作服务中心', kind: 'social_org', social: 'mediation', party: '心语社工中心党支部', members: 5, contact: '赵主任', phone: '13909310004', offer: '心理疏导、邻里纠纷调解' },
];
const MEMBERS = [
  ['马建华', '13909320001', 0, '民事审判庭党支部'],
  ['杨秀英', '13909320002', 0, '立案庭党支部'],
  ['周志明', '13909320003', 1, '支行党支部'],
  ['吴海燕', '13909320004', 1, '支行党支部'],
  ['徐国强', '13909320005', 2, '万家物业党支部'],
  ['孙丽娟', '13909320006', 3, '心语社工中心党支部'],
] as const;
const RESOURCES: { unit: number | null; owner?: string; category: ResourceCategory; name: string; capacity: number; windows: [number, number, number][] }[] = [
  { unit: 0, category: 'venue', name: '法院多功能会议室', capacity: 60, windows: [1, 2, 3, 4, 5].map((d) => [d, 8 * 60, 18 * 60] as [number, number, number]) },
  { unit: 0, category: 'legal', name: '法官进社区法律咨询', capacity: 10, windows: [[3, 14 * 60, 17 * 60]] },
  { unit: 1, category: 'parking', name: '支行错时共享停车位', capacity: 20, windows: [...[1, 2, 3, 4, 5].map((d) => [d, 19 * 60, 24 * 60] as [number, number, number]), [6, 0, 1440], [7, 0, 1440]] },
  { unit: 3, category: 'psychological', name: '心理疏导服务', capacity: 5, windows: [[2, 9 * 60, 12 * 60], [4, 9 * 60, 12 * 60]] },
  { unit: null, owner: '刘大姐（退休医生）', category: 'medical', name: '健康义诊志愿服务', capacity: 30, windows: [[6, 9 * 60, 11 * 60 + 30]] },
];
const DEMANDS: { title: string; category: DemandCategory; quantity: number; unit: string; place: string }[] = [
  { title: '老旧小区加装电梯政策与纠纷法律咨询', category: 'legal', quantity: 2, unit: '场', place: '畅家巷社区党群服务中心' },
  { title: '重阳节敬老活动需要场地', category: 'venue', quantity: 80, unit: '人', place: '畅家巷社区' },
  { title: '独居老人心理关怀', category: 'psychological', quantity: 12, unit: '人次', place: '畅家巷社区各网格' },
];

/**
 * 共建单位 demo for 畅家巷社区: four registered units (one a social organisation with
 * its incubation record), six 双报到 members in its buildings, service records, the
 * resource list with a booking, open demands and one met through a claim. The `unit`
 * account acts for none of them, so it can register its own unit. Runs once.
 */
export async function loadDemoUnits(db: Database): Promise<number> {
  const community = await db.selectFrom('territory_node').select(['id', 'path']).where('code', '=', CHANGJIAXIANG).executeTakeFirst();
  if (!community) return 0;
  if (await db.selectFrom('unit').select('id').where('community_id', '=', community.id).limit(1).executeTakeFirst()) return 0;
  const staff = await db.selectFrom('app_user').select(['id', 'display_name']).where('username', '=', 'community').executeTakeFirst();
  const actor = { actor_id: staff?.id ?? null, actor_name: staff?.display_name ?? '系统' };
  const buildings = await db.selectFrom('territory_node').select('id').where('path', 'like', `${community.path}%`).where('level', '=', 'building').orderBy('path').limit(12).execute();
  const grids = await db.selectFrom('territory_node').select('id').where('parent_id', '=', community.id).where('level', '=', 'grid').orderBy('sort').orderBy('id').execute();
  if (buildings.length === 0 || grids.length === 0) return 0;
  const now = Date.now();
  const day = (offset: number) => beijingDay(new Date(now + offset * DAY));

  await db.transaction().execute(async (trx) => {
    const units = await trx
      .insertInto('unit')
      .values(UNITS.map((u) => ({ community_id: community.id, name: u.name, kind: u.kind, social_category: u.social ?? null, party_org_name: u.party, party_member_count: u.members, contact_name: u.contact, contact_phone: u.phone, offer: u.offer, status: 'confirmed' as const, version: 2, incubation_started_on: u.social ? day(-400) : null })))
      .returning('id')
      .execute();
    await trx
      .insertInto('unit_event')
      .values(units.flatMap((u) => [{ unit_id: u.id, action: 'register', to_status: 'pending', ...actor }, { unit_id: u.id, action: 'confirm', from_status: 'pending', to_status: 'confirmed', ...actor }]))
      .execute();
    await trx
      .insertInto('unit_incubation')
      .values([
        { unit_id: units[3]!.id, kind: 'training', held_on: day(-300), title: '社区社会组织负责人能力提升培训', recorded_by: actor.actor_id },
        { unit_id: units[3]!.id, kind: 'assessment', held_on: day(-30), title: '年度成长评估', score: 88, note: '服务规范，调解成功率高', recorded_by: actor.actor_id },
      ])
      .execute();
    const members = await trx
      .insertInto('party_member')
      .values(MEMBERS.map(([name, phone, unit, branch], i) => ({ community_id: community.id, residence_building_id: buildings[i % buildings.length]!.id, name, phone, employer_unit_id: units[unit]!.id, employer_name: UNITS[unit]!.name, party_branch: branch, status: 'confirmed' as const, version: 2 })))
      .returning('id')
      .execute();
    await trx.insertInto('party_member_event').values(members.map((m) => ({ party_member_id: m.id, action: 'confirm', from_status: 'pending', to_status: 'confirmed', ...actor }))).execute();
    await trx
      .insertInto('service_record')
      .values([
        { community_id: community.id, territory_id: grids[0]!.id, unit_id: units[0]!.id, title: '以案说法：老年人防范养老诈骗', served_on: day(-20), minutes: 120, feedback_rating: 5, feedback: '居民反映通俗易懂' },
        { community_id: community.id, territory_id: grids[grids.length > 1 ? 1 : 0]!.id, unit_id: units[2]!.id, title: '楼道照明维修', served_on: day(-12), minutes: 240, feedback_rating: 4 },
        { community_id: community.id, territory_id: community.id, unit_id: units[3]!.id, title: '邻里纠纷调解', served_on: day(-5), minutes: 90 },
        { community_id: community.id, territory_id: buildings[0]!.id, party_member_id: members[0]!.id, title: '帮扶独居老人代购生活用品', served_on: day(-3), minutes: 60 },
        { community_id: community.id, territory_id: buildings[2 % buildings.length]!.id, party_member_id: members[4]!.id, title: '楼院环境整治', served_on: day(-2), minutes: 180 },
      ])
      .execute();
    for (const r of RESOURCES) {
      const row = await trx
        .insertInto('resource')
        .values({ community_id: community.id, unit_id: r.unit === null ? null : units[r.unit]!.id, owner_name: r.owner ?? null, category: r.category, name: r.name, capacity: r.capacity, created_by: actor.actor_id })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('resource_window').values(r.windows.map(([weekday, start, end]) => ({ resource_id: row.id, weekday, start_minute: start, end_minute: end }))).execute();
      if (r.category !== 'venue') continue;
      // Last week's residents' meeting in the court's room: the resource list shows it used.
      const startsAt = beijingAt(day(-7), '14:00');
      const booking = await trx
        .insertInto('resource_booking')
        .values({ resource_id: row.id, community_id: community.id, starts_at: startsAt, ends_at: new Date(startsAt.getTime() + 2 * 3_600_000), party: '畅家巷居民议事小组', purpose: '加装电梯议事协商会', headcount: 30, status: 'confirmed', booked_by: actor.actor_id, version: 2 })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('resource_booking_event')
        .values([
          { booking_id: booking.id, action: 'request', to_status: 'requested', ...actor },
          { booking_id: booking.id, action: 'confirm', from_status: 'requested', to_status: 'confirmed', actor_id: null, actor_name: UNITS[0]!.contact },
        ])
        .execute();
    }
    const demands = await trx
      .insertInto('demand')
      .values([
        ...DEMANDS.map((d) => ({ community_id: community.id, territory_id: community.id, title: d.title, category: d.category, quantity: d.quantity, quantity_unit: d.unit, place: d.place, needed_by: day(30), created_by: actor.actor_id })),
        { community_id: community.id, territory_id: grids[0]!.id, title: '小区健身器材维修', category: 'equipment' as const, quantity: 6, quantity_unit: '件', place: '畅家巷小区广场', status: 'met' as const, unit_id: units[2]!.id, met_at: new Date(now - 7 * DAY), version: 4, created_by: actor.actor_id },
      ])
      .returning('id')
      .execute();
    await trx.insertInto('demand_event').values(demands.map((d) => ({ demand_id: d.id, action: 'post', to_status: 'open', ...actor }))).execute();
    const met = demands.at(-1)!.id;
    const claim = await trx.insertInto('demand_claim').values({ demand_id: met, unit_id: units[2]!.id, status: 'completed', rating: 5, version: 3, decided_at: new Date(now - 7 * DAY) }).returning('id').executeTakeFirstOrThrow();
    await trx
      .insertInto('demand_event')
      .values([
        { demand_id: met, claim_id: claim.id, action: 'claim', from_status: 'open', to_status: 'claimed', actor_id: null, actor_name: UNITS[2]!.contact },
        { demand_id: met, claim_id: claim.id, action: 'confirm_claim', from_status: 'claimed', to_status: 'in_progress', ...actor },
        { demand_id: met, claim_id: claim.id, action: 'complete', from_status: 'in_progress', to_status: 'met', detail: { rating: 5 }, ...actor },
      ])
      .execute();
    await refreshUnitStats(trx, community.id);
  });
  return UNITS.length;
}
