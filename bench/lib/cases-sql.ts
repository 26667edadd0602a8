import { sql, type RawBuilder } from 'kysely';
import type { Prepared } from './prepare.js';

/**
 * The statements that write one chunk of generated cases, their timelines and
 * their assignments. Every random draw is a byte pair of md5(seed, case
 * number), so a case is the same whatever the chunk size, the database or the
 * plan; no random() and no sequence decides anything but the surrogate ids of
 * timeline and assignment rows.
 */

export interface Chunk {
  seed: string;
  /** 1-based case numbers of this chunk, within 1..total. */
  from: number;
  to: number;
  total: number;
  /** Case ids are idBase + case number; tracking serials serialBase + case number. */
  idBase: number;
  serialBase: number;
  /** Seconds since the epoch. */
  now: number;
}

const DRAWS = 24;
const draws = Array.from({ length: DRAWS }, (_, i) => `(get_byte(h, ${2 * i}) * 256 + get_byte(h, ${2 * i + 1}))::float8 / 65536 AS u${i}`).join(', ');

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '马', '孙', '朱', '胡', '郭', '何', '罗', '高', '林', '梁'];
const ADDRESSING = ['先生', '女士', '阿姨', '大爷', '师傅'];
const REJECT_REASONS = ['不属于社区受理范围，已告知居民向相关单位反映', '反映内容不具体，多次联系反映人未果', '属于司法程序处理事项，已引导居民依法解决'];
const REPLIES = ['已联系物业现场处理完毕，居民认可', '已协调相关部门维修，恢复正常', '网格员已上门核实并解决', '已向居民解释相关政策，居民表示理解', '已纳入小区改造计划，先行临时处置'];
const COMMENTS = ['处理很及时，谢谢社区', '基本解决了，希望长期保持', '办得太慢了'];

const textArray = (values: readonly string[]) => sql`${[...values]}::text[]`;
const intArray = (values: readonly number[]) => sql`${[...values]}::int[]`;
const pick = (list: RawBuilder<unknown>, u: string, length: number) => sql`(${list})[1 + floor(${sql.raw(u)} * ${length})::int]`;

