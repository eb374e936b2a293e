import { layoutType } from './layout';

/** MX (RFC 1035 §3.3.9): `preference` (0-65535) and `exchange` (a name). */
export const MX = layoutType('MX', 15, [
  { t: 'u16', role: 'preference' },
  { t: 'name', role: 'exchange' },
]);

/** AFSDB (RFC 1183): `subtype`, `hostname`. */
export const AFSDB = layoutType('AFSDB', 18, [
  { t: 'u16', role: 'subtype' },
  { t: 'name', role: 'hostname' },
]);

/** RT (RFC 1183): `preference`, `host`. */
export const RT = layoutType('RT', 21, [
  { t: 'u16', role: 'preference' },
  { t: 'name', role: 'host', what: 'intermediate host' },
]);

/** KX (RFC 2230): `preference`, `exchanger`. */
export const KX = layoutType('KX', 36, [
  { t: 'u16', role: 'preference' },
  { t: 'name', role: 'exchanger', what: 'key exchanger' },
]);

/** LP (RFC 6742): `preference`, `fqdn`. */
export const LP = layoutType('LP', 107, [
  { t: 'u16', role: 'preference' },
  { t: 'name', role: 'fqdn', what: 'locator name' },
]);

/** PX (RFC 2163): `preference`, `map822`, `mapx400`. */
export const PX = layoutType('PX', 26, [
  { t: 'u16', role: 'preference' },
  { t: 'name', role: 'map822', what: 'RFC 822 domain' },
  { t: 'name', role: 'mapx400', what: 'X.400 domain' },
]);
