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

  convert(analysis: Analysis): { uri: string; diagnostics: Diagnostic[] }[] {
    const { zone } = analysis;
    const list = analysis.diagnostics;
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
