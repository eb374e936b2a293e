/**
 * The live-DNS tier's fixtures: a real authoritative server (NSD from Debian)
 * on a free 127.0.0.1 port with everything in a temporary folder, and a UDP
 * relay on 127.0.0.1 in front of it that counts (and names) the queries that
 * pass, or swallows them to play a server that never answers. Nothing here
 * sends a packet to any address other than 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as dgram from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const NSD = '/usr/sbin/nsd';
const LOOPBACK = '127.0.0.1';

/** The test zone NSD serves: every kind of answer the resolver must tell apart. */
export const EXAMPLE_NET = `$ORIGIN example.net.
$TTL 300
@        IN SOA ns1 hostmaster 1 7200 3600 1209600 60
@        IN NS  ns1
ns1      IN A   127.0.0.1
; an MX host with both families
mail     IN A    192.0.2.25
mail     IN AAAA 2001:db8::25
; an alias: MX targets must not be one
alias    IN CNAME mail
; a name that exists without any address (NODATA)
noaddr   IN TXT "no address here"
; a short TTL (the resolver keeps it at least 5 s)
short 2  IN A   192.0.2.26
; a loop of aliases
loop1    IN CNAME loop2
loop2    IN CNAME loop1
`;

/** Why the tier cannot run here, or null when it can. */
export function skipReason(): string | null {
  return fs.existsSync(NSD) ? null : `${NSD} is not installed (Debian package nsd; .ci/run installs it)`;
}

/** A port free for both UDP and TCP on 127.0.0.1 right now (NSD listens on both). */
async function freePort(): Promise<number> {
  for (;;) {
    const udp = dgram.createSocket('udp4');
    const port = await new Promise<number>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, LOOPBACK, () => resolve(udp.address().port));
    });
    const tcpFree = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, LOOPBACK, () => server.close(() => resolve(true)));
    });
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (tcpFree) return port;
  }
}

/** A running NSD. */
export interface Nsd {
  port: number;
  /** `127.0.0.1:<port>`, as `setServers` and `--resolver` take it. */
  address: string;
  stop(): Promise<void>;
}

/** Asks `server` for the SOA of `zone` until it answers (each try bounded by the resolver's own timeout). */
async function waitForAnswer(server: string, zone: string, child: ChildProcess, log: () => string): Promise<void> {
  const resolver = new Resolver({ timeout: 500, tries: 1 });
  resolver.setServers([server]);
  let last: unknown;
  for (let i = 0; i < 40; i++) {
    if (child.exitCode !== null) throw new Error(`nsd exited with ${child.exitCode}:\n${log()}`);
    try {
      await resolver.resolveSoa(zone);
      return;
    } catch (err) {
      last = err;
      // Not listening yet: wait for NSD to say something (or a short while) before asking again.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        child.stderr?.once('data', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
  throw new Error(`nsd did not answer on ${server}: ${String(last)}\n${log()}`);
}

/** Starts NSD in the foreground on a free 127.0.0.1 port, serving `zones` (name → zone text). */
export async function startNsd(zones: Record<string, string>): Promise<Nsd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zonelens-nsd-'));
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const zoneConf = Object.keys(zones)
      .map((name) => `zone:\n  name: "${name}"\n  zonefile: "${name}.zone"\n`)
      .join('');
    for (const [name, text] of Object.entries(zones)) fs.writeFileSync(path.join(dir, `${name}.zone`), text);
    const conf = path.join(dir, 'nsd.conf');
    fs.writeFileSync(
      conf,
      `server:
  ip-address: ${LOOPBACK}@${port}
  do-ip6: no
  username: ""
  chroot: ""
  zonesdir: "${dir}"
  pidfile: "${dir}/nsd.pid"
  database: ""
  xfrdfile: "${dir}/xfrd.state"
  xfrdir: "${dir}"
  zonelistfile: "${dir}/zone.list"
  server-count: 1
  verbosity: 1
remote-control:
  control-enable: no
${zoneConf}`,
    );
    // -d: in the foreground, logging to stderr; the test owns the process.
    const child = spawn(NSD, ['-d', '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => (log += s));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // If the test process ends without its after hook (killed by a timeout), NSD must not outlive it.
    const killOnExit = () => child.kill('SIGTERM');
    process.once('exit', killOnExit);
    void exited.then(() => process.removeListener('exit', killOnExit));
    const stop = async (): Promise<void> => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    };
    const address = `${LOOPBACK}:${port}`;
    try {
      await waitForAnswer(address, Object.keys(zones)[0], child, () => log);
    } catch (err) {
      await stop();
      // Another process may have taken the port between the check and NSD's bind.
      if (attempt < 2 && /address already in use/i.test(log)) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    return {
      port,
      address,
      async stop() {
        await stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

/** A UDP relay on 127.0.0.1 that counts the DNS queries it sees. */
export interface CountingRelay {
  address: string;
  /** Query names seen, lower case, no trailing dot, with their type: `A mail.example.net`. */
  queries: string[];
  close(): Promise<void>;
}

const TYPES: Record<number, string> = { 1: 'A', 5: 'CNAME', 6: 'SOA', 28: 'AAAA' };

/** The question of a DNS query packet, as `TYPE name`. */
function question(packet: Buffer): string {
  const labels: string[] = [];
  let i = 12;
  while (i < packet.length && packet[i] !== 0) {
    const len = packet[i];
    labels.push(packet.subarray(i + 1, i + 1 + len).toString('latin1'));
    i += len + 1;
  }
  const type = i + 2 < packet.length ? packet.readUInt16BE(i + 1) : 0;
  return `${TYPES[type] ?? String(type)} ${labels.join('.').toLowerCase()}`;
}

/**
 * Starts a relay to `upstream` (a 127.0.0.1 port), or with `upstream` null a
 * sink that never answers (a server that times out).
 */
export async function startRelay(upstream: number | null): Promise<CountingRelay> {
  const socket = dgram.createSocket('udp4');
  const queries: string[] = [];
  const open = new Set<dgram.Socket>();
  socket.on('message', (packet, from) => {
    queries.push(question(packet));
    if (upstream === null) return;
    // One socket per query, so that each answer goes back to whoever asked.
    const out = dgram.createSocket('udp4');
    open.add(out);
    const done = () => {
      open.delete(out);
      out.close();
    };
    out.on('message', (answer) => {
      socket.send(answer, from.port, from.address);
      done();
    });
    out.on('error', done);
    out.send(packet, upstream, LOOPBACK);
  });
  const port = await new Promise<number>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, LOOPBACK, () => resolve(socket.address().port));
  });
  return {
    address: `${LOOPBACK}:${port}`,
    queries,
    async close() {
      for (const s of open) s.close();
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}

/**
 * Sends one query of our own through the relay and waits for the answer: a
 * barrier. A query someone sent before it reached the relay before it, so
 * counting after the barrier misses none of them.
 */
export async function barrier(relay: CountingRelay): Promise<void> {
  const resolver = new Resolver({ timeout: 1000, tries: 2 });
  resolver.setServers([relay.address]);
  await resolver.resolveSoa('example.net');
}

/** A zone of ours whose four MX targets are in EXAMPLE_NET: one with an address, an alias, a missing name, a name without address. */
export const MX_ZONE = `$ORIGIN example.com.
$TTL 3600
@    IN SOA ns1 hostmaster 1 7200 3600 1209600 3600
@    IN NS  ns1
ns1  IN A   192.0.2.1
@    IN MX  10 mail.example.net.
@    IN MX  20 alias.example.net.
@    IN MX  30 nx.example.net.
@    IN MX  40 noaddr.example.net.
`;
