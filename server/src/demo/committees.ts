import type { Database } from '../platform/db/database.js';
import { idCheckCharacter } from '../platform/identity.js';
import { beijingDay, beijingDayStart, beijingMonth } from '../platform/time.js';
import { committeeName } from '../modules/committees/service.js';
import { rebuildCommitteeStats } from '../modules/committees/stats.js';
import '../modules/committees/membership-tables.js';
import type { MemberCategory, MemberRole } from '../modules/committees/tables.js';
import { prng } from './generator.js';

/**
 * A committee for every demo community, with members whose city totals per
 * category are seed 000's numbers exactly (6,046 members; 媒体记者, 律师 and
 * 志愿者 make up part of its 1,386 其他). Each committee has 13–15 members, a
 * 主任 who is the community's party secretary and four 副主任 (seed 000). 畅家巷社区
 * is linked to the demo accounts: its 主任 is `community`, `member` is one of
 * its rotating members, `grid` and `member` have visited this month, and two
 * rotating terms end within a month. Deterministic; loaded once.
 */
const CITY_CODE = '620100000000';
const DEMO_COMMUNITY = '620102001001';
const TOTAL = 6046;
const CATEGORY_TOTALS: [MemberCategory, number][] = [
  ['two_committees', 1789], ['deputies', 414], ['veteran', 441], ['police', 271], ['private_enterprise', 373], ['social_org', 303],
  ['property', 524], ['owners_committee', 77], ['notable_resident', 468], ['media', 60], ['lawyer', 90], ['volunteer', 400], ['other', 836],
];
const DEPUTY_FIRST: MemberCategory[] = ['veteran', 'social_org', 'private_enterprise', 'deputies', 'notable_resident'];
const STANDING: MemberCategory[] = ['two_committees', 'veteran', 'police', 'deputies'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const GIVEN = '建华国强秀英桂兰志明海燕丽娟文军永刚红梅晓东玉兰德胜淑珍振华小平春生立新春燕丽华金凤明亮学军宏伟瑞芳'.match(/../g)!;
const AFFILIATION: Record<MemberCategory, string[]> = {
  two_committees: ['社区党委委员', '社区居委会委员', '社区党委副书记'],
  deputies: ['区人大代表', '区政协委员', '市人大代表'],
  veteran: ['退役军人服务站站长', '退役军人志愿服务队队长', '退役军人'],
  police: ['城关公安分局社区民警', '派出所社区警务室民警'],
  private_enterprise: ['商贸有限公司 总经理', '餐饮连锁店 负责人', '建筑工程公司 负责人'],
  social_org: ['社区社会工作服务中心 主任', '公益协会 会长', '老年人协会 会长'],
  property: ['物业服务有限公司 项目经理', '物业公司 经理'],
  owners_committee: ['小区业主委员会 主任', '业委会委员'],
  notable_resident: ['热心居民', '退休教师', '楼院长'],
  media: ['兰州日报社 记者', '兰州广播电视台 记者'],
  lawyer: ['律师事务所 律师'],
  volunteer: ['"畅大妈"志愿服务队 队员', '社区志愿者'],
  other: ['驻区单位代表', '居民代表', '社会工作者', '学校代表', '医院代表'],
};
const DAY = 86_400_000;
const HOUR = 3_600_000;

interface Seat {
  category: MemberCategory;
  role: MemberRole;
}

/** Deals the city's category pool over the committees: one 两委 member each for 主任 first, the rest shuffled. */
function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function deal(sizes: number[], random: () => number): Seat[][] {
  const pool: MemberCategory[] = [];
  for (const [category, n] of CATEGORY_TOTALS) for (let i = 0; i < n - (category === 'two_committees' ? sizes.length : 0); i++) pool.push(category);
  shuffle(pool, random);
  let next = 0;
  return sizes.map((size) => {
    const rest = pool.slice(next, (next += size - 1));
    const order = [...rest.keys()].sort((a, b) => rank(rest[a]!) - rank(rest[b]!));
    const deputies = new Set(order.slice(0, 4));
    return [
      { category: 'two_committees' as const, role: 'director' as const },
      ...rest.map((category, i) => ({ category, role: deputies.has(i) ? ('deputy_director' as const) : STANDING.includes(category) ? ('standing' as const) : ('rotating' as const) })),
    ];
  });
}
const rank = (c: MemberCategory) => (DEPUTY_FIRST.includes(c) ? DEPUTY_FIRST.indexOf(c) : 10);

function idNumber(random: () => number): string {
  const year = 1960 + Math.floor(random() * 36);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  const first17 = `620102${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(Math.floor(random() * 1000)).padStart(3, '0')}`;
  return `${first17}${idCheckCharacter(first17)}`;
}
const dayOf = (ms: number) => beijingDay(new Date(ms));

export async function loadDemoCommittees(db: Database): Promise<number> {
  const city = await db.selectFrom('territory_node').select(['id', 'path']).where('code', '=', CITY_CODE).executeTakeFirst();
  if (!city) return 0;
  const communities = await db.selectFrom('territory_node').select(['id', 'code', 'name']).where('level', '=', 'community').where('path', 'like', `${city.path}%`).orderBy('code').execute();
  if (communities.length === 0) return 0;
  const any = await db.selectFrom('committee_member as m').innerJoin('territory_node as t', 't.id', 'm.community_id').select('m.id').where('t.path', 'like', `${city.path}%`).limit(1).executeTakeFirst();
  if (any) return 0;
  const users = new Map((await db.selectFrom('app_user').select(['id', 'username']).where('username', 'in', ['community', 'member', 'grid', 'district']).execute()).map((u) => [u.username, u.id]));
  const random = prng(20_211_130);
  const now = Date.now();
  const today = Date.parse(`${dayOf(now)}T00:00:00Z`);

  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('committee')
      .values(communities.map((c) => ({ community_id: c.id, name: committeeName(c.name), status: 'active' as const, formed_on: '2021-11-30' })))
      .onConflict((oc) => oc.column('community_id').doNothing())
      .execute();
    const committees = new Map((await trx.selectFrom('committee').select(['id', 'community_id']).where('community_id', 'in', communities.map((c) => c.id)).execute()).map((c) => [c.community_id, c.id]));
    const base = Math.floor(TOTAL / communities.length);
    const extra = new Set(shuffle([...communities.keys()], random).slice(0, TOTAL - base * communities.length));
    const demoIndex = communities.findIndex((c) => c.code === DEMO_COMMUNITY);
    const seats = deal(communities.map((_, i) => base + (extra.has(i) ? 1 : 0)), random);
    const rows = communities.flatMap((c, ci) => {
      // 畅家巷's first two rotating members see their one-year term end in 11 and 24 days.
      const endingSoon = ci === demoIndex ? [11, 24] : [];
      return seats[ci]!.map((s, si) => {
        const rotating = s.role === 'rotating';
        const soon = rotating ? endingSoon.shift() : undefined;
        const start =
          !rotating ? Date.parse('2021-11-30T00:00:00Z')
          : soon !== undefined ? today - (364 - soon) * DAY
          : today - (60 + Math.floor(random() * 240)) * DAY;
        const affiliations = AFFILIATION[s.category];
        return {
          committee_id: committees.get(c.id)!,
          community_id: c.id,
          user_id: ci === demoIndex && si === 0 ? (users.get('community') ?? null) : null,
          name: `${SURNAMES[Math.floor(random() * SURNAMES.length)]}${GIVEN[Math.floor(random() * GIVEN.length)]}`,
          gender: random() < 0.5 ? ('male' as const) : ('female' as const),
          phone: `1${3 + Math.floor(random() * 7)}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`,
          id_number: idNumber(random),
          category: s.category,
          affiliation: affiliations[Math.floor(random() * affiliations.length)]!,
          role: s.role,
          is_party_secretary: s.role === 'director',
          party_member: s.role === 'director' || s.category === 'two_committees' || random() < 0.3,
          term_start: new Date(start).toISOString().slice(0, 10),
          term_end: rotating ? new Date(start + 364 * DAY).toISOString().slice(0, 10) : null,
          source: 'import' as const,
        };
      });
    });
    // The demo member account is a rotating member of 畅家巷 whose term is not the one ending first.
    const demoRows = rows.filter((r) => r.community_id === communities[demoIndex]?.id);
    const memberSeat = demoRows.filter((r) => r.role === 'rotating').at(-1) ?? demoRows.at(-1);
    if (memberSeat) memberSeat.user_id = users.get('member') ?? null;
    const inserted: { id: number; community_id: number; user_id: number | null }[] = [];
    for (let i = 0; i < rows.length; i += 500) {
      inserted.push(...(await trx.insertInto('committee_member').values(rows.slice(i, i + 500)).returning(['id', 'community_id', 'user_id']).execute()));
    }
    for (let i = 0; i < inserted.length; i += 1000) {
      await trx
        .insertInto('committee_member_event')
        .values(inserted.slice(i, i + 1000).map((m) => ({ member_id: m.id, action: 'import', to_status: 'serving', actor_name: '演示数据', note: '既有社工委委员名册' })))
        .execute();
    }
    if (demoIndex >= 0) await demoCommunity(trx, communities[demoIndex]!.id, committees.get(communities[demoIndex]!.id)!, inserted, users, now);
    await rebuildCommitteeStats(trx);
    return inserted.length;
  });
}

