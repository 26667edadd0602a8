/**
 * Staff, residents and the seeds count days and months by the Beijing calendar; the
 * server runs in UTC. China keeps one offset all year (no daylight saving), so a
 * calendar day is plain 'YYYY-MM-DD' text and day arithmetic can run in UTC.
 */
export const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The Beijing calendar day of an instant: '2026-12-03'. */
export const beijingDay = (at: Date) => new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);

export const beijingToday = (now = new Date()) => beijingDay(now);

/** The hour of an instant on a Beijing clock, 0–23. */
export const beijingHour = (at: Date) => new Date(at.getTime() + BEIJING_OFFSET_MS).getUTCHours();

/** The Beijing calendar year of an instant: 2027 from 2026-12-31T16:00Z on. */
export const beijingYear = (at = new Date()) => Number(beijingDay(at).slice(0, 4));

/** The instant a Beijing calendar day begins: '2026-12-01' → 2026-11-30T16:00:00Z. */
export const beijingDayStart = (day: string) => beijingAt(day);

/** The instant of a Beijing wall-clock time on a day: ('2026-12-01', '09:30') → 2026-12-01T01:30:00Z. */
export const beijingAt = (day: string, time = '00:00') => new Date(Date.parse(`${day}T${time}Z`) - BEIJING_OFFSET_MS);

/** An instant written with the Beijing offset, as people there read it: 2026-12-01T09:30:00+08:00. */
export const beijingIsoString = (at: Date) => `${new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;

/** The instant a Beijing calendar day ends, which is when the next one begins: '2026-12-01' → 2026-12-01T16:00:00Z. */
export const beijingDayEnd = (day: string) => beijingDayStart(addCalendarDays(day, 1));

/** Beijing days from `from` to `to`, both whole, as the instants [from 00:00, the day after `to` 00:00). */
export const beijingDays = (from: string, to: string) => ({ start: beijingDayStart(from), end: beijingDayEnd(to) });

/** The Beijing calendar month of an instant, as its first day: '2026-12-01'. */
export const beijingMonth = (at: Date) => `${beijingDay(at).slice(0, 7)}-01`;

/** '2026-12-30' + 3 → '2027-01-02'. */
export const addCalendarDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** Calendar days from one day to another: '2026-12-30' → '2027-01-02' is 3; earlier `to` is negative. */
export const calendarDaysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** Whether 'YYYY-MM-DD' names a day that exists ('2026-02-30' does not). */
export const isCalendarDay = (day: string) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;

/** A timestamp column as the API writes it; null stays null. */
export const iso = (at: Date | null) => (at === null ? null : at.toISOString());
