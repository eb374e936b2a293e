import { isPlainName } from '../names';
import { formatIPv4, formatIPv6, split56, toBase64, toHex } from './codec';
import type { RdataType, TokenSpans } from './rdataType';
import { decimalAt, type RdataReader } from './reader';
import type { WireReader } from './wire';

/**
 * One field of a fixed RDATA layout. Most types are a sequence of these, so
 * one table drives their text parser and their wire decoder alike.
 */
export type FieldSpec =
  | { t: 'u8' | 'u16' | 'u32'; role: string; what?: string }
  | { t: 'name'; role: string; what?: string }
  | { t: 'ipv4' | 'ipv6'; role: string; what?: string }
  /** One character-string. */
  | { t: 'text'; role: string; what?: string }
  /** One or more character-strings up to the end. */
  | { t: 'texts'; role: string; what?: string }
  /** Base64 or hex up to the end (at least one token); `split` into BIND's 56-character words. */
  | { t: 'base64' | 'hex'; role: string; what?: string; split: boolean };

/** Reads one field of a layout from text. */
export function readField(r: RdataReader, f: FieldSpec): void {
  const what = f.what ?? f.role;
  switch (f.t) {
    case 'u8':
      r.u8(f.role, what);
      break;
    case 'u16':
      r.u16(f.role, what);
      break;
    case 'u32':
      r.u32(f.role, what);
      break;
    case 'name':
      r.name(f.role, what);
      break;
    case 'ipv4':
      r.ipv4(f.role, what);
      break;
    case 'ipv6':
      r.ipv6(f.role, what);
      break;
    case 'text':
      r.characterString(f.role, what);
      break;
    case 'texts':
      r.characterStrings(f.role, what);
      break;
    case 'base64':
      r.base64(f.role, what, f.split);
      break;
    case 'hex':
      r.hex(f.role, what, f.split);
      break;
  }
}

/** Decodes one field of a layout from wire data into presentation text. */
export function wireField(w: WireReader, f: FieldSpec): string {
  const what = f.what ?? f.role;
  switch (f.t) {
    case 'u8':
      return String(w.u8(what));
    case 'u16':
      return String(w.u16(what));
    case 'u32':
      return String(w.u32(what));
    case 'name':
      return w.name(what);
    case 'ipv4':
      return formatIPv4(w.bytes(4, what));
    case 'ipv6':
      return formatIPv6(w.bytes(16, what));
    case 'text':
      return w.charString(what);
    case 'texts': {
      let s = w.charString(what);
      while (!w.done()) s += ' ' + w.charString(what);
      return s;
    }
    case 'base64':
    case 'hex': {
      const b = w.rest();
      if (b.length === 0) return '';
      const s = f.t === 'base64' ? toBase64(b) : toHex(b);
      return f.split ? split56(s) : s;
    }
  }
}

/** The largest value of an integer field, or -1 for a name. */
const MAX_OF = { u8: 0xff, u16: 0xffff, u32: 0xffffffff, name: -1 } as const;

/**
 * For a layout of integers and names only (MX, SRV, RP…): the check in place
 * that tokens `from` on are exactly its fields as `parse` reads them, plain
 * digits within range and plain names (`isPlainName`). Undefined for other
 * layouts, which `parse` always reads.
 */
function plainFields(fields: readonly FieldSpec[]): RdataType['validTokens'] {
  const max: number[] = [];
  for (const f of fields) {
    if (f.t !== 'u8' && f.t !== 'u16' && f.t !== 'u32' && f.t !== 'name') return undefined;
    max.push(MAX_OF[f.t]);
  }
  return (text: string, tokens: TokenSpans, from: number, origin: string | null): boolean => {
    if (tokens.count - from !== max.length) return false;
    for (let k = 0; k < max.length; k++) {
      const i = from + k;
      if (tokens.quoted(i)) return false;
      const start = tokens.tokenStart(i);
      const end = tokens.tokenEnd(i);
      if (max[k] < 0 ? !isPlainName(text, start, end, origin) : !(decimalAt(text, start, end) <= max[k])) return false;
    }
    return true;
  };
}

/**
 * An `RdataType` whose RDATA is just `fields` in order. The parse and wire
 * loops walk a constant table: no closures per record.
 */
export function layoutType(mnemonic: string, code: number, fields: readonly FieldSpec[]): RdataType {
  return {
    mnemonic,
    code,
    validTokens: plainFields(fields),
    parse(r: RdataReader): void {
      for (let i = 0; i < fields.length; i++) readField(r, fields[i]);
      r.end();
    },
    fromWire(w: WireReader): string {
      let s = '';
      for (let i = 0; i < fields.length; i++) {
        const v = wireField(w, fields[i]);
        s = i === 0 ? v : s + ' ' + v;
      }
      w.end();
      return s;
    },
  };
}
