/**
 * IP address helpers of the MX checks: reading an address literal written
 * where a host name belongs, classifying addresses the internet cannot reach,
 * and the reverse-DNS name of an address.
 */
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../zone/rdata/codec';

/** An IP address in presentation form (IPv6 in RFC 5952 form) with its family. */
export interface IpAddress {
  value: string;
  family: 4 | 6;
}

/**
 * Reads `text` as an IP address literal the way people write one in an MX
 * target: `192.0.2.1`, `192.0.2.1.`, `2001:db8::1`, `[192.0.2.1]`,
 * `[IPv6:2001:db8::1]` (RFC 5321 §4.1.3 address literals). Null when it is
 * not one.
 */
export function readIpLiteral(text: string): IpAddress | null {
  let t = text.trim();
  if (t.endsWith('.')) t = t.slice(0, -1);
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  if (/^ipv6:/i.test(t)) t = t.slice(5);
  const v4 = parseIPv4(t);
  if (v4 !== null) return { value: formatIPv4(v4), family: 4 };
  // A name with no colon is never IPv6; skip the parse for ordinary host names.
  if (!t.includes(':')) return null;
  const v6 = parseIPv6(t);
  return v6 === null ? null : { value: formatIPv6(v6), family: 6 };
}

/** Why an address cannot be reached from the internet. */
export interface SpecialRange {
  /** The range in CIDR form, e.g. `10.0.0.0/8`. */
  cidr: string;
  /** What it is, for the message: `private (RFC 1918)`. */
  what: string;
  /** True for the documentation ranges (RFC 5737, RFC 3849, RFC 9637). */
  documentation: boolean;
}

interface RangeRow extends SpecialRange {
  bytes: Uint8Array;
  bits: number;
}

function row(cidr: string, what: string, documentation = false): RangeRow {
  const [addr, len] = cidr.split('/');
  const bytes = addr.includes(':') ? parseIPv6(addr) : parseIPv4(addr);
  if (bytes === null) throw new Error(`bad range ${cidr}`);
  return { cidr, what, documentation, bytes, bits: Number(len) };
}

// Special-purpose ranges (RFC 6890 and the IANA special-purpose registries)
// that no sender on the internet can connect to.
const V4: readonly RangeRow[] = [
  row('0.0.0.0/8', '"this network" (RFC 1122)'),
  row('10.0.0.0/8', 'private (RFC 1918)'),
  row('100.64.0.0/10', 'carrier-grade NAT (RFC 6598)'),
  row('127.0.0.0/8', 'loopback (RFC 1122)'),
  row('169.254.0.0/16', 'link-local (RFC 3927)'),
  row('172.16.0.0/12', 'private (RFC 1918)'),
  row('192.0.2.0/24', 'documentation (RFC 5737)', true),
  row('192.168.0.0/16', 'private (RFC 1918)'),
  row('198.18.0.0/15', 'benchmarking (RFC 2544)'),
  row('198.51.100.0/24', 'documentation (RFC 5737)', true),
  row('203.0.113.0/24', 'documentation (RFC 5737)', true),
  row('224.0.0.0/4', 'multicast (RFC 5771)'),
  row('240.0.0.0/4', 'reserved (RFC 1112)'),
];
const V6: readonly RangeRow[] = [
  row('::/128', 'unspecified (RFC 4291)'),
  row('::1/128', 'loopback (RFC 4291)'),
  row('::ffff:0:0/96', 'IPv4-mapped (RFC 4291)'),
  row('2001:db8::/32', 'documentation (RFC 3849)', true),
  row('3fff::/20', 'documentation (RFC 9637)', true),
  row('fc00::/7', 'unique-local (RFC 4193)'),
  row('fe80::/10', 'link-local (RFC 4291)'),
  row('ff00::/8', 'multicast (RFC 4291)'),
];

function inRange(addr: Uint8Array, r: RangeRow): boolean {
  let bits = r.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((addr[i] & mask) !== (r.bytes[i] & mask)) return false;
  }
  return true;
}

/** The special range an address lies in, or null for an ordinary (global unicast) address. */
export function specialRange(address: IpAddress): SpecialRange | null {
  const bytes = address.family === 4 ? parseIPv4(address.value) : parseIPv6(address.value);
  if (bytes === null) return null;
  const rows = address.family === 4 ? V4 : V6;
  const hit = rows.find((r) => inRange(bytes, r));
  return hit === undefined ? null : { cidr: hit.cidr, what: hit.what, documentation: hit.documentation };
}

/**
 * The reverse-DNS name of an address (RFC 1035 §3.5 `in-addr.arpa`, RFC 3596
 * §2.5 `ip6.arpa` nibbles), absolute, lower case.
 */
export function reverseName(address: IpAddress): string | null {
  if (address.family === 4) {
    const b = parseIPv4(address.value);
    return b === null ? null : `${b[3]}.${b[2]}.${b[1]}.${b[0]}.in-addr.arpa.`;
  }
  const b = parseIPv6(address.value);
  if (b === null) return null;
  let s = '';
  for (let i = 15; i >= 0; i--) s += `${(b[i] & 0xf).toString(16)}.${(b[i] >> 4).toString(16)}.`;
  return s + 'ip6.arpa.';
}
