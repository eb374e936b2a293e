/**
 * SVCB and HTTPS (RFC 9460): `priority`, `target`, then one `param` field per
 * SvcParam (num = its key). Each parameter is read into its wire form and
 * printed back from it, so text and `\#` input print identically, the way
 * BIND 9.18 prints them: keys in ascending order, `alpn` quoted, `ech`
 * bare, `dohpath` as `key7="…"`, a key without value bare.
 */
import type { RdataField, Token } from '../types';
import { formatIPv4, formatIPv6, fromBase64, parseIPv4, parseIPv6, quoteText, toBase64, unescapeText } from './codec';
import type { RdataType } from './rdataType';
import { decimal, type RdataReader } from './reader';
import { WireError, WireReader } from './wire';

const NAMES = ['mandatory', 'alpn', 'no-default-alpn', 'port', 'ipv4hint', 'ech', 'ipv6hint', 'dohpath'];

/** Key number of a SvcParamKey name (`alpn`, `key65000`); NaN when unknown, -1 when above 65535. */
function keyNumber(name: string): number {
  const i = NAMES.indexOf(name);
  if (i >= 0) return i;
  if (!name.startsWith('key') || name.length < 4 || name.length > 8) return NaN;
  const digits = name.slice(3);
  if (digits.length > 1 && digits[0] === '0') return NaN;
  const n = decimal(digits);
  return Number.isNaN(n) ? NaN : n > 65535 ? -1 : n;
}

/** How BIND 9.18 prints a key name (dohpath has no name there yet). */
function keyName(k: number): string {
  return k < 7 ? NAMES[k] : `key${k}`;
}

/** A problem found in a parameter value; becomes an RdataError on the token or a WireError. */
class ParamError extends Error {}

function ascii(bytes: readonly number[]): string {
  return String.fromCharCode(...bytes);
}

/** Splits alpn text octets on unescaped commas; `\X` is a literal X (the second escaping level). */
function splitAlpn(b: readonly number[]): number[][] {
  const ids: number[][] = [[]];
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0x5c && i + 1 < b.length) ids[ids.length - 1].push(b[++i]);
    else if (b[i] === 0x2c) ids.push([]);
    else ids[ids.length - 1].push(b[i]);
  }
  return ids;
}

/** Text value (escapes resolved, octets) of key `k` -> wire value. Throws ParamError. */
function valueToWire(k: number, v: number[] | null, name: string): number[] {
  const need = (): number[] => {
    if (v === null || v.length === 0) throw new ParamError(`${name} needs a value`);
    return v;
  };
  const out: number[] = [];
  switch (k) {
    case 0: {
      const seen = new Set<number>();
      for (const part of ascii(need()).split(',')) {
        const n = keyNumber(part);
        if (!(n >= 0)) throw new ParamError(`mandatory lists '${part}', which is not a parameter key`);
        if (n === 0) throw new ParamError('mandatory cannot list itself');
        if (seen.has(n)) throw new ParamError(`mandatory lists '${part}' twice`);
        seen.add(n);
      }
      for (const n of [...seen].sort((a, b) => a - b)) out.push(n >> 8, n & 255);
      return out;
    }
    case 1:
      for (const id of splitAlpn(need())) {
        if (id.length === 0 || id.length > 255)
          throw new ParamError('alpn ids must be 1 to 255 octets (no empty ids between commas)');
        out.push(id.length, ...id);
      }
      return out;
    case 2:
      if (v !== null && v.length > 0) throw new ParamError('no-default-alpn takes no value');
      return out;
    case 3: {
      const p = decimal(ascii(need()));
      if (!(p >= 0 && p <= 65535))
        throw new ParamError(`port must be a number from 0 to 65535, not '${ascii(need())}'`);
      return [p >> 8, p & 255];
    }
    case 4:
    case 6:
      for (const a of ascii(need()).split(',')) {
        const b = k === 4 ? parseIPv4(a) : parseIPv6(a);
        if (b === null)
          throw new ParamError(
            `${name} must be a comma-separated list of ${k === 4 ? 'IPv4' : 'IPv6'} addresses, not '${a}'`,
          );
        out.push(...b);
      }
      return out;
    case 5: {
      const b = fromBase64(ascii(v ?? []));
      if (b === null) throw new ParamError('ech must be base64');
      return Array.from(b);
    }
    default:
      // keyNNNNN (and dohpath): the octets themselves; known keys are checked like wire data.
      return v ?? [];
  }
}

