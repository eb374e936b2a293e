/**
 * Shapes of the quick-fix core: what a fix is asked for, what it answers, and
 * what it promises to change (checked before it is offered, see `verify.ts`).
 */
import type { ZoneRecord } from '../zone/parser';
import type { FieldKind } from '../zone/types';

/** One text edit of a zone file: replace `[start, end)` of file `file`'s text by `newText`. */
export interface FileEdit {
  /** Index into `Zone.files`. */
  file: number;
  start: number;
  end: number;
  newText: string;
}

/** A quick fix as the editor shows it: a title, whether it is the clear choice, and its edits. */
export interface Fix {
  title: string;
  /** The one fix that is clearly right for its diagnostic (the editor's "preferred" fix, applied by fix-all). */
  isPreferred: boolean;
  /** Non-overlapping edits, in file order. */
  edits: FileEdit[];
}

/**
 * The diagnostic a fix is asked for, as the core produced it (`ZoneDiagnostic`
 * fits): its code, its range in its file, and the typed `data` of its check.
 */
export interface FixRequest {
  code: string;
  file: number;
  start: number;
  end: number;
  data?: unknown;
}

/**
 * How the zone was read, so that a fix can read the edited text the same way
 * and compare: the origin given to the parser (not the one `$ORIGIN` or the
 * SOA set) and the `$GENERATE` limit.
 */
export interface FixOptions {
  origin?: string;
  generateLimit?: number;
}

/** A resource record a fix means to create, as the parser will read it back. */
export interface ExpectedRecord {
  file: number;
  /** Absolute owner name. */
  owner: string;
  /** The TTL it will have; undefined when the fix leaves it to the zone's default. */
  ttl: number | undefined;
  classCode: number;
  type: string;
  rdata: readonly ExpectedField[];
}

/** One RDATA field of an expected record: its kind (names compare case-insensitively) and value. */
export interface ExpectedField {
  kind: FieldKind;
  value: string;
}

/**
 * A fix before it is offered: its edits and the change they must make to the
 * zone's records, nothing more and nothing less. A plan that fails that test
 * is not offered; its `fallback`, if any, is tried instead.
 */
export interface FixPlan extends Fix {
  /** Records of the zone the edits remove (a changed record is removed and added). */
  remove: ZoneRecord[];
  /** Records the edits add. */
  add: ExpectedRecord[];
  /** Another way to write the same fix, for when this one does not read back as intended. */
  fallback?: FixPlan;
}
