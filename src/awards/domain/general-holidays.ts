/**
 * Algemene termijnenwet (Atw): a statutory term that ends on a Saturday, Sunday or
 * general holiday (algemeen erkende feestdag) is extended to the next day that is none
 * of these (art. 1). Art. 3 lid 1 names the general holidays: Nieuwjaarsdag, the
 * Christian second Easter day (Easter Monday), Hemelvaartsdag (Ascension Day), the
 * second Pentecost day (Whit Monday), both Christmas days, the day the King's birthday
 * is celebrated, and 5 May (Liberation Day, every year). Easter Sunday and Whit Sunday
 * are Sundays anyway; Good Friday is NOT a general holiday under the Atw.
 *
 * Not covered: days the government equates with a general holiday by decree (Atw art.
 * 3 lid 2), which are ad hoc; add them here if one is ever issued for a term that matters.
 */
import { addDays, type LocalDate } from '../../common/time/amsterdam';

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether text is a real calendar date "YYYY-MM-DD". */
export function isLocalDate(text: string): boolean {
  const m = LOCAL_DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

export function assertLocalDate(text: string, name: string): void {
  if (!isLocalDate(text)) throw new RangeError(`${name} must be a calendar date YYYY-MM-DD, not ${JSON.stringify(text)}.`);
}

const iso = (year: number, month: number, day: number): LocalDate =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (date: LocalDate): number => new Date(`${date}T00:00:00Z`).getUTCDay();

export const isWeekend = (date: LocalDate): boolean => {
  const day = weekdayOf(date);
  return day === 0 || day === 6;
};

/** Easter Sunday in the Gregorian calendar (anonymous algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  if (!Number.isSafeInteger(year) || year < 1583) throw new RangeError(`No Gregorian Easter for year ${year}.`);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

/**
 * The day the King's (Queen's) birthday is celebrated: since 2014 King's Day, 27 April, or
 * 26 April when the 27th is a Sunday; before that Queen's Day, 30 April, or 29 April when
 * the 30th is a Sunday (the rule of 1980–2013; earlier years are not needed here).
 */
export function kingsDay(year: number): LocalDate {
  const [day, moved] = year >= 2014 ? [27, 26] : [30, 29];
  const date = iso(year, 4, day);
  return weekdayOf(date) === 0 ? iso(year, 4, moved) : date;
}

export interface GeneralHoliday {
  date: LocalDate;
  name: string;
}

/** The general holidays of the Atw in a year, by date. */
export function generalHolidays(year: number): GeneralHoliday[] {
  const easter = easterSunday(year);
  return [
    { date: iso(year, 1, 1), name: 'Nieuwjaarsdag' },
    { date: addDays(easter, 1), name: 'Tweede Paasdag' },
    { date: kingsDay(year), name: 'Koningsdag' },
    { date: iso(year, 5, 5), name: 'Bevrijdingsdag' },
    { date: addDays(easter, 39), name: 'Hemelvaartsdag' },
    { date: addDays(easter, 50), name: 'Tweede Pinksterdag' },
    { date: iso(year, 12, 25), name: 'Eerste Kerstdag' },
    { date: iso(year, 12, 26), name: 'Tweede Kerstdag' },
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

const holidayCache = new Map<number, Set<LocalDate>>();

export function isGeneralHoliday(date: LocalDate): boolean {
  const year = Number(date.slice(0, 4));
  let dates = holidayCache.get(year);
  if (!dates) {
    dates = new Set(generalHolidays(year).map((h) => h.date));
    holidayCache.set(year, dates);
  }
  return dates.has(date);
}

/** Atw art. 1: the date itself when it is a working day, else the next day that is no Saturday, Sunday or general holiday. */
export function extendToWorkingDay(date: LocalDate): LocalDate {
  let day = date;
  while (isWeekend(day) || isGeneralHoliday(day)) day = addDays(day, 1);
  return day;
}
