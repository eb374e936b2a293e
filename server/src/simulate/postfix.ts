/**
 * `postfix`: the Postfix 3.x SMTP client with default settings.
 *
 * - `smtp_addr.c`, `smtp_domain_addr()`: the MX hosts are sorted by
 *   preference and every address of every host is appended to one list, each
 *   tagged with its host's preference (`smtp_addr_list()`); no address is
 *   de-duplicated, so an address reached through two names is listed twice.
 *   With `smtp_randomize_addresses = yes` the list is shuffled
 *   (`dns_rr_shuffle`) and then stable-sorted by preference (`dns_rr_sort`
 *   with `smtp_address_preference = any`): within one preference the
 *   *addresses*, not the hosts, come in uniformly random order.
 * - `smtp_balance_inet_proto()` (`smtp_balance_inet_protocols = yes`) and
 *   `smtp_mx_address_limit = 5`: when the list holds both families and more
 *   than 5 entries, at most 5 are kept in list order: all IPv6 and the first
 *   IPv4 ones up to 5 if there are at most 2 IPv6 (5 / 2), the mirror when at
 *   most 2 IPv4, otherwise 3 of the family of the list's first entry and 2 of
 *   the other. A one-family list is cut to its first 5.
 * - `smtp_skip_5xx_greeting = yes`: a 5xx greeting is handled as a 4xx one,
 *   so every failure moves on to the next address, and a list used up is
 *   deferred.
 * - An IP literal as MX target is used as that address (`smtp_addr_one()`
 *   reads a numeric host as an address).
 * - A null MX (`.`) anywhere in the RRset makes `dns_lookup()` answer
 *   `DNS_NULLMX` for the whole set: the mail bounces (handled in Step 1).
 */
import { EXACT_LEVEL_LIMIT, Shuffle, type AttemptProcess, type Branch, type Profile, type Walker } from './engine';

/** `smtp_mx_address_limit` default. */
const ADDRESS_LIMIT = 5;

interface Entry {
  address: number;
  six: boolean;
}

interface State {
  /** Preference level being drawn from. */
  readonly lv: number;
  /** Entries of that level not yet drawn (indexes into `levels[lv]`). */
  readonly rem: readonly number[];
  /** Entries kept so far, per family. */
  readonly k6: number;
  readonly k4: number;
  /** How many of each family are kept; -1 while the first entry decides (balancing, region R2). */
  readonly q6: number;
  readonly q4: number;
}

/** How many entries of each family survive the limit and the balancing (-1: decided by the first entry). */
function postfixQuotas(n6: number, n4: number): { q6: number; q4: number } {
  const half = Math.floor(ADDRESS_LIMIT / 2);
  if (n6 + n4 <= ADDRESS_LIMIT) return { q6: n6, q4: n4 };
  if (n6 === 0) return { q6: 0, q4: ADDRESS_LIMIT };
  if (n4 === 0) return { q6: ADDRESS_LIMIT, q4: 0 };
  if (n6 <= half) return { q6: n6, q4: ADDRESS_LIMIT - n6 };
  if (n4 <= half) return { q6: ADDRESS_LIMIT - n4, q4: n4 };
  return { q6: -1, q4: -1 };
}

/**
 * `smtp_balance_inet_proto()`: how many entries of each family to keep, given
 * the family counts and that of the list's first entry (then the list is
 * filtered in order and cut at `smtp_mx_address_limit`).
 */
function balanceTargets(v6: number, v4: number, firstSix: boolean): { t6: number; t4: number } {
  if (v4 === 0 || v6 === 0 || v4 + v6 <= ADDRESS_LIMIT) return { t6: v6, t4: v4 };
  const half = Math.floor(ADDRESS_LIMIT / 2);
  if (v6 <= half) return { t6: v6, t4: ADDRESS_LIMIT - v6 };
  if (v4 <= half) return { t6: ADDRESS_LIMIT - v4, t4: v4 };
  const t4 = Math.floor((ADDRESS_LIMIT + (firstSix ? 0 : 1)) / 2);
  return { t6: ADDRESS_LIMIT - t4, t4 };
}

