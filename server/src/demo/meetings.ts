import type { Database } from '../platform/db/database.js';
import '../modules/meetings/tables.js';
import { nextOccurrence } from '../modules/meetings/cadence.js';
import { beijingAt, beijingDay } from '../platform/time.js';

const CHANGJIAXIANG = '620102001001';
const DAY = 86_400_000;
const day = (at: number) => beijingDay(new Date(at));

const TOPICS = [
  { title: '畅家巷3号院停车难问题', background: '3号院车位不足，夜间车辆占用消防通道，居民多次反映。', stakeholders: '3号院居民、物业公司、交警中队', suggestion: '施划临时车位，推行错时共享停车', category: '停车管理' },
  { title: '老旧小区加装电梯意向征集', background: '2号楼、5号楼老年住户较多，希望加装电梯。', stakeholders: '2号楼、5号楼全体住户', suggestion: '先行开展意向摸底，再组织议事协商', category: '加装电梯', escalate: 'big_party' as const },
  { title: '社区文化广场夜间噪音', background: '广场舞音响音量大，影响周边住户休息。', stakeholders: '广场舞队、周边住户', suggestion: '约定时段与音量，设立文明公约', category: '邻里纠纷' },
  { title: '背街小巷路灯维修', background: '畅家巷东段路灯损坏，夜间出行不便。', stakeholders: '沿街商户、居民', suggestion: '报请城管部门维修', fromCases: true },
];

/**
 * 议事 demo for 畅家巷社区: a topic pool (one from residents' cases, one flagged for the
 * 大党委 meeting), last month's 社工委例会 closed with minutes, votes and a task, next
 * week's meeting scheduled, and the every-first-Tuesday schedule. Runs once.
 */
