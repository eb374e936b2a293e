import type { RdataType } from './rdataType';
import type { RdataReader } from './reader';
import type { WireReader } from './wire';

/**
 * SOA (RFC 1035 §3.3.13): `mname`, `rname`, `serial` (plain 32-bit number),
 * then `refresh`, `retry`, `expire`, `minimum`, which BIND also accepts in
 * unit form (`1h`, `2w1d`) and prints in seconds.
 */
export const SOA: RdataType = {
  mnemonic: 'SOA',
  code: 6,
  parse(r: RdataReader): void {
    r.name('mname', 'primary server name');
    r.name('rname', 'responsible mailbox');
    r.u32('serial');
    r.ttl('refresh', 'refresh time');
    r.ttl('retry', 'retry time');
    r.ttl('expire', 'expire time');
    r.ttl('minimum', 'minimum (negative-caching) time');
    r.end();
  },
  fromWire(w: WireReader): string {
    let s = w.name('primary server name') + ' ' + w.name('responsible mailbox');
    for (let i = 0; i < 5; i++) s += ' ' + w.u32('timers');
    w.end();
    return s;
  },
};
