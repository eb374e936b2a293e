/**
 * The small number/mnemonic tables BIND 9.18 accepts in DNSSEC-related RDATA
 * (lib/dns/rcode.c): algorithms, digest types, certificate types, protocols,
 * key flags. Lookups take upper-case names.
 */

function table(entries: ReadonlyArray<readonly [string, number]>): ReadonlyMap<string, number> {
  return new Map(entries);
}

/** Printed names, first name of each value wins (as BIND's table scan). */
function printTable(entries: ReadonlyArray<readonly [string, number]>): ReadonlyMap<number, string> {
  const m = new Map<number, string>();
  for (const [name, v] of entries) if (!m.has(v)) m.set(v, name);
  return m;
}

const SECALG: ReadonlyArray<readonly [string, number]> = [
  ['RSAMD5', 1],
  ['DH', 2],
  ['DSA', 3],
  ['RSASHA1', 5],
  ['NSEC3DSA', 6],
  ['NSEC3RSASHA1', 7],
  ['RSASHA256', 8],
  ['RSASHA512', 10],
  ['ECCGOST', 12],
  ['ECDSAP256SHA256', 13],
  ['ECDSA256', 13],
  ['ECDSAP384SHA384', 14],
  ['ECDSA384', 14],
  ['ED25519', 15],
  ['ED448', 16],
  ['INDIRECT', 252],
  ['PRIVATEDNS', 253],
  ['PRIVATEOID', 254],
];

/** DNSSEC algorithm mnemonics (DNSKEY, RRSIG, DS, CERT, …). */
export const SECALG_NAMES = table(SECALG);
/** How BIND prints an algorithm where it prints mnemonics (CERT only). */
export const SECALG_PRINT = printTable(SECALG);

/** DS digest types. */
export const DSDIGEST_NAMES = table([
  ['SHA-1', 1],
  ['SHA1', 1],
  ['SHA-256', 2],
  ['SHA256', 2],
  ['GOST', 3],
  ['SHA-384', 4],
  ['SHA384', 4],
]);

/** Digest lengths BIND enforces per DS digest type. */
export const DSDIGEST_LENGTH: ReadonlyMap<number, number> = new Map([
  [1, 20],
  [2, 32],
  [4, 48],
]);

const CERT: ReadonlyArray<readonly [string, number]> = [
  ['PKIX', 1],
  ['SPKI', 2],
  ['PGP', 3],
  ['IPKIX', 4],
  ['ISPKI', 5],
  ['IPGP', 6],
  ['ACPKIX', 7],
  ['IACPKIX', 8],
  ['URI', 253],
  ['OID', 254],
];

/** CERT certificate types (RFC 4398 §2.1). */
export const CERT_NAMES = table(CERT);
/** CERT types are printed as mnemonics where one exists. */
export const CERT_PRINT = printTable(CERT);

/** KEY/DNSKEY protocol mnemonics (RFC 2535 §3.1.3). */
export const SECPROTO_NAMES = table([
  ['NONE', 0],
  ['TLS', 1],
  ['EMAIL', 2],
  ['DNSSEC', 3],
  ['IPSEC', 4],
  ['ALL', 255],
]);

/** NSEC3 hash algorithms. */
export const HASHALG_NAMES = table([['SHA-1', 1]]);

// BIND's key-flag words for `FLAG|FLAG` syntax: [name, value]. Prefix matching is a BIND quirk we do not copy.
const KEYFLAGS: ReadonlyArray<readonly [string, number]> = [
  ['NOCONF', 0x4000],
  ['NOAUTH', 0x8000],
  ['NOKEY', 0xc000],
  ['FLAG2', 0x2000],
  ['EXTEND', 0x1000],
  ['FLAG4', 0x0800],
  ['FLAG5', 0x0400],
  ['USER', 0x0000],
  ['ZONE', 0x0100],
  ['HOST', 0x0200],
  ['NTYP3', 0x0300],
  ['FLAG8', 0x0080],
  ['FLAG9', 0x0040],
  ['FLAG10', 0x0020],
  ['FLAG11', 0x0010],
  ['SIG0', 0],
  ['SIG1', 1],
  ['SIG2', 2],
  ['SIG3', 3],
  ['SIG4', 4],
  ['SIG5', 5],
  ['SIG6', 6],
  ['SIG7', 7],
  ['SIG8', 8],
  ['SIG9', 9],
  ['SIG10', 10],
  ['SIG11', 11],
  ['SIG12', 12],
  ['SIG13', 13],
  ['SIG14', 14],
  ['SIG15', 15],
  ['KSK', 0x0001],
];
const KEYFLAG_MAP = table(KEYFLAGS);

/** Reads KEY/DNSKEY flags: a number, or flag words joined by `|`. NaN when bad. */
export function parseKeyFlags(text: string): number {
  let v = 0;
  for (const part of text.split('|')) {
    const f = KEYFLAG_MAP.get(part.toUpperCase());
    if (f === undefined) return NaN;
    v |= f;
  }
  return v;
}
