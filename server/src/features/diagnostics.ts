import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { CODES, type Analysis } from '../checks/index';
import { sameEnds } from '../checks/incremental';
import type { LineIndex } from '../zone/lineIndex';
import type { Severity, ZoneDiagnostic } from '../zone/types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The optional parts of a diagnostic the client said it accepts (`textDocument.publishDiagnostics` capabilities). */
export interface DiagnosticSupport {
  relatedInformation: boolean;
  codeDescription: boolean;
}

/** Related locations and docs links: what `toLspDiagnostics` gives unless told otherwise. */
export const FULL_SUPPORT: DiagnosticSupport = { relatedInformation: true, codeDescription: true };

/**
 * The analysis' diagnostics as LSP diagnostics, one list per file (the main
 * file and every file it includes, so that fixed problems are cleared too).
 * File names in the zone are URIs when the server built it.
 */
export function toLspDiagnostics(
  analysis: Analysis,
  support: DiagnosticSupport = FULL_SUPPORT,
): { uri: string; diagnostics: Diagnostic[] }[] {
  return new LspDiagnostics(support).convert(analysis);
}

/** An LSP diagnostic and the offsets it was made from (kept up to date while it is reused). */
interface Converted {
  lsp: Diagnostic;
  start: number;
  end: number;
  /** Start and end of each related location, or null. */
  related: number[] | null;
}

/**
 * The LSP diagnostics of one document, analysis after analysis. After an
 * edit most diagnostics are the same objects as before (the incremental
 * analysis moves them), at the same positions when the edit added no line
 * above them: those keep their LSP diagnostic instead of being converted
 * again, which on a zone with thousands of findings is most of the work of
 * a keystroke, and lets the writer reuse their JSON (`rpcWriter.ts`). An
 * LSP diagnostic made here is never changed afterwards.
 */
export class LspDiagnostics {
  /** The diagnostics of the last conversion, and what each was converted to. */
  private list: readonly ZoneDiagnostic[] = [];
  private entries: Converted[] = [];
  private lines: readonly LineIndex[] = [];

  constructor(private readonly support: DiagnosticSupport) {}

  /** The analysis' diagnostics per file, at most `maxPerFile` of each file (0: all), see `capped`. */
  convert(analysis: Analysis, maxPerFile = 0): { uri: string; diagnostics: Diagnostic[] }[] {
    const { zone } = analysis;
    const { shown: list, hidden } = capped(analysis.diagnostics, zone.files.length, maxPerFile);
    const prev = this.list;
    // The old diagnostics still there are found without a lookup in the runs that start and end
    // both lists (the same objects: the edit changed what lies between), by object in between.
    const { head, tail } = sameEnds(prev, list);
    const between = new Map<ZoneDiagnostic, Converted>();
    for (let j = head; j < prev.length - tail; j++) between.set(prev[j], this.entries[j]);
    const skew = prev.length - list.length;
    // The line index of each file that has a diagnostic, on first use (an included file without one is not indexed).
    const lines: LineIndex[] = [];
    const index = (file: number) => (lines[file] ??= zone.lineIndex(file));
    const entries = new Array<Converted>(list.length);
    const perFile: Diagnostic[][] =
      zone.files.length === 1 ? [new Array<Diagnostic>(list.length)] : zone.files.map(() => []);
    for (let i = 0; i < list.length; i++) {
      const d = list[i];
      let entry = i < head ? this.entries[i] : i >= list.length - tail ? this.entries[i + skew] : between.get(d);
      if (entry === undefined) {
        entry = { lsp: this.toLsp(d, analysis, index), start: d.start, end: d.end, related: relatedOffsets(d) };
      } else {
        if (d.data !== undefined || !this.samePositions(entry, d, index)) entry.lsp = this.toLsp(d, analysis, index);
        entry.start = d.start;
        entry.end = d.end;
        entry.related = relatedOffsets(d, entry.related);
      }
      entries[i] = entry;
      if (perFile.length === 1) perFile[0][i] = entry.lsp;
      else perFile[d.file].push(entry.lsp);
    }
    this.list = list;
    this.entries = entries;
    this.lines = lines;
    if (hidden !== null) {
      for (let f = 0; f < perFile.length; f++) {
        const note = notShown(hidden.subarray(f * 4, f * 4 + 4), maxPerFile);
        if (note !== null) perFile[f].push(note);
      }
    }
    return zone.files.map((f, i) => ({ uri: f.name, diagnostics: perFile[i] }));
  }

  /** True when every offset of `d` has the position its old offset had (in its file's old line index). */
  private samePositions(old: Converted, d: ZoneDiagnostic, index: (file: number) => LineIndex): boolean {
    const before = this.lines[d.file];
    if (before === undefined) return false;
    const li = index(d.file);
    if (!li.samePosition(before, old.start, d.start) || !li.samePosition(before, old.end, d.end)) return false;
    const related = d.related ?? [];
    if (related.length * 2 !== (old.related?.length ?? 0)) return false;
    for (let k = 0; k < related.length; k++) {
      const r = related[k];
      const rBefore = this.lines[r.file];
      if (rBefore === undefined) return false;
      const offsets = old.related as number[];
      const rIndex = index(r.file);
      if (!rIndex.samePosition(rBefore, offsets[2 * k], r.start)) return false;
      if (!rIndex.samePosition(rBefore, offsets[2 * k + 1], r.end)) return false;
    }
    return true;
  }

