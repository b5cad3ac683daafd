/**
 * Dates as Dutch law counts them: in Europe/Amsterdam, by calendar day. Terms (Awb
 * 4:5 completion terms, 4:13 decision terms) run in whole days from a moment's local
 * date; a term "ends" at the end of its last day, local time.
 */
export const TIME_ZONE = 'Europe/Amsterdam';

const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** A calendar date, "YYYY-MM-DD". */
export type LocalDate = string;

/** The local (Amsterdam) calendar date of a moment. */
export function localDateOf(moment: Date): LocalDate {
  return dateFormat.format(moment);
}

/** A calendar date plus a number of days (negative allowed). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Amsterdam's offset from UTC at a moment, in minutes (60 in winter, 120 in summer). */
export function offsetMinutesAt(moment: Date): number {
  const p = Object.fromEntries(partsFormat.formatToParts(moment).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  return Math.round((asUtc - Math.floor(moment.getTime() / 1000) * 1000) / 60_000);
}

/** The moment a local date begins in Amsterdam (00:00 local time). */
export function startOfLocalDay(date: LocalDate): Date {
  const guess = new Date(`${date}T00:00:00Z`);
  // Midnight never falls in a DST gap in Amsterdam (the switch is at 02:00/03:00).
  const offset = offsetMinutesAt(new Date(guess.getTime() - 120 * 60_000));
  const candidate = new Date(guess.getTime() - offset * 60_000);
  return localDateOf(candidate) === date ? candidate : new Date(guess.getTime() - offsetMinutesAt(guess) * 60_000);
}

/** The moment a term whose last day is `date` has passed: the start of the next local day. */
export function endOfLocalDay(date: LocalDate): Date {
  return startOfLocalDay(addDays(date, 1));
}

/** A moment written in Amsterdam local time with its offset: "2021-03-01T09:00:00+01:00". */
export function formatAmsterdam(moment: Date): string {
  const offset = offsetMinutesAt(moment);
  const local = new Date(moment.getTime() + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
