/**
 * RR type and class mnemonics as BIND 9.18 knows them, whether or not ZoneLens
 * parses their RDATA. Kept apart from the registry (`index.ts`) so the reader
 * can turn type names into codes (type bitmaps, RRSIG) without a cycle.
 */

// Code -> mnemonic, in BIND's spelling. KEYDATA is read but printed as TYPE65533.
const NAMES: ReadonlyArray<readonly [number, string]> = [
  [1, 'A'],
  [2, 'NS'],
  [3, 'MD'],
  [4, 'MF'],
  [5, 'CNAME'],
  [6, 'SOA'],
  [7, 'MB'],
  [8, 'MG'],
  [9, 'MR'],
  [10, 'NULL'],
  [11, 'WKS'],
  [12, 'PTR'],
  [13, 'HINFO'],
  [14, 'MINFO'],
  [15, 'MX'],
  [16, 'TXT'],
  [17, 'RP'],
  [18, 'AFSDB'],
  [19, 'X25'],
  [20, 'ISDN'],
  [21, 'RT'],
  [22, 'NSAP'],
  [23, 'NSAP-PTR'],
  [24, 'SIG'],
  [25, 'KEY'],
  [26, 'PX'],
  [27, 'GPOS'],
  [28, 'AAAA'],
  [29, 'LOC'],
  [30, 'NXT'],
  [31, 'EID'],
  [32, 'NIMLOC'],
  [33, 'SRV'],
  [34, 'ATMA'],
  [35, 'NAPTR'],
  [36, 'KX'],
  [37, 'CERT'],
  [38, 'A6'],
  [39, 'DNAME'],
  [40, 'SINK'],
  [41, 'OPT'],
  [42, 'APL'],
  [43, 'DS'],
  [44, 'SSHFP'],
  [45, 'IPSECKEY'],
  [46, 'RRSIG'],
  [47, 'NSEC'],
  [48, 'DNSKEY'],
  [49, 'DHCID'],
  [50, 'NSEC3'],
  [51, 'NSEC3PARAM'],
  [52, 'TLSA'],
  [53, 'SMIMEA'],
  [55, 'HIP'],
  [56, 'NINFO'],
  [57, 'RKEY'],
  [58, 'TALINK'],
  [59, 'CDS'],
  [60, 'CDNSKEY'],
  [61, 'OPENPGPKEY'],
  [62, 'CSYNC'],
  [63, 'ZONEMD'],
  [64, 'SVCB'],
  [65, 'HTTPS'],
  [66, 'DSYNC'],
  [67, 'HHIT'],
  [68, 'BRID'],
  [99, 'SPF'],
  [100, 'UINFO'],
  [101, 'UID'],
  [102, 'GID'],
  [103, 'UNSPEC'],
  [104, 'NID'],
  [105, 'L32'],
  [106, 'L64'],
  [107, 'LP'],
  [108, 'EUI48'],
  [109, 'EUI64'],
  [249, 'TKEY'],
  [250, 'TSIG'],
  [251, 'IXFR'],
  [252, 'AXFR'],
  [253, 'MAILB'],
  [254, 'MAILA'],
  [255, 'ANY'],
  [256, 'URI'],
  [257, 'CAA'],
  [258, 'AVC'],
  [259, 'DOA'],
  [260, 'AMTRELAY'],
  [261, 'RESINFO'],
  [262, 'WALLET'],
  [32768, 'TA'],
  [32769, 'DLV'],
];

const BY_CODE = new Map<number, string>(NAMES);
const BY_NAME = new Map<string, number>(NAMES.map(([c, n]) => [n, c]));
BY_NAME.set('KEYDATA', 65533);

/** Types BIND refuses in zone data: the query and transaction meta types. */
const META = new Set([41, 249, 250, 251, 252, 253, 254, 255]);

/**
 * Types whose embedded domain names BIND compares case-insensitively when it
 * decides whether two records are the same (its per-type compare; in effect
 * the RFC 4034 §6.2 list). Names in every other type (SVCB, HTTPS, NSEC,
 * HIP, IPSECKEY, LP, TALINK, AMTRELAY, DSYNC…) compare octet for octet:
 * `SVCB 1 a.` and `SVCB 1 A.` are two records to BIND.
 */
const CASELESS_NAMES = new Set([
  2, 3, 4, 5, 6, 7, 8, 9, 12, 14, 15, 17, 18, 21, 23, 24, 26, 30, 33, 35, 36, 38, 39, 46,
]);

/** True when BIND compares the names inside this type's RDATA ignoring case (for duplicate detection). */
export function namesCompareCaseless(code: number): boolean {
  return CASELESS_NAMES.has(code);
}