/** The case rows: draws → attributes → lifecycle timestamps, each capped at now (later steps have not happened yet). */
export function insertCases(p: Prepared, c: Chunk) {
  const n = (u: string) => sql.raw(u);
  return sql`
INSERT INTO case_record (id, tracking_no, territory_id, community_id, channel, category_code, description, desc_tokens,
  reporter_name, reporter_phone, urgent, tier, status, source, reject_reason, reply_text, rating, rating_comment,
  respond_by, responded_at, solve_by, overdue, overdue_at, accepted_at, dispatched_at, replied_at, closed_at, rated_at,
  created_by, version, created_at, updated_at)
WITH r AS MATERIALIZED (
  SELECT g, ${n(draws)}
  FROM (SELECT g, decode(md5(${c.seed} || ':' || g) || md5(${c.seed} || ';' || g) || md5(${c.seed} || '!' || g), 'hex') AS h
        FROM generate_series(${c.from}::int, ${c.to}::int) AS g) s
), a AS MATERIALIZED (
  SELECT r.*, p.territory_id, p.community_id,
    ${pick(intArray(p.categorySlots), 'u1', 1000)} AS cat,
    ${pick(textArray(p.channelSlots), 'u2', 1000)} AS channel,
    ${pick(textArray(p.tierSlots), 'u3', 1000)} AS tier,
    u4 < 0.04 AS urgent,
    -- Spread evenly over the 365 Beijing days before today, mostly in office hours.
    floor((${c.now}::float8 + 28800) / 86400) * 86400 - 28800
      - (365 - floor((g - 1) * 365.0 / ${c.total}::int)) * 86400 + 25200 + (u5 + u6) / 2 * 50400 AS t_created
  FROM r JOIN bench_place p ON p.n = 1 + floor(r.u0 * ${p.placeCount}::int)::int8
), b AS MATERIALIZED (
  SELECT a.*, (${textArray(p.categories)})[cat] AS category_code,
    t.description, t.tokens, l.respond_hours, l.urgent_respond_hours, l.sign_hours, l.solve_days,
    CASE WHEN u8 < 0.03 THEN 'rejected' WHEN u8 < 0.05 THEN 'merged' END AS fate,
    t_created + 3600 * (0.2 + 30 * u9 * u9) AS t_decided
  FROM a
  JOIN bench_text t ON t.n = (${intArray(p.textStart)})[cat] + floor(u7 * (${intArray(p.textCount)})[cat])::int
  JOIN bench_limit l ON l.category_code = (${textArray(p.categories)})[cat] AND l.tier = a.tier
), s AS MATERIALIZED (
  SELECT b.*,
    t_decided + 3600 * (0.1 + 12 * u10 * u10) AS t_dispatched,
    t_decided + 3600 * (0.1 + 12 * u10 * u10) + 3600 * (0.2 + 1.5 * sign_hours * u11 * u11) AS t_signed
  FROM b
), t AS MATERIALIZED (
  SELECT s.*,
    -- A few replies come after the solving deadline (flagged overdue), never past the escalation grace.
    t_signed + 86400 * (0.1 + 1.1 * solve_days * u12 * u12) AS t_replied
  FROM s
), v AS MATERIALIZED (
  SELECT t.*,
    t_replied + 3600 * (0.5 + 72 * u13 * u13) AS t_closed,
    CASE WHEN u15 < 0.85 THEN t_replied + 3600 * (0.5 + 72 * u13 * u13) + 3600 * (2 + 118 * u14) END AS t_rated,
    t_decided + 86400 * solve_days AS t_solve_by
  FROM t
), w AS MATERIALIZED (
  SELECT v.*,
    CASE
      WHEN t_decided > ${c.now}::float8 THEN 'submitted'
      WHEN fate IS NOT NULL THEN fate
      WHEN t_dispatched > ${c.now}::float8 THEN 'accepted'
      WHEN t_signed > ${c.now}::float8 THEN 'dispatched'
      WHEN t_replied > ${c.now}::float8 THEN 'handling'
      WHEN t_closed > ${c.now}::float8 THEN 'replied'
      WHEN t_rated IS NULL OR t_rated > ${c.now}::float8 THEN 'closed'
      ELSE 'rated'
    END AS status
  FROM v
), x AS MATERIALIZED (
  SELECT w.*,
    array_position(ARRAY['submitted', 'accepted', 'dispatched', 'handling', 'replied', 'closed', 'rated'], status) AS stage,
    -- The sweep flags an open case 5 minutes (its period) after the deadline passes.
    CASE WHEN fate IS NULL AND t_solve_by + 300 < least(t_replied, ${c.now}::float8) THEN t_solve_by + 300 END AS t_overdue
  FROM w
)
SELECT
  ${c.idBase}::bigint + g,
  'GZ' || to_char(to_timestamp(t_created) AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad((${c.serialBase}::bigint + g)::text, greatest(6, length((${c.serialBase}::bigint + g)::text)), '0'),
  territory_id, community_id, channel, category_code, description, tokens,
  CASE WHEN channel = 'grid_report' AND u18 < 0.5 THEN NULL WHEN u18 < 0.9 OR channel IN ('h5', 'hotline_12345') THEN
    (${textArray(SURNAMES)})[1 + floor(u17 * ${SURNAMES.length})::int] || (${textArray(ADDRESSING)})[1 + floor(u18 * 1000)::int % ${ADDRESSING.length}] END,
  CASE WHEN channel IN ('h5', 'hotline_12345') OR u18 < 0.7 THEN
    '1' || (3 + floor(u19 * 7))::int || lpad((floor(u20 * 65536)::bigint * 15258 + floor(u19 * 1000)::bigint % 1000)::text, 9, '0') END,
  urgent, tier, status,
  CASE channel WHEN 'h5' THEN 'h5:' || '1' || (3 + floor(u19 * 7))::int || lpad((floor(u20 * 65536)::bigint * 15258 + floor(u19 * 1000)::bigint % 1000)::text, 9, '0')
    WHEN 'hotline_12345' THEN '12345'
    WHEN 'grid_report' THEN ${`user:${p.grid.id ?? p.staff.id ?? 0}`}
    ELSE ${`user:${p.staff.id ?? 0}`} END,
  CASE WHEN status = 'rejected' THEN (${textArray(REJECT_REASONS)})[1 + floor(u21 * ${REJECT_REASONS.length})::int] END,
  CASE WHEN stage >= 5 THEN (${textArray(REPLIES)})[1 + floor(u23 * ${REPLIES.length})::int] END,
  CASE WHEN stage = 7 THEN CASE WHEN u16 < 0.82 THEN 'satisfied' WHEN u16 < 0.95 THEN 'basically_satisfied' ELSE 'dissatisfied' END END,
  CASE WHEN stage = 7 AND u22 < 0.2 THEN (${textArray(COMMENTS)})[CASE WHEN u16 < 0.82 THEN 1 WHEN u16 < 0.95 THEN 2 ELSE 3 END] END,
  CASE WHEN stage >= 2 THEN to_timestamp(t_created + 3600 * CASE WHEN urgent THEN urgent_respond_hours ELSE respond_hours END) END,
  CASE WHEN stage >= 4 THEN to_timestamp(t_signed) END,
  CASE WHEN stage >= 2 THEN to_timestamp(t_solve_by) END,
  t_overdue IS NOT NULL AND stage BETWEEN 2 AND 5,
  to_timestamp(t_overdue),
  CASE WHEN stage >= 2 THEN to_timestamp(t_decided) END,
  CASE WHEN stage >= 3 THEN to_timestamp(t_dispatched) END,
  CASE WHEN stage >= 5 THEN to_timestamp(t_replied) END,
  CASE WHEN stage >= 6 THEN to_timestamp(t_closed) END,
  CASE WHEN stage >= 7 THEN to_timestamp(t_rated) END,
  CASE WHEN channel IN ('h5', 'hotline_12345') THEN NULL WHEN channel = 'grid_report' THEN ${p.grid.id ?? p.staff.id}::bigint ELSE ${p.staff.id}::bigint END,
  CASE WHEN fate IS NOT NULL AND status <> 'submitted' THEN 2 ELSE stage END,
  to_timestamp(t_created),
  to_timestamp(CASE WHEN fate IS NOT NULL AND status <> 'submitted' THEN t_decided WHEN stage = 1 THEN t_created
    WHEN stage = 2 THEN greatest(t_decided, coalesce(t_overdue, 0)) WHEN stage = 3 THEN greatest(t_dispatched, coalesce(t_overdue, 0))
    WHEN stage = 4 THEN greatest(t_signed, coalesce(t_overdue, 0)) WHEN stage = 5 THEN t_replied WHEN stage = 6 THEN t_closed ELSE t_rated END)
FROM x`;
}

