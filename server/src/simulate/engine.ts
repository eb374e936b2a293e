/**
 * The engine of the delivery simulation (docs/SIMULATION.md), Step 3.
 *
 * Steps 1 and 2 are `prepare.ts`. Step 3 is each profile's: a profile
 * describes the sender twice. As an `AttemptProcess`, a Markov chain whose
 * every transition is one connection attempt (the profile's random choices
 * and its failure rules folded in); and as a `Walker`, which draws one
 * delivery and walks it literally the way the sender's source does. The
 * engine then solves the chain:
 *
 * - exactly, by forward dynamic programming over the chain's states, level by
 *   level (a level is one attempt). States that share a key are merged, so the
 *   work grows with the number of distinct situations (which hosts of the tier
 *   are used up, where in the current host we are), not with the number of
 *   orders: 8 hosts in one tier are 8·2⁷ situations, not 8! orders;
 * - the most likely attempt sequences by a best-first search over the prefix
 *   tree of sequences, pruned with an upper bound on any one sequence's
 *   probability below a state;
 * - or, when a preference level is too wide for the exact method (more than 8
 *   entries, SIMULATION.md "Outputs"), by sampling 100 000 deliveries from the
 *   walker with a fixed seed.
 *
 * The core is pure: no file system, no network.
 */
import type { PreparedMx, ProfileKnobs } from './prepare';
import type { Outcome, ProfileId, SimulationOptions } from './types';

/** The walk ends without a further attempt. */
export interface EndBranch {
  readonly p: number;
  readonly end: 'deferred' | 'bounced';
}

/** One connection attempt, then the walk goes on from `next` (unless the address is up). */
export interface MoveBranch<S> {
  readonly p: number;
  readonly address: number;
  readonly next: S;
}

/** One possible continuation of a walk, with its conditional probability. */
export type Branch<S> = EndBranch | MoveBranch<S>;

/**
 * A sender as a Markov chain over its own states `S`. `step` gives the
 * distribution of what happens next: an attempt at an address (then `next`),
 * or the end of the walk. The engine ends every walk at the first `up` address
 * (SIMULATION.md: "A delivery ends at the first `up` address"), so a process
 * only has to say what follows a failed attempt. States with equal keys must
 * behave the same: the exact solver merges them.
 */
export interface AttemptProcess<S> {
  readonly start: S;
  key(s: S): string;
  step(s: S): readonly Branch<S>[];
  /**
   * A coarser key for `minFailingSet`: the state with each host named by its
   * class (`hostClasses`, by `PreparedHost.index`) instead of its place, so
   * that walks differing only in the order of hosts alike are one state.
   * Only a count of fresh addresses can be merged that way, not shares.
   */
  symmetricKey?(s: S, classes: readonly string[]): string;
}

/** One delivery as the sampler draws it. */
export interface Walk {
  attempts: number[];
  result: Outcome;
}

/**
 * One delivery drawn at random and walked the way the sender's source does
 * it: build the whole list (shuffle, sort, trim), then connect down it. The
 * sampler uses this rather than the chain: it is several times faster per
 * delivery, and being a second, literal implementation of each profile, the
 * tests can hold the two against each other.
 */
export type Walker = (random: () => number) => Walk;

/** The numbers of one simulation, by address index. */
export interface Stats {
  exact: boolean;
  firstAttempt: number[];
  tried: number[];
  delivered: number[];
  outcome: Record<Outcome, number>;
  expectedAttempts: number;
  sequences: { attempts: number[]; probability: number; result: Outcome }[];
}

/**
 * What is done with a profile's model of a sender: its chain, its literal
 * walker, and whether the 8-entries rule allows the exact method
 * (`exactPossible`). `makeSolver` gives the simulation; `minFailingSet` the
 * survival count.
 */
export type Use<R> = <S>(process: AttemptProcess<S>, walker: Walker, exactPossible: boolean) => R;

/** What a profile module provides. */
export interface Profile extends ProfileKnobs {
  readonly id: ProfileId;
  /** Step 3: builds the chain and the walker for `mx` and hands them to `use`. */
  run<R>(mx: PreparedMx, use: Use<R>): R;
}

