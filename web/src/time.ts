/**
 * Times as staff read them: Beijing time, whatever the browser's zone, so the console,
 * the Excel exports and the text messages name the same hour.
 */
const parts = (withSeconds: boolean) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', ...(withSeconds ? { second: '2-digit' } : {}), hourCycle: 'h23' });
const MINUTES = parts(false);
const SECONDS = parts(true);

/** 2026-12-01 09:30; '—' for none. */
export const formatTime = (at: string | null | undefined) => (at ? MINUTES.format(new Date(at)) : '—');

/** 2026-12-01 09:30:05: where the second tells events apart (audit log, sign-ins). */
export const formatSeconds = (at: string | null | undefined) => (at ? SECONDS.format(new Date(at)) : '—');

/** 12-01 09:30: for narrow table cells where the year is obvious. */
export const formatShort = (at: string | null | undefined) => (at ? formatTime(at).slice(5) : '—');
