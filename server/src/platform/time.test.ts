import { describe, expect, it } from 'vitest';
import { addCalendarDays, beijingAt, beijingDay, beijingHour, beijingDayEnd, beijingDays, beijingDayStart, beijingIsoString, beijingMonth, beijingYear, calendarDaysBetween, isCalendarDay } from './time.js';

describe('the Beijing calendar', () => {
  it('turns the day at 16:00 UTC', () => {
    expect(beijingDay(new Date('2026-11-30T15:59:59.999Z'))).toBe('2026-11-30');
    expect(beijingDay(new Date('2026-11-30T16:00:00.000Z'))).toBe('2026-12-01');
    expect(beijingDay(new Date('2026-12-31T16:30:00.000Z'))).toBe('2027-01-01');
  });

  it('turns the year at 16:00 UTC on 31 December', () => {
    expect(beijingYear(new Date('2026-12-31T15:59:59.999Z'))).toBe(2026);
    expect(beijingYear(new Date('2026-12-31T16:00:00.000Z'))).toBe(2027);
  });

  it('gives the instants a span of Beijing days covers', () => {
    expect(beijingDayStart('2026-12-01').toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(beijingDayEnd('2026-12-31').toISOString()).toBe('2026-12-31T16:00:00.000Z');
    const { start, end } = beijingDays('2026-12-01', '2026-12-31');
    expect([start.toISOString(), end.toISOString()]).toEqual(['2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z']);
  });

  it('reads and writes Beijing wall-clock times', () => {
    expect(beijingAt('2026-12-01', '09:30').toISOString()).toBe('2026-12-01T01:30:00.000Z');
    expect(beijingAt('2026-12-01', '07:59:30').toISOString()).toBe('2026-11-30T23:59:30.000Z');
    expect(beijingAt('2026-12-01').toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(beijingIsoString(new Date('2026-11-30T23:59:30.500Z'))).toBe('2026-12-01T07:59:30+08:00');
    expect([beijingHour(new Date('2026-12-04T19:30:00Z')), beijingHour(new Date('2026-12-04T15:59:59Z'))]).toEqual([3, 23]);
  });

  it('names the month by its first day, in Beijing', () => {
    expect(beijingMonth(new Date('2026-11-30T15:59:59.999Z'))).toBe('2026-11-01');
    expect(beijingMonth(new Date('2026-11-30T16:00:00.000Z'))).toBe('2026-12-01');
  });

  it('adds days across months, years and leap days', () => {
    expect(addCalendarDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addCalendarDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('counts the days between two days, negative when the second is earlier', () => {
    expect(calendarDaysBetween('2026-12-30', '2027-01-02')).toBe(3);
    expect(calendarDaysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(calendarDaysBetween('2026-12-04', '2026-12-04')).toBe(0);
    expect(calendarDaysBetween('2026-12-04', '2026-12-01')).toBe(-3);
  });

  it('tells a real day from a well-formed impossible one', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('2026-13-01')).toBe(false);
    expect(isCalendarDay('2026-1-01')).toBe(false);
  });
});
