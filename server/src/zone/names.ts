/**
 * Domain names in presentation form.
 *
 * A name is kept as one string: absolute (ending in `.`), in the escape form
 * BIND prints (`\.`, `\"`, `\DDD` for bytes outside printable ASCII), with the
 * case the file used. Two names are equal when their `nameKey`s are equal.
 */

/** Why a name could not be read. */
export type NameErrorCode = 'syntax-error' | 'name-too-long' | 'relative-name-without-origin';

/** Why a name was refused, in words for the user. */
export interface NameError {
  ok: false;
  code: NameErrorCode;
  message: string;
}

export type NameResult = { ok: true; name: string; relative: boolean } | NameError;

export const ROOT = '.';

const MAX_LABEL = 63;
const MAX_NAME = 255;

// Characters BIND prints with a backslash in front (dns_name_totext).
const SPECIAL = new Set([0x22, 0x28, 0x29, 0x2e, 0x3b, 0x5c, 0x40, 0x24]);

function isPlain(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x2d || // -
    c === 0x5f || // _
    c === 0x2a || // *
    c === 0x2f // /
  );
}

/** Appends the presentation form of one label byte. */
function escapeByte(b: number): string {
  if (SPECIAL.has(b)) return '\\' + String.fromCharCode(b);
  if (b > 0x20 && b < 0x7f) return String.fromCharCode(b);
  return '\\' + String(b).padStart(3, '0');
}

const encoder = new TextEncoder();

/**
 * Reads a name as written in a master file (`@`, relative or absolute, with
 * escapes) and returns it absolute, relative to `origin` (itself absolute, or
 * null when the file has none yet).
 */
export function parseName(raw: string, origin: string | null): NameResult {
  if (raw === '@') {
    if (origin === null) return noOrigin(raw);
    return { ok: true, name: origin, relative: true };
  }
  if (raw === '.') return { ok: true, name: ROOT, relative: false };
  if (raw.length === 0) return { ok: false, code: 'syntax-error', message: 'empty name' };

  let text: string;
  let wire = plainWire(raw, 0, raw.length); // wire length without the final root byte
  let absolute: boolean;
  if (wire >= 0) {
    absolute = raw.charCodeAt(raw.length - 1) === 0x2e;
    text = absolute ? raw : raw + '.';
  } else {
    const r = readEscaped(raw);
    if (!r.ok) return r;
    absolute = r.absolute;
    text = r.text;
    wire = r.wire;
  }
  const total = wireUnder(wire, absolute, origin);
  if (total < 0) return noOrigin(raw);
  if (total > MAX_NAME) return nameTooLong(raw, total);
  if (absolute) return { ok: true, name: text, relative: false };
  return { ok: true, name: origin === ROOT || origin === null ? text : text + origin, relative: true };
}

/**
 * The wire length of a name whose labels take `wire` octets (without the
 * root's), once made absolute under `origin`; -1 for a relative name and no
 * origin.
 */
function wireUnder(wire: number, absolute: boolean, origin: string | null): number {
  if (absolute) return wire + 1;
  if (origin === null) return -1;
  return wire + (origin === ROOT ? 1 : nameWireLength(origin));
}

/**
 * The fast path of `parseName`: the wire length, less the root's byte, of the
 * name written as `s.slice(start, end)` when it is plain (host-name
 * characters and dots, no empty label, none over 63 octets), read in place;
 * -1 for any other name, which `readEscaped` reads (and says what is wrong).
 */
function plainWire(s: string, start: number, end: number): number {
  const bodyEnd = end > start && s.charCodeAt(end - 1) === 0x2e ? end - 1 : end;
  let labelStart = start;
  for (let i = start; i <= bodyEnd; i++) {
    if (i === bodyEnd || s.charCodeAt(i) === 0x2e) {
      const len = i - labelStart;
      if (len === 0 || len > MAX_LABEL) return -1;
      labelStart = i + 1;
    } else if (!isPlain(s.charCodeAt(i))) return -1;
  }
  return bodyEnd - start + 1;
}

/**
 * True when the name written as `s.slice(start, end)` is plain (see
 * `plainWire`) and `parseName` reads it under `origin`: checked in place,
 * nothing allocated. False: ask `parseName`, which says what is wrong, if
 * anything.
 */