/** SIMULATION.md "Outputs": exact when every preference level holds at most this many entries. */
export const EXACT_LEVEL_LIMIT = 8;
/** Walks sampled when the exact method does not apply (for small MX sets; see `sampleCount`). */
export const DEFAULT_SAMPLES = 100_000;
// The sampler's budget, in walk steps. A walk visits each host and address at
// most once, so this bounds a sampled simulation whatever the size of the MX
// set: 48 hosts at one preference would otherwise take seconds per simulation,
// and a hover runs a dozen of them. Sets of up to ~20 entries keep DEFAULT_SAMPLES.
const SAMPLE_WORK = 2_000_000;
// Below this the shares are too rough to show (±1% at 95% for a 50% share).
const MIN_SAMPLES = 2_000;
const DEFAULT_SEED = 0x5eed_2024;
/** At most this many sequences are reported. */
export const MAX_SEQUENCES = 20;
// Guards against a state space the 8-entries rule did not foresee (many
// rotated multi-address hosts): beyond this many branch evaluations the exact
// solver gives way to the sampler rather than hang the language server.
const EXACT_WORK_LIMIT = 500_000;
// The same guard for `minFailingSet` (the code lens runs it on every refresh),
// whose steps each carry a path and a bit mask: ~10 µs a step, so this is
// about half a second before it gives way to sampled walks. A step counts
// once per 64 characters of its state's key: a state that lists what is left
// of a level (Postfix, Exim) grows with the level, and a host with a thousand
// addresses would otherwise fill the memory before the count is reached.
const FAILING_SET_WORK_LIMIT = 50_000;
const KEY_CHARACTERS_PER_STEP = 64;
// Wider than this (addresses at one preference), a level goes straight to
// sampled walks in `minFailingSet`: the profiles that shuffle a level list
// what is left of it in each state, so that a single step of the chain costs
// the square of the width (a host with 64 000 addresses: billions).
const FAILING_SET_LEVEL_LIMIT = 128;
// The sequence search stops here even if unfinished: the sequences it found are
// real and their probabilities exact, but they may then not be the top ones.
const SEQUENCE_EXPANSION_LIMIT = 20_000;

function isEnd<S>(b: Branch<S>): b is EndBranch {
  return 'end' in b;
}

function zeros(n: number): number[] {
  return new Array<number>(n).fill(0);
}

/** How many walks a sampled simulation of `mx` makes: `DEFAULT_SAMPLES` within the work budget. */
export function sampleCount(mx: PreparedMx, share = 1): number {
  const perWalk = mx.hosts.length + mx.addresses.length;
  const budget = Math.floor((SAMPLE_WORK * Math.min(1, Math.max(0, share))) / Math.max(1, perWalk));
  return Math.min(DEFAULT_SAMPLES, Math.max(MIN_SAMPLES, budget));
}

/** Addresses that appear in more than one host, which a walk may therefore attempt twice. */
/** The most addresses the hosts of one preference have between them. */
function widestLevel(mx: PreparedMx): number {
  const width = new Map<number, number>();
  for (const h of mx.hosts) width.set(h.preference, (width.get(h.preference) ?? 0) + h.v6.length + h.v4.length);
  return Math.max(0, ...width.values());
}

function repeatable(mx: PreparedMx): Map<number, number> {
  const count = zeros(mx.addresses.length);
  for (const h of mx.hosts) for (const a of [...h.v6, ...h.v4]) count[a]++;
  const bits = new Map<number, number>();
  count.forEach((c, a) => {
    if (c > 1) bits.set(a, bits.size);
  });
  return bits;
}

/** mulberry32: a small, fast generator; quality is ample for Monte Carlo shares. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function compareAttempts(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

const RESULT_ORDER: Record<Outcome, number> = { delivered: 0, deferred: 1, bounced: 2 };

/** Most likely first; ties in address order, so that output is stable. */
function compareSequences(
  a: { attempts: number[]; probability: number; result: Outcome },
  b: { attempts: number[]; probability: number; result: Outcome },
): number {
  if (Math.abs(a.probability - b.probability) > 1e-12) return b.probability - a.probability;
  return compareAttempts(a.attempts, b.attempts) || RESULT_ORDER[a.result] - RESULT_ORDER[b.result];
}

