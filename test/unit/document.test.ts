/**
 * The server's documents (server/src/document.ts) against the library they
 * replace, `vscode-languageserver-textdocument`, as the oracle: the same
 * content changes, then the same text, line count and conversions between
 * offsets and positions, out-of-range positions included.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ZoneDocument } from '../../server/src/document';
import { prng } from '../../server/src/simulate/engine';

const ALPHABET = 'ab \n\n;x\r\r\n';

describe('ZoneDocument', () => {
  it('reads and converts like vscode-languageserver-textdocument after each of 2 000 random changes', () => {
    const next = prng(21);
    const pick = (n: number) => Math.floor(next() * n);
    const text = 'a b\nccc\r\n\nd e f\r'.repeat(10);
    const want = TextDocument.create('file:///z.zone', 'dns-zone', 1, text);
    const got = new ZoneDocument('file:///z.zone', 'dns-zone', 1, text);
    /** A position, sometimes past the end of its line or of the text. */
    const position = () => ({ line: pick(want.lineCount + 2) - 1, character: pick(12) });
    let edits = 0;
    for (let step = 0; step < 2000; step++) {
      const inserted = Array.from({ length: pick(5) }, () => ALPHABET[pick(ALPHABET.length)]).join('');
      const change =
        step % 500 === 499
          ? { text: inserted.repeat(30) }
          : { range: { start: position(), end: position() }, text: inserted };
      const before = want.getText();
      const edit = got.apply(change);
      TextDocument.update(want, [change], step + 2);
      assert.equal(got.getText(), want.getText(), `step ${step}: ${JSON.stringify(change)}`);
      assert.equal(got.lineCount, want.lineCount, `step ${step}`);
      if (edit === null) {
        assert.ok(!('range' in change));
      } else {
        // The edit, in offsets of the text before it, gives the text after it.
        const after =
          before.slice(0, edit.start) + got.getText().slice(edit.start, edit.newEnd) + before.slice(edit.oldEnd);
        assert.equal(after, got.getText(), `step ${step}: ${JSON.stringify(edit)}`);
        edits++;
      }
      for (let k = 0; k < 20; k++) {
        const p = position();
        assert.equal(got.offsetAt(p), want.offsetAt(p), `step ${step}: offsetAt ${JSON.stringify(p)}`);
        const o = pick(want.getText().length + 3) - 1;
        assert.deepEqual(got.positionAt(o), want.positionAt(o), `step ${step}: positionAt ${o}`);
        const range = { start: position(), end: position() };
        if (want.offsetAt(range.start) <= want.offsetAt(range.end))
          assert.equal(got.getText(range), want.getText(range));
      }
    }
    assert.ok(edits > 1900);
  });
});
