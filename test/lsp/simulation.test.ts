import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  CodeLensRequest,
  CodeLensResolveRequest,
  HoverRequest,
  type CodeLens,
  type MarkupContent,
} from 'vscode-languageserver-protocol';
import { MailDomainsRequest, SimulateRequest } from '../../server/src/protocol';
import { startClient, type TestClient } from './client';

const EXAMPLES = path.resolve(__dirname, '../../examples');

function example(name: string): { uri: string; text: string; lines: string[] } {
  const file = path.join(EXAMPLES, name);
  const text = fs.readFileSync(file, 'utf8');
  return { uri: pathToFileURL(file).toString(), text, lines: text.split('\n') };
}

/** The lenses of a document, each resolved as an editor resolves those it shows. */
async function resolvedLenses(client: TestClient, uri: string): Promise<CodeLens[]> {
  const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
  // Unresolved: a place and a domain, no title (the titles are computed on demand).
  for (const l of lenses) assert.equal(l.command, undefined);
  return Promise.all(lenses.map((l) => client.connection.sendRequest(CodeLensResolveRequest.type, l)));
}

/** The position of the first occurrence of `needle` on the first line that contains `line`. */
function at(lines: string[], line: string, needle: string) {
  const n = lines.findIndex((l) => l.includes(line));
  assert.ok(n >= 0, `no line with ${line}`);
  return { line: n, character: lines[n].indexOf(needle) };
}

describe('language server: hover, code lens and the simulation requests', () => {
  let client: TestClient;
  const eq = example('equal-preference.example.zone');
  const one = example('one-name-two-addresses.example.zone');

  before(async () => {
    client = await startClient({
      rootUri: pathToFileURL(EXAMPLES).toString(),
      initializationOptions: { trusted: true },
    });
    client.open(eq.uri, eq.text);
    client.open(one.uri, one.text);
    await client.diagnostics(eq.uri);
    await client.diagnostics(one.uri);
  });

  after(async () => {
    await client.stop();
  });

  async function hoverText(uri: string, position: { line: number; character: number }): Promise<string> {
    const h = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
    assert.ok(h, 'a hover');
    return (h.contents as MarkupContent).value;
  }

  it('on an MX record: the delivery order with shares, failures and the profile comparison', async () => {
    const text = await hoverText(one.uri, at(one.lines, 'MX    10 mail', 'mail'));
    assert.match(text, /\*\*Mail to one\\-name\\-two\\-addresses\.example\.\*\* as RFC 5321 senders deliver it/);
    assert.match(text, /\| 10 \| mail \| 192\.0\.2\.1 \| 100% \| 100% \|/);
    assert.match(text, /\| 10 \| mail \| 192\.0\.2\.2 \| 0% \| 0% \|/);
    assert.match(text, /- 192\.0\.2\.1 down: delivered 100% at 192\.0\.2\.2/);
    // SIMULATION.md example 2: Postfix and Exim split, DNS-order senders do not.
    assert.match(text, /Senders differ here/);
    assert.match(text, /- RFC 5321 senders, Sendmail, qmail, first-MX-only clients: 100% 192\.0\.2\.1/);
    assert.match(text, /- Postfix, Exim: 50% 192\.0\.2\.1, 50% 192\.0\.2\.2/);
  });

  it('on the address of an MX host: the domains that use it', async () => {
    const text = await hoverText(eq.uri, at(eq.lines, 'mail2   A', '192'));
    assert.match(text, /Mail to equal\\-preference\.example\./);
    assert.match(text, /\| 10 \| mail2 \| 192\.0\.2\.2 \| 50% \| 50% \|/);
  });

  it('on a TTL: human units; on a type: what it is', async () => {
    const uri = 'untitled:ttl.example.zone';
    const lines = ['$ORIGIN ttl.example.', 'x 5400 IN AAAA 2001:db8::1'];
    client.open(uri, lines.join('\n'));
    await client.diagnostics(uri);
    assert.equal(
      await hoverText(uri, at(lines, 'x 5400', '5400')),
      '**TTL 5400** = 1 hour 30 minutes: how long resolvers may cache this AAAA RRset',
    );
    assert.equal(await hoverText(uri, at(lines, 'x 5400', 'AAAA')), '**AAAA**: IPv6 address of a host (RFC 3596)');
  });

  it('answers zonelens/mailDomains and zonelens/simulate with locations', async () => {
    const domains = await client.connection.sendRequest(MailDomainsRequest, { textDocument: { uri: eq.uri } });
    assert.deepEqual(
      domains.map((d) => [d.domain, d.mode, d.locations.length]),
      [['equal-preference.example.', 'mx', 2]],
    );
    const r = await client.connection.sendRequest(SimulateRequest, {
      textDocument: { uri: eq.uri },
      profile: 'first-mx',
      states: { '192.0.2.1': 'down' },
    });
    assert.ok(r);
    assert.equal(r.profile, 'first-mx');
    assert.deepEqual(r.outcome, { delivered: 0, deferred: 1, bounced: 0 });
    const mail2 = r.locations[0][1];
    assert.equal(mail2.addresses[0].uri, eq.uri);
    assert.equal(mail2.addresses[0].range.start.line, at(eq.lines, 'mail2   A', 'mail2').line);
  });

  it('shows a code lens above the MX RRset with the computed survival, resolved on demand', async () => {
    const lenses = await resolvedLenses(client, eq.uri);
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].command?.title, '1 tier · 2 hosts · 2 addresses · survives 1 address down');
    assert.equal(lenses[0].command?.command, 'zonelens.showFailoverPreview');
    assert.deepEqual(lenses[0].command?.arguments, [eq.uri, 'equal-preference.example.']);
  });

  it('a lens of a document closed since resolves to an empty title, not an error', async () => {
    const uri = 'untitled:closing.example.zone';
    client.open(uri, '$ORIGIN closing.example.\n@ SOA ns hm 1 1h 15m 2w 1h\n  NS ns\n  MX 10 ns\nns A 192.0.2.1\n');
    await client.diagnostics(uri);
    const [lens] = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
    assert.ok(lens);
    client.close(uri);
    const resolved = await client.connection.sendRequest(CodeLensResolveRequest.type, lens);
    assert.deepEqual(resolved.command, { title: '', command: '' });
  });

  it('a lens carries a document number and its domain, and one whose data is not that resolves to an empty title', async () => {
    const [lens] = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: eq.uri } })) ?? [];
    assert.ok(lens);
    assert.ok(Array.isArray(lens.data) && Number.isInteger(lens.data[0]), JSON.stringify(lens.data));
    assert.equal(lens.data[1], 'equal-preference.example.');
    for (const data of [{ uri: eq.uri, domain: 'equal-preference.example.' }, [999, 'x.'], ['0', 'x.'], null]) {
      const resolved = await client.connection.sendRequest(CodeLensResolveRequest.type, { ...lens, data });
      assert.deepEqual(resolved.command, { title: '', command: '' }, JSON.stringify(data));
    }
  });
});

