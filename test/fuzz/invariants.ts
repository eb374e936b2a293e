/**
 * What must hold for any text whatever: the whole core (lexer, parser, model,
 * checks, simulation, fixes, printing) runs without throwing, and everything
 * it reports points inside the text it came from. Shared by the property
 * tests (`*.test.ts` here) and the mutation fuzzer (`fuzz.ts`).
 */
import { analyze, type Analysis } from '../../server/src/checks/index';
import { IncrementalAnalysis, type TextEdit } from '../../server/src/checks/incremental';
import { fixAll, fixesFor, FIXES } from '../../server/src/fixes/index';
import { applyEdits } from '../../server/src/fixes/verify';
import { hover } from '../../server/src/features/hover';
import { DEFAULT_SETTINGS, type Settings } from '../../server/src/settings';
import { describeFailover, mailDomains, PROFILES, simulate, survives } from '../../server/src/simulate/index';
import { LineIndex } from '../../server/src/zone/lineIndex';
import type { Zone } from '../../server/src/zone/model';
import type { IncludeReader } from '../../server/src/zone/parser';
import { printRecords } from '../../server/src/zone/print';

/** A broken promise of the core: what was wrong, for the report and the crash file. */
export class InvariantError extends Error {}

function fail(message: string): never {
  throw new InvariantError(message);
}

/** Checks that `[start, end)` is a range of `text`, and that it converts to a valid LSP range. */
function checkSpan(what: string, text: string, start: number, end: number, lines?: LineIndex): void {
  if (!Number.isInteger(start) || !Number.isInteger(end)) fail(`${what}: offsets ${start}..${end} are not integers`);
  if (start < 0 || end < start || end > text.length) {
    fail(`${what}: range ${start}..${end} is outside the text (length ${text.length})`);
  }
  if (lines !== undefined) {
    for (const [offset, p] of [
      [start, lines.positionAt(start)],
      [end, lines.positionAt(end)],
    ] as const) {
      if (p.line < 0 || p.line >= lines.lineCount) fail(`${what}: line ${p.line} does not exist`);
      const lineStart = lines.lineStart(p.line);
      const next = p.line + 1 < lines.lineCount ? lines.lineStart(p.line + 1) : text.length;
      if (p.character < 0 || lineStart + p.character > next) fail(`${what}: character ${p.character} is off its line`);
      // The position must lead back to the same offset (else the editor underlines something else).
      if (lines.offsetAt(p) !== offset) fail(`${what}: offset ${offset} -> ${JSON.stringify(p)} does not round-trip`);
    }
  }
}

/** How to run the core over one input. */
export interface ExerciseOptions {
  /** Origin given to the parser (as the file name would give it); none by default. */
  origin?: string;
  /** Serves `$INCLUDE`d files; none by default (every include is then reported as not read). */
  readInclude?: IncludeReader;
  settings?: Settings;
  /** Also ask fixable diagnostics for their fixes and run fix-all (slower: each fix re-parses). */
  fixes?: boolean;
  /** Most diagnostics to ask for fixes (spread over the list); all by default. */
  maxFixRequests?: number;
  /** Also run the simulation for every mail domain and profile, and hover at a few offsets. */
  simulation?: boolean;
}

/** Counts of what one input produced, for the fuzzer's report. */
export interface ExerciseResult {
  records: number;
  diagnostics: number;
  fixes: number;
}

/**
 * Runs the core over `text` and throws (`InvariantError`, or whatever the
 * core threw) when a promise is broken.
 */
export function exercise(text: string, options: ExerciseOptions = {}): ExerciseResult {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const { zone, diagnostics } = analyze(
    text,
    { fileName: 'fuzz.zone', origin: options.origin, readInclude: options.readInclude },
    settings,
  );
  if (zone.files[0].text !== text) fail('the main file is not the text given');
  const lines = zone.files.map((f) => new LineIndex(f.text));
  const fileOf = (what: string, file: number): string => {
    if (!Number.isInteger(file) || file < 0 || file >= zone.files.length) fail(`${what}: file ${file} does not exist`);
    return zone.files[file].text;
  };

  for (const d of diagnostics) {
    const what = `diagnostic ${d.code} '${d.message}'`;
    if (typeof d.code !== 'string' || d.code === '') fail(`${what}: no code`);
    if (typeof d.message !== 'string' || d.message.trim() === '') fail(`${what}: no message`);
    checkSpan(what, fileOf(what, d.file), d.start, d.end, lines[d.file]);
    for (const r of d.related ?? []) checkSpan(`${what}, related`, fileOf(what, r.file), r.start, r.end, lines[r.file]);
  }
  checkRecords(zone, fileOf);

  let fixCount = 0;
  if (options.fixes === true) {
    const fixOptions = { origin: options.origin, generateLimit: settings.generate.maxRecords };
    let fixable = diagnostics.filter((d) => FIXES.has(d.code));
    const max = options.maxFixRequests ?? fixable.length;
    if (fixable.length > max) {
      // Every code asks its fix once (a thousand duplicates are one question), spread over the file.
      const step = fixable.length / max;
      fixable = Array.from({ length: max }, (_, i) => fixable[Math.floor(i * step)]);
    }
    for (const d of fixable) {
      for (const fix of fixesFor(zone, d, fixOptions)) {
        fixCount++;
        checkEdits(zone, `fix '${fix.title}' for ${d.code}`, fix.edits, fileOf);
      }
    }
    const all = fixAll(
      zone,
      diagnostics.filter((d) => d.file === 0 && d.data !== undefined),
      fixOptions,
    );
    if (all !== null) checkEdits(zone, 'fix all', all.edits, fileOf);
  }

  if (options.simulation === true) {
    printRecords(zone);
    // The first mail domains: a $GENERATE can make 65 536 of them, and each is the same code again.
    for (const m of mailDomains(zone).slice(0, 16)) {
      for (const r of m.ranges) checkSpan(`mail domain ${m.domain}`, fileOf('mail domain', r.file), r.start, r.end);
      for (const profile of PROFILES) simulate(zone, m.domain, { profile });
      describeFailover(zone, m.domain);
      survives(zone, m.domain);
    }
    // Hover where a person might point: every record's fields of the main file (a few), and the ends of the text.
    const offsets = new Set([0, text.length, text.length >> 1]);
    for (const r of zone.records.slice(0, 8)) {
      if (r.file === 0) for (const o of [r.ownerStart, r.typeStart, r.ttlStart, r.rdata[0]?.start]) offsets.add(o ?? 0);
    }
    for (const o of offsets) {
      const h = hover(zone, Math.max(0, o), settings);
      if (h?.range !== undefined) {
        const li = zone.lineIndex(0);
        checkSpan('hover', text, li.offsetAt(h.range.start), li.offsetAt(h.range.end), li);
      }
    }
  }
  return { records: zone.records.length, diagnostics: diagnostics.length, fixes: fixCount };
}

