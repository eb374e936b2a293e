/**
 * LOC (RFC 1876): `latitude`, `longitude`, `altitude`, and the optional
 * `size`, `horizPrecision`, `vertPrecision`. BIND prints it normalised:
 * `d m s.fff N d m s.fff E alt.ccm size hp vp`, with defaults (1m 10000m
 * 10m) for omitted sizes, which `format` supplies.
 */
import type { RdataField, Token } from '../types';
import type { RdataType } from './rdataType';
import { decimal, type RdataReader } from './reader';
import { GenericOnly, WireError, type WireReader } from './wire';

const EQUATOR = 0x80000000;
const DEFAULT_SIZE = 0x12; // 1m
const DEFAULT_HP = 0x16; // 10000m
const DEFAULT_VP = 0x13; // 10m

/** Reads strtol-style signed digits at the start; returns [value, end] or null when no digit. */
function leadingInt(s: string): [number, number] | null {
  let i = 0;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    i = 1;
  }
  const start = i;
  let v = 0;
  while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) v = v * 10 + (s.charCodeAt(i++) - 0x30);
  return i === start ? null : [neg ? -v : v, i];
}

/**
 * Parses `[-]m[.cc][m]` into centimetres; NaN on bad syntax. `signed`
 * allows a leading minus (altitude only). Up to 2 decimals, as BIND 9.18.
 */
function parseMetres(s: string, signed: boolean): number {
  let i = 0;
  let neg = false;
  // strtol semantics: a '+' is fine everywhere, a '-' only means something for the altitude.
  if (signed && s[0] === '-') {
    neg = true;
    i = 1;
  } else if (s[0] === '+') i = 1;
  let m = 0;
  const start = i;
  while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) {
    m = m * 10 + (s.charCodeAt(i++) - 0x30);
    if (i - start > 9) return NaN;
  }
  let digits = i - start;
  let cm = 0;
  if (s[i] === '.') {
    i++;
    let k = 0;
    while (k < 2 && i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) {
      cm = cm * 10 + (s.charCodeAt(i++) - 0x30);
      k++;
    }
    digits += k;
    for (; k < 2; k++) cm *= 10;
  }
  if (s[i] === 'm') i++;
  if (i !== s.length || digits === 0) return NaN;
  const v = m * 100 + cm;
  return neg ? -v : v;
}

/** Size/precision in centimetres -> RFC 1876 mantissa/exponent octet, as BIND rounds it (down). */
function encodePrecision(cm: number): number {
  const m = Math.floor(cm / 100);
  if (m > 0) {
    let exp = 0;
    while (exp < 7 && m >= 10 ** (exp + 1)) exp++;
    return (Math.floor(m / 10 ** exp) << 4) | (exp + 2);
  }
  const c = cm % 100;
  return c >= 10 ? (Math.floor(c / 10) << 4) | 1 : c << 4;
}

/** Presentation of a size/precision octet. */
function formatPrecision(v: number): string {
  const man = v >> 4;
  const exp = v & 15;
  if (exp > 1) return man * 10 ** (exp - 2) + 'm';
  return '0.' + String(man * 10 ** exp).padStart(2, '0') + 'm';
}

function formatAngle(v: number, pos: string, neg: string): string {
  let a = v >= EQUATOR ? v - EQUATOR : EQUATOR - v;
  const dir = v >= EQUATOR ? pos : neg;
  const frac = a % 1000;
  a = Math.floor(a / 1000);
  const sec = a % 60;
  a = Math.floor(a / 60);
  const min = a % 60;
  const deg = Math.floor(a / 60);
  return `${deg} ${min} ${sec}.${String(frac).padStart(3, '0')} ${dir}`;
}

function formatAltitude(v: number): string {
  const below = v < 10000000;
  const a = below ? 10000000 - v : v - 10000000;
  return `${below ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}m`;
}

/**
 * Reads `deg [min [sec]] DIR` and pushes the field; returns the 32-bit
 * RFC 1876 value.
 */