/** Types BIND refuses as obsolete (RFC 973 mail types). */
const OBSOLETE = new Set([3, 4]);

/** Reads the digits after a `TYPE`/`CLASS` prefix; undefined unless 0-65535. */
function generic(upper: string, prefix: string): number | undefined {
  if (!upper.startsWith(prefix) || upper.length === prefix.length || upper.length > prefix.length + 5) return undefined;
  let n = 0;
  for (let i = prefix.length; i < upper.length; i++) {
    const c = upper.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
  }
  return n <= 0xffff ? n : undefined;
}

/**
 * Type code of a mnemonic, any case, including types ZoneLens does not parse
 * (meta, obsolete, experimental) and the generic `TYPEnnn`. Undefined when unknown.
 */
export function typeCode(mnemonic: string): number | undefined {
  const upper = mnemonic.toUpperCase();
  return BY_NAME.get(upper) ?? generic(upper, 'TYPE');
}

/**
 * The characters `start` to `end` of `text`, when they are one to five
 * letters (either case), digits or hyphens, as one number below 2^30 (six
 * bits each, a letter's two cases alike); -1 for any other word.
 */
export function packWord(text: string, start: number, end: number): number {
  if (end - start > 5) return -1;
  let key = 0;
  for (let p = start; p < end; p++) {
    const c = text.charCodeAt(p);
    // Letters 1 to 26 (either case), digits 27 to 36, the hyphen 37.
    const lower = c | 0x20;
    let v: number;
    if (lower >= 0x61 && lower <= 0x7a) v = lower - 0x60;
    else if (c >= 0x30 && c <= 0x39) v = c - 0x30 + 27;
    else if (c === 0x2d) v = 37;
    else return -1;
    key = key * 64 + v;
  }
  return key;
}

// `typeCodeAt` of each packed word asked for so far (-1: not a type); bounded, for a file of many words.
const PACKED_CODES = new Map<number, number>();

/** `typeCode(text.slice(start, end))`, with no string made for a word that `packWord` packs. */
export function typeCodeAt(text: string, start: number, end: number): number | undefined {
  const key = packWord(text, start, end);
  if (key < 0) return typeCode(text.slice(start, end));
  let code = PACKED_CODES.get(key);
  if (code === undefined) {
    if (PACKED_CODES.size > 10_000) PACKED_CODES.clear();
    code = typeCode(text.slice(start, end)) ?? -1;
    PACKED_CODES.set(key, code);
  }
  return code < 0 ? undefined : code;
}

/** `typeName` of each code asked for so far, by code: records ask for it by the million. */
const NAME_OF: (string | undefined)[] = new Array<string | undefined>(0x10000);

/** The mnemonic BIND prints for a type code, or `TYPEnnn`. */
export function typeName(code: number): string {
  const known = (code & 0xffff) === code;
  let name = known ? NAME_OF[code] : undefined;
  if (name === undefined) {
    name = BY_CODE.get(code) ?? `TYPE${code}`;
    if (known) NAME_OF[code] = name;
  }
  return name;
}

/** True for types BIND rejects in a zone as "invalid use of a meta type" (OPT, TKEY, TSIG, IXFR, AXFR, MAILB, MAILA, ANY, and 128-255). */
export function isMetaType(code: number): boolean {
  return META.has(code) || (code >= 128 && code <= 255);
}

/** True for MD and MF, which BIND rejects as obsolete. */
export function isObsoleteType(code: number): boolean {
  return OBSOLETE.has(code);
}

const CLASSES = new Map<string, number>([
  ['IN', 1],
  ['CS', 2],
  ['CH', 3],
  ['CHAOS', 3],
  ['HS', 4],
  ['HESIOD', 4],
  ['NONE', 254],
  ['ANY', 255],
]);

/** Class code of `IN`, `CS`, `CH`, `HS`, `NONE`, `ANY` or `CLASSnnn`, any case; undefined otherwise. */
export function classCode(text: string): number | undefined {
  const upper = text.toUpperCase();
  return CLASSES.get(upper) ?? generic(upper, 'CLASS');
}

const CLASS_NAMES = new Map<number, string>([
  [1, 'IN'],
  [3, 'CH'],
  [4, 'HS'],
  [254, 'NONE'],
  [255, 'ANY'],
]);

/** The class mnemonic BIND prints (`CLASS2` for CSNET, which BIND has no name for). */
export function className(code: number): string {
  return CLASS_NAMES.get(code) ?? `CLASS${code}`;
}
