/**
 * Pieces shared by the profiles that walk the MX list host by host (RFC 5321,
 * Sendmail, qmail, first-MX): reading one host's addresses in DNS order, and
 * the host-by-host walk with its per-profile failure rule.
 */
import { answerStart, Shuffle, type AttemptProcess, type Branch, type Walker } from './engine';
import type { PreparedHost, PreparedMx } from './prepare';

/** Where a walk is inside one host's addresses: family (0: AAAA, 1: A), rotation offset, addresses read. */
export interface Cursor {
  readonly fam: 0 | 1;
  readonly off: number;
  readonly i: number;
}

/** One possible next address of a host. */
export interface HostStep {
  readonly p: number;
  readonly address: number;
  readonly cursor: Cursor;
}

function family(h: PreparedHost, fam: 0 | 1): readonly number[] {
  return fam === 0 ? h.v6 : h.v4;
}

function enterFamily(h: PreparedHost, fam: 0 | 1, rotated: boolean): HostStep[] {
  const list = family(h, fam);
  if (list.length === 0) return fam === 0 ? enterFamily(h, 1, rotated) : [];
  // Round-robin DNS (BIND `rrset-order cyclic`) answers the RRset from a
  // uniformly random starting record; zone order starts at the first.
  if (!rotated || list.length === 1) return [{ p: 1, address: list[0], cursor: { fam, off: 0, i: 1 } }];
  return list.map((address, off) => ({ p: 1 / list.length, address, cursor: { fam, off, i: 1 } }));
}

/** The first address of a host: its AAAA RRset first, then its A RRset, each in DNS order. */
export function enterHost(h: PreparedHost, rotated: boolean): HostStep[] {
  return enterFamily(h, h.v6.length > 0 ? 0 : 1, rotated);
}

/** The address after `c` in the same host; [] when the host has no more. */
export function advanceHost(h: PreparedHost, c: Cursor, rotated: boolean): HostStep[] {
  const list = family(h, c.fam);
  if (c.i < list.length) {
    return [{ p: 1, address: list[(c.off + c.i) % list.length], cursor: { fam: c.fam, off: c.off, i: c.i + 1 } }];
  }
  return c.fam === 0 ? enterFamily(h, 1, rotated) : [];
}

/** The key of a cursor. */
export function cursorKey(c: Cursor | null): string {
  return c === null ? '-' : `${c.fam}.${c.off}.${c.i}`;
}

/** The knobs of a host-by-host walk. */
export interface HostWalkRules {
  /**
   * What a 4xx or 5xx greeting does: try the host's next address, skip to the
   * next host, or stop the delivery (deferred). A refused or timed-out
   * connection always goes on with the host's next address.
   */
  onRefusal: 'next-address' | 'next-host' | 'stop';
  /** Drop a host whose name equals the one just before it in the list (Sendmail's getmxrr). */
  dropRepeat: boolean;
  /** The result when the list is used up without delivery. */
  exhausted(s: { allReject: boolean; lastReject: boolean; attempts: boolean }): 'deferred' | 'bounced';
}

