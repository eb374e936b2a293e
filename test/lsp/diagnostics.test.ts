import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { startClient, type TestClient } from './client';

const CLEAN = '$TTL 1h\n@ SOA ns1 hm 1 1h 15m 2w 1h\n  NS ns1\nns1 A 192.0.2.53\n';

describe('language server: diagnostics over JSON-RPC', () => {
  let dir: string;
  let client: TestClient;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zonelens-lsp-'));
    fs.writeFileSync(path.join(dir, 'hosts.inc'), 'h1 A 192.0.2.1\nh2 A 192.0.2.999\n');
    fs.writeFileSync(path.join(os.tmpdir(), 'zonelens-outside.inc'), 'o A 192.0.2.1\n');
    client = await startClient({ rootUri: pathToFileURL(dir).toString(), initializationOptions: { trusted: true } });
  });

  after(async () => {
    await client.stop();
  });

  it('announces incremental sync and its name and version', () => {
    assert.equal(client.initializeResult.capabilities.textDocumentSync, 2);
    assert.equal(client.initializeResult.serverInfo?.name, 'zonelens');
    // The build puts package.json's version in.
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { version: string };
    assert.equal(client.initializeResult.serverInfo?.version, pkg.version);
  });

  it('publishes diagnostics with code, source, docs link and the exact range', async () => {
    const uri = pathToFileURL(path.join(dir, 'example.com.zone')).toString();
    client.open(uri, CLEAN + 'mail MX 70000 mx1\n');
    const p = await client.diagnostics(uri);
    assert.equal(p.version, 1);
    assert.equal(p.diagnostics.length, 1);
    const d = p.diagnostics[0];
    assert.equal(d.code, 'bad-rdata');
    assert.equal(d.source, 'zonelens');
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.match(d.codeDescription?.href ?? '', /docs\/checks\/bad-rdata\.md$/);
    assert.deepEqual(d.range, { start: { line: 4, character: 8 }, end: { line: 4, character: 13 } });
  });

  it('sends related locations and docs links only to clients that declare them', async () => {
    const bare = await startClient({ capabilities: {} });
    try {
      const uri = 'file:///bare/example.com.zone';
      const text = CLEAN + '@ MX 10 mail\nmail A 192.0.2.25\n';
      bare.open(uri, text);
      client.open(uri, text);
      const [plain, full] = await Promise.all([bare.diagnostics(uri), client.diagnostics(uri)]);
      const single = (p: typeof plain) => p.diagnostics.find((d) => d.code === 'mx-single-address');
      assert.equal(single(full)?.relatedInformation?.[0].message, 'mail A 192.0.2.25');
      assert.match(single(full)?.codeDescription?.href ?? '', /mx-single-address\.md$/);
      assert.equal(single(plain)?.relatedInformation, undefined);
      assert.equal(single(plain)?.codeDescription, undefined);
      assert.deepEqual(single(plain)?.range, single(full)?.range);
      assert.equal(single(plain)?.message, single(full)?.message);
    } finally {
      await bare.stop();
    }
  });

  it('re-checks the latest version after edits and clears fixed problems', async () => {
    const uri = pathToFileURL(path.join(dir, 'edit.example.zone')).toString();
    client.open(uri, CLEAN + 'x A 1.2.3\n');
    assert.equal((await client.diagnostics(uri)).diagnostics.length, 1);
    // Several quick edits: only the last one's diagnostics matter.
    client.change(uri, CLEAN + 'x A 1.2.3.\n', 2);
    client.change(uri, CLEAN + 'x A 1.2.3.4\n', 3);
    const p = await client.diagnostics(uri, (x) => x.version === 3);
    assert.deepEqual(p.diagnostics, []);
  });

  it('reads $INCLUDE inside the workspace and reports problems in the included file under its URI', async () => {
    const uri = pathToFileURL(path.join(dir, 'inc.example.zone')).toString();
    const incUri = pathToFileURL(fs.realpathSync(path.join(dir, 'hosts.inc'))).toString();
    const included = client.diagnostics(incUri);
    client.open(uri, CLEAN + '$INCLUDE hosts.inc\n');
    const main = await client.diagnostics(uri);
    assert.deepEqual(main.diagnostics, []);
    const inc = await included;
    assert.equal(inc.diagnostics.length, 1);
    assert.equal(inc.diagnostics[0].code, 'bad-rdata');
    assert.equal(inc.diagnostics[0].range.start.line, 1);
  });

  it('refuses an $INCLUDE outside the workspace folders', async () => {
    const uri = pathToFileURL(path.join(dir, 'outside.example.zone')).toString();
    client.open(uri, CLEAN + '$INCLUDE ../zonelens-outside.inc\n');
    const p = await client.diagnostics(uri);
    assert.deepEqual(
      p.diagnostics.map((d) => d.code),
      ['include-denied'],
    );
    assert.match(p.diagnostics[0].message, /outside the workspace/);
  });

  it('checks PTRs against a reverse zone open beside the forward zone, and re-checks when it changes', async () => {
    const examples = path.resolve(__dirname, '../../examples');
    const fwdUri = pathToFileURL(path.join(dir, 'mx-ptr.example.zone')).toString();
    const revUri = pathToFileURL(path.join(dir, 'b.a.0.0.8.b.d.0.1.0.0.2.ip6.arpa.zone')).toString();
    const fwdText = fs.readFileSync(path.join(examples, 'mx-ptr.example.zone'), 'utf8');
    const revText = fs.readFileSync(path.join(examples, 'b.a.0.0.8.b.d.0.1.0.0.2.ip6.arpa.zone'), 'utf8');
    client.open(revUri, revText);
    await client.diagnostics(revUri);
    client.open(fwdUri, fwdText);
    const codes = (await client.diagnostics(fwdUri)).diagnostics.map((d) => d.code);
    assert.deepEqual(codes, ['mx-ptr-missing', 'mx-ptr-mismatch']);
    // Add the missing PTR in the reverse zone: the forward zone is re-checked.
    client.change(revUri, revText + '2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0 PTR mail2.mx-ptr.example.\n', 2);
    const after = await client.diagnostics(fwdUri);
    assert.deepEqual(
      after.diagnostics.map((d) => d.code),
      ['mx-ptr-mismatch'],
    );
    client.close(revUri);
    client.close(fwdUri);
  });

  it('publishes at most zonelens.diagnostics.maxPerFile, the most severe, and follows a change of the setting', async () => {
    const capped = await startClient({ initializationOptions: { settings: { diagnostics: { maxPerFile: 2 } } } });
    try {
      const uri = 'file:///capped/example.com.zone';
      // In file order: information (line 5), warning (8), error (11), hint (12), error (13).
      const text =
        CLEAN +
        'a MX 10 mail\nmail A 192.0.2.25\nh MX 10 m1\nh MX 20 m2\nm1 A 192.0.2.9\nm2 A 192.0.2.9\n' +
        'x A 1.2.3\ne MX 10 mx.example.net.\ny A 1.2.3.4.5\n';
      capped.open(uri, text);
      const two = await capped.diagnostics(uri);
      assert.deepEqual(
        two.diagnostics.map((d) => [d.range.start.line, d.code ?? null]),
        [
          [10, 'bad-rdata'],
          [12, 'bad-rdata'],
          [0, null],
        ],
      );
      assert.match(
        two.diagnostics[2].message,
        /^4 more diagnostics are not shown \(1 warning, 2 information, 1 hint\)/,
      );
      // The limit raised: everything, and no note; the limit back, with an edit: the most severe of the new text.
      void capped.connection.sendNotification('workspace/didChangeConfiguration', {
        settings: { zonelens: { diagnostics: { maxPerFile: 0 } } },
      });
      const all = await capped.diagnostics(uri);
      assert.equal(all.diagnostics.length, 6);
      assert.ok(all.diagnostics.every((d) => d.code !== undefined));
      void capped.connection.sendNotification('workspace/didChangeConfiguration', {
        settings: { zonelens: { diagnostics: { maxPerFile: 2 } } },
      });
      await capped.diagnostics(uri);
      capped.change(uri, text.replace('x A 1.2.3\n', 'x A 192.0.2.3\n'), 2);
      const edited = await capped.diagnostics(uri, (p) => p.version === 2);
      assert.deepEqual(
        edited.diagnostics.map((d) => [d.range.start.line, d.code ?? null]),
        [
          [7, 'mx-backup-adds-nothing'],
          [12, 'bad-rdata'],
          [0, null],
        ],
      );
    } finally {
      await capped.stop();
    }
  });

  it('clears diagnostics when a document closes', async () => {
    const uri = pathToFileURL(path.join(dir, 'close.example.zone')).toString();
    client.open(uri, 'x A 1\n');
    await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
    client.close(uri);
    const p = await client.diagnostics(uri);
    assert.deepEqual(p.diagnostics, []);
  });
});

describe('language server: untrusted workspace', () => {
  it('reads no $INCLUDE and says why', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zonelens-lsp-'));
    fs.writeFileSync(path.join(dir, 'hosts.inc'), 'h1 A 192.0.2.1\n');
    const client = await startClient({
      rootUri: pathToFileURL(dir).toString(),
      initializationOptions: { trusted: false },
    });
    const uri = pathToFileURL(path.join(dir, 'example.com.zone')).toString();
    client.open(uri, CLEAN + '$INCLUDE hosts.inc\n');
    const p = await client.diagnostics(uri);
    assert.deepEqual(
      p.diagnostics.map((d) => d.code),
      ['include-denied'],
    );
    assert.match(p.diagnostics[0].message, /not trusted/);
    await client.stop();
  });
});
