import { room } from './arrays';
import { flat, isEscaped, isSubdomainKey, nameKey, parentAt, ROOT } from './names';
import { ParentRuns } from './namesBelow';

/**
 * The owner names of a parse, each kept once and known by a number (its id,
 * in the order names first appear), with the table that finds a name's id
 * from its key (`nameKey`).
 *
 * A name written plainly in the file (host-name characters, see
 * `isPlainName`) is kept where it stands: its place in the text and the
 * origin it was read under. Its hash is read in place, lower-cased, with the
 * origin's hash appended (a polynomial hash, so the origin's part is one
 * multiplication), and it is compared in place too: no string is made for it
 * unless someone asks for its key or its name. A large zone has a new owner
 * every record or two, and those strings (the token, the token with a dot,
 * the origin appended: about 40 bytes each) were most of what the young
 * generation's collections copied while a zone was read. Any other name
 * (`@`, escapes, `$GENERATE`'s) is kept as the string `parseName` made.
 *
 * Names are never taken out; ids stay valid for the parse's life.
 */
export class NameTable {
  /** How many names there are. */
  count = 0;
  /** Whether the name last looked up (by `internName`, or last in `settle`) was found written exactly as first (case and origin as written included). */
  exact = true;

  /** Where a name written in the text starts; -1 for a name kept as a string. */
  private starts = new Int32Array(1024);
  /**
   * How a name written in the text reads (see `place`): its length, whether
   * it is relative (the origin follows), and the context (text, origin) it
   * was read in, an index into `contexts`. One number, not three arrays.
   */
  private places = new Int32Array(1024);
  private readonly contexts: Context[] = [];
  /** The contexts by origin (a file with a thousand `$ORIGIN`s has a thousand). */
  private readonly byOrigin = new Map<string | null, Context[]>();
  private lastContext: Context | undefined;
  /**
   * The names kept as strings, as written (absolute), and those kept in the
   * text that were asked for: made once, so that the records and RRsets of
   * one name share one string.
   */
  private readonly strings = new Map<number, string>();
  /**
   * Two numbers per slot: id + 1 (0 when empty) and the name's hash, so that
   * a probe reads one place of memory, not two. The slots are a power of
   * two, at most half full.
   */
  private slots = new Int32Array(2 * 2048);
  /** The sum of the slots `settle` read ahead (kept, so that the reads are not left out). */
  private touched = 0;

  // The names `defer` took (see `settle`), and what `settle` found.
  private deferredCount = 0;
  private readonly deferredStarts = new Int32Array(DEFER_MAX);
  private readonly deferredEnds = new Int32Array(DEFER_MAX);
  private readonly deferredHashes = new Int32Array(DEFER_MAX);
  private readonly deferredContexts: Context[] = [];
  private readonly settledIds = new Int32Array(DEFER_MAX);
  private readonly settledExacts = new Uint8Array(DEFER_MAX);

  /**
   * `maxContext`: the last context index a name's place holds (see
   * `place`); names read in a context past it are kept as strings. Tests
   * lower it; a parse has no reason to.
   */
  constructor(private readonly maxContext = MAX_CONTEXT) {}

  /**
   * Room for `names` names (at most `RESERVE_MAX`: a guess must not take
   * memory that a file of a few long records never uses), so that the
   * table is not made again step by step as it fills (each step puts every
   * name in again).
   */
  reserve(names: number): void {
    let size = this.slots.length;
    while (8 * Math.min(names, RESERVE_MAX) > 3 * size) size *= 2;
    if (size > this.slots.length) this.resize(size);
  }

  /** Gives back the room that the arrays grew by and no name took: for when a parse is over. */
  trim(): void {
    this.starts = this.starts.slice(0, this.count);
    this.places = this.places.slice(0, this.count);
  }

  /**
   * Takes the name written as `text.slice(start, end)` under `origin`, which
   * `isPlainName` accepts, to be looked up later, with others, by `settle`; gives
   * the number that stands for its id until then (-2 or less). A look-up of
   * a new name misses the cache (the slots of a large zone take tens of
   * megabytes); in a batch, the slots are read first in a loop of their own,
   * where the misses overlap instead of following one another. Room for
   * `DEFER_MAX`: settle when `deferredFull`.
   */
  defer(text: string, start: number, end: number, origin: string | null): number {
    const k = this.deferredCount++;
    this.deferredStarts[k] = start;
    this.deferredEnds[k] = end;
    this.deferredContexts[k] = this.context(text, origin);
    return -2 - k;
  }

