/**
 * Shared shapes of the zone core. Everything here is plain data: offsets are
 * UTF-16 code-unit offsets into the text of the file a record came from, and
 * are turned into LSP positions only at the edge (see `lineIndex.ts`).
 */

/** A half-open range of UTF-16 offsets `[start, end)` in one file's text. */
export interface Span {
  start: number;
  end: number;
}

/** The four LSP severities, by name. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A token of the master-file grammar. */
export interface Token {
  /** Offset of the first character (for a quoted string: of the opening quote). */
  start: number;
  /** Offset after the last character (for a quoted string: after the closing quote). */
  end: number;
  /** The raw text, escapes left in place; for a quoted string, the text between the quotes. */
  text: string;
  /** True when the token was a `"…"` string. */
  quoted: boolean;
}

/** What kind of value an RDATA field holds; drives hover, completion and highlighting. */
export type FieldKind =
  | 'name' // a domain name (value: absolute, presentation form)
  | 'int' // an unsigned integer (num holds it)
  | 'ttl' // a time value in seconds (num holds it)
  | 'ipv4'
  | 'ipv6'
  | 'text' // a character-string (value: quoted presentation form)
  | 'base64'
  | 'hex'
  | 'base32'
  | 'time' // an RRSIG timestamp
  | 'mnemonic' // an algorithm, type or flag word
  | 'other';

/** One parsed RDATA field, with the source range it came from. */
export interface RdataField {
  /** What the field is for, e.g. `preference`, `exchange`, `address`, `target`. */
  role: string;
  kind: FieldKind;
  /** Offsets in the record's file; a field written over several tokens spans all of them. */
  start: number;
  end: number;
  /** Presentation form as BIND prints it (names absolute, IPv6 in RFC 5952 form). */
  value: string;
  /** Numeric value, for `int` and `ttl` fields. */
  num?: number;
}

/** A diagnostic produced by the core, in file offsets. */
export interface ZoneDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  /** Index into `ParseResult.files` / `Zone.files`. */
  file: number;
  start: number;
  end: number;
  related?: RelatedInfo[];
  /** Typed input for the quick fix, when the code has one. */
  data?: unknown;
}

/** A secondary location of a diagnostic. */
export interface RelatedInfo {
  file: number;
  start: number;
  end: number;
  message: string;
}
