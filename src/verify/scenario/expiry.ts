/**
 * Exception expiry by calendar day. `expires: 2026-03-31` means the exception applies through that
 * day and is ignored from the next one on. Days are compared as the text YYYY-MM-DD, which orders
 * like the dates; "today" is the local calendar day, since an approval runs out on the approver's day.
 */
import { DATE_PATTERN } from './format.js';

/** The local calendar day of `now` as YYYY-MM-DD. */
export function calendarDay(now: Date = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}

/** Whether `text` is YYYY-MM-DD and the day exists (no 2026-02-30). */
export function isCalendarDay(text: string): boolean {
  if (!DATE_PATTERN.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** An exception expiring on `expires` no longer applies on `today` when that day is later. */
export function hasExpired(expires: string | undefined, today: string): boolean {
  return expires !== undefined && expires < today;
}
