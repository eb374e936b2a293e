import { isPlainName } from '../names';
import { layoutType } from './layout';
import type { RdataType } from './rdataType';
import type { RdataReader } from './reader';
import type { WireReader } from './wire';

/** A type whose RDATA is a single domain name in field `role`. */
function oneName(mnemonic: string, code: number, role: string, what: string = role): RdataType {
  return {
    mnemonic,
    code,
    parse(r: RdataReader): void {
      r.name(role, what);
      r.end();
    },
    validWord: isPlainName,
    fromWire(w: WireReader): string {
      const s = w.name(what);
      w.end();
      return s;
    },
  };
}

/** NS (RFC 1035): `nsdname`. */
export const NS = oneName('NS', 2, 'nsdname', 'name server');
/** CNAME (RFC 1035): `target`. */
export const CNAME = oneName('CNAME', 5, 'target');
/** DNAME (RFC 6672): `target`. */
export const DNAME = oneName('DNAME', 39, 'target');
/** PTR (RFC 1035): `ptrdname`. */
export const PTR = oneName('PTR', 12, 'ptrdname', 'target name');
/** MB (RFC 1035, experimental): `madname`. */
export const MB = oneName('MB', 7, 'madname', 'mailbox host');
/** MG (RFC 1035, experimental): `mgmname`. */
export const MG = oneName('MG', 8, 'mgmname', 'mail group member');
/** MR (RFC 1035, experimental): `newname`. */
export const MR = oneName('MR', 9, 'newname', 'new mailbox name');
/** NSAP-PTR (RFC 1348): `target`. */
export const NSAP_PTR = oneName('NSAP-PTR', 23, 'target');

/** MINFO (RFC 1035): `rmailbx`, `emailbx`. */
export const MINFO = layoutType('MINFO', 14, [
  { t: 'name', role: 'rmailbx', what: 'responsible mailbox' },
  { t: 'name', role: 'emailbx', what: 'error mailbox' },
]);

/** RP (RFC 1183): `mbox`, `txtdname`. */
export const RP = layoutType('RP', 17, [
  { t: 'name', role: 'mbox', what: 'mailbox' },
  { t: 'name', role: 'txtdname', what: 'TXT name' },
]);

/** TALINK: `previous`, `next`. */
export const TALINK = layoutType('TALINK', 58, [
  { t: 'name', role: 'previous', what: 'previous name' },
  { t: 'name', role: 'next', what: 'next name' },
]);
