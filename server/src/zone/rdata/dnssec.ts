/**
 * DNSSEC and key-related types: DS/CDS/TA/DLV, DNSKEY/CDNSKEY/KEY/RKEY,
 * RRSIG/SIG, NSEC, NSEC3, NSEC3PARAM, CSYNC, NXT.
 */
import { isPlainName } from '../names';
import { base64At, decimal, decimalAt, hexAt } from './reader';
import { base32HexLength, hexValue, split56, toBase32Hex, toBase64, toHex } from './codec';
import {
  DSDIGEST_LENGTH,
  DSDIGEST_NAMES,
  HASHALG_NAMES,
  SECALG_NAMES,
  SECPROTO_NAMES,
  parseKeyFlags,
} from './mnemonics';
import { formatTimestamp, parseTimestamp, timestampAt } from './time';
import { typeCode, typeCodeAt, typeName } from './typeCodes';
import type { RdataType, TokenSpans } from './rdataType';
import type { RdataReader } from './reader';
import { WireError, WireReader } from './wire';

// A signed zone has an RRSIG for every RRset and an NSEC or NSEC3 for every
// name: the `validTokens` below check the plain form of these records in
// place, as they are written by signers, and leave any other form (algorithm
// mnemonics, quotes, escapes, padding across words) to `parse`.

/** The number of token `i`, read in place: NaN unless plain digits. */
function numberAt(text: string, tokens: TokenSpans, i: number): number {
  return tokens.quoted(i) ? NaN : decimalAt(text, tokens.tokenStart(i), tokens.tokenEnd(i));
}

/** True when token `i` is a name that `RdataReader.name` reads under `origin` (see `isPlainName`). */
function plainNameAt(text: string, tokens: TokenSpans, i: number, origin: string | null): boolean {
  return !tokens.quoted(i) && isPlainName(text, tokens.tokenStart(i), tokens.tokenEnd(i), origin);
}

/** True when token `i` is a type mnemonic or `TYPEnnn` (`RdataReader.rrtype`). */
function typeAt(text: string, tokens: TokenSpans, i: number): boolean {
  return !tokens.quoted(i) && typeCodeAt(text, tokens.tokenStart(i), tokens.tokenEnd(i)) !== undefined;
}

/** True when tokens `from` to the end are types (`RdataReader.typeBitmap`; none is allowed). */
function typesAt(text: string, tokens: TokenSpans, from: number): boolean {
  for (let i = from; i < tokens.count; i++) if (!typeAt(text, tokens, i)) return false;
  return true;
}

// ---------------------------------------------------------------- DS family

function dsType(mnemonic: string, code: number): RdataType {
  return {
    mnemonic,
    code,
    parse(r: RdataReader): void {
      r.u16('keyTag', 'key tag');
      r.numberOrName('algorithm', 'algorithm', 0xff, SECALG_NAMES);
      const dt = r.numberOrName('digestType', 'digest type', 0xff, DSDIGEST_NAMES);
      const d = r.hex('digest', 'digest', true);
      const want = DSDIGEST_LENGTH.get(dt.num ?? -1);
      if (want !== undefined && d.length !== want) {
        throw r.spanError(
          d.field,
          `${mnemonic} digest of type ${dt.num} must be ${want} octets (${2 * want} hex digits), not ${d.length}`,
        );
      }
    },
    validTokens(text: string, tokens: TokenSpans, from: number): boolean {
      if (tokens.count - from < 4) return false;
      const type = numberAt(text, tokens, from + 2);
      if (!(numberAt(text, tokens, from) <= 0xffff && numberAt(text, tokens, from + 1) <= 0xff && type <= 0xff))
        return false;
      const octets = hexAt(text, tokens, from + 3);
      return octets >= 0 && (DSDIGEST_LENGTH.get(type) ?? octets) === octets;
    },
    fromWire(w: WireReader): string {
      const s = w.u16('key tag') + ' ' + w.u8('algorithm') + ' ' + w.u8('digest type');
      const d = w.rest();
      return d.length === 0 ? s : s + ' ' + split56(toHex(d));
    },
  };
}

