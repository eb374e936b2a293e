/**
 * Property-based tests (fast-check): for any text (any UTF-16, binary bytes,
 * zone-like token soup, plausible records), the lexer, parser, model, checks,
 * simulation and fixes run without an exception and everything they report
 * lies inside the document. Seeded, so a failure is the same on every run;
 * `FUZZ_SEED=n` explores other inputs, `FUZZ_RUNS=n` more of them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../server/src/checks/index';
import { toLspDiagnostics } from '../../server/src/features/diagnostics';
import { DEFAULT_SETTINGS, parseSettings } from '../../server/src/settings';
import { Lexer, tokenize } from '../../server/src/zone/lexer';
import { parseZone } from '../../server/src/zone/parser';
import { anyText, anyZoneInput, binaryText, fuzzIncludeReader, recordSoup, tokenSoup } from './inputs';
import { editBetween, exercise, exerciseEdits } from './invariants';

const SEED = Number(process.env.FUZZ_SEED ?? 20261121);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

function params(runs = RUNS): fc.Parameters<unknown> {
  return { seed: SEED, numRuns: runs, endOnFailure: true };
}

describe('lexer on any text', () => {
  it('ends, and gives tokens in order, inside the text, and problems inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, binaryText, tokenSoup), (text) => {
        const lexer = new Lexer(text);
        let last = 0;
        let lines = 0;
        for (let e = lexer.next(); e !== null; e = lexer.next()) {
          // Each logical line holds at least one character: a line per character at most.
          assert.ok(++lines <= text.length, 'more lines than characters');
          assert.ok(e.tokens.length > 0);
          assert.ok(e.start >= last && e.start <= e.end && e.end <= text.length, `line ${e.start}..${e.end}`);
          for (const t of e.tokens) {
            assert.ok(t.start >= last && t.start <= t.end && t.end <= text.length, `token ${t.start}..${t.end}`);
            last = t.end;
          }
        }
        for (const p of [...lexer.parenProblems(), ...lexer.stringProblems])
          assert.ok(p.start >= 0 && p.start <= p.end && p.end <= text.length);
        tokenize(text);
      }),
      params(RUNS * 2),
    );
  });
});

/**
 * The unbalanced parentheses of `text` by the plain rule, one pass from its
 * start, a character at a time: a `(` or `)` counts outside comments and
 * quoted strings and when not escaped; a `)` closes the last `(` open.
 */
function unbalancedByOnePass(text: string): number[] {
  const open: number[] = [];
  const stray: number[] = [];
  for (let p = 0; p < text.length; p++) {
    const c = text[p];
    if (c === ';') {
      while (p + 1 < text.length && text[p + 1] !== '\n' && text[p + 1] !== '\r') p++;
    } else if (c === '"') {
      for (p++; p < text.length && text[p] !== '"' && text[p] !== '\n' && text[p] !== '\r'; p++) {
        if (text[p] === '\\' && p + 1 < text.length && text[p + 1] !== '\n' && text[p + 1] !== '\r') p++;
      }
      if (text[p] !== '"') p--; // the line end is read again, outside the string
    } else if (c === '\\') {
      p++;
    } else if (c === '(') {
      open.push(p);
    } else if (c === ')') {
      if (open.length > 0) open.pop();
      else stray.push(p);
    }
  }
  return [...open, ...stray].sort((a, b) => a - b);
}

describe('parentheses on any text', () => {
  it('pair as one pass over the whole text would, though the lexer pairs them only where it meets them', () => {
    // Texts made of the characters that matter to the pairing, and little else.
    const parenSoup = fc
      .array(fc.constantFrom('(', ')', '(', ')', ';', '"', '\\', '\n', '\r\n', ' ', 'a'), { maxLength: 200 })
      .map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.oneof(parenSoup, tokenSoup, anyText), (text) => {
        const lexer = new Lexer(text);
        while (lexer.nextLine() !== null);
        const expected = unbalancedByOnePass(text);
        assert.deepEqual(
          [...lexer.unmatchedParentheses].sort((a, b) => a - b),
          expected,
        );
        const reported = lexer.parenProblems().map((p) => p.start);
        assert.deepEqual(reported, expected.slice(0, reported.length));
        assert.ok(reported.length === expected.length || reported.length === 101);
      }),
      params(RUNS * 2),
    );
  });
});

