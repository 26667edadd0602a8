import type { Database } from '../platform/db/database.js';
import { publishNotice } from '../modules/notices/service.js';

const CHANGJIAXIANG = '620102001001';
const DAY = 86_400_000;

type Step = [action: string, from: string | null, to: string, daysAgo: number, note?: string];

/**
 * 议事协商 demo for 畅家巷社区: an elevator item through all six steps with its result on the
 * board and rated, a parking item still collecting opinions (open on the H5 page), a pocket-park
 * item waiting for the party organisation, and three mediations (agreed and closed, being
 * mediated, failed). Runs once: a community with any consultation is left alone.
 */
export async function loadDemoConsultations(db: Database): Promise<number> {
  const community = await db.selectFrom('territory_node').select(['id', 'name', 'path']).where('code', '=', CHANGJIAXIANG).executeTakeFirst();
  if (!community) return 0;
  if (await db.selectFrom('consultation').select('id').where('community_id', '=', community.id).executeTakeFirst()) return 0;
  const staff = await db.selectFrom('app_user').select(['id', 'display_name']).where('username', '=', 'community').executeTakeFirst();
  const buildings = await db.selectFrom('territory_node').select(['id', 'name']).where('path', 'like', `${community.path}%`).where('level', '=', 'building').orderBy('path').limit(3).execute();
  if (buildings.length === 0) return 0;
  const [b1, b2 = b1!, b3 = b1!] = buildings;
  const now = Date.now();
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY);
  const day = (daysAgo: number) => at(daysAgo).toISOString().slice(0, 10);
  const actor = { actor_id: staff?.id ?? null, actor_name: staff?.display_name ?? '系统' };

  return db.transaction().execute(async (trx) => {
    const item = async (v: { title: string; subject: string; category: string; level: 'resident' | 'multi'; status: 'collecting' | 'reviewing' | 'concluded'; collectUntil: Date; proposal?: string; result?: string; places: number[]; steps: Step[]; createdDaysAgo: number }) => {
      const row = await trx
        .insertInto('consultation')
        .values({ community_id: community.id, title: v.title, subject: v.subject, category: v.category, level: v.level, status: v.status, collect_until: v.collectUntil, proposal: v.proposal ?? null, result: v.result ?? null, created_by: staff?.id ?? null, created_at: at(v.createdDaysAgo), updated_at: at(0), version: v.steps.length })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('consultation_place').values([...new Set(v.places)].map((p) => ({ consultation_id: row.id, territory_id: p }))).execute();
      await trx.insertInto('consultation_event').values(v.steps.map(([action, from, to, d, note]) => ({ consultation_id: row.id, action, from_status: from, to_status: to, note: note ?? null, at: at(d), ...actor }))).execute();
      return row.id;
    };
    const opinions = (id: number, place: number, list: [string, 'support' | 'oppose' | 'suggest', string, number][]) =>
      trx.insertInto('consultation_opinion').values(list.map(([phone, stance, content, d]) => ({ consultation_id: id, territory_id: place, phone, stance, content, room: `${(Number(phone.slice(-1)) % 6) + 1}0${(Number(phone.slice(-2, -1)) % 2) + 1}`, created_at: at(d) }))).execute();

    const elevator = await item({
      title: `${b1!.name}加装电梯`,
      subject: `${b1!.name}共 18 户，12 户居民联名申请加装电梯，需协商费用分摊、低层住户补偿和施工期间出行安排。`,
      category: '加装电梯',
      level: 'resident',
      status: 'concluded',
      collectUntil: at(40),
      proposal: '按楼层系数分摊建设费用（一层不出资，二层 0.6，三层 1.0，依次递增），一层住户每户补偿 3000 元；委托有资质的厂家施工，工期 45 天。',
      result: '电梯已于本月安装完成并通过特种设备检验，12 户出资、2 户一层住户领取补偿，施工期间未发生安全事故。',
      places: [b1!.id],
      createdDaysAgo: 50,
      steps: [
        ['create', null, 'collecting', 50],
        ['close_collection', 'collecting', 'proposing', 40, '共收集意见 4 条'],
        ['propose', 'proposing', 'reviewing', 38],
        ['approve', 'reviewing', 'consulting', 36, '同意提交议事协商会'],
        ['consult', 'consulting', 'acting', 33, '赞成 14，反对 1，弃权 1'],
        ['task_add', 'acting', 'acting', 33, '签订施工合同（马玉梅）'],
        ['task_done', 'acting', 'acting', 25, '签订施工合同'],
        ['conclude', 'acting', 'concluded', 2],
      ],
    });
    await opinions(elevator, b1!.id, [
      ['13919310101', 'support', '我家住六楼，老人上下楼太难了，非常支持加装电梯。', 48],
      ['13919310102', 'support', '支持，建议费用按楼层分摊，公开透明。', 47],
      ['13919310103', 'oppose', '我住一楼，担心采光和噪音，希望有补偿。', 46],
      ['13919310104', 'suggest', '施工期间请安排好单元门出入，注意安全。', 44],
    ]);
    await trx
      .insertInto('consultation_session')
      .values({
        consultation_id: elevator,
        held_on: day(33),
        place: '畅家巷社区居民议事厅',
        participants: JSON.stringify([
          { name: '畅家巷社区书记', kind: 'staff' },
          { name: '马玉梅', kind: 'member', affiliation: '兰州城投物业畅家巷项目部' },
          { name: '一楼住户代表', kind: 'stakeholder' },
          { name: '电梯施工单位', kind: 'unit' },
        ]),
        outcome: '同意按方案加装电梯，费用按楼层系数分摊，一层住户给予补偿。',
        votes_for: 14,
        votes_against: 1,
        votes_abstain: 1,
        meeting_ref: null,
        recorded_by: staff?.id ?? null,
      })
      .execute();
    await trx.insertInto('consultation_task').values({ consultation_id: elevator, title: '签订施工合同并组织施工', owner_name: '马玉梅', due_on: day(20), status: 'done', done_note: '已竣工验收', done_at: at(25) }).execute();
    const notice = await publishNotice(trx, {
      communityId: community.id,
      kind: 'consultation',
      title: `议事协商结果公开：${b1!.name}加装电梯`,
      body: '协商形式：居民协商\n\n协商结果：电梯已安装完成并通过特种设备检验。欢迎居民通过手机对协商结果进行评价。',
      subject: { type: 'consultation', id: elevator },
      publishedBy: staff?.id ?? null,
      startsAt: at(2),
    });
    await trx.updateTable('consultation').set({ notice_id: notice.id, concluded_at: at(2) }).where('id', '=', elevator).execute();
    await trx.insertInto('consultation_rating').values([
      { consultation_id: elevator, phone: '13919310101', stars: 5, comment: '终于不用爬楼了，感谢社区！' },
      { consultation_id: elevator, phone: '13919310103', stars: 4, comment: '补偿到位' },
    ]).execute();

    const parking = await item({
      title: '畅家巷小区停车位划分及错峰停车',
      subject: '小区车位紧张，拟重新划线增加车位，并与驻区单位协商夜间错峰停车。',
      category: '停车管理',
      level: 'multi',
      status: 'collecting',
      collectUntil: new Date(now + 5 * DAY),
      places: [b1!.id, b2!.id, b3!.id],
      createdDaysAgo: 3,
      steps: [['create', null, 'collecting', 3]],
    });
    await opinions(parking, b2!.id, [['13919310201', 'support', '支持错峰停车，晚上经常找不到车位。', 2]]);

    await item({
      title: '楼院闲置空地改造为口袋公园',
      subject: '楼院东侧闲置空地杂物堆放，拟改造为口袋公园，增设座椅和健身器材。',
      category: '公共空间改造',
      level: 'resident',
      status: 'reviewing',
      collectUntil: at(6),
      proposal: '清理杂物，铺设透水砖，设置 4 组座椅和 6 件健身器材，由共建单位出资 5 万元。',
      places: [b3!.id],
      createdDaysAgo: 15,
      steps: [
        ['create', null, 'collecting', 15],
        ['close_collection', 'collecting', 'proposing', 6, '共收集意见 0 条'],
        ['propose', 'proposing', 'reviewing', 1],
      ],
    });

    const mediation = async (v: { title: string; description: string; type: string; status: 'closed' | 'mediating' | 'failed'; agreement?: string; failure?: string; parties: [string, string, 'applicant' | 'respondent', boolean][]; steps: Step[] }) => {
      const row = await trx
        .insertInto('mediation_case')
        .values({ community_id: community.id, title: v.title, description: v.description, dispute_type: v.type, status: v.status, mediators: JSON.stringify([{ name: '张秀兰', userId: null }, { name: staff?.display_name ?? '社区', userId: staff?.id ?? null }]), agreement: v.agreement ?? null, failure_reason: v.failure ?? null, case_id: null, created_by: staff?.id ?? null, closed_at: v.status === 'mediating' ? null : at(1), created_at: at(v.steps[0]![3]), version: v.steps.length })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('mediation_party').values(v.parties.map(([name, phone, role, signed]) => ({ mediation_id: row.id, name, phone, role, signed_at: signed ? at(5) : null, sign_method: signed ? ('on_site' as const) : null, signed_recorded_by: signed ? (staff?.id ?? null) : null }))).execute();
      await trx.insertInto('mediation_session').values({ mediation_id: row.id, held_on: day(6), notes: '双方到社区调解室，说明情况，调解员释法说理。', recorded_by: staff?.id ?? null }).execute();
      await trx.insertInto('mediation_event').values(v.steps.map(([action, from, to, d, note]) => ({ mediation_id: row.id, action, from_status: from, to_status: to, note: note ?? null, at: at(d), ...actor }))).execute();
      return row.id;
    };
    const leak = await mediation({
      title: '楼上卫生间漏水纠纷',
      description: '502 室卫生间防水层老化漏水，殃及 402 室天花板，双方就维修费用发生争执。',
      type: '邻里纠纷',
      status: 'closed',
      agreement: '502 室住户承担防水维修及 402 室天花板修复费用共 1800 元，一周内完成维修。',
      parties: [['刘芳', '13919320401', 'applicant', true], ['陈刚', '13919320501', 'respondent', true]],
      steps: [['register', null, 'registered', 12], ['start', 'registered', 'mediating', 11], ['session', 'mediating', 'mediating', 6], ['sign', 'mediating', 'mediating', 5], ['sign', 'mediating', 'mediating', 5], ['agree', 'mediating', 'agreed', 5], ['follow_up', 'agreed', 'followed_up', 2, '已修复，双方满意'], ['close', 'followed_up', 'closed', 1]],
    });
    await trx.insertInto('mediation_followup').values({ mediation_id: leak, visited_on: day(2), notes: '回访两户，漏水已修复，双方关系缓和。', fulfilled: true, recorded_by: staff?.id ?? null }).execute();
    await mediation({
      title: '广场舞音响噪音扰民',
      description: '小区广场每晚广场舞音响音量过大，临近楼栋居民多次投诉。',
      type: '噪音扰民',
      status: 'mediating',
      parties: [['王桂兰', '13919320601', 'applicant', false], ['广场舞队负责人赵红', '13919320602', 'respondent', false]],
      steps: [['register', null, 'registered', 8], ['start', 'registered', 'mediating', 7], ['session', 'mediating', 'mediating', 6]],
    });
    await mediation({
      title: '车位占用纠纷',
      description: '业主长期占用他人购买的车位，多次沟通无果。',
      type: '物业纠纷',
      status: 'failed',
      failure: '被申请人拒不接受调解，已引导申请人通过诉讼途径解决。',
      parties: [['孙磊', '13919320701', 'applicant', false], ['周强', '13919320702', 'respondent', false]],
      steps: [['register', null, 'registered', 20], ['start', 'registered', 'mediating', 19], ['session', 'mediating', 'mediating', 6], ['fail', 'mediating', 'failed', 4], ['close', 'failed', 'closed', 1]],
    });
    return 1;
  });
}
