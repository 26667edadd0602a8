import type { RequestContext } from '../platform/auth/actor.js';
import type { Database } from '../platform/db/database.js';
import { allocateIn, donateIn, fundLines, spendOnLine } from '../modules/funds/service.js';
import { timeline } from '../modules/projects/engine.js';
import type { FundingSource, ProjectStatus } from '../modules/projects/tables.js';
import { beijingDay } from '../platform/time.js';

const CHANGJIAXIANG = '620102001001';
const DAY = 86_400_000;
const ctx: RequestContext = { actor: null, ip: 'demo' };

interface DemoProject {
  title: string;
  goal: string;
  beneficiaries: string;
  source: FundingSource;
  status: ProjectStatus;
  lines: [string, number][];
  progress?: number;
  spend?: [number, number, string][];
}

const PROJECTS: DemoProject[] = [
  {
    title: '"幸福食堂"老年助餐服务',
    goal: '为辖区 80 岁以上独居、高龄老人提供每日午餐配送和每周一次健康随访',
    beneficiaries: '畅家巷社区独居、高龄老人 62 人',
    source: 'purchase',
    status: 'executing',
    lines: [['餐费补贴', 4_800_000], ['送餐志愿者交通补贴', 600_000], ['健康随访耗材', 300_000]],
    progress: 40,
    spend: [[0, 1_560_000, '11月午餐配送 1,300 份'], [1, 120_000, '11月志愿者交通补贴']],
  },
  {
    title: '楼院议事厅微改造',
    goal: '将 2 号楼架空层改造为楼院议事厅，配齐桌椅和公示栏，供楼院议事、居民协商使用',
    beneficiaries: '畅家巷小区 1、2 号楼居民 236 户',
    source: 'work_fund',
    status: 'applied',
    lines: [['场地改造', 1_800_000], ['桌椅和公示栏', 650_000]],
  },
  {
    title: '青少年"四点半课堂"',
    goal: '放学后为双职工家庭的小学生提供作业辅导、阅读和安全教育',
    beneficiaries: '辖区小学生 40 名',
    source: 'donation',
    status: 'approved',
    lines: [['辅导老师课时费', 1_200_000], ['图书和文具', 300_000]],
  },
];

/**
 * 三社联动 demo for 畅家巷社区: a confirmed social organisation the `unit` account acts for,
 * a district allocation and a unit donation in the funds ledger, and three projects — one
 * running with spending, one waiting for the street's approval, one approved and open for claim.
 * Runs once: a community that already has projects is left alone.
 */
export async function loadDemoProjects(db: Database): Promise<number> {
  const [community, unitUser, communityUser] = await Promise.all([
    db.selectFrom('territory_node').select(['id', 'name']).where('code', '=', CHANGJIAXIANG).executeTakeFirst(),
    db.selectFrom('app_user').select('id').where('username', '=', 'unit').executeTakeFirst(),
    db.selectFrom('app_user').select('id').where('username', '=', 'community').executeTakeFirst(),
  ]);
  if (!community || (await db.selectFrom('project').select('id').where('community_id', '=', community.id).executeTakeFirst())) return 0;
  return db.transaction().execute(async (trx) => {
    const now = Date.now();
    const day = (daysAgo: number) => beijingDay(new Date(now - daysAgo * DAY));
    const unitId = await ensureUnit(trx, community.id, { name: '兰州市城关区阳光社会工作服务中心', kind: 'social_org', social_category: 'community_service', contact_name: '王晓燕', offer: '老年服务、青少年服务、社区社会工作' });
    const donor = await ensureUnit(trx, community.id, { name: '兰州城投物业畅家巷项目部', kind: 'property', social_category: null, contact_name: '马玉梅', offer: '场地、维修和活动资金' });
    if (unitUser) await trx.insertInto('unit_account').values({ unit_id: unitId, user_id: unitUser.id }).onConflict((oc) => oc.columns(['unit_id', 'user_id']).doNothing()).execute();
    await allocateIn(trx, ctx, community.id, { amount: 3_000_000, memo: '2026 年社工委工作经费（区委组织部拨付）', bookedOn: day(60) });
    await donateIn(trx, ctx, community.id, { amount: 1_500_000, memo: '物业企业捐赠"四点半课堂"经费', bookedOn: day(40), unitId: donor });
    for (const [i, d] of PROJECTS.entries()) {
      const created = new Date(now - (30 - i * 8) * DAY);
      const executing = d.status === 'executing';
      const p = await trx
        .insertInto('project')
        .values({
          community_id: community.id,
          title: d.title,
          goal: d.goal,
          beneficiaries: d.beneficiaries,
          funding_source: d.source,
          status: d.status,
          applied_by: communityUser?.id ?? null,
          decided_at: d.status === 'applied' ? null : new Date(created.getTime() + 3 * DAY),
          undertaker_kind: executing ? 'unit' : null,
          undertaker_unit_id: executing ? unitId : null,
          undertake_mode: executing ? 'assigned' : null,
          progress: d.progress ?? 0,
          created_at: created,
          updated_at: created,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const lines = await trx
        .insertInto('project_line')
        .values(d.lines.map(([name, amount], sort) => ({ project_id: p.id, name, requested_amount: amount, approved_amount: d.status === 'applied' ? null : amount, sort })))
        .returning(['id', 'name', 'requested_amount'])
        .execute();
      await timeline(trx, ctx, { projectId: p.id, action: 'apply', from: 'draft', to: 'applied', at: created });
      if (d.status === 'applied') continue;
      const ref = { id: p.id, communityId: community.id, title: d.title };
      await fundLines(trx, ctx, ref, lines.map((l) => ({ id: l.id, name: l.name, amount: l.requested_amount })), d.source === 'purchase' ? 'district_source' : 'pool');
      await timeline(trx, ctx, { projectId: p.id, action: 'approve', from: 'applied', to: 'approved', at: new Date(created.getTime() + 3 * DAY) });
      if (!executing) continue;
      await timeline(trx, ctx, { projectId: p.id, action: 'assign', from: 'approved', to: 'executing', note: '兰州市城关区阳光社会工作服务中心', at: new Date(created.getTime() + 5 * DAY) });
      await trx.insertInto('project_milestone').values({ project_id: p.id, title: '完成老人入户摸排和送餐路线规划', progress: d.progress!, reached_on: day(12) }).execute();
      for (const [line, amount, memo] of d.spend ?? []) await spendOnLine(trx, ctx, ref, lines[line]!, { amount, memo, bookedOn: day(5) });
      await trx.insertInto('project_supervision').values({ project_id: p.id, source: 'resident', phone: '13919300188', content: '送餐很准时，饭菜软烂适合老人' }).execute();
    }
    return PROJECTS.length;
  });
}

async function ensureUnit(trx: Database, communityId: number, u: { name: string; kind: 'social_org' | 'property'; social_category: 'community_service' | null; contact_name: string; offer: string }) {
  const found = await trx.selectFrom('unit').select('id').where('community_id', '=', communityId).where('name', '=', u.name).where('status', 'in', ['pending', 'confirmed']).executeTakeFirst();
  if (found) {
    await trx.updateTable('unit').set({ status: 'confirmed' }).where('id', '=', found.id).execute();
    return found.id;
  }
  return (await trx.insertInto('unit').values({ community_id: communityId, status: 'confirmed', ...u }).returning('id').executeTakeFirstOrThrow()).id;
}
