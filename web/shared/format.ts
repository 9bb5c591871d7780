/** Dates, durations and masked numbers as both apps show them. */

const dateTime = new Intl.DateTimeFormat('en-IN', { dateStyle: 'medium', timeStyle: 'short' });

/** "28 Nov 2026, 3:30 pm" in the reader's time zone. */
export const formatTime = (iso: string): string => dateTime.format(new Date(iso));

/** "2 days 3 hours" / "45 minutes" / "less than a minute". */
export function duration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (days > 0) return hours ? `${part(days, 'day')} ${part(hours, 'hour')}` : part(days, 'day');
  if (hours > 0) return mins ? `${part(hours, 'hour')} ${part(mins, 'minute')}` : part(hours, 'hour');
  return part(mins, 'minute');
}

/** The time left to `dueAt`, or "Overdue". */
export function timeLeft(dueAt: string, now: number): { text: string; overdue: boolean } {
  const ms = Date.parse(dueAt) - now;
  return ms <= 0 ? { text: 'Overdue', overdue: true } : { text: `${duration(ms)} left`, overdue: false };
}

/** All but the last 4 characters hidden: "•••••••••••3809". */
export const maskedTail = (value: string): { hidden: string; last4: string } => ({
  hidden: '•'.repeat(Math.max(0, value.length - 4)),
  last4: value.slice(-4),
});

/** A datetime-local input's value as an RFC 3339 timestamp with the browser's offset. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * A report's time to resolution in minutes as hours and minutes: "45 min",
 * "3 h", "2 h 15 min"; `null` (nothing resolved) "—". The report's histogram
 * tops out at 168 hours, so 10080 reads "168 h or more".
 */
export function resolutionTime(minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes >= 10_080) return '168 h or more';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** A calendar date `YYYY-MM-DD` as "2 Mar 2026" (the date itself, in no time zone). */
export const formatDay = (day: string): string =>
  new Intl.DateTimeFormat('en-IN', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );

/** Today's date `YYYY-MM-DD` in `timeZone` at `now`. */
export function dayIn(timeZone: string, now: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(now));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** `day` (`YYYY-MM-DD`) moved by `days` calendar days. */
export const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Whether `value` is a real calendar date `YYYY-MM-DD`. */
export const isDay = (value: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) &&
  !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
  addDays(value, 0) === value;
