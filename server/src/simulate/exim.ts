/**
 * `exim`: Exim 4.9x with default settings (`src/host.c`, `host_find_bydns()`,
 * and the smtp transport's retry loop).
 *
 * - MX records naming the same host are merged, keeping the lowest
 *   preference ("discarded duplicate host").
 * - Hosts sorted by preference with a random sort key within one preference:
 *   equal preferences in uniformly random order.
 * - Each host's addresses: its IPv6 ones in random order, then its IPv4 ones
 *   in random order (`set_address_from_dns()`).
 * - Then one pass over the list "ensures that, within a single MX preference
 *   value, IPv6 addresses come first": every IPv4 entry directly followed by
 *   an IPv6 entry of the same preference is swapped with it, and the pass goes
 *   on from the IPv4 entry's new place, so an IPv4 entry can travel past
 *   several IPv6 ones.
 * - `host_remove_duplicates()`: an address already listed earlier is dropped.
 * - `hosts_max_try = 5`: after 5 failed attempts, when a later host has a
 *   higher preference than the last one tried, Exim jumps to the first
 *   address of the next preference and tries it without counting it, and so
 *   on for each further preference; `hosts_max_try_hardlimit = 50` caps the
 *   total.
 * - Every failure moves on; all tried: bounced if the last attempt got a 5xx
 *   greeting, else deferred.
 */
import { EXACT_LEVEL_LIMIT, Shuffle, type AttemptProcess, type Branch, type Profile, type Walker } from './engine';
import { tiersOf, type PreparedHost } from './prepare';

const HOSTS_MAX_TRY = 5;
const HOSTS_MAX_TRY_HARDLIMIT = 50;

interface State {
  readonly t: number;
  /** Hosts of tier `t` not yet entered (indexes into `tiers[t]`). */
  readonly rem: readonly number[];
  /** Host being read, or -1. */
  readonly h: number;
  /** 0: its IPv6 addresses, 1: its IPv4 ones. */
  readonly fam: 0 | 1;
  /** Addresses of that family not yet read. */
  readonly left: readonly number[];
  /** An IPv4 entry held back by the swap pass (-1: none), and whether it is a duplicate to drop. */
  readonly carry: number;
  readonly carryDrop: boolean;
  /** Failed attempts counted against `hosts_max_try`. */
  readonly count: number;
  readonly total: number;
  /** After `hosts_max_try`: one attempt per further preference. */
  readonly jump: boolean;
  readonly lastReject: boolean;
  readonly end: 'deferred' | 'bounced' | null;
}

type Draft = { -readonly [K in keyof State]: State[K] };

// Object spread (`{ ...s, x }`) is several times slower than a literal of
// fixed shape in V8, and states are made by the hundred thousand.
function copy(s: State): Draft {
  return {
    t: s.t,
    rem: s.rem,
    h: s.h,
    fam: s.fam,
    left: s.left,
    carry: s.carry,
    carryDrop: s.carryDrop,
    count: s.count,
    total: s.total,
    jump: s.jump,
    lastReject: s.lastReject,
    end: s.end,
  };
}

/** One host per name, at its lowest preference (the first record among equals). */
function mergeNames(hosts: readonly PreparedHost[]): PreparedHost[] {
  const best = new Map<string, PreparedHost>();
  for (const h of hosts) {
    const o = best.get(h.key);
    if (o === undefined || h.preference < o.preference || (h.preference === o.preference && h.index < o.index)) {
      best.set(h.key, h);
    }
  }
  return hosts.filter((h) => best.get(h.key) === h);
}

/**
 * The tiers that can put an entry in Exim's list: those with an address no
 * lower tier has (the de-duplication empties the others), and of those only
 * the first `HOSTS_MAX_TRY_HARDLIMIT`: each attempt is in the tier of the one
 * before or a later one, and there are at most that many attempts. The rest
 * can never be tried, and a domain with thousands of tiers would otherwise
 * make every state and every walk carry them. With them, the first of those
 * tiers each address is in: the de-duplication drops it from any later one.
 */
function reachableTiers(tiers: readonly PreparedHost[][]): { tiers: PreparedHost[][]; firstTier: Map<number, number> } {
  const firstTier = new Map<number, number>();
  const out: PreparedHost[][] = [];
  for (const t of tiers) {
    if (out.length === HOSTS_MAX_TRY_HARDLIMIT) break;
    const addresses = t.flatMap((h) => [...h.v6, ...h.v4]);
    if (addresses.every((a) => firstTier.has(a))) continue;
    for (const a of addresses) if (!firstTier.has(a)) firstTier.set(a, out.length);
    out.push(t);
  }
  return { tiers: out, firstTier };
}

