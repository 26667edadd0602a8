import crypto from 'node:crypto';
import type { RequestContext } from '../../platform/auth/actor.js';
import { createResidentSession, destroyResidentSession } from '../../platform/auth/resident.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { maskPhone } from '../../platform/personal.js';
import { sender } from '../../platform/sender.js';
import { M } from './messages.js';

/** One-time codes: valid five minutes, five tries, the newest code of a phone only. */
export const CODE_MINUTES = 5;
export const CODE_ATTEMPTS = 5;
/** A phone gets one code a minute and five an hour; an address twenty an hour, whatever the phones. */
export const RESEND_SECONDS = 60;
export const CODES_PER_PHONE_HOUR = 5;
export const CODES_PER_IP_HOUR = 20;

const hashCode = (phone: string, code: string) => crypto.createHash('sha256').update(`${phone}:${code}`).digest('hex');

async function countSince(db: Database, column: 'phone' | 'ip', value: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('resident_code')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(column, '=', value)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Sends a login code through the configured sender; the code itself is stored only as a hash. */
export async function requestCode(db: Database, ctx: RequestContext, phone: string) {
  const now = Date.now();
  const hourAgo = new Date(now - 3_600_000);
  if ((await countSince(db, 'ip', ctx.ip, hourAgo)) >= CODES_PER_IP_HOUR) throw new AppError(429, 'too_many_requests');
  const last = await db.selectFrom('resident_code').select('created_at').where('phone', '=', phone).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  if (last && now - last.created_at.getTime() < RESEND_SECONDS * 1000) {
    const seconds = Math.ceil((RESEND_SECONDS * 1000 - (now - last.created_at.getTime())) / 1000);
    throw new AppError(429, M['resident.code_too_soon'], { seconds }, [{ field: 'body.phone', key: M['resident.code_too_soon'], params: { seconds } }]);
  }
  if ((await countSince(db, 'phone', phone, hourAgo)) >= CODES_PER_PHONE_HOUR) {
    throw new AppError(429, M['resident.code_limit_phone'], {}, [{ field: 'body.phone', key: M['resident.code_limit_phone'] }]);
  }
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('resident_code')
      .values({ phone, code_hash: hashCode(phone, code), ip: ctx.ip, created_at: new Date(now), expires_at: new Date(now + CODE_MINUTES * 60_000) })
      .execute();
    await sender().send(trx, { to: phone, kind: 'resident.code', text: `【共治】您的验证码是 ${code}，${CODE_MINUTES} 分钟内有效。请勿告诉他人。` });
  });
  return { sentTo: maskPhone(phone)!, expiresInSeconds: CODE_MINUTES * 60, resendAfterSeconds: RESEND_SECONDS };
}

/** Checks a code and opens a resident session; wrong codes count against the code, not the phone. */
export async function verifyCode(db: Database, ctx: RequestContext, phone: string, code: string) {
  const latest = await db
    .selectFrom('resident_code')
    .selectAll()
    .where('phone', '=', phone)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest || latest.consumed_at !== null || latest.expires_at.getTime() < Date.now()) throw fieldError('body.code', M['resident.code_expired']);
  if (latest.attempts >= CODE_ATTEMPTS) throw fieldError('body.code', M['resident.code_attempts']);
  const expected = Buffer.from(latest.code_hash, 'hex');
  const given = Buffer.from(hashCode(phone, code), 'hex');
  if (!crypto.timingSafeEqual(expected, given)) {
    // Counted atomically, so parallel guesses cannot slip past the limit.
    const bumped = await db
      .updateTable('resident_code')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', latest.id)
      .returning('attempts')
      .executeTakeFirstOrThrow();
    throw fieldError('body.code', bumped.attempts >= CODE_ATTEMPTS ? M['resident.code_attempts'] : M['resident.code_wrong']);
  }
  return db.transaction().execute(async (trx) => {
    const consumed = await trx
      .updateTable('resident_code')
      .set({ consumed_at: new Date() })
      .where('id', '=', latest.id)
      .where('consumed_at', 'is', null)
      .where('attempts', '<', CODE_ATTEMPTS)
      .executeTakeFirst();
    if (Number(consumed.numUpdatedRows) !== 1) throw fieldError('body.code', M['resident.code_expired']);
    const session = await createResidentSession(trx, phone);
    await audit(trx, { ...ctx, resident: { phone, sessionId: '', csrfToken: '' } }, {
      action: 'resident.login',
      entityType: 'resident',
      summary: `居民 ${maskPhone(phone)} 通过验证码登录`,
    });
    return { token: session.token, me: { phone: maskPhone(phone)!, csrfToken: session.csrfToken } };
  });
}

export async function logout(db: Database, sessionId: string) {
  await destroyResidentSession(db, sessionId);
}
