import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { CODES, type Analysis } from '../checks/index';
import type { Severity } from '../zone/types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * The analysis' diagnostics as LSP diagnostics, one list per file (the main
 * file and every file it includes, so that fixed problems are cleared too).
 * File names in the zone are URIs when the server built it.
 */
export function toLspDiagnostics(analysis: Analysis): { uri: string; diagnostics: Diagnostic[] }[] {
  const { zone } = analysis;
  const perFile: Diagnostic[][] = zone.files.map(() => []);
  for (const d of analysis.diagnostics) {
    const lines = zone.lineIndex(d.file);
    const out: Diagnostic = {
      range: lines.range(d.start, d.end),
      severity: SEVERITY[d.severity],
      code: d.code,
      source: 'zonelens',
      message: d.message,
    };
    const docs = CODES.get(d.code)?.docs;
    if (docs !== undefined) out.codeDescription = { href: docs };
    if (d.related !== undefined && d.related.length > 0) {
      out.relatedInformation = d.related.map((r) => ({
        location: { uri: zone.files[r.file].name, range: zone.lineIndex(r.file).range(r.start, r.end) },
        message: r.message,
      }));
    }
    if (d.data !== undefined) out.data = d.data;
    perFile[d.file].push(out);
  }
  return zone.files.map((f, i) => ({ uri: f.name, diagnostics: perFile[i] }));
}