/** DS (RFC 4034 §5): `keyTag`, `algorithm`, `digestType`, `digest` (hex). */
export const DS = dsType('DS', 43);
/** CDS (RFC 7344): like DS. */
export const CDS = dsType('CDS', 59);
/** TA (DNSSEC trust authorities): like DS. */
export const TA = dsType('TA', 32768);
/** DLV (RFC 4431): like DS. */
export const DLV = dsType('DLV', 32769);

// ------------------------------------------------------------ DNSKEY family

function keyType(mnemonic: string, code: number, noKeyAllowed: boolean, zeroFlags = false): RdataType {
  return {
    mnemonic,
    code,
    parse(r: RdataReader): void {
      const t = r.next('flags');
      const flags = t.quoted ? NaN : /^[0-9]/.test(t.text) ? decimal(t.text) : parseKeyFlags(t.text);
      if (!(flags >= 0 && flags <= 0xffff)) {
        r.fail(t, `${mnemonic} flags must be a number from 0 to 65535 (256 for a ZSK, 257 for a KSK), not '${t.text}'`);
      }
      if (zeroFlags && flags !== 0) r.fail(t, `${mnemonic} flags must be 0, not '${t.text}'`);
      r.push('flags', 'int', t, t, String(flags), flags);
      r.numberOrName('protocol', 'protocol', 0xff, SECPROTO_NAMES);
      r.numberOrName('algorithm', 'algorithm', 0xff, SECALG_NAMES);
      // KEY with the "no key" flag combination (RFC 2535 §3.1.2) carries no key material.
      if (noKeyAllowed && (flags & 0xc000) === 0xc000) {
        r.end();
        return;
      }
      r.base64('publicKey', 'public key', true);
    },
    validTokens(text: string, tokens: TokenSpans, from: number): boolean {
      if (tokens.count - from < 3) return false;
      const flags = numberAt(text, tokens, from);
      if (!(flags <= 0xffff) || (zeroFlags && flags !== 0)) return false;
      if (!(numberAt(text, tokens, from + 1) <= 0xff && numberAt(text, tokens, from + 2) <= 0xff)) return false;
      if (noKeyAllowed && (flags & 0xc000) === 0xc000) return tokens.count - from === 3;
      return base64At(text, tokens, from + 3) >= 0;
    },
    fromWire(w: WireReader): string {
      const flags = w.u16('flags');
      if (zeroFlags && flags !== 0) throw new WireError(`${mnemonic} flags must be 0`);
      const protocol = w.u8('protocol');
      const alg = w.u8('algorithm');
      const s = flags + ' ' + protocol + ' ' + alg;
      const k = w.rest();
      // BIND checks (in wire data only) that a PRIVATEDNS key starts with a domain name.
      if (alg === 253) new WireReader(k).name('PRIVATEDNS key name');
      return k.length === 0 ? s : s + ' ' + split56(toBase64(k));
    },
  };
}

/** DNSKEY (RFC 4034 §2): `flags`, `protocol`, `algorithm`, `publicKey` (base64). */
export const DNSKEY = keyType('DNSKEY', 48, false);
/** CDNSKEY (RFC 7344): like DNSKEY. */
export const CDNSKEY = keyType('CDNSKEY', 60, false);
/** KEY (RFC 2535): like DNSKEY; no key when flags have NOKEY (0xC000). */
export const KEY = keyType('KEY', 25, true);
/** RKEY: like DNSKEY, flags 0. */
export const RKEY = keyType('RKEY', 57, false, true);

// ------------------------------------------------------------- RRSIG / SIG

