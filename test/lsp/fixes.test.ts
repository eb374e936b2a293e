/**
 * Quick fixes over JSON-RPC: for every fixable code, open a zone, take the
 * published diagnostic, ask for code actions, apply the returned
 * WorkspaceEdit to the text, send the new text and wait for the re-check.
 * The diagnostic must be gone, no new error may appear, and `zonelens print`
 * of the result must differ from the original's by the intended records only.
 * Edge cases: a multi-line record, a later `$ORIGIN`, tabs, CRLF; fix-all.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest,
  DiagnosticSeverity,
  type CodeAction,
  type Command,
  type Diagnostic,
  type Position,
  type TextEdit,
} from 'vscode-languageserver-protocol';
import { MAX_FIXED_PER_REQUEST } from '../../server/src/features/codeActions';
import { startClient, type TestClient } from './client';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

const HEAD = `$ORIGIN example.com.
$TTL 1h
@       IN  SOA   ns1 hostmaster 1 1h 15m 2w 1h
        IN  NS    ns1
`;
const NS1 = 'ns1     IN  A     198.51.100.53\n';

/** The offset of an LSP position in `text` (lines end at \n, \r\n or \r; characters are UTF-16 units). */
function offsetAt(text: string, pos: Position): number {
  let line = 0;
  let i = 0;
  while (line < pos.line && i < text.length) {
    const c = text[i++];
    if (c === '\n' || (c === '\r' && text[i] !== '\n')) line++;
  }
  return i + pos.character;
}

/** Applies LSP text edits (non-overlapping, ranges in the original text) to a text. */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const spans = edits
    .map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  for (let i = 1; i < spans.length; i++) assert.ok(spans[i].end <= spans[i - 1].start, 'edits do not overlap');
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

/** `zonelens print` of a zone text, one line per record. */
function printed(text: string): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zonelens-print-'));
  fs.writeFileSync(path.join(dir, 'example.com.zone'), text);
  const r = spawnSync(process.execPath, [CLI, 'print', 'example.com.zone'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.stderr, '');
  return r.stdout.split('\n').filter((l) => l !== '');
}

/** Lines of `a` not in `b`, as a multiset. */
function minus(a: readonly string[], b: readonly string[]): string[] {
  const rest = [...b];
  return a.filter((l) => {
    const i = rest.indexOf(l);
    if (i < 0) return true;
    rest.splice(i, 1);
    return false;
  });
}

function errorCounts(ds: readonly Diagnostic[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of ds)
    if (d.severity === DiagnosticSeverity.Error) m.set(String(d.code), (m.get(String(d.code)) ?? 0) + 1);
  return m;
}

function isAction(x: Command | CodeAction): x is CodeAction {
  return 'kind' in x || 'edit' in x;
}

interface Case {
  text: string;
  code: string;
  /** Which of the offered fixes to apply. */
  title?: RegExp;
  /** `zonelens print` lines the fix removes and adds (owner, TTL, class, type, RDATA, tab-separated). */
  removed: string[];
  added: string[];
}

