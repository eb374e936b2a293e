/**
 * The editing features in process (features/symbols, folding, navigation,
 * completion, formatting, serial): cases the LSP test does not reach
 * ($INCLUDEd files, delegations, generic data, $GENERATE), and no crash at
 * any position of real and broken zones.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DocumentHighlightKind, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import { completion } from '../../server/src/features/completion';
import { foldingRanges } from '../../server/src/features/folding';
import { formatting } from '../../server/src/features/formatting';
import { definition, highlights, prepareRename, references, rename } from '../../server/src/features/navigation';
import { bumpSerialEdit } from '../../server/src/features/serial';
import { documentSymbols } from '../../server/src/features/symbols';
import { LineIndex } from '../../server/src/zone/lineIndex';
import { buildZone, type Zone } from '../../server/src/zone/model';
import { parseZone, type IncludeReader } from '../../server/src/zone/parser';
import { printLine, printRecords } from '../../server/src/zone/print';

const ORIGIN = 'example.com.';
const options = { origin: ORIGIN };

function zoneOf(text: string, files: Record<string, string> = {}): Zone {
  const readInclude: IncludeReader = (p) =>
    files[p] === undefined
      ? { ok: false, code: 'include-not-found', message: `${p}: not found` }
      : { ok: true, name: `file:///z/${p}`, text: files[p] };
  return buildZone(parseZone(text, { fileName: 'file:///z/example.com.zone', origin: ORIGIN, readInclude }));
}

function apply(text: string, edits: readonly TextEdit[]): string {
  const li = new LineIndex(text);
  let out = text;
  for (const e of [...edits].sort((a, b) => li.offsetAt(b.range.start) - li.offsetAt(a.range.start))) {
    out = out.slice(0, li.offsetAt(e.range.start)) + e.newText + out.slice(li.offsetAt(e.range.end));
  }
  return out;
}

const MAIN = `$TTL 1h
@       IN SOA ns1 hostmaster 2024010101 1h 15m 2w 1h
        IN NS  ns1
        IN MX  10 mail
$INCLUDE hosts.inc
shop    IN NS  ns.shop
ns.shop IN A   192.0.2.9
www     IN CNAME mail
`;
const HOSTS = `ns1   IN A 192.0.2.53
mail  IN A 192.0.2.25
`;

describe('editing: $INCLUDEd files', () => {
  const zone = zoneOf(MAIN, { 'hosts.inc': HOSTS });

  it('definition reaches the records of an included file', () => {
    const got = definition(zone, MAIN.indexOf('10 mail') + 4, options);
    assert.deepEqual(got, [
      { uri: 'file:///z/hosts.inc', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 21 } } },
    ]);
  });

  it('references and rename span the files; the included owner is renamed too', () => {
    const refs = references(zone, MAIN.indexOf('CNAME mail') + 7, true, options) ?? [];
    assert.deepEqual(refs.map((l) => `${l.uri}:${l.range.start.line}`).sort(), [
      'file:///z/example.com.zone:3',
      'file:///z/example.com.zone:7',
      'file:///z/hosts.inc:1',
    ]);
    const edit = rename(zone, MAIN.indexOf('CNAME mail') + 7, 'mx', options) as WorkspaceEdit;
    assert.equal(
      apply(HOSTS, edit.changes?.['file:///z/hosts.inc'] ?? []),
      'ns1   IN A 192.0.2.53\nmx  IN A 192.0.2.25\n',
    );
    const main = apply(MAIN, edit.changes?.['file:///z/example.com.zone'] ?? []);
    assert.ok(main.includes('IN MX  10 mx\n') && main.includes('www     IN CNAME mx\n'));
    // The renamed zone prints the same records with the new name.
    const after = zoneOf(main, { 'hosts.inc': apply(HOSTS, edit.changes?.['file:///z/hosts.inc'] ?? []) });
    const want = printRecords(zone).map((r) => printLine(r).replace(/\bmail\.example\.com\./g, 'mx.example.com.'));
    assert.deepEqual(printRecords(after).map(printLine).sort(), want.sort());
  });

  it('highlights only what is in the document', () => {
    const hs = highlights(zone, MAIN.indexOf('CNAME mail') + 7, options);
    assert.deepEqual(hs.map((h) => h.range.start.line).sort(), [3, 7]);
  });
});

describe('editing: renames that would change meaning are refused', () => {
  const zone = zoneOf(MAIN, { 'hosts.inc': HOSTS });
  const at = MAIN.indexOf('CNAME mail') + 7;

  it('into a delegated subtree', () => {
    const r = rename(zone, at, 'mail.shop', options);
    assert.match((r as { refused: string }).refused, /below the NS \(a delegation\) of shop\.example\.com\./);
  });

  it('onto a name other records already point at', () => {
    const z = zoneOf(`${MAIN}ftp IN CNAME dangling\n`, { 'hosts.inc': HOSTS });
    const r = rename(z, at, 'dangling', options);
    assert.match((r as { refused: string }).refused, /already named by 1 record/);
  });

  it('a name made by $GENERATE', () => {
    const text =
      '$TTL 1h\n@ IN SOA ns1 h 1 1 1 1 1\n@ IN NS ns1\n$GENERATE 1-3 host$ A 192.0.2.$\nns1 IN CNAME host1\n';
    const z = zoneOf(text);
    const r = prepareRename(z, text.indexOf('host1') + 1, options);
    assert.match((r as { refused: string }).refused, /\$GENERATE/);
  });

  it('a name outside the zone', () => {
    const text = '$TTL 1h\n@ IN SOA ns1 h 1 1 1 1 1\n@ IN NS ns1.example.net.\n';
    const r = prepareRename(zoneOf(text), text.indexOf('ns1.example.net') + 1, options);
    assert.match((r as { refused: string }).refused, /outside the zone/);
  });
});

describe('editing: the serial', () => {
  it('edits the serial in an included SOA file', () => {
    const z = zoneOf('$INCLUDE soa.inc\n@ IN NS ns1\n', { 'soa.inc': '$TTL 1h\n@ IN SOA ns1 h 41 1 1 1 1\n' });
    const r = bumpSerialEdit(z, 7, { textDocument: { uri: '' } });
    assert.ok(!('refused' in r));
    assert.equal(r.uri, 'file:///z/soa.inc');
    assert.equal(r.newText, '42');
    assert.equal(r.version, 7);
  });

  it('refuses a serial written in generic form', () => {
    const z = zoneOf('$TTL 1h\n@ IN SOA \\# 22 0000 00000001 00000001 00000001 00000001 00000001\n');
    assert.equal(z.rrsetsOfType('SOA').length, 1, 'the generic SOA is read');
    assert.match((bumpSerialEdit(z, 1, { textDocument: { uri: '' } }) as { refused: string }).refused, /generic/);
  });
});

describe('editing: completion snippets', () => {
  /** Key material cannot have a meaningful default: its placeholders are words (`hash`, `key`) to overwrite. */
  const KEY_MATERIAL = new Set(['TLSA', 'SMIMEA', 'DS', 'SSHFP', 'DNSKEY', 'OPENPGPKEY']);

  it('every record-type snippet, with its defaults, is a record BIND-style parsing accepts', () => {
    const text = '$TTL 1h\n@ IN SOA ns1 h 1 1 1 1 1\n@ IN NS ns1\nhost IN ';
    const items = completion(zoneOf(text), text.length, ORIGIN).items.filter((i) => i.insertTextFormat === 2);
    assert.ok(items.length >= 20, `snippets: ${items.length}`);
    let checked = 0;
    for (const item of items) {
      if (KEY_MATERIAL.has(item.label)) continue;
      const snippet = item.textEdit !== undefined && 'newText' in item.textEdit ? item.textEdit.newText : '';
      const filled = snippet
        .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
        .replace(/\$\{\d+:([^}]*)\}/g, '$1')
        .replace(/\$\{\d+\}/g, '');
      const p = parseZone(`$ORIGIN example.com.\n$TTL 1h\nhost IN ${filled}\n`, { fileName: 'x', origin: ORIGIN });
      assert.deepEqual(
        p.diagnostics.map((d) => `${d.code}: ${d.message}`),
        [],
        `${item.label}: ${filled}`,
      );
      assert.equal(p.records[0]?.type, item.label);
      checked++;
    }
    assert.ok(checked >= 15);
  });
});

