import { fieldError } from '../../platform/errors.js';
import { defineMessages } from '../../platform/i18n.js';
import { YEAR_PATTERN } from '../../platform/schema.js';
import { beijingAt, beijingDayStart } from '../../platform/time.js';

export const M = defineMessages({
  'audit.date_invalid': { 'zh-CN': '不是有效的日期或时间', 'en-US': 'is not a valid date or time' },
  'audit.range_reversed': { 'zh-CN': '结束时间必须晚于开始时间', 'en-US': 'must be after the start' },
  'audit.export_too_large': {
    'zh-CN': '符合条件的日志超过 {limit} 条，请缩小时间范围或筛选条件后再导出',
    'en-US': 'More than {limit} entries match; narrow the time range or filters before exporting',
  },
});

/** Exports are built in memory; a year of a city's log is millions of rows, so the caller narrows first. */
export const EXPORT_LIMIT = 50_000;
/**
 * Counting millions of scoped rows for every page view costs more than the
 * page; past this the total is reported as this number and the filters narrow.
 */
export const COUNT_LIMIT = 100_000;

/** `2026-11-22`, `2026-11-22T09:30`, `2026-11-22 09:30:00`, with or without a zone; years as YEAR_PATTERN allows (year 1 at a Beijing midnight is year 0 in UTC, which PostgreSQL refuses). */
export const DATE_PATTERN = `${YEAR_PATTERN}\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?(Z|[+-]\\d{2}:?\\d{2})?)?$`;

/*
 * The people reading the log work in Beijing time, so a bare date or a time
 * without a zone means Beijing time; a date as the upper bound includes that
 * whole day.
 */
export function parseBound(value: string, bound: 'from' | 'to', field: string): Date {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const text = value.replace(' ', 'T');
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(text);
  const date = dateOnly ? beijingDayStart(value) : zoned ? new Date(text) : beijingAt(text.slice(0, 10), text.slice(11));
  // new Date() rolls 2026-02-30 over into March; a real date survives the round trip.
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  const check = new Date(Date.UTC(y!, m! - 1, d!));
  if (Number.isNaN(date.getTime()) || check.getUTCMonth() !== m! - 1 || check.getUTCDate() !== d) throw fieldError(field, M['audit.date_invalid']);
  if (dateOnly && bound === 'to') date.setUTCDate(date.getUTCDate() + 1);
  return date;
}
