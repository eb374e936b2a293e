/** The public corpus of real zone files, shared by the corpus tiers of the tests. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IncludeReader } from '../server/src/zone/parser';

/**
 * Where the corpus (with its MANIFEST.tsv) is: `$ZONELENS_CORPUS`, else
 * `shared/corpus/public` beside the checkout, else the workplace's copy.
 * Undefined when none is there; the corpus tiers then skip and say so.
 */
export const CORPUS: string | undefined = [
  process.env.ZONELENS_CORPUS,
  path.resolve(__dirname, '../../shared/corpus/public'),
  '/work/shared/corpus/public',
].find((p): p is string => p !== undefined && fs.existsSync(path.join(p, 'MANIFEST.tsv')));

/** One zone of the MANIFEST. */
export interface CorpusEntry {
  /** Path below the corpus folder. */
  file: string;
  /** The origin BIND was given. */
  origin: string;
  /** Whether BIND accepts the zone. */
  bindOk: boolean;
  /** The MANIFEST's notes (features, BIND's message when it refuses). */
  notes: string;
}

/** The MANIFEST's zones, without the `$INCLUDE` fragments (they are tested through their parents). */
export function corpusEntries(): CorpusEntry[] {
  if (CORPUS === undefined) return [];
  const rows = fs.readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  return rows
    .map((row) => row.split('\t'))
    .map((c) => ({ file: c[0], origin: c[4], bindOk: c[5] === 'yes', notes: c[6] ?? '' }))
    .filter((e) => !/\$INCLUDE fragment/.test(e.notes));
}

/** `$INCLUDE` relative to the including file, as BIND resolves it from the zone's folder. */
export const readCorpusInclude: IncludeReader = (p, from) => {
  const full = path.resolve(path.dirname(from), p);
  try {
    return { ok: true, name: full, text: fs.readFileSync(full, 'utf8') };
  } catch {
    return { ok: false, code: 'include-not-found', message: `${p}: not found` };
  }
};