describe('editing: no crash anywhere', () => {
  const dir = path.resolve(__dirname, '../../examples');
  const texts = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.zone'))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  texts.push(
    '',
    '\n\n',
    '$',
    '@ IN SOA (',
    'www IN MX 10 "quoted ; not a comment" \\',
    '$ORIGIN\n$TTL x\n\t IN A\n( ) ) (\n"unterminated\nname\\',
    '$TTL 1h\n@ IN SOA ns1 h ( 1 1\n ; a comment\n 1 1 1 )\n  IN MX 10 mail\nmail IN A 192.0.2.1\n',
  );

  it('every feature answers at every offset of real and broken zones', () => {
    for (const text of texts) {
      const zone = zoneOf(text);
      documentSymbols(zone, ORIGIN);
      foldingRanges(zone, ORIGIN);
      formatting(zone, { tabSize: 8, insertSpaces: true }, options);
      formatting(zone, { tabSize: 4, insertSpaces: false }, options, {
        start: { line: 1, character: 0 },
        end: { line: 3, character: 0 },
      });
      bumpSerialEdit(zone, 1, { textDocument: { uri: '' }, today: 'junk' });
      // Every offset for short texts, a sample of them for long ones.
      const step = Math.max(1, Math.floor(text.length / 400));
      for (let o = 0; o <= text.length; o += step) {
        completion(zone, o, ORIGIN);
        definition(zone, o, options);
        references(zone, o, true, options);
        highlights(zone, o, options);
        const prep = prepareRename(zone, o, options);
        if (prep !== null && !('refused' in prep)) rename(zone, o, 'renamed-host', options);
      }
    }
  });
});

