/**
 * Editing features over JSON-RPC against the built server: outline, folding,
 * definition, references, highlights, rename (with refusals), completion,
 * formatting and range formatting, and the zonelens/bumpSerial request.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  CompletionRequest,
  DefinitionRequest,
  DocumentFormattingRequest,
  DocumentHighlightKind,
  DocumentHighlightRequest,
  DocumentRangeFormattingRequest,
  DocumentSymbolRequest,
  FoldingRangeKind,
  FoldingRangeRequest,
  InsertTextFormat,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  ResponseError,
  SymbolKind,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
  type Location,
  type Position,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { BumpSerialRequest } from '../../server/src/protocol';
import { buildZone } from '../../server/src/zone/model';
import { parseZone } from '../../server/src/zone/parser';
import { printLine, printRecords } from '../../server/src/zone/print';
import { startClient, type TestClient } from './client';

const ZONE = `$ORIGIN example.com.
$TTL 1h
; Example zone
; for the editing tests
@       IN  SOA   ns1 hostmaster (
                2024010101 ; serial
                1h 15m 2w 1h )
        IN  NS    ns1
        IN  MX    10 mail
ns1     IN  A     192.0.2.53
mail    IN  A     192.0.2.25
www     IN  CNAME web
web     IN  A     192.0.2.80
_sip._tcp IN SRV  0 5 5060 web
$ORIGIN sub.example.com.
host    IN  A     192.0.2.1
alias   IN  CNAME web.example.com.
`;

const LINES = ZONE.split('\n');

/** The position of the `nth` occurrence of `word` on line `line` (its first character, plus `delta`). */
function pos(line: number, word: string, delta = 0, nth = 0): Position {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = LINES[line].indexOf(word, i + 1);
  assert.ok(i >= 0, `${word} on line ${line}`);
  return { line, character: i + delta };
}

function offsetAt(text: string, p: Position): number {
  const lines = text.split('\n');
  let o = 0;
  for (let l = 0; l < p.line; l++) o += lines[l].length + 1;
  return o + p.character;
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const spans = edits
    .map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start);
  for (let i = 1; i < spans.length; i++) assert.ok(spans[i].end <= spans[i - 1].start, 'edits do not overlap');
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

/** The records as `zonelens print` shows them (file and line left out). */
function printed(text: string): string[] {
  return printRecords(buildZone(parseZone(text, { fileName: 'example.com.zone', origin: 'example.com.' }))).map(
    printLine,
  );
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ResponseError, 'a ResponseError');
    return e.message;
  }
  assert.fail('the request was refused');
}

