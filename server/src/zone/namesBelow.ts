// Which names have owners below them: an empty non-terminal exists (RFC 4592
// §2.2.2), and a wildcard applies only below the closest name that exists.
//
// A name has owners below it when it is the parent of an owner or an
// ancestor of such a parent. So this keeps the owners' parents only, each
// with how many owners it has, written from the top label down (`topDown`:
// each label after its length, as in a DNS message but in the other order)
// and sorted. In that form an ancestor's is a prefix of its descendants',
// and the sort puts a name's descendants right after it: a name has owners
// below it when its own form starts the first form not sorted before it.
//
// Counting every ancestor of every owner in a map would be simpler, but a
// reverse zone of IPv6 addresses (`ip6.arpa`, a label per nibble) has some
// twenty ancestors per owner, few of them shared: a million owners have
// some 19 million ancestors, and that map took 15 s and 2 GB. Parents are
// at most one per owner, and usually a handful for a whole zone.

import { parentAt, ROOT } from './names';

/**
 * The sorted top-down forms of the owners' parents (the root left out: a
 * name just below it has no parent here), and how many owners each has,
 * kept up to date as owners come and go.
 */
export class NamesBelow {
  private forms: string[];
  private counts: number[];
  /** Owners' parents (top-down forms) whose counts changed since the last question: the change. */
  private readonly pending = new Map<string, number>();

  /** `parents`: the owners' parents, as the owners come. */
  constructor(parents: ParentRuns) {
    // Sorted run by run (a zone's owners come in runs of one parent, in a file of a million
    // names often a handful); a parent that comes in several runs is then one entry.
    const forms = parents.keys.map(topDown);
    const order = forms.map((_, i) => i).sort((a, b) => (forms[a] < forms[b] ? -1 : forms[a] > forms[b] ? 1 : 0));
    this.forms = [];
    this.counts = [];
    for (const r of order) {
      const last = this.forms.length - 1;
      if (last >= 0 && this.forms[last] === forms[r]) this.counts[last] += parents.owners[r];
      else {
        this.forms.push(forms[r]);
        this.counts.push(parents.owners[r]);
      }
    }
  }

  /** How many parents are kept (one per owner at most: the point of keeping parents rather than every ancestor). */
  get size(): number {
    this.settle();
    return this.forms.length;
  }

  /** An owner of key `key` came (1) or went (-1). */
  count(key: string, delta: number): void {
    const at = parentAt(key);
    if (at < 0) return;
    const form = topDown(key.slice(at));
    this.pending.set(form, (this.pending.get(form) ?? 0) + delta);
  }

  /** True when some owner lies below the name of `key` (a `nameKey`, not the root). */
  has(key: string): boolean {
    if (key === ROOT) return false;
    this.settle();
    const form = topDown(key);
    const forms = this.forms;
    const i = lowerBound(forms, form);
    return i < forms.length && forms[i].startsWith(form);
  }

  /**
   * Applies the counts that changed. Parents that stay are counted in place;
   * those that come or go are spliced in or out when few, else merged in one
   * pass (a paste of many names would otherwise move the lists once each).
   */
  private settle(): void {
    if (this.pending.size === 0) return;
    const { forms, counts } = this;
    const moved: [string, number][] = [];
    for (const [form, delta] of this.pending) {
      const i = lowerBound(forms, form);
      if (i < forms.length && forms[i] === form && counts[i] + delta > 0) counts[i] += delta;
      else if (delta !== 0) moved.push([form, delta]);
    }
    this.pending.clear();
    if (moved.length <= SPLICED) {
      for (const [form, delta] of moved) {
        const i = lowerBound(forms, form);
        if (i < forms.length && forms[i] === form) {
          forms.splice(i, 1);
          counts.splice(i, 1);
        } else if (delta > 0) {
          forms.splice(i, 0, form);
          counts.splice(i, 0, delta);
        }
      }
      return;
    }
    moved.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const nextForms: string[] = [];
    const nextCounts: number[] = [];
    let i = 0;
    for (const [form, delta] of moved) {
      while (i < forms.length && forms[i] < form) {
        nextForms.push(forms[i]);
        nextCounts.push(counts[i++]);
      }
      // A parent that was here and is gone (its count reached 0), or a new one.
      const n = (i < forms.length && forms[i] === form ? counts[i++] : 0) + delta;
      if (n > 0) {
        nextForms.push(form);
        nextCounts.push(n);
      }
    }
    while (i < forms.length) {
      nextForms.push(forms[i]);
      nextCounts.push(counts[i++]);
    }
    this.forms = nextForms;
    this.counts = nextCounts;
  }
}

/**
 * The owners' parents in the order the owners come: the key (`nameKey`) of
 * each parent, and how many owners in a row have it.
 */
export class ParentRuns {
  readonly keys: string[] = [];
  readonly owners: number[] = [];

  /** One more owner, whose parent has the key `key`. */
  add(key: string): void {
    const last = this.keys.length - 1;
    if (last >= 0 && this.keys[last] === key) this.owners[last]++;
    else {
      this.keys.push(key);
      this.owners.push(1);
    }
  }
}

/** Up to how many parents coming or going are spliced in or out one by one (past it, merged). */
const SPLICED = 16;

/** The first index of `sorted` whose string is not before `s`. */
function lowerBound(sorted: readonly string[], s: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Reused by `topDown`: where each label starts, and the form's characters (a plain array: the engine spreads it fastest). */
let labelAt = new Int32Array(64);
const chars: number[] = [];

/**
 * The labels of an absolute name's key from the top one down, each after a
 * character that is its length: `b.example.` is `\7example\1b`. A label
 * ends at a dot no backslash escapes (as `labelStarts` reads them), and the
 * lengths keep one label from reading as several, whatever it holds.
 */
export function topDown(key: string): string {
  if (labelAt.length <= key.length) labelAt = new Int32Array(2 * key.length + 2);
  let labels = 0;
  let start = 0;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c === 0x5c) {
      const d = key.charCodeAt(i + 1);
      i += d >= 0x30 && d <= 0x39 ? 3 : 1;
    } else if (c === 0x2e) {
      labelAt[labels++] = start;
      start = i + 1;
    }
  }
  let w = 0;
  let end = start - 1; // the dot after the last label
  for (let l = labels - 1; l >= 0; l--) {
    const from = labelAt[l];
    chars[w++] = end - from;
    for (let i = from; i < end; i++) chars[w++] = key.charCodeAt(i);
    end = from - 1;
  }
  chars.length = w;
  if (w <= CHUNK) return String.fromCharCode.apply(null, chars);
  let form = '';
  for (let i = 0; i < w; i += CHUNK) form += String.fromCharCode.apply(null, chars.slice(i, i + CHUNK));
  return form;
}

/** Characters made into a string at once (an argument each: a name of any length stays within the stack). */
const CHUNK = 4096;
