/**
 * The RDATA registry: which types ZoneLens reads, how their RDATA prints, and
 * the RFC 3597 generic form (`\# len hex`) that every type also accepts.
 *
 * NULL, UINFO, UID, GID, UNSPEC and KEYDATA have readers without `fromWire`:
 * their text form is refused and their generic data prints generic, as in
 * BIND. MD and MF are obsolete and meta types are refused (`isObsoleteType`,
 * `isMetaType`); those have no reader.
 */
import type { RdataField, Token } from '../types';
import { hexValue, split56, toHex } from './codec';
import { A, AAAA } from './address';
import { A6, AMTRELAY, APL, ATMA, EUI48, EUI64, L32, L64, NID, NSAP } from './addressing';
import {
  CDNSKEY,
  CDS,
  CSYNC,
  DLV,
  DNSKEY,
  DS,
  KEY,
  NSEC,
  NSEC3,
  NSEC3PARAM,
  NXT,
  RKEY,
  RRSIG,
  SIG,
  TA,
} from './dnssec';
import {
  BRID,
  CERT,
  DHCID,
  DOA,
  EID,
  HHIT,
  HIP,
  IPSECKEY,
  NIMLOC,
  OPENPGPKEY,
  SINK,
  SMIMEA,
  SSHFP,
  TLSA,
  ZONEMD,
} from './keys';
import { LOC } from './loc';
import { AFSDB, KX, LP, MX, PX, RT } from './mx';
import { CNAME, DNAME, MB, MG, MINFO, MR, NS, NSAP_PTR, PTR, RP, TALINK } from './nameTypes';
import type { RdataType } from './rdataType';
import { MAX_RDATA, RdataError, RdataReader } from './reader';
import { CAA, DSYNC, NAPTR, SRV, URI } from './services';
import { SOA } from './soa';
import { HTTPS, SVCB } from './svcb';
import { AVC, GPOS, HINFO, ISDN, NINFO, RESINFO, SPF, TXT, WALLET, X25 } from './txt';
import { typeCode } from './typeCodes';
import { GenericOnly, WireError, WireReader } from './wire';
import { WKS } from './wks';

export type { RdataType } from './rdataType';
export { MAX_RDATA, RdataError, RdataReader } from './reader';
export { GenericOnly, WireError, WireReader } from './wire';
export {
  classCode,
  className,
  isMetaType,
  isObsoleteType,
  namesCompareCaseless,
  packWord,
  typeCode,
  typeCodeAt,
  typeName,
} from './typeCodes';

/**
 * A type BIND knows but reads only as RFC 3597 generic data, and prints so:
 * no text form, no `fromWire` (the octets print as `\\# len hex`).
 */
function genericOnly(mnemonic: string, code: number): RdataType {
  return {
    mnemonic,
    code,
    parse(r: RdataReader): void {
      const t = r.peek();
      const message = `${mnemonic} data can only be written in the generic form \\# <length> <hex>, like \\# 2 ABCD`;
      if (t === undefined) throw new RdataError('bad-rdata', message, r.endOffset, r.endOffset);
      r.failSpan(t, r.tokens[r.tokens.length - 1], message);
    },
  };
}

// prettier-ignore
const ALL: readonly RdataType[] = [
  A, NS, CNAME, SOA, MB, MG, MR, WKS, PTR, HINFO, MINFO, MX, TXT, RP, AFSDB, X25, ISDN, RT, NSAP, NSAP_PTR,
  SIG, KEY, PX, GPOS, AAAA, LOC, NXT, EID, NIMLOC, SRV, ATMA, NAPTR, KX, CERT, A6, DNAME, SINK, APL, DS, SSHFP,
  IPSECKEY, RRSIG, NSEC, DNSKEY, DHCID, NSEC3, NSEC3PARAM, TLSA, SMIMEA, HIP, NINFO, RKEY, TALINK, CDS, CDNSKEY,
  OPENPGPKEY, CSYNC, ZONEMD, SVCB, HTTPS, DSYNC, HHIT, BRID, SPF, NID, L32, L64, LP, EUI48, EUI64, URI, CAA, AVC,
  DOA, AMTRELAY, RESINFO, WALLET, TA, DLV,
  genericOnly('NULL', 10), genericOnly('UINFO', 100), genericOnly('UID', 101), genericOnly('GID', 102),
  genericOnly('UNSPEC', 103), genericOnly('KEYDATA', 65533),
];

