import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CodeLensRequest, HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol';
import { MailDomainsRequest, SimulateRequest } from '../../server/src/protocol';
import { startClient, type TestClient } from './client';

const EXAMPLES = path.resolve(__dirname, '../../examples');

function example(name: string): { uri: string; text: string; lines: string[] } {
  const file = path.join(EXAMPLES, name);
  const text = fs.readFileSync(file, 'utf8');
  return { uri: pathToFileURL(file).toString(), text, lines: text.split('\n') };
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

  it('shows a code lens above the MX RRset with the computed survival', async () => {
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: eq.uri } });
    assert.equal(lenses?.length, 1);
    assert.equal(lenses?.[0].command?.title, '1 tier · 2 hosts · 2 addresses · survives 1 address down');
    assert.equal(lenses?.[0].command?.command, 'zonelens.showFailoverPreview');
  });
});
