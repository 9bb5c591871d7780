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
