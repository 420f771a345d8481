/**
 * When audit digests are sent, as pure functions of the settings and an instant (all in UTC).
 *
 * A *slot* is an instant a digest is scheduled for: every day, every week on `dayOfWeek`, or every
 * month on `dayOfMonth`, at `hourUtc`:00. The *period* a digest reports on runs from the previous
 * slot (inclusive) to its own slot (exclusive), so consecutive periods tile time without gaps.
 * `dayOfMonth` stops at 28, so every month has the slot and no month needs clamping.
 */
export enum DigestFrequency {
  DAILY = 'DAILY',
  WEEKLY = 'WEEKLY',
  MONTHLY = 'MONTHLY',
}

export interface DigestSchedule {
  frequency: DigestFrequency;
  /** 0 = Sunday … 6 = Saturday; weekly only. */
  dayOfWeek: number | null;
  /** 1–28; monthly only. */
  dayOfMonth: number | null;
  hourUtc: number;
}

export interface DigestPeriod {
  /** Inclusive. */
  start: Date;
  /** Exclusive; the slot the digest is sent at. */
  end: Date;
}

function required(value: number | null, what: string): number {
  if (value === null) throw new Error(`A ${what} digest schedule needs its day`);
  return value;
}

/** The slot of the period containing `at`'s UTC calendar day, moved `shift` periods. */
function slotNear(schedule: DigestSchedule, at: Date, shift: number): Date {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  const day = at.getUTCDate();
  switch (schedule.frequency) {
    case DigestFrequency.DAILY:
      return new Date(Date.UTC(year, month, day + shift, schedule.hourUtc));
    case DigestFrequency.WEEKLY: {
      const sinceSlotDay = (at.getUTCDay() - required(schedule.dayOfWeek, 'weekly') + 7) % 7;
      return new Date(Date.UTC(year, month, day - sinceSlotDay + 7 * shift, schedule.hourUtc));
    }
    case DigestFrequency.MONTHLY:
      return new Date(Date.UTC(year, month + shift, required(schedule.dayOfMonth, 'monthly'), schedule.hourUtc));
  }
}

/** The last slot at or before `at`. */
export function latestSlot(schedule: DigestSchedule, at: Date): Date {
  const candidate = slotNear(schedule, at, 0);
  return candidate.getTime() <= at.getTime() ? candidate : slotNear(schedule, at, -1);
}

/** The first slot strictly after `at`. */
export function nextSlot(schedule: DigestSchedule, at: Date): Date {
  return slotNear(schedule, latestSlot(schedule, at), 1);
}

export function isSlot(schedule: DigestSchedule, at: Date): boolean {
  return latestSlot(schedule, at).getTime() === at.getTime();
}

/** The period whose digest is sent at slot `end`. */
export function periodEndingAt(schedule: DigestSchedule, end: Date): DigestPeriod {
  if (!isSlot(schedule, end)) throw new Error(`${end.toISOString()} is not a slot of this digest schedule`);
  return { start: slotNear(schedule, end, -1), end };
}

/** The most recent period that has ended by `now`: the one a digest is due for. */
export function periodFor(schedule: DigestSchedule, now: Date): DigestPeriod {
  return periodEndingAt(schedule, latestSlot(schedule, now));
}

export function previousPeriod(schedule: DigestSchedule, period: DigestPeriod): DigestPeriod {
  return periodEndingAt(schedule, period.start);
}