const inChunk = (c: Chunk) => sql`c.id BETWEEN ${c.idBase + c.from}::bigint AND ${c.idBase + c.to}::bigint`;

/**
 * The timeline of each case up to its state, one row per step with the
 * detail the engine writes. Rejections and merges are written by the
 * post-load step that picks merge targets.
 */
export function insertEvents(p: Prepared, c: Chunk) {
  const staffId = sql`${p.staff.id}::bigint`;
  const holderId = sql`CASE WHEN c.tier = 'routine' THEN ${p.staff.id}::bigint END`;
  const holderName = sql`CASE WHEN c.tier = 'routine' THEN ${p.staff.name} ELSE '职能部门经办人' END`;
  return sql`
INSERT INTO case_event (case_id, action, from_status, to_status, actor_id, actor_name, note, detail, at)
SELECT c.id, e.action, e.from_status, e.to_status, e.actor_id, e.actor_name, e.note, e.detail, e.at
FROM case_record c
JOIN bench_limit l ON l.category_code = c.category_code AND l.tier = c.tier
CROSS JOIN LATERAL (VALUES
  (1, 'submit', NULL, 'submitted', c.created_by, CASE WHEN c.created_by IS NULL THEN NULL WHEN c.channel = 'grid_report' THEN ${p.grid.name} ELSE ${p.staff.name} END,
     NULL, jsonb_build_object('channel', c.channel), c.created_at),
  (2, 'accept', 'submitted', 'accepted', ${staffId}, ${p.staff.name}, NULL, jsonb_build_object('tier', c.tier, 'categoryCode', c.category_code, 'urgent', c.urgent), c.accepted_at),
  (3, 'dispatch', 'accepted', 'dispatched', ${staffId}, ${p.staff.name}, NULL, jsonb_build_object('tier', c.tier), c.dispatched_at),
  (4, 'sign', 'dispatched', 'handling', ${holderId}, ${holderName}, NULL, jsonb_build_object('late', c.responded_at > c.dispatched_at + make_interval(hours => l.sign_hours)), c.responded_at),
  (5, 'overdue', CASE WHEN c.responded_at < c.overdue_at THEN 'handling' WHEN c.dispatched_at < c.overdue_at THEN 'dispatched' ELSE 'accepted' END,
     CASE WHEN c.responded_at < c.overdue_at THEN 'handling' WHEN c.dispatched_at < c.overdue_at THEN 'dispatched' ELSE 'accepted' END,
     NULL::bigint, '系统', NULL, '{}'::jsonb, c.overdue_at),
  (6, 'reply', 'handling', 'replied', ${holderId}, ${holderName}, c.reply_text, '{}'::jsonb, c.replied_at),
  (7, 'verify_pass', 'replied', 'closed', ${staffId}, ${p.staff.name}, NULL, '{}'::jsonb, c.closed_at),
  (8, 'rate', 'closed', 'rated', ${staffId}, ${p.staff.name}, c.rating_comment, jsonb_build_object('rating', c.rating), c.rated_at)
) AS e(step, action, from_status, to_status, actor_id, actor_name, note, detail, at)
WHERE ${inChunk(c)} AND e.at IS NOT NULL
ORDER BY c.id, e.at, e.step`;
}