export function isPlainName(s: string, start: number, end: number, origin: string | null): boolean {
  const wire = plainWire(s, start, end);
  if (wire < 0) return false;
  const total = wireUnder(wire, s.charCodeAt(end - 1) === 0x2e, origin);
  return total >= 0 && total <= MAX_NAME;
}

function noOrigin(raw: string): NameError {
  return {
    ok: false,
    code: 'relative-name-without-origin',
    message: `'${raw}' is relative but no origin is known here (add $ORIGIN or end the name with a dot)`,
  };
}

function labelTooLong(raw: string, len: number): NameError {
  return { ok: false, code: 'name-too-long', message: `a label of '${raw}' is ${len} octets long; the limit is 63` };
}

function nameTooLong(raw: string, len: number): NameError {
  return { ok: false, code: 'name-too-long', message: `'${raw}' is ${len} octets long in wire form; the limit is 255` };
}

type Escaped = { ok: true; text: string; wire: number; absolute: boolean } | NameError;

/** The slow path: escapes, non-ASCII text, special characters. */
function readEscaped(raw: string): Escaped {
  const bytes = encoder.encode(raw);
  let out = '';
  let label = 0;
  let wire = 0;
  let absolute = false;
  for (let i = 0; i < bytes.length; i++) {
    let b = bytes[i];
    if (b === 0x2e) {
      if (label === 0) return { ok: false, code: 'syntax-error', message: `empty label in '${raw}'` };
      if (label > MAX_LABEL) return labelTooLong(raw, label);
      wire += label + 1;
      label = 0;
      out += '.';
      if (i === bytes.length - 1) absolute = true;
      continue;
    }
    if (b === 0x5c) {
      if (i + 1 >= bytes.length)
        return { ok: false, code: 'syntax-error', message: `'${raw}' ends with a lone backslash` };
      const d1 = bytes[i + 1];
      if (d1 >= 0x30 && d1 <= 0x39) {
        const d2 = bytes[i + 2];
        const d3 = bytes[i + 3];
        if (!(d2 >= 0x30 && d2 <= 0x39 && d3 >= 0x30 && d3 <= 0x39)) {
          return { ok: false, code: 'syntax-error', message: `bad escape in '${raw}': \\DDD needs three digits` };
        }
        b = (d1 - 0x30) * 100 + (d2 - 0x30) * 10 + (d3 - 0x30);
        if (b > 255) return { ok: false, code: 'syntax-error', message: `bad escape in '${raw}': \\${b} is above 255` };
        i += 3;
      } else {
        b = d1;
        i += 1;
      }
    }
    label++;
    out += escapeByte(b);
  }
  if (!absolute) {
    if (label === 0) return { ok: false, code: 'syntax-error', message: `empty label in '${raw}'` };
    if (label > MAX_LABEL) return labelTooLong(raw, label);
    wire += label + 1;
    out += '.';
  }
  return { ok: true, text: out, wire, absolute };
}

/** Splits a presentation-form absolute name into its labels (still escaped). The root has none. */
export function nameLabels(name: string): string[] {
  if (name === ROOT) return [];
  const labels: string[] = [];
  let start = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x5c) {
      i += isDigit(name.charCodeAt(i + 1)) ? 3 : 1;
    } else if (c === 0x2e) {
      labels.push(name.slice(start, i));
      start = i + 1;
    }
  }
  return labels;
}

/** An ASCII digit. */
export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Octets of one escaped label. */
export function labelBytes(label: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    if (c === 0x5c) {
      const d = label.charCodeAt(i + 1);
      if (isDigit(d)) {
        out.push(Number(label.slice(i + 1, i + 4)));
        i += 3;
      } else {
        out.push(d);
        i += 1;
      }
    } else out.push(c);
  }
  return out;
}

/** Wire length of an absolute name, root byte included. */
export function nameWireLength(name: string): number {
  if (name === ROOT) return 1;
  if (!name.includes('\\')) return name.length + 1;
  let n = 1;
  for (const l of nameLabels(name)) n += labelBytes(l).length + 1;
  return n;
}

/**
 * Where the key of the parent of the name of `key` starts in `key` (after
 * the first dot that no backslash escapes); -1 for the root and a name just
 * below it.
 */
export function parentAt(key: string): number {
  if (key === ROOT) return -1;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c === 0x2e) return i + 1 < key.length ? i + 1 : -1;
    if (c === 0x5c) {
      const d = key.charCodeAt(i + 1);
      i += d >= 0x30 && d <= 0x39 ? 3 : 1;
    }
  }
  return -1;
}

