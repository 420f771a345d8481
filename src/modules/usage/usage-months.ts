/** Metrics Gatehouse measures itself; services may not report them through recordUsage. */
export const API_REQUESTS = 'api_requests';
export const BUILT_IN_METRICS = [API_REQUESTS, 'active_members', 'seats'];

/** The first instant (UTC) of each of the last `months` calendar months, oldest first, the current one last. */
export function monthStarts(now: Date, months: number): Date[] {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  // Date.UTC carries negative months into earlier years.
  return Array.from({ length: months }, (_, index) => new Date(Date.UTC(year, month - (months - 1 - index), 1)));
}

export const monthKey = (start: Date) => start.toISOString().slice(0, 7);
