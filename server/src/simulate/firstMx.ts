/**
 * `first-mx`: clients that do not implement RFC 5321 §5.1's fallback (swaks,
 * several mail libraries and appliances). They sort the MX RRset by preference
 * with a stable sort, so that ties stay in the order DNS answered, and use
 * only the first host that has an address.
 *
 * - That host's addresses in DNS order; a refused or timed-out connection
 *   moves on to its next address.
 * - A 4xx or 5xx greeting, or the host's addresses used up: deferred (the
 *   caller gets an error and retries later, if at all). No other MX is tried.
 * - With `rrsetOrder: rotated` the MX RRset itself is answered from a random
 *   starting record, which decides the first host among equal preferences.
 */
import { answered, type AttemptProcess, type Branch, type Profile, type Walker } from './engine';
import type { PreparedHost, PreparedMx } from './prepare';
import { advanceHost, cursorKey, enterHost, type Cursor, type HostStep } from './hosts';

/** Which host the client picks, with its probability over the rotations of the MX RRset. */
export function firstHostDistribution(mx: PreparedMx): Map<PreparedHost, number> {
  const n = mx.hosts.length;
  const out = new Map<PreparedHost, number>();
  const offsets = mx.rotated ? n : 1;
  for (let off = 0; off < offsets; off++) {
    const answered = mx.hosts.map((_, i) => mx.hosts[(off + i) % n]);
    // Array.prototype.sort is stable (ES2019): ties keep the answered order.
    const sorted = [...answered].sort((a, b) => a.preference - b.preference);
    const first = sorted.find((h) => h.usable);
    if (first !== undefined) out.set(first, (out.get(first) ?? 0) + 1 / offsets);
  }
  return out;
}

interface State {
  readonly h: number;
  readonly c: Cursor | null;
  readonly end: 'deferred' | null;
}

export const firstMx: Profile = {
  id: 'first-mx',
  literal: 'unusable',
  ipv4Only: false,
  mixedNullMx: 'skip',
  run(mx, use) {
    const dist = firstHostDistribution(mx);
    const move = (h: PreparedHost, st: HostStep, p: number): Branch<State> => {
      const state = mx.states[st.address];
      const refused = state === 'tempfail' || state === 'reject';
      return {
        p: p * st.p,
        address: st.address,
        next: refused ? { h: h.index, c: null, end: 'deferred' } : { h: h.index, c: st.cursor, end: null },
      };
    };
    const process: AttemptProcess<State> = {
      start: { h: -1, c: null, end: null },
      key: (s) => `${s.h}|${cursorKey(s.c)}|${s.end ?? ''}`,
      step: (s) => {
        if (s.end !== null) return [{ p: 1, end: s.end }];
        if (s.h < 0) {
          const out: Branch<State>[] = [];
          for (const [h, q] of dist) for (const st of enterHost(h, mx.rotated)) out.push(move(h, st, q));
          return out.length > 0 ? out : [{ p: 1, end: 'bounced' }];
        }
        const host = mx.hosts[s.h];
        const steps = s.c === null ? [] : advanceHost(host, s.c, mx.rotated);
        if (steps.length === 0) return [{ p: 1, end: 'deferred' }];
        return steps.map((st) => move(host, st, 1));
      },
    };
    const walker: Walker = (random) => {
      const first = [...answered(mx.hosts, mx.rotated, random)]
        .sort((a, b) => a.preference - b.preference)
        .find((h) => h.usable);
      if (first === undefined) return { attempts: [], result: 'bounced' };
      const attempts: number[] = [];
      for (const a of [...answered(first.v6, mx.rotated, random), ...answered(first.v4, mx.rotated, random)]) {
        attempts.push(a);
        const state = mx.states[a];
        if (state === 'up') return { attempts, result: 'delivered' };
        if (state !== 'down') return { attempts, result: 'deferred' };
      }
      return { attempts, result: 'deferred' };
    };
    // No permutation is ever drawn: the state space is one host's addresses.
    return use(process, walker, true);
  },
};
