import { PARSE_CODES, type ParseCode } from './codes';
import { expand, parseRange, parseTemplate, rangeCount, type Template } from './generate';
import { Lexer, tokenize, type Entry, type LexProblem, type Line } from './lexer';
import { flat, isPlainName, nameKey, nameLabels, parseName } from './names';
import {
  classCode,
  className,
  isGenericRdata,
  isMetaType,
  packWord,
  rdataType,
  rdataTypeByCode,
  typeCode,
  typeName,
} from './rdata/index';
import { RdataError } from './rdata/reader';
import { looksLikeTtl, MAX_TTL, parseTtl, plainTtl } from './ttl';
import type { RdataField, Token, ZoneDiagnostic } from './types';

import {
  fixedBase,
  rawFields,
  readRdata,
  RecordRows,
  ZoneRecord,
  type RdataSource,
  type RecordBase,
  type RecordHeader,
} from './record';
import { RecordStore } from './recordStore';
import { IncludedRecords } from './included';

export { ZoneRecord } from './record';

/** A `$ORIGIN`, `$TTL`, `$INCLUDE` or `$GENERATE` line. */
export interface Directive {
  file: number;
  name: '$ORIGIN' | '$TTL' | '$INCLUDE' | '$GENERATE';
  start: number;
  end: number;
  /** `$ORIGIN`: the new origin; `$INCLUDE`: the included file's index in `files` (when it was read). */
  value?: string | number;
}

/** What the include reader returns: the file's text under a stable name, or why it cannot be read. */
export type IncludeResult =
  | {
      ok: true;
      name: string;
      text: string;
      /** What identifies the file for cycle detection (e.g. its real path, symbolic links resolved); default `name`. */
      key?: string;
    }
  | { ok: false; code: 'include-not-found' | 'include-denied'; message: string };

/** Reads an `$INCLUDE`d file; `fromFile` is the name of the including file. Supplied by the caller (CLI, server). */
export type IncludeReader = (path: string, fromFile: string) => IncludeResult;

export interface ParseOptions {
  /** Name of the main file (a path or URI); included files get the names the reader returns. */
  fileName: string;
  /** The origin before any `$ORIGIN` (absolute), e.g. from the file name. */
  origin?: string;
  readInclude?: IncludeReader;
  /** Most records one `$GENERATE` may produce (default 65 536). */
  generateLimit?: number;
  /** Deepest `$INCLUDE` nesting (default 16). */
  includeDepth?: number;
  /** The main file's `key` for cycle detection, as the include reader would give it (default `fileName`). */
  fileKey?: string;
}

/**
 * Most files one zone may include in all, and most characters they may hold:
 * without a cycle, ten files that each include the next ten times would
 * otherwise be read ten billion times.
 */
const MAX_INCLUDED_FILES = 1024;
const MAX_INCLUDED_CHARS = 256 * 1024 * 1024;

/**
 * The types whose names `name-missing-trailing-dot` reads, by code (NS,
 * CNAME, PTR, SRV, DNAME): the parse notes which records' names cannot have
 * lost their dot (`RecordHeader.namesComplete`). MX targets are judged by
 * the MX analysis, which reads them anyway; SOA records are few.
 */
const NAMES_READ = new Set([2, 5, 12, 33, 39]);

/** All the `$GENERATE` directives of a zone together may make this many times the records one may make. */
const GENERATED_IN_ALL = 16;

export interface SourceFile {
  name: string;
  text: string;
}

export interface ParseResult {
  files: SourceFile[];
  records: ZoneRecord[];
  /**
   * The same records as rows, made into objects when asked for (`records`
   * asks for all of them): a parse that is not resumable keeps them so.
   */
  store?: RecordStore;
  directives: Directive[];
  diagnostics: ZoneDiagnostic[];
  /** The zone's origin: the one given, else the first `$ORIGIN`, else the SOA owner; null if none. */
  origin: string | null;
  /** A resumable parse's records of included files, and the zone's reading order with them (`IncludedRecords`). */
  included?: IncludedRecords;
}

/** One file an `$INCLUDE` asked the include reader for, and what it answered. */
export interface IncludeRead {
  path: string;
  fromFile: string;
  result: IncludeResult;
}

/**
 * True when a zone's records lie in its text in order, each on its own
 * stretch of it: one file, no `$GENERATE`. Most large zones are so; the hover
 * then finds a record by bisection, and the incremental analysis tells
 * diagnostics apart by the record they sit on.
 */
export function inTextOrder(zone: Pick<ParseResult, 'files' | 'directives'>): boolean {
  return zone.files.length === 1 && !zone.directives.some((d) => d.name === '$GENERATE');
}

const IN = 1;
/** BIND keeps `$GENERATE` values in a signed 32-bit integer. */
const MAX_GENERATED = 0x7fffffff;

/** Parses a master file (and what it includes) into records with positions and diagnostics. */
export function parseZone(text: string, options: ParseOptions): ParseResult {
  return new Parser(options).run(text);
}

/**
 * The loader's state at a logical-line boundary of the main file, and how
 * much output came before it: where a re-parse can start again, and how it
 * knows that it has caught up with the previous parse.
 */
export interface Checkpoint {
  /** Offset of the boundary (no parenthesis is open here). */
  pos: number;
  origin: string | null;
  owner: string | null;
  originSinceOwner: boolean;
  defaultTtl: number;
  lastTtl: number;
  zoneClass: number;
  firstOrigin: string | null;
  soaOwner: string | null;
  /** Records, directives, parser diagnostics and string problems made before `pos`. */
  records: number;
  directives: number;
  diagnostics: number;
  stringProblems: number;
}

/**
 * A parse that can be resumed after an edit (`reparse`): the result, plus a
 * checkpoint every `CHECKPOINT_EVERY` logical lines and the lexer's findings
 * kept apart from the parser's.
 */
export interface ResumableParse {
  result: ParseResult;
  /** By ascending `pos`; the first is the start of the file. */
  checkpoints: Checkpoint[];
  /** The parser's own diagnostics, in order (`result.diagnostics` adds the lexer's after them). */
  parserDiagnostics: ZoneDiagnostic[];
  /** The unbalanced parentheses (`Lexer.parenProblems`), by offset. */
  parenProblems: LexProblem[];
  /** Unterminated strings, by offset. */
  stringProblems: LexProblem[];
  /** Offsets of the parentheses the lexer ignores. */
  unmatched: ReadonlySet<number>;
  /**
   * The files the parse asked the include reader for, in order: a re-parse
   * asks again, and parses from scratch when an answer changed (a file
   * edited, added or removed, a search path set).
   */
  includeReads: IncludeRead[];
  /** How many of the records `$GENERATE` made (a re-read `$GENERATE` is held to the zone's limit with it). */
  generated: number;
  /** False when only a full parse is right (the main file was not read). */
  resumable: boolean;
  options: ParseOptions;
  /** The state at the end of the file that decides `result.origin`. */
  final: { firstOrigin: string | null; soaOwner: string | null };
}

/** Logical lines between checkpoints: a re-parse reads at most about twice this many lines around an edit. */
export const CHECKPOINT_EVERY = 32;

/**
 * A re-parse that has read this share of the file's lines past the edit
 * without meeting the old state gives way to a full parse (an edit that
 * changes the SOA changes the state to the end of the file): reading again
 * keeps every field it reads, and each record read is compared with the old
 * one after, so that past this a parse from scratch costs less. Files of
 * fewer than `RESYNC_LINES_MIN` lines past the edit always go on.
 */