/** A state of the host-by-host walk. */
export interface WalkState {
  /** The tier being walked. */
  readonly t: number;
  /** Hosts of tier `t` not yet entered (indexes into `tiers[t]`). */
  readonly rem: readonly number[];
  /** The host being read (index into `tiers[t]`), or -1 between hosts. */
  readonly h: number;
  readonly c: Cursor | null;
  /** The host entered last (`PreparedHost.index`), for `dropRepeat`; -1 at the start. */
  readonly last: number;
  readonly attempts: boolean;
  readonly allReject: boolean;
  readonly lastReject: boolean;
  readonly end: 'deferred' | 'bounced' | null;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * A walk over `tiers` (each a list of usable hosts of one preference, in
 * ascending preference): the hosts of a tier in uniformly random order, each
 * host's addresses in DNS order, then the next tier.
 */
export function hostWalk(
  mx: PreparedMx,
  tiers: readonly PreparedHost[][],
  rules: HostWalkRules,
): AttemptProcess<WalkState> {
  const start: WalkState = {
    t: 0,
    rem: range(tiers[0]?.length ?? 0),
    h: -1,
    c: null,
    last: -1,
    attempts: false,
    allReject: true,
    lastReject: false,
    end: null,
  };

  const move = (
    s: WalkState,
    t: number,
    rem: readonly number[],
    h: number,
    st: HostStep,
    p: number,
  ): Branch<WalkState> => {
    const state = mx.states[st.address];
    const host = tiers[t][h];
    const reject = state === 'reject';
    const refused = state === 'tempfail' || state === 'reject';
    // A literal of fixed shape, not a spread: states are made by the hundred thousand.
    const next: WalkState = {
      t,
      rem,
      h: refused && rules.onRefusal === 'next-host' ? -1 : h,
      c: refused && rules.onRefusal === 'next-host' ? null : st.cursor,
      last: host.index,
      attempts: true,
      allReject: s.allReject && reject,
      lastReject: reject,
      end: refused && rules.onRefusal === 'stop' ? 'deferred' : null,
    };
    return { p: p * st.p, address: st.address, next };
  };

  /** Enters the next host: uniformly any host left in the tier; when none is left, the next tier. */
  const choose = (
    s: WalkState,
    t0: number,
    rem0: readonly number[],
    last: number,
    p: number,
    out: Branch<WalkState>[],
  ): void => {
    let t = t0;
    let rem = rem0;
    while (rem.length === 0) {
      t++;
      if (t >= tiers.length) {
        out.push({ p, end: rules.exhausted(s) });
        return;
      }
      rem = range(tiers[t].length);
    }
    const q = p / rem.length;
    for (const h of rem) {
      const left = rem.filter((x) => x !== h);
      const host = tiers[t][h];
      if (rules.dropRepeat && last >= 0 && mx.hosts[last].key === host.key) {
        choose(s, t, left, host.index, q, out);
        continue;
      }
      for (const st of enterHost(host, mx.rotated)) out.push(move(s, t, left, h, st, q));
    }
  };

  // The names given twice, for `symmetricKey` (made when it is first asked, which only `minFailingSet` does).
  let repeated: Set<string> | undefined;
  const givenTwice = (key: string): boolean => {
    if (repeated === undefined) {
      const named = new Set<string>();
      repeated = new Set();
      for (const h of mx.hosts) (named.has(h.key) ? repeated : named).add(h.key);
    }
    return repeated.has(key);
  };
  const flags = (s: WalkState): string =>
    `${s.attempts ? 1 : 0}${s.allReject ? 1 : 0}${s.lastReject ? 1 : 0}|${s.end ?? ''}`;
  return {
    start,
    key: (s) => `${s.t}|${s.rem.join('.')}|${s.h}|${cursorKey(s.c)}|${rules.dropRepeat ? s.last : ''}|${flags(s)}`,
    symmetricKey: (s, classes) => {
      // The repeat rule compares names: a name given twice (at two preferences) is part of its host's class.
      const nameOf = (host: PreparedHost): string => (rules.dropRepeat && givenTwice(host.key) ? host.key : '');
      const classOf = (host: PreparedHost): string => `${classes[host.index]}#${nameOf(host)}`;
      const tier = tiers[s.t] ?? [];
      const rem = s.rem.map((h) => classOf(tier[h])).sort();
      const h = s.h < 0 ? '' : classOf(tier[s.h]);
      const last = s.last >= 0 ? nameOf(mx.hosts[s.last]) : '';
      return `${s.t}|${rem.join(',')}|${h}|${cursorKey(s.c)}|${last}|${flags(s)}`;
    },
    step: (s) => {
      if (s.end !== null) return [{ p: 1, end: s.end }];
      const out: Branch<WalkState>[] = [];
      if (s.h >= 0 && s.c !== null) {
        const steps = advanceHost(tiers[s.t][s.h], s.c, mx.rotated);
        if (steps.length > 0) {
          for (const st of steps) out.push(move(s, s.t, s.rem, s.h, st, 1));
          return out;
        }
      }
      choose(s, s.t, s.rem, s.last, 1, out);
      return out;
    },
  };
}

/** A host's addresses as DNS answers them (see `answeredAddresses`): the k-th of `length`. */
export interface AnsweredAddresses {
  readonly length: number;
  at(k: number): number;
}

/**
 * A host's addresses in the order a walk reads them: its AAAA RRset, then its
 * A RRset, each answered from a random record when `rotated` (the two starts
 * drawn now, in that order), read by index rather than copied.
 */
export function answeredAddresses(h: PreparedHost, rotated: boolean, random: () => number): AnsweredAddresses {
  const { v6, v4 } = h;
  const start6 = answerStart(v6.length, rotated, random);
  const start4 = answerStart(v4.length, rotated, random);
  return {
    length: v6.length + v4.length,
    at: (k) => (k < v6.length ? v6[(start6 + k) % v6.length] : v4[(start4 + k - v6.length) % v4.length]),
  };
}

/**
 * The same walk, literally: shuffle each tier, list the hosts, connect down
 * their addresses. The shuffles and the list are drawn as the walk goes
 * (`Shuffle`): a walk that ends at the first host of a tier of thousands
 * does not pay for the others.
 */
export function hostWalker(mx: PreparedMx, tiers: readonly PreparedHost[][], rules: HostWalkRules): Walker {
  return (random) => {
    const attempts: number[] = [];
    let allReject = true;
    let lastReject = false;
    let listed: PreparedHost | undefined;
    for (const tier of tiers) {
      const order = new Shuffle(tier, random);
      for (let h = order.next(); h !== undefined; h = order.next()) {
        if (rules.dropRepeat && listed !== undefined && listed.key === h.key) continue;
        listed = h;
        const answer = answeredAddresses(h, mx.rotated, random);
        for (let k = 0; k < answer.length; k++) {
          const a = answer.at(k);
          attempts.push(a);
          const state = mx.states[a];
          if (state === 'up') return { attempts, result: 'delivered' };
          allReject &&= state === 'reject';
          lastReject = state === 'reject';
          if (state === 'down' || rules.onRefusal === 'next-address') continue;
          if (rules.onRefusal === 'stop') return { attempts, result: 'deferred' };
          break;
        }
      }
    }
    return { attempts, result: rules.exhausted({ attempts: attempts.length > 0, allReject, lastReject }) };
  };
}

/** True when no tier has more hosts than the exact method allows. */
export function tiersFit(tiers: readonly PreparedHost[][], limit: number): boolean {
  return tiers.every((t) => t.length <= limit);
}