/** Wire value of key `k` -> BIND's presentation of the whole parameter. Throws ParamError. */
function paramText(k: number, b: Uint8Array): string {
  const name = keyName(k);
  switch (k) {
    case 0: {
      if (b.length === 0 || b.length % 2 !== 0) throw new ParamError('mandatory must list 16-bit keys');
      const keys: string[] = [];
      let prev = -1;
      for (let i = 0; i < b.length; i += 2) {
        const n = (b[i] << 8) | b[i + 1];
        if (n <= prev || n === 0)
          throw new ParamError('mandatory keys must be in ascending order, without mandatory itself');
        prev = n;
        keys.push(keyName(n));
      }
      return 'mandatory=' + keys.join(',');
    }
    case 1: {
      const ids: number[] = [];
      for (let i = 0; i < b.length;) {
        const len = b[i++];
        if (len === 0 || i + len > b.length) throw new ParamError('alpn has an empty or truncated id');
        if (ids.length > 0) ids.push(0x2c);
        for (let j = 0; j < len; j++) {
          const c = b[i + j];
          if (c === 0x2c || c === 0x5c) ids.push(0x5c);
          ids.push(c);
        }
        i += len;
      }
      if (ids.length === 0) throw new ParamError('alpn needs at least one id');
      return 'alpn=' + quoteText(ids, 0x21);
    }
    case 2:
      if (b.length !== 0) throw new ParamError('no-default-alpn takes no value');
      return name;
    case 3:
      if (b.length !== 2) throw new ParamError('port must be two octets');
      return 'port=' + ((b[0] << 8) | b[1]);
    case 4:
    case 6: {
      const size = k === 4 ? 4 : 16;
      if (b.length === 0 || b.length % size !== 0) throw new ParamError(`${name} must hold whole addresses`);
      const list: string[] = [];
      for (let i = 0; i < b.length; i += size) list.push(k === 4 ? formatIPv4(b, i) : formatIPv6(b, i));
      return `${name}=${list.join(',')}`;
    }
    case 5:
      return b.length === 0 ? name : 'ech=' + toBase64(b);
    case 7:
      if (!validDohPath(b)) throw new ParamError("dohpath must be UTF-8, start with '/' and contain '{?dns}'");
      return `${name}=${quoteText(b)}`;
    default:
      return b.length === 0 ? name : `${name}=${quoteText(b)}`;
  }
}

/** RFC 9461: a relative URI template with the `dns` variable, in UTF-8. */
function validDohPath(b: Uint8Array): boolean {
  if (b.length === 0 || b[0] !== 0x2f) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return false;
  }
  return text.includes('{?dns}');
}

/** The cross-parameter rules: mandatory keys present, no-default-alpn only with alpn. */
function checkSet(keys: ReadonlySet<number>, mandatory: readonly number[]): string | null {
  for (const k of mandatory)
    if (!keys.has(k)) return `mandatory lists ${keyName(k)}, but the record has no ${keyName(k)} parameter`;
  if (keys.has(2) && !keys.has(1)) return 'no-default-alpn needs an alpn parameter too';
  return null;
}

/** True when `s` ends with a `"` that is not escaped. */
function endsWithQuote(s: string): boolean {
  if (s.length === 0 || s[s.length - 1] !== '"') return false;
  let n = 0;
  for (let i = s.length - 2; i >= 0 && s[i] === '\\'; i--) n++;
  return n % 2 === 0;
}

/**
 * Reads one `key[=value]` parameter starting at token `t`. Copes with the
 * ways a lexer may split `key="a b"`: one token, `key=` then an adjacent
 * quoted token, or a quoted value broken at its spaces.
 */