/**
 * Where each label of a presentation-form name starts, as `nameLabels` splits
 * it (a label ends at each unescaped dot), and `end`, the offset after the
 * last such dot: `name.slice(starts[i], end)` is `labels.slice(i).join('.') + '.'`
 * without building the labels and joining them again.
 */
export function labelStarts(name: string): { starts: number[]; end: number } {
  const starts: number[] = [];
  let start = 0;
  let end = 0;
  if (name !== ROOT) {
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i);
      if (c === 0x5c) {
        const d = name.charCodeAt(i + 1);
        i += d >= 0x30 && d <= 0x39 ? 3 : 1;
      } else if (c === 0x2e) {
        starts.push(start);
        start = i + 1;
        end = i + 1;
      }
    }
  }
  return { starts, end };
}

/** The comparison key of a name: DNS names compare ASCII case-insensitively. */
export function nameKey(name: string): string {
  // Nearly every name is lower case already. `toLowerCase` allocates a new
  // string before it finds that out, and keys are asked for millions of times
  // on a large zone: scan first, convert only when something would change.
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || c >= 0x80) return name.toLowerCase();
  }
  return name;
}

/**
 * The same string, flat. A relative name made absolute, or a message put
 * together from parts, is a concatenation, kept by V8 as a tree of pairs of
 * strings until something reads its characters; reading one now makes it
 * flat while it is young, so what keeps it keeps one compact string instead
 * of a tree (a message of six parts: five pairs of 20 bytes and the parts).
 */
export function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}

/** True when `name` is `ancestor` or below it. Both absolute. */
export function isSubdomain(name: string, ancestor: string): boolean {
  if (ancestor === ROOT) return true;
  return isSubdomainKey(nameKey(name), nameKey(ancestor));
}

/** `isSubdomain` for two keys (`nameKey` applied already), `ancestor` not the root. */
export function isSubdomainKey(n: string, a: string): boolean {
  if (n === a) return true;
  // The match must follow a dot (`n` ends with `.` + `a`); compared in place, no string built.
  const dot = n.length - a.length - 1;
  if (dot < 0 || n.charCodeAt(dot) !== 0x2e || !n.endsWith(a)) return false;
  return !isEscaped(n, dot);
}

/** True when the character at `i` of `s` follows an odd number of backslashes: it is escaped. */
export function isEscaped(s: string, i: number): boolean {
  let slashes = 0;
  while (i - slashes > 0 && s.charCodeAt(i - slashes - 1) === 0x5c) slashes++;
  return slashes % 2 === 1;
}

/** The absolute form of a name given without its trailing dot (by a caller, a setting, another format). */
export function absoluteName(name: string): string {
  return name.endsWith('.') ? name : name + '.';
}

/** `name` written relative to `origin` when it is below it (`@` for the origin itself), else absolute. */
export function relativize(name: string, origin: string): string {
  if (nameKey(name) === nameKey(origin)) return '@';
  if (origin !== ROOT && isSubdomain(name, origin)) return name.slice(0, name.length - origin.length - 1);
  return name;
}

/** Wire-form decoding: presentation form of one label from raw octets. */
export function labelFromBytes(bytes: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += escapeByte(bytes[i]);
  return s;
}

const keyCache = new Map<string, Uint8Array[]>();

function canonicalLabels(name: string): Uint8Array[] {
  const k = nameKey(name);
  let v = keyCache.get(k);
  if (v === undefined) {
    v = nameLabels(k)
      .map((l) => Uint8Array.from(labelBytes(l)))
      .reverse();
    if (keyCache.size > 100_000) keyCache.clear();
    keyCache.set(k, v);
  }
  return v;
}

/** DNSSEC canonical order of names (RFC 4034 §6.1): by labels from the right, octets compared case-folded. */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  const la = canonicalLabels(a);
  const lb = canonicalLabels(b);
  const n = Math.min(la.length, lb.length);
  for (let i = 0; i < n; i++) {
    const x = la[i];
    const y = lb[i];
    const m = Math.min(x.length, y.length);
    for (let j = 0; j < m; j++) {
      if (x[j] !== y[j]) return x[j] - y[j];
    }
    if (x.length !== y.length) return x.length - y.length;
  }
  return la.length - lb.length;
}