/** The edit that makes `after` of `before`: the range where they differ, as an editor sends it. */
export function editBetween(before: string, after: string): TextEdit {
  let start = 0;
  const most = Math.min(before.length, after.length);
  while (start < most && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (
    tail < most - start &&
    before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)
  )
    tail++;
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}

/** What an analysis around an edit must give as a fresh one does (as JSON): the records, the diagnostics, a hover. */
function analysisFacts(a: Analysis, at: number, settings: Settings): Record<string, string> {
  return {
    // The hover first: reading the records' fields moves them to where the records stand now.
    hover: JSON.stringify(hover(a.zone, at, settings)),
    origin: JSON.stringify(a.zone.origin),
    records: JSON.stringify(a.zone.records.map((r) => r.toJSON())),
    diagnostics: JSON.stringify(a.diagnostics),
  };
}

/**
 * Runs the language server's analysis around an edit (checks/incremental.ts)
 * from `texts[0]` through each later text in turn, each given as the edit
 * that makes it of the one before, and throws when it gives other records,
 * diagnostics or hover (at the edit) than a fresh analysis of the same text.
 * Returns how many of the edits were analysed around the edit (the others
 * fell back to a full analysis, which is right but proves less).
 */
export function exerciseEdits(texts: readonly string[], options: ExerciseOptions = {}): number {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const parseOptions = { fileName: 'fuzz.zone', origin: options.origin, readInclude: options.readInclude };
  const inc = IncrementalAnalysis.open(texts[0], parseOptions, settings);
  let around = 0;
  for (let i = 1; i < texts.length; i++) {
    const edit = editBetween(texts[i - 1], texts[i]);
    const got = inc.update(texts[i], edit, settings);
    if (inc.mode === 'incremental') around++;
    const want = analysisFacts(analyze(texts[i], parseOptions, settings), edit.start, settings);
    const facts = analysisFacts(got, edit.start, settings);
    for (const what of Object.keys(want)) {
      if (facts[what] !== want[what])
        fail(`edit ${i} (${JSON.stringify(edit)}, ${inc.mode}): its ${what} differ from a fresh analysis's`);
    }
  }
  return around;
}

function checkRecords(zone: Zone, fileOf: (what: string, file: number) => string): void {
  for (const r of zone.records) {
    const what = `record ${r.owner} ${r.type}`;
    const text = fileOf(what, r.file);
    checkSpan(`${what}`, text, r.start, r.end);
    checkSpan(`${what} owner`, text, r.ownerStart, r.ownerEnd);
    checkSpan(`${what} type`, text, r.typeStart, r.typeEnd);
    if (r.ttlStart >= 0) checkSpan(`${what} ttl`, text, r.ttlStart, r.ttlEnd);
    if (r.classStart >= 0) checkSpan(`${what} class`, text, r.classStart, r.classEnd);
    for (const f of r.rdata) checkSpan(`${what} field ${f.role}`, text, f.start, f.end);
    if (!Number.isInteger(r.ttl) || r.ttl < 0 || r.ttl > 0x7fffffff) fail(`${what}: TTL ${r.ttl}`);
  }
}

function checkEdits(
  zone: Zone,
  what: string,
  edits: readonly { file: number; start: number; end: number; newText: string }[],
  fileOf: (what: string, file: number) => string,
): void {
  if (edits.length === 0) fail(`${what}: no edits`);
  for (const e of edits) {
    checkSpan(what, fileOf(what, e.file), e.start, e.end);
    if (typeof e.newText !== 'string') fail(`${what}: newText is not a string`);
  }
  // Applying them must work on every file they touch (no overlap: applyEdits would garble the text).
  for (let i = 0; i < zone.files.length; i++) {
    const mine = edits.filter((e) => e.file === i).sort((a, b) => a.start - b.start);
    for (let k = 1; k < mine.length; k++) if (mine[k].start < mine[k - 1].end) fail(`${what}: edits overlap`);
    if (mine.length > 0) applyEdits(zone.files[i].text, mine);
  }
}
