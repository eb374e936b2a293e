/**
 * Address-like types beyond A/AAAA: NID, L32, L64 (ILNP, RFC 6742), EUI48,
 * EUI64 (RFC 7043), NSAP (RFC 1706), A6 (RFC 2874), ATMA, APL (RFC 3123),
 * AMTRELAY (RFC 8777).
 */
import { formatIPv4, formatIPv6, hexValue, parseIPv4, parseIPv6, toLowerHex } from './codec';
import { gateway, gatewayFromWire } from './keys';
import { layoutType } from './layout';
import { decimal } from './reader';
import type { RdataType } from './rdataType';
import type { RdataReader } from './reader';
import { GenericOnly, WireError, type WireReader } from './wire';

/** Parses `x:x:x:x` (four groups of 1-4 hex digits) into 8 octets; null when bad. */
function parseLocator64(s: string): Uint8Array | null {
  const out = new Uint8Array(8);
  let group = 0;
  let digits = 0;
  let v = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i === s.length || s.charCodeAt(i) === 0x3a) {
      if (digits === 0 || group > 3) return null;
      out[2 * group] = v >> 8;
      out[2 * group + 1] = v & 255;
      group++;
      digits = 0;
      v = 0;
      continue;
    }
    const h = hexValue(s.charCodeAt(i));
    if (h < 0 || ++digits > 4) return null;
    v = (v << 4) | h;
  }
  return group === 4 ? out : null;
}

function formatLocator64(b: ArrayLike<number>): string {
  let s = '';
  for (let g = 0; g < 4; g++) s += (g ? ':' : '') + ((b[2 * g] << 8) | b[2 * g + 1]).toString(16);
  return s;
}

function locator64Type(mnemonic: string, code: number, role: string): RdataType {
  return {
    mnemonic,
    code,
    parse(r: RdataReader): void {
      r.u16('preference');
      const t = r.next(role);
      const b = t.quoted ? null : parseLocator64(t.text);
      if (b === null)
        r.fail(t, `${mnemonic} ${role} must be four groups of hex digits like 2001:db8:1140:1000, not '${t.text}'`);
      r.push(role, 'other', t, t, formatLocator64(b));
      r.end();
    },
    fromWire(w: WireReader): string {
      const s = w.u16('preference') + ' ' + formatLocator64(w.bytes(8, role));
      w.end();
      return s;
    },
  };
}

/** NID (RFC 6742): `preference`, `nodeId` (x:x:x:x). */
export const NID = locator64Type('NID', 104, 'nodeId');
/** L64 (RFC 6742): `preference`, `locator` (x:x:x:x). */
export const L64 = locator64Type('L64', 106, 'locator');
/** L32 (RFC 6742): `preference`, `locator` (IPv4 form). */
export const L32 = layoutType('L32', 105, [
  { t: 'u16', role: 'preference' },
  { t: 'ipv4', role: 'locator' },
]);

function euiType(mnemonic: string, code: number, octets: number): RdataType {
  return {
    mnemonic,
    code,
    parse(r: RdataReader): void {
      const t = r.next('address');
      const b = new Uint8Array(octets);
      let ok = !t.quoted;
      let i = 0;
      for (let k = 0; ok && k < octets; k++) {
        // sscanf("%2x-…") semantics: one or two hex digits per octet.
        let v = 0;
        let d = 0;
        while (d < 2 && i < t.text.length && hexValue(t.text.charCodeAt(i)) >= 0) {
          v = (v << 4) | hexValue(t.text.charCodeAt(i++));
          d++;
        }
        b[k] = v;
        // Like BIND's sscanf, text after the last octet is ignored.
        ok = d > 0 && (k === octets - 1 || t.text.charCodeAt(i++) === 0x2d);
      }
      if (!ok)
        r.fail(
          t,
          `${mnemonic} address must be ${octets} hex pairs separated by '-', like ${'00-'.repeat(octets - 1)}2a, not '${t.text}'`,
        );
      r.push('address', 'other', t, t, formatEui(b));
      r.end();
    },
    fromWire(w: WireReader): string {
      const s = formatEui(w.bytes(octets, 'address'));
      w.end();
      return s;
    },
  };
}