  /** How many names wait for `settle`. */
  get deferred(): number {
    return this.deferredCount;
  }

  get deferredFull(): boolean {
    return this.deferredCount === DEFER_MAX;
  }

  /**
   * Looks up (or adds) the names `defer` took, in the order they were taken:
   * the same ids as look-ups one at a time. `settledId`, `settledExact` and
   * `settledName` answer for them until the next `defer`.
   */
  settle(): void {
    const n = this.deferredCount;
    const starts = this.deferredStarts;
    const ends = this.deferredEnds;
    const contexts = this.deferredContexts;
    const hashes = this.deferredHashes;
    for (let k = 0; k < n; k++) hashes[k] = hashAt(starts[k], ends[k], contexts[k]);
    const slots = this.slots;
    const mask = slots.length - 2;
    let sum = 0;
    for (let k = 0; k < n; k++) sum += slots[(hashes[k] << 1) & mask];
    this.touched = sum;
    for (let k = 0; k < n; k++) {
      this.settledIds[k] = this.internAt(starts[k], ends[k], contexts[k], hashes[k]);
      this.settledExacts[k] = this.exact ? 1 : 0;
    }
    this.deferredCount = 0;
  }

  /** The id of the name `deferred` (a number `defer` gave) stands for, once settled. */
  settledId(deferred: number): number {
    return this.settledIds[-2 - deferred];
  }

  /** Whether the name `deferred` stands for was written exactly as first (see `exact`). */
  settledExact(deferred: number): boolean {
    return this.settledExacts[-2 - deferred] === 1;
  }

  /** The name `deferred` stands for, as written there (absolute). */
  settledName(deferred: number): string {
    const k = -2 - deferred;
    const c = this.deferredContexts[k];
    return written(
      c,
      this.deferredStarts[k],
      this.deferredEnds[k] - this.deferredStarts[k],
      c.text.charCodeAt(this.deferredEnds[k] - 1) !== 0x2e,
    );
  }

  /** The id of the name written at `start`..`end` in `context`, of hash `h` (one is added if new). */
  private internAt(start: number, end: number, context: Context, h: number): number {
    const text = context.text;
    const relative = text.charCodeAt(end - 1) !== 0x2e;
    const suffix = relative ? context.suffix : '';
    const slots = this.slots;
    const mask = slots.length - 2;
    for (let i = (h << 1) & mask; ; i = (i + 2) & mask) {
      const slot = slots[i];
      if (slot === 0) break;
      if (slots[i + 1] !== h) continue;
      const same = this.sameAsWritten(slot - 1, start, end, suffix, context);
      if (same < 0) continue;
      this.exact = same === 1;
      return slot - 1;
    }
    // Past the contexts a place can number (millions of `$ORIGIN`s), a name is kept as a string.
    if (context.index > this.maxContext) return this.internName(written(context, start, end - start, relative));
    const id = this.add(h);
    this.starts[id] = start;
    this.places[id] = place(end - start, relative, context.index);
    return id;
  }

  /** The id of `name` (absolute, as `parseName` gives it; one is added if new). Sets `exact`. */
  internName(name: string): number {
    const key = nameKey(name);
    const h = hashKey(key);
    const found = this.find(key, h);
    if (found >= 0) {
      this.exact = this.name(found) === name;
      return found;
    }
    const id = this.add(h);
    this.starts[id] = -1;
    this.strings.set(id, name);
    return id;
  }

  /** The id of the name of `key` (a `nameKey`; `h` is `hashKey(key)`), or -1. */
  find(key: string, h: number): number {
    const slots = this.slots;
    const mask = slots.length - 2;
    for (let i = (h << 1) & mask; ; i = (i + 2) & mask) {
      const slot = slots[i];
      if (slot === 0) return -1;
      if (slots[i + 1] === h && this.hasKey(slot - 1, key)) return slot - 1;
    }
  }

  /** Name `id` as first written, absolute. */
  name(id: number): string {
    let name = this.strings.get(id);
    if (name === undefined) {
      const p = this.places[id];
      name = written(this.contexts[contextIndex(p)], this.starts[id], lengthOf(p), isRelative(p));
      this.strings.set(id, name);
    }
    return name;
  }

  /** The key (`nameKey`) of name `id`: `name(id)` itself when that is lower case. */
  key(id: number): string {
    return nameKey(this.name(id));
  }

