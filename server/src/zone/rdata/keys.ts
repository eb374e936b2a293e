/**
 * Fingerprint, certificate and opaque-key types: SSHFP, TLSA, SMIMEA, CERT,
 * ZONEMD, OPENPGPKEY, DHCID, HHIT, BRID, EID, NIMLOC, SINK, IPSECKEY, HIP, DOA.
 */
import { formatIPv4, formatIPv6, split56, toBase64, toHex } from './codec';
import { layoutType } from './layout';
import { CERT_NAMES, CERT_PRINT, SECALG_NAMES, SECALG_PRINT } from './mnemonics';
import type { RdataType } from './rdataType';
import { decimal, type RdataReader } from './reader';
import { GenericOnly, WireError, type WireReader } from './wire';

/** SSHFP (RFC 4255): `algorithm`, `fpType`, `fingerprint` (hex; 20 octets for SHA-1, 32 for SHA-256). */
export const SSHFP: RdataType = {
  mnemonic: 'SSHFP',
  code: 44,
  parse(r: RdataReader): void {
    r.u8('algorithm');
    const ft = r.u8('fpType', 'fingerprint type');
    const fp = r.hex('fingerprint', 'fingerprint', true);
    const want = ft.num === 1 ? 20 : ft.num === 2 ? 32 : 0;
    if (want !== 0 && fp.length !== want) {
      throw r.spanError(
        fp.field,
        `SSHFP ${ft.num === 1 ? 'SHA-1' : 'SHA-256'} fingerprint must be ${want} octets (${2 * want} hex digits), not ${fp.length}`,
      );
    }
  },
  fromWire(w: WireReader): string {
    return w.u8('algorithm') + ' ' + w.u8('fingerprint type') + ' ' + split56(toHex(w.rest()));
  },
};

/** TLSA (RFC 6698): `usage`, `selector`, `matchingType`, `data` (hex). */
export const TLSA = layoutType('TLSA', 52, [
  { t: 'u8', role: 'usage', what: 'certificate usage' },
  { t: 'u8', role: 'selector' },
  { t: 'u8', role: 'matchingType', what: 'matching type' },
  { t: 'hex', role: 'data', what: 'certificate association data', split: true },
]);

/** SMIMEA (RFC 8162): like TLSA. */
export const SMIMEA = layoutType('SMIMEA', 53, [
  { t: 'u8', role: 'usage', what: 'certificate usage' },
  { t: 'u8', role: 'selector' },
  { t: 'u8', role: 'matchingType', what: 'matching type' },
  { t: 'hex', role: 'data', what: 'certificate association data', split: true },
]);

/** CERT (RFC 4398): `certType` and `algorithm` printed as mnemonics where known, `keyTag`, `certificate` (base64). */
export const CERT: RdataType = {
  mnemonic: 'CERT',
  code: 37,
  parse(r: RdataReader): void {
    r.numberOrName('certType', 'certificate type', 0xffff, CERT_NAMES, CERT_PRINT);
    r.u16('keyTag', 'key tag');
    r.numberOrName('algorithm', 'algorithm', 0xff, SECALG_NAMES, SECALG_PRINT);
    r.base64('certificate', 'certificate', true);
  },
  fromWire(w: WireReader): string {
    const t = w.u16('certificate type');
    const tag = w.u16('key tag');
    const alg = w.u8('algorithm');
    return `${CERT_PRINT.get(t) ?? t} ${tag} ${SECALG_PRINT.get(alg) ?? alg} ${split56(toBase64(w.rest()))}`;
  },
};

/** ZONEMD (RFC 8976): `serial`, `scheme`, `hashAlgorithm`, `digest` (hex, at least 12 octets; 48 for SHA-384, 64 for SHA-512). */
export const ZONEMD: RdataType = {
  mnemonic: 'ZONEMD',
  code: 63,
  parse(r: RdataReader): void {
    r.u32('serial');
    r.u8('scheme');
    const alg = r.u8('hashAlgorithm', 'hash algorithm');
    const d = r.hex('digest', 'digest', true);
    const want = alg.num === 1 ? 48 : alg.num === 2 ? 64 : 0;
    if (want !== 0 && d.length !== want) {
      throw r.spanError(
        d.field,
        `ZONEMD ${alg.num === 1 ? 'SHA-384' : 'SHA-512'} digest must be ${want} octets (${2 * want} hex digits), not ${d.length}`,
      );
    }
    if (d.length < 12) throw r.spanError(d.field, `ZONEMD digest must be at least 12 octets, not ${d.length}`);
  },
  fromWire(w: WireReader): string {
    return w.u32('serial') + ' ' + w.u8('scheme') + ' ' + w.u8('hash algorithm') + ' ' + split56(toHex(w.rest()));
  },
};

/** OPENPGPKEY (RFC 7929): `publicKey` (base64). */
export const OPENPGPKEY = layoutType('OPENPGPKEY', 61, [
  { t: 'base64', role: 'publicKey', what: 'public key', split: true },
]);
/** DHCID (RFC 4701): `digest` (base64). */
export const DHCID = layoutType('DHCID', 49, [{ t: 'base64', role: 'data', what: 'identifier', split: true }]);
/** HHIT (DRIP): `data` (base64). */
export const HHIT = layoutType('HHIT', 67, [{ t: 'base64', role: 'data', split: true }]);
/** BRID (DRIP): `data` (base64). */
export const BRID = layoutType('BRID', 68, [{ t: 'base64', role: 'data', split: true }]);
/** EID (Nimrod, obsolete): `data` (hex). */
export const EID = layoutType('EID', 31, [{ t: 'hex', role: 'data', what: 'endpoint identifier', split: true }]);
/** NIMLOC (Nimrod, obsolete): `data` (hex). */
export const NIMLOC = layoutType('NIMLOC', 32, [{ t: 'hex', role: 'data', what: 'locator', split: true }]);

