/**
 * Quick fixes on real zone files: on every zone of the public corpus, each
 * fix offered for a diagnostic of the main file (up to three per code and
 * zone) must make that diagnostic go away without a new error, and the
 * fix-all edit must add no error either. Skipped when the corpus is not there.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze, type Analysis } from '../../server/src/checks/index';
import { fixAll, fixesFor, type FileEdit } from '../../server/src/fixes/index';
import { applyEdits } from '../../server/src/fixes/verify';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { CORPUS, corpusEntries, readCorpusInclude } from '../corpusDir';

/** At most this many diagnostics of one code per zone are fixed one by one (the rest are alike). */
const PER_CODE = 3;

function errors(a: Analysis): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of a.diagnostics) if (d.severity === 'error') m.set(d.code, (m.get(d.code) ?? 0) + 1);
  return m;
}

/** The codes whose error count grew from `before` to `after`. */
function newErrors(before: Analysis, after: Analysis): string[] {
  const b = errors(before);
  return [...errors(after)].filter(([code, n]) => n > (b.get(code) ?? 0)).map(([code]) => code);
}

describe(
  'corpus: quick fixes on real zones',
  { skip: CORPUS === undefined ? 'the corpus is not there' : false },
  () => {
    it('every offered fix removes its diagnostic and adds no error; fix-all adds no error', () => {
      let offered = 0;
      for (const e of corpusEntries()) {
        const file = path.join(CORPUS ?? '', e.file);
        const text = fs.readFileSync(file, 'utf8');
        const options = { fileName: file, origin: e.origin, readInclude: readCorpusInclude };
        const a = analyze(text, options, DEFAULT_SETTINGS);
        const reread = (edits: readonly FileEdit[]) => analyze(applyEdits(text, edits), options, DEFAULT_SETTINGS);
        const seen = new Map<string, number>();
        for (const d of a.diagnostics) {
          if (d.data === undefined || d.file !== 0) continue;
          const k = (seen.get(d.code) ?? 0) + 1;
          seen.set(d.code, k);
          if (k > PER_CODE) continue;
          for (const fix of fixesFor(a.zone, d, { origin: e.origin })) {
            // Edits of included files are covered by the unit tests; here the main file is re-read.
            if (fix.edits.some((x) => x.file !== 0)) continue;
            offered++;
            const b = reread(fix.edits);
            const count = (x: Analysis) => x.diagnostics.filter((y) => y.code === d.code).length;
            assert.ok(count(b) < count(a), `${e.file}: '${fix.title}' removes ${d.code}`);
            assert.deepEqual(newErrors(a, b), [], `${e.file}: '${fix.title}' adds no error`);
          }
        }
        const all = fixAll(
          a.zone,
          a.diagnostics.filter((d) => d.file === 0),
          { origin: e.origin },
        );
        if (all !== null && all.edits.every((x) => x.file === 0)) {
          assert.deepEqual(newErrors(a, reread(all.edits)), [], `${e.file}: fix-all adds no error`);
        }
      }
      assert.ok(offered > 100, `fixes were offered (${offered})`);
    });
  },
);
