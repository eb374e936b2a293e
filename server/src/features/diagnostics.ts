import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { CODES, type Analysis } from '../checks/index';
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
  /** The conversion that last used it. */
  round: number;
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
  private readonly converted = new Map<ZoneDiagnostic, Converted>();
  private lines: readonly LineIndex[] = [];
  private round = 0;

  constructor(private readonly support: DiagnosticSupport) {}

  convert(analysis: Analysis): { uri: string; diagnostics: Diagnostic[] }[] {
    const { zone } = analysis;
    // The line index of each file that has a diagnostic (an included file without one is not indexed).
    const lines: LineIndex[] = [];
    for (const d of analysis.diagnostics) {
      lines[d.file] ??= zone.lineIndex(d.file);
      if (d.related !== undefined) for (const r of d.related) lines[r.file] ??= zone.lineIndex(r.file);
    }
    const round = ++this.round;
    const perFile: Diagnostic[][] = zone.files.map(() => []);
    for (const d of analysis.diagnostics) {
      let entry = this.converted.get(d);
      if (entry === undefined) {
        entry = { lsp: this.toLsp(d, analysis, lines), start: d.start, end: d.end, related: relatedOffsets(d), round };
        this.converted.set(d, entry);
      } else {
        if (d.data !== undefined || !this.samePositions(entry, d, lines)) entry.lsp = this.toLsp(d, analysis, lines);
        entry.start = d.start;
        entry.end = d.end;
        entry.related = relatedOffsets(d, entry.related);
        entry.round = round;
      }
      perFile[d.file].push(entry.lsp);
    }
    // Diagnostics that are gone are forgotten.
    if (this.converted.size > analysis.diagnostics.length) {
      for (const [d, entry] of this.converted) if (entry.round !== round) this.converted.delete(d);
    }
    this.lines = lines;
    return zone.files.map((f, i) => ({ uri: f.name, diagnostics: perFile[i] }));
  }

  /** True when every offset of `d` has the position its old offset had (in its file's old line index). */
  private samePositions(old: Converted, d: ZoneDiagnostic, lines: readonly LineIndex[]): boolean {
    const before = this.lines[d.file];
    if (before === undefined) return false;
    const li = lines[d.file];
    if (!li.samePosition(before, old.start, d.start) || !li.samePosition(before, old.end, d.end)) return false;
    const related = d.related ?? [];
    if (related.length * 2 !== (old.related?.length ?? 0)) return false;
    for (let k = 0; k < related.length; k++) {
      const r = related[k];
      const rBefore = this.lines[r.file];
      if (rBefore === undefined) return false;
      const offsets = old.related as number[];
      if (!lines[r.file].samePosition(rBefore, offsets[2 * k], r.start)) return false;
      if (!lines[r.file].samePosition(rBefore, offsets[2 * k + 1], r.end)) return false;
    }
    return true;
  }

  private toLsp(d: ZoneDiagnostic, analysis: Analysis, lines: readonly LineIndex[]): Diagnostic {
    const { zone } = analysis;
    const out: Diagnostic = {
      range: lines[d.file].range(d.start, d.end),
      severity: SEVERITY[d.severity],
      code: d.code,
      source: 'zonelens',
      message: d.message,
    };
    const docs = CODES.get(d.code)?.docs;
    if (docs !== undefined && this.support.codeDescription) out.codeDescription = { href: docs };
    if (d.related !== undefined && d.related.length > 0 && this.support.relatedInformation) {
      out.relatedInformation = d.related.map((r) => ({
        location: { uri: zone.files[r.file].name, range: lines[r.file].range(r.start, r.end) },
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
