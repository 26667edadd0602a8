import type { ExpressionBuilder } from 'kysely';
import type { RequestContext, Resident } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { defineMessages } from '../../platform/i18n.js';
import { isReporter, loadCase, residentStanding } from './access.js';
import { attachmentView, caseAttachments, findAttachment, type AttachmentRow } from './attachments.js';
import { fire } from './engine.js';
import { submit } from './intake.js';
import * as repo from './repository.js';
import type { CaseStatus, CaseTable, Rating } from './tables.js';
import { timelineOf } from './service.js';
import { actionsFrom, failedGuard, mayFire, RATING_LABELS, STATE_LABELS, TRANSITIONS } from './workflow.js';

/**
 * The cases of one resident, as the H5 pages show them: what they raised
 * (submitted from their phone, or recorded by staff with it as the reporter's
 * phone), its public progress and the reply; the steps they may take are the
 * state table's `reporter` rule (rate, reopen once).
 */
export const RESIDENT_ATTACHMENTS = '/api/v1/resident/attachments';
/** Cases one phone may submit in 24 hours: plenty for a person, a brake on a script. */
export const SUBMISSIONS_PER_DAY = 20;

const M = defineMessages({
  'resident.submit_limit_day': {
    'zh-CN': '24 小时内提交的诉求已达上限，请稍后再提交或联系社区',
    'en-US': 'You have reached the limit of submissions for 24 hours',
  },
});

export interface ResidentSubmission {
  communityId: number;
  territoryId?: number;
  categoryCode: string;
  description: string;
  address?: string;
  reporterName?: string;
  location?: { lat: number; lng: number };
  attachmentIds?: number[];
  idempotencyKey?: string;
}

const source = (phone: string) => `h5:${phone}`;

/** The same rule as access.isReporter, as a condition on `case_record as c`. */
function mine(phone: string) {
  return (eb: ExpressionBuilder<DB & { c: CaseTable }, 'c'>) => eb.or([eb('c.source', '=', source(phone)), eb('c.reporter_phone', '=', phone)]);
}

export async function submitAsResident(db: Database, ctx: RequestContext & { resident: Resident }, input: ResidentSubmission) {
  const phone = ctx.resident.phone;
  const isRetry = input.idempotencyKey !== undefined
    && (await db.selectFrom('case_record').select('id').where('source', '=', source(phone)).where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst()) !== undefined;
  if (!isRetry) {
    const recent = await db
      .selectFrom('case_record')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source', '=', source(phone))
      .where('created_at', '>', new Date(Date.now() - 86_400_000))
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= SUBMISSIONS_PER_DAY) throw new AppError(429, M['resident.submit_limit_day']);
  }
  return submit(db, ctx, { ...input, channel: 'h5', reporterPhone: phone }, { source: source(phone), createdBy: null, scope: null });
}