describe('editing: document symbols of directives', () => {
  it('name a directive by its words, without its comment, however many blanks it holds', () => {
    const blanks = ' '.repeat(50_000);
    const zone = zoneOf(
      `$TTL 1h ; one hour\n$ORIGIN${blanks}example.com.${blanks}; the apex\n@ IN SOA ns1 h 1 1 1 1 1\n`,
    );
    assert.deepEqual(
      documentSymbols(zone, ORIGIN)
        .map((s) => s.name)
        .filter((n) => n.startsWith('$')),
      ['$ORIGIN example.com.'],
    );
  });
});

describe('editing: outline and folding of a large zone, at most maxItemsComputed', () => {
  const text = [
    '$ORIGIN example.com.',
    '@ IN SOA ns1 h ( 1 1',
    '  1 1 1 )',
    '  IN NS ns1',
    'ns1 IN A 192.0.2.1',
    '; two comment',
    '; lines',
    'www IN A 192.0.2.2',
    'txt IN TXT ( "a"',
    '  "b" )',
    '',
  ].join('\n');

  it('the outline lists the first records and directives, then says how many more there are', () => {
    const zone = zoneOf(text);
    const all = documentSymbols(zone, ORIGIN);
    const some = documentSymbols(zone, ORIGIN, 3);
    // $ORIGIN, then SOA and NS of the apex; then the note, from the next record to the end of the file.
    assert.deepEqual(
      some.map((s) => s.name),
      ['$ORIGIN example.com.', '3 more records and directives not listed'],
    );
    assert.deepEqual(
      some[0].children?.map((s) => [s.name, s.children?.map((c) => c.name)]),
      [['@', ['SOA', 'NS']]],
    );
    const note = some[1];
    assert.equal(note.detail, 'zonelens.maxItemsComputed');
    assert.deepEqual(note.range, { start: { line: 4, character: 0 }, end: { line: 10, character: 0 } });
    assert.deepEqual(note.selectionRange, { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } });
    // No limit, or one the file does not reach: the whole outline, and no note.
    assert.deepEqual(documentSymbols(zone, ORIGIN, 0), all);
    assert.deepEqual(documentSymbols(zone, ORIGIN, 6), all);
  });

  it('folding keeps the first ranges in the file', () => {
    const zone = zoneOf(text);
    const all = foldingRanges(zone, ORIGIN);
    assert.deepEqual(
      all.map((r) => [r.startLine, r.endLine, r.kind ?? 'record']),
      [
        [0, 9, 'region'],
        [1, 2, 'record'],
        [5, 6, 'comment'],
        [8, 9, 'record'],
      ],
    );
    assert.deepEqual(foldingRanges(zone, ORIGIN, 2), all.slice(0, 2));
    assert.deepEqual(foldingRanges(zone, ORIGIN, 0), all);
  });
});

describe('editing: references from every kind of name field', () => {
  it('pointers from the model index, other names (SOA, RRSIG signer, RP) from their records', () => {
    const text = [
      '$ORIGIN example.com.',
      '@ IN SOA ns1 hostmaster.example.com. 1 1h 15m 2w 1h',
      '  IN NS ns1',
      '  IN MX 10 ns1',
      '  IN RP hostmaster.example.com. ns1',
      'ns1 IN A 192.0.2.1',
      '  IN RRSIG A 8 3 3600 20300101000000 20200101000000 1 example.com. AAAA',
      'www IN CNAME ns1',
      'txt IN TXT "ns1"',
      '',
    ].join('\n');
    const zone = zoneOf(text);
    const options = { origin: ORIGIN };
    const at = (needle: string, from = 0) => text.indexOf(needle, from);
    const lines = text.split('\n');
    /** Line and column of `needle` in line `line` (its `nth` occurrence there). */
    const spot = (line: number, needle: string, nth = 0): [number, number] => {
      let c = -1;
      for (let k = 0; k <= nth; k++) c = lines[line].indexOf(needle, c + 1);
      return [line, c];
    };
    const refs = references(zone, at('ns1 IN A'), false, options) ?? [];
    // SOA mname, NS, MX, RP's TXT-name and CNAME, in file order; not the TXT string.
    assert.deepEqual(
      refs.map((l) => [l.range.start.line, l.range.start.character]),
      [spot(1, 'ns1'), spot(2, 'ns1'), spot(3, 'ns1'), spot(4, 'ns1'), spot(7, 'ns1')],
    );
    // The apex: its owner, and the RRSIG's signer field (the SOA's rname is hostmaster.example.com., another name).
    const apex = highlights(zone, at('@ IN SOA'), options);
    assert.deepEqual(
      apex.map((h) => [h.range.start.line, h.range.start.character, h.kind]),
      [
        [1, 0, DocumentHighlightKind.Write],
        [...spot(6, 'example.com.'), DocumentHighlightKind.Read],
      ],
    );
  });
});