const BY_NAME = new Map<string, RdataType>(ALL.map((t) => [t.mnemonic, t]));
const BY_CODE = new Map<number, RdataType>(ALL.map((t) => [t.code, t]));

/** Every type whose RDATA ZoneLens reads (the generic-only ones included), roughly in type-code order. */
export const RDATA_TYPES: readonly RdataType[] = ALL;

/**
 * The reader of a type by mnemonic (upper-case for the fast path; any case
 * and `TYPEnnn` of a known code also work). Undefined for types read only in
 * generic form, and for unknown ones.
 */
export function rdataType(mnemonic: string): RdataType | undefined {
  const t = BY_NAME.get(mnemonic);
  if (t !== undefined) return t;
  const code = typeCode(mnemonic);
  return code === undefined ? undefined : BY_CODE.get(code);
}

/** The reader of a type by code, if ZoneLens reads it. */
export function rdataTypeByCode(code: number): RdataType | undefined {
  return BY_CODE.get(code);
}

/**
 * True when RDATA tokens are RFC 3597 generic data: a leading unquoted `\#`.
 * For TXT only, BIND reads `\#` as generic just when a plain number follows;
 * otherwise it is the text `#` (`TXT \# text` is `"#" "text"`).
 */
export function isGenericRdata(code: number, toks: readonly Token[]): boolean {
  const t = toks[0];
  if (t === undefined || t.quoted || t.text !== '\\#') return false;
  if (code !== 16) return true;
  const n = toks[1];
  return n !== undefined && !n.quoted && decimalLength(n.text) >= 0;
}

/**
 * Reads RFC 3597 generic RDATA: `\#`, a decimal length, then hex digits over
 * any number of tokens (pairs may straddle tokens). The length must match;
 * `\# 0` is empty data. Pushes one `generic` field spanning it all, whose
 * value is `formatGeneric` of the octets, and returns the octets.
 */
export function parseGeneric(r: RdataReader): Uint8Array {
  const mark = r.next('\\# marker');
  if (mark.quoted || mark.text !== '\\#') r.fail(mark, `generic RDATA must start with \\#, not '${mark.text}'`);
  const lt = r.next('length of the generic data');
  const len = lt.quoted ? NaN : decimalLength(lt.text);
  if (!(len >= 0 && len <= 65535))
    r.fail(lt, `generic RDATA length must be a number from 0 to 65535, not '${lt.text}'`);
  const toks = r.rest();
  let hex = '';
  for (const t of toks) {
    let ok = !t.quoted;
    for (let i = 0; ok && i < t.text.length; i++) ok = hexValue(t.text.charCodeAt(i)) >= 0;
    if (!ok) r.fail(t, `generic RDATA must be hex digits, and '${t.text}' is not`);
    hex += t.text;
  }
  const last = toks.length > 0 ? toks[toks.length - 1] : lt;
  if (hex.length % 2 !== 0)
    r.failSpan(toks[0] ?? lt, last, `generic RDATA has an odd number of hex digits (${hex.length})`);
  if (hex.length / 2 !== len) {
    const span = toks.length > 0 ? toks[0] : lt;
    r.failSpan(span, last, `generic RDATA says ${len} octet${len === 1 ? '' : 's'} but has ${hex.length / 2}`);
  }
  if (len > MAX_RDATA)
    r.failSpan(mark, last, `generic RDATA of ${len} octets is over ${MAX_RDATA}, the most BIND loads in one record`);
  const bytes = new Uint8Array(len);
  for (let i = 0; i < len; i++) bytes[i] = (hexValue(hex.charCodeAt(2 * i)) << 4) | hexValue(hex.charCodeAt(2 * i + 1));
  r.push('generic', 'hex', mark, last, formatGeneric(bytes), len);
  return bytes;
}

