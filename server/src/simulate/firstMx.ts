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
import { answerStart, type AttemptProcess, type Branch, type Profile, type Walker } from './engine';
import { firstFrom } from '../zone/model';
import type { PreparedHost, PreparedMx } from './prepare';
import { advanceHost, answeredAddresses, cursorKey, enterHost, type Cursor, type HostStep } from './hosts';

/**
 * The hosts the client may pick: those with an address at the lowest
 * preference any such host has, by index. Which one it picks is the first
 * of them in the order DNS answered the MX RRset: after a stable sort by
 * preference, ties keep that order.
 */
function candidates(mx: PreparedMx): number[] {
  let best = Infinity;
  for (const h of mx.hosts) if (h.usable && h.preference < best) best = h.preference;
  const out: number[] = [];
  mx.hosts.forEach((h, i) => {
    if (h.usable && h.preference === best) out.push(i);
  });
  return out;
}

/** Which host the client picks, with its probability over the rotations of the MX RRset. */
export function firstHostDistribution(mx: PreparedMx): Map<PreparedHost, number> {
  const n = mx.hosts.length;
  const out = new Map<PreparedHost, number>();
  const cands = candidates(mx);
  if (cands.length === 0) return out;
  if (!mx.rotated) return out.set(mx.hosts[cands[0]], 1);
  // Answered from record `off`, the client picks the first candidate at or after it, else the first of all:
  // candidate k is picked for the offsets after candidate k - 1 up to itself (the first also for those after the last).
  cands.forEach((c, k) => {
    const offsets = k > 0 ? c - cands[k - 1] : c + 1 + (n - 1 - cands[cands.length - 1]);
    out.set(mx.hosts[c], offsets / n);
  });
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
    const cands = candidates(mx);
    const walker: Walker = (random) => {
      // The MX RRset as answered from record `off`, sorted by preference, its first host with an address.
      const off = answerStart(mx.hosts.length, mx.rotated, random);
      if (cands.length === 0) return { attempts: [], result: 'bounced' };
      const first = mx.hosts[cands[firstFrom(cands, off, (c) => c) % cands.length]];
      const attempts: number[] = [];
      const answer = answeredAddresses(first, mx.rotated, random);
      for (let k = 0; k < answer.length; k++) {
        const a = answer.at(k);
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
