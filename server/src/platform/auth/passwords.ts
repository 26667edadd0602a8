import { hash, verify } from '@node-rs/argon2';

/** argon2id with OWASP's recommended cost (19 MiB, 2 passes); runs off the main thread. */
const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, OPTIONS);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * Password policy (等保 level-2 practice): 8–128 characters, at least three of
 * upper case, lower case, digits and symbols, not containing the username.
 */
export function passwordAcceptable(password: string, username: string): boolean {
  if (password.length < 8 || password.length > 128) return false;
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return false;
  return !password.toLowerCase().includes(username.toLowerCase());
}

/** A random password that satisfies the policy (upper, lower, symbol, digit), for first start and resets. */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  const random = [...crypto.getRandomValues(new Uint8Array(12))].map((b) => alphabet[b % alphabet.length]).join('');
  return `Gz${random.slice(0, 6)}-${random.slice(6)}${random.charCodeAt(0) % 10}`;
}
