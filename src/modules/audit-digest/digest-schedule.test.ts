import { DigestFrequency, isSlot, latestSlot, nextSlot, periodEndingAt, periodFor, previousPeriod, type DigestSchedule } from './digest-schedule';

const at = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();
const daily = (hourUtc: number): DigestSchedule => ({ frequency: DigestFrequency.DAILY, dayOfWeek: null, dayOfMonth: null, hourUtc });
const weekly = (dayOfWeek: number, hourUtc: number): DigestSchedule => ({ frequency: DigestFrequency.WEEKLY, dayOfWeek, dayOfMonth: null, hourUtc });
const monthly = (dayOfMonth: number, hourUtc: number): DigestSchedule => ({ frequency: DigestFrequency.MONTHLY, dayOfWeek: null, dayOfMonth, hourUtc });
const period = (schedule: DigestSchedule, now: string) => {
  const { start, end } = periodFor(schedule, at(now));
  return [iso(start), iso(end)];
};

describe('digest schedule (UTC)', () => {
  describe('daily', () => {
    const s = daily(8);

    it('is due from the slot hour on, not a millisecond before', () => {
      expect(period(s, '2026-03-10T08:00:00.000Z')).toEqual(['2026-03-09T08:00:00.000Z', '2026-03-10T08:00:00.000Z']);
      expect(period(s, '2026-03-10T07:59:59.999Z')).toEqual(['2026-03-08T08:00:00.000Z', '2026-03-09T08:00:00.000Z']);
      expect(period(s, '2026-03-10T23:59:59.999Z')).toEqual(['2026-03-09T08:00:00.000Z', '2026-03-10T08:00:00.000Z']);
    });

    it('crosses month and year boundaries', () => {
      expect(period(s, '2026-03-01T09:00:00Z')).toEqual(['2026-02-28T08:00:00.000Z', '2026-03-01T08:00:00.000Z']);
      expect(period(s, '2026-01-01T08:30:00Z')).toEqual(['2025-12-31T08:00:00.000Z', '2026-01-01T08:00:00.000Z']);
      expect(period(s, '2026-01-01T07:00:00Z')).toEqual(['2025-12-30T08:00:00.000Z', '2025-12-31T08:00:00.000Z']);
      expect(iso(nextSlot(s, at('2025-12-31T08:00:00Z')))).toBe('2026-01-01T08:00:00.000Z');
    });

    it('includes 29 February in a leap year only', () => {
      expect(iso(nextSlot(s, at('2028-02-28T12:00:00Z')))).toBe('2028-02-29T08:00:00.000Z');
      expect(iso(nextSlot(s, at('2027-02-28T12:00:00Z')))).toBe('2027-03-01T08:00:00.000Z');
    });

    it('handles midnight and the last hour of the day', () => {
      expect(period(daily(0), '2026-01-01T00:00:00Z')).toEqual(['2025-12-31T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
      expect(period(daily(23), '2026-01-01T22:59:59Z')).toEqual(['2025-12-30T23:00:00.000Z', '2025-12-31T23:00:00.000Z']);
      expect(period(daily(23), '2026-01-01T23:00:00Z')).toEqual(['2025-12-31T23:00:00.000Z', '2026-01-01T23:00:00.000Z']);
    });
  });

  describe('weekly', () => {
    it('sends on the configured weekday (0 = Sunday) at the hour', () => {
      // 2026-03-01 is a Sunday.
      const sunday = weekly(0, 6);
      expect(period(sunday, '2026-03-01T06:00:00Z')).toEqual(['2026-02-22T06:00:00.000Z', '2026-03-01T06:00:00.000Z']);
      expect(period(sunday, '2026-03-01T05:59:59Z')).toEqual(['2026-02-15T06:00:00.000Z', '2026-02-22T06:00:00.000Z']);
      expect(period(sunday, '2026-03-07T23:00:00Z')).toEqual(['2026-02-22T06:00:00.000Z', '2026-03-01T06:00:00.000Z']);
      const saturday = weekly(6, 18);
      expect(period(saturday, '2026-03-01T00:00:00Z')).toEqual(['2026-02-21T18:00:00.000Z', '2026-02-28T18:00:00.000Z']);
    });

    it('crosses the year boundary', () => {
      // 2025-12-31 is a Wednesday, 2026-01-01 a Thursday.
      const thursday = weekly(4, 9);
      expect(period(thursday, '2026-01-01T09:00:00Z')).toEqual(['2025-12-25T09:00:00.000Z', '2026-01-01T09:00:00.000Z']);
      expect(period(thursday, '2026-01-01T08:00:00Z')).toEqual(['2025-12-18T09:00:00.000Z', '2025-12-25T09:00:00.000Z']);
      expect(iso(nextSlot(weekly(1, 0), at('2025-12-30T00:00:00Z')))).toBe('2026-01-05T00:00:00.000Z');
    });

    it('spans 29 February in a leap year (a week is always 7 days)', () => {
      // 2028-02-29 is a Tuesday.
      const tuesday = weekly(2, 12);
      expect(period(tuesday, '2028-03-01T00:00:00Z')).toEqual(['2028-02-22T12:00:00.000Z', '2028-02-29T12:00:00.000Z']);
      expect(iso(nextSlot(tuesday, at('2028-02-29T12:00:00Z')))).toBe('2028-03-07T12:00:00.000Z');
    });
  });

  describe('monthly', () => {
    it('sends on the configured day of the month at the hour', () => {
      const s = monthly(15, 10);
      expect(period(s, '2026-04-15T10:00:00Z')).toEqual(['2026-03-15T10:00:00.000Z', '2026-04-15T10:00:00.000Z']);
      expect(period(s, '2026-04-15T09:59:59Z')).toEqual(['2026-02-15T10:00:00.000Z', '2026-03-15T10:00:00.000Z']);
      expect(period(s, '2026-04-30T23:59:59Z')).toEqual(['2026-03-15T10:00:00.000Z', '2026-04-15T10:00:00.000Z']);
    });

    it('crosses the year boundary both ways', () => {
      const s = monthly(1, 0);
      expect(period(s, '2026-01-01T00:00:00Z')).toEqual(['2025-12-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
      expect(period(s, '2025-12-31T23:59:59Z')).toEqual(['2025-11-01T00:00:00.000Z', '2025-12-01T00:00:00.000Z']);
      expect(iso(nextSlot(monthly(20, 5), at('2025-12-20T05:00:00Z')))).toBe('2026-01-20T05:00:00.000Z');
    });

    it('has day 28 in every February: a 28-day period in common years, 29 days in leap years', () => {
      const s = monthly(28, 23);
      const feb2026 = periodFor(s, at('2026-03-28T23:00:00Z'));
      expect([iso(feb2026.start), iso(feb2026.end)]).toEqual(['2026-02-28T23:00:00.000Z', '2026-03-28T23:00:00.000Z']);
      const days = (p: { start: Date; end: Date }) => (p.end.getTime() - p.start.getTime()) / 86_400_000;
      expect(days(feb2026)).toBe(28);
      expect(days(periodFor(s, at('2028-03-28T23:00:00Z')))).toBe(29);
      expect(days(periodFor(s, at('2026-02-28T23:00:00Z')))).toBe(31);
      expect(iso(nextSlot(s, at('2028-02-28T23:00:00Z')))).toBe('2028-03-28T23:00:00.000Z');
      expect(iso(nextSlot(s, at('2028-02-29T00:00:00Z')))).toBe('2028-03-28T23:00:00.000Z');
    });
  });

  it('tiles time: each period starts where the previous one ended', () => {
    for (const s of [daily(3), weekly(5, 14), monthly(28, 0)]) {
      let p = periodFor(s, at('2029-01-01T00:00:00Z'));
      for (let i = 0; i < 40; i++) {
        const before = previousPeriod(s, p);
        expect(before.end).toEqual(p.start);
        expect(before.start.getTime()).toBeLessThan(before.end.getTime());
        p = before;
      }
    }
  });

  it('finds the next slot strictly after an instant, also when the instant is a slot', () => {
    const s = daily(8);
    expect(iso(nextSlot(s, at('2026-03-10T08:00:00Z')))).toBe('2026-03-11T08:00:00.000Z');
    expect(iso(nextSlot(s, at('2026-03-10T07:59:59Z')))).toBe('2026-03-10T08:00:00.000Z');
    expect(iso(latestSlot(s, at('2026-03-10T08:00:00Z')))).toBe('2026-03-10T08:00:00.000Z');
  });

  it('recognises slots and refuses a period ending off-schedule', () => {
    expect(isSlot(weekly(3, 7), at('2025-12-31T07:00:00Z'))).toBe(true);
    expect(isSlot(weekly(3, 7), at('2025-12-31T07:00:01Z'))).toBe(false);
    expect(isSlot(weekly(3, 7), at('2026-01-01T07:00:00Z'))).toBe(false);
    expect(() => periodEndingAt(daily(8), at('2026-01-01T09:00:00Z'))).toThrow('not a slot');
  });

  it('catches up on the most recent missed period only', () => {
    // The tick's due check is `nextDueAt <= now` (in SQL, over an index); it then sends periodFor(now).
    const s = daily(8);
    // Last sent for 3 March; the worker was down until 6 March 15:00.
    const nextDueAt = nextSlot(s, at('2026-03-03T08:00:00Z'));
    const now = at('2026-03-06T15:00:00Z');
    expect(nextDueAt.getTime()).toBeLessThanOrEqual(now.getTime());
    expect(period(s, iso(now))).toEqual(['2026-03-05T08:00:00.000Z', '2026-03-06T08:00:00.000Z']);
    // After that one is sent, nothing is due until the next slot.
    expect(iso(nextSlot(s, periodFor(s, now).end))).toBe('2026-03-07T08:00:00.000Z');
  });
});