export async function loadDemoMeetings(db: Database): Promise<number> {
  const community = await db.selectFrom('territory_node').select(['id', 'name']).where('code', '=', CHANGJIAXIANG).executeTakeFirst();
  if (!community) return 0;
  if (await db.selectFrom('meeting_topic').select('id').where('community_id', '=', community.id).limit(1).executeTakeFirst()) return 0;
  const staff = await db.selectFrom('app_user').select(['id', 'display_name']).where('username', '=', 'community').executeTakeFirst();
  const members = await db.selectFrom('committee_member').select(['id', 'name', 'user_id']).where('community_id', '=', community.id).where('status', 'in', ['serving', 'exiting']).orderBy('id').execute();
  if (!staff || members.length === 0) return 0;
  // The lighting topic comes from the residents' cases about broken lights.
  const cases = await db.selectFrom('case_record').select('id').where('community_id', '=', community.id).where('description', 'like', '%灯%').orderBy('id').limit(2).execute();
  const rule = await db.selectFrom('meeting_rule').selectAll().where('meeting_type', '=', 'committee_regular').executeTakeFirstOrThrow();
  const now = Date.now();
  const actor = { actor_id: staff.id, actor_name: staff.display_name };

  return db.transaction().execute(async (trx) => {
    const topics: number[] = [];
    for (const [i, tp] of TOPICS.entries()) {
      const status = i === 0 ? 'decided' : i === 3 ? 'scheduled' : 'pooled';
      const row = await trx
        .insertInto('meeting_topic')
        .values({ community_id: community.id, title: tp.title, background: tp.background, stakeholders: tp.stakeholders, suggestion: tp.suggestion, category: tp.category ?? null, source: tp.fromCases && cases.length ? 'cases' : 'proposal', escalate_to: tp.escalate ?? null, status, created_by: staff.id, created_at: new Date(now - (40 - i) * DAY) })
        .returning('id')
        .executeTakeFirstOrThrow();
      topics.push(row.id);
      if (tp.fromCases && cases.length) await trx.insertInto('meeting_topic_case').values(cases.map((c) => ({ topic_id: row.id, case_id: c.id }))).execute();
      await trx.insertInto('meeting_topic_event').values({ topic_id: row.id, action: 'create', to_status: 'pooled', ...actor, at: new Date(now - (40 - i) * DAY) }).execute();
    }
    const base = { community_id: community.id, meeting_type: 'committee_regular' as const, convener: members[0]!.name, quorum_num: rule.quorum_num, quorum_den: rule.quorum_den, pass_num: rule.pass_num, pass_den: rule.pass_den, created_by: staff.id };
    const held = new Date(now - 30 * DAY);
    const past = await trx
      .insertInto('meeting')
      .values({ ...base, title: `${day(held.getTime()).slice(0, 7).replace('-', '年')}月社工委例会`, starts_at: held, place: '畅家巷社区党群服务中心二楼会议室', status: 'closed', closed_at: new Date(held.getTime() + 2 * 3_600_000) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const present = Math.min(members.length, 10);
    const invitees = await trx
      .insertInto('meeting_invitee')
      .values(members.map((m, i) => ({ meeting_id: past.id, kind: 'member' as const, member_id: m.id, user_id: m.user_id, name: m.name, affiliation: null, voting: true, response: i < present ? ('attend' as const) : ('decline' as const), signed_in_at: i < present ? held : null, signed_in_via: i < present ? ('console' as const) : null })))
      .returning('id')
      .execute();
    await trx.insertInto('meeting_invitee').values({ meeting_id: past.id, kind: 'unit', member_id: null, user_id: null, name: '兰州城投物业畅家巷项目部', affiliation: '物业企业', voting: false, signed_in_at: held, signed_in_via: 'console' }).execute();
    const item = await trx
      .insertInto('meeting_agenda_item')
      .values({ meeting_id: past.id, topic_id: topics[0]!, position: 1, minutes: '与会委员听取了3号院停车情况汇报。物业公司表示可调整院内绿化带边角施划车位；交警中队建议夜间开放周边单位停车场错时共享。经讨论形成决议。' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const votesFor = present - 1;
    const res = await trx
      .insertInto('meeting_resolution')
      .values({ agenda_item_id: item.id, meeting_id: past.id, community_id: community.id, text: '由社区牵头，协调物业在3号院施划临时车位12个，并与驻区单位签订错时共享停车协议。', outcome: 'task', owner_user_id: staff.id, due_on: day(now + 10 * DAY), status: 'passed', votes_for: votesFor, votes_against: 0, votes_abstain: 1, present, decided_at: new Date(held.getTime() + 3_600_000) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('meeting_vote').values(invitees.slice(0, present).map((inv, i) => ({ resolution_id: res.id, invitee_id: inv.id, choice: i < votesFor ? ('for' as const) : ('abstain' as const), recorded_by: staff.id, recorded_name: staff.display_name, at: held }))).execute();
    await trx.insertInto('meeting_resolution_event').values([{ resolution_id: res.id, action: 'propose', to_status: 'voting', ...actor, at: held }, { resolution_id: res.id, action: 'pass', from_status: 'voting', to_status: 'passed', ...actor, at: held }]).execute();
    await trx.insertInto('meeting_task').values({ resolution_id: res.id, community_id: community.id, kind: 'task', title: TOPICS[0]!.title, owner_user_id: staff.id, due_on: day(now + 10 * DAY) }).execute();
    await trx.insertInto('meeting_event').values([{ meeting_id: past.id, action: 'create', to_status: 'scheduled', ...actor, at: new Date(held.getTime() - 5 * DAY) }, { meeting_id: past.id, action: 'open', from_status: 'scheduled', to_status: 'in_progress', ...actor, at: held }, { meeting_id: past.id, action: 'close', from_status: 'in_progress', to_status: 'closed', ...actor, at: held }]).execute();
    await trx.insertInto('meeting_topic_event').values({ topic_id: topics[0]!, action: 'schedule', from_status: 'pooled', to_status: 'scheduled', ...actor, at: new Date(held.getTime() - 5 * DAY) }).execute();
    await trx.insertInto('meeting_topic_event').values({ topic_id: topics[0]!, action: 'decide', from_status: 'scheduled', to_status: 'decided', ...actor, at: held }).execute();

    const nextOn = nextOccurrence(day(now + DAY), 1, 2);
    const next = await trx
      .insertInto('meeting')
      .values({ ...base, title: `${nextOn.slice(0, 4)}年${Number(nextOn.slice(5, 7))}月社工委例会`, starts_at: beijingAt(nextOn, '09:00'), place: '畅家巷社区党群服务中心二楼会议室', scheduled_by_rule: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('meeting_invitee').values(members.map((m) => ({ meeting_id: next.id, kind: 'member' as const, member_id: m.id, user_id: m.user_id, name: m.name, affiliation: null, voting: true }))).execute();
    await trx.insertInto('meeting_agenda_item').values({ meeting_id: next.id, topic_id: topics[3]!, position: 1 }).execute();
    await trx.insertInto('meeting_event').values([{ meeting_id: next.id, action: 'create', to_status: 'scheduled', ...actor }, { meeting_id: next.id, action: 'agenda_add', to_status: 'same', note: TOPICS[3]!.title, ...actor }]).execute();
    await trx.insertInto('meeting_topic_event').values({ topic_id: topics[3]!, action: 'schedule', from_status: 'pooled', to_status: 'scheduled', ...actor }).execute();
    await trx.insertInto('meeting_cadence').values({ community_id: community.id, last_meeting_on: day(held.getTime()), last_regular_on: day(held.getTime()), schedule_ordinal: 1, schedule_weekday: 2, schedule_time: '09:00', schedule_place: '畅家巷社区党群服务中心二楼会议室', scheduled_through: nextOn }).execute();
    return TOPICS.length + 2;
  });
}
