/**
 * Validation of identity numbers people type into forms and rosters.
 * 公民身份号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit
 * sequence, and a check character computed over the first 17 digits (ISO 7064 MOD 11-2,
 * X stands for 10). Masking lives with the other personal data in personal.ts.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character of the first 17 digits. */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** An 18-character ID number with a real birth date (not in the future) and the right check character. */
export function isValidChineseId(id: string, today = new Date()): boolean {
  if (!/^[1-9][0-9]{16}[0-9X]$/.test(id)) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day || birth > today) return false;
  return idCheckCharacter(id.slice(0, 17)) === id[17];
}

/** A mainland mobile number: 11 digits starting 13–19. */
export function isValidMobile(phone: string): boolean {
  return /^1[3-9][0-9]{9}$/.test(phone);
}
