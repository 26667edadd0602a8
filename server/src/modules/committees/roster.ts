import type { Static } from 'typebox';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import { readXlsx, toXlsx, type SheetRow } from '../../platform/excel.js';
import { isValidChineseId, isValidMobile } from '../../platform/identity.js';
import { maskIdNumber, maskPhone } from '../../platform/personal.js';
import { pathInScope, scopeFor, territoryCondition } from '../../platform/scope.js';
import { YEAR_PATTERN } from '../../platform/schema.js';
import { isCalendarDay } from '../../platform/time.js';
import './membership-tables.js';
import { M } from './messages.js';
import type { ExportQuery } from './schema.js';
import { ensureCommittee } from './service.js';
import { refreshCommitteeStats } from './stats.js';
import { MEMBER_CATEGORIES, MEMBER_ROLES, type MemberCategory, type MemberRole } from './tables.js';
import { CATEGORY_LABELS, IN_OFFICE, ROLE_LABELS, STATE_LABELS } from './workflow.js';

/** The roster template (docs/committees.md): the same columns the export writes. */
export const COLUMNS = {
  code: '社区编码',
  name: '姓名',
  gender: '性别',
  phone: '手机号',
  idNumber: '身份证号',
  category: '委员类别',
  role: '职务',
  affiliation: '工作单位及职务',
  partyMember: '是否党员',
  secretary: '是否社区党组织书记',
  termStart: '任期开始',
  termEnd: '任期结束',
} as const;
const REQUIRED = [COLUMNS.code, COLUMNS.name, COLUMNS.category, COLUMNS.role, COLUMNS.termStart];
export const MAX_ROWS = 5000;

