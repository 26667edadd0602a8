import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, fieldError, notFound } from '../../platform/errors.js';
import { visibleCommittee } from './access.js';
import './membership-tables.js';
import { M } from './messages.js';
import type { ZoneInput } from './schema.js';
import { IN_OFFICE } from './workflow.js';

/**
 * 委员分片负责联系 (C1, seed 002): members, and grid workers' accounts, answer for
 * grids, compounds and buildings of the community, or for co-building units by name.
 */
export async function zonesOf(db: Database, of: { memberId: number } | { committeeId: number }) {
  let q = db
    .selectFrom('committee_zone as z')
    .leftJoin('committee_member as m', 'm.id', 'z.member_id')
    .leftJoin('app_user as u', 'u.id', 'z.user_id')
    .leftJoin('territory_node as t', 't.id', 'z.territory_id')
    .select(['z.id', 'z.member_id', 'm.name as member_name', 'z.user_id', 'u.display_name as user_name', 'z.territory_id', 't.name as territory_name', 't.level as territory_level', 'z.unit_name', 'z.created_at']);
  q = 'memberId' in of ? q.where('z.member_id', '=', of.memberId) : q.where('z.committee_id', '=', of.committeeId);
  const rows = await q.orderBy('z.id').execute();
  return rows.map((r) => ({
    id: r.id,
    memberId: r.member_id,
    memberName: r.member_name,
    userId: r.user_id,
    userName: r.user_name,
    territoryId: r.territory_id,
    territoryName: r.territory_name,
    territoryLevel: r.territory_level,
    unitName: r.unit_name,
    createdAt: r.created_at.toISOString(),
  }));
}

export async function committeeZones(db: Database, actor: Actor, committeeId: number) {
  await visibleCommittee(db, actor, committeeId);
  return zonesOf(db, { committeeId });
}

const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';

export async function addZone(db: Database, ctx: RequestContext & { actor: Actor }, committeeId: number, input: ZoneInput) {
  const c = await visibleCommittee(db, ctx.actor, committeeId, 'committee:write');
  if ((input.memberId === undefined) === (input.userId === undefined)) throw fieldError('body.memberId', M['committee.zone_person']);
  if ((input.territoryId === undefined) === (input.unitName === undefined)) throw fieldError('body.territoryId', M['committee.zone_target']);
  let who = '';
  let member: { id: number; status: string } | undefined;
  if (input.memberId !== undefined) {
    const m = await db.selectFrom('committee_member').select(['id', 'name', 'status']).where('id', '=', input.memberId).where('committee_id', '=', committeeId).executeTakeFirst();
    if (!m || !IN_OFFICE.includes(m.status)) throw fieldError('body.memberId', M['committee.zone_person']);
    who = `委员 ${m.name}`;
    member = m;
  } else {
    const worker = await db
      .selectFrom('role_assignment as ra')
      .innerJoin('app_user as u', 'u.id', 'ra.user_id')
      .innerJoin('territory_node as t', 't.id', 'ra.territory_id')
      .select(['u.id', 'u.display_name'])
      .where('ra.user_id', '=', input.userId!)
      .where('ra.role', '=', 'grid_worker')
      .where('t.path', 'like', `${c.community_path}%`)
      .executeTakeFirst();
    if (!worker) throw fieldError('body.userId', M['committee.zone_person']);
    who = `网格员 ${worker.display_name}`;
  }
  let what = input.unitName?.trim() ?? '';
  if (input.territoryId !== undefined) {
    const node = await db.selectFrom('territory_node').select(['id', 'name', 'level', 'path']).where('id', '=', input.territoryId).executeTakeFirst();
    if (!node || !node.path.startsWith(c.community_path)) throw fieldError('body.territoryId', M['committee.zone_outside_community']);
    if (!['grid', 'compound', 'building'].includes(node.level)) throw fieldError('body.territoryId', M['committee.zone_level']);
    what = node.name;
  }
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('committee_zone')
        .values({
          committee_id: committeeId,
          community_id: c.community_id,
          member_id: input.memberId ?? null,
          user_id: input.userId ?? null,
          territory_id: input.territoryId ?? null,
          unit_name: input.unitName?.trim() ?? null,
          created_by: ctx.actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (member) {
        await trx
          .insertInto('committee_member_event')
          .values({ member_id: member.id, action: 'zone_add', from_status: member.status, to_status: member.status, actor_id: ctx.actor.userId, actor_name: ctx.actor.displayName, note: what, detail: JSON.stringify({ zoneId: row.id }) })
          .execute();
      }
      await audit(trx, ctx, { action: 'committee.zone_add', entityType: 'committee_zone', entityId: row.id, territoryId: c.community_id, summary: `${c.name}：${who} 联系 ${what}` });
      return (await zonesOf(trx, { committeeId })).find((z) => z.id === row.id)!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(M['committee.zone_exists']);
    throw err;
  }
}

export async function removeZone(db: Database, ctx: RequestContext & { actor: Actor }, zoneId: number) {
  const zone = await db.selectFrom('committee_zone').selectAll().where('id', '=', zoneId).executeTakeFirst();
  if (!zone) throw notFound();
  const c = await visibleCommittee(db, ctx.actor, zone.committee_id, 'committee:write');
  await db.transaction().execute(async (trx) => {
    const deleted = await trx.deleteFrom('committee_zone').where('id', '=', zoneId).executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1) throw notFound();
    if (zone.member_id !== null) {
      const m = await trx.selectFrom('committee_member').select('status').where('id', '=', zone.member_id).executeTakeFirstOrThrow();
      await trx
        .insertInto('committee_member_event')
        .values({ member_id: zone.member_id, action: 'zone_remove', from_status: m.status, to_status: m.status, actor_id: ctx.actor.userId, actor_name: ctx.actor.displayName, note: zone.unit_name, detail: JSON.stringify({ zoneId, territoryId: zone.territory_id }) })
        .execute();
    }
    await audit(trx, ctx, { action: 'committee.zone_remove', entityType: 'committee_zone', entityId: zoneId, territoryId: c.community_id, summary: `${c.name}：取消一项联系片区` });
  });
}
