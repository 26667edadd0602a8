import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import { readXlsx, type SheetRow } from '../../platform/excel.js';
import { PHONE_PATTERN } from '../../platform/schema.js';
import { pathInScope, type DataScope } from '../../platform/scope.js';
import { submit } from '../cases/intake.js';
import { readCsv } from './csv.js';
import { M } from './messages.js';
import { COLUMNS, mapCategory, MAX_ROWS, REQUIRED } from './template.js';
import { BEIJING_OFFSET_MS, beijingDayStart } from '../../platform/time.js';

interface Order {
  rowNumber: number;
  orderNo: string;
  communityId: number;
  communityName: string;
  categoryCode: string;
  categoryText: string;
  description: string;
  address?: string;
  reporterName?: string;
  reporterPhone?: string;
  urgent: boolean;
  calledAt: Date | null;
  dispatchedAt: Date | null;
  dueAt: Date | null;
}

const cell = (row: SheetRow, column: string) => (row.values[column] ?? '').trim();
const EARLIEST = beijingDayStart('2000-01-01');
const LATEST = beijingDayStart('3000-01-01');

/**
 * Beijing wall-clock text, or an Excel date cell (which arrives as an ISO
 * instant whose UTC fields are the wall clock), to an instant; undefined when unreadable.
 */
export function beijingInstant(text: string): Date | null | undefined {
  if (!text) return null;
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?Z?)?$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const back = new Date(utc);
  if (back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d) || Number(h) > 23) return undefined;
  return new Date(utc - BEIJING_OFFSET_MS);
}

function isXlsx(buffer: Buffer) {
  return buffer.length >= 4 && buffer.readUInt32LE(0) === 0x04034b50;
}

async function readRows(buffer: Buffer): Promise<SheetRow[]> {
  if (buffer.length >= 4 && buffer.readUInt32BE(0) === 0xd0cf11e0) throw new AppError(400, M['hotline.xls']);
  return isXlsx(buffer) ? readXlsx(buffer, REQUIRED) : readCsv(buffer, REQUIRED);
}

type Community = { id: number; name: string; code: string | null; path: string; street: string | null; district: string | null };

/** Communities the importer may record cases in, with their street and district names for telling namesakes apart. */
async function communitiesIn(db: Database, scope: DataScope, codes: string[], names: string[]): Promise<Community[]> {
  if (codes.length === 0 && names.length === 0) return [];
  const rows = await db
    .selectFrom('territory_node as c')
    .leftJoin('territory_node as s', 's.id', 'c.parent_id')
    .leftJoin('territory_node as d', 'd.id', 's.parent_id')
    .select(['c.id', 'c.name', 'c.code', 'c.path', 's.name as street', 'd.name as district'])
    .where('c.level', '=', 'community')
    .where((eb) => eb.or([...(codes.length ? [eb('c.code', 'in', codes)] : []), ...(names.length ? [eb('c.name', 'in', names)] : [])]))
    .execute();
  // Outside the scope reads exactly like unknown: the file must not reveal other communities.
  return rows.filter((r) => pathInScope(scope, r.path));
}

function dueFrom(text: string, from: Date | null): Date | null | undefined {
  const days = /^(\d{1,3})\s*(天|日|个工作日)?$/.exec(text);
  if (days) return new Date((from ?? new Date()).getTime() + Number(days[1]) * 86_400_000);
  return beijingInstant(text);
}

