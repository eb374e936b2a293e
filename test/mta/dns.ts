/**
 * The lab's DNS: NSD, Debian's authoritative server, answering for every
 * scenario zone on 127.0.0.1:53 inside the namespace. The namespace's
 * resolv.conf points there, so both MTAs resolve MX and A records through
 * their ordinary stub resolver.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withTimeout, type LabProcess, type Namespace } from './netns';

export const NSD = '/usr/sbin/nsd';

/** Writes nsd.conf for `zones` (name → zone file) in `dir` and starts NSD in the foreground. */
export async function startNsd(ns: Namespace, dir: string, zones: ReadonlyMap<string, string>): Promise<LabProcess> {
  fs.mkdirSync(dir, { recursive: true });
  const conf = [
    'server:',
    '  ip-address: 127.0.0.1',
    '  port: 53',
    '  username: ""',
    '  chroot: ""',
    `  zonesdir: "${dir}"`,
    '  database: ""',
    `  zonelistfile: "${path.join(dir, 'zone.list')}"`,
    `  xfrdfile: "${path.join(dir, 'xfrd.state')}"`,
    `  xfrdir: "${dir}"`,
    `  pidfile: "${path.join(dir, 'nsd.pid')}"`,
    '  server-count: 1',
    '  verbosity: 1',
    '  hide-version: yes',
    // Every query of the lab comes from 127.0.0.1: response rate limiting (200 a
    // second by default) would drop answers, and Postfix carries on with a partial
    // address list when an A or AAAA query times out.
    '  rrl-ratelimit: 0',
    '  rrl-whitelist-ratelimit: 0',
    'remote-control:',
    '  control-enable: no',
    ...[...zones].flatMap(([name, file]) => ['zone:', `  name: "${name}"`, `  zonefile: "${file}"`]),
    '',
  ].join('\n');
  const confFile = path.join(dir, 'nsd.conf');
  fs.writeFileSync(confFile, conf);
  // -d: stay in the foreground and log to stderr, where "nsd started" says the zones are loaded.
  const p = ns.start('nsd', NSD, ['-d', '-c', confFile]);
  const started = p.stderr.wait((l) => /nsd started/.test(l));
  const failed = p.exited.then((code) => {
    throw new Error(`nsd exited with ${code}:\n${p.stderr.all.join('\n')}`);
  });
  await withTimeout(Promise.race([started, failed]), 30_000, () => `nsd did not start:\n${p.stderr.all.join('\n')}`);
  const errors = p.stderr.all.filter((l) => /error/i.test(l));
  if (errors.length > 0) throw new Error(`nsd reported errors:\n${errors.join('\n')}`);
  return p;
}
