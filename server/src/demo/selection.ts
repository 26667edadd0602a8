import type { Database } from '../platform/db/database.js';
import { idCheckCharacter } from '../platform/identity.js';
import { publishNotice } from '../modules/notices/service.js';

const LANZHOU = '620100000000';
const CHANGJIAXIANG = '620102001001';
const DAY = 86_400_000;

const CANDIDATES = [
  { name: '马玉梅', gender: 'female', category: 'property', affiliation: '兰州城投物业畅家巷项目部', phone: '13919300101', role: 'rotating', channel: 'unit', recommender: '兰州城投物业' },
  { name: '杨志刚', gender: 'male', category: 'veteran', affiliation: '酒泉路街道退役军人服务站', phone: '13919300102', role: 'standing', channel: 'self', recommender: null },
] as const;

const id = (seq: number) => {
  const first17 = `62010219760508${String(seq).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
};

/**
 * 社工委组建 demo: Lanzhou's composition rules (13–15 members, 兰社工委聘 certificates)
 * and, for 畅家巷社区, a supplement round (增补) approved by the street and on notice
 * for three days from loading, so the public board shows a live 公示 residents can object to.
 * Runs once: a community that already has a round is left alone.
 */
export async function loadDemoSelection(db: Database): Promise<number> {
  const [city, community, street] = await Promise.all([
    db.selectFrom('territory_node').select('id').where('code', '=', LANZHOU).executeTakeFirst(),
    db.selectFrom('territory_node').select(['id', 'name']).where('code', '=', CHANGJIAXIANG).executeTakeFirst(),
    db.selectFrom('app_user').select(['id', 'display_name']).where('username', '=', 'street').executeTakeFirst(),
  ]);
  if (!city || !community) return 0;
  await db
    .insertInto('committee_rule')
    .values({ city_id: city.id, size_min: 13, size_max: 15, deputy_min: 3, deputy_max: 4, notice_days: 3, rotating_term_months: 12, certificate_prefix: '兰社工委聘' })
    .onConflict((oc) => oc.column('city_id').doNothing())
    .execute();
  if (await db.selectFrom('selection_round').select('id').where('community_id', '=', community.id).executeTakeFirst()) return 0;

  return db.transaction().execute(async (trx) => {
    const now = Date.now();
    const at = (daysAgo: number) => new Date(now - daysAgo * DAY);
    const day = (daysAgo: number) => at(daysAgo).toISOString().slice(0, 10);
    const announcement = await publishNotice(trx, {
      communityId: community.id,
      kind: 'announcement',
      title: '关于增补畅家巷社区建设工作委员会委员的公告',
      body: '因工作变动，社工委现有 2 名委员出缺。根据《全市社区建设工作委员会组建工作实施方案（试行）》，现面向辖区公开征集增补委员人选，可个人自荐、居民推荐、单位推荐。',
      startsAt: at(20),
    });
    await trx.updateTable('public_notice').set({ status: 'closed', closed_at: at(10) }).where('id', '=', announcement.id).execute();
    const round = await trx
      .insertInto('selection_round')
      .values({
        community_id: community.id,
        kind: 'supplement',
        status: 'notice',
        title: '关于增补畅家巷社区建设工作委员会委员的公告',
        body: '因工作变动，社工委现有 2 名委员出缺，现公开征集增补委员人选。',
        collect_from: day(20),
        collect_until: day(10),
        seats: 2,
        announcement_id: announcement.id,
        meeting_date: day(8),
        meeting_attendees: '社区党委书记、社区“两委”成员',
        meeting_note: '会议讨论，同意提名马玉梅、杨志刚为增补委员人选。',
        submitted_at: at(7),
        review_comment: '同意备案',
        reviewed_by: street?.id ?? null,
        reviewed_at: at(5),
        version: 7,
        created_at: at(21),
        updated_at: at(1),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const notice = await publishNotice(trx, {
      communityId: community.id,
      kind: 'appointment',
      title: '畅家巷社区建设工作委员会增补委员拟聘任人选公示',
      body: [
        '经个人自荐、居民推荐、单位推荐，社区党组织会议讨论决定，报街道党工委审批备案，现将拟聘任人选公示如下：',
        ...CANDIDATES.map((c, i) => `${i + 1}. ${c.name}，${c.gender === 'male' ? '男' : '女'}，${c.affiliation}，拟任${c.role === 'rotating' ? '轮值委员' : '常任委员'}`),
        '公示期 3 天。公示期间如有异议，可在本公示页用手机号提交，社区将逐条核实并答复。',
      ].join('\n'),
      objectable: true,
      days: 3,
      startsAt: new Date(now),
      subject: { type: 'selection_round', id: round.id },
    });
    await trx.updateTable('selection_round').set({ notice_id: notice.id }).where('id', '=', round.id).execute();
    const events: { action: string; from: string | null; to: string; at: Date }[] = [
      { action: 'create', from: null, to: 'draft', at: at(21) },
      { action: 'announce', from: 'draft', to: 'collecting', at: at(20) },
      { action: 'close_collection', from: 'collecting', to: 'deciding', at: at(10) },
      { action: 'submit', from: 'deciding', to: 'submitted', at: at(7) },
      { action: 'approve', from: 'submitted', to: 'approved', at: at(5) },
      { action: 'publish', from: 'approved', to: 'notice', at: new Date(now) },
    ];
    await trx.insertInto('selection_event').values(events.map((e) => ({ round_id: round.id, action: e.action, from_status: e.from, to_status: e.to, actor_name: e.action === 'approve' ? (street?.display_name ?? '街道') : '畅家巷社区书记（演示）', at: e.at }))).execute();
    for (const [i, c] of CANDIDATES.entries()) {
      await trx
        .insertInto('selection_candidate')
        .values({
          round_id: round.id,
          community_id: community.id,
          name: c.name,
          gender: c.gender,
          category: c.category,
          affiliation: c.affiliation,
          phone: c.phone,
          id_number: id(i + 1),
          proposed_role: c.role,
          channel: c.channel,
          recommender: c.recommender,
          status: 'on_notice',
          version: 4,
          created_at: at(15),
        })
        .execute();
    }
    return 1;
  });
}