describe('language server: quick fixes over JSON-RPC', () => {
  let dir: string;
  let client: TestClient;
  let n = 0;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zonelens-fix-'));
    client = await startClient({ rootUri: pathToFileURL(dir).toString(), initializationOptions: { trusted: true } });
  });

  after(async () => {
    await client.stop();
  });

  /** A fresh `example.com.zone` (its own folder, so the origin comes from the name) opened in the server. */
  async function open(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const sub = path.join(dir, `case${++n}`);
    fs.mkdirSync(sub);
    const uri = pathToFileURL(path.join(sub, 'example.com.zone')).toString();
    client.open(uri, text);
    return { uri, diagnostics: (await client.diagnostics(uri)).diagnostics };
  }

  async function actions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const got = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range,
      context: { diagnostics, only },
    });
    return (got ?? []).filter(isAction);
  }

  /** Sends the new text as version 2 and returns the diagnostics of that version. */
  async function recheck(uri: string, text: string): Promise<Diagnostic[]> {
    client.change(uri, text, 2);
    return (await client.diagnostics(uri, (p) => p.version === 2)).diagnostics;
  }

  async function fixCase(c: Case): Promise<string> {
    const { uri, diagnostics } = await open(c.text);
    const d = diagnostics.find((x) => x.code === c.code);
    assert.ok(d !== undefined, `${c.code} is reported`);
    assert.ok(d.data !== undefined, 'the diagnostic carries its fix data');
    const offered = await actions(uri, [d], ['quickfix']);
    const action = c.title === undefined ? offered[0] : offered.find((a) => c.title?.test(a.title) === true);
    assert.ok(action !== undefined, `a fix for ${c.code} among ${JSON.stringify(offered.map((a) => a.title))}`);
    assert.equal(action.kind, 'quickfix');
    assert.deepEqual(action.diagnostics, [d]);
    const edits = action.edit?.changes?.[uri];
    assert.ok(edits !== undefined && edits.length > 0, 'edits for this document');
    assert.deepEqual(Object.keys(action.edit?.changes ?? {}), [uri], 'no other file is touched');
    const text = applyEdits(c.text, edits);

    const after = await recheck(uri, text);
    const count = (ds: Diagnostic[]) => ds.filter((x) => x.code === c.code).length;
    assert.equal(count(after), count(diagnostics) - 1, `${c.code} is gone`);
    const before = errorCounts(diagnostics);
    for (const [code, k] of errorCounts(after)) assert.ok(k <= (before.get(code) ?? 0), `no new ${code} error`);

    const p0 = printed(c.text);
    const p1 = printed(text);
    assert.deepEqual(minus(p0, p1).sort(), [...c.removed].sort(), 'records removed');
    assert.deepEqual(minus(p1, p0).sort(), [...c.added].sort(), 'records added');
    client.close(uri);
    return text;
  }

  const rr = (owner: string, type: string, rdata: string, ttl = 3600) => `${owner}\t${ttl}\tIN\t${type}\t${rdata}`;

  it('declares quick fixes and the fix-all source action', () => {
    assert.deepEqual(client.initializeResult.capabilities.codeActionProvider, {
      codeActionKinds: ['quickfix', 'source.fixAll.zonelens'],
    });
  });

  it('name-missing-trailing-dot: adds the dot', async () => {
    await fixCase({
      text: HEAD + '        IN  MX    10 mail.example.com\n' + NS1 + 'mail    IN  A     192.0.2.25\n',
      code: 'name-missing-trailing-dot',
      removed: [rr('example.com.', 'MX', '10 mail.example.com.example.com.')],
      added: [rr('example.com.', 'MX', '10 mail.example.com.')],
    });
  });

  it('mx-target-ip: a new host mx1 with the address, and the MX names it', async () => {
    const out = await fixCase({
      text: HEAD + '        IN  MX    10 192.0.2.25\n' + NS1,
      code: 'mx-target-ip',
      removed: [rr('example.com.', 'MX', '10 192.0.2.25.example.com.')],
      added: [rr('example.com.', 'MX', '10 mx1.example.com.'), rr('mx1.example.com.', 'A', '192.0.2.25')],
    });
    assert.equal(out, HEAD + '        IN  MX    10 mx1\nmx1     IN  A     192.0.2.25\n' + NS1);
  });

  it('mx-target-cname: the canonical name at the end of the chain', async () => {
    await fixCase({
      text:
        HEAD +
        '        IN  MX    10 alias\n' +
        NS1 +
        'alias   IN  CNAME relay\nrelay   IN  CNAME smtp\nsmtp    IN  A     192.0.2.25\n',
      code: 'mx-target-cname',
      removed: [rr('example.com.', 'MX', '10 alias.example.com.')],
      added: [rr('example.com.', 'MX', '10 smtp.example.com.')],
    });
  });

  it('mx-target-no-address: a placeholder A record beside the target’s records', async () => {
    const out = await fixCase({
      text: HEAD + '        IN  MX    10 bare\n' + NS1 + 'bare    IN  TXT   "no address yet"\n',
      code: 'mx-target-no-address',
      removed: [],
      added: [rr('bare.example.com.', 'A', '192.0.2.1')],
    });
    assert.ok(out.endsWith('bare    IN  TXT   "no address yet"\n        IN  A     192.0.2.1\n'), out);
  });

  it('null-mx-mixed: keep only the null MX', async () => {
    await fixCase({
      text: HEAD + NS1 + 'shop    IN  MX    10 mail\n        IN  MX    0 .\nmail    IN  A     192.0.2.25\n',
      code: 'null-mx-mixed',
      title: /^Keep only the null MX/,
      removed: [rr('shop.example.com.', 'MX', '10 mail.example.com.')],
      added: [],
    });
  });

  it('null-mx-mixed: remove the null MX', async () => {
    await fixCase({
      text: HEAD + NS1 + 'shop    IN  MX    10 mail\n        IN  MX    0 .\nmail    IN  A     192.0.2.25\n',
      code: 'null-mx-mixed',
      title: /^Remove the null MX/,
      removed: [rr('shop.example.com.', 'MX', '0 .')],
      added: [],
    });
  });

  it('null-mx-preference: set to 0', async () => {
    await fixCase({
      text: HEAD + NS1 + 'shop    IN  MX    10 .\n',
      code: 'null-mx-preference',
      removed: [rr('shop.example.com.', 'MX', '10 .')],
      added: [rr('shop.example.com.', 'MX', '0 .')],
    });
  });

  it('mx-duplicate-target: keep the lowest preference', async () => {
    await fixCase({
      text: HEAD + '        IN  MX    10 ns1\n        IN  MX    20 ns1\n' + NS1,
      code: 'mx-duplicate-target',
      removed: [rr('example.com.', 'MX', '20 ns1.example.com.')],
      added: [],
    });
  });

  it('mx-backup-adds-nothing: remove the tier', async () => {
    await fixCase({
      text: HEAD + '        IN  MX    10 ns1\n        IN  MX    20 alias\n' + NS1 + 'alias   IN  A     198.51.100.53\n',
      code: 'mx-backup-adds-nothing',
      removed: [rr('example.com.', 'MX', '20 alias.example.com.')],
      added: [],
    });
  });

  it('mx-multihomed-host: one MX name per address at the same preference', async () => {
    await fixCase({
      text: HEAD + '        IN  MX    10 mail\n' + NS1 + 'mail    IN  A     192.0.2.25\n        IN  A     192.0.2.26\n',
      code: 'mx-multihomed-host',
      removed: [rr('example.com.', 'MX', '10 mail.example.com.')],
      added: [
        rr('example.com.', 'MX', '10 mail1.example.com.'),
        rr('example.com.', 'MX', '10 mail2.example.com.'),
        rr('mail1.example.com.', 'A', '192.0.2.25'),
        rr('mail2.example.com.', 'A', '192.0.2.26'),
      ],
    });
  });

  it('implicit-mx: add @ MX 0 .', async () => {
    await fixCase({
      text: HEAD + '        IN  A     192.0.2.10\n' + NS1,
      code: 'implicit-mx',
      removed: [],
      added: [rr('example.com.', 'MX', '0 .')],
    });
  });

  it('rrset-ttl-mismatch: the RRset’s TTL (print shows no change: servers already use the first TTL)', async () => {
    const out = await fixCase({
      text: HEAD + NS1 + 'www 300 IN  A     192.0.2.1\nwww 600 IN  A     192.0.2.2\n',
      code: 'rrset-ttl-mismatch',
      removed: [],
      added: [],
    });
    assert.ok(out.endsWith('www 300 IN  A     192.0.2.1\nwww 300 IN  A     192.0.2.2\n'), out);
  });

  it('duplicate-record: delete the later copy (print shows no change)', async () => {
    await fixCase({
      text: HEAD + NS1 + 'www     IN  A     192.0.2.1\nwww     IN  A     192.0.2.1\n',
      code: 'duplicate-record',
      removed: [],
      added: [],
    });
  });

  it('cname-and-other-data: remove the other data', async () => {
    const out = await fixCase({
      text: HEAD + NS1 + 'www     IN  A     192.0.2.80\n        IN  CNAME web\nweb     IN  A     192.0.2.81\n',
      code: 'cname-and-other-data',
      removed: [rr('www.example.com.', 'A', '192.0.2.80')],
      added: [],
    });
    assert.ok(out.includes('\nwww     IN  CNAME web\n'), 'the CNAME line takes the owner over');
  });

  it('edge: a fix inside a multi-line record', async () => {
    const out = await fixCase({
      text:
        HEAD +
        '        IN  MX    ( 10 ; preference\n                    mail.example.com ) ; target\n' +
        NS1 +
        'mail    IN  A     192.0.2.25\n',
      code: 'name-missing-trailing-dot',
      removed: [rr('example.com.', 'MX', '10 mail.example.com.example.com.')],
      added: [rr('example.com.', 'MX', '10 mail.example.com.')],
    });
    assert.ok(out.includes('( 10 ; preference\n                    mail.example.com. ) ; target\n'), out);
  });

  it('edge: deleting a multi-line record removes all its lines', async () => {
    await fixCase({
      text:
        HEAD +
        NS1 +
        'www     IN  TXT   "a"\nwww     IN  TXT   ( "a" ; again\n                  )\nftp     IN  A     192.0.2.1\n',
      code: 'duplicate-record',
      removed: [],
      added: [],
    });
  });

  it('edge: under a later $ORIGIN', async () => {
    const out = await fixCase({
      text:
        HEAD +
        NS1 +
        '$ORIGIN shop.example.com.\n@       IN  MX    10 mail\n        IN  MX    20 mail\nmail    IN  A     192.0.2.25\n',
      code: 'mx-duplicate-target',
      removed: [rr('shop.example.com.', 'MX', '20 mail.shop.example.com.')],
      added: [],
    });
    assert.ok(
      out.endsWith('$ORIGIN shop.example.com.\n@       IN  MX    10 mail\nmail    IN  A     192.0.2.25\n'),
      out,
    );
    const ip = await fixCase({
      text:
        HEAD + NS1 + '$ORIGIN shop.example.com.\n@       IN  MX    10 192.0.2.99\nwww     IN  A     198.51.100.80\n',
      code: 'mx-target-ip',
      removed: [rr('shop.example.com.', 'MX', '10 192.0.2.99.shop.example.com.')],
      added: [rr('shop.example.com.', 'MX', '10 mx1.example.com.'), rr('mx1.example.com.', 'A', '192.0.2.99')],
    });
    assert.ok(ip.includes('@       IN  MX    10 mx1.example.com.\nmx1.example.com. IN  A     192.0.2.99\n'), ip);
  });

  it('edge: a file with tabs', async () => {
    const head =
      '$ORIGIN example.com.\n$TTL 1h\n@\tIN\tSOA\tns1 hostmaster 1 1h 15m 2w 1h\n\tIN\tNS\tns1\n\tIN\tMX\t10\tmail\n';
    const out = await fixCase({
      text: head + 'ns1\tIN\tA\t198.51.100.53\nmail\tIN\tA\t192.0.2.25\n\tIN\tA\t192.0.2.26\n',
      code: 'mx-multihomed-host',
      removed: [rr('example.com.', 'MX', '10 mail.example.com.')],
      added: [
        rr('example.com.', 'MX', '10 mail1.example.com.'),
        rr('example.com.', 'MX', '10 mail2.example.com.'),
        rr('mail1.example.com.', 'A', '192.0.2.25'),
        rr('mail2.example.com.', 'A', '192.0.2.26'),
      ],
    });
    assert.equal(
      out,
      '$ORIGIN example.com.\n$TTL 1h\n@\tIN\tSOA\tns1 hostmaster 1 1h 15m 2w 1h\n\tIN\tNS\tns1\n\tIN\tMX\t10\tmail1\n\tIN\tMX\t10\tmail2\n' +
        'ns1\tIN\tA\t198.51.100.53\nmail\tIN\tA\t192.0.2.25\n\tIN\tA\t192.0.2.26\nmail1\tIN\tA\t192.0.2.25\nmail2\tIN\tA\t192.0.2.26\n',
    );
  });

  it('edge: CRLF line ends, for deletions and insertions', async () => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    const dup = await fixCase({
      text: crlf(HEAD + NS1 + 'www     IN  A     192.0.2.80\n        IN  A     192.0.2.80\n'),
      code: 'duplicate-record',
      removed: [],
      added: [],
    });
    assert.equal(dup, crlf(HEAD + NS1 + 'www     IN  A     192.0.2.80\n'));
    const ins = await fixCase({
      text: crlf(HEAD + '        IN  MX    10 ghost\n' + NS1),
      code: 'mx-target-no-address',
      removed: [],
      added: [rr('ghost.example.com.', 'A', '192.0.2.1')],
    });
    assert.equal(ins, crlf(HEAD + '        IN  MX    10 ghost\nghost   IN  A     192.0.2.1\n' + NS1));
  });

  it('source.fixAll.zonelens applies every clear fix of the file at once', async () => {
    const text =
      HEAD +
      '        IN  MX    10 192.0.2.25\n        IN  MX    20 192.0.2.26\n        IN  MX    30 mail.example.com\n' +
      NS1 +
      'mail    IN  A     198.51.100.25\nwww     IN  A     192.0.2.80\nwww     IN  A     192.0.2.80\n';
    const { uri, diagnostics } = await open(text);
    const [action, ...rest] = await actions(uri, [], ['source.fixAll']);
    assert.equal(rest.length, 0);
    assert.equal(action.kind, 'source.fixAll.zonelens');
    const edits = action.edit?.changes?.[uri];
    assert.ok(edits !== undefined);
    const fixed = applyEdits(text, edits);
    const after = await recheck(uri, fixed);
    for (const code of ['mx-target-ip', 'name-missing-trailing-dot', 'duplicate-record']) {
      assert.ok(diagnostics.some((d) => d.code === code));
      assert.ok(!after.some((d) => d.code === code), `${code} fixed`);
    }
    const before = errorCounts(diagnostics);
    for (const [code, k] of errorCounts(after)) assert.ok(k <= (before.get(code) ?? 0), `no new ${code} error`);
    assert.deepEqual(minus(printed(fixed), printed(text)).sort(), [
      rr('example.com.', 'MX', '10 mx1.example.com.'),
      rr('example.com.', 'MX', '20 mx2.example.com.'),
      rr('example.com.', 'MX', '30 mail.example.com.'),
      rr('mx1.example.com.', 'A', '192.0.2.25'),
      rr('mx2.example.com.', 'A', '192.0.2.26'),
    ]);
    client.close(uri);
  });

  it('fixes at most MAX_FIXED_PER_REQUEST diagnostics of one request (a whole-file selection); fix-all has the rest', async () => {
    let text = HEAD + NS1;
    for (let i = 0; i < 30; i++) text += `d${i}      IN  MX    10 .\n`;
    const { uri, diagnostics } = await open(text);
    const fixable = diagnostics.filter((x) => x.code === 'null-mx-preference');
    assert.equal(fixable.length, 30);
    const offered = await actions(uri, fixable, ['quickfix']);
    assert.equal(offered.length, MAX_FIXED_PER_REQUEST);
    assert.deepEqual(
      offered.map((a) => a.diagnostics?.[0]),
      fixable.slice(0, MAX_FIXED_PER_REQUEST),
    );
    const all = await actions(uri, fixable, ['source.fixAll.zonelens']);
    assert.equal(all[0]?.edit?.changes?.[uri]?.length, 30);
    client.close(uri);
  });

  it('offers no fix for a diagnostic of an older version of the text', async () => {
    const text = HEAD + NS1 + 'shop    IN  MX    10 .\n';
    const { uri, diagnostics } = await open(text);
    const d = diagnostics.find((x) => x.code === 'null-mx-preference');
    assert.ok(d !== undefined);
    // The record moved down a line: the old diagnostic's range and data no longer describe the text.
    client.change(uri, HEAD + NS1 + '; moved\nshop    IN  MX    10 .\n', 2);
    assert.deepEqual(await actions(uri, [d], ['quickfix']), []);
    const fresh = (await client.diagnostics(uri, (p) => p.version === 2)).diagnostics;
    const d2 = fresh.find((x) => x.code === 'null-mx-preference');
    assert.ok(d2 !== undefined);
    assert.equal((await actions(uri, [d2], ['quickfix'])).length, 1);
    // Asked for no kind in particular (the light bulb): the quick fix, not the fix-all source action.
    assert.deepEqual(
      (await actions(uri, [d2])).map((a) => a.kind),
      ['quickfix'],
    );
    client.close(uri);
  });
});