describe('lsp: editing', () => {
  let client: TestClient;
  const uri = 'file:///tmp/zonelens-editing/example.com.zone';
  const textDocument = { uri };

  before(async () => {
    client = await startClient();
    client.open(uri, ZONE);
    await client.diagnostics(uri);
  });
  after(async () => {
    await client.stop();
  });

  it('declares the editing capabilities', () => {
    const caps = client.initializeResult.capabilities;
    assert.equal(caps.documentSymbolProvider, true);
    assert.equal(caps.foldingRangeProvider, true);
    assert.equal(caps.definitionProvider, true);
    assert.equal(caps.referencesProvider, true);
    assert.equal(caps.documentHighlightProvider, true);
    assert.deepEqual(caps.renameProvider, { prepareProvider: true });
    assert.ok(caps.completionProvider);
    assert.equal(caps.documentFormattingProvider, true);
    assert.equal(caps.documentRangeFormattingProvider, true);
  });

  it('outlines $ORIGIN sections, owners and their records', async () => {
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument,
    })) as DocumentSymbol[];
    assert.deepEqual(
      symbols.map((s) => [s.name, s.kind]),
      [
        ['$ORIGIN example.com.', SymbolKind.Namespace],
        ['$ORIGIN sub.example.com.', SymbolKind.Namespace],
      ],
    );
    const owners = symbols[0].children ?? [];
    assert.deepEqual(
      owners.map((s) => s.name),
      ['@', 'ns1', 'mail', 'www', 'web', '_sip._tcp'],
    );
    const apex = owners[0];
    assert.equal(apex.kind, SymbolKind.Module, 'the apex (SOA) has its own kind');
    assert.equal(apex.detail, 'SOA NS MX');
    assert.deepEqual(
      apex.children?.map((c) => [c.name, c.kind, c.detail]),
      [
        ['SOA', SymbolKind.Module, 'ns1 hostmaster 2024010101 1h 15m 2w 1h'],
        ['NS', SymbolKind.Interface, 'ns1'],
        ['MX', SymbolKind.Event, '10 mail'],
      ],
    );
    // The SOA spans its three lines; the apex symbol covers its records.
    assert.deepEqual([apex.children?.[0].range.start.line, apex.children?.[0].range.end.line], [4, 6]);
    assert.deepEqual([apex.range.start.line, apex.range.end.line], [4, 8]);
    assert.deepEqual(
      symbols[1].children?.map((s) => s.name),
      ['host', 'alias'],
    );
    assert.deepEqual([symbols[0].range.start.line, symbols[0].range.end.line], [0, 13]);
  });

  it('folds multi-line records, $ORIGIN sections and comment blocks', async () => {
    const ranges = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument });
    const got = (ranges ?? []).map((r) => [r.startLine, r.endLine, r.kind ?? null]);
    assert.deepEqual(
      got.sort((a, b) => Number(a[0]) - Number(b[0]) || Number(b[1]) - Number(a[1])),
      [
        [0, 13, FoldingRangeKind.Region],
        [2, 3, FoldingRangeKind.Comment],
        [4, 6, null],
        [14, 16, FoldingRangeKind.Region],
      ],
    );
  });

  it('goes from a target name to the records of that name', async () => {
    const fromMx = (await client.connection.sendRequest(DefinitionRequest.type, {
      textDocument,
      position: pos(8, 'mail', 2),
    })) as Location[];
    assert.deepEqual(
      fromMx.map((l) => [l.uri, l.range.start.line]),
      [[uri, 10]],
    );
    // An absolute name under another $ORIGIN, and an SRV target.
    for (const p of [pos(16, 'web', 1), pos(13, 'web')]) {
      const got = (await client.connection.sendRequest(DefinitionRequest.type, {
        textDocument,
        position: p,
      })) as Location[];
      assert.deepEqual(
        got.map((l) => l.range.start.line),
        [12],
      );
    }
    // The NS target from the blank-owner line.
    const ns = (await client.connection.sendRequest(DefinitionRequest.type, {
      textDocument,
      position: pos(7, 'ns1'),
    })) as Location[];
    assert.deepEqual(
      ns.map((l) => l.range.start.line),
      [9],
    );
    const none = await client.connection.sendRequest(DefinitionRequest.type, {
      textDocument,
      position: pos(5, '2024'),
    });
    assert.equal(none, null);
  });

  it('finds the records that point at a name, with and without the declaration', async () => {
    const position = pos(12, 'web');
    const withDecl = (await client.connection.sendRequest(ReferencesRequest.type, {
      textDocument,
      position,
      context: { includeDeclaration: true },
    })) as Location[];
    assert.deepEqual(
      withDecl.map((l) => l.range.start.line).sort((a, b) => a - b),
      [11, 12, 13, 16],
    );
    const without = (await client.connection.sendRequest(ReferencesRequest.type, {
      textDocument,
      position,
      context: { includeDeclaration: false },
    })) as Location[];
    assert.deepEqual(
      without.map((l) => l.range.start.line).sort((a, b) => a - b),
      [11, 13, 16],
    );
    // From a reference, the same set.
    const fromRef = (await client.connection.sendRequest(ReferencesRequest.type, {
      textDocument,
      position: pos(11, 'web'),
      context: { includeDeclaration: false },
    })) as Location[];
    assert.equal(fromRef.length, 3);
  });

  it('highlights the owner (write) and its references (read)', async () => {
    const hs = await client.connection.sendRequest(DocumentHighlightRequest.type, {
      textDocument,
      position: pos(11, 'web', 1),
    });
    const got = (hs ?? []).map((h) => [h.range.start.line, h.range.start.character, h.kind]);
    assert.deepEqual(
      got.sort((a, b) => Number(a[0]) - Number(b[0])),
      [
        [11, LINES[11].indexOf('web'), DocumentHighlightKind.Read],
        [12, 0, DocumentHighlightKind.Write],
        [13, LINES[13].indexOf('web'), DocumentHighlightKind.Read],
        [16, LINES[16].indexOf('web'), DocumentHighlightKind.Read],
      ],
    );
  });

  it('renames an owner and every reference, keeping relative and absolute forms', async () => {
    const prep = await client.connection.sendRequest(PrepareRenameRequest.type, {
      textDocument,
      position: pos(12, 'web'),
    });
    assert.deepEqual(prep, {
      range: { start: { line: 12, character: 0 }, end: { line: 12, character: 3 } },
      placeholder: 'web',
    });
    const edit = (await client.connection.sendRequest(RenameRequest.type, {
      textDocument,
      position: pos(12, 'web'),
      newName: 'site',
    })) as WorkspaceEdit;
    const renamed = applyEdits(ZONE, edit.changes?.[uri] ?? []);
    const lines = renamed.split('\n');
    assert.equal(lines[11], 'www     IN  CNAME site');
    assert.equal(lines[12], 'site     IN  A     192.0.2.80');
    assert.equal(lines[13], '_sip._tcp IN SRV  0 5 5060 site');
    assert.equal(lines[16], 'alias   IN  CNAME site.example.com.');
    const expected = printed(ZONE).map((l) => l.replace(/\bweb\.example\.com\./g, 'site.example.com.'));
    assert.deepEqual(printed(renamed).sort(), expected.sort());
  });

  it('refuses a rename that would collide, an invalid name, the apex and a name out of the zone', async () => {
    const collide = await refusal(
      client.connection.sendRequest(RenameRequest.type, { textDocument, position: pos(12, 'web'), newName: 'mail' }),
    );
    assert.match(collide, /mail\.example\.com\. already has records \(A\)/);
    const invalid = await refusal(
      client.connection.sendRequest(RenameRequest.type, { textDocument, position: pos(12, 'web'), newName: 'a..b' }),
    );
    assert.match(invalid, /not a valid name/);
    const outside = await refusal(
      client.connection.sendRequest(RenameRequest.type, {
        textDocument,
        position: pos(12, 'web'),
        newName: 'web.example.org.',
      }),
    );
    assert.match(outside, /outside the zone/);
    const apex = await refusal(
      client.connection.sendRequest(PrepareRenameRequest.type, { textDocument, position: pos(4, '@') }),
    );
    assert.match(apex, /apex/);
  });

  it('completes directives, record types with snippets, and names in target fields', async () => {
    const text = `${ZONE}ftp     IN  \n        IN  MX    20 \n$\n`;
    client.change(uri, text, 2);
    const n = LINES.length - 1; // the first added line
    const types = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument,
      position: { line: n, character: 12 },
    })) as CompletionList;
    const mx = types.items.find((i) => i.label === 'MX') as CompletionItem;
    assert.equal(mx.insertTextFormat, InsertTextFormat.Snippet);
    const mxText = mx.textEdit && 'newText' in mx.textEdit ? mx.textEdit.newText : '';
    assert.match(mxText, /^MX \$\{1:10\} \$\{2:mail\}$/, 'the MX snippet has a preference placeholder');
    const soa = types.items.find((i) => i.label === 'SOA') as CompletionItem;
    const soaText = soa.textEdit && 'newText' in soa.textEdit ? soa.textEdit.newText : '';
    assert.ok(soaText.split('\n').length >= 5, 'the SOA snippet spans lines');
    assert.ok(!types.items.some((i) => i.label === 'IN'), 'no class after a class');
    assert.ok(
      types.items.some((i) => i.label === '1h'),
      'TTLs are offered where none is written',
    );

    const names = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument,
      position: { line: n + 1, character: 21 },
    })) as CompletionList;
    const labels = names.items.map((i) => i.label);
    // The line is under `$ORIGIN sub.example.com.`: names below it are offered relative to it, and absolute.
    assert.ok(labels.includes('host'), 'a relative name is offered');
    assert.ok(labels.includes('host.sub.example.com.'), 'its absolute form too');
    assert.ok(labels.includes('mail.example.com.'), 'a name above the origin, absolute');
    assert.ok(!labels.includes('mail'), 'not relative to an origin that is not in effect here');
    assert.ok(!labels.includes('MX'), 'no types in a target field');

    const directives = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument,
      position: { line: n + 2, character: 1 },
    })) as CompletionList;
    assert.deepEqual(
      directives.items.map((i) => i.label),
      ['$ORIGIN', '$TTL', '$INCLUDE', '$GENERATE'],
    );
    client.change(uri, ZONE, 3);
  });

  it('formats the document and a range without changing a record', async () => {
    const messy = `$ORIGIN example.com.
$TTL 1h
@ IN SOA ns1 hostmaster (
   1 1h 15m 2w 1h )   
  IN NS ns1
ns1 IN A 192.0.2.53
mailserver 300 IN A 192.0.2.25   ; the mail host
www IN CNAME ns1
`;
    const furi = 'file:///tmp/zonelens-editing/format/example.com.zone';
    client.open(furi, messy);
    await client.diagnostics(furi);
    const options = { tabSize: 8, insertSpaces: true };
    const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri: furi },
      options,
    });
    const formatted = applyEdits(messy, edits ?? []);
    assert.equal(
      formatted,
      `$ORIGIN example.com.
$TTL 1h
@          IN SOA   ns1 hostmaster (
              1 1h 15m 2w 1h )
           IN NS    ns1
ns1        IN A     192.0.2.53
mailserver 300 IN A 192.0.2.25   ; the mail host
www        IN CNAME ns1
`,
      'one TTL among many records is written inline: it pushes its line along, the RDATA still aligns',
    );
    assert.deepEqual(printed(formatted), printed(messy));
    // Idempotent: the formatted text needs no edit.
    client.change(furi, formatted, 2);
    const again = await client.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri: furi },
      options,
    });
    assert.deepEqual(again, []);

    // A range: only the records it touches change, to the columns of the whole file.
    client.change(furi, messy, 3);
    const ranged = await client.connection.sendRequest(DocumentRangeFormattingRequest.type, {
      textDocument: { uri: furi },
      range: { start: { line: 5, character: 0 }, end: { line: 5, character: 3 } },
      options,
    });
    const partly = applyEdits(messy, ranged ?? []).split('\n');
    assert.equal(partly[5], 'ns1        IN A     192.0.2.53');
    assert.deepEqual(
      partly.filter((_, i) => i !== 5),
      messy.split('\n').filter((_, i) => i !== 5),
    );
    client.close(furi);
  });

  it('bumps the SOA serial: date-based, and +1 when today is used up', async () => {
    const r = await client.connection.sendRequest(BumpSerialRequest, { textDocument, today: '2026-11-21' });
    assert.equal(r.newText, '2026112100');
    assert.equal(r.method, 'date');
    assert.equal(r.uri, uri);
    assert.deepEqual(r.range, { start: pos(5, '2024'), end: pos(5, '2024', 10) });
    const bumped = applyEdits(ZONE, [{ range: r.range, newText: r.newText }]);
    client.change(uri, bumped, 10);
    const next = await client.connection.sendRequest(BumpSerialRequest, { textDocument, today: '2026-11-21' });
    assert.equal(next.newText, '2026112101');
    assert.equal(next.version, 10);
    client.change(uri, ZONE, 11);
  });

  it('refuses to bump a zone without SOA', async () => {
    const nuri = 'file:///tmp/zonelens-editing/nosoa.example.com.zone';
    client.open(nuri, '$ORIGIN example.com.\n$TTL 1h\nwww IN A 192.0.2.1\n');
    await client.diagnostics(nuri);
    const why = await refusal(client.connection.sendRequest(BumpSerialRequest, { textDocument: { uri: nuri } }));
    assert.match(why, /no SOA/);
    client.close(nuri);
  });
});