/** Reads and checks every row before writing anything; one bad row and the file is rejected with every problem by row. */
async function validate(db: Database, scope: DataScope, rows: SheetRow[]) {
  const problems: FieldProblem[] = [];
  const problem = (row: SheetRow, column: string, key: string, params?: Record<string, string | number>) =>
    problems.push({ field: `row ${row.rowNumber}.${column}`, key, params });
  const communityCells = rows.map((r) => cell(r, COLUMNS.community)).filter(Boolean);
  const communities = await communitiesIn(db, scope, communityCells.filter((c) => /^[0-9]{12}$/.test(c)), communityCells.filter((c) => !/^[0-9]{12}$/.test(c)));
  const categories = await db.selectFrom('dict_item').select(['code', 'label']).where('type_code', '=', 'case_category').where('enabled', '=', true).execute();
  const seen = new Map<string, number>();
  const orders: Order[] = [];
  for (const row of rows) {
    const orderNo = cell(row, COLUMNS.orderNo);
    if (!orderNo) problem(row, COLUMNS.orderNo, 'field.required');
    else if (!/^[A-Za-z0-9_-]{1,40}$/.test(orderNo)) problem(row, COLUMNS.orderNo, M['hotline.order_no_format']);
    else if (seen.has(orderNo)) problem(row, COLUMNS.orderNo, M['hotline.order_no_repeated'], { row: seen.get(orderNo)! });
    else seen.set(orderNo, row.rowNumber);

    const place = cell(row, COLUMNS.community);
    const street = cell(row, COLUMNS.street);
    const district = cell(row, COLUMNS.district);
    const matches = communities.filter((c) =>
      /^[0-9]{12}$/.test(place) ? c.code === place : c.name === place && (!street || c.street === street) && (!district || c.district === district),
    );
    if (!place) problem(row, COLUMNS.community, 'field.required');
    else if (matches.length === 0) problem(row, COLUMNS.community, M['hotline.community_unknown']);
    else if (matches.length > 1) problem(row, COLUMNS.community, M['hotline.community_ambiguous']);

    const categoryText = cell(row, COLUMNS.category);
    const categoryCode = categoryText ? mapCategory(categoryText, categories) : null;
    if (!categoryText) problem(row, COLUMNS.category, 'field.required');
    else if (!categoryCode) problem(row, COLUMNS.category, M['hotline.category_unknown'], { value: categoryText.slice(0, 40) });

    const description = cell(row, COLUMNS.content);
    if (!description) problem(row, COLUMNS.content, 'field.required');
    else if ([...description].length > 2000) problem(row, COLUMNS.content, 'field.max_length', { limit: 2000 });
    const address = cell(row, COLUMNS.address);
    if ([...address].length > 200) problem(row, COLUMNS.address, 'field.max_length', { limit: 200 });
    const caller = cell(row, COLUMNS.caller);
    if ([...caller].length > 50) problem(row, COLUMNS.caller, 'field.max_length', { limit: 50 });
    const phone = cell(row, COLUMNS.phone).replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
    if (phone && !new RegExp(PHONE_PATTERN).test(phone)) problem(row, COLUMNS.phone, M['hotline.phone_invalid']);
    const urgency = cell(row, COLUMNS.urgency);
    if (urgency && !['一般', '普通', '紧急', '特急', '加急'].includes(urgency)) problem(row, COLUMNS.urgency, M['hotline.urgency_invalid']);

    // A call or a dispatch happened: not before the platforms existed, not tomorrow (a year 1 or 9999 is a typo).
    const time = (column: string) => {
      const value = beijingInstant(cell(row, column));
      if (value === undefined) problem(row, column, M['hotline.time_invalid']);
      else if (value !== null && (value < EARLIEST || value.getTime() > Date.now() + 86_400_000)) problem(row, column, M['hotline.time_range']);
      return value ?? null;
    };
    const calledAt = time(COLUMNS.calledAt);
    const dispatchedAt = time(COLUMNS.dispatchedAt);
    const dueAt = dueFrom(cell(row, COLUMNS.limit), dispatchedAt ?? calledAt);
    if (dueAt === undefined || (dueAt !== null && (dueAt < EARLIEST || dueAt > LATEST))) problem(row, COLUMNS.limit, M['hotline.limit_invalid']);

    if (matches.length === 1 && categoryCode && orderNo) {
      orders.push({
        rowNumber: row.rowNumber,
        orderNo,
        communityId: matches[0]!.id,
        communityName: matches[0]!.name,
        categoryCode,
        categoryText,
        description,
        ...(address ? { address } : {}),
        ...(caller ? { reporterName: caller } : {}),
        ...(phone ? { reporterPhone: phone } : {}),
        urgent: ['紧急', '特急', '加急'].includes(urgency),
        calledAt,
        dispatchedAt,
        dueAt: dueAt ?? null,
      });
    }
  }
  return { orders, problems };
}