/**
 * Dispatch rounds: a routine case handed to its community, a joint case to
 * the district's lead department with an assisting one, a tough case also
 * under a supervising leader. The lead signed when the case was signed for.
 */
export function insertAssignments(p: Prepared, c: Chunk) {
  return sql`
INSERT INTO case_assignment (case_id, department_id, user_id, territory_id, role, tier, active, assigned_by, assigned_at, sign_by, signed_at, signed_by)
SELECT c.id, x.department_id, x.user_id, x.territory_id, x.role, c.tier, true, ${p.staff.id}::bigint, c.dispatched_at,
  CASE WHEN x.role = 'lead' THEN c.dispatched_at + make_interval(hours => l.sign_hours) END,
  CASE WHEN x.role = 'lead' THEN c.responded_at END,
  CASE WHEN x.role = 'lead' AND c.responded_at IS NOT NULL AND c.tier = 'routine' THEN ${p.staff.id}::bigint END
FROM case_record c
JOIN bench_place bp ON bp.territory_id = c.community_id
JOIN bench_dept d ON d.district_id = bp.district_id AND d.category_code = c.category_code
JOIN bench_limit l ON l.category_code = c.category_code AND l.tier = c.tier
CROSS JOIN LATERAL (VALUES
  (1, 'lead', NULL::bigint, NULL::bigint, c.community_id, c.tier = 'routine'),
  (2, 'lead', d.lead_id, NULL, NULL, c.tier <> 'routine'),
  (3, 'assist', d.assist_id, NULL, NULL, c.tier <> 'routine'),
  (4, 'supervise', NULL, d.supervisor_id, NULL, c.tier = 'tough' AND d.supervisor_id IS NOT NULL)
) AS x(step, role, department_id, user_id, territory_id, wanted)
WHERE ${inChunk(c)} AND c.dispatched_at IS NOT NULL AND x.wanted
ORDER BY c.id, x.step`;
}
