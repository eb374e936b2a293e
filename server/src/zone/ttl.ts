import { decimalAt } from './rdata/reader';

/** The largest TTL RFC 2181 §8 allows: values with the top bit set mean zero. */
export const MAX_TTL = 0x7fffffff;

const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/**
 * Reads a TTL as BIND does: plain seconds (`3600`) or a sequence of numbers
 * with units `w d h m s`, case-insensitive (`1h30m`, `2W`). Returns the number
 * of seconds, or a message saying what is wrong.
 */
export function parseTtl(text: string): { ok: true; seconds: number } | { ok: false; message: string } {
  if (text.length === 0) return { ok: false, message: 'empty TTL' };
  let total = 0;
  let digits = 0;
  let value = 0;
  let units = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      value = value * 10 + (c - 0x30);
      digits++;
      if (digits > 10) return { ok: false, message: `TTL '${text}' is too large` };
      continue;
    }
    const unit = UNIT[text[i].toLowerCase()];
    if (unit === undefined || digits === 0) {
      return { ok: false, message: `'${text}' is not a TTL: use seconds or units w, d, h, m, s (e.g. 1h30m)` };
    }
    total += value * unit;
    value = 0;
    digits = 0;
    units++;
  }
  if (digits > 0) {
    // A bare number after units ("1h30") is not accepted by BIND either.
    if (units > 0) return { ok: false, message: `'${text}' mixes units and a bare number: write 1h30m, not 1h30` };
    total = value;
  }
  if (total > MAX_TTL)
    return { ok: false, message: `TTL ${text} is above 2147483647 (2^31-1), the most RFC 2181 §8 allows` };
  return { ok: true, seconds: total };
}

/**
 * A TTL written as plain seconds, read where it stands (`text.slice(start,
 * end)`) with no string made: the seconds, or -1 when `parseTtl` must read
 * it (units, more than 10 digits, above `MAX_TTL`, anything else).
 */
export function plainTtl(text: string, start: number, end: number): number {
  const n = end - start > 10 ? NaN : decimalAt(text, start, end);
  return n <= MAX_TTL ? n : -1;
}

/** True when a token (the one at `at` in `text`) should be read as a TTL: it starts with a digit. */
export function looksLikeTtl(text: string, at = 0): boolean {
  const c = text.charCodeAt(at);
  return c >= 0x30 && c <= 0x39;
}

const HUMAN: [number, string][] = [
  [604800, 'week'],
  [86400, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

/** `5400` → `1 hour 30 minutes`, as a person reads a TTL. */
export function humanTtl(seconds: number): string {
  if (seconds === 0) return '0 seconds';
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, name] of HUMAN) {
    const q = Math.floor(rest / size);
    if (q > 0) {
      parts.push(`${q} ${name}${q === 1 ? '' : 's'}`);
      rest -= q * size;
    }
  }
  return parts.join(' ');
}