/** Reads an RRSIG/SIG timestamp; `numeric` allows BIND's plain-number form (RRSIG only). */
function timeField(r: RdataReader, role: string, what: string, numeric: boolean): void {
  const t = r.next(what);
  let v = NaN;
  if (!t.quoted) {
    const c0 = t.text.charCodeAt(0);
    if (numeric && t.text.length <= 10 && c0 !== 0x2b && c0 !== 0x2d) {
      v = decimal(t.text);
      if (v > 0xffffffff) v = NaN;
    } else v = parseTimestamp(t.text);
  }
  if (Number.isNaN(v)) {
    r.fail(
      t,
      `${r.type} ${what} must be a UTC time YYYYMMDDHHMMSS${numeric ? ' or a number of seconds since 1970' : ''}, not '${t.text}'`,
    );
  }
  r.push(role, 'time', t, t, formatTimestamp(v), v);
}

/** True when token `i` is a timestamp that `timeField` reads. */
function timeAt(text: string, tokens: TokenSpans, i: number, numeric: boolean): boolean {
  if (tokens.quoted(i)) return false;
  const start = tokens.tokenStart(i);
  const end = tokens.tokenEnd(i);
  if (numeric && end - start <= 10) return decimalAt(text, start, end) <= 0xffffffff;
  return !Number.isNaN(timestampAt(text, start, end));
}

function sigType(mnemonic: string, code: number, numericTimes: boolean): RdataType {
  return {
    mnemonic,
    code,
    parse(r: RdataReader): void {
      r.rrtype('typeCovered', 'type covered');
      r.numberOrName('algorithm', 'algorithm', 0xff, SECALG_NAMES);
      r.u8('labels');
      r.u32('originalTtl', 'original TTL');
      timeField(r, 'expiration', 'signature expiration', numericTimes);
      timeField(r, 'inception', 'signature inception', numericTimes);
      r.u16('keyTag', 'key tag');
      r.name('signer', "signer's name");
      r.base64('signature', 'signature', true);
    },
    validTokens(text: string, tokens: TokenSpans, from: number, origin: string | null): boolean {
      if (tokens.count - from < 9 || !typeAt(text, tokens, from)) return false;
      const algorithm = numberAt(text, tokens, from + 1);
      const labels = numberAt(text, tokens, from + 2);
      if (!(algorithm <= 0xff && labels <= 0xff && numberAt(text, tokens, from + 3) <= 0xffffffff)) return false;
      if (!timeAt(text, tokens, from + 4, numericTimes) || !timeAt(text, tokens, from + 5, numericTimes)) return false;
      if (!(numberAt(text, tokens, from + 6) <= 0xffff) || !plainNameAt(text, tokens, from + 7, origin)) return false;
      return base64At(text, tokens, from + 8) >= 0;
    },
    fromWire(w: WireReader): string {
      let s =
        typeName(w.u16('type covered')) + ' ' + w.u8('algorithm') + ' ' + w.u8('labels') + ' ' + w.u32('original TTL');
      s += ' ' + formatTimestamp(w.u32('expiration')) + ' ' + formatTimestamp(w.u32('inception'));
      s += ' ' + w.u16('key tag') + ' ' + w.name("signer's name");
      const sig = w.rest();
      return sig.length === 0 ? s : s + ' ' + split56(toBase64(sig));
    },
  };
}

/** RRSIG (RFC 4034 §3): `typeCovered`, `algorithm`, `labels`, `originalTtl`, `expiration`, `inception`, `keyTag`, `signer`, `signature`. */
export const RRSIG = sigType('RRSIG', 46, true);
/** SIG (RFC 2535): like RRSIG, timestamps as dates only. */
export const SIG = sigType('SIG', 24, false);

// ---------------------------------------------------------- type bitmaps