function formatEui(b: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (i ? '-' : '') + toLowerHex([b[i]]);
  return s;
}

/** EUI48 (RFC 7043): `address` as xx-xx-xx-xx-xx-xx. */
export const EUI48 = euiType('EUI48', 108, 6);
/** EUI64 (RFC 7043): `address` as eight hex pairs. */
export const EUI64 = euiType('EUI64', 109, 8);

/** NSAP (RFC 1706): `address`, `0x` then hex digits (dots allowed), printed `0x…` lower-case. */
export const NSAP: RdataType = {
  mnemonic: 'NSAP',
  code: 22,
  parse(r: RdataReader): void {
    const t = r.next('address');
    const s = t.text;
    let hex = '';
    let ok = !t.quoted && s.length > 2 && s.charCodeAt(0) === 0x30 && (s.charCodeAt(1) | 0x20) === 0x78;
    for (let i = 2; ok && i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x2e) continue;
      ok = hexValue(c) >= 0;
      hex += s[i];
    }
    if (!ok || hex.length === 0 || hex.length % 2 !== 0) {
      r.fail(t, `NSAP address must be '0x' followed by an even number of hex digits (dots allowed), not '${s}'`);
    }
    r.push('address', 'hex', t, t, '0x' + hex.toLowerCase());
    r.end();
  },
  fromWire(w: WireReader): string {
    const b = w.rest();
    if (b.length === 0) throw new WireError('NSAP address is empty');
    return '0x' + toLowerHex(b);
  },
};

/** A6 (RFC 2874, historic): `prefixLength`, `suffix` (unless 128), `prefixName` (unless 0). */
export const A6: RdataType = {
  mnemonic: 'A6',
  code: 38,
  parse(r: RdataReader): void {
    const plen = r.int('prefixLength', 128, 'prefix length').num ?? 0;
    if (plen < 128) {
      const t = r.next('address suffix');
      const b = t.quoted ? null : parseIPv6(t.text);
      if (b === null) r.fail(t, `A6 address suffix must be an IPv6 address, not '${t.text}'`);
      maskPrefix(b, plen);
      r.push('suffix', 'ipv6', t, t, formatIPv6(b));
    }
    if (plen > 0) r.name('prefixName', 'prefix name');
    r.end();
  },
  fromWire(w: WireReader): string {
    const plen = w.u8('prefix length');
    if (plen > 128) throw new WireError(`A6 prefix length ${plen} is above 128`);
    let s = String(plen);
    if (plen < 128) {
      const n = 16 - (plen >> 3);
      const b = new Uint8Array(16);
      b.set(w.bytes(n, 'address suffix'), 16 - n);
      maskPrefix(b, plen);
      s += ' ' + formatIPv6(b);
    }
    if (plen > 0) s += ' ' + w.name('prefix name');
    w.end();
    return s;
  },
};

/** Clears the first `plen` bits (the part the prefix name supplies). */
function maskPrefix(b: Uint8Array, plen: number): void {
  for (let i = 0; i < 16; i++) {
    const bitsHere = Math.min(8, Math.max(0, plen - i * 8));
    if (bitsHere > 0) b[i] &= 0xff >> bitsHere;
  }
}

/** ATMA (ATM Forum): `address`, E.164 (`+digits`, dots ignored) or NSAP (hex, dots ignored). */
export const ATMA: RdataType = {
  mnemonic: 'ATMA',
  code: 34,
  parse(r: RdataReader): void {
    const t = r.next('address');
    const s = t.text;
    let out = '';
    let ok = !t.quoted && s.length > 0;
    if (ok && s.charCodeAt(0) === 0x2b) {
      out = '+';
      for (let i = 1; ok && i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c === 0x2e) continue;
        ok = c >= 0x30 && c <= 0x39;
        out += s[i];
      }
      ok = ok && out.length > 1;
    } else {
      for (let i = 0; ok && i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c === 0x2e) continue;
        ok = hexValue(c) >= 0;
        out += s[i];
      }
      ok = ok && out.length > 0 && out.length % 2 === 0;
      out = out.toLowerCase();
    }
    if (!ok) r.fail(t, `ATMA address must be '+' and E.164 digits, or an even number of hex digits, not '${s}'`);
    r.push('address', 'other', t, t, out);
    r.end();
  },
  fromWire(w: WireReader): string {
    const format = w.u8('format');
    const b = w.rest();
    if (b.length === 0) throw new WireError('ATMA address is empty');
    if (format === 0) return toLowerHex(b);
    if (format === 1) {
      let s = '+';
      for (let i = 0; i < b.length; i++) {
        if (b[i] < 0x30 || b[i] > 0x39) throw new WireError('ATMA E.164 address has a non-digit');
        s += String.fromCharCode(b[i]);
      }
      return s;
    }
    throw new WireError(`ATMA format ${format} is unknown`);
  },
};