  /** True when name `id` is a wildcard (`*.…`), read in place. */
  isWildcard(id: number): boolean {
    const start = this.starts[id];
    if (start < 0) return this.key(id).startsWith('*.');
    const p = this.places[id];
    const text = this.contexts[contextIndex(p)].text;
    if (text.charCodeAt(start) !== 0x2a /* * */) return false;
    return lengthOf(p) > 1 ? text.charCodeAt(start + 1) === 0x2e : isRelative(p);
  }

  /**
   * `isSubdomainKey(key(id), ancestor)` without a string for a name kept in
   * place: a relative name whose origin lies under `ancestor` is under it,
   * any other is compared where it is written.
   */
  isUnder(id: number, ancestor: string): boolean {
    const start = this.starts[id];
    if (start < 0) return isSubdomainKey(this.key(id), ancestor);
    const p = this.places[id];
    const c = this.contexts[contextIndex(p)];
    if (!isRelative(p)) return keyIsUnder(c.text, start, lengthOf(p), '', ancestor);
    if (c.under !== ancestor) {
      c.under = ancestor;
      c.isUnder = c.originKey !== ROOT && isSubdomainKey(c.originKey, ancestor);
    }
    return c.isUnder || keyIsUnder(c.text, start, lengthOf(p), c.suffix, ancestor);
  }

  /**
   * The parents of the names of `ids` (the root and the names just below it
   * left out), as `parentsOfKeys` finds them from the names' keys, without
   * making and keeping a key per name: a parent is read in place (a
   * one-label relative name's parent is its origin), its key made once a run
   * of names that share it.
   */
  parentsOf(ids: Iterable<number>): ParentRuns {
    const parents = new ParentRuns();
    // The parent read last, as written in its text with the suffix after it, and its key: names
    // that share a parent come in runs (a zone in BIND's dump format writes every owner absolute).
    let last = { text: '', written: '', suffix: '', key: '' };
    for (const id of ids) {
      const start = this.starts[id];
      if (start < 0) {
        const key = this.key(id);
        const at = parentAt(key);
        if (at >= 0) parents.add(key.slice(at));
        continue;
      }
      const p = this.places[id];
      const c = this.contexts[contextIndex(p)];
      const end = start + lengthOf(p);
      // A name kept in place is plain (no escapes): its first dot ends its first label.
      let dot = start;
      while (dot < end && c.text.charCodeAt(dot) !== 0x2e) dot++;
      const relative = isRelative(p);
      if (relative && dot >= end) {
        if (c.originKey !== ROOT) parents.add(c.originKey);
        continue;
      }
      if (dot + 1 >= end) continue; // an absolute name just below the root
      const suffix = relative ? c.suffix : '';
      const same =
        last.text === c.text &&
        last.suffix === suffix &&
        last.written.length === end - dot - 1 &&
        c.text.startsWith(last.written, dot + 1);
      if (!same) {
        const written = c.text.slice(dot + 1, end);
        last = { text: c.text, written, suffix, key: nameKey(written) + suffix };
      }
      parents.add(last.key);
    }
    return parents;
  }

  /** True when name `id` has the key `key`, compared in place. */
  private hasKey(id: number, key: string): boolean {
    const start = this.starts[id];
    if (start < 0) return this.key(id) === key;
    const p = this.places[id];
    const len = lengthOf(p);
    const c = this.contexts[contextIndex(p)];
    const suffix = isRelative(p) ? c.suffix : '';
    if (len + suffix.length !== key.length) return false;
    const text = c.text;
    for (let i = 0; i < len; i++) if (lower(text.charCodeAt(start + i)) !== key.charCodeAt(i)) return false;
    return suffix.length === 0 || key.startsWith(suffix, len);
  }