/** Category words as people write them: with or without the quotation marks of 社区"两委"成员. */
const plain = (s: string) => s.replace(/["“”'‘’\s]/g, '');
const CATEGORY_BY_LABEL = new Map<string, MemberCategory>(MEMBER_CATEGORIES.map((c) => [plain(CATEGORY_LABELS[c]), c]));
const ROLE_BY_LABEL = new Map<string, MemberRole>(MEMBER_ROLES.map((r) => [ROLE_LABELS[r], r]));
ROLE_BY_LABEL.set('委员', 'standing');
const YES = new Map([['是', true], ['否', false], ['', false]]);
const GENDER = new Map([['男', 'male'], ['女', 'female']] as const);

const cell = (row: SheetRow, column: string) => (row.values[column] ?? '').trim();
const IN_YEARS = new RegExp(YEAR_PATTERN);
/** A date cell arrives as 2026-01-01 typed, or as an Excel date (ISO text from readXlsx); years as the API takes them. */
function dateCell(text: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(T.*)?$/.exec(text);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isCalendarDay(iso) && IN_YEARS.test(iso) ? iso : null;
}

interface Parsed {
  rowNumber: number;
  communityId: number;
  name: string;
  gender: 'male' | 'female' | null;
  phone: string | null;
  idNumber: string | null;
  category: MemberCategory;
  role: MemberRole;
  affiliation: string | null;
  partyMember: boolean;
  secretary: boolean;
  termStart: string;
  termEnd: string | null;
}

/**
 * Imports an existing roster (source 'import'). Every row is checked before
 * anything is written; each problem names its row and column, and one bad row
 * means nothing is imported.
 */
export async function importRoster(db: Database, ctx: RequestContext & { actor: Actor }, buffer: Buffer) {
  const sheet = await readXlsx(buffer, REQUIRED);
  if (sheet.length > MAX_ROWS) throw new AppError(400, M['committee.import_too_many'], { limit: MAX_ROWS });
  const scope = scopeFor(ctx.actor, 'committee:write');
  const codes = [...new Set(sheet.map((r) => cell(r, COLUMNS.code)).filter((c) => /^[0-9]{12}$/.test(c)))];
  const communities = new Map(
    (codes.length === 0 ? [] : await db.selectFrom('territory_node').select(['id', 'code', 'name', 'path']).where('level', '=', 'community').where('code', 'in', codes).execute())
      .filter((c) => pathInScope(scope, c.path))
      .map((c) => [c.code!, c]),
  );
  const problems: FieldProblem[] = [];
  const problem = (row: SheetRow, column: string, key: string, params?: Record<string, string | number>) => problems.push({ field: `row ${row.rowNumber}.${column}`, key, params });
  const parsed: Parsed[] = [];
  const seenIds = new Map<string, number>();
  for (const row of sheet) {
    const community = communities.get(cell(row, COLUMNS.code));
    if (!cell(row, COLUMNS.code)) problem(row, COLUMNS.code, 'field.required');
    else if (!community) problem(row, COLUMNS.code, M['committee.import_unknown_community']);
    const name = cell(row, COLUMNS.name);
    if (!name) problem(row, COLUMNS.name, 'field.required');
    else if ([...name].length > 50) problem(row, COLUMNS.name, 'field.max_length', { limit: 50 });
    const genderText = cell(row, COLUMNS.gender);
    const gender = genderText ? GENDER.get(genderText as '男') : null;
    if (gender === undefined) problem(row, COLUMNS.gender, M['committee.import_unknown_value'], { allowed: '男、女' });
    const phone = cell(row, COLUMNS.phone) || null;
    if (phone !== null && !isValidMobile(phone)) problem(row, COLUMNS.phone, M['committee.invalid_phone']);
    const idNumber = cell(row, COLUMNS.idNumber).toUpperCase() || null;
    if (idNumber !== null && !isValidChineseId(idNumber)) problem(row, COLUMNS.idNumber, M['committee.invalid_id_number']);
    if (idNumber !== null && community) {
      const k = `${community.id}:${idNumber}`;
      if (seenIds.has(k)) problem(row, COLUMNS.idNumber, M['committee.import_duplicate_row'], { row: seenIds.get(k)! });
      else seenIds.set(k, row.rowNumber);
    }
    const category = CATEGORY_BY_LABEL.get(plain(cell(row, COLUMNS.category)));
    if (!category) problem(row, COLUMNS.category, M['committee.import_unknown_value'], { allowed: MEMBER_CATEGORIES.map((c) => CATEGORY_LABELS[c]).join('、') });
    const role = ROLE_BY_LABEL.get(cell(row, COLUMNS.role));
    if (!role) problem(row, COLUMNS.role, M['committee.import_unknown_value'], { allowed: MEMBER_ROLES.map((r) => ROLE_LABELS[r]).join('、') });
    const flags = [COLUMNS.partyMember, COLUMNS.secretary].map((column) => {
      const v = YES.get(cell(row, column));
      if (v === undefined) problem(row, column, M['committee.import_unknown_value'], { allowed: '是、否' });
      return v ?? false;
    });
    const termStart = dateCell(cell(row, COLUMNS.termStart));
    if (!termStart) problem(row, COLUMNS.termStart, cell(row, COLUMNS.termStart) ? M['committee.import_date'] : 'field.required');
    const endText = cell(row, COLUMNS.termEnd);
    const termEnd = endText ? dateCell(endText) : null;
    if (endText && !termEnd) problem(row, COLUMNS.termEnd, M['committee.import_date']);
    else if (termEnd && termStart && termEnd < termStart) problem(row, COLUMNS.termEnd, M['committee.term_end_before_start']);
    const affiliation = cell(row, COLUMNS.affiliation) || null;
    if (affiliation && [...affiliation].length > 100) problem(row, COLUMNS.affiliation, 'field.max_length', { limit: 100 });
    if (community && name && gender !== undefined && category && role && termStart) {
      parsed.push({ rowNumber: row.rowNumber, communityId: community.id, name, gender, phone, idNumber, category, role, affiliation, partyMember: flags[0]!, secretary: flags[1]!, termStart, termEnd });
    }
  }
  if (problems.length > 0) throw invalid(problems);

  return db.transaction().execute(async (trx) => {
    const committees = new Map<number, number>();
    for (const communityId of new Set(parsed.map((p) => p.communityId))) committees.set(communityId, (await ensureCommittee(trx, communityId)).id);
    const withId = parsed.filter((p) => p.idNumber !== null);
    if (withId.length > 0) {
      const serving = await trx
        .selectFrom('committee_member')
        .select(['committee_id', 'id_number'])
        .where('committee_id', 'in', [...committees.values()])
        .where('id_number', 'in', withId.map((p) => p.idNumber!))
        .where('status', 'in', IN_OFFICE)
        .execute();
      for (const p of withId) {
        if (serving.some((s) => s.committee_id === committees.get(p.communityId) && s.id_number === p.idNumber)) {
          problems.push({ field: `row ${p.rowNumber}.${COLUMNS.idNumber}`, key: M['committee.duplicate_id_number'] });
        }
      }
      if (problems.length > 0) throw invalid(problems);
    }
    const inserted = await trx
      .insertInto('committee_member')
      .values(
        parsed.map((p) => ({
          committee_id: committees.get(p.communityId)!,
          community_id: p.communityId,
          name: p.name,
          gender: p.gender,
          phone: p.phone,
          id_number: p.idNumber,
          category: p.category,
          role: p.role,
          affiliation: p.affiliation,
          is_party_secretary: p.secretary,
          party_member: p.partyMember,
          term_start: p.termStart,
          term_end: p.termEnd,
          source: 'import' as const,
        })),
      )
      .returning(['id', 'committee_id'])
      .execute();
    await trx
      .insertInto('committee_member_event')
      .values(inserted.map((m) => ({ member_id: m.id, action: 'import', from_status: null, to_status: 'serving', actor_id: ctx.actor.userId, actor_name: ctx.actor.displayName, note: '由 Excel 名册导入' })))
      .execute();
    for (const [communityId, committeeId] of committees) {
      await trx.updateTable('committee').set({ status: 'active', updated_at: new Date() }).where('id', '=', committeeId).where('status', '=', 'forming').execute();
      const earliest = parsed.filter((p) => p.communityId === communityId).map((p) => p.termStart).sort()[0]!;
      await trx.updateTable('committee').set({ formed_on: earliest }).where('id', '=', committeeId).where('formed_on', 'is', null).execute();
      await refreshCommitteeStats(trx, committeeId);
      const n = inserted.filter((m) => m.committee_id === committeeId).length;
      await audit(trx, ctx, { action: 'committee.import', entityType: 'committee', entityId: committeeId, territoryId: communityId, summary: `Excel 导入社工委委员名册 ${n} 人` });
    }
    return { imported: inserted.length, committees: committees.size };
  });
}

const invalid = (problems: FieldProblem[]) => new AppError(400, M['committee.import_invalid'], { count: problems.length }, problems);

export async function rosterTemplate(): Promise<Buffer> {
  return toXlsx('社工委委员名册', Object.values(COLUMNS).map((header) => ({ header, value: () => '' })), []);
}

/** The roster in my scope as Excel; phone and ID masked as on screen. */
export async function exportRoster(db: Database, actor: Actor, q: Static<typeof ExportQuery>) {
  let query = db
    .selectFrom('committee_member as m')
    .innerJoin('territory_node as t', 't.id', 'm.community_id')
    .selectAll('m')
    .select(['t.code as community_code', 't.name as community_name'])
    .where((eb) => territoryCondition(eb as never, 'm.community_id' as never, scopeFor(actor, 'committee:read')));
  if (q.committeeId) query = query.where('m.committee_id', '=', q.committeeId);
  if (q.territoryId) {
    const node = await db.selectFrom('territory_node').select('path').where('id', '=', q.territoryId).executeTakeFirst();
    query = query.where('t.path', 'like', `${node?.path ?? '/none/'}%`);
  }
  if (q.inOffice !== false) query = query.where('m.status', 'in', IN_OFFICE);
  const rows = await query.orderBy('t.path').orderBy('m.id').limit(50_000).execute();
  type R = (typeof rows)[number];
  const yes = (b: boolean) => (b ? '是' : '否');
  return toXlsx<R>(
    '社工委委员名册',
    [
      { header: COLUMNS.code, width: 16, value: (r) => r.community_code },
      { header: '社区', width: 18, value: (r) => r.community_name },
      { header: COLUMNS.name, value: (r) => r.name },
      { header: COLUMNS.gender, value: (r) => (r.gender === 'male' ? '男' : r.gender === 'female' ? '女' : '') },
      { header: COLUMNS.phone, width: 16, value: (r) => maskPhone(r.phone) },
      { header: COLUMNS.idNumber, width: 22, value: (r) => maskIdNumber(r.id_number) },
      { header: COLUMNS.category, width: 20, value: (r) => CATEGORY_LABELS[r.category] },
      { header: COLUMNS.role, value: (r) => ROLE_LABELS[r.role] },
      { header: COLUMNS.affiliation, width: 28, value: (r) => r.affiliation },
      { header: COLUMNS.partyMember, value: (r) => yes(r.party_member) },
      { header: COLUMNS.secretary, value: (r) => yes(r.is_party_secretary) },
      { header: COLUMNS.termStart, value: (r) => r.term_start },
      { header: COLUMNS.termEnd, value: (r) => r.term_end },
      { header: '状态', value: (r) => STATE_LABELS[r.status] },
      { header: '聘书编号', width: 26, value: (r) => r.certificate_no },
    ],
    rows,
  );
}