/** APL (RFC 3123): zero or more `item`s `[!]afi:address/prefix`, AFI 1 (IPv4) or 2 (IPv6). */
export const APL: RdataType = {
  mnemonic: 'APL',
  code: 42,
  parse(r: RdataReader): void {
    while (r.more()) {
      const t = r.next('item');
      const s = t.text;
      const neg = s.charCodeAt(0) === 0x21;
      const colon = s.indexOf(':');
      const slash = s.lastIndexOf('/');
      const afi = colon > 0 ? decimal(s.slice(neg ? 1 : 0, colon)) : NaN;
      const prefix = slash > colon ? decimal(s.slice(slash + 1)) : NaN;
      const addrText = slash > colon ? s.slice(colon + 1, slash) : '';
      const addr = afi === 1 ? parseIPv4(addrText) : afi === 2 ? parseIPv6(addrText) : null;
      if (t.quoted || addr === null || Number.isNaN(prefix)) {
        r.fail(t, `APL item must look like 1:192.0.2.0/24 or !2:2001:db8::/32, not '${s}'`);
      }
      if (prefix > (afi === 1 ? 32 : 128))
        r.fail(t, `APL prefix length /${prefix} is too long for ${afi === 1 ? 'IPv4' : 'IPv6'}`);
      const value = (neg ? '!' : '') + afi + ':' + (afi === 1 ? formatIPv4(addr) : formatIPv6(addr)) + '/' + prefix;
      r.push('item', 'other', t, t, value, afi);
    }
  },
  fromWire(w: WireReader): string {
    const items: string[] = [];
    while (!w.done()) {
      const afi = w.u16('address family');
      const prefix = w.u8('prefix');
      const nl = w.u8('length');
      const len = nl & 0x7f;
      const size = afi === 1 ? 4 : afi === 2 ? 16 : 0;
      if (size === 0) throw new GenericOnly(`APL address family ${afi} has no text form`);
      if (prefix > size * 8 || len > size) throw new WireError('APL prefix or length out of range');
      const b = new Uint8Array(size);
      b.set(w.bytes(len, 'address'));
      if (len > 0 && b[len - 1] === 0) throw new WireError('APL address part has trailing zero octets');
      items.push((nl & 0x80 ? '!' : '') + afi + ':' + (afi === 1 ? formatIPv4(b) : formatIPv6(b)) + '/' + prefix);
    }
    return items.join(' ');
  },
};

/** AMTRELAY (RFC 8777): `precedence`, `discovery` (0/1), `relayType` (0-3), `relay` (`.` when type 0). */
export const AMTRELAY: RdataType = {
  mnemonic: 'AMTRELAY',
  code: 260,
  parse(r: RdataReader): void {
    r.u8('precedence');
    r.int('discovery', 1, 'discovery optional flag');
    const t = r.next('relay type');
    const type = t.quoted ? NaN : decimal(t.text);
    if (!(type >= 0 && type <= 3))
      r.fail(t, `AMTRELAY relay type must be 0 (none), 1 (IPv4), 2 (IPv6) or 3 (domain name), not '${t.text}'`);
    r.push('relayType', 'int', t, t, String(type), type);
    gateway(r, type, 'AMTRELAY', 'relay');
    r.end();
  },
  fromWire(w: WireReader): string {
    const prec = w.u8('precedence');
    const dt = w.u8('type');
    const type = dt & 0x7f;
    const s = `${prec} ${dt >> 7} ${type} ${gatewayFromWire(w, type)}`;
    w.end();
    return s;
  },
};