  /**
   * How name `id` compares with the one written at `start`..`end` in
   * `context`'s text, then `suffix` (the key's suffix of `context`, or ''
   * when absolute): -1 another name, 0 the same name written otherwise
   * (case, or the origin as written), 1 written the same.
   */
  private sameAsWritten(id: number, start: number, end: number, suffix: string, context: Context): number {
    const text = context.text;
    const at = this.starts[id];
    const len = end - start;
    if (at >= 0) {
      const p = this.places[id];
      const c = this.contexts[contextIndex(p)];
      // The common case: the same text before the origin, and the same origin.
      if (lengthOf(p) === len && (isRelative(p) ? c.suffix : '') === suffix) {
        let exact = suffix.length === 0 || c.writtenSuffix === context.writtenSuffix;
        const other = c.text;
        for (let i = 0; i < len; i++) {
          const a = text.charCodeAt(start + i);
          const b = other.charCodeAt(at + i);
          if (a === b) continue;
          if (lower(a) !== lower(b)) return -1;
          exact = false;
        }
        return exact ? 1 : 0;
      }
    }
    // Written at another place of the labels, or kept as a string: compare with the name itself.
    const name = this.name(id);
    const written = suffix.length === 0 ? '' : context.writtenSuffix;
    if (len + written.length !== name.length) return -1;
    let exact = true;
    for (let i = 0; i < name.length; i++) {
      const a = i < len ? text.charCodeAt(start + i) : written.charCodeAt(i - len);
      const b = name.charCodeAt(i);
      if (a === b) continue;
      if (lower(a) !== lower(b)) return -1;
      exact = false;
    }
    return exact ? 1 : 0;
  }

  private add(h: number): number {
    const id = this.count++;
    if (id === this.starts.length) {
      this.starts = room(this.starts, id);
      this.places = room(this.places, id);
    }
    // `slots` holds two numbers a slot: at most three quarters full.
    if (8 * this.count > 3 * this.slots.length) this.resize(this.slots.length * 2);
    this.slotIn(id, h);
    this.exact = true;
    return id;
  }

  /**
   * Makes the slots `size` numbers long and puts every name in again, its id
   * and hash read from the old slots (the hashes are kept nowhere else).
   */
  private resize(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(size);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0) this.slotIn(old[i] - 1, old[i + 1]);
  }

  private slotIn(id: number, h: number): void {
    const slots = this.slots;
    const mask = slots.length - 2;
    let i = (h << 1) & mask;
    while (slots[i] !== 0) i = (i + 2) & mask;
    slots[i] = id + 1;
    slots[i + 1] = h;
  }

  /** The context of names written in `text` under `origin`: the last one, usually. */
  private context(text: string, origin: string | null): Context {
    const last = this.lastContext;
    if (last !== undefined && last.text === text && last.origin === origin) return last;
    const c = this.findContext(text, origin);
    this.lastContext = c;
    return c;
  }

  private findContext(text: string, origin: string | null): Context {
    let list = this.byOrigin.get(origin);
    if (list === undefined) this.byOrigin.set(origin, (list = []));
    for (const c of list) if (c.text === text) return c;
    const c = new Context(this.contexts.length, text, origin);
    this.contexts.push(c);
    list.push(c);
    return c;
  }
}

/**
 * The parents of `count` keys (`keyAt(0)` on), the root and the names just
 * below it left out. Names that share a parent come in runs: a parent's key
 * is made once a run.
 */
export function parentsOfKeys(count: number, keyAt: (i: number) => string): ParentRuns {
  const parents = new ParentRuns();
  let parent = '';
  for (let i = 0; i < count; i++) {
    const key = keyAt(i);
    const at = parentAt(key);
    if (at < 0) continue; // the root, or a name just below it
    if (key.length - at !== parent.length || !key.startsWith(parent, at)) parent = key.slice(at);
    parents.add(parent);
  }
  return parents;
}

/** Where names are written: a file's text and the origin that completes the relative ones there. */
class Context {
  /** What a relative name's key has after its text: `.` and the origin's key (`.` alone under the root). */
  readonly suffix: string;
  /** `suffix` as the origin was written. */
  readonly writtenSuffix: string;
  readonly originKey: string;
  /** The hash of `suffix`, and the factor a name's hash is multiplied by before it is added (`P` to the suffix's length). */
  readonly hash: number;
  readonly scale: number;
  /** The ancestor `isUnder` last asked about, and whether the origin lies under it. */
  under: string | null = null;
  isUnder = false;

  constructor(
    /** Its place in `NameTable.contexts`. */
    readonly index: number,
    readonly text: string,
    readonly origin: string | null,
  ) {
    // A relative name is only read under an origin (`isPlainName`); null gives no suffix to use.
    this.originKey = origin === null ? '' : nameKey(origin);
    this.writtenSuffix = origin === null || origin === ROOT ? '.' : '.' + origin;
    this.suffix = nameKey(this.writtenSuffix);
    this.hash = polynomial(this.suffix);
    let scale = 1;
    for (let i = 0; i < this.suffix.length; i++) scale = Math.imul(scale, P);
    this.scale = scale;
  }
}

