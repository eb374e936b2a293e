/**
 * `LineIndex.edited` must give the index a fresh scan gives, and every
 * position it calls unchanged (`samePosition`) must be unchanged: the
 * language server reuses LSP diagnostics on its word.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prng } from '../../server/src/simulate/engine';
import { LineIndex } from '../../server/src/zone/lineIndex';

const ALPHABET = 'ab \n\n\r;x';

/** Every line start of an index, read back through its public methods. */
function lineStarts(li: LineIndex): number[] {
  return Array.from({ length: li.lineCount }, (_, i) => li.lineStart(i));
}

/** The line starts of `text` as LSP counts them, one character at a time. */
function naiveLineStarts(text: string): number[] {
  const starts = [0];
  for (let p = 1; p <= text.length; p++) {
    const c = text[p - 1];
    if (c === '\n' || (c === '\r' && text[p] !== '\n')) starts.push(p);
  }
  return starts;
}

describe('LineIndex', () => {
  it('finds the line starts of a text, across blocks, with and without carriage returns', () => {
    const next = prng(3);
    for (let n = 0; n < 400; n++) {
      const length = Math.floor(next() * 60);
      // Half the texts have line feeds only (the fast path), half carriage returns too.
      const letters = n % 2 === 0 ? 5 : ALPHABET.length;
      const text = Array.from({ length }, () => ALPHABET[Math.floor(next() * letters)]).join('');
      for (const blockLines of [1, 2, 3, 4, 1024]) {
        const li = new LineIndex(text, blockLines);
        assert.deepEqual(lineStarts(li), naiveLineStarts(text), `${JSON.stringify(text)}, blocks of ${blockLines}`);
        const last = li.lineCount - 1;
        assert.deepEqual(li.positionAt(text.length), { line: last, character: text.length - li.lineStart(last) });
      }
    }
  });
});

describe('LineIndex.edited', () => {
  // Blocks of 4 lines: an edit splits, merges and moves blocks all the time; 1024 (the default): one block.
  for (const blockLines of [4, 1024]) {
    it(`equals a fresh index after each of 3 000 random edits, and says truly which positions stayed (blocks of ${blockLines} lines)`, () => {
      const next = prng(9);
      const pick = (n: number) => Math.floor(next() * n);
      let text = 'a b\nccc\n\nd e f\n'.repeat(20);
      let li = new LineIndex(text, blockLines);
      let claimed = 0;
      for (let step = 0; step < 3000; step++) {
        const start = pick(text.length + 1);
        const oldEnd = Math.min(text.length, start + (next() < 0.5 ? 0 : pick(6)));
        // Mostly line feeds and letters, and carriage returns, alone and before line feeds.
        const inserted = Array.from({ length: pick(4) }, () => ALPHABET[pick(next() < 0.8 ? 6 : ALPHABET.length)]).join(
          '',
        );
        const edited = text.slice(0, start) + inserted + text.slice(oldEnd);
        const edit = { start, oldEnd, newEnd: start + inserted.length };
        const got = li.edited(edited, edit);
        const want = new LineIndex(edited);
        assert.deepEqual(lineStarts(got), lineStarts(want), `step ${step}: ${JSON.stringify({ edit, inserted })}`);
        for (let o = 0; o <= text.length; o++) {
          const n = o < start ? o : o >= oldEnd ? o + edit.newEnd - oldEnd : -1;
          if (n < 0 || !got.samePosition(li, o, n)) continue;
          claimed++;
          assert.deepEqual(got.positionAt(n), li.positionAt(o), `step ${step}: offset ${o} → ${n}`);
        }
        // Not the index it was made from: nothing is vouched for.
        assert.equal(got.samePosition(want, 0, 0), false);
        text = edited;
        li = got;
      }
      assert.ok(text.includes('\r\n') && /\r[^\n]/.test(text), 'the text ends with both kinds of carriage return');
      assert.ok(claimed > 100_000, `only ${claimed} positions were vouched for`);
    });
  }

  it('vouches for nothing after an edit that adds a line, except before it', () => {
    const text = 'a\nb\nc\n';
    const li = new LineIndex(text);
    const got = li.edited('a\nb\n\nc\n', { start: 4, oldEnd: 4, newEnd: 5 });
    assert.equal(got.samePosition(li, 1, 1), true);
    assert.equal(got.samePosition(li, 4, 5), false);
    assert.deepEqual(got.positionAt(5), { line: 3, character: 0 });
  });
});
