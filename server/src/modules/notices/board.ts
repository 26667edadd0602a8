import type { Database } from '../../platform/db/database.js';
import { notFound } from '../../platform/errors.js';
import { maskMobilesIn } from '../../platform/personal.js';
import { subjectOf } from './subjects.js';
import type { PublicNoticeRow } from './tables.js';

/** Past notices shown on the board; older ones stay in the console. */
const PAST_ON_BOARD = 30;
const RANK = { director: 0, deputy_director: 1, standing: 2, rotating: 3 } as const;

export const accepting = (n: Pick<PublicNoticeRow, 'objectable' | 'status' | 'ends_at' | 'starts_at'>, now = new Date()) =>
  n.objectable && n.status === 'open' && n.ends_at !== null && now < new Date(n.ends_at) && now >= n.starts_at;

/** The resident page a notice leads to, where its subject has one: a 协商结果 to its rating, a 项目结果 to the project. */
const RESIDENT_PAGES: Record<string, (id: number) => string> = {
  consultation: (id) => `/h5/consultation/${id}`,
  project: (id) => `/h5/projects/${id}`,
};
const residentPageOf = (n: Pick<PublicNoticeRow, 'subject_type' | 'subject_id'>) =>
  (n.subject_type !== null && n.subject_id !== null && RESIDENT_PAGES[n.subject_type]?.(n.subject_id)) || null;

function boardNotice(n: PublicNoticeRow) {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    startsAt: n.starts_at.toISOString(),
    endsAt: n.ends_at ? new Date(n.ends_at).toISOString() : null,
    status: n.status,
    objectable: n.objectable,
    acceptingObjections: accepting(n),
  };
}

async function community(db: Database, id: number) {
  const row = await db.selectFrom('territory_node').select(['id', 'name']).where('id', '=', id).where('level', '=', 'community').executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/**
 * 公示栏: a community's current notices, the recent past ones and the committee's serving
 * members by name and role — nothing personal. Two indexed reads, light enough for a
 * cheap phone over a slow line.
 */
export async function publicBoard(db: Database, communityId: number) {
  const c = await community(db, communityId);
  const [notices, committee] = await Promise.all([
    db
      .selectFrom('public_notice')
      .selectAll()
      .where('community_id', '=', c.id)
      .where('status', '<>', 'withdrawn')
      .where('starts_at', '<=', new Date())
      .orderBy('starts_at', 'desc')
      .orderBy('id', 'desc')
      .limit(PAST_ON_BOARD + 20)
      .execute(),
    db.selectFrom('committee').select(['id', 'name', 'formed_on']).where('community_id', '=', c.id).executeTakeFirst(),
  ]);
  const members = committee
    ? await db.selectFrom('committee_member').select(['name', 'role']).where('committee_id', '=', committee.id).where('status', 'in', ['serving', 'exiting']).orderBy('id').execute()
    : [];
  return {
    community: c,
    committee: committee ? { name: committee.name, formedOn: committee.formed_on, members: members.sort((a, b) => RANK[a.role] - RANK[b.role]) } : null,
    current: notices.filter((n) => n.status === 'open').map(boardNotice),
    past: notices.filter((n) => n.status === 'closed').slice(0, PAST_ON_BOARD).map(boardNotice),
  };
}

export async function publicNotice(db: Database, id: number) {
  const n = await db.selectFrom('public_notice').selectAll().where('id', '=', id).where('status', '<>', 'withdrawn').executeTakeFirst();
  if (!n || n.starts_at > new Date()) throw notFound();
  const c = await community(db, n.community_id);
  const subject = subjectOf(n);
  const items = accepting(n) && subject ? (await subject.items(db, n)).filter((i) => i.open).map(({ id: itemId, label }) => ({ id: itemId, label })) : [];
  return { ...boardNotice(n), communityId: c.id, communityName: c.name, body: maskMobilesIn(n.body), items, residentPage: residentPageOf(n) };
}