// A name's place (`NameTable.places`): its length times 2, plus 1 when it is
// relative, in the low bits (a plain name is at most 254 characters), and its
// context's index above them.
const CONTEXT_SHIFT = 9;
/** The last context index a place can hold (`>>>` reads it unsigned). */
const MAX_CONTEXT = 2 ** (32 - CONTEXT_SHIFT) - 1;

function place(length: number, relative: boolean, context: number): number {
  return (context << CONTEXT_SHIFT) | (length << 1) | (relative ? 1 : 0);
}

function lengthOf(place: number): number {
  return (place & ((1 << CONTEXT_SHIFT) - 1)) >> 1;
}

function isRelative(place: number): boolean {
  return (place & 1) === 1;
}

function contextIndex(place: number): number {
  return place >>> CONTEXT_SHIFT;
}

/** A name written in the text as a string: `length` characters at `start` in `c`'s text, then the origin as written if `relative`. */
function written(c: Context, start: number, length: number, relative: boolean): string {
  const text = c.text.slice(start, start + length);
  return flat(relative ? text + c.writtenSuffix : text);
}

/** The hash of the name written at `start`..`end` in `context`'s text: `hashKey` of its key, read in place. */
function hashAt(start: number, end: number, context: Context): number {
  const text = context.text;
  let h = 0;
  for (let i = start; i < end; i++) h = (Math.imul(h, P) + lower(text.charCodeAt(i))) | 0;
  if (text.charCodeAt(end - 1) !== 0x2e) h = (Math.imul(h, context.scale) + context.hash) | 0;
  return mix(h);
}

/** How many names `defer` takes before they must be settled. */
const DEFER_MAX = 64;

/** The most names `reserve` makes room for (their slots take 16 MB). */
const RESERVE_MAX = 1 << 20;

/**
 * The multiplier of the names' polynomial hash, drawn once per process.
 *
 * With a multiplier known in advance, a zone can be written whose names all
 * share one hash (two short labels of equal hash, then every string of them),
 * and every look-up in the tables becomes a scan: a hang on a million names.
 * Drawn at random, it leaves only collisions that hold for every multiplier:
 * the known ones (Thue–Morse strings of two characters 64 apart, with dots
 * between) need 64 to 128 characters a block, so among names of at most 255
 * octets only a handful share a hash. Nothing depends on the multiplier but
 * where names lie in the slots, and no output reads them in slot order.
 */
const P = drawMultiplier();

/** An odd 32-bit multiplier with neither few nor many bits set (1, or 2³¹ + 1, would hash badly). */
function drawMultiplier(): number {
  for (;;) {
    const p = (Math.random() * 0x100000000) | 1;
    let bits = 0;
    for (let v = p >>> 0; v !== 0; v >>>= 1) bits += v & 1;
    if (bits >= 12 && bits <= 20) return p;
  }
}

/** The hash of a name's key (`nameKey`), the same as `NameTable` reads in place. */
export function hashKey(key: string): number {
  return mix(polynomial(key));
}

/** The polynomial hash of `s`, before `mix`: each character added to the hash so far times `P`. */
function polynomial(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, P) + s.charCodeAt(i)) | 0;
  return h;
}

/** Spreads a polynomial hash's bits (MurmurHash3's finalizer): its low bits pick the slot. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * `isSubdomainKey(key, ancestor)` for the key of a plain name kept in place:
 * `text.slice(start, start + length)` lower-cased, then `suffix`. A plain
 * name has no escapes, so every dot ends a label.
 */
function keyIsUnder(text: string, start: number, length: number, suffix: string, ancestor: string): boolean {
  // From the end: the ancestor's characters that fall in the suffix, then those in the text.
  let k = length + suffix.length - 1;
  let j = ancestor.length - 1;
  if (k < j) return false;
  for (; j >= 0 && k >= length; k--, j--) if (suffix.charCodeAt(k - length) !== ancestor.charCodeAt(j)) return false;
  for (; j >= 0; k--, j--) if (lower(text.charCodeAt(start + k)) !== ancestor.charCodeAt(j)) return false;
  // All of the key, or the ancestor after a dot: in the text (plain, no escapes), or in the suffix,
  // where the origin may escape it (`a\.example.com.` is not below `example.com.`).
  if (k < 0) return true;
  if (k < length) return text.charCodeAt(start + k) === 0x2e;
  return suffix.charCodeAt(k - length) === 0x2e && !isEscaped(suffix, k - length);
}

/** ASCII lower case (names kept in the text are ASCII; `nameKey` does the same to them). */
function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 32 : c;
}