/** SINK (expired draft): `meaning`, `coding`, `subcoding`, optional `data` (base64). */
export const SINK: RdataType = {
  mnemonic: 'SINK',
  code: 40,
  parse(r: RdataReader): void {
    r.u8('meaning');
    r.u8('coding');
    r.u8('subcoding');
    if (r.more()) r.base64('data', 'data', true);
  },
  fromWire(w: WireReader): string {
    const s = w.u8('meaning') + ' ' + w.u8('coding') + ' ' + w.u8('subcoding');
    const d = w.rest();
    return d.length === 0 ? s : s + ' ' + split56(toBase64(d));
  },
};

/**
 * IPSECKEY (RFC 4025): `precedence`, `gatewayType` (0 none, 1 IPv4, 2 IPv6,
 * 3 name), `algorithm`, `gateway` (`.` for none), `publicKey` (base64).
 */
export const IPSECKEY: RdataType = {
  mnemonic: 'IPSECKEY',
  code: 45,
  parse(r: RdataReader): void {
    r.u8('precedence');
    const gt = r.next('gateway type');
    const type = gt.quoted ? NaN : decimal(gt.text);
    if (!(type >= 0 && type <= 3)) {
      r.fail(gt, `IPSECKEY gateway type must be 0 (none), 1 (IPv4), 2 (IPv6) or 3 (domain name), not '${gt.text}'`);
    }
    r.push('gatewayType', 'int', gt, gt, String(type), type);
    r.u8('algorithm');
    gateway(r, type, 'IPSECKEY');
    r.base64('publicKey', 'public key', true);
  },
  fromWire(w: WireReader): string {
    const prec = w.u8('precedence');
    const type = w.u8('gateway type');
    const alg = w.u8('algorithm');
    const gw = gatewayFromWire(w, type);
    const k = w.rest();
    if (k.length === 0) throw new WireError('IPSECKEY has no public key');
    return `${prec} ${type} ${alg} ${gw} ${split56(toBase64(k))}`;
  },
};

/** Reads the gateway/relay of IPSECKEY and AMTRELAY, whose form its type gives. */
export function gateway(r: RdataReader, type: number, mnemonic: string, role = 'gateway'): void {
  if (type === 0) {
    const t = r.next(role);
    if (t.text !== '.' || t.quoted)
      r.fail(t, `${mnemonic} ${role} type 0 means no ${role}: write '.' here, not '${t.text}'`);
    r.push(role, 'other', t, t, '.');
  } else if (type === 1) r.ipv4(role, role);
  else if (type === 2) r.ipv6(role, role);
  else r.name(role, role);
}

/** The presentation of a wire gateway of the given type. */
export function gatewayFromWire(w: WireReader, type: number): string {
  if (type === 0) return '.';
  if (type === 1) return formatIPv4(w.bytes(4, 'gateway'));
  if (type === 2) return formatIPv6(w.bytes(16, 'gateway'));
  if (type === 3) return w.name('gateway');
  throw new GenericOnly(`gateway type ${type} has no text form`);
}

/** HIP (RFC 8005): `algorithm`, `hit` (hex), `publicKey` (base64, one word), then `server` names. */
export const HIP: RdataType = {
  mnemonic: 'HIP',
  code: 55,
  parse(r: RdataReader): void {
    r.u8('algorithm', 'PK algorithm');
    const hit = r.hexWord('hit', 'HIT');
    if (hit.length > 255) throw r.spanError(hit.field, 'HIP HIT is longer than 255 octets');
    r.base64Word('publicKey', 'public key');
    while (r.more()) r.name('server', 'rendezvous server');
  },
  fromWire(w: WireReader): string {
    const hitLen = w.u8('HIT length');
    const alg = w.u8('PK algorithm');
    const pkLen = w.u16('public key length');
    if (hitLen === 0 || pkLen === 0) throw new WireError('HIP HIT and public key must not be empty');
    let s = `${alg} ${toHex(w.bytes(hitLen, 'HIT'))} ${toBase64(w.bytes(pkLen, 'public key'))}`;
    while (!w.done()) s += ' ' + w.name('rendezvous server');
    return s;
  },
};

/** DOA (draft-durand-doa-over-dns): `enterprise`, `type`, `location`, `mediaType`, `data` (base64 or `-`). */
export const DOA: RdataType = {
  mnemonic: 'DOA',
  code: 259,
  parse(r: RdataReader): void {
    r.u32('enterprise');
    r.u32('type');
    r.u8('location');
    r.characterString('mediaType', 'media type');
    const t = r.peek();
    if (t !== undefined && t.text === '-' && !t.quoted) {
      r.next('data');
      r.push('data', 'base64', t, t, '-');
    } else r.base64Word('data', 'data');
    r.end();
  },
  fromWire(w: WireReader): string {
    const s = `${w.u32('enterprise')} ${w.u32('type')} ${w.u8('location')} ${w.charString('media type')}`;
    const d = w.rest();
    return s + ' ' + (d.length === 0 ? '-' : toBase64(d));
  },
};
