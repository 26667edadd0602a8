import dayjs, { type Dayjs } from 'dayjs';

/**
 * Times as staff read and enter them: Beijing time, whatever the browser's zone, so the
 * console, the Excel exports and the text messages name the same hour.
 */
const parts = (withSeconds: boolean) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', ...(withSeconds ? { second: '2-digit' } : {}), hourCycle: 'h23' });
const MINUTES = parts(false);
const SECONDS = parts(true);

/** 2026-12-01 09:30; '—' for none. */
export const formatTime = (at: string | null | undefined) => (at ? MINUTES.format(new Date(at)) : '—');

/** 2026-12-01 09:30:05: where the second tells events apart (audit log, sign-ins). */
export const formatSeconds = (at: string | null | undefined) => (at ? SECONDS.format(new Date(at)) : '—');

/** 2026-12-01: the Beijing day of an instant (now, when none is given). */
export const formatDay = (at: string = new Date().toISOString()) => MINUTES.format(new Date(at)).slice(0, 10);

/** 12-01 09:30: for narrow table cells where the year is obvious. */
export const formatShort = (at: string | null | undefined) => (at ? formatTime(at).slice(5) : '—');

/**
 * The instant a date-time picker's value means: pickers show the browser's clock, and what
 * staff type there ("12-08 09:30") is Beijing time. China keeps UTC+8 all year.
 */
export const pickedInstant = (picked: Dayjs | string) => new Date(`${dayjs(picked).format('YYYY-MM-DDTHH:mm:ss')}+08:00`).toISOString();
