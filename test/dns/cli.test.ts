/** `zonelens check|simulate --resolve --resolver 127.0.0.1:PORT` against NSD on 127.0.0.1, as a process. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  barrier,
  EXAMPLE_NET,
  MX_ZONE as ZONE,
  skipReason,
  startNsd,
  startRelay,
  type CountingRelay,
  type Nsd,
} from './harness';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const skip = skipReason() ?? false;

describe('zonelens --resolve (NSD on 127.0.0.1)', { skip }, () => {
  let nsd: Nsd;
  let relay: CountingRelay;
  let dir: string;
  let file: string;

  before(async () => {
    nsd = await startNsd({ 'example.net': EXAMPLE_NET });
    relay = await startRelay(nsd.port);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zonelens-cli-dns-'));
    file = path.join(dir, 'example.com.zone');
    fs.writeFileSync(file, ZONE);
  });

  after(async () => {
    await relay?.close();
    await nsd?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the CLI without blocking this process: the relay that counts its queries runs here. */
  function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  }

  const queriesSince = (from: number) => relay.queries.slice(from).filter((q) => !q.startsWith('SOA '));

  it('check --resolve --resolver: out-of-zone targets checked through DNS', async () => {
    const from = relay.queries.length;
    const r = await run(['check', '--resolve', '--resolver', relay.address, file]);
    assert.equal(r.status, 1, `errors found: exit 1\n${r.stdout}${r.stderr}`);
    const lines = r.stdout.trim().split('\n');
    assert.ok(
      lines.some((l) =>
        /:7:16: warning mx-target-cname: .*alias\.example\.net\..*found through DNS.*Use mail\.example\.net\./.test(l),
      ),
      r.stdout,
    );
    assert.ok(
      lines.some((l) => /:8:16: error mx-target-no-address: .*NXDOMAIN/.test(l)),
      r.stdout,
    );
    assert.ok(
      lines.some((l) => /:9:16: error mx-target-no-address: .*noaddr\.example\.net\. has no A or AAAA/.test(l)),
    );
    // Resolved targets are no longer "not checked"; only none is left unresolved here.
    assert.ok(!lines.some((l) => l.includes('mx-target-out-of-zone')), r.stdout);
    assert.ok(queriesSince(from).includes('CNAME alias.example.net'));
    // The alias's target was asked in a second round: the CLI waits for the whole chain.
    assert.ok(queriesSince(from).includes('A mail.example.net'));
  });

  it('check --format json --resolver (implies --resolve)', async () => {
    const r = await run(['check', '--format', 'json', '--resolver', relay.address, file]);
    const json = JSON.parse(r.stdout) as { files: { diagnostics: { code: string }[] }[] };
    const codes = json.files.flatMap((f) => f.diagnostics.map((d) => d.code)).sort();
    assert.deepEqual(codes, ['mx-target-cname', 'mx-target-no-address', 'mx-target-no-address']);
  });

  it('simulate --resolve: the hosts get the addresses DNS gave', async () => {
    const r = await run(['simulate', '--format', 'json', '--resolver', relay.address, file, 'example.com.']);
    assert.equal(r.status, 0, r.stderr);
    const sim = JSON.parse(r.stdout) as { tiers: { hosts: { name: string; status: string; addresses: string[] }[] }[] };
    const mail = sim.tiers[0].hosts[0];
    assert.deepEqual(mail, { name: 'mail.example.net.', status: 'ok', addresses: ['2001:db8::25', '192.0.2.25'] });
  });

  it('without --resolve: no query, the targets are only hinted at', async () => {
    const from = relay.queries.length;
    const r = await run(['check', file]);
    assert.equal(r.status, 0);
    assert.equal(
      r.stdout
        .trim()
        .split('\n')
        .filter((l) => l.includes('mx-target-out-of-zone')).length,
      4,
    );
    await barrier(relay);
    assert.deepEqual(queriesSince(from), []);
  });

  it('a server that refuses (nothing listens): the check completes, targets stay unchecked', async () => {
    // Port 9 (discard) on 127.0.0.1: nothing listens there, the query is refused at once.
    const r = await run(['check', '--resolver', '127.0.0.1:9', file]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stdout
        .trim()
        .split('\n')
        .filter((l) => l.includes('mx-target-out-of-zone')).length,
      4,
    );
  });

  it('a bad --resolver is a usage error (exit 2), and print takes no --resolve', async () => {
    const bad = await run(['check', '--resolver', 'dns.example', file]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--resolver dns\.example: not IP, IP:PORT or \[IPv6\]:PORT/);
    const print = await run(['print', '--resolve', file]);
    assert.equal(print.status, 2);
    assert.match(print.stderr, /unknown option '--resolve'/);
  });
});