/** Decodes an RFC 4034 §4.1.2 type bitmap into type mnemonics. */
function bitmapFromWire(w: WireReader): string {
  let s = '';
  let lastWindow = -1;
  while (!w.done()) {
    const win = w.u8('bitmap window');
    const len = w.u8('bitmap length');
    if (win <= lastWindow) throw new WireError('bitmap windows out of order');
    if (len < 1 || len > 32) throw new WireError(`bad bitmap length ${len}`);
    lastWindow = win;
    const bits = w.bytes(len, 'bitmap');
    if (bits[len - 1] === 0) throw new WireError('bitmap has a trailing zero octet');
    for (let i = 0; i < len; i++) {
      for (let b = 0; b < 8; b++) {
        if (bits[i] & (0x80 >> b)) s += ' ' + typeName(win * 256 + i * 8 + b);
      }
    }
  }
  return s;
}

/** NSEC (RFC 4034 §4): `next` name and `types` (the bitmap, mnemonics in ascending order). */
export const NSEC: RdataType = {
  mnemonic: 'NSEC',
  code: 47,
  parse(r: RdataReader): void {
    r.name('next', 'next domain name');
    // BIND refuses an NSEC without types (FORMERR): it always covers at least NSEC itself.
    r.typeBitmap('types', 'type list', 1);
  },
  validTokens(text: string, tokens: TokenSpans, from: number, origin: string | null): boolean {
    return tokens.count - from >= 2 && plainNameAt(text, tokens, from, origin) && typesAt(text, tokens, from + 1);
  },
  fromWire(w: WireReader): string {
    const s = w.name('next domain name');
    if (w.done()) throw new WireError('NSEC has an empty type bitmap');
    return s + bitmapFromWire(w);
  },
};

/** NSEC3 (RFC 5155 §3): `hashAlgorithm`, `flags`, `iterations`, `salt` (hex or `-`), `nextHashed` (base32hex), `types`. */
export const NSEC3: RdataType = {
  mnemonic: 'NSEC3',
  code: 50,
  parse(r: RdataReader): void {
    const alg = r.numberOrName('hashAlgorithm', 'hash algorithm', 0xff, HASHALG_NAMES);
    r.u8('flags');
    r.u16('iterations');
    const salt = r.hexWord('salt', 'salt', true);
    if (salt.length > 255) throw r.spanError(salt.field, `NSEC3 salt is ${salt.length} octets; the limit is 255`);
    const next = r.base32hex('nextHashed', 'next hashed owner name');
    // BIND checks the hash length for SHA-1 (the only algorithm defined).
    if (alg.num === 1 && next.length !== 20) {
      throw r.spanError(
        next.field,
        `NSEC3 SHA-1 next hashed owner name must be 20 octets (32 base32hex characters), not ${next.length}`,
      );
    }
    if (next.length > 255) throw r.spanError(next.field, `NSEC3 next hashed owner name is longer than 255 octets`);
    r.typeBitmap('types');
  },
  validTokens(text: string, tokens: TokenSpans, from: number): boolean {
    if (tokens.count - from < 5) return false;
    const algorithm = numberAt(text, tokens, from);
    if (!(algorithm <= 0xff && numberAt(text, tokens, from + 1) <= 0xff && numberAt(text, tokens, from + 2) <= 0xffff))
      return false;
    // The salt: '-', or an even number of hex digits, at most 255 octets.
    if (tokens.quoted(from + 3) || tokens.quoted(from + 4)) return false;
    const saltStart = tokens.tokenStart(from + 3);
    const saltEnd = tokens.tokenEnd(from + 3);
    if (saltEnd - saltStart !== 1 || text.charCodeAt(saltStart) !== 0x2d) {
      if ((saltEnd - saltStart) % 2 !== 0 || saltEnd - saltStart > 510) return false;
      for (let i = saltStart; i < saltEnd; i++) if (hexValue(text.charCodeAt(i)) < 0) return false;
    }
    const next = base32HexLength(text.slice(tokens.tokenStart(from + 4), tokens.tokenEnd(from + 4)));
    if (next <= 0 || next > 255 || (algorithm === 1 && next !== 20)) return false;
    return typesAt(text, tokens, from + 5);
  },
  fromWire(w: WireReader): string {
    const alg = w.u8('hash algorithm');
    let s = alg + ' ' + w.u8('flags') + ' ' + w.u16('iterations');
    const salt = w.bytes(w.u8('salt length'), 'salt');
    s += ' ' + (salt.length === 0 ? '-' : toHex(salt));
    const hlen = w.u8('hash length');
    if (hlen === 0) throw new WireError('NSEC3 next hashed owner name is empty');
    if (alg === 1 && hlen !== 20) throw new WireError(`NSEC3 SHA-1 hash must be 20 octets, not ${hlen}`);
    s += ' ' + toBase32Hex(w.bytes(hlen, 'next hashed owner name'));
    return s + bitmapFromWire(w);
  },
};

