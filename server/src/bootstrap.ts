import type { Database } from './platform/db/database.js';
import { generatePassword, hashPassword, passwordAcceptable } from './platform/auth/passwords.js';

/**
 * The `admin` account exists from the first start. Its password comes from
 * GONGZHI_ADMIN_PASSWORD or is generated and shown once; a generated one must
 * be changed at first login.
 */
export async function ensureAdmin(db: Database, configured: string | undefined): Promise<{ created: boolean; password?: string }> {
  const existing = await db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirst();
  if (existing) return { created: false };
  if (configured && !passwordAcceptable(configured, 'admin')) {
    throw new Error('GONGZHI_ADMIN_PASSWORD does not meet the password policy (8+ characters, three of upper/lower/digit/symbol, not containing "admin")');
  }
  const password = configured ?? generatePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    const user = await trx
      .insertInto('app_user')
      .values({ username: 'admin', display_name: '系统管理员', password_hash: passwordHash, must_change_password: !configured, home_territory_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('role_assignment').values({ user_id: user.id, role: 'system_admin', territory_id: null }).execute();
  });
  return { created: true, password: configured ? undefined : password };
}
