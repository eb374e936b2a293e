/** Service-location types: SRV, NAPTR, URI, CAA, DSYNC. */
import { quoteText, unescapeText } from './codec';
import { layoutType } from './layout';
import { typeName as typeNameOf } from './typeCodes';
import type { RdataType } from './rdataType';
import type { RdataReader } from './reader';
import { WireError, type WireReader } from './wire';

/** SRV (RFC 2782): `priority`, `weight`, `port`, `target`. */
export const SRV = layoutType('SRV', 33, [
  { t: 'u16', role: 'priority' },
  { t: 'u16', role: 'weight' },
  { t: 'u16', role: 'port' },
  { t: 'name', role: 'target' },
]);

/**
 * Checks a NAPTR regexp field the way BIND does (txt_valid_regex): empty, or
 * `delim regex delim replacement delim [i]`, where the delimiter is not a
 * digit, backslash or `i`, and back-references do not exceed the regex's
 * groups. Returns what is wrong, or null.
 */
export function naptrRegexpProblem(b: readonly number[]): string | null {
  if (b.length === 0) return null;
  const delim = b[0];
  if ((delim >= 0x30 && delim <= 0x39) || delim === 0x5c || delim === 0x69 || delim === 0) {
    return `its delimiter '${String.fromCharCode(delim)}' cannot be a digit, a backslash or 'i'`;
  }
  let part = 0; // 0 regex, 1 replacement, 2 flags
  let groups = 0;
  let depth = 0;
  let inBracket = false;
  for (let i = 1; i < b.length; i++) {
    const c = b[i];
    if (c === 0) return 'it contains a NUL octet';
    if (c === delim) {
      if (part === 2) return 'it has more than three delimiters';
      if (part === 0 && (depth !== 0 || inBracket)) return 'its regular expression has unbalanced ( ) or [ ]';
      part++;
      continue;
    }
    if (part === 2) {
      if (c !== 0x69) return `its only allowed flag is 'i', not '${String.fromCharCode(c)}'`;
      continue;
    }
    if (c === 0x5c) {
      if (++i >= b.length || b[i] === 0) return 'it ends with a lone backslash';
      const d = b[i];
      if (part === 1 && d >= 0x30 && d <= 0x39 && (d === 0x30 || d - 0x30 > groups)) {
        return `its replacement refers to \\${String.fromCharCode(d)} but the expression has ${groups} group(s)`;
      }
      continue;
    }
    if (part === 0) {
      if (inBracket) {
        if (c === 0x5d) inBracket = false;
      } else if (c === 0x5b) {
        inBracket = true;
        // A ']' right after '[' or '[^' is a literal member.
        if (b[i + 1] === 0x5e) i++;
        if (b[i + 1] === 0x5d) i++;
      } else if (c === 0x28) {
        groups++;
        depth++;
      } else if (c === 0x29 && depth > 0) {
        // An unmatched ')' is an ordinary character to BIND's validator.
        depth--;
      }
    }
  }
  return part === 2 ? null : 'it must be three delimiter-separated parts, like !^.*$!sip:info@example.com!';
}

/** NAPTR (RFC 3403): `order`, `preference`, `flags`, `services`, `regexp`, `replacement`. */
export const NAPTR: RdataType = {
  mnemonic: 'NAPTR',
  code: 35,
  parse(r: RdataReader): void {
    r.u16('order');
    r.u16('preference');
    r.characterString('flags');
    r.characterString('services');
    const t = r.peek();
    r.characterString('regexp');
    if (t !== undefined) {
      const b = unescapeText(t.text);
      const problem = typeof b === 'string' ? b : naptrRegexpProblem(b);
      if (problem !== null) r.fail(t, `NAPTR regexp is not valid: ${problem}`);
    }
    r.name('replacement');
    r.end();
  },
  fromWire(w: WireReader): string {
    let s = w.u16('order') + ' ' + w.u16('preference');
    s += ' ' + w.charString('flags') + ' ' + w.charString('services');
    const re = w.bytes(w.u8('regexp'), 'regexp');
    const problem = naptrRegexpProblem(Array.from(re));
    if (problem !== null) throw new WireError(`NAPTR regexp is not valid: ${problem}`);
    s += ' ' + quoteText(re) + ' ' + w.name('replacement');
    w.end();
    return s;
  },
};

/** URI (RFC 7553): `priority`, `weight`, `target` (a quoted string of any length). */
export const URI: RdataType = {
  mnemonic: 'URI',
  code: 256,
  parse(r: RdataReader): void {
    r.u16('priority');
    r.u16('weight');
    const t = r.peek();
    if (t !== undefined && !t.quoted)
      r.fail(t, `URI target must be a quoted string, like "https://example.com/", not ${t.text}`);
    r.characterString('target', 'target', Infinity);
    r.end();
  },
  fromWire(w: WireReader): string {
    return w.u16('priority') + ' ' + w.u16('weight') + ' ' + quoteText(w.rest());
  },
};

/** CAA (RFC 8659): `flags`, `tag` (letters and digits), `value` (any length, printed quoted). */
export const CAA: RdataType = {
  mnemonic: 'CAA',
  code: 257,
  parse(r: RdataReader): void {
    r.u8('flags');
    const t = r.next('tag');
    let ok = !t.quoted && t.text.length > 0 && t.text.length < 256;
    for (let i = 0; ok && i < t.text.length; i++) ok = isAlnum(t.text.charCodeAt(i));
    if (!ok) r.fail(t, `CAA tag must be letters and digits only (issue, issuewild, iodef…), not '${t.text}'`);
    r.push('tag', 'mnemonic', t, t, t.text);
    r.characterString('value', 'value', Infinity);
    r.end();
  },
  fromWire(w: WireReader): string {
    const flags = w.u8('flags');
    const tag = w.bytes(w.u8('tag length'), 'tag');
    let ok = tag.length > 0;
    for (let i = 0; ok && i < tag.length; i++) ok = isAlnum(tag[i]);
    if (!ok) throw new WireError('CAA tag must be letters and digits');
    return `${flags} ${String.fromCharCode(...tag)} ${quoteText(w.rest())}`;
  },
};

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

const DSYNC_SCHEMES: ReadonlyMap<string, number> = new Map([['NOTIFY', 1]]);
const DSYNC_PRINT: ReadonlyMap<number, string> = new Map([[1, 'NOTIFY']]);

/** DSYNC (RFC 9859): `rrtype`, `scheme` (NOTIFY = 1), `port`, `target`. */
export const DSYNC: RdataType = {
  mnemonic: 'DSYNC',
  code: 66,
  parse(r: RdataReader): void {
    r.rrtype('rrtype', 'record type');
    r.numberOrName('scheme', 'scheme', 0xff, DSYNC_SCHEMES, DSYNC_PRINT);
    r.u16('port');
    r.name('target');
    r.end();
  },
  fromWire(w: WireReader): string {
    const type = w.u16('record type');
    const scheme = w.u8('scheme');
    const s = `${typeNameOf(type)} ${DSYNC_PRINT.get(scheme) ?? scheme} ${w.u16('port')} ${w.name('target')}`;
    w.end();
    return s;
  },
};
