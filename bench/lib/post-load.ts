import { sql, type Kysely } from 'kysely';
import { rebuildCaseRollups } from '../../server/src/modules/cases/service.js';
import { analyzeAll } from '../../server/src/platform/db/upkeep.js';
import type { DB } from '../../server/src/platform/db/schema.js';

/** What a post-load step knows about the load that just finished. */
export interface LoadContext {
  /** Ids of the generated cases: firstId..lastId. */
  firstId: number;
  lastId: number;
  log: (line: string) => void;
}

export interface PostLoadStep {
  name: string;
  run(db: Kysely<DB>, load: LoadContext): Promise<void>;
}

/** The state a case was in at an instant, read from its step timestamps. */
const stateAt = (c: string, at: string) => sql.raw(`CASE
  WHEN ${c}.rated_at <= ${at} THEN 'rated' WHEN ${c}.closed_at <= ${at} THEN 'closed' WHEN ${c}.replied_at <= ${at} THEN 'replied'
  WHEN ${c}.responded_at <= ${at} THEN 'handling' WHEN ${c}.dispatched_at <= ${at} THEN 'dispatched'
  WHEN ${c}.accepted_at <= ${at} THEN 'accepted' ELSE 'submitted' END`);

/**
 * A merged case points at an earlier case of its community and category from
 * the 30 days before it (the duplicate finder's window); one without such a
 * case was rejected as a repeat instead. Then both kinds of decision get their
 * timeline rows, and each surviving case its 合并入 row, as engine.ts writes them.
 */
const decisions: PostLoadStep = {
  name: 'merge targets and intake decisions',
  async run(db, { firstId, lastId }) {
    const range = sql`BETWEEN ${firstId}::bigint AND ${lastId}::bigint`;
    await sql`WITH pick AS (
        SELECT m.id, (SELECT t.id FROM case_record t
                      WHERE t.community_id = m.community_id AND t.category_code = m.category_code
                        AND t.status NOT IN ('rejected', 'merged') AND t.created_at < m.created_at
                        AND t.created_at >= m.created_at - interval '30 days'
                      ORDER BY t.created_at DESC LIMIT 1) AS target
        FROM case_record m WHERE m.id ${range} AND m.status = 'merged' AND m.merged_into_id IS NULL)
      UPDATE case_record c SET merged_into_id = pick.target FROM pick WHERE c.id = pick.id AND pick.target IS NOT NULL`.execute(db);
    await sql`UPDATE case_record SET status = 'rejected', reject_reason = '与已受理的诉求重复，已告知反映人'
      WHERE id ${range} AND status = 'merged' AND merged_into_id IS NULL`.execute(db);
    await sql`INSERT INTO case_event (case_id, action, from_status, to_status, actor_id, actor_name, note, detail, at)
      SELECT c.id, CASE c.status WHEN 'merged' THEN 'merge' ELSE 'reject' END, 'submitted', c.status, NULL, '社区工作人员',
        CASE WHEN c.status = 'rejected' THEN c.reject_reason END,
        CASE WHEN c.status = 'merged' THEN jsonb_build_object('targetId', t.id, 'targetTrackingNo', t.tracking_no) ELSE '{}'::jsonb END,
        c.updated_at
      FROM case_record c LEFT JOIN case_record t ON t.id = c.merged_into_id
      WHERE c.id ${range} AND c.status IN ('rejected', 'merged')
      ORDER BY c.id`.execute(db);
    await sql`INSERT INTO case_event (case_id, action, from_status, to_status, actor_id, actor_name, note, detail, at)
      SELECT t.id, 'merged_in', ${stateAt('t', 'm.updated_at')}, ${stateAt('t', 'm.updated_at')}, NULL, NULL,
        '合并了诉求 ' || m.tracking_no, jsonb_build_object('caseId', m.id), m.updated_at
      FROM case_record m JOIN case_record t ON t.id = m.merged_into_id
      WHERE m.id ${range} AND m.status = 'merged'
      ORDER BY m.id`.execute(db);
  },
};

/** The planner's statistics of every table, as autovacuum (or, embedded, the db.analyze job) keeps them. */
const analyze: PostLoadStep = {
  name: 'analyze',
  run: (db) => analyzeAll(db),
};

/** The statistics rollups the application's writes keep, recomputed from the loaded cases (npm run stats:rebuild). */
const rollups: PostLoadStep = {
  name: 'statistics rollups',
  async run(db, { log }) {
    const report = await rebuildCaseRollups(db);
    log(`rollups: ${JSON.stringify(report)}`);
  },
};

/**
 * Run in order after the cases are in and their indexes rebuilt; tables the
 * application's writes maintain (the statistics rollups) are rebuilt, then
 * every table is analysed.
 */
export const POST_LOAD_STEPS: PostLoadStep[] = [decisions, rollups, analyze];