export async function listReporterCases(db: Database, phone: string, q: { current?: number; pageSize?: number }) {
  const current = q.current ?? 1;
  const pageSize = q.pageSize ?? 20;
  const [rows, count] = await Promise.all([
    repo
      .casesWithNames(db)
      .select(['c.id', 'c.tracking_no', 'c.status', 'c.category_code', 'c.description', 'c.community_id', 'c.rating', 'c.created_at', 'c.updated_at'])
      .where(mine(phone))
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(pageSize)
      .offset((current - 1) * pageSize)
      .execute(),
    db.selectFrom('case_record as c').where(mine(phone)).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { data: rows.map(summary), total: Number(count.n), current, pageSize };
}

interface SummaryRow {
  id: number;
  tracking_no: string;
  status: CaseStatus;
  category_code: string;
  category_name: string | null;
  description: string;
  community_id: number;
  community_name: string;
  territory_name: string;
  rating: Rating | null;
  created_at: Date;
  updated_at: Date;
}

function summary(r: SummaryRow) {
  return {
    id: r.id,
    trackingNo: r.tracking_no,
    status: r.status,
    statusName: STATE_LABELS[r.status],
    categoryName: r.category_name ?? r.category_code,
    description: r.description,
    communityId: r.community_id,
    communityName: r.community_name,
    placeName: r.territory_name,
    rating: r.rating,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** Steps a resident is shown, and whether the step's note is meant for them. */
const PUBLIC_STEPS: Record<string, { label: string; showNote: boolean }> = {
  submit: { label: '提交诉求', showNote: false },
  accept: { label: '已受理', showNote: false },
  reject: { label: '不予受理', showNote: true },
  merge: { label: '合并办理', showNote: false },
  dispatch: { label: '已派单', showNote: false },
  sign: { label: '开始办理', showNote: false },
  escalate: { label: '升级办理', showNote: false },
  reply: { label: '办理答复', showNote: true },
  verify_fail: { label: '继续办理', showNote: false },
  verify_pass: { label: '已办结', showNote: false },
  rate: { label: '评价', showNote: true },
  reopen: { label: '重新办理', showNote: false },
};
const REPLY_VISIBLE: CaseStatus[] = ['replied', 'closed', 'rated'];

export async function getReporterCase(db: Database, phone: string, id: number) {
  const c = await loadCase(db, id);
  if (!c || !isReporter(phone, c)) throw notFound();
  const row = (await repo.caseWithNames(db, id))!;
  const standing = residentStanding(phone, c);
  const may = (action: 'rate' | 'reopen') =>
    actionsFrom(c.status).includes(action) && mayFire(TRANSITIONS[action], c.tier, standing) && failedGuard(TRANSITIONS[action], c) === null;
  const steps = (await timelineOf(db, id, RESIDENT_ATTACHMENTS)).flatMap((e) => {
    const step = PUBLIC_STEPS[e.action];
    if (!step) return [];
    // 评价：不满意, as the resident chose it; the comment is the note.
    const code = e.action === 'rate' ? (e.detail as { rating?: Rating }).rating : undefined;
    const rating = code ? RATING_LABELS[code] : null;
    return [{ id: e.id, action: e.action, label: rating ? `${step.label}：${rating}` : step.label, status: e.toStatus, statusName: STATE_LABELS[e.toStatus], note: step.showNote ? e.note : null, attachments: e.attachments, at: e.at }];
  });
  const replied = REPLY_VISIBLE.includes(c.status);
  return {
    ...summary(row),
    address: c.address,
    location: c.latitude === null || c.longitude === null ? null : { lat: c.latitude, lng: c.longitude },
    rejectReason: c.reject_reason,
    replyText: replied ? c.reply_text : null,
    repliedAt: replied && c.replied_at ? c.replied_at.toISOString() : null,
    closedAt: c.closed_at?.toISOString() ?? null,
    ratingComment: c.rating_comment,
    reopenCount: c.reopen_count,
    canRate: may('rate'),
    canReopen: may('reopen'),
    attachments: (await caseAttachments(db, id)).map((a) => attachmentView(a, RESIDENT_ATTACHMENTS)),
    timeline: steps,
    version: c.version,
  };
}

export async function rateAsResident(db: Database, ctx: RequestContext & { resident: Resident }, id: number, input: { version: number; rating: Rating; comment?: string }) {
  await fire(db, { ...ctx, actor: null }, id, 'rate', input);
  return getReporterCase(db, ctx.resident.phone, id);
}

export async function reopenAsResident(db: Database, ctx: RequestContext & { resident: Resident }, id: number, input: { version: number; reason?: string }) {
  await fire(db, { ...ctx, actor: null }, id, 'reopen', input);
  return getReporterCase(db, ctx.resident.phone, id);
}

/** A photo the resident may fetch: their own upload, or one of their case's. */
export async function residentAttachment(db: Database, phone: string, id: number): Promise<AttachmentRow> {
  const a = await findAttachment(db, id);
  if (!a) throw notFound();
  if (a.case_id === null) {
    if (a.owner !== source(phone)) throw notFound();
    return a;
  }
  const c = await loadCase(db, a.case_id);
  if (!c || !isReporter(phone, c)) throw notFound();
  return a;
}

export async function unclaimedUploads(db: Database, phone: string): Promise<number> {
  const row = await db
    .selectFrom('case_attachment')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('owner', '=', source(phone))
    .where('case_id', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