/** 畅家巷: the district leader, zones over its grids, and this month's visits by `member` and `grid`. */
async function demoCommunity(trx: Database, communityId: number, committeeId: number, members: { id: number; community_id: number; user_id: number | null }[], users: Map<string, number>, now: number) {
  const mine = members.filter((m) => m.community_id === communityId);
  const district = users.get('district');
  if (district) await trx.updateTable('committee').set({ leader_user_id: district }).where('id', '=', committeeId).execute();
  const grids = await trx.selectFrom('territory_node').select(['id', 'path']).where('parent_id', '=', communityId).where('level', '=', 'grid').orderBy('sort').orderBy('id').execute();
  const grid = users.get('grid');
  const zones = [
    ...grids.map((g, i) => ({ committee_id: committeeId, community_id: communityId, member_id: mine[(i % (mine.length - 1)) + 1]!.id, user_id: null, territory_id: g.id })),
    ...(grid && grids[0] ? [{ committee_id: committeeId, community_id: communityId, member_id: null, user_id: grid, territory_id: grids[0].id }] : []),
  ];
  if (zones.length > 0) await trx.insertInto('committee_zone').values(zones).execute();
  const buildings = grids[0] ? await trx.selectFrom('territory_node').select(['id', 'path']).where('path', 'like', `${grids[0].path}%`).where('level', '=', 'building').orderBy('id').limit(4).execute() : [];
  const member = mine.find((m) => m.user_id === users.get('member'));
  if (buildings.length === 0) return;
  const notes = ['了解独居老人近况，身体尚可', '入户宣传垃圾分类', '听取居民对小区停车的意见', '走访困难家庭，了解冬季取暖情况', '回访上月反映的楼道照明问题'];
  const month = beijingMonth(new Date(now));
  const monthStart = beijingDayStart(month).getTime();
  // Spread over the month so far, each in working hours (Beijing), never in the future.
  const visitedAt = (i: number) => {
    const spread = monthStart + ((now - monthStart) * (i + 1)) / (notes.length + 1);
    const day = beijingDayStart(beijingDay(new Date(spread))).getTime();
    return new Date(Math.max(monthStart, Math.min(day + (9.5 + (i % 4) * 2) * HOUR, now - 10 * 60_000)));
  };
  const visits = notes.map((summary, i) => {
    const byMember = member !== undefined && i % 2 === 0;
    return {
      community_id: communityId,
      territory_id: buildings[i % buildings.length]!.id,
      visitor_id: byMember ? users.get('member')! : (grid ?? users.get('community')!),
      visitor_name: byMember ? '畅家巷社区社工委委员（演示）' : '畅家巷社区网格员（演示）',
      member_id: byMember ? member!.id : null,
      visited_at: visitedAt(i),
      month,
      whom_kind: 'household' as const,
      room: `${1 + (i % 3)}单元${(i + 1) * 100 + 2}`,
      summary,
      problem: i === 2 ? '小区内车辆乱停，消防通道经常被堵' : null,
    };
  });
  if (visits.every((v) => v.visitor_id !== undefined)) await trx.insertInto('visit').values(visits).execute();
}