export const postfix: Profile = {
  id: 'postfix',
  literal: 'address',
  ipv4Only: false,
  mixedNullMx: 'bounce',
  run(mx, use) {
    const byPref = new Map<number, Entry[]>();
    for (const h of mx.hosts) {
      for (const a of [...h.v6, ...h.v4]) {
        const e = { address: a, six: mx.addresses[a].family === 6 };
        const list = byPref.get(h.preference);
        if (list === undefined) byPref.set(h.preference, [e]);
        else list.push(e);
      }
    }
    const levels = [...byPref.entries()].sort((a, b) => a[0] - b[0]).map(([, es]) => es);
    const all = levels.flat();
    const n6 = all.filter((e) => e.six).length;
    const { q6, q4 } = postfixQuotas(n6, all.length - n6);
    const indexes = (lv: number): number[] => levels[lv].map((_, i) => i);

    // The kept list is the subsequence of the shuffled, sorted list made of the
    // first q6 IPv6 and the first q4 IPv4 entries. In a uniform permutation,
    // the next entry of a family still wanted is uniform among the level's
    // remaining entries of wanted families; so the list is drawn entry by
    // entry without ever materialising a whole permutation.
    /** The level drawn from next and the entries that may come next; null when the list is complete. */
    const pool = (s: State): { lv: number; rem: readonly number[]; pool: number[] } | null => {
      if (s.k6 + s.k4 >= ADDRESS_LIMIT) return null;
      const wanted = (e: Entry): boolean => s.q6 < 0 || (e.six ? s.k6 < s.q6 : s.k4 < s.q4);
      let lv = s.lv;
      let rem = s.rem;
      let candidates = rem.filter((i) => wanted(levels[lv][i]));
      while (candidates.length === 0) {
        lv++;
        if (lv >= levels.length) return null;
        rem = indexes(lv);
        candidates = rem.filter((i) => wanted(levels[lv][i]));
      }
      return { lv, rem, pool: candidates };
    };
    /** The attempt at entry `i` of the pool, each entry equally likely. */
    const draw = (s: State, d: { lv: number; rem: readonly number[]; pool: number[] }, i: number): Branch<State> => {
      const e = levels[d.lv][i];
      // Region R2: 3 of the first entry's family, 2 of the other ((5 + isA) / 2 IPv4).
      const q6 = s.q6 >= 0 ? s.q6 : e.six ? 3 : 2;
      const q4 = s.q4 >= 0 ? s.q4 : e.six ? 2 : 3;
      return {
        p: 1 / d.pool.length,
        address: e.address,
        next: {
          lv: d.lv,
          rem: d.rem.filter((x) => x !== i),
          k6: s.k6 + (e.six ? 1 : 0),
          k4: s.k4 + (e.six ? 0 : 1),
          q6,
          q4,
        },
      };
    };
    const process: AttemptProcess<State> = {
      start: { lv: 0, rem: levels.length > 0 ? indexes(0) : [], k6: 0, k4: 0, q6, q4 },
      key: (s) => `${s.lv}|${s.rem.join('.')}|${s.k6}.${s.k4}|${s.q6}.${s.q4}`,
      step: (s) => {
        const d = pool(s);
        if (d === null) return [{ p: 1, end: 'deferred' }];
        return d.pool.map((i) => draw(s, d, i));
      },
    };
    // The walker follows the source: shuffle the whole list, stable sort by
    // preference, balance and cut it, then connect down it. A uniform
    // permutation followed by a stable sort by preference is a uniform
    // permutation within each preference; the walker draws it entry by entry
    // as it reads it, each level's IPv6 and IPv4 entries in random order
    // (`Shuffle`) and the family of each next entry in proportion to what
    // is left of each, leaving out a family once its quota is used up (the
    // balancing skips its entries). A walk then pays for the five entries it
    // keeps, not for the thousands a level may hold.
    const sixes = levels.map((l) => l.filter((e) => e.six).map((e) => e.address));
    const fours = levels.map((l) => l.filter((e) => !e.six).map((e) => e.address));
    const walker: Walker = (random) => {
      const attempts: number[] = [];
      if (all.length === 0) return { attempts, result: 'deferred' };
      let lv = 0;
      let six = new Shuffle(sixes[0], random);
      let four = new Shuffle(fours[0], random);
      // The list's first entry, whose family decides the balancing.
      let nextSix = random() * (six.left + four.left) < six.left;
      let { t6, t4 } = balanceTargets(n6, all.length - n6, nextSix);
      while (attempts.length < ADDRESS_LIMIT) {
        const left6 = t6 > 0 ? six.left : 0;
        const left4 = t4 > 0 ? four.left : 0;
        if (left6 + left4 === 0) {
          if (t6 <= 0 && t4 <= 0) break;
          lv++;
          if (lv >= levels.length) break;
          six = new Shuffle(sixes[lv], random);
          four = new Shuffle(fours[lv], random);
          continue;
        }
        if (attempts.length > 0 || lv > 0) nextSix = random() * (left6 + left4) < left6;
        const address = (nextSix ? six.next() : four.next()) as number;
        if (nextSix) t6--;
        else t4--;
        attempts.push(address);
        if (mx.states[address] === 'up') return { attempts, result: 'delivered' };
      }
      return { attempts, result: 'deferred' };
    };
    return use(
      process,
      walker,
      levels.every((l) => l.length <= EXACT_LEVEL_LIMIT),
    );
  },
};