const RESYNC_SHARE = 1 / 4;
const RESYNC_LINES_MIN = 4096;

/** Parses the main file like `parseZone`, keeping what `reparse` needs. */
export function parseResumable(text: string, options: ParseOptions): ResumableParse {
  const parser = new Parser(options, true);
  const result = parser.run(text);
  return parser.resumable(result);
}

/** One edit of the main file's text: `[start, oldEnd)` of the old text became `[start, newEnd)` of the new. */
export interface TextEdit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * What `reparse` replaced: records `[from, to)` of the old list (`removed`)
 * became `added` records at `from`.
 */
export interface RecordSplice {
  from: number;
  to: number;
  /** The records that were `[from, to)` of the old list, which is patched in place. */
  removed: ZoneRecord[];
  added: number;
  /** Offset change of everything after the edit. */
  delta: number;
  /** Offsets at or after this (in the old text) moved by `delta`. */
  oldEnd: number;
}

/**
 * Parses `text`, which is `prev`'s text with `edit` applied, by reading again
 * only the logical lines around the edit: from the last checkpoint before it
 * to the first later checkpoint where the loader's state is what it was.
 * Everything else is reused, moved by the edit's length (the previous parse's
 * records, its lists and its diagnostics are updated in place: `prev` is used
 * up, and `splice.removed` holds the records it no longer lists). The result
 * equals `parseZone(text, prev.options)`. Null when that cannot be promised
 * cheaply (the edit meets an `$INCLUDE`, changes how parentheses pair or
 * touches a carriage return, or an included file reads otherwise than it
 * did): the caller parses from scratch. The included files' records are
 * kept as they are, since nothing before an `$INCLUDE` that the edit
 * changed reaches it: reading goes on until the loader's state is what it
 * was, and an `$INCLUDE` met on the way means a full parse.
 */
export function reparse(
  prev: ResumableParse,
  text: string,
  edit: TextEdit,
): { parse: ResumableParse; splice: RecordSplice } | null {
  if (!prev.resumable) return null;
  const old = prev.result.files[0].text;
  const delta = edit.newEnd - edit.oldEnd;
  if (text.length !== old.length + delta) return null;
  // The physical lines the edit touches, in the old text and in the new one.
  // (At the very start, no line comes before: `lastIndexOf` from -1 would still look at offset 0.)
  const lineStart = edit.start === 0 ? 0 : old.lastIndexOf('\n', edit.start - 1) + 1;
  let oldLineEnd = old.indexOf('\n', edit.oldEnd);
  if (oldLineEnd < 0) oldLineEnd = old.length;
  let newLineEnd = text.indexOf('\n', edit.newEnd);
  if (newLineEnd < 0) newLineEnd = text.length;
  // A carriage return ends lines too: an edit near one is parsed from scratch. Parentheses decide
  // where logical lines end over the whole file: an edit on a line with one is parsed from the
  // checkpoint before it only when it leaves their pairing as it was (`keepsPairing`). Elsewhere,
  // the logical lines outside the touched ones are the same text.
  const oldLines = old.slice(lineStart, oldLineEnd);
  const newLines = text.slice(lineStart, newLineEnd);
  if (oldLines.includes('\r') || newLines.includes('\r')) return null;
  if ((/[()]/.test(oldLines) || /[()]/.test(newLines)) && !keepsPairing(old, text, edit)) return null;
  if (!includesRead(prev)) return null;
  const cps = prev.checkpoints;
  let i = upperBound(cps, lineStart) - 1; // the last checkpoint at or before the touched lines
  if (i < 0) i = 0;
  const unmatched = new Set<number>();
  for (const o of prev.unmatched) unmatched.add(o < edit.oldEnd ? o : o + delta);
  const parser = new Parser(prev.options, true);
  return parser.resume(prev, text, cps[i], i, edit, unmatched);
}

/**
 * True when the include reader answers each of `prev`'s questions as it did
 * (the same file under the same name, the same text; or the same refusal):
 * the files the zone includes read now as they did then. One read of each
 * such file per edit, as a full parse would make.
 */
function includesRead(prev: ResumableParse): boolean {
  const read = prev.options.readInclude;
  if (prev.includeReads.length === 0) return true;
  if (read === undefined) return false;
  return prev.includeReads.every(({ path, fromFile, result: was }) => {
    const now = read(path, fromFile);
    return now.ok && was.ok
      ? now.name === was.name && now.key === was.key && now.text === was.text
      : !now.ok && !was.ok && now.code === was.code && now.message === was.message;
  });
}

/**
 * True when `edit` cannot change which parentheses pair, nor where comments
 * and quoted strings (which hide them) begin and end: the text it removes and
 * the text it inserts hold no parenthesis, quote, semicolon, backslash or line
 * end, and it does not start just after a backslash (which escapes the
 * character after it). Every character that matters to the pairing (see
 * `pairFrom` in zone/lexer.ts) then stays as it was, in the same
 * order, each one moved by the edit's length if it comes after it.
 */
