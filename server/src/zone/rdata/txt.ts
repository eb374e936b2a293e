import { isDigit } from '../names';
import { layoutType } from './layout';
import type { RdataType, TokenSpans } from './rdataType';
import { MAX_RDATA, type RdataReader } from './reader';
import type { WireReader } from './wire';

/** A type whose RDATA is one or more character-strings, each a `text` field. */
function texts(mnemonic: string, code: number): RdataType {
  return {
    mnemonic,
    code,
    parse(r: RdataReader): void {
      r.characterStrings('text', 'text');
    },
    validTokens: plainStrings,
    fromWire(w: WireReader): string {
      let s = w.charString('text');
      while (!w.done()) s += ' ' + w.charString('text');
      return s;
    },
  };
}

/**
 * True when tokens `from` on are character-strings `characterStrings` reads
 * as written: printable ASCII, quoted or not, with escapes (`\"`, `\DDD` up
 * to 255) but no `\#` generic data, each at most 255 octets, together
 * within the 65535 of one record's RDATA. Anything else (other characters,
 * a bad escape) is for `parse` to judge.
 */
function plainStrings(text: string, tokens: TokenSpans, from: number): boolean {
  if (from >= tokens.count) return false;
  let total = 0;
  for (let i = from; i < tokens.count; i++) {
    let start = tokens.tokenStart(i);
    let end = tokens.tokenEnd(i);
    if (tokens.quoted(i)) {
      // The string is closed when it ends with a quote that no backslash escapes (see below).
      if (end - start < 2 || text.charCodeAt(end - 1) !== 0x22) return false;
      start++;
      end--;
    } else if (i === from && end - start === 2 && text.startsWith('\\#', start)) {
      return false;
    }
    let octets = 0;
    for (let k = start; k < end; k++, octets++) {
      const c = text.charCodeAt(k);
      if (c === 0x5c) {
        // A backslash last in the string would escape the closing quote, or end the word.
        if (++k >= end) return false;
        const d = text.charCodeAt(k);
        if (d >= 0x30 && d <= 0x39) {
          if (k + 2 >= end || !isDigit(text.charCodeAt(k + 1)) || !isDigit(text.charCodeAt(k + 2))) return false;
          if ((d - 0x30) * 100 + (text.charCodeAt(k + 1) - 0x30) * 10 + text.charCodeAt(k + 2) - 0x30 > 255)
            return false;
          k += 2;
        } else if (d < 0x20 || d > 0x7e) return false;
      } else if (c < 0x20 || c > 0x7e || c === 0x22) return false;
    }
    if (octets > 255) return false;
    total += octets + 1;
  }
  return total <= MAX_RDATA;
}

/** TXT (RFC 1035): one or more `text` strings. */
export const TXT = texts('TXT', 16);
/** SPF (RFC 7208, type 99, deprecated): like TXT. */
export const SPF = texts('SPF', 99);
/** AVC (Application Visibility and Control): like TXT. */
export const AVC = texts('AVC', 258);
/** RESINFO (RFC 9606): like TXT. */
export const RESINFO = texts('RESINFO', 261);
/** WALLET: like TXT. */
export const WALLET = texts('WALLET', 262);
/** NINFO: like TXT. */
export const NINFO = texts('NINFO', 56);

/** HINFO (RFC 1035): `cpu`, `os`. */
export const HINFO = layoutType('HINFO', 13, [
  { t: 'text', role: 'cpu', what: 'CPU' },
  { t: 'text', role: 'os', what: 'OS' },
]);

/** GPOS (RFC 1712): `longitude`, `latitude`, `altitude` as character-strings (BIND 9.18 does not check them). */
export const GPOS = layoutType('GPOS', 27, [
  { t: 'text', role: 'longitude' },
  { t: 'text', role: 'latitude' },
  { t: 'text', role: 'altitude' },
]);

/** X25 (RFC 1183): `address`, a PSDN address of at least four digits. */
export const X25: RdataType = {
  mnemonic: 'X25',
  code: 19,
  parse(r: RdataReader): void {
    const t = r.peek();
    const f = r.characterString('address', 'PSDN address');
    // BIND checks the raw token: four or more characters, all digits.
    if (t !== undefined) {
      let ok = t.text.length >= 4;
      for (let i = 0; ok && i < t.text.length; i++) {
        const c = t.text.charCodeAt(i);
        ok = c >= 0x30 && c <= 0x39;
      }
      if (!ok) r.fail(t, `X25 PSDN address must be at least four digits, not ${f.value}`);
    }
    r.end();
  },
  fromWire(w: WireReader): string {
    const s = w.charString('PSDN address');
    w.end();
    return s;
  },
};

/** ISDN (RFC 1183): `address` and an optional `subaddress`. */
export const ISDN: RdataType = {
  mnemonic: 'ISDN',
  code: 20,
  parse(r: RdataReader): void {
    r.characterString('address', 'ISDN address');
    if (r.more()) r.characterString('subaddress');
    r.end();
  },
  fromWire(w: WireReader): string {
    let s = w.charString('ISDN address');
    if (!w.done()) s += ' ' + w.charString('subaddress');
    w.end();
    return s;
  },
};
