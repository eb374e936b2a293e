/**
 * Document and range formatting: the core's column alignment
 * (`zone/format.ts`) as LSP text edits of the main file. Before the edits
 * are returned the edited text is read again the way the zone was read and
 * must give exactly the same records and parse diagnostics; otherwise
 * nothing is changed (formatting never changes a record's meaning).
 */
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver-types';
import { applySpanEdits, formatEdits } from '../zone/format';
import type { Zone } from '../zone/model';
import { parseZone, type IncludeReader, type ZoneRecord } from '../zone/parser';

/** How the zone was read (see `NavigationOptions`). */
export interface FormattingReadOptions {
  origin: string | undefined;
  generateLimit?: number;
}

/** Edits that align the main file's records; with `range`, only the records whose lines touch it. */
export function formatting(
  zone: Zone,
  options: FormattingOptions,
  read: FormattingReadOptions,
  range?: Range,
): TextEdit[] {
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
function readsTheSame(zone: Zone, text: string, read: FormattingReadOptions): boolean {
  const includes = zone.directives.filter((d) => d.name === '$INCLUDE');
  let k = 0;
  const readInclude: IncludeReader = () => {
    const v = includes[k++]?.value;
    return typeof v === 'number'
      ? { ok: true, name: zone.files[v].name, text: zone.files[v].text }
      : { ok: false, code: 'include-not-found', message: 'not read' };
  };
  const p = parseZone(text, {
    fileName: zone.files[0].name,
    origin: read.origin,
    generateLimit: read.generateLimit,
    readInclude,
  });
  if (p.records.length !== zone.records.length) return false;
  for (let i = 0; i < p.records.length; i++) if (!sameRecord(p.records[i], zone.records[i])) return false;
  const codes = (ds: readonly { code: string }[]) =>
    ds
      .map((d) => d.code)
      .filter((c) => !INCLUDE_CODES.has(c))
      .sort()
      .join(' ');
  return codes(p.diagnostics) === codes(zone.parseDiagnostics);
}

function sameRecord(a: ZoneRecord, b: ZoneRecord): boolean {
  if (a.file !== b.file || a.owner !== b.owner || a.ttl !== b.ttl || a.classCode !== b.classCode) return false;
  if (a.type !== b.type || a.rdata.length !== b.rdata.length) return false;
  return a.rdata.every((f, i) => f.kind === b.rdata[i].kind && f.value === b.rdata[i].value);
}