describe('parser on any text', () => {
  it('reports records and diagnostics inside the file, with or without an origin and includes', () => {
    fc.assert(
      fc.property(anyZoneInput, fc.constantFrom(undefined, 'example.com.', '.'), (text, origin) => {
        const p = parseZone(text, { fileName: 'x.zone', origin, readInclude: fuzzIncludeReader(text) });
        for (const d of p.diagnostics) {
          const len = p.files[d.file].text.length;
          assert.ok(d.start >= 0 && d.start <= d.end && d.end <= len, `${d.code} at ${d.start}..${d.end} of ${len}`);
        }
        for (const r of p.records) assert.ok(r.start >= 0 && r.end <= p.files[r.file].text.length);
      }),
      params(RUNS * 2),
    );
  });
});

describe('model and checks on any text', () => {
  it('give diagnostics with a code, a message and a range inside the document', () => {
    fc.assert(
      fc.property(anyZoneInput, fc.constantFrom(undefined, 'example.com.'), (text, origin) => {
        exercise(text, { origin, readInclude: fuzzIncludeReader(text) });
      }),
      params(),
    );
  });

  it('give LSP ranges on existing lines and characters', () => {
    fc.assert(
      fc.property(anyZoneInput, (text) => {
        const a = analyze(text, { fileName: 'file:///x.zone', origin: 'example.com.' }, DEFAULT_SETTINGS);
        const lines = text.split(/\r\n|\r|\n/);
        for (const { diagnostics } of toLspDiagnostics(a)) {
          for (const d of diagnostics) {
            for (const p of [d.range.start, d.range.end]) {
              assert.ok(p.line >= 0 && p.line < lines.length, `line ${p.line} of ${lines.length}`);
              assert.ok(p.character >= 0 && p.character <= lines[p.line].length, `character ${p.character}`);
            }
          }
        }
      }),
      params(),
    );
  });

  it('hold under any settings a client could send', () => {
    const settings = fc
      .record({
        checks: fc.dictionary(fc.string(), fc.constantFrom('off', 'hint', 'error', 'bogus', 3)),
        generate: fc.record({ maxRecords: fc.oneof(fc.integer(), fc.double(), fc.constant(null)) }),
        mx: fc.record({ privateAddressesOk: fc.anything() }),
        simulation: fc.record({ profile: fc.constantFrom('postfix', 'exim', 'nope') }),
      })
      .map(parseSettings);
    fc.assert(
      fc.property(fc.oneof(recordSoup, tokenSoup), settings, (text, s) => {
        exercise(text, { origin: 'example.com.', settings: s });
      }),
      params(RUNS / 2),
    );
  });
});

describe('simulation and fixes on zone-like text', () => {
  it('simulate every mail domain, hover, and give fixes whose edits lie inside the document', () => {
    fc.assert(
      fc.property(fc.oneof(recordSoup, tokenSoup), fc.constantFrom(undefined, 'example.com.'), (text, origin) => {
        exercise(text, { origin, fixes: true, maxFixRequests: 8, simulation: true });
      }),
      params(RUNS / 2),
    );
  });
});

describe('the analysis around an edit on zone-like text', () => {
  /** `text` with `[at, at + cut)` replaced by `insert` (offsets taken modulo the text's length). */
  const splice = (text: string, at: number, cut: number, insert: string): string => {
    const start = at % (text.length + 1);
    return text.slice(0, start) + insert + text.slice(Math.min(text.length, start + cut));
  };

  it('finds the range where two texts differ (editBetween)', () => {
    fc.assert(
      fc.property(anyText, fc.nat(), fc.nat(8), anyText, (text, at, cut, insert) => {
        const after = splice(text, at, cut, insert);
        const edit = editBetween(text, after);
        assert.equal(text.slice(0, edit.start) + after.slice(edit.start, edit.newEnd) + text.slice(edit.oldEnd), after);
        assert.ok(edit.start <= edit.oldEnd && edit.start <= edit.newEnd);
      }),
      params(),
    );
  });

  it('gives the records, diagnostics and hover of a fresh analysis after each edit', () => {
    const edits = fc.array(fc.tuple(fc.nat(), fc.nat(40), fc.oneof(recordSoup, tokenSoup)), {
      minLength: 1,
      maxLength: 3,
    });
    fc.assert(
      fc.property(recordSoup, edits, fc.constantFrom(undefined, 'example.com.'), (text, steps, origin) => {
        const texts = [text];
        for (const [at, cut, insert] of steps)
          texts.push(splice(texts[texts.length - 1], at, cut, insert.slice(0, 80)));
        exerciseEdits(texts, { origin });
      }),
      params(RUNS / 2),
    );
  });
});
