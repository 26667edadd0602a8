/**
 * Personal data (phones, ID numbers, addresses) leaves the server masked unless a
 * caller asks for one record's full value through an access-logged route.
 */

/** 13812345678 → 138****5678: enough to recognise a number, not to call it. */
export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

const MOBILE_IN_TEXT = /1[3-9]\d{9}/g;

/** Free text a resident wrote ("联系我13712345678") masked the same way before it is published. */
export function maskMobilesIn(text: string): string {
  return text.replace(MOBILE_IN_TEXT, (m) => maskPhone(m)!);
}

/** 620102198001011234 → 620102********1234: the area and the last four, not the birth date. */
export function maskIdNumber(id: string | null): string | null {
  if (id === null) return null;
  return id.length >= 10 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}` : '****';
}
