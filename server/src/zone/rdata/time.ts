/**
 * RRSIG/SIG timestamps: 32-bit seconds since the epoch, written either as a
 * plain number or as `YYYYMMDDHHMMSS` (UTC). BIND prints them as dates,
 * reading the 32-bit value in serial-number arithmetic as the moment nearest
 * to now (RFC 4034 §3.1.5), so 0 prints as 19700101000000 today.
 */

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** The decimal value of `len` digits of `s` at `at` (already checked to be digits). */
function num(s: string, at: number, len: number): number {
  let v = 0;
  for (let i = at; i < at + len; i++) v = v * 10 + (s.charCodeAt(i) - 0x30);
  return v;
}

/** Parses `YYYYMMDDHHMMSS` into a 32-bit value (the epoch seconds modulo 2^32); NaN when bad. */
export function parseTimestamp(s: string): number {
  return timestampAt(s, 0, s.length);
}

/** `parseTimestamp(s.slice(start, end))`, read where it stands. */
export function timestampAt(s: string, start: number, end: number): number {
  if (end - start !== 14) return NaN;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return NaN;
  }
  const year = num(s, start, 4);
  const month = num(s, start + 4, 2);
  const day = num(s, start + 6, 2);
  const hour = num(s, start + 8, 2);
  const minute = num(s, start + 10, 2);
  const second = num(s, start + 12, 2);
  // BIND takes any year from 0000 to 9999 and keeps the value modulo 2^32.
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60) return NaN;
  const dim = month === 2 && isLeap(year) ? 29 : DAYS[month - 1];
  if (day < 1 || day > dim) return NaN;
  // Second 60 (a leap second) rolls into the next minute, as in BIND.
  const t = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  return ((t % 4294967296) + 4294967296) % 4294967296;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Date.UTC maps years 0-99 to 19xx, so not used). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function two(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

// The last two conversions: a signed zone repeats its inception and expiration times.
const cacheT = [NaN, NaN];
const cacheText = ['', ''];
let cacheNext = 0;

/**
 * The `YYYYMMDDHHMMSS` text BIND prints for a 32-bit timestamp: the moment
 * nearest to `nowSeconds` with that value modulo 2^32. Integer arithmetic
 * only (no Date objects): signed zones have two of these per RRSIG.
 */
export function formatTimestamp(value: number, nowSeconds: number = Math.floor(Date.now() / 1000)): string {
  // A cached moment is still the answer while it lies in now's serial window (now - 2^31, now + 2^31).
  for (let i = 0; i < 2; i++) {
    const t = cacheT[i];
    if (
      ((t % 4294967296) + 4294967296) % 4294967296 === value &&
      t - nowSeconds > -2147483648 &&
      t - nowSeconds < 2147483648
    ) {
      return cacheText[i];
    }
  }
  const now32 = ((nowSeconds % 4294967296) + 4294967296) % 4294967296;
  const diff = (value - now32 + 4294967296) % 4294967296;
  const t =
    diff !== 0 && diff < 2147483648 ? nowSeconds + diff : nowSeconds - ((now32 - value + 4294967296) % 4294967296);
  const text = civilText(t);
  cacheT[cacheNext] = t;
  cacheText[cacheNext] = text;
  cacheNext ^= 1;
  return text;
}

/** `YYYYMMDDHHMMSS` of epoch seconds, via civil_from_days (H. Hinnant). */
function civilText(t: number): string {
  const days = Math.floor(t / 86400);
  let secs = t - days * 86400;
  const hh = Math.floor(secs / 3600);
  secs -= hh * 3600;
  const mm = Math.floor(secs / 60);
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return String(y).padStart(4, '0') + two(m) + two(d) + two(hh) + two(mm) + two(secs - mm * 60);
}
