import { layoutType } from './layout';
import type { RdataType } from './rdataType';
import type { RdataReader } from './reader';
import type { WireReader } from './wire';

/** A type whose RDATA is one or more character-strings, each a `text` field. */
function texts(mnemonic: string, code: number): RdataType {
  return {
    mnemonic,
    code,
    parse(r: RdataReader): void {
      r.characterStrings('text', 'text');
    },
    fromWire(w: WireReader): string {
      let s = w.charString('text');
      while (!w.done()) s += ' ' + w.charString('text');
      return s;
    },
  };
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
