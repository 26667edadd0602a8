import { sql, type Insertable } from 'kysely';
import type { Database } from '../platform/db/database.js';
import type { DB } from '../platform/db/schema.js';
import { bigrams } from '../platform/search.js';
import { prng } from './generator.js';
import { addHours, limitsFor } from '../modules/cases/limits.js';
import { rebuildCaseRollups } from '../modules/cases/service.js';
import { beijingDay, beijingDayStart } from '../platform/time.js';

/**
 * Half a year of cases for the demo street (酒泉路街道), most of them in the
 * demo community (畅家巷社区), so the statistics page and the case queues have
 * something to show. They are history, so they are written as rows with their
 * timeline (the engine only ever acts "now") and the rollups are then
 * recomputed. Deterministic: the same draws on every load, relative to the
 * day of loading; loaded once (source 'demo').
 */
const STREET_CODE = '620102001000';
const DEMO_COMMUNITY_CODE = '620102001001';
const SOURCE = 'demo';
const DAYS = 180;
const HOUR = 3_600_000;

type Weighted<T> = [T, number][];
const CHANNELS: Weighted<string> = [['grid_report', 35], ['visit', 18], ['h5', 12], ['hotline_12345', 12], ['hotline', 10], ['resident_talk', 8], ['mailbox', 3], ['meeting', 2]];
const PROBLEMS: Weighted<[string, string[]]> = [
  [['property', ['楼道声控灯损坏，晚上出入看不清', '小区单元门门禁失灵', '物业未按时清运楼道杂物', '电梯频繁故障停运']], 25],
  [['environment', ['垃圾点清运不及时，气味难闻', '小区绿化带堆放建筑垃圾', '背街小巷路面污水外溢']], 20],
  [['water_heating', ['暖气不热，室温只有十四度', '楼栋停水一天未恢复', '供暖管道漏水渗到楼下']], 12],
  [['facilities', ['健身器材损坏存在安全隐患', '小区路灯不亮', '井盖松动，行人易绊倒']], 12],
  [['neighbour_dispute', ['楼上漏水与邻居协商不成', '邻居长期在楼道堆放物品', '装修噪音影响休息']], 10],
  [['vulnerable', ['独居老人需要助餐服务', '残疾居民申请无障碍改造', '低保家庭孩子上学困难']], 8],
  [['public_safety', ['电动车在楼道充电有火灾隐患', '小区监控损坏无人维修']], 6],
  [['legacy', ['老旧楼房房产证多年未办理', '小区无物业管理多年']], 4],
];
// How residents frame a report, so 240 cases of a few problems do not read as copies.
const OPENINGS = ['', '', '', '居民反映', '多户居民反映', '楼长反映', '邻居们反映'];
const CLOSINGS = ['', '', '，希望尽快处理', '，已经反映过一次', '，请社区帮忙协调', '，不少住户都有意见', '，盼早日解决'];
/** What the handler answers (办结答复), by category: the board shows it for published cases. */
const REPLIES: Record<string, string> = {
  property: '已督促物业公司完成维修，并回访居民确认',
  environment: '已安排保洁人员清运，并增加清运频次',
  water_heating: '已联系供水供热单位排查维修，现已恢复正常',
  facilities: '已报修更换，设施恢复正常使用',
  neighbour_dispute: '已组织双方调解，达成一致意见',
  vulnerable: '已上门走访，协调落实帮扶措施',
  public_safety: '已联合社区民警排查整改，隐患已消除',
  legacy: '已协调相关部门，制定分步解决方案并告知居民',
};
/** 公开反馈 on the community's board for what a compound shares; hardship and disputes are answered to the resident alone (个别反馈). */
const PUBLISHED = new Set(['water_heating', 'property', 'environment', 'facilities', 'public_safety']);
const NAMES = ['王阿姨', '李师傅', '张大爷', '刘女士', '陈先生', '赵奶奶', '杨先生', '马阿姨'];

function draw<T>(random: () => number, items: Weighted<T>): T {
  let r = random() * items.reduce((sum, [, w]) => sum + w, 0);
  for (const [item, w] of items) if ((r -= w) < 0) return item;
  return items.at(-1)![0];
}