function readAngle(r: RdataReader, role: string, max: number, pos: string, neg: string): number {
  const first = r.next(role);
  const deg = first.quoted ? NaN : decimal(first.text);
  if (!(deg >= 0 && deg <= max))
    r.fail(first, `LOC ${role} degrees must be a number from 0 to ${max}, not '${first.text}'`);
  let min = 0;
  let msec = 0;
  let last: Token = first;
  let dir = '';
  for (let part = 0; part < 3 && dir === ''; part++) {
    const t = r.next(`${role} direction (${pos} or ${neg})`);
    last = t;
    if (!t.quoted && (t.text === pos || t.text === neg)) {
      dir = t.text;
      break;
    }
    if (part === 0) {
      const n = t.quoted ? NaN : decimal(t.text);
      if (!(n >= 0 && n <= 59))
        r.fail(t, `LOC ${role} minutes must be a number from 0 to 59, or the direction ${pos}/${neg}, not '${t.text}'`);
      min = n;
    } else if (part === 1) {
      const lead = t.quoted ? null : leadingInt(t.text);
      let ok = lead !== null && lead[0] >= 0 && lead[0] <= 59;
      let ms = ok && lead ? lead[0] * 1000 : 0;
      if (ok && lead && lead[1] < t.text.length) {
        const rest = t.text.slice(lead[1]);
        ok = rest[0] === '.' && rest.length <= 4;
        let scale = 100;
        for (let i = 1; ok && i < rest.length; i++) {
          const d = rest.charCodeAt(i) - 0x30;
          ok = d >= 0 && d <= 9;
          ms += d * scale;
          scale /= 10;
        }
      }
      if (!ok) r.fail(t, `LOC ${role} seconds must be a number from 0 to 59.999, not '${t.text}'`);
      msec = ms;
    } else {
      r.fail(t, `LOC ${role} must end with its direction, ${pos} or ${neg}, not '${t.text}'`);
    }
  }
  if (deg === max && (min !== 0 || msec !== 0)) r.fail(first, `LOC ${role} cannot exceed ${max} degrees`);
  const amount = (deg * 3600 + min * 60) * 1000 + msec;
  const v = dir === pos ? EQUATOR + amount : EQUATOR - amount;
  r.push(role, 'other', first, last, formatAngle(v, pos, neg), v);
  return v;
}

function readSize(r: RdataReader, role: string, what: string): void {
  const t = r.next(what);
  const cm = t.quoted ? NaN : parseMetres(t.text, false);
  if (Number.isNaN(cm))
    r.fail(t, `LOC ${what} must be metres like 10m or 0.5m (two decimals at most), not '${t.text}'`);
  if (Math.floor(cm / 100) > 90000000) r.fail(t, `LOC ${what} must be at most 90000000m, not '${t.text}'`);
  const v = encodePrecision(cm);
  r.push(role, 'other', t, t, formatPrecision(v), v);
}

/** LOC: see the file comment. Field nums hold the RFC 1876 wire values. */
export const LOC: RdataType = {
  mnemonic: 'LOC',
  code: 29,
  parse(r: RdataReader): void {
    readAngle(r, 'latitude', 90, 'N', 'S');
    readAngle(r, 'longitude', 180, 'E', 'W');
    const t = r.next('altitude');
    const cm = t.quoted ? NaN : parseMetres(t.text, true);
    if (Number.isNaN(cm)) r.fail(t, `LOC altitude must be metres like 10m or -2.50m, not '${t.text}'`);
    if (cm < -10000000 || cm > 4284967295)
      r.fail(t, `LOC altitude must be from -100000m to 42849672.95m, not '${t.text}'`);
    const alt = cm + 10000000;
    r.push('altitude', 'other', t, t, formatAltitude(alt), alt);
    if (r.more()) readSize(r, 'size', 'size');
    if (r.more()) readSize(r, 'horizPrecision', 'horizontal precision');
    if (r.more()) readSize(r, 'vertPrecision', 'vertical precision');
    r.end();
  },
  format(fields: readonly RdataField[]): string {
    let size = formatPrecision(DEFAULT_SIZE);
    let hp = formatPrecision(DEFAULT_HP);
    let vp = formatPrecision(DEFAULT_VP);
    let s = '';
    for (const f of fields) {
      if (f.role === 'size') size = f.value;
      else if (f.role === 'horizPrecision') hp = f.value;
      else if (f.role === 'vertPrecision') vp = f.value;
      else s += (s ? ' ' : '') + f.value;
    }
    return `${s} ${size} ${hp} ${vp}`;
  },
  fromWire(w: WireReader): string {
    const version = w.u8('version');
    if (version !== 0) throw new GenericOnly(`LOC version ${version} has no text form`);
    const prec: string[] = [];
    for (const what of ['size', 'horizontal precision', 'vertical precision']) {
      const v = w.u8(what);
      if (v !== 0 && ((v & 15) > 9 || v >> 4 > 9 || v >> 4 === 0)) {
        throw new WireError(`LOC ${what} octet 0x${v.toString(16)} is not a valid mantissa/exponent`);
      }
      prec.push(formatPrecision(v));
    }
    const lat = w.u32('latitude');
    const lon = w.u32('longitude');
    if (lat < EQUATOR - 90 * 3600000 || lat > EQUATOR + 90 * 3600000) throw new WireError('LOC latitude out of range');
    if (lon < EQUATOR - 180 * 3600000 || lon > EQUATOR + 180 * 3600000)
      throw new WireError('LOC longitude out of range');
    const alt = w.u32('altitude');
    w.end();
    return `${formatAngle(lat, 'N', 'S')} ${formatAngle(lon, 'E', 'W')} ${formatAltitude(alt)} ${prec.join(' ')}`;
  },
};