/** A branch with its next state's key computed once (the exact solvers look at each many times). */
interface Edge<S> {
  readonly p: number;
  /** -1 for an end. */
  readonly address: number;
  readonly end: 'deferred' | 'bounced' | null;
  readonly next: S | null;
  readonly k: string;
}

type EdgesOf<S> = (s: S, k: string) => readonly Edge<S>[];

/** The branches of every state, computed once per state key. */
function edgeCache<S>(process: AttemptProcess<S>): EdgesOf<S> {
  const cache = new Map<string, readonly Edge<S>[]>();
  return (s, k) => {
    let edges = cache.get(k);
    if (edges === undefined) {
      edges = process
        .step(s)
        .map((b): Edge<S> =>
          isEnd(b)
            ? { p: b.p, address: -1, end: b.end, next: null, k: '' }
            : { p: b.p, address: b.address, end: null, next: b.next, k: process.key(b.next) },
        );
      cache.set(k, edges);
    }
    return edges;
  };
}

interface FrontierEntry<S> {
  s: S;
  k: string;
  /** Which repeatable addresses this walk has tried ('0'/'1' per bit), so that `tried` counts a walk once. */
  mask: string;
  p: number;
}

/** The exact solution, or null when the state space is larger than the work limit. */
function solveExact<S>(
  process: AttemptProcess<S>,
  mx: PreparedMx,
  edgesOf: EdgesOf<S>,
): Omit<Stats, 'sequences'> | null {
  const n = mx.addresses.length;
  const up = mx.states.map((s) => s === 'up');
  const bits = repeatable(mx);
  const stats: Omit<Stats, 'sequences'> = {
    exact: true,
    firstAttempt: zeros(n),
    tried: zeros(n),
    delivered: zeros(n),
    outcome: { delivered: 0, deferred: 0, bounced: 0 },
    expectedAttempts: 0,
  };
  const k0 = process.key(process.start);
  let frontier = new Map<string, FrontierEntry<S>>([
    [k0, { s: process.start, k: k0, mask: '0'.repeat(bits.size), p: 1 }],
  ]);
  let work = 0;
  for (let depth = 0; frontier.size > 0; depth++) {
    const next = new Map<string, FrontierEntry<S>>();
    for (const e of frontier.values()) {
      const edges = edgesOf(e.s, e.k);
      work += edges.length;
      if (work > EXACT_WORK_LIMIT) return null;
      for (const b of edges) {
        const q = e.p * b.p;
        if (b.end !== null || b.next === null) {
          stats.outcome[b.end ?? 'deferred'] += q;
          continue;
        }
        const a = b.address;
        stats.expectedAttempts += q;
        if (depth === 0) stats.firstAttempt[a] += q;
        let mask = e.mask;
        const bit = bits.get(a);
        if (bit === undefined) stats.tried[a] += q;
        else if (mask.charCodeAt(bit) !== 0x31) {
          stats.tried[a] += q;
          mask = mask.slice(0, bit) + '1' + mask.slice(bit + 1);
        }
        if (up[a]) {
          stats.delivered[a] += q;
          stats.outcome.delivered += q;
          continue;
        }
        const fk = bits.size === 0 ? b.k : b.k + '#' + mask;
        const old = next.get(fk);
        if (old !== undefined) old.p += q;
        else next.set(fk, { s: b.next, k: b.k, mask, p: q });
      }
    }
    frontier = next;
  }
  return stats;
}

interface TrieNode<S> {
  attempts: number[];
  states: { s: S; k: string; p: number }[];
  bound: number;
  id: number;
}