  private toLsp(d: ZoneDiagnostic, analysis: Analysis, index: (file: number) => LineIndex): Diagnostic {
    const { zone } = analysis;
    const out: Diagnostic = {
      range: index(d.file).range(d.start, d.end),
      severity: SEVERITY[d.severity],
      code: d.code,
      source: 'zonelens',
      message: d.message,
    };
    const docs = CODES.get(d.code)?.docs;
    if (docs !== undefined && this.support.codeDescription) out.codeDescription = { href: docs };
    if (d.related !== undefined && d.related.length > 0 && this.support.relatedInformation) {
      out.relatedInformation = d.related.map((r) => ({
        location: { uri: zone.files[r.file].name, range: index(r.file).range(r.start, r.end) },
        message: r.message,
      }));
    }
    if (d.data !== undefined) out.data = d.data;
    return out;
  }
}

/** Severities from the most severe down: the order in which a file over its limit keeps its diagnostics. */
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** A severity's place in `SEVERITIES` (compared, not looked up: this runs for every diagnostic after each edit). */
function rank(s: Severity): number {
  return s === 'error' ? 0 : s === 'warning' ? 1 : s === 'information' ? 2 : 3;
}

/**
 * The diagnostics a file shows when it has more than `max` (0: no limit):
 * the most severe first, errors, then warnings, information and hints, and
 * within a severity the first in `list`'s order (the file's), which is what
 * VS Code keeps of a file with more than its own limit of 1 000. A zone
 * with a finding on every tenth host has tens of thousands, and LSP sends
 * them whole after each edit: the editor would decode them all to show a
 * thousand. `shown` keeps `list`'s order and is `list` itself when nothing
 * is left out; `hidden` counts, four numbers per file in severity order,
 * what each file leaves out (null when none does).
 */
export function capped(
  list: readonly ZoneDiagnostic[],
  files: number,
  max: number,
): { shown: readonly ZoneDiagnostic[]; hidden: Int32Array | null } {
  if (max <= 0 || list.length <= max) return { shown: list, hidden: null };
  const count = new Int32Array(files * 4);
  for (let i = 0; i < list.length; i++) count[list[i].file * 4 + rank(list[i].severity)]++;
  // How many of each severity each file keeps: the most severe, until `max` are kept.
  const keep = new Int32Array(files * 4);
  const hidden = new Int32Array(files * 4);
  let over = false;
  let kept = 0;
  for (let f = 0; f < files; f++) {
    let room = max;
    for (let r = f * 4; r < f * 4 + 4; r++) {
      keep[r] = Math.min(room, count[r]);
      hidden[r] = count[r] - keep[r];
      room -= keep[r];
      kept += keep[r];
      over ||= hidden[r] > 0;
    }
  }
  if (!over) return { shown: list, hidden: null };
  const shown = new Array<ZoneDiagnostic>(kept);
  for (let i = 0, n = 0; n < kept; i++) {
    const d = list[i];
    const r = d.file * 4 + rank(d.severity);
    if (keep[r] > 0) {
      keep[r]--;
      shown[n++] = d;
    }
  }
  return { shown, hidden };
}

/** The note at the top of a file that says what it leaves out (`hidden`: one count per severity), or null. */
function notShown(hidden: Int32Array, max: number): Diagnostic | null {
  let total = 0;
  const parts: string[] = [];
  for (let r = 0; r < 4; r++) {
    if (hidden[r] === 0) continue;
    total += hidden[r];
    const name = SEVERITIES[r];
    parts.push(`${hidden[r]} ${name === 'information' ? name : hidden[r] === 1 ? name : `${name}s`}`);
  }
  if (total === 0) return null;
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: 'zonelens',
    message:
      `${total} more ${total === 1 ? 'diagnostic is' : 'diagnostics are'} not shown (${parts.join(', ')}): ` +
      `at most ${max} per file, the most severe first (setting zonelens.diagnostics.maxPerFile); ` +
      'zonelens check on the command line lists them all.',
  };
}

/** The start and end of each related location of a diagnostic (in `reuse` when it fits), or null when it has none. */
function relatedOffsets(d: ZoneDiagnostic, reuse: number[] | null = null): number[] | null {
  const related = d.related;
  if (related === undefined || related.length === 0) return null;
  const out = reuse !== null && reuse.length === related.length * 2 ? reuse : new Array<number>(related.length * 2);
  for (let k = 0; k < related.length; k++) {
    out[2 * k] = related[k].start;
    out[2 * k + 1] = related[k].end;
  }
  return out;
}
