/**
 * Document and range formatting: the core's column alignment
 * (`zone/format.ts`) as LSP text edits of the main file. Before the edits
 * are returned the edited text is read again the way the zone was read and
 * must give exactly the same records and parse diagnostics; otherwise
 * nothing is changed (formatting never changes a record's meaning).
 */
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver-types';
import { reread, same } from '../fixes/verify';
import { applySpanEdits, formatEdits } from '../zone/format';
import type { Zone } from '../zone/model';
import type { NavigationOptions } from './navigation';

/** Edits that align the main file's records; with `range`, only the records whose lines touch it. */
export function formatting(zone: Zone, options: FormattingOptions, read: NavigationOptions, range?: Range): TextEdit[] {
  const text = zone.files[0].text;
  const li = zone.lineIndex(0);
  const sound = !zone.parseDiagnostics.some(
    (d) => d.file === 0 && (d.code === 'unbalanced-parentheses' || d.code === 'unterminated-string'),
  );
  const spans = formatEdits(
    text,
    zone.records.filter((r) => r.file === 0),
    {
      tabWidth: options.tabSize,
      insertSpaces: options.insertSpaces,
      sound,
      range: range === undefined ? undefined : { start: li.offsetAt(range.start), end: li.offsetAt(range.end) },
    },
  );
  if (spans.length === 0) return [];
  if (!readsTheSame(zone, applySpanEdits(text, spans), read)) return [];
  return spans.map((s) => ({ range: li.range(s.start, s.end), newText: s.newText }));
}

/** Parse codes about `$INCLUDE`: included files are served again from memory, so their wording may differ. */
const INCLUDE_CODES = new Set(['include-not-found', 'include-cycle', 'include-denied']);

/**
 * True when `text`, read as the zone's main file was read (its included files
 * served from memory, in the order the first reading asked for them), gives
 * the same records in the same order and the same parse diagnostics.
 * Formatting moves no record, so the records are compared pairwise (linear
 * in the size of the zone).
 */
function readsTheSame(zone: Zone, text: string, read: NavigationOptions): boolean {
  const p = reread(
    zone,
    zone.files.map((f, i) => (i === 0 ? text : f.text)),
    read,
  );
  if (p.records.length !== zone.records.length) return false;
  for (let i = 0; i < p.records.length; i++) if (!same(p.records[i], zone.records[i])) return false;
  const codes = (ds: readonly { code: string }[]) =>
    ds
      .map((d) => d.code)
      .filter((c) => !INCLUDE_CODES.has(c))
      .sort()
      .join(' ');
  return codes(p.diagnostics) === codes(zone.parseDiagnostics);
}
