/**
 * The language server resolving out-of-zone MX targets through a real
 * authoritative server (NSD on 127.0.0.1), and staying off the network unless
 * the workspace is trusted and `zonelens.resolve.outOfZone` is on: a relay
 * in front of NSD counts every query.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CodeLensRequest,
  CodeLensResolveRequest,
  DidChangeConfigurationNotification,
  HoverRequest,
  type Diagnostic,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { SimulateRequest } from '../../server/src/protocol';
import { startClient, type TestClient } from '../lsp/client';
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

const skip = skipReason() ?? false;

const LINES = ZONE.split('\n');
const lineOf = (text: string) => LINES.findIndex((l) => l.includes(text));

/** `code@line` of each diagnostic, sorted. */
function summary(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}`).sort();
}

const RESOLVED = [
  `mx-target-cname@${lineOf('alias.example.net.')}`,
  `mx-target-no-address@${lineOf('nx.example.net.')}`,
  `mx-target-no-address@${lineOf('noaddr.example.net.')}`,
];

describe('language server: out-of-zone MX targets through DNS (NSD on 127.0.0.1)', { skip }, () => {
  let nsd: Nsd;
  let relay: CountingRelay;
  const clients: TestClient[] = [];

  before(async () => {
    nsd = await startNsd({ 'example.net': EXAMPLE_NET });
    relay = await startRelay(nsd.port);
  });

  after(async () => {
    for (const c of clients) await c.stop();
    await relay?.close();
    await nsd?.stop();
  });

  async function client(trusted: boolean, outOfZone: boolean): Promise<TestClient> {
    const c = await startClient({
      initializationOptions: { trusted, settings: { resolve: { outOfZone, servers: [relay.address] } } },
    });
    clients.push(c);
    return c;
  }

  /** The queries the relay saw since `from`, our own barriers left out. */
  const queriesSince = (from: number) => relay.queries.slice(from).filter((q) => !q.startsWith('SOA '));

  it('trusted and turned on: mx-target-cname and mx-target-no-address for out-of-zone targets', async () => {
    const from = relay.queries.length;
    const c = await client(true, true);
    const uri = 'file:///dns/resolved.example.com.zone';
    c.open(uri, ZONE);
    // The first diagnostics come before DNS answered; the server checks again as answers arrive.
    const p = await c.diagnostics(uri, (d) => RESOLVED.every((r) => summary(d.diagnostics).includes(r)));
    const cname = p.diagnostics.find((d) => d.code === 'mx-target-cname');
    assert.match(
      cname?.message ?? '',
      /alias\.example\.net\. of example\.com\. is an alias \(CNAME, found through DNS\)/,
    );
    assert.match(cname?.message ?? '', /Use mail\.example\.net\./);
    const nx = p.diagnostics.find((d) => d.code === 'mx-target-no-address' && d.range.start.line === lineOf('nx.'));
    assert.match(nx?.message ?? '', /nx\.example\.net\. does not exist \(NXDOMAIN, asked through DNS\)/);
    const none = p.diagnostics.find(
      (d) => d.code === 'mx-target-no-address' && d.range.start.line === lineOf('noaddr.'),
    );
    assert.match(none?.message ?? '', /noaddr\.example\.net\. has no A or AAAA record/);
    assert.ok(
      !p.diagnostics.some((d) => d.code === 'mx-target-no-address' && d.range.start.line === lineOf('mail.example')),
      'mail.example.net has addresses',
    );
    const asked = queriesSince(from);
    assert.ok(asked.includes('A mail.example.net') && asked.includes('CNAME alias.example.net'), asked.join(', '));
  });

  it('trusted and turned on: the simulation uses the addresses DNS gave', async () => {
    const c = clients[0];
    const sim = await c.connection.sendRequest(SimulateRequest, {
      textDocument: { uri: 'file:///dns/resolved.example.com.zone' },
      domain: 'example.com.',
    });
    assert.ok(sim !== null);
    const hosts = sim.tiers.flatMap((t) => t.hosts);
    const byName = new Map(hosts.map((h) => [h.name, h]));
    assert.deepEqual(byName.get('mail.example.net.'), {
      name: 'mail.example.net.',
      status: 'ok',
      addresses: ['2001:db8::25', '192.0.2.25'],
    });
    assert.deepEqual(byName.get('alias.example.net.')?.status, 'cname');
    assert.deepEqual(byName.get('alias.example.net.')?.addresses, ['2001:db8::25', '192.0.2.25']);
    assert.deepEqual(byName.get('nx.example.net.')?.status, 'no-address');
    assert.deepEqual(byName.get('noaddr.example.net.')?.status, 'no-address');
    // Mail goes to the real address of the first host, not to an opaque stand-in.
    assert.equal(sim.outcome.delivered, 1);
    assert.equal(sim.addresses[0].address, '2001:db8::25');
  });

  it('trusted and turned on: the hover and the code lens show the addresses DNS gave', async () => {
    const c = clients[0];
    const uri = 'file:///dns/resolved.example.com.zone';
    const line = lineOf('mail.example.net.');
    const h = await c.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line, character: LINES[line].indexOf('mail') },
    });
    const text = (h?.contents as MarkupContent | undefined)?.value ?? '';
    assert.match(text, /\| 10 \| mail\.example\.net\. \| 2001:db8::25 \|/);
    const [lens] = (await c.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
    assert.ok(lens, 'a code lens');
    // Its title comes when the editor resolves it. alias and mail are one host with two addresses; nx and noaddr have none.
    const resolved = await c.connection.sendRequest(CodeLensResolveRequest.type, lens);
    assert.match(resolved.command?.title ?? '', /4 tiers · 4 hosts · 2 addresses/);
  });

  it('an answer re-checks only the documents that asked for it', async () => {
    const c = clients[0];
    const plain = 'file:///dns/plain.example.org.zone';
    c.open(plain, ZONE.replace(/example\.com\./g, 'example.org.').replace(/\S+\.example\.net\./g, 'ns1'));
    await c.diagnostics(plain, (d) => d.version === 1);
    const seen: number[] = [];
    void c.diagnostics(plain, (d) => {
      seen.push(d.version ?? -1);
      return false;
    });
    const uri = 'file:///dns/second.example.com.zone';
    c.open(uri, ZONE.replace('mail.example.net.', 'short.example.net.'));
    await c.diagnostics(uri, (d) => !summary(d.diagnostics).some((x) => x.startsWith('mx-target-out-of-zone')));
    // A barrier: an edit of the second document is analysed after any re-check already scheduled.
    c.change(uri, ZONE + '; edited\n', 2);
    await c.diagnostics(uri, (d) => d.version === 2);
    assert.deepEqual(seen, [], 'the document without out-of-zone targets was not analysed again');
  });

  for (const [name, trusted, outOfZone] of [
    ['an untrusted workspace', false, true],
    ['zonelens.resolve.outOfZone off', true, false],
  ] as const) {
    it(`${name}: no query at all, out-of-zone targets are only hinted at`, async () => {
      const from = relay.queries.length;
      const c = await client(trusted, outOfZone);
      const uri = `file:///dns/${trusted ? 'off' : 'untrusted'}.example.com.zone`;
      c.open(uri, ZONE);
      const p = await c.diagnostics(uri);
      assert.deepEqual(
        summary(p.diagnostics).filter((s) => s.startsWith('mx-target-out-of-zone')).length,
        4,
        'each out-of-zone target gets the "not checked" hint',
      );
      assert.ok(!p.diagnostics.some((d) => d.code === 'mx-target-cname' || d.code === 'mx-target-no-address'));
      const sim = await c.connection.sendRequest(SimulateRequest, { textDocument: { uri }, domain: 'example.com.' });
      assert.ok(sim?.tiers.every((t) => t.hosts.every((h) => h.status === 'out-of-zone')));
      await barrier(relay);
      assert.deepEqual(queriesSince(from), [], 'the server sent no DNS query');
    });
  }

  it('turned on later (settings pushed by the client): resolution starts, in a trusted workspace', async () => {
    const c = clients[clients.length - 1]; // trusted, outOfZone off
    const uri = 'file:///dns/off.example.com.zone';
    await c.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { zonelens: { resolve: { outOfZone: true, servers: [relay.address] } } },
    });
    await c.diagnostics(uri, (d) => RESOLVED.every((r) => summary(d.diagnostics).includes(r)));
  });

  it('turned on in an untrusted workspace by a settings change: still no query', async () => {
    const c = clients[clients.length - 2]; // untrusted
    const uri = 'file:///dns/untrusted.example.com.zone';
    const from = relay.queries.length;
    await c.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { zonelens: { resolve: { outOfZone: true, servers: [relay.address] } } },
    });
    const p = await c.diagnostics(uri);
    assert.ok(!p.diagnostics.some((d) => d.code === 'mx-target-cname' || d.code === 'mx-target-no-address'));
    await barrier(relay);
    assert.deepEqual(queriesSince(from), []);
  });
});
