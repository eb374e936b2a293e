/**
 * Code actions: the core's quick fixes (`fixes/`) as LSP `quickfix` actions
 * for the diagnostics the editor sends back, and one `source.fixAll.zonelens`
 * action for every clear fix of the file.
 */
import type { CodeActionParams } from 'vscode-languageserver';
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { Analysis } from '../checks/index';
import { fixAll, fixesFor, type FileEdit, type FixOptions } from '../fixes/index';
import type { Zone } from '../zone/model';
import type { ZoneDiagnostic } from '../zone/types';

/** The kind of the fix-all action (a `source.fixAll` kind, so that `editor.codeActionsOnSave` can ask for it). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.zonelens`;

/**
 * The most diagnostics of one request that get quick fixes. A selection of
 * the whole file sends all of its diagnostics back, and each fix is checked
 * by reading the zone again; fix-all covers a whole file at once.
 */
export const MAX_FIXED_PER_REQUEST = 20;

/** The kinds of action the server offers, for its capabilities. */
export const CODE_ACTION_KINDS: string[] = [CodeActionKind.QuickFix, FIX_ALL_KIND];

/**
 * The code actions for a request on the zone's main file. A diagnostic gets
 * fixes only while it still stands: the same code, range and `data` as one
 * of the analysis of the document's current text (an action computed from
 * stale data would edit the wrong text). `options` say how the zone was read.
 */
export function codeActions(analysis: Analysis, params: CodeActionParams, options: FixOptions): CodeAction[] {
  const { zone } = analysis;
  const only = params.context.only;
  const asked = (kind: string): boolean =>
    only?.some((k) => k === '' || kind === k || kind.startsWith(`${k}.`)) === true;
  const out: CodeAction[] = [];
  if (only === undefined || asked(CodeActionKind.QuickFix)) {
    for (const d of params.context.diagnostics.slice(0, MAX_FIXED_PER_REQUEST)) {
      const current = standing(analysis, d);
      if (current === undefined) continue;
      for (const fix of fixesFor(zone, current, options)) {
        out.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: fix.isPreferred,
          edit: workspaceEdit(zone, fix.edits),
        });
      }
    }
  }
  // Fix-all reads the whole file: only when asked for by kind (the source menu, on save), not at every cursor move.
  if (asked(FIX_ALL_KIND)) {
    const all = fixAll(
      zone,
      analysis.diagnostics.filter((d) => d.file === 0 && d.data !== undefined),
      options,
    );
    if (all !== null) out.push({ title: all.title, kind: FIX_ALL_KIND, edit: workspaceEdit(zone, all.edits) });
  }
  return out;
}

/** The diagnostics of the main file of each analysis by their start offset, made at the first request. */
const byStart = new WeakMap<Analysis, Map<number, ZoneDiagnostic[]>>();

/** The diagnostic of the analysis that `d` (as the editor sent it back) still is, if any. */
function standing(analysis: Analysis, d: Diagnostic): ZoneDiagnostic | undefined {
  if (d.source !== 'zonelens' || typeof d.code !== 'string' || d.data === undefined) return undefined;
  const lines = analysis.zone.lineIndex(0);
  let index = byStart.get(analysis);
  if (index === undefined) {
    index = new Map();
    for (const x of analysis.diagnostics) {
      if (x.file !== 0) continue;
      const at = index.get(x.start);
      if (at === undefined) index.set(x.start, [x]);
      else at.push(x);
    }
    byStart.set(analysis, index);
  }
  return index.get(lines.offsetAt(d.range.start))?.find((x) => {
    if (x.code !== d.code) return false;
    const r = lines.range(x.start, x.end);
    return (
      r.start.line === d.range.start.line &&
      r.start.character === d.range.start.character &&
      r.end.line === d.range.end.line &&
      r.end.character === d.range.end.character &&
      sameJson(x.data, d.data)
    );
  });
}

/** Structural equality of JSON values (what `data` is after its trip to the editor and back). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/** The edits as a workspace edit: one entry per file (URI), offsets as LSP ranges of that file. */
function workspaceEdit(zone: Zone, edits: readonly FileEdit[]): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of edits) {
    const uri = zone.files[e.file].name;
    (changes[uri] ??= []).push({ range: zone.lineIndex(e.file).range(e.start, e.end), newText: e.newText });
  }
  return { changes };
}