/** A binary max-heap on (bound, depth, -id): deeper first among equals, so that ties reach leaves quickly. */
class NodeHeap<S> {
  private readonly items: TrieNode<S>[] = [];
  get size(): number {
    return this.items.length;
  }
  private above(a: TrieNode<S>, b: TrieNode<S>): boolean {
    if (Math.abs(a.bound - b.bound) > 1e-15) return a.bound > b.bound;
    if (a.attempts.length !== b.attempts.length) return a.attempts.length > b.attempts.length;
    return a.id < b.id;
  }
  push(x: TrieNode<S>): void {
    const h = this.items;
    h.push(x);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.above(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  pop(): TrieNode<S> | undefined {
    const h = this.items;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop() as TrieNode<S>;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.above(h[l], h[m])) m = l;
        if (r < h.length && this.above(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

/**
 * The `limit` most likely attempt sequences, exactly. Walks that make the same
 * attempts are merged into one node of the prefix tree (two hosts sharing an
 * address give the same sequence). A node is expanded best-first by an upper
 * bound on any one sequence below it: the sum over its states of their
 * probability times the best single continuation from that state (computed
 * once per state). The search stops when `limit` sequences are at least as
 * likely as anything left unexpanded.
 */
function topSequences<S>(
  process: AttemptProcess<S>,
  mx: PreparedMx,
  edgesOf: EdgesOf<S>,
  limit: number,
): Stats['sequences'] {
  const up = mx.states.map((s) => s === 'up');
  const best = new Map<string, number>();
  const bestFrom = (s: S, k: string): number => {
    const known = best.get(k);
    if (known !== undefined) return known;
    const groups = new Map<string | number, number>();
    for (const b of edgesOf(s, k)) {
      const g = b.end ?? b.address;
      const v = b.next === null || up[b.address] ? b.p : b.p * bestFrom(b.next, b.k);
      groups.set(g, (groups.get(g) ?? 0) + v);
    }
    let m = 0;
    for (const v of groups.values()) if (v > m) m = v;
    best.set(k, m);
    return m;
  };

  const found: Stats['sequences'] = [];
  const add = (attempts: number[], result: Outcome, probability: number): void => {
    const seq = { attempts, result, probability };
    let i = found.length;
    while (i > 0 && compareSequences(seq, found[i - 1]) < 0) i--;
    if (i >= limit) return;
    found.splice(i, 0, seq);
    if (found.length > limit) found.pop();
  };

  const heap = new NodeHeap<S>();
  let ids = 0;
  const k0 = process.key(process.start);
  heap.push({
    attempts: [],
    states: [{ s: process.start, k: k0, p: 1 }],
    bound: bestFrom(process.start, k0),
    id: ids++,
  });
  for (let expanded = 0; heap.size > 0 && expanded < SEQUENCE_EXPANSION_LIMIT; expanded++) {
    const node = heap.pop() as TrieNode<S>;
    if (found.length >= limit && found[limit - 1].probability >= node.bound - 1e-12) break;
    const ends = new Map<Outcome, number>();
    const deliveredAt = new Map<number, number>();
    const children = new Map<number, Map<string, { s: S; k: string; p: number }>>();
    for (const st of node.states) {
      for (const b of edgesOf(st.s, st.k)) {
        const q = st.p * b.p;
        if (b.end !== null || b.next === null) {
          const end = b.end ?? 'deferred';
          ends.set(end, (ends.get(end) ?? 0) + q);
        } else if (up[b.address]) {
          deliveredAt.set(b.address, (deliveredAt.get(b.address) ?? 0) + q);
        } else {
          let child = children.get(b.address);
          if (child === undefined) {
            child = new Map();
            children.set(b.address, child);
          }
          const old = child.get(b.k);
          if (old !== undefined) old.p += q;
          else child.set(b.k, { s: b.next, k: b.k, p: q });
        }
      }
    }
    for (const [result, p] of ends) add(node.attempts, result, p);
    for (const [a, p] of deliveredAt) add([...node.attempts, a], 'delivered', p);
    for (const [a, child] of [...children].sort((x, y) => x[0] - y[0])) {
      const states = [...child.values()];
      let bound = 0;
      for (const st of states) bound += st.p * bestFrom(st.s, st.k);
      heap.push({ attempts: [...node.attempts, a], states, bound, id: ids++ });
    }
  }
  return found;
}

/** The sampled solution: `samples` deliveries drawn with a fixed-seed generator. */
function solveSampled(walker: Walker, mx: PreparedMx, samples: number, seed: number, wantSequences: boolean): Stats {
  const n = mx.addresses.length;
  const rand = prng(seed);
  const first = zeros(n);
  const tried = zeros(n);
  const delivered = zeros(n);
  const stamp = zeros(n);
  const outcome: Record<Outcome, number> = { delivered: 0, deferred: 0, bounced: 0 };
  let attempts = 0;
  // Sequences are counted under a number (the attempts as digits in base
  // n + 1, then the result) while that stays exact, else under a string. An
  // all-down walk gives ~10⁵ distinct sequences: a count per number, decoded
  // only for the winners, keeps that from costing more than the walks.
  const counts = new Map<number, number>();
  const rare = new Map<string, { attempts: number[]; result: Outcome; count: number }>();
  const base = n + 1;
  const RESULTS: Outcome[] = ['delivered', 'deferred', 'bounced'];
  const numericKey = (w: Walk): number => {
    let k = 0;
    for (const a of w.attempts) {
      if (k > Number.MAX_SAFE_INTEGER / (base * 4)) return -1;
      k = k * base + a + 1;
    }
    return k * 3 + RESULT_ORDER[w.result];
  };
  const decode = (key: number): { attempts: number[]; result: Outcome } => {
    const result = RESULTS[key % 3];
    const attempts: number[] = [];
    for (let k = Math.floor(key / 3); k > 0; k = Math.floor(k / base)) attempts.unshift((k % base) - 1);
    return { attempts, result };
  };
  for (let i = 1; i <= samples; i++) {
    const w = walker(rand);
    outcome[w.result]++;
    attempts += w.attempts.length;
    if (w.attempts.length > 0) first[w.attempts[0]]++;
    for (const a of w.attempts) {
      if (stamp[a] !== i) {
        stamp[a] = i;
        tried[a]++;
      }
    }
    if (w.result === 'delivered') delivered[w.attempts[w.attempts.length - 1]]++;
    if (!wantSequences) continue;
    const key = numericKey(w);
    if (key >= 0) counts.set(key, (counts.get(key) ?? 0) + 1);
    else {
      const skey = String.fromCharCode(...w.attempts) + w.result;
      const old = rare.get(skey);
      if (old !== undefined) old.count++;
      else rare.set(skey, { attempts: w.attempts, result: w.result, count: 1 });
    }
  }
  const scale = (xs: number[]): number[] => xs.map((x) => x / samples);
  // The best few by count (ties by key), then decoded and ordered like the exact ones.
  const best: [number, number][] = [];
  for (const [key, count] of counts) {
    if (best.length >= MAX_SEQUENCES) {
      const [k, c] = best[best.length - 1];
      if (count < c || (count === c && key > k)) continue;
    }
    let i = best.length;
    while (i > 0 && (best[i - 1][1] < count || (best[i - 1][1] === count && best[i - 1][0] > key))) i--;
    best.splice(i, 0, [key, count]);
    if (best.length > MAX_SEQUENCES) best.pop();
  }
  const sequences = [
    ...best.map(([key, count]) => ({ ...decode(key), probability: count / samples })),
    ...[...rare.values()].map((x) => ({ attempts: x.attempts, result: x.result, probability: x.count / samples })),
  ]
    .sort(compareSequences)
    .slice(0, MAX_SEQUENCES);
  return {
    exact: false,
    firstAttempt: scale(first),
    tried: scale(tried),
    delivered: scale(delivered),
    outcome: {
      delivered: outcome.delivered / samples,
      deferred: outcome.deferred / samples,
      bounced: outcome.bounced / samples,
    },
    expectedAttempts: attempts / samples,
    sequences,
  };
}

/** Longest list a `Shuffle` copies; a longer one keeps only the entries it moved. */
const SHUFFLE_COPY_UP_TO = 64;

/**
 * A uniformly random order of `xs`, drawn one item at a time from the front
 * (Fisher–Yates run forwards): a walk that stops after a few items of a list
 * of thousands pays for those few, not for the list. A long list is not
 * copied: the positions drawn so far are kept in a map.
 */
export class Shuffle<T> {
  private i = 0;
  private readonly copy: T[] | null;
  private readonly moved: Map<number, T> | null;

  constructor(
    private readonly xs: readonly T[],
    private readonly random: () => number,
  ) {
    const small = xs.length <= SHUFFLE_COPY_UP_TO;
    this.copy = small ? xs.slice() : null;
    this.moved = small ? null : new Map<number, T>();
  }

  /** Items not drawn yet. */
  get left(): number {
    return this.xs.length - this.i;
  }

  /** The next item; undefined once all are drawn. */
  next(): T | undefined {
    const n = this.xs.length;
    const i = this.i;
    if (i >= n) return undefined;
    this.i++;
    // The last item is the one left: no number is drawn for it.
    const j = i + 1 === n ? i : i + Math.floor(this.random() * (n - i));
    const copy = this.copy;
    if (copy !== null) {
      const t = copy[j];
      copy[j] = copy[i];
      copy[i] = t;
      return t;
    }
    const moved = this.moved as Map<number, T>;
    const atJ = moved.has(j) ? (moved.get(j) as T) : this.xs[j];
    if (j !== i) moved.set(j, moved.has(i) ? (moved.get(i) as T) : this.xs[i]);
    moved.delete(i);
    return atJ;
  }
}

/**
 * Where round-robin DNS starts answering an RRset of `n` records: a uniformly
 * random record when `rotated` (BIND `rrset-order cyclic`), else the first.
 * The answer is then record `(start + k) % n` for k = 0, 1, ….
 */
export function answerStart(n: number, rotated: boolean, random: () => number): number {
  return !rotated || n < 2 ? 0 : Math.floor(random() * n);
}

/**
 * The solver for one prepared MX set and the caller's options: exactly from
 * the chain when `exactPossible` and the chain stays within the work limit,
 * else by sampling the walker.
 */
export function makeSolver(mx: PreparedMx, options: SimulationOptions): Use<Stats> {
  return <S>(process: AttemptProcess<S>, walker: Walker, exactPossible: boolean): Stats => {
    const wantSequences = options.skipSequences !== true;
    if (exactPossible && options.forceSampling !== true) {
      const edgesOf = edgeCache(process);
      const exact = solveExact(process, mx, edgesOf);
      if (exact !== null) {
        const sequences = wantSequences ? topSequences(process, mx, edgesOf, MAX_SEQUENCES) : [];
        return { ...exact, sequences };
      }
    }
    const samples = options.samples ?? sampleCount(mx, options.sampleShare);
    return solveSampled(walker, mx, samples, options.seed ?? DEFAULT_SEED, wantSequences);
  };
}

/**
 * For each host (by `PreparedHost.index`), what the search for the smallest
 * losing set can tell of it: its addresses' number, states and whether each
 * is a candidate, in DNS order. Two hosts of one class can change places in
 * any walk, with the same count of fresh candidates, so the search keeps one
 * of the two orders (eleven hosts at one preference: a dozen states a level
 * instead of thousands). An address that another host has too is named in
 * the class, so such hosts are not alike. What else a profile's rules read
 * of a host (Sendmail's compares names) its `symmetricKey` adds.
 */
function hostClasses(mx: PreparedMx, candidates: ReadonlySet<number>, bits: ReadonlyMap<number, number>): string[] {
  const classes: string[] = [];
  for (const h of mx.hosts) {
    let c = `${h.v6.length}/${h.v4.length}`;
    for (const a of [...h.v6, ...h.v4]) {
      c += `|${candidates.has(a) ? 'c' : ''}${mx.states[a]}${bits.has(a) ? `@${a}` : ''}`;
    }
    classes[h.index] = c;
  }
  return classes;
}

/** The fewest addresses whose failure loses mail, as `minFailingSet` finds it. */
export interface FailingSet {
  /** Address indexes, in the order the losing walk first tries them. */
  addresses: number[];
  /** False when the chain was too large and the set comes from sampled walks (it may then not be the smallest). */
  exact: boolean;
}

/**
 * The smallest set of `candidates` whose failure loses mail, for `mx` whose
 * states already have every candidate down. A set S loses mail exactly when
 * some possible walk of this all-down world attempts no candidate outside S
 * (up to its first up address it walks the same way), so the answer is the
 * walk attempting the fewest distinct candidates: a shortest path over the
 * chain, level by level, keeping the fewest per merged state. Null when no
 * walk loses mail.
 */
export function minFailingSet(mx: PreparedMx, candidates: ReadonlySet<number>): Use<FailingSet | null> {
  return <S>(process: AttemptProcess<S>, walker: Walker): FailingSet | null => {
    const bits = repeatable(mx);
    const classes = hostClasses(mx, candidates, bits);
    const keyOf = (s: S): string => process.symmetricKey?.(s, classes) ?? process.key(s);
    const up = mx.states.map((s) => s === 'up');
    // A walk's fresh candidates, newest first, sharing the rest with the walk it branched from.
    interface Path {
      address: number;
      length: number;
      before: Path | null;
    }
    interface Entry {
      s: S;
      mask: string;
      path: Path | null;
    }
    const lengthOf = (p: Path | null): number => (p === null ? 0 : p.length);
    let best: Path | null | undefined;
    const consider = (path: Path | null): void => {
      if (best === undefined || lengthOf(path) < lengthOf(best)) best = path;
    };
    let frontier = new Map<string, Entry>([
      [keyOf(process.start), { s: process.start, mask: '0'.repeat(bits.size), path: null }],
    ]);
    let work = widestLevel(mx) > FAILING_SET_LEVEL_LIMIT ? Infinity : 0;
    // The limit is checked per state, not per level: one level of a large set
    // can hold millions of branches (48 hosts of 3 addresses: 20 000 states of 142).
    search: while (frontier.size > 0) {
      const next = new Map<string, Entry>();
      for (const e of frontier.values()) {
        if (work > FAILING_SET_WORK_LIMIT) break search;
        const branches = process.step(e.s);
        work += branches.length;
        for (const b of branches) {
          if (isEnd(b)) {
            consider(e.path);
            continue;
          }
          if (up[b.address]) continue;
          let mask = e.mask;
          let fresh = candidates.has(b.address);
          const bit = bits.get(b.address);
          if (bit !== undefined) {
            fresh &&= mask.charCodeAt(bit) !== 0x31;
            mask = mask.slice(0, bit) + '1' + mask.slice(bit + 1);
          }
          const path = fresh ? { address: b.address, length: lengthOf(e.path) + 1, before: e.path } : e.path;
          const k = keyOf(b.next) + '#' + mask;
          work += Math.floor(k.length / KEY_CHARACTERS_PER_STEP);
          const old = next.get(k);
          if (old === undefined || lengthOf(path) < lengthOf(old.path)) next.set(k, { s: b.next, mask, path });
        }
      }
      frontier = next;
    }
    if (frontier.size === 0) {
      if (best === undefined) return null;
      const addresses: number[] = [];
      for (let p: Path | null = best; p !== null; p = p.before) addresses.push(p.address);
      return { addresses: addresses.reverse(), exact: true };
    }
    // Too large for the chain: the fewest seen over sampled walks (an upper
    // bound), as many as the sampler's budget allows: no share is estimated
    // here, so there is no floor on their number.
    const rand = prng(DEFAULT_SEED);
    let sampled: number[] | null = null;
    const walks = Math.min(
      sampleCount(mx),
      Math.max(1, Math.floor(SAMPLE_WORK / (mx.hosts.length + mx.addresses.length))),
    );
    for (let i = walks; i > 0; i--) {
      const w = walker(rand);
      if (w.result === 'delivered') continue;
      const seen = [...new Set(w.attempts.filter((a) => candidates.has(a)))];
      if (sampled === null || seen.length < sampled.length) sampled = seen;
    }
    return sampled === null ? null : { addresses: sampled, exact: false };
  };
}