describe('language server: hostile MX sets under the Exim profile', () => {
  // 2 000 tiers of one domain on one address, and a host of 2 000 addresses: the code lens, the
  // hover and the simulation answer (Exim's chain overflowed the stack on the first).
  const tiers = Array.from({ length: 2000 }, (_, i) => `tiers MX ${i + 1} t${i}\nt${i} A 10.0.0.1\n`).join('');
  const host = Array.from({ length: 2000 }, (_, i) => `pool A 10.1.${i >> 8}.${i & 255}\n`).join('');
  const text =
    '$ORIGIN example.com.\n@ SOA ns1 hm 1 1h 15m 2w 1h\n  NS ns1\nns1 A 192.0.2.53\nbig MX 10 pool\n' + tiers + host;
  const uri = 'untitled:hostile.example.zone';
  let client: TestClient;

  before(async () => {
    client = await startClient({
      initializationOptions: { trusted: true, settings: { simulation: { profile: 'exim' } } },
    });
    client.open(uri, text);
    await client.diagnostics(uri);
  });

  after(async () => {
    await client.stop();
  });

  it('a code lens for each domain, with what Exim survives', async () => {
    const titles = (await resolvedLenses(client, uri)).map((l) => l.command?.title ?? '');
    assert.equal(titles.length, 2);
    assert.match(
      titles.join('\n'),
      /2000 tiers · 2000 hosts · 1 address · one address down loses mail \(10\.0\.0\.1\)/,
    );
    assert.match(titles.join('\n'), /1 tier · 1 host · 2000 addresses · survives (at most )?4 addresses down/);
  });

  it('a hover on the first MX of each, and a simulation', async () => {
    const lines = text.split('\n');
    for (const prefix of ['big MX', 'tiers MX']) {
      const line = lines.findIndex((l) => l.startsWith(prefix));
      const h = await client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position: { line, character: 1 },
      });
      assert.match((h?.contents as MarkupContent).value, /as Exim deliver it/);
    }
    const r = await client.connection.sendRequest(SimulateRequest, {
      textDocument: { uri },
      domain: 'tiers.example.com.',
      profile: 'exim',
      states: { '10.0.0.1': 'down' },
    });
    assert.equal(r?.expectedAttempts, 1);
  });
});