interface Event {
  action: string;
  from: string | null;
  to: string;
  at: Date;
  note?: string;
  detail?: Record<string, unknown>;
}

/** Loads the demo cases unless they are there; returns how many were added. */
export async function loadDemoCases(db: Database): Promise<number> {
  const already = await db.selectFrom('case_record').select('id').where('source', '=', SOURCE).limit(1).executeTakeFirst();
  if (already) return 0;
  const street = await db.selectFrom('territory_node').select(['id', 'path']).where('code', '=', STREET_CODE).executeTakeFirst();
  if (!street) return 0;
  const communities = await db.selectFrom('territory_node').select(['id', 'code', 'path']).where('parent_id', '=', street.id).where('level', '=', 'community').orderBy('code').execute();
  const places = await db.selectFrom('territory_node').select(['id', 'path']).where('path', 'like', `${street.path}%`).where('level', 'in', ['grid', 'building']).orderBy('id').execute();
  const random = prng(20_261_201);
  // Its own sequence: the wording varies without moving any other draw (statuses, places, dates).
  const wording = prng(20_261_202);
  const phrase = (text: string) => {
    const opening = OPENINGS[Math.floor(wording() * OPENINGS.length)]!;
    return `${opening}${opening ? '，' : ''}${text}${CLOSINGS[Math.floor(wording() * CLOSINGS.length)]!}`;
  };
  const now = Date.now();
  // Beijing midnight of the loading day, as an instant.
  const today = beijingDayStart(beijingDay(new Date(now))).getTime();
  const handlers = await demoHandlers(db);
  let added = 0;
  await db.transaction().execute(async (trx) => {
    for (const community of communities) {
      const demo = community.code === DEMO_COMMUNITY_CODE;
      const count = demo ? 240 : 12;
      // Only the demo community's cases sit on its grids and buildings; elsewhere on the community itself.
      const inside = demo ? places.filter((p) => p.path.startsWith(community.path)) : [];
      for (let i = 0; i < count; i++) {
        const daysAgo = Math.floor(random() ** 1.3 * DAYS);
        const created = new Date(Math.min(now - HOUR, today - daysAgo * 24 * HOUR + (8 + random() * 12) * HOUR));
        const [category, texts] = draw(random, PROBLEMS);
        await insertCase(trx, random, handlers, { community, inside, created, now, category, description: phrase(texts[Math.floor(random() * texts.length)]!) });
        added++;
      }
    }
  });
  await rebuildCaseRollups(db);
  return added;
}

/** Which 城关区 department leads a joint or tough case of each category (the rest: 住建局). */
const LEAD_DEPARTMENT: Record<string, string> = { environment: 'cg-urban', public_safety: 'cg-urban', facilities: 'cg-urban', water_heating: 'cg-water' };

interface Handlers {
  departments: Map<string, number>;
  /** The demo grid worker and the grid they are bound to: routine cases there are theirs. */
  grid: { id: number; path: string } | undefined;
  /** The district account that supervises (督办) tough cases. */
  supervisor: number | undefined;
  /** The configured sign-for limit (报到时限) of each category and tier, keyed `category tier`. */
  signHours: Map<string, number>;
}

/** Whom the demo's dispatched cases went to, as loaded before the cases (demo/index.ts). */
async function demoHandlers(db: Database): Promise<Handlers> {
  const departments = await db.selectFrom('department').select(['id', 'code']).where('code', 'in', ['cg-housing', ...Object.values(LEAD_DEPARTMENT)]).execute();
  const grid = await db
    .selectFrom('app_user as u')
    .innerJoin('role_assignment as r', 'r.user_id', 'u.id')
    .innerJoin('territory_node as t', 't.id', 'r.territory_id')
    .select(['u.id', 't.path'])
    .where('u.username', '=', 'grid')
    .executeTakeFirst();
  const supervisor = await db.selectFrom('app_user').select('id').where('username', '=', 'district').executeTakeFirst();
  const signHours = new Map<string, number>();
  for (const [[category]] of PROBLEMS) {
    for (const tier of ['routine', 'joint', 'tough'] as const) signHours.set(`${category} ${tier}`, (await limitsFor(db, category, tier)).signHours);
  }
  return { departments: new Map(departments.map((d) => [d.code, d.id])), grid, supervisor: supervisor?.id, signHours };
}