describe('lsp: editing across $INCLUDE', () => {
  let client: TestClient;
  let dir: string;

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'zonelens-include-')));
    fs.writeFileSync(path.join(dir, 'hosts.inc'), 'mail  IN A 192.0.2.25\n');
    client = await startClient({ rootUri: pathToFileURL(dir).toString() });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('goes to the records of an included file and renames there too', async () => {
    const text =
      '$ORIGIN example.com.\n$TTL 1h\n@ IN SOA ns1 host 1 1h 15m 2w 1h\n  IN NS ns1\n  IN MX 10 mail\n$INCLUDE hosts.inc\nns1 IN A 192.0.2.53\n';
    const uri = pathToFileURL(path.join(dir, 'example.com.zone')).toString();
    const inc = pathToFileURL(path.join(dir, 'hosts.inc')).toString();
    client.open(uri, text);
    await client.diagnostics(uri);
    const position = { line: 4, character: 13 };
    const defs = (await client.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri },
      position,
    })) as Location[];
    assert.deepEqual(
      defs.map((l) => [l.uri, l.range.start.line]),
      [[inc, 0]],
    );
    const edit = (await client.connection.sendRequest(RenameRequest.type, {
      textDocument: { uri },
      position,
      newName: 'mx1',
    })) as WorkspaceEdit;
    assert.deepEqual(Object.keys(edit.changes ?? {}).sort(), [uri, inc].sort());
    assert.equal(applyEdits('mail  IN A 192.0.2.25\n', edit.changes?.[inc] ?? []), 'mx1  IN A 192.0.2.25\n');
    assert.equal(applyEdits(text, edit.changes?.[uri] ?? []).split('\n')[4], '  IN MX 10 mx1');
  });
});

describe('lsp: outline and folding of a large zone', () => {
  it('at most zonelens.maxItemsComputed entries, then one that counts the rest', async () => {
    const client = await startClient({ initializationOptions: { settings: { maxItemsComputed: 100 } } });
    const uri = 'untitled:large.example.zone';
    const lines = ['$ORIGIN example.com.', '@ IN SOA ns1 h 1 1h 15m 2w 1h', '  IN NS ns1'];
    for (let i = 0; i < 1000; i++) lines.push(`h${i} IN A 192.0.2.${i % 250}`, `; note ${i}`, `; more ${i}`);
    client.open(uri, lines.join('\n') + '\n');
    await client.diagnostics(uri);
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri },
    })) as DocumentSymbol[];
    assert.equal(symbols.length, 2);
    // $ORIGIN, then 99 records (the SOA and NS of one owner, then 97 hosts).
    assert.equal(symbols[0].children?.length, 98);
    assert.equal(symbols[1].name, '903 more records and directives not listed');
    const folds = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
    assert.equal(folds?.length, 100);
    await client.stop();
  });
});