const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
const invalidFile = (problems: FieldProblem[]) => new AppError(400, M['hotline.invalid'], { count: problems.length }, problems);

/**
 * Imports 12345 work orders: every row becomes a case on channel
 * hotline_12345 through the intake service, all in one transaction. Orders
 * already imported (by 工单编号) are skipped and reported, so importing the
 * same file again creates nothing.
 */
export async function importOrders(db: Database, ctx: RequestContext & { actor: Actor }, scope: DataScope, buffer: Buffer, fileName: string) {
  const rows = await readRows(buffer);
  if (rows.length > MAX_ROWS) throw new AppError(400, M['hotline.too_many'], { limit: MAX_ROWS });
  const { orders, problems } = await validate(db, scope, rows);
  if (problems.length > 0) throw invalidFile(problems);
  try {
    return await db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('hotline_order as h')
        .innerJoin('case_record as c', 'c.id', 'h.case_id')
        .select(['h.order_no', 'c.id', 'c.tracking_no'])
        .where('h.order_no', 'in', orders.map((o) => o.orderNo))
        .execute();
      const known = new Map(existing.map((e) => [e.order_no, e]));
      const items = [];
      for (const o of orders) {
        const first = known.get(o.orderNo);
        if (first) {
          items.push({ rowNumber: o.rowNumber, orderNo: o.orderNo, status: 'skipped' as const, caseId: first.id, trackingNo: first.tracking_no, communityName: o.communityName });
          continue;
        }
        const { id } = await submit(
          trx,
          ctx,
          {
            communityId: o.communityId,
            channel: 'hotline_12345',
            // The order number is the submission's key: the queue finds the case by it.
            idempotencyKey: o.orderNo,
            categoryCode: o.categoryCode,
            description: o.description,
            urgent: o.urgent,
            ...(o.address ? { address: o.address } : {}),
            ...(o.reporterName ? { reporterName: o.reporterName } : {}),
            ...(o.reporterPhone ? { reporterPhone: o.reporterPhone } : {}),
          },
          { source: '12345', createdBy: ctx.actor.userId, scope },
        );
        await trx
          .insertInto('hotline_order')
          .values({ case_id: id, order_no: o.orderNo, called_at: o.calledAt, dispatched_at: o.dispatchedAt, due_at: o.dueAt, category_text: o.categoryText, imported_by: ctx.actor.userId })
          .execute();
        const c = await trx.selectFrom('case_record').select('tracking_no').where('id', '=', id).executeTakeFirstOrThrow();
        items.push({ rowNumber: o.rowNumber, orderNo: o.orderNo, status: 'created' as const, caseId: id, trackingNo: c.tracking_no, communityName: o.communityName });
      }
      // One entry per community, so each community's (and street's) audit readers see their own imports.
      for (const communityId of new Set(orders.map((o) => o.communityId))) {
        const mine = items.filter((_, i) => orders[i]!.communityId === communityId);
        const made = mine.filter((i) => i.status === 'created').length;
        await audit(trx, ctx, {
          action: 'hotline.import',
          entityType: 'territory_node',
          entityId: communityId,
          territoryId: communityId,
          summary: `导入 12345 工单（${fileName.slice(0, 80)}）：${mine[0]!.communityName}新建诉求 ${made} 件，跳过已导入 ${mine.length - made} 件`,
          detail: { created: mine.filter((i) => i.status === 'created').map((i) => i.orderNo), skipped: mine.filter((i) => i.status === 'skipped').map((i) => i.orderNo) },
        });
      }
      const created = items.filter((i) => i.status === 'created').length;
      return { rows: rows.length, created, skipped: items.length - created, items };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(409, M['hotline.concurrent']);
    throw err;
  }
}