type Assignment = Insertable<DB['case_assignment']>;
type Round = { tier: Assignment['tier']; active: boolean; at: Date; signedAt: Date | null };

/**
 * The assignments the dispatches left, as the engine writes them (cases/dispatch.ts): a
 * routine round to the grid worker of the place or to the community, a joint or tough one
 * to the category's department, a tough one under the district's supervising account. An
 * escalated case's first round is no longer active.
 */
function assignmentRows(h: Handlers, caseId: number, c: { community: { id: number }; category: string }, placePath: string, rounds: Round[]): Assignment[] {
  return rounds.flatMap((r): Assignment[] => {
    const sign = { tier: r.tier, active: r.active, assigned_at: r.at, sign_by: addHours(r.at, h.signHours.get(`${c.category} ${r.tier}`)!), signed_at: r.signedAt };
    if (r.tier === 'routine') {
      const grid = h.grid && placePath.startsWith(h.grid.path) ? h.grid : null;
      return [{ case_id: caseId, role: 'lead' as const, ...sign, ...(grid ? { user_id: grid.id, signed_by: r.signedAt ? grid.id : null } : { territory_id: c.community.id }) }];
    }
    const department = h.departments.get(LEAD_DEPARTMENT[c.category] ?? 'cg-housing');
    if (department === undefined) return [];
    const lead = { case_id: caseId, role: 'lead' as const, department_id: department, ...sign };
    return r.tier === 'tough' && h.supervisor !== undefined
      ? [lead, { case_id: caseId, role: 'supervise' as const, user_id: h.supervisor, ...sign, sign_by: null, signed_at: null }]
      : [lead];
  });
}

