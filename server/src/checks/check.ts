import type { Settings } from '../settings';
import type { ExternalNames } from '../zone/external';
import { flat } from '../zone/names';
import type { Zone } from '../zone/model';
import type { ZoneRecord } from '../zone/parser';
import type { RdataField, RelatedInfo, Severity, ZoneDiagnostic } from '../zone/types';

/** Where each code's documentation page lives (`codeDescription.href`). */
export const DOCS_BASE = 'https://github.com/zonelens/zonelens/blob/main/docs/checks/';

/** The documentation page of a code. */
export function docsUrl(code: string): string {
  return `${DOCS_BASE}${code}.md`;
}

/**
 * What a check may look at besides its own zone: the other zones the editor or
 * the command line has at hand. Only the checks that work across files read it.
 */
export interface CheckContext {
  /** Reverse zones (`in-addr.arpa`, `ip6.arpa`) open in the editor, in the workspace or on the command line. */
  reverseZones: readonly Zone[];
  /**
   * What DNS says about names outside the zone, when the user asked for
   * resolution (`zonelens.resolve.outOfZone`, `zonelens check --resolve`);
   * absent otherwise. `mx-target-cname` and `mx-target-no-address` read it for
   * out-of-zone MX targets.
   */
  external?: ExternalNames;
}

/** A context with nothing beside the zone itself. */
export const NO_CONTEXT: CheckContext = { reverseZones: [] };

/**
 * One diagnostic code over the zone model. Each check lives in a file named
 * after its code and is registered in `index.ts`.
 */
export interface Check {
  readonly code: string;
  /** Default severity; `zonelens.checks.<code>` overrides it. */
  readonly severity: Severity;
  /** One line for the docs index and SARIF rule descriptions. */
  readonly summary: string;
  run(zone: Zone, settings: Settings, context: CheckContext): ZoneDiagnostic[];
}

/**
 * At most this many items of a list go into a message (`listWords`: "a, b,
 * c and 12 more"), and at most `RELATED_MAX` related locations into one
 * diagnostic. A hostile zone (thousands of MX records in one domain, one host
 * with thousands of addresses) would otherwise give each of N diagnostics a
 * list of N: gigabytes of output from a zone of megabytes.
 */
export const LIST_MAX = 10;
export const RELATED_MAX = 20;

/** Where in its file a field of a record stands. */
export type FieldRange = Pick<RdataField, 'start' | 'end'>;

/**
 * A diagnostic on a range of a record's file; related locations past
 * `RELATED_MAX` are left out. `record` gives the file: a record, or an MX
 * entry (which makes its record only when asked).
 */
export function diag(
  check: Pick<Check, 'code' | 'severity'>,
  record: Pick<ZoneRecord, 'file'>,
  start: number,
  end: number,
  message: string,
  extra: { related?: RelatedInfo[]; data?: unknown } = {},
): ZoneDiagnostic {
  // The message flat (see `flat`): a large zone keeps tens of thousands of them until they are written.
  const code = check.code;
  const severity = check.severity;
  const file = record.file;
  const { related, data } = extra;
  // The related locations in the literal, not added after it: an added property takes a store of its own.
  const d: ZoneDiagnostic =
    related === undefined
      ? { code, severity, message: flat(message), file, start, end }
      : {
          code,
          severity,
          message: flat(message),
          file,
          start,
          end,
          related: related.length > RELATED_MAX ? related.slice(0, RELATED_MAX) : related,
        };
  if (data !== undefined) d.data = data;
  return d;
}

/** A diagnostic on an MX record's target (its exchange field), where most MX checks report. */
export function onTarget(
  check: Pick<Check, 'code' | 'severity'>,
  entry: { file: number; exchange: FieldRange },
  message: string,
  extra: { related?: RelatedInfo[]; data?: unknown } = {},
): ZoneDiagnostic {
  const { start, end } = entry.exchange;
  return diag(check, entry, start, end, message, extra);
}

/** The first `RELATED_MAX` items of a list: what a diagnostic's related locations are made from. */
export function firstRelated<T>(list: readonly T[]): readonly T[] {
  return list.length > RELATED_MAX ? list.slice(0, RELATED_MAX) : list;
}

/** A range of one of the zone's files: what a quick fix's `data` names. */
export interface FileSpan {
  file: number;
  start: number;
  end: number;
}

/** The whole record, first token to last. */
export function recordSpan(record: ZoneRecord): FileSpan {
  return { file: record.file, start: record.start, end: record.end };
}

/** One field of a record. */
export function fieldSpan(record: Pick<ZoneRecord, 'file'>, field: FieldRange): FileSpan {
  return { file: record.file, start: field.start, end: field.end };
}

/** A related location pointing at a record's type token (the record as a whole, compactly). */
export function relatedRecord(record: ZoneRecord, message: string): RelatedInfo {
  return { file: record.file, start: record.typeStart, end: record.typeEnd, message };
}

/** A related location pointing at one field of a record. */
export function relatedField(record: Pick<ZoneRecord, 'file'>, field: FieldRange, message: string): RelatedInfo {
  return { file: record.file, start: field.start, end: field.end, message: flat(message) };
}

/**
 * A memo that keeps one string per distinct text. The related locations of
 * tens of thousands of diagnostics often say the same few things (`mail1 A
 * 192.0.2.2` for every domain whose one MX host is `mail1`): each is kept
 * once. One memo per check run.
 */
export function sharedTexts(): (text: string) => string {
  const kept = new Map<string, string>();
  return (text) => {
    let s = kept.get(text);
    if (s === undefined) {
      s = flat(text);
      kept.set(s, s);
    }
    return s;
  };
}

/** The record's owner range, or its type token when the owner was inherited (blank owner). */
export function ownerRange(record: ZoneRecord): { start: number; end: number } {
  return record.ownerEnd > record.ownerStart
    ? { start: record.ownerStart, end: record.ownerEnd }
    : { start: record.typeStart, end: record.typeEnd };
}