function keepsPairing(old: string, text: string, edit: TextEdit): boolean {
  const special = /[()";\\\n\r]/;
  return (
    old.charCodeAt(edit.start - 1) !== 0x5c &&
    !special.test(old.slice(edit.start, edit.oldEnd)) &&
    !special.test(text.slice(edit.start, edit.newEnd))
  );
}

/** Index of the first checkpoint whose `pos` is above `pos`. */
function upperBound(cps: readonly Checkpoint[], pos: number): number {
  let lo = 0;
  let hi = cps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cps[mid].pos <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Most items `splice` passes to `Array.prototype.splice` as arguments. */
const SPREAD_MAX = 4096;

/**
 * `list` with `[from, to)` replaced by `items`: `list` itself, changed in
 * place, unless `items` are too many to pass as arguments (a large paste),
 * then a new array. A keystroke in a million-record zone would otherwise
 * copy 8 MB of record list, garbage that the collector must then find.
 */
function splice<T>(list: T[], from: number, to: number, items: readonly T[]): T[] {
  if (items.length === to - from) {
    for (let k = 0; k < items.length; k++) list[from + k] = items[k];
    return list;
  }
  if (items.length <= SPREAD_MAX) {
    list.splice(from, to - from, ...items);
    return list;
  }
  return list.slice(0, from).concat(items, list.slice(to));
}

/** Thrown to leave a re-parse that met something only a full parse handles. */
class NotResumable extends Error {}

class Parser {
  private readonly files: SourceFile[] = [];
  /** The records read, as objects (a resumable parse) or in the store (any other). */
  private readonly records: ZoneRecord[] = [];
  private readonly store: RecordStore | null;
  private readonly directives: Directive[] = [];
  private readonly diagnostics: ZoneDiagnostic[] = [];
  /** Keys of the files being read, outermost first (see `IncludeResult.key`). */
  private readonly includeStack: string[] = [];
  /** Characters of all the included files read so far. */
  private includedChars = 0;
  /** Records the `$GENERATE` directives read so far made. */
  private generated = 0;
  /** The value of `$` of the `$GENERATE` record being read (see `ZoneRecord.generatedValue`). */
  private generating = 0;
  /**
   * While resuming: how many records `$GENERATE` made in the whole previous
   * parse (`ResumableParse.generated`), a bound on those made outside the
   * lines read again.
   */
  private generatedElsewhere = 0;
  /** What the include reader answered, in order (see `ResumableParse.includeReads`). */
  private readonly includeReads: IncludeRead[] = [];
  /** The records of included files, when the parse is to be resumable. */
  private readonly included: IncludedRecords | null;
  /** While an included file is read: the main file's `$INCLUDE` that led to it (see `IncludedRecords`). */
  private includeRoot: Directive | null = null;

  // Load state, as BIND's master.c keeps it.
  private origin: string | null;
  /**
   * The current owner. A parse into a store knows it by its id in the
   * store's names (`ownerId`), and has it as a string only when it was
   * made anyway or is written otherwise than the name's first writing
   * (`ownerExact` false): see `ownerName`.
   */
  private owner: string | null = null;
  private ownerId = -1;
  private ownerExact = true;
  /** A `$ORIGIN` came after the last explicit owner: a blank owner now would be ambiguous. */
  private originSinceOwner = false;
  private defaultTtl = -1; // from $TTL
  private lastTtl = -1; // the last explicit TTL (RFC 1035 semantics when no $TTL)
  private zoneClass = -1;
  private firstOrigin: string | null = null;
  private soaOwner: string | null = null;

  // Records of one owner usually follow each other: the last owner token read,
  // the origin it was read against and the name it gave, so that the same
  // text is not parsed again and the records share one string.
  private lastOwnerText: string | null = null;
  private lastOwnerOrigin: string | null = null;
  private lastOwnerName = '';
  private lastSource: RdataSource | null = null;
  /**
   * Where the current owner was written, when a parse into a store keeps it
   * in place (see `repeatsPlainOwner`; file -1 when it is not). An included
   * file's owners are in another file; a generated one is not kept in place.
   * Four fields, not an object: a new owner comes with most records.
   */
  private plainOwnerFile = -1;
  private plainOwnerStart = 0;
  private plainOwnerEnd = 0;
  private plainOwnerOrigin: string | null = null;
  /** Where the records read here keep their numbers. */
  private readonly rows = new RecordRows();
  /**
   * The header of the record being made, one object for all: `ZoneRecord`
   * copies what it keeps, and a new object per record would be garbage
   * (about 1M of them in a 1M-record zone).
   */
  private readonly header: RecordHeader = {
    file: 0,
    owner: '',
    ownerId: -1,
    ownerStart: 0,
    ownerEnd: 0,
    ttl: 0,
    ttlStart: -1,
    ttlEnd: -1,
    classCode: 0,
    classStart: -1,
    classEnd: -1,
    type: '',
    typeCode: -1,
    typeStart: 0,
    typeEnd: 0,
    start: 0,
    end: 0,
    generated: false,
    namesComplete: false,
  };
  /** The origin `originLabels` counts the labels of (undefined: none yet). */
  private labelledOrigin: string | null | undefined = undefined;
  private originLabels = 0;
  /** What the offsets of the records read now count from: the last checkpoint, or a fixed place. */
  private recordBase: RecordBase = fixedBase();
  /** What the words in the class and type places mean, by their text: a zone spells them a handful of ways. */
  private readonly words = new Map<string, WordInfo>();
  /** The same, for short words, by their characters packed into a number (see `wordAt`). */
  private readonly packedWords = new Map<number, WordInfo>();

  /** Checkpoints of the main file, when the parse is to be resumable. */
  private readonly checkpoints: Checkpoint[] | null;
  /** Set while resuming: an `$INCLUDE` there means a full parse. */
  private resuming = false;
  /** The main file's lexer, once read (for `resumable`). */
  private mainLexer: Lexer | null = null;
  /** The main file's unbalanced parentheses, as reported (for `resumable`). */
  private mainParenProblems: LexProblem[] = [];
  /** `diagnostics.length` before the main file's lexer problems were added. */
  private parserDiagnosticCount = 0;
  /** Output made before this parser started (when it resumes a parse), for its checkpoints' counts. */
  private base = { records: 0, directives: 0, diagnostics: 0, stringProblems: 0 };

  constructor(
    private readonly options: ParseOptions,
    keepCheckpoints = false,
  ) {
    this.origin = options.origin ?? null;
    this.checkpoints = keepCheckpoints ? [] : null;
    this.store = keepCheckpoints ? null : new RecordStore();
    this.included = keepCheckpoints ? new IncludedRecords() : null;
  }

  /** The loader state and output counts now, at a logical-line boundary `pos` of the main file. */
  private checkpoint(pos: number, stringProblems: number): Checkpoint {
    return {
      pos,
      origin: this.origin,
      owner: this.owner,
      originSinceOwner: this.originSinceOwner,
      defaultTtl: this.defaultTtl,
      lastTtl: this.lastTtl,
      zoneClass: this.zoneClass,
      firstOrigin: this.firstOrigin,
      soaOwner: this.soaOwner,
      records: this.base.records + this.records.length,
      directives: this.base.directives + this.directives.length,
      diagnostics: this.base.diagnostics + this.diagnostics.length,
      stringProblems: this.base.stringProblems + stringProblems,
    };
  }

  /** Adds a checkpoint at `pos` of the main file, which the records read next count their offsets from. */
  private markCheckpoint(checkpoints: Checkpoint[], pos: number, stringProblems: number): void {
    const c = this.checkpoint(pos, stringProblems);
    checkpoints.push(c);
    this.recordBase = c;
  }

  /** The same loader state (what decides how the rest of the file reads). */
  private sameState(c: Checkpoint): boolean {
    return (
      c.origin === this.origin &&
      c.owner === this.owner &&
      c.originSinceOwner === this.originSinceOwner &&
      c.defaultTtl === this.defaultTtl &&
      c.lastTtl === this.lastTtl &&
      c.zoneClass === this.zoneClass &&
      c.firstOrigin === this.firstOrigin &&
      c.soaOwner === this.soaOwner
    );
  }

  /** What `reparse` keeps of a full parse made with checkpoints. */
  resumable(result: ParseResult): ResumableParse {
    const lexer = this.mainLexer;
    return {
      result,
      checkpoints: this.checkpoints ?? [],
      parserDiagnostics: this.diagnostics.slice(0, this.parserDiagnosticCount),
      parenProblems: this.mainParenProblems,
      stringProblems: lexer?.stringProblems.slice() ?? [],
      unmatched: lexer?.unmatchedParentheses ?? new Set(),
      includeReads: this.includeReads,
      generated: countGenerated(result.records),
      resumable: lexer !== null,
      options: this.options,
      final: { firstOrigin: this.firstOrigin, soaOwner: this.soaOwner },
    };
  }

  /**
   * Reads `text` from checkpoint `from` (number `fromIndex` of `prev`) until it
   * is past the edit and at a checkpoint of `prev` (moved by the edit) with
   * the same state, then takes the rest from `prev`.
   */
  resume(
    prev: ResumableParse,
    text: string,
    from: Checkpoint,
    fromIndex: number,
    edit: TextEdit,
    unmatched: Set<number>,
  ): { parse: ResumableParse; splice: RecordSplice } | null {
    const delta = edit.newEnd - edit.oldEnd;
    this.origin = from.origin;
    this.owner = from.owner;
    this.originSinceOwner = from.originSinceOwner;
    this.defaultTtl = from.defaultTtl;
    this.lastTtl = from.lastTtl;
    this.zoneClass = from.zoneClass;
    this.firstOrigin = from.firstOrigin;
    this.soaOwner = from.soaOwner;
    this.base = {
      records: from.records,
      directives: from.directives,
      diagnostics: from.diagnostics,
      stringProblems: from.stringProblems,
    };
    // The included files are those of the previous parse (`reparse` asked the reader again).
    this.files.push({ name: this.options.fileName, text }, ...prev.result.files.slice(1));
    this.includeStack.push(this.options.fileKey ?? this.options.fileName);
    this.resuming = true;
    this.generatedElsewhere = prev.generated;
    // What it reads stays after the next edit, which replaces this text: copies, not slices of it.
    const lexer = new Lexer(text, { pos: from.pos, unmatched, detach: true });
    const cps = prev.checkpoints;
    const newCps: Checkpoint[] = [];
    // The next old checkpoint that could be the meeting point: the one reading starts from too,
    // when the edit inserted lines right where it stands.
    let j = fromIndex;
    let sync: Checkpoint | null = null;
    let lines = 0;
    let linesAfter = 0;
    const resyncLimit = Math.max(RESYNC_LINES_MIN, cps.length * CHECKPOINT_EVERY * RESYNC_SHARE);
    try {
      for (;;) {
        const pos = lexer.position;
        if (pos >= edit.newEnd) {
          const oldPos = pos - delta;
          while (j < cps.length && cps[j].pos < oldPos) j++;
          if (j < cps.length && cps[j].pos === oldPos && this.sameState(cps[j])) {
            sync = cps[j];
            break;
          }
          if (++linesAfter > resyncLimit) return null;
        }
        if (lines % CHECKPOINT_EVERY === 0) {
          const c = this.checkpoint(pos, lexer.stringProblems.length);
          newCps.push(c);
          this.recordBase = c;
        }
        const line = lexer.nextLine();
        if (line === null) break;
        lines++;
        this.line(0, line, text);
      }
    } catch (err) {
      if (err instanceof NotResumable) return null;
      throw err;
    }
    const r = prev.result;
    const oldRecords = r.records;
    const toRecord = sync === null ? oldRecords.length : sync.records;
    const toDirective = sync === null ? r.directives.length : sync.directives;
    const toDiagnostic = sync === null ? prev.parserDiagnostics.length : sync.diagnostics;
    const toString = sync === null ? prev.stringProblems.length : sync.stringProblems;
    // An `$INCLUDE` among the lines read again that the edit took away: its file's records would
    // go with it, and the file too.
    for (let k = from.directives; k < toDirective; k++) if (r.directives[k].name === '$INCLUDE') return null;
    const removed = oldRecords.slice(from.records, toRecord);
    const records = splice(oldRecords, from.records, toRecord, this.records);
    const directives = splice(r.directives, from.directives, toDirective, this.directives);
    const parserDiagnostics = splice(prev.parserDiagnostics, from.diagnostics, toDiagnostic, this.diagnostics);
    const stringProblems = splice(prev.stringProblems, from.stringProblems, toString, lexer.stringProblems);
    const newCount = this.records.length;
    // Everything of the main file after the meeting point moves by the edit's length: the records
    // with the checkpoints they count from (below), the rest one by one. (Included files' records
    // count from a fixed place.)
    if (delta !== 0) {
      for (let k = from.directives + this.directives.length; k < directives.length; k++) {
        if (directives[k].file !== 0) continue;
        directives[k].start += delta;
        directives[k].end += delta;
      }
      for (let k = from.diagnostics + this.diagnostics.length; k < parserDiagnostics.length; k++) {
        if (parserDiagnostics[k].file !== 0) continue;
        parserDiagnostics[k].start += delta;
        parserDiagnostics[k].end += delta;
      }
      for (let k = from.stringProblems + lexer.stringProblems.length; k < stringProblems.length; k++) {
        stringProblems[k].start += delta;
        stringProblems[k].end += delta;
      }
    }
    const parenProblems = prev.parenProblems.map((p) =>
      p.start < edit.oldEnd ? p : { ...p, start: p.start + delta, end: p.end + delta },
    );
    // Checkpoints: the old ones before the restart, the new ones made while reading, the old ones after.
    const checkpoints = cps.slice(0, fromIndex);
    for (const c of newCps) checkpoints.push(c);
    if (sync !== null) {
      const dr = newCount - (sync.records - from.records);
      const dd = this.directives.length - (sync.directives - from.directives);
      const dg = this.diagnostics.length - (sync.diagnostics - from.diagnostics);
      const ds = lexer.stringProblems.length - (sync.stringProblems - from.stringProblems);
      for (let k = cps.indexOf(sync); k < cps.length; k++) {
        const c = cps[k];
        c.pos += delta;
        c.records += dr;
        c.directives += dd;
        c.diagnostics += dg;
        c.stringProblems += ds;
        checkpoints.push(c);
      }
    }
    // The state at the end of the file: this parser's when it read to the end, else the old parse's.
    const firstOrigin = sync === null ? this.firstOrigin : prev.final.firstOrigin;
    const soaOwner = sync === null ? this.soaOwner : prev.final.soaOwner;
    const diagnostics = parserDiagnostics.slice();
    for (const p of [...parenProblems, ...stringProblems]) {
      diagnostics.push({
        code: p.code,
        severity: PARSE_CODES[p.code],
        message: p.message,
        file: 0,
        start: p.start,
        end: p.end,
      });
    }
    const result: ParseResult = {
      files: this.files,
      records,
      directives,
      diagnostics,
      origin: this.options.origin ?? firstOrigin ?? soaOwner,
      included: r.included,
    };
    const parse: ResumableParse = {
      result,
      checkpoints,
      parserDiagnostics,
      parenProblems,
      stringProblems,
      unmatched,
      includeReads: prev.includeReads,
      generated: prev.generated - countGenerated(removed) + countGenerated(this.records),
      resumable: true,
      options: prev.options,
      final: { firstOrigin, soaOwner },
    };
    return {
      parse,
      // (`from` itself may have been moved above, when the edit was inserted where it stands.)
      splice: { from: this.base.records, to: toRecord, removed, added: newCount, delta, oldEnd: edit.oldEnd },
    };
  }

  run(text: string): ParseResult {
    this.parseFile(this.options.fileName, text, this.options.fileKey ?? this.options.fileName);
    this.settleOwners();
    const { store, records } = this;
    store?.trim();
    return {
      files: this.files,
      get records() {
        return store === null ? records : store.records();
      },
      store: store ?? undefined,
      directives: this.directives,
      diagnostics: this.diagnostics,
      origin: this.options.origin ?? this.firstOrigin ?? this.soaOwner,
      included: this.included ?? undefined,
    };
  }

  private parseFile(name: string, text: string, key: string): void {
    const file = this.files.length;
    this.files.push({ name, text });
    this.includeStack.push(key);
    // Room for the owner names of the main file: one per 64 characters. Real zones have one per 30
    // to 200; a denser file grows the table once.
    if (file === 0) this.store?.names.reserve(text.length >> 6);
    const lexer = new Lexer(text);
    const checkpoints = file === 0 ? this.checkpoints : null;
    const outerBase = this.recordBase;
    if (checkpoints === null) {
      this.recordBase = fixedBase();
      for (let line = lexer.nextLine(); line !== null; line = lexer.nextLine()) this.line(file, line, text);
    } else {
      this.mainLexer = lexer;
      // A checkpoint every so many lines, and on each side of an `$INCLUDE`: a re-parse that
      // met one would start from scratch, and one that starts after it does not read it.
      let include = false;
      for (let lines = 0; ; lines++) {
        const pos = lexer.position;
        const problems = lexer.stringProblems.length;
        const marked = include || lines % CHECKPOINT_EVERY === 0;
        if (marked) this.markCheckpoint(checkpoints, pos, problems);
        const line = lexer.nextLine();
        if (line === null) break;
        include = isInclude(line, text);
        if (include && !marked) this.markCheckpoint(checkpoints, pos, problems);
        this.line(file, line, text);
      }
    }
    this.recordBase = outerBase;
    const parens = lexer.parenProblems();
    if (file === 0) {
      this.parserDiagnosticCount = this.diagnostics.length;
      this.mainParenProblems = parens;
    }
    for (const p of [...parens, ...lexer.stringProblems]) this.report(file, p.code, p.start, p.end, p.message);
    this.includeStack.pop();
  }

  /** One logical line: a directive or a record. */
  private line(file: number, line: Line, text: string): void {
    if (!line.blankOwner && !line.quoted(0) && text.charCodeAt(line.tokenStart(0)) === 0x24 /* $ */) {
      this.directive(file, { tokens: line.tokens(0), blankOwner: false, start: line.start, end: line.end });
    } else {
      this.record(file, line);
    }
  }

  private report(file: number, code: ParseCode, start: number, end: number, message: string): void {
    this.diagnostics.push({ code, severity: PARSE_CODES[code], message: clipMessage(message), file, start, end });
  }

  // --- directives ---------------------------------------------------------

  private directive(file: number, e: Entry): void {
    this.settleOwners();
    const [d, ...args] = e.tokens;
    const word = d.text.toUpperCase();
    switch (word) {
      case '$ORIGIN':
        return this.dirOrigin(file, e, d, args);
      case '$TTL':
        return this.dirTtl(file, e, d, args);
      case '$INCLUDE':
        return this.dirInclude(file, e, d, args);
      case '$GENERATE':
        return this.dirGenerate(file, e, d, args);
      default:
        this.report(
          file,
          'unknown-directive',
          d.start,
          d.end,
          `unknown directive '${d.text}': BIND knows $ORIGIN, $TTL, $INCLUDE and $GENERATE`,
        );
    }
  }

  private dirOrigin(file: number, e: Entry, d: Token, args: Token[]): void {
    if (args.length === 0) return this.report(file, 'syntax-error', d.start, d.end, '$ORIGIN needs a domain name');
    if (args.length > 1) return this.extra(file, args[1], e, '$ORIGIN');
    const r = parseName(args[0].text, this.origin);
    if (!r.ok) return this.report(file, r.code, args[0].start, args[0].end, r.message);
    this.origin = r.name;
    this.firstOrigin ??= r.name;
    this.originSinceOwner = this.hasOwner();
    this.directives.push({ file, name: '$ORIGIN', start: e.start, end: e.end, value: r.name });
  }

  private dirTtl(file: number, e: Entry, d: Token, args: Token[]): void {
    if (args.length === 0) return this.report(file, 'syntax-error', d.start, d.end, '$TTL needs a TTL value');
    if (args.length > 1) return this.extra(file, args[1], e, '$TTL');
    const r = parseTtl(args[0].text);
    if (!r.ok) return this.report(file, 'bad-ttl', args[0].start, args[0].end, r.message);
    this.defaultTtl = r.seconds;
    this.directives.push({ file, name: '$TTL', start: e.start, end: e.end });
  }

  private dirInclude(file: number, e: Entry, d: Token, args: Token[]): void {
    // Other files are read again only by a full parse (they may have changed, and they add files).
    if (this.resuming) throw new NotResumable();
    if (args.length === 0) return this.report(file, 'syntax-error', d.start, d.end, '$INCLUDE needs a file name');
    if (args.length > 2) return this.extra(file, args[2], e, '$INCLUDE');
    const pathTok = args[0];
    let includeOrigin = this.origin;
    if (args.length === 2) {
      const r = parseName(args[1].text, this.origin);
      if (!r.ok) return this.report(file, r.code, args[1].start, args[1].end, r.message);
      includeOrigin = r.name;
    }
    const directive: Directive = { file, name: '$INCLUDE', start: e.start, end: e.end };
    this.directives.push(directive);
    const read = this.options.readInclude;
    if (read === undefined) {
      return this.report(
        file,
        'include-denied',
        pathTok.start,
        pathTok.end,
        `$INCLUDE ${pathTok.text} was not read: no files can be read here`,
      );
    }
    const path = unescapeText(pathTok.text);
    if (this.files.length > MAX_INCLUDED_FILES) {
      // Past the limit nothing more is read at all: the work stays bounded.
      return this.report(
        file,
        'include-cycle',
        pathTok.start,
        pathTok.end,
        `$INCLUDE ${path} was not read: this zone already includes ${this.files.length - 1} files, the most one zone may include`,
      );
    }
    const got = read(path, this.files[file].name);
    this.includeReads.push({ path, fromFile: this.files[file].name, result: got });
    if (!got.ok) return this.report(file, got.code, pathTok.start, pathTok.end, got.message);
    const key = got.key ?? got.name;
    if (this.includeStack.includes(key)) {
      return this.report(
        file,
        'include-cycle',
        pathTok.start,
        pathTok.end,
        `$INCLUDE ${path} would include ${got.name} again while it is being read (a cycle): skipped`,
      );
    }
    if (this.includeStack.length >= (this.options.includeDepth ?? 16)) {
      return this.report(
        file,
        'include-cycle',
        pathTok.start,
        pathTok.end,
        `$INCLUDE nesting is deeper than ${this.options.includeDepth ?? 16} files: skipped`,
      );
    }
    if (this.includedChars + got.text.length > MAX_INCLUDED_CHARS) {
      return this.report(
        file,
        'include-cycle',
        pathTok.start,
        pathTok.end,
        `$INCLUDE ${path} was not read: the files this zone includes already hold ${this.includedChars} characters, and ${MAX_INCLUDED_CHARS} is the most`,
      );
    }
    this.includedChars += got.text.length;
    // RFC 1035 §5.1: an included file does not change the origin of the parent; BIND keeps the owner too.
    const savedOrigin = this.origin;
    const savedOwner = this.saveOwner();
    const savedFlag = this.originSinceOwner;
    this.origin = includeOrigin;
    directive.value = this.files.length;
    const outerRoot = this.includeRoot;
    this.includeRoot = outerRoot ?? directive;
    this.parseFile(got.name, got.text, key);
    this.includeRoot = outerRoot;
    this.origin = savedOrigin;
    this.restoreOwner(savedOwner);
    this.originSinceOwner = savedFlag;
  }

  private dirGenerate(file: number, e: Entry, d: Token, args: Token[]): void {
    this.directives.push({ file, name: '$GENERATE', start: e.start, end: e.end });
    if (args.length < 3) {
      return this.report(
        file,
        'syntax-error',
        d.start,
        e.end,
        '$GENERATE needs a range, an owner template, a type and an RDATA template',
      );
    }
    const [rangeTok, lhsTok] = args;
    const range = parseRange(rangeTok.text);
    if (typeof range === 'string') return this.report(file, 'syntax-error', rangeTok.start, rangeTok.end, range);
    const count = rangeCount(range);
    const limit = this.options.generateLimit ?? 65536;
    if (count > limit) {
      return this.report(
        file,
        'generate-too-large',
        rangeTok.start,
        rangeTok.end,
        `$GENERATE ${rangeTok.text} would make ${count} records; the limit is ${limit} (setting zonelens.generate.maxRecords)`,
      );
    }
    // Many directives under the limit could still make any number of records: the zone has a limit in all too.
    const total = GENERATED_IN_ALL * limit;
    if (this.resuming && this.generatedElsewhere + this.generated + count > total) throw new NotResumable();
    if (this.generated + count > total) {
      return this.report(
        file,
        'generate-too-large',
        rangeTok.start,
        rangeTok.end,
        `$GENERATE ${rangeTok.text} would take the records made by $GENERATE in this zone to ${this.generated + count}; the most is ${total}, ${GENERATED_IN_ALL} times the limit of one (setting zonelens.generate.maxRecords)`,
      );
    }
    const lhs = parseTemplate(lhsTok.text);
    if (typeof lhs === 'string') return this.report(file, 'syntax-error', lhsTok.start, lhsTok.end, lhs);
    // [ttl] [class] type rhs: the TTL and the class in either order (the record says what is wrong with
    // them), then the type, then the RDATA template as one word, as BIND reads it.
    const rest = args.slice(2);
    let type = 0;
    while (
      type < 2 &&
      type < rest.length - 1 &&
      !rest[type].quoted &&
      (looksLikeTtl(rest[type].text) || this.word(rest[type].text).cls !== undefined)
    )
      type++;
    if (type + 1 >= rest.length)
      return this.report(file, 'syntax-error', d.start, e.end, '$GENERATE needs a type and an RDATA template');
    const rhsTok = rest[type + 1];
    if (type + 2 < rest.length) {
      // BIND reads the template's words again from inside the quotes (a quoted word within would not survive).
      const words = rest.slice(type + 1);
      const inQuotes = words.some((t) => t.quoted) ? '' : `: "${words.map((t) => t.text).join(' ')}"`;
      return this.report(
        file,
        'syntax-error',
        rest[type + 2].start,
        words[words.length - 1].end,
        `$GENERATE takes its RDATA template as one word, and this one has ${words.length} (BIND refuses the zone: "extra input text"); write the template in quotes${inQuotes}`,
      );
    }
    const rhs = parseTemplate(rhsTok.text);
    if (typeof rhs === 'string') return this.report(file, 'syntax-error', rhsTok.start, rhsTok.end, rhs);
    const head = rest.slice(0, type + 1);
    for (let v = range.start; v <= range.stop; v += range.step) {
      if (!this.generateOne(file, lhsTok, lhs, head, rhsTok, rhs, v)) break;
      this.generated++;
    }
  }

  /** One `$GENERATE` iteration; false after a problem (reported once, not per iteration). */
  private generateOne(
    file: number,
    lhsTok: Token,
    lhs: Template,
    head: Token[],
    rhsTok: Token,
    rhs: Template,
    v: number,
  ): boolean {
    const before = this.diagnostics.length;
    for (const part of [...lhs, ...rhs]) {
      if (typeof part !== 'string' && v + part.offset > MAX_GENERATED) {
        const tok = lhs.includes(part) ? lhsTok : rhsTok;
        this.report(
          file,
          'syntax-error',
          tok.start,
          tok.end,
          `$GENERATE value ${v} + offset ${part.offset} is out of range (above ${MAX_GENERATED})`,
        );
        return false;
      }
    }
    const ownerTok: Token = { start: lhsTok.start, end: lhsTok.end, text: expand(lhs, v), quoted: false };
    const rdata = tokenize(expand(rhs, v)).map((t) => ({ ...t, start: rhsTok.start, end: rhsTok.end }));
    const entry: Entry = {
      tokens: [ownerTok, ...head, ...rdata],
      blankOwner: false,
      start: lhsTok.start,
      end: rhsTok.end,
    };
    const savedOwner = this.saveOwner();
    this.generating = v;
    this.record(file, new TokenLine(entry), true);
    this.restoreOwner(savedOwner); // BIND: $GENERATE does not change the current owner
    return this.diagnostics.length === before;
  }

  private extra(file: number, t: Token, e: Entry, what: string): void {
    this.report(file, 'syntax-error', t.start, e.end, `extra text after ${what}: '${t.text}'`);
  }

  // --- records --------------------------------------------------------------

  private record(file: number, line: Line, generated = false): void {
    const count = line.count;
    let i = 0;
    let ownerStart = line.start;
    let ownerEnd = line.start;
    if (line.blankOwner) {
      if (!this.hasOwner()) {
        return this.report(
          file,
          'syntax-error',
          line.tokenStart(0),
          line.tokenEnd(0),
          'this record has no owner name: the line starts with a blank and no owner came before it',
        );
      }
      const owner = this.originSinceOwner ? (this.ownerName() as string) : null;
      if (owner !== null && nameKey(owner) !== nameKey(this.origin ?? '')) {
        // BIND refuses this since 9.16: the reader may think the blank owner means the new origin.
        return this.report(
          file,
          'syntax-error',
          line.tokenStart(0),
          line.tokenEnd(0),
          `this record inherits the owner ${owner} from before the $ORIGIN ${this.origin ?? ''} above it: write the owner explicitly (BIND refuses the zone)`,
        );
      }
    } else {
      const start = line.tokenStart(0);
      const end = line.tokenEnd(0);
      i++;
      if (this.store !== null && !generated && !line.quoted(0) && this.repeatsPlainOwner(file, start, end)) {
        // The owner of the record before, written the same way (a zone in BIND's dump
        // format writes it on every line): it stands, as for a blank owner.
      } else if (
        this.store !== null &&
        !generated &&
        !line.quoted(0) &&
        isPlainName(this.files[file].text, start, end, this.origin)
      ) {
        // Kept where it is written (see `NameTable`): no string. Looked up
        // with the next few dozen new owners (`settleOwners`).
        const names = this.store.names;
        if (names.deferredFull) this.settleOwners();
        this.ownerId = names.defer(this.files[file].text, start, end, this.origin);
        this.ownerExact = true;
        this.owner = null;
        this.plainOwnerFile = file;
        this.plainOwnerStart = start;
        this.plainOwnerEnd = end;
        this.plainOwnerOrigin = this.origin;
      } else if (
        this.store === null &&
        this.lastOwnerText !== null &&
        this.origin === this.lastOwnerOrigin &&
        line.isWord(0, this.lastOwnerText)
      ) {
        this.owner = this.lastOwnerName;
      } else {
        if (line.quoted(0))
          return this.report(file, 'syntax-error', start, end, 'an owner name cannot be a quoted string');
        const ownerText = line.text(0);
        const r = parseName(ownerText, this.origin);
        if (!r.ok) return this.report(file, r.code, start, end, r.message);
        const owner = flat(r.name);
        this.plainOwnerFile = -1;
        this.lastOwnerText = ownerText;
        this.lastOwnerOrigin = this.origin;
        this.lastOwnerName = owner;
        if (this.store !== null) {
          // Ids in the order names first appear. (Settling gives the owner before its name: this one is set after.)
          this.settleOwners();
          this.ownerId = this.store.names.internName(owner);
          this.ownerExact = this.store.names.exact;
        }
        this.owner = owner;
      }
      ownerStart = start;
      ownerEnd = end;
      this.originSinceOwner = false;
    }

    // [ttl] [class] in either order, then the type.
    let ttl = -1;
    let ttlStart = -1;
    let ttlEnd = -1;
    let cls = -1;
    let classStart = -1;
    let classEnd = -1;
    // The words are read in place (`wordAt`): a record makes no string for its TTL, class or type.
    const source = this.files[file].text;
    for (let k = 0; k < 2 && i < count; k++) {
      if (line.quoted(i)) break;
      if (ttlStart < 0 && looksLikeTtl(source, line.tokenStart(i))) {
        // Plain seconds are read in place; units, and anything wrong, by `parseTtl`.
        ttl = plainTtl(source, line.tokenStart(i), line.tokenEnd(i));
        if (ttl < 0) {
          const r = parseTtl(line.text(i));
          if (!r.ok) return this.report(file, 'bad-ttl', line.tokenStart(i), line.tokenEnd(i), r.message);
          ttl = r.seconds;
        }
        ttlStart = line.tokenStart(i);
        ttlEnd = line.tokenEnd(i);
        i++;
        continue;
      }
      if (cls < 0) {
        const c = this.wordAt(source, line, i).cls;
        if (c !== undefined) {
          cls = c;
          classStart = line.tokenStart(i);
          classEnd = line.tokenEnd(i);
          i++;
          continue;
        }
      }
      break;
    }
    if (i >= count) {
      return this.report(
        file,
        'syntax-error',
        line.tokenStart(count - 1),
        line.tokenEnd(count - 1),
        'this record has no type (expected e.g. A, MX, TXT after the owner, TTL and class)',
      );
    }
    const typeIndex = i++;
    const typeStart = line.tokenStart(typeIndex);
    const typeEnd = line.tokenEnd(typeIndex);
    if (line.quoted(typeIndex)) {
      return this.report(file, 'syntax-error', typeStart, typeEnd, 'expected a record type here, not a quoted string');
    }
    if (looksLikeTtl(source, typeStart)) {
      return this.report(
        file,
        'syntax-error',
        typeStart,
        typeEnd,
        `expected a record type, not a second TTL '${line.text(typeIndex)}'`,
      );
    }
    const typeWord = this.wordAt(source, line, typeIndex);
    if (typeWord.cls !== undefined) {
      return this.report(
        file,
        'syntax-error',
        typeStart,
        typeEnd,
        `expected a record type, not a second class '${line.text(typeIndex)}'`,
      );
    }

    // Class: the zone's class is the first record's; BIND rejects any other.
    if (cls < 0) cls = this.zoneClass < 0 ? IN : this.zoneClass;
    if (this.zoneClass < 0) this.zoneClass = cls;
    else if (cls !== this.zoneClass) {
      return this.report(
        file,
        'class-mismatch',
        classStart,
        classEnd,
        `class ${className(cls)} differs from the zone's class ${className(this.zoneClass)}: one zone holds one class`,
      );
    }

    const code = typeWord.code;
    // The fields are read to check them; most records keep only where they are (see ZoneRecord).
    // MX records too: the MX checks read their two words in place (`MxEntry` in checks/mxSet.ts).
    const keepFields = generated || this.resuming;
    let type = code === undefined ? line.text(typeIndex).toUpperCase() : typeName(code);
    /** Null when the RDATA was checked in place and no fields were read. */
    let fields: RdataField[] | null;
    let namesComplete = false;
    if (code === undefined) {
      this.report(
        file,
        'unknown-type',
        typeStart,
        typeEnd,
        `unknown record type '${line.text(typeIndex)}': the record is kept but not checked`,
      );
      fields = rawFields(line.tokens(i));
    } else if (!keepFields && this.validInPlace(file, code, line, i)) {
      fields = null;
      namesComplete = NAMES_READ.has(code) && this.namesComplete(this.files[file].text, line, i);
    } else if (isMetaType(code)) {
      return this.report(
        file,
        'syntax-error',
        typeStart,
        typeEnd,
        `${type} is a meta type used in queries: it cannot appear in a zone`,
      );
    } else {
      const parsed = this.rdata(file, code, type, line.tokens(i), line.end);
      if (parsed === null) return;
      fields = parsed;
      type = typeName(code);
    }

    // TTL, as BIND's loader decides it.
    if (ttlStart >= 0) {
      this.lastTtl = ttl;
    } else if (this.defaultTtl >= 0) {
      ttl = this.defaultTtl;
    } else if (this.lastTtl >= 0) {
      ttl = this.lastTtl;
    } else if (code === 6) {
      // BIND: an SOA with no TTL anywhere before it makes its minimum the default TTL; a minimum
      // above 2^31 - 1 counts as 0 there (RFC 2181 §8), as an explicit TTL that large would.
      const minimum = fields?.find((f) => f.role === 'minimum')?.num ?? 0;
      ttl = minimum > MAX_TTL ? 0 : minimum;
      this.defaultTtl = ttl;
    } else {
      this.report(
        file,
        'missing-ttl',
        typeStart,
        typeEnd,
        'this record has no TTL: give it one, or put $TTL at the top of the file (BIND rejects the zone)',
      );
      ttl = 0;
    }

    if (code === 6) this.soaOwner ??= this.ownerName();
    // One header object, filled again for each record: the record copies it (see `header`).
    const header = this.header;
    header.file = file;
    // Into a store: the name's id, and the string only where the name is written otherwise than first.
    header.owner = this.store === null || !this.ownerExact ? (this.ownerName() as string) : '';
    header.ownerId = this.ownerId;
    header.ownerStart = ownerStart;
    header.ownerEnd = ownerEnd;
    header.ttl = ttl;
    header.ttlStart = ttlStart;
    header.ttlEnd = ttlEnd;
    header.classCode = cls;
    header.classStart = classStart;
    header.classEnd = classEnd;
    header.type = type;
    header.typeCode = code ?? -1;
    header.typeStart = typeStart;
    header.typeEnd = typeEnd;
    header.start = ownerStart < line.tokenStart(0) ? line.tokenStart(0) : ownerStart;
    header.end = line.end;
    header.generated = generated;
    header.namesComplete = namesComplete;
    const rdata = keepFields ? (fields as RdataField[]) : this.rdataSource(file);
    const rdataStart = keepFields ? -1 : i < count ? line.tokenStart(i) : line.end;
    if (this.store !== null) this.store.add(header, rdata, rdataStart);
    else {
      const record = ZoneRecord.read(this.rows, header, this.recordBase, rdata, rdataStart);
      if (generated) record.generatedValue = this.generating;
      this.records.push(record);
      if (this.includeRoot !== null) this.included?.add(record, this.includeRoot);
    }
  }

  /** True once some record has given an owner name that a blank owner repeats. */
  private hasOwner(): boolean {
    return this.owner !== null || this.ownerId !== -1;
  }

  /** The current owner as a string: made from the store's names when it was kept in the text. */
  private ownerName(): string | null {
    this.settleOwners();
    if (this.owner !== null || this.store === null || this.ownerId < 0) return this.owner;
    return this.store.names.name(this.ownerId);
  }

  /**
   * Looks up the owners the names' table took to look up later (see
   * `NameTable.defer`), the current one among them: before anything that
   * needs its id or its name, or would read the table under another origin.
   */
  private settleOwners(): void {
    const store = this.store;
    if (store === null || store.names.deferred === 0) return;
    store.settleOwners();
    if (this.ownerId < -1) {
      const names = store.names;
      this.ownerExact = names.settledExact(this.ownerId);
      this.owner = this.ownerExact ? null : names.settledName(this.ownerId);
      this.ownerId = names.settledId(this.ownerId);
    }
  }

  /**
   * True when the owner written at `start`..`end` of `file` is the current
   * owner written the same way, under the same origin: a plain name kept in
   * place, compared character for character (no hash, no look-up).
   */
  private repeatsPlainOwner(file: number, start: number, end: number): boolean {
    const from = this.plainOwnerStart;
    if (this.plainOwnerFile !== file || this.plainOwnerEnd - from !== end - start) return false;
    if (this.plainOwnerOrigin !== this.origin) return false;
    const text = this.files[file].text;
    for (let k = 0; k < end - start; k++) if (text.charCodeAt(start + k) !== text.charCodeAt(from + k)) return false;
    return true;
  }

  private saveOwner(): OwnerState {
    return { owner: this.owner, id: this.ownerId, exact: this.ownerExact };
  }

  private restoreOwner(s: OwnerState): void {
    this.owner = s.owner;
    this.ownerId = s.id;
    this.ownerExact = s.exact;
  }

  /**
   * True when the RDATA, tokens `i` on, is valid for type `code` as checked
   * in place by the type's `validWord` (one unquoted word: A, AAAA, CNAME…)
   * or `validTokens` (TXT, SRV…): the fields need not be read, for they are not
   * kept. False: read them (which reports what is wrong, if anything).
   */
  private validInPlace(file: number, code: number, line: Line, i: number): boolean {
    const type = rdataTypeByCode(code);
    if (type === undefined) return false;
    const text = this.files[file].text;
    if (type.validWord !== undefined) {
      return (
        i === line.count - 1 &&
        !line.quoted(i) &&
        type.validWord(text, line.tokenStart(i), line.tokenEnd(i), this.origin)
      );
    }
    return type.validTokens !== undefined && type.validTokens(text, line, i, this.origin);
  }

  /**
   * `RecordHeader.namesComplete` for the RDATA, tokens `i` on, of `line`,
   * checked in place: each word is absolute or has no dot, and the origin
   * has two labels or more when one has none.
   */
  private namesComplete(text: string, line: Line, i: number): boolean {
    let dotless = false;
    for (let k = i; k < line.count; k++) {
      const start = line.tokenStart(k);
      const end = line.tokenEnd(k);
      if (line.quoted(k)) return false;
      if (text.charCodeAt(end - 1) === 0x2e) continue;
      // A dot inside, not at the end: a relative name of several labels.
      for (let p = start; p < end; p++) if (text.charCodeAt(p) === 0x2e) return false;
      dotless = true;
    }
    if (!dotless) return true;
    if (this.labelledOrigin !== this.origin) {
      this.labelledOrigin = this.origin;
      this.originLabels = this.origin === null ? 0 : nameLabels(this.origin).length;
    }
    return this.originLabels >= 2;
  }

  /** What the records read now read their RDATA again from: one object while file and origin stay. */
  private rdataSource(file: number): RdataSource {
    const text = this.files[file].text;
    const last = this.lastSource;
    if (last !== null && last.text === text && last.origin === this.origin) return last;
    return (this.lastSource = { text, origin: this.origin });
  }

  /** Reads RDATA of a known type (directly, or from RFC 3597 generic data); null after reporting a problem. */
  private rdata(file: number, code: number, type: string, toks: Token[], endOffset: number): RdataField[] | null {
    try {
      if (rdataType(type) === undefined && !isGenericRdata(code, toks)) {
        const t = toks[0];
        this.report(
          file,
          'unknown-type',
          t === undefined ? endOffset : t.start,
          t === undefined ? endOffset : toks[toks.length - 1].end,
          `ZoneLens does not read ${type} data yet: the record is kept as written and not checked`,
        );
      }
      return readRdata(code, type, toks, this.origin, endOffset);
    } catch (err) {
      if (err instanceof RdataError) {
        this.report(file, err.code, err.start, err.end, err.message);
        return null;
      }
      throw err;
    }
  }

  /**
   * `word` of token `i`, read in place: a word of at most five letters,
   * digits and hyphens (every common class and type) is looked up by its
   * characters packed into one number (`packWord`), with no string made.
   */
  private wordAt(source: string, line: Line, i: number): WordInfo {
    const key = packWord(source, line.tokenStart(i), line.tokenEnd(i));
    if (key < 0) return this.word(line.text(i));
    let w = this.packedWords.get(key);
    if (w === undefined) {
      if (this.packedWords.size > 10_000) this.packedWords.clear();
      w = this.word(line.text(i));
      this.packedWords.set(key, w);
    }
    return w;
  }

  /** The class and type codes a word names (`IN`, `mx`, `TYPE65280`), cached by its text. */
  private word(text: string): WordInfo {
    let w = this.words.get(text);
    if (w === undefined) {
      // Bounded, for a file that spells TYPE<n> a million ways.
      if (this.words.size > 10_000) this.words.clear();
      w = { cls: classCode(text), code: typeCode(text) };
      this.words.set(text, w);
    }
    return w;
  }
}

/** The current owner, as `$INCLUDE` and `$GENERATE` put it back (see `Parser.owner`). */
interface OwnerState {
  owner: string | null;
  id: number;
  exact: boolean;
}

/** The class and type a word in the record header can name. */
interface WordInfo {
  cls: number | undefined;
  code: number | undefined;
}

/** Longest diagnostic message: messages quote the token at fault, and a token can be megabytes long. */
const MAX_MESSAGE = 400;

/** How many of `records` `$GENERATE` made. */
function countGenerated(records: readonly ZoneRecord[]): number {
  let n = 0;
  for (const r of records) if (r.generated) n++;
  return n;
}

/** True when `line` (of `text`) is an `$INCLUDE` directive. */
function isInclude(line: Line, text: string): boolean {
  if (line.blankOwner || line.quoted(0)) return false;
  const start = line.tokenStart(0);
  return line.tokenEnd(0) - start === 8 && text.slice(start, start + 8).toUpperCase() === '$INCLUDE';
}

/** The message with the middle of an over-long one left out (its start and its end say what is wrong). */
function clipMessage(message: string): string {
  if (message.length <= MAX_MESSAGE) return message;
  let head = 200;
  let tail = message.length - 100;
  // Do not split a surrogate pair.
  if (isHighSurrogate(message.charCodeAt(head - 1))) head--;
  if (isHighSurrogate(message.charCodeAt(tail - 1))) tail--;
  return `${message.slice(0, head)}…(${tail - head} characters left out)…${message.slice(tail)}`;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** A file name token with `\X` escapes removed. */
function unescapeText(s: string): string {
  return s.includes('\\')
    ? s.replace(/\\(\d{3}|.)/g, (_, x: string) => (x.length === 3 ? String.fromCharCode(Number(x)) : x))
    : s;
}

/** A `$GENERATE` iteration's tokens (text made by expansion, not in the file) read as a `Line`. */
class TokenLine implements Line {
  readonly count: number;
  readonly blankOwner: boolean;
  readonly start: number;
  readonly end: number;

  constructor(private readonly entry: Entry) {
    this.count = entry.tokens.length;
    this.blankOwner = entry.blankOwner;
    this.start = entry.start;
    this.end = entry.end;
  }

  tokenStart(i: number): number {
    return this.entry.tokens[i].start;
  }

  tokenEnd(i: number): number {
    return this.entry.tokens[i].end;
  }

  quoted(i: number): boolean {
    return this.entry.tokens[i].quoted;
  }

  text(i: number): string {
    return this.entry.tokens[i].text;
  }

  isWord(i: number, s: string): boolean {
    const t = this.entry.tokens[i];
    return !t.quoted && t.text === s;
  }

  tokens(from: number): Token[] {
    return this.entry.tokens.slice(from);
  }
}
