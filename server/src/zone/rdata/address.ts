import { formatIPv4, formatIPv6, readIPv4, readIPv6 } from './codec';
import type { RdataType } from './rdataType';
import type { RdataReader } from './reader';
import type { WireReader } from './wire';

/** A (RFC 1035 §3.4.1): one IPv4 address, role `address`. */
export const A: RdataType = {
  mnemonic: 'A',
  code: 1,
  parse(r: RdataReader): void {
    r.ipv4('address');
    r.end();
  },
  validWord(text: string, start: number, end: number): boolean {
    return readIPv4(text, start, end, null, 0);
  },
  fromWire(w: WireReader): string {
    const s = formatIPv4(w.bytes(4, 'address'));
    w.end();
    return s;
  },
};

/** AAAA (RFC 3596): one IPv6 address, role `address`, printed in RFC 5952 form. */
export const AAAA: RdataType = {
  mnemonic: 'AAAA',
  code: 28,
  parse(r: RdataReader): void {
    r.ipv6('address');
    r.end();
  },
  validWord(text: string, start: number, end: number): boolean {
    return readIPv6(text, start, end, null);
  },
  fromWire(w: WireReader): string {
    const s = formatIPv6(w.bytes(16, 'address'));
    w.end();
    return s;
  },
};