function without(xs: readonly number[], x: number): number[] {
  const i = xs.indexOf(x);
  return i < 0 ? [...xs] : [...xs.slice(0, i), ...xs.slice(i + 1)];
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

interface Pre {
  p: number;
  address: number;
  six: boolean;
  state: State;
}

/**
 * The entries of one tier in Exim's final list, drawn one at a time (see the
 * walker): the hosts in random order, each host's IPv6 addresses in random
 * order then its IPv4 ones; the swap pass, which holds an IPv4 entry back
 * while IPv6 entries follow it; then the de-duplication, which drops an
 * address listed earlier in the tier or in an earlier one.
 */
class TierList {
  private readonly hosts: Shuffle<PreparedHost>;
  private six: Shuffle<number> | null = null;
  private four: Shuffle<number> | null = null;
  /** The family of the entry `raw` gave last. */
  private rawSix = false;
  /** The entry the swap pass holds (-1: none yet, or the tier is used up), and its family. */
  private held = -1;
  private heldSix = false;
  private started = false;
  private readonly listed = new Set<number>();

  constructor(
    tier: readonly PreparedHost[],
    private readonly random: () => number,
    private readonly listedEarlier: (address: number) => boolean,
  ) {
    this.hosts = new Shuffle(tier, random);
  }

  /** The next entry of the final list of the tier; -1 when there is none. */
  next(): number {
    for (;;) {
      const a = this.swapped();
      if (a < 0) return -1;
      if (this.listed.has(a) || this.listedEarlier(a)) continue;
      this.listed.add(a);
      return a;
    }
  }

  /** The next entry after the swap pass. */
  private swapped(): number {
    if (!this.started) {
      this.started = true;
      this.held = this.raw();
      this.heldSix = this.rawSix;
    }
    if (this.held < 0) return -1;
    const y = this.raw();
    // An IPv6 entry after an IPv4 one goes in front of it; the IPv4 one stays held.
    if (y >= 0 && !this.heldSix && this.rawSix) return y;
    const out = this.held;
    this.held = y;
    this.heldSix = this.rawSix;
    return out;
  }

  /** The next entry before the swap pass; -1 when the tier is used up. */
  private raw(): number {
    for (;;) {
      if (this.six !== null && this.six.left > 0) {
        this.rawSix = true;
        return this.six.next() as number;
      }
      if (this.four !== null && this.four.left > 0) {
        this.rawSix = false;
        return this.four.next() as number;
      }
      const h = this.hosts.next();
      if (h === undefined) return -1;
      this.six = new Shuffle(h.v6, this.random);
      this.four = new Shuffle(h.v4, this.random);
    }
  }
}

export const exim: Profile = {
  id: 'exim',
  literal: 'unusable',
  ipv4Only: false,
  mixedNullMx: 'skip',
  run(mx, use) {
    const { tiers, firstTier } = reachableTiers(tiersOf(mergeNames(mx.hosts)));
    const listedEarlier = (t: number, a: number): boolean => (firstTier.get(a) ?? t) < t;

    const tierStart = (t: number, s: State): Draft => {
      const n = copy(s);
      n.t = t;
      n.rem = range(tiers[t].length);
      n.h = -1;
      n.fam = 0;
      n.left = [];
      n.carry = -1;
      n.carryDrop = false;
      return n;
    };
    const all = tiers.map((t) => t.map((h) => [...h.v6, ...h.v4]));

    /** Addresses of tier `s.t` read before the state's next entry. */
    const consumed = (s: State): Set<number> => {
      const out = new Set<number>();
      tiers[s.t].forEach((host, x) => {
        if (s.rem.includes(x)) return;
        if (x !== s.h) {
          for (const a of all[s.t][x]) out.add(a);
          return;
        }
        const done = (list: readonly number[]): void => {
          for (const a of list) if (!s.left.includes(a)) out.add(a);
        };
        if (s.fam === 0) done(host.v6);
        else {
          for (const a of host.v6) out.add(a);
          done(host.v4);
        }
      });
      return out;
    };

    /** The next entry of the tier before the swap pass: [] when the tier is used up. */
    const nextPre = (s: State): Pre[] => {
      if (s.h >= 0) {
        const host = tiers[s.t][s.h];
        if (s.left.length > 0) {
          return s.left.map((a) => {
            const n = copy(s);
            n.left = without(s.left, a);
            return { p: 1 / s.left.length, address: a, six: s.fam === 0, state: n };
          });
        }
        if (s.fam === 0 && host.v4.length > 0) {
          return host.v4.map((a) => {
            const n = copy(s);
            n.fam = 1;
            n.left = without(host.v4, a);
            return { p: 1 / host.v4.length, address: a, six: false, state: n };
          });
        }
      }
      const out: Pre[] = [];
      for (const x of s.rem) {
        const host = tiers[s.t][x];
        const fam: 0 | 1 = host.v6.length > 0 ? 0 : 1;
        const list = fam === 0 ? host.v6 : host.v4;
        const rem = without(s.rem, x);
        for (const a of list) {
          const n = copy(s);
          n.rem = rem;
          n.h = x;
          n.fam = fam;
          n.left = without(list, a);
          out.push({ p: 1 / s.rem.length / list.length, address: a, six: fam === 0, state: n });
        }
      }
      return out;
    };

    /** An attempt at `address`, and where the walk goes after it fails. */
    const attempt = (s: State, p: number, address: number, gen: State): Branch<State> => {
      const reject = mx.states[address] === 'reject';
      const total = s.total + 1;
      const count = s.jump ? s.count : s.count + 1;
      const next = copy(gen);
      next.total = total;
      next.count = count;
      next.lastReject = reject;
      if (total >= HOSTS_MAX_TRY_HARDLIMIT) next.end = reject ? 'bounced' : 'deferred';
      else if (s.jump || count >= HOSTS_MAX_TRY) {
        if (gen.t + 1 >= tiers.length) next.end = reject ? 'bounced' : 'deferred';
        else {
          const jumped = tierStart(gen.t + 1, next);
          jumped.jump = true;
          return { p, address, next: jumped };
        }
      }
      return { p, address, next };
    };

    /** Emits the next entry of the final list (after the swap pass and de-duplication). */
    const pull = (s0: State, g: State, p: number, out: Branch<State>[]): void => {
      const pres = nextPre(g);
      if (pres.length === 0) {
        if (g.carry >= 0) {
          const flushed = copy(g);
          flushed.carry = -1;
          flushed.carryDrop = false;
          if (g.carryDrop) pull(s0, flushed, p, out);
          else out.push(attempt(s0, p, g.carry, flushed));
          return;
        }
        if (g.t + 1 >= tiers.length) {
          out.push({ p, end: s0.lastReject ? 'bounced' : 'deferred' });
          return;
        }
        pull(s0, tierStart(g.t + 1, g), p, out);
        return;
      }
      const dups = consumed(g);
      for (const e of pres) {
        const q = p * e.p;
        const drop = listedEarlier(g.t, e.address) || dups.has(e.address);
        if (g.carry >= 0 && e.six) {
          // The swap: this IPv6 entry goes in front of the held IPv4 one, which stays held.
          if (drop) pull(s0, e.state, q, out);
          else out.push(attempt(s0, q, e.address, e.state));
        } else if (g.carry >= 0) {
          // Two IPv4 entries: the held one is listed, the new one is held in its place.
          const held = copy(e.state);
          held.carry = e.address;
          held.carryDrop = drop;
          if (g.carryDrop) pull(s0, held, q, out);
          else out.push(attempt(s0, q, g.carry, held));
        } else if (!e.six) {
          const held = copy(e.state);
          held.carry = e.address;
          held.carryDrop = drop;
          pull(s0, held, q, out);
        } else if (drop) {
          pull(s0, e.state, q, out);
        } else {
          out.push(attempt(s0, q, e.address, e.state));
        }
      }
    };

    const start: State = {
      t: 0,
      rem: range(tiers[0]?.length ?? 0),
      h: -1,
      fam: 0,
      left: [],
      carry: -1,
      carryDrop: false,
      count: 0,
      total: 0,
      jump: false,
      lastReject: false,
      end: null,
    };
    const process: AttemptProcess<State> = {
      start,
      key: (s) =>
        `${s.t}|${s.rem.join('.')}|${s.h}|${s.fam}|${s.left.join('.')}|${s.carry}${s.carryDrop ? '!' : ''}|` +
        `${s.count}.${s.total}.${s.jump ? 1 : 0}.${s.lastReject ? 1 : 0}|${s.end ?? ''}`,
      step: (s) => {
        if (s.end !== null) return [{ p: 1, end: s.end }];
        if (tiers.length === 0) return [{ p: 1, end: 'bounced' }];
        const out: Branch<State>[] = [];
        pull(s, s, 1, out);
        return out;
      },
    };
    const fits = tiers.every(
      (t) =>
        t.length <= EXACT_LEVEL_LIMIT &&
        t.every((h) => h.v6.length <= EXACT_LEVEL_LIMIT && h.v4.length <= EXACT_LEVEL_LIMIT),
    );
    // The walker builds Exim's list literally (shuffle, per-host family order,
    // the swap loop of host.c, host_remove_duplicates(), then the retry loop),
    // tier by tier and entry by entry as the retry loop reads it: a walk that
    // ends after five attempts at a host with thousands of addresses pays for
    // those five.
    const walker: Walker = (random) => {
      const attempts: number[] = [];
      let count = 0;
      let jump = false;
      let lastReject = false;
      for (let t = 0; t < tiers.length; t++) {
        const list = new TierList(tiers[t], random, (a) => listedEarlier(t, a));
        for (let a = list.next(); a >= 0; a = list.next()) {
          attempts.push(a);
          const state = mx.states[a];
          if (state === 'up') return { attempts, result: 'delivered' };
          lastReject = state === 'reject';
          if (attempts.length >= HOSTS_MAX_TRY_HARDLIMIT)
            return { attempts, result: lastReject ? 'bounced' : 'deferred' };
          if (!jump) count++;
          // Past hosts_max_try: on to the first entry of the next tier that has one.
          if (jump || count >= HOSTS_MAX_TRY) {
            jump = true;
            break;
          }
        }
      }
      return { attempts, result: lastReject ? 'bounced' : 'deferred' };
    };
    return use(process, walker, fits);
  },
};
