/**
 * SOA serial numbers (RFC 1035 §3.3.13) and how to bump one. Serials are
 * unsigned 32-bit numbers compared with serial-number arithmetic (RFC 1982):
 * a secondary transfers the zone when the primary's serial is "greater",
 * that is, ahead by 1 to 2^31 - 1 modulo 2^32. So the number may wrap from
 * 4294967295 to 0 and still go forwards, and it must never go backwards.
 */

/** The largest serial: 2^32 - 1. */
export const MAX_SERIAL = 0xffffffff;

/** Half the serial space: an increment must stay below it to read as "greater" (RFC 1982 §3.1). */
const HALF = 0x80000000;

/** A calendar day (month 1-12, day 1-31), the "today" a date-based serial is made from. */
export interface Day {
  year: number;
  month: number;
  day: number;
}

/** How a serial was bumped and why, in words for the user. */
export interface SerialBump {
  from: number;
  to: number;
  /** `date`: today's date with a change number; `increment`: plus one; `wrap`: 4294967295 to 0. */
  method: 'date' | 'increment' | 'wrap';
  /** One or two sentences: what was done, and why when it is not the obvious thing. */
  message: string;
}

/** The calendar day of a `Date` in local time (the day a person editing the zone sees). */
export function localDay(d: Date): Day {
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
}

/** Reads `YYYY-MM-DD` or `YYYYMMDD`; undefined for anything else or an impossible date. */
export function parseDay(text: string): Day | undefined {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text);
  if (m === null) return undefined;
  const day = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return isValidDay(day) ? day : undefined;
}

function isValidDay(d: Day): boolean {
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  // Day 0 of the next month is the last day of this one.
  const last = new Date(Date.UTC(d.year, d.month, 0)).getUTCDate();
  return d.day <= last;
}

/** `YYYYMMDD` as a number. */
function dayNumber(d: Day): number {
  return d.year * 10000 + d.month * 100 + d.day;
}

function showDay(n: number): string {
  const s = String(n);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

/**
 * The date of a serial written `YYYYMMDDnn` (ten digits, a real calendar day
 * in the years 1970 to 2199), or undefined when it does not look like one.
 */
export function serialDate(serial: number): { day: number; change: number } | undefined {
  if (!Number.isInteger(serial) || serial < 1970010100 || serial > 2199123199) return undefined;
  const day = Math.floor(serial / 100);
  const parsed = parseDay(String(day));
  return parsed === undefined ? undefined : { day, change: serial % 100 };
}

/** True when `to` is newer than `from` in RFC 1982 serial arithmetic (ahead by 1 to 2^31 - 1). */
export function isNewer(to: number, from: number): boolean {
  const ahead = (to - from + 2 ** 32) % 2 ** 32;
  return ahead > 0 && ahead < HALF;
}

/**
 * The next serial after `serial`. A date-based serial (`YYYYMMDDnn`) becomes
 * today's date with change number 00, or nn + 1 when it is today's already;
 * when that would not be newer (change 99 used up, a date in the future) it
 * is incremented by one instead, and the message says so. Any other serial
 * is incremented by one; 4294967295 wraps to 0, which RFC 1982 makes newer.
 * The result is always newer than `serial` in serial arithmetic.
 */
export function bumpSerial(serial: number, today: Day): SerialBump {
  if (!Number.isInteger(serial) || serial < 0 || serial > MAX_SERIAL) {
    throw new RangeError(`not a serial: ${serial}`);
  }
  const date = serialDate(serial);
  if (date !== undefined) {
    const todayNum = dayNumber(today);
    let to: number | undefined;
    let why = '';
    if (date.day < todayNum) {
      to = todayNum * 100;
    } else if (date.day === todayNum) {
      if (date.change < 99) to = serial + 1;
      else why = `change 99 of ${showDay(date.day)} is used up`;
    } else {
      why = `its date ${showDay(date.day)} is after today (${showDay(todayNum)})`;
    }
    if (to !== undefined && to <= MAX_SERIAL && isNewer(to, serial)) {
      return {
        from: serial,
        to,
        method: 'date',
        message: `SOA serial ${serial} → ${to} (today's date, change ${pad2(to % 100)})`,
      };
    }
    // The jump to today's date is 2^31 or more: secondaries would read it as going backwards.
    if (why === '') why = `today's date is 2^31 or more ahead, which secondaries would read as going backwards`;
    return increment(serial, `: ${why}, so it was incremented by one instead (a serial never goes backwards)`);
  }
  return increment(serial, '');
}

function increment(serial: number, why: string): SerialBump {
  if (serial === MAX_SERIAL) {
    return {
      from: serial,
      to: 0,
      method: 'wrap',
      message:
        `SOA serial ${serial} → 0${why}: serials are compared with RFC 1982 serial-number arithmetic, ` +
        `where 4294967295 + 1 wraps to 0 and 0 counts as newer, so secondaries still transfer the zone`,
    };
  }
  return { from: serial, to: serial + 1, method: 'increment', message: `SOA serial ${serial} → ${serial + 1}${why}` };
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
