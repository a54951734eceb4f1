import { describe, expect, it } from 'vitest';
import { registrationDaysLate } from '../../shared/domain/registration.js';
import { loadHolidayCalendar } from '../../shared/config/holidays.js';

/** 收到当日登记, counted on the days the office works (registrationDaysLate). */
const calendar = loadHolidayCalendar(new URL('../../config/holidays', import.meta.url).pathname);

describe('registrationDaysLate', () => {
  it('an email of 23:59 on a Tuesday registered two minutes later, on the next China day, was registered at once: not late', () => {
    expect(registrationDaysLate('2026-12-08T23:59:00+08:00', '2026-12-09T00:01:00+08:00', calendar)).toBe(0);
  });

  it('a Tuesday letter of the evening registered on Wednesday morning missed its day', () => {
    expect(registrationDaysLate('2026-12-08T18:00:00+08:00', '2026-12-09T08:30:00+08:00', calendar)).toBe(1);
  });

  it('one that came on a Sunday evening and is registered first thing on Monday is on time', () => {
    expect(registrationDaysLate('2026-12-06T23:50:00+08:00', '2026-12-07T00:30:00+08:00', calendar)).toBe(0);
  });

  it('a letter that came on 1 October (国庆) is due on 8 October, the first working day: on time then, 1 day late on the 9th', () => {
    expect(registrationDaysLate('2026-10-01T10:00:00+08:00', '2026-10-08T09:00:00+08:00', calendar)).toBe(0);
    expect(registrationDaysLate('2026-10-01T10:00:00+08:00', '2026-10-09T09:00:00+08:00', calendar)).toBe(1);
  });

  it('counts an adjusted working Saturday (调休, 10 October 2026) as a day the office works', () => {
    expect(registrationDaysLate('2026-10-09T10:00:00+08:00', '2026-10-12T09:00:00+08:00', calendar)).toBe(2);
  });

  it('a letter of a working day registered on the Saturday after is late by that day', () => {
    expect(registrationDaysLate('2026-12-11T10:00:00+08:00', '2026-12-12T10:00:00+08:00', calendar)).toBe(1);
  });
});
