/**
 * Formatting never changes a record's meaning, on real zone files: for every
 * zone of the public corpus that BIND accepts, the records `zonelens print`
 * shows before and after formatting are identical, no parse diagnostic
 * appears or goes, only whitespace changes, and formatting the result again
 * changes nothing (idempotence). Tabs and spaces are both exercised (the
 * corpus holds both styles), with a tab width of 8 and of 4.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { buildZone } from '../../server/src/zone/model';
import { applySpanEdits, formatEdits, type FormatOptions } from '../../server/src/zone/format';
import { parseZone, type ParseResult } from '../../server/src/zone/parser';
import { printLine, printRecords } from '../../server/src/zone/print';
import { CORPUS, corpusEntries, readCorpusInclude, type CorpusEntry } from '../corpusDir';

function parse(e: CorpusEntry, text: string): ParseResult {
  const file = path.join(CORPUS ?? '', e.file);
  return parseZone(text, { fileName: file, origin: e.origin, readInclude: readCorpusInclude });
}

function printed(p: ParseResult): string[] {
  return printRecords(buildZone(p)).map((r) => `${printLine(r)} ;${r.line}`.replace(/ ;\d+$/, ''));
}

function sound(p: ParseResult): boolean {
  return !p.diagnostics.some(
    (d) => d.file === 0 && (d.code === 'unbalanced-parentheses' || d.code === 'unterminated-string'),
  );
}

function format(p: ParseResult, text: string, options: FormatOptions): string {
  const edits = formatEdits(
    text,
    p.records.filter((r) => r.file === 0),
    { ...options, sound: sound(p) },
  );
  for (let i = 1; i < edits.length; i++) assert.ok(edits[i - 1].end <= edits[i].start, 'edits do not overlap');
  for (const e of edits) {
    assert.match(text.slice(e.start, e.end), /^[ \t]*$/, 'only blanks are replaced');
    assert.match(e.newText, /^[ \t]*$/, 'only blanks are written');
  }
  return applySpanEdits(text, edits);
}

function codes(p: ParseResult): string[] {
  return p.diagnostics.map((d) => d.code).sort();
}

const accepted = corpusEntries().filter((e) => e.bindOk);

describe(
  'corpus: formatting keeps every record',
  { skip: CORPUS === undefined ? 'the corpus is not there' : false },
  () => {
    let changed = 0;
    for (const tabWidth of [8, 4]) {
      it(`prints the same records after formatting and is idempotent (tab width ${tabWidth})`, () => {
        let zones = 0;
        for (const e of accepted) {
          const text = fs.readFileSync(path.join(CORPUS ?? '', e.file), 'utf8');
          const before = parse(e, text);
          const once = format(before, text, { tabWidth });
          if (once !== text) changed++;
          const after = parse(e, once);
          assert.deepEqual(printed(after), printed(before), `${e.file}: records unchanged`);
          assert.deepEqual(codes(after), codes(before), `${e.file}: diagnostics unchanged`);
          assert.equal(after.records.length, before.records.length, `${e.file}: as many records`);
          const twice = format(after, once, { tabWidth });
          assert.equal(twice, once, `${e.file}: formatting twice changes nothing`);
          zones++;
        }
        assert.ok(zones > 100, `zones formatted: ${zones}`);
      });
    }

    it('formatting changed some zones (the test exercised edits)', () => {
      assert.ok(changed > 20, `zones that changed: ${changed}`);
    });
  },
);