function decimalLength(s: string): number {
  if (s.length === 0 || s.length > 5) return NaN;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/** BIND's generic presentation: `\# 3 ABCDEF`, hex upper-case in 56-character words; `\# 0` when empty. */
export function formatGeneric(bytes: ArrayLike<number>): string {
  return bytes.length === 0 ? '\\# 0' : `\\# ${bytes.length} ${split56(toHex(bytes))}`;
}

/**
 * The presentation of parsed RDATA, as `named-compilezone -s full` prints it:
 * the type's `format` (given the type or its mnemonic), else the field values
 * joined by single spaces.
 */
export function formatRdata(type: RdataType | string | undefined, fields: readonly RdataField[]): string {
  const def = typeof type === 'string' ? rdataType(type) : type;
  if (def?.format !== undefined && (fields.length === 0 || fields[0].role !== 'generic')) return def.format(fields);
  let s = '';
  for (let i = 0; i < fields.length; i++) s = i === 0 ? fields[i].value : s + ' ' + fields[i].value;
  return s;
}

/**
 * Splits single-line presentation text (as `fromWire` produces) into tokens:
 * whitespace-separated, `"…"` strings as quoted tokens, backslash escapes
 * kept, and `key="a b"` kept whole as BIND's SVCB lexer does. Offsets are
 * into `text`. No parentheses or comments: this is not the zone-file lexer.
 */
export function tokenizeRdata(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09) {
      i++;
      continue;
    }
    const start = i;
    if (c === 0x22) {
      i++;
      while (i < n && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c ? 2 : 1;
      out.push({ start, end: Math.min(i + 1, n), text: text.slice(start + 1, Math.min(i, n)), quoted: true });
      i++;
      continue;
    }
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === 0x20 || d === 0x09) break;
      if (d === 0x5c) i += 2;
      else if (d === 0x22 && i > start && text.charCodeAt(i - 1) === 0x3d) {
        i++;
        while (i < n && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c ? 2 : 1;
        i++;
      } else i++;
    }
    i = Math.min(i, n);
    out.push({ start, end: i, text: text.slice(start, i), quoted: false });
  }
  return out;
}

/** Outcome of decoding generic RDATA of a known type. */
export type WireResult = { ok: true; text: string; fields: RdataField[] } | { ok: false; message: string };

/**
 * Decodes `\#` octets of a type ZoneLens reads into its presentation text
 * and typed fields (as if written in text), every field's range set to
 * `[start, end)`, the generic data's range in the file. Fails, with BIND's
 * reasons in words, when the octets do not fit the type.
 */
export function fieldsFromWire(
  type: RdataType,
  bytes: Uint8Array,
  origin: string | null,
  start: number,
  end: number,
): WireResult {
  if (type.fromWire === undefined) {
    const value = formatGeneric(bytes);
    return { ok: true, text: value, fields: [{ role: 'generic', kind: 'hex', start, end, value, num: bytes.length }] };
  }
  let text: string;
  try {
    text = type.fromWire(new WireReader(bytes));
  } catch (e) {
    if (e instanceof GenericOnly) {
      const value = formatGeneric(bytes);
      return {
        ok: true,
        text: value,
        fields: [{ role: 'generic', kind: 'hex', start, end, value, num: bytes.length }],
      };
    }
    if (e instanceof WireError)
      return { ok: false, message: `generic ${type.mnemonic} data is not valid: ${e.message}` };
    throw e;
  }
  const tokens = tokenizeRdata(text);
  const r = new RdataReader(tokens, origin, type.mnemonic, text.length);
  try {
    type.parse(r);
  } catch (e) {
    if (e instanceof RdataError)
      return { ok: false, message: `generic ${type.mnemonic} data is not valid: ${e.message}` };
    throw e;
  }
  for (const f of r.fields) {
    f.start = start;
    f.end = end;
  }
  return { ok: true, text: formatRdata(type, r.fields), fields: r.fields };
}