/** NSEC3PARAM (RFC 5155 §4): `hashAlgorithm`, `flags`, `iterations`, `salt`. */
export const NSEC3PARAM: RdataType = {
  mnemonic: 'NSEC3PARAM',
  code: 51,
  parse(r: RdataReader): void {
    r.numberOrName('hashAlgorithm', 'hash algorithm', 0xff, HASHALG_NAMES);
    r.u8('flags');
    r.u16('iterations');
    const salt = r.hexWord('salt', 'salt', true);
    if (salt.length > 255) throw r.spanError(salt.field, `NSEC3PARAM salt is ${salt.length} octets; the limit is 255`);
    r.end();
  },
  fromWire(w: WireReader): string {
    let s = w.u8('hash algorithm') + ' ' + w.u8('flags') + ' ' + w.u16('iterations');
    const salt = w.bytes(w.u8('salt length'), 'salt');
    s += ' ' + (salt.length === 0 ? '-' : toHex(salt));
    w.end();
    return s;
  },
};

/** CSYNC (RFC 7477): `serial`, `flags`, `types`. */
export const CSYNC: RdataType = {
  mnemonic: 'CSYNC',
  code: 62,
  parse(r: RdataReader): void {
    r.u32('serial', 'SOA serial');
    r.u16('flags');
    r.typeBitmap('types');
  },
  fromWire(w: WireReader): string {
    return w.u32('serial') + ' ' + w.u16('flags') + bitmapFromWire(w);
  },
};

function nxtTypeName(code: number): string {
  const n = typeName(code);
  return n.startsWith('TYPE') ? String(code) : n;
}

/** NXT (RFC 2535, obsolete): `next` name and `types` (codes 1-127 only). */
export const NXT: RdataType = {
  mnemonic: 'NXT',
  code: 30,
  parse(r: RdataReader): void {
    r.name('next', 'next domain name');
    // NXT takes mnemonics or plain numbers, 1-127, and prints unknown types as numbers.
    const toks = r.rest();
    const seen = new Set<number>();
    for (const t of toks) {
      let code = t.quoted ? undefined : typeCode(t.text);
      if (code === undefined && !t.quoted) {
        const n = decimal(t.text);
        if (!Number.isNaN(n)) code = n;
      }
      if (code === undefined) r.fail(t, `NXT type list must hold record types like A or 13, not '${t.text}'`);
      if (code < 1 || code > 127) r.fail(t, `NXT can only list types 1 to 127, not '${t.text}'`);
      seen.add(code);
    }
    if (toks.length > 0) {
      const codes = [...seen].sort((a, b) => a - b);
      r.push('types', 'mnemonic', toks[0], toks[toks.length - 1], codes.map(nxtTypeName).join(' '), codes.length);
    }
  },
  fromWire(w: WireReader): string {
    let s = w.name('next domain name');
    const bits = w.rest();
    if (bits.length > 0 && (bits[0] & 0x80) === 0 && (bits.length > 16 || bits[bits.length - 1] === 0)) {
      throw new WireError('NXT bitmap is longer than 16 octets or ends in a zero octet');
    }
    for (let i = 0; i < bits.length; i++) {
      for (let b = 0; b < 8; b++) if (bits[i] & (0x80 >> b)) s += ' ' + nxtTypeName(i * 8 + b);
    }
    return s;
  },
};