async function insertCase(
  trx: Database,
  random: () => number,
  handlers: Handlers,
  c: { community: { id: number }; inside: { id: number; path: string }[]; created: Date; now: number; category: string; description: string },
) {
  const at = (hours: number) => new Date(Math.min(c.created.getTime() + hours * HOUR, c.now - 60_000));
  const age = (c.now - c.created.getTime()) / HOUR;
  const events: Event[] = [{ action: 'submit', from: null, to: 'submitted', at: c.created }];
  const rounds: Round[] = [];
  const row: Record<string, unknown> = { status: 'submitted', tier: 'routine', overdue: false, escalation_count: 0 };
  const step = (action: string, to: string, hours: number, note?: string, detail?: Record<string, unknown>) => {
    const when = at(hours);
    events.push({ action, from: row.status as string, to, at: when, note, detail });
    row.status = to;
    return when;
  };
  const urgent = c.category === 'water_heating' && random() < 0.5;
  const respondHours = urgent || c.category === 'water_heating' ? 2 : 24;
  // Urgent and heating cases are taken up within the hour or so; the rest within a working day.
  const acceptAfter = respondHours === 2 ? 0.2 + random() : 0.5 + random() * 6;
  if (age > 2 && random() < 0.06) {
    row.reject_reason = '不属于社区受理范围，已告知居民向相关单位反映';
    step('reject', 'rejected', acceptAfter, row.reject_reason as string);
  } else if (age > acceptAfter) {
    row.tier = draw(random, [['routine', 82], ['joint', 14], ['tough', 4]]);
    row.accepted_at = step('accept', 'accepted', acceptAfter);
    row.respond_by = new Date(c.created.getTime() + respondHours * HOUR);
    const solveDays = row.tier === 'routine' ? 7 : 15;
    row.solve_by = new Date(c.created.getTime() + (acceptAfter + solveDays * 24) * HOUR);
    // Most handlers sign for a case well within their limit (报到时限); about one in eight is late.
    const signLimit = handlers.signHours.get(`${c.category} ${row.tier}`)!;
    const signAfter = acceptAfter + 0.3 + signLimit * (random() < 0.88 ? 0.1 + random() * 0.8 : 1 + random() * 3);
    if (age > signAfter) {
      row.dispatched_at = step('dispatch', 'dispatched', acceptAfter + 0.3);
      // The timeline flags a late 报到 as the engine does (cases/effects.ts).
      row.responded_at = step('sign', 'handling', signAfter, undefined, { late: signAfter - (acceptAfter + 0.3) > signLimit });
      rounds.push({ tier: row.tier as Round['tier'], active: true, at: row.dispatched_at as Date, signedAt: row.responded_at as Date });
      if (row.tier === 'routine' && random() < 0.1) {
        row.tier = 'joint';
        row.escalation_count = 1;
        step('escalate', 'accepted', signAfter + 24, '网格内无法解决，需部门协同');
        rounds[0]!.active = false;
        const at = step('dispatch', 'dispatched', signAfter + 26);
        rounds.push({ tier: 'joint', active: true, at, signedAt: step('sign', 'handling', signAfter + 30) });
      }
      // Most cases close within days; fewer than one in ten runs past its deadline. One whose
      // deadline passed in the last hours is still open, so the queue has live 超期 work (the
      // overdue job whistles only after a grace of 12 hours or more).
      const solveBy = (row.solve_by as Date).getTime();
      const justMissed = c.now > solveBy && c.now - solveBy < 10 * HOUR;
      const closeAfter = justMissed ? Infinity : signAfter + 12 + random() ** 3 * (row.tier === 'routine' ? 200 : 420);
      if (c.created.getTime() + closeAfter * HOUR > solveBy && c.now > solveBy) {
        events.push({ action: 'overdue', from: 'handling', to: 'handling', at: new Date(solveBy + 300_000) });
      }
      if (age > closeAfter + 6) {
        row.reply_text = REPLIES[c.category] ?? '已协调处理完毕，并电话告知居民';
        row.replied_at = step('reply', 'replied', closeAfter, row.reply_text as string);
        row.closed_at = step('verify_pass', 'closed', closeAfter + 2 + random() * 4, '现场核实已解决');
        row.feedback = PUBLISHED.has(c.category) ? 'public' : 'individual';
        if (age > closeAfter + 30 && random() < 0.75) {
          row.rating = draw(random, [['satisfied', 76], ['basically_satisfied', 16], ['dissatisfied', 8]]);
          row.rated_at = step('rate', 'rated', closeAfter + 24 + random() * 6);
        }
      } else if (c.now > solveBy) {
        row.overdue = true;
        row.overdue_at = new Date(solveBy + 300_000);
      }
    } else if (age > acceptAfter + 0.3) {
      // Dispatched, not yet signed for (待报到): the sign-for clock of the round is running.
      row.dispatched_at = step('dispatch', 'dispatched', acceptAfter + 0.3);
      rounds.push({ tier: row.tier as Round['tier'], active: true, at: row.dispatched_at as Date, signedAt: null });
    }
  }
  const { rows } = await sql<{ n: number }>`SELECT nextval('case_tracking_seq')::int8 AS n`.execute(trx);
  const beijing = beijingDay(c.created).replaceAll('-', '');
  const spot = c.inside.length > 0 && random() < 0.8 ? c.inside[Math.floor(random() * c.inside.length)]! : null;
  const place = spot?.id ?? c.community.id;
  const inserted = await trx
    .insertInto('case_record')
    .values({
      tracking_no: `GZ${beijing}-${String(rows[0]!.n).padStart(6, '0')}`,
      territory_id: place,
      community_id: c.community.id,
      channel: draw(random, CHANNELS) as never,
      category_code: c.category,
      description: c.description,
      desc_tokens: bigrams(c.description),
      reporter_name: NAMES[Math.floor(random() * NAMES.length)]!,
      urgent,
      source: SOURCE,
      created_at: c.created,
      updated_at: events.at(-1)!.at,
      ...(row as object),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  await trx
    .insertInto('case_event')
    .values(events.map((e) => ({ case_id: inserted.id, action: e.action, from_status: e.from as never, to_status: e.to as never, actor_name: e.action === 'overdue' ? '系统' : '演示数据', note: e.note ?? null, detail: JSON.stringify(e.detail ?? {}), at: e.at })))
    .execute();
  const assignments = assignmentRows(handlers, inserted.id, c, spot?.path ?? '', rounds);
  if (assignments.length > 0) await trx.insertInto('case_assignment').values(assignments).execute();
}