function readParam(r: RdataReader, t: Token): { key: number; wire: number[]; last: Token; name: string } {
  if (t.quoted) r.fail(t, `${r.type} parameter must be key=value, not a quoted string`);
  const eq = t.text.indexOf('=');
  const name = eq < 0 ? t.text : t.text.slice(0, eq);
  const key = keyNumber(name);
  if (Number.isNaN(key))
    r.fail(t, `${r.type} parameter key '${name}' is unknown (known: ${NAMES.slice(0, 7).join(', ')}, keyNNNNN)`);
  if (key < 0) r.fail(t, `${r.type} parameter key '${name}' is above key65535`);
  let last = t;
  let raw: string | null = eq < 0 ? null : t.text.slice(eq + 1);
  if (raw !== null && raw.length === 0) {
    const n = r.peek();
    if (n !== undefined && n.quoted && n.start === t.end) {
      r.next('value');
      raw = n.text;
      last = n;
    }
  } else if (raw !== null && raw[0] === '"') {
    while (!(raw.length >= 2 && endsWithQuote(raw))) {
      const n = r.peek();
      if (n === undefined || n.quoted) r.fail(t, `${r.type} parameter ${name} has an unterminated quoted value`);
      r.next('value');
      raw += ' '.repeat(Math.max(1, n.start - last.end)) + n.text;
      last = n;
    }
    raw = raw.slice(1, -1);
  }
  let value: number[] | null = null;
  if (raw !== null) {
    const b = unescapeText(raw);
    if (typeof b === 'string') r.failSpan(t, last, `${r.type} parameter ${name} has a ${b}`);
    value = b;
  }
  try {
    // keyNNNNN gives the wire value itself, whatever the key.
    const wire = name.startsWith('key') ? (value ?? []) : valueToWire(key, value, name);
    // Known keys given as keyN, and dohpath, are checked through the wire printer.
    if (key === 7 || (key < 7 && name.startsWith('key'))) paramText(key, Uint8Array.from(wire));
    return { key, wire, last, name };
  } catch (e) {
    if (e instanceof ParamError) r.failSpan(t, last, `${r.type} parameter ${name}: ${e.message}`);
    throw e;
  }
}

function svcbType(mnemonic: string, code: number): RdataType {
  return {
    mnemonic,
    code,
    parse(r: RdataReader): void {
      r.u16('priority');
      r.name('target');
      const keys = new Set<number>();
      let mandatory: number[] = [];
      let firstTok: Token | undefined;
      let lastTok: Token | undefined;
      while (r.more()) {
        const t = r.next('parameter');
        firstTok ??= t;
        const p = readParam(r, t);
        lastTok = p.last;
        if (keys.has(p.key)) r.failSpan(t, p.last, `${mnemonic} parameter ${keyName(p.key)} appears twice`);
        keys.add(p.key);
        if (p.key === 0) {
          mandatory = [];
          for (let i = 0; i < p.wire.length; i += 2) mandatory.push((p.wire[i] << 8) | p.wire[i + 1]);
        }
        r.push('param', 'other', t, p.last, paramText(p.key, Uint8Array.from(p.wire)), p.key);
      }
      const problem = checkSet(keys, mandatory);
      if (problem !== null && firstTok && lastTok) r.failSpan(firstTok, lastTok, `${mnemonic} ${problem}`);
    },
    format(fields: readonly RdataField[]): string {
      let s = '';
      const params: RdataField[] = [];
      for (const f of fields) {
        if (f.role === 'param') params.push(f);
        else s += (s ? ' ' : '') + f.value;
      }
      params.sort((a, b) => (a.num ?? 0) - (b.num ?? 0));
      for (const p of params) s += ' ' + p.value;
      return s;
    },
    fromWire(w: WireReader): string {
      let s = w.u16('priority') + ' ' + w.name('target');
      const keys = new Set<number>();
      let mandatory: number[] = [];
      let prev = -1;
      while (!w.done()) {
        const k = w.u16('parameter key');
        if (k <= prev) throw new WireError(`${mnemonic} parameters must be in ascending key order`);
        prev = k;
        const v = w.bytes(w.u16('parameter length'), 'parameter value');
        keys.add(k);
        if (k === 0) {
          const mr = new WireReader(v);
          mandatory = [];
          while (mr.left >= 2) mandatory.push(mr.u16());
        }
        try {
          s += ' ' + paramText(k, v);
        } catch (e) {
          if (e instanceof ParamError) throw new WireError(`${mnemonic} ${e.message}`);
          throw e;
        }
      }
      const problem = checkSet(keys, mandatory);
      if (problem !== null) throw new WireError(`${mnemonic} ${problem}`);
      return s;
    },
  };
}

/** SVCB (RFC 9460). */
export const SVCB = svcbType('SVCB', 64);
/** HTTPS (RFC 9460). */
export const HTTPS = svcbType('HTTPS', 65);
