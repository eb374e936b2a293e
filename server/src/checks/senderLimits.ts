/**
 * The address caps of the sender profiles of SIMULATION.md, reduced to the one
 * question `mx-address-limit` asks: which tiers can a capped sender never
 * reach, whatever order the random draws give?
 *
 * This is a small, exact re-statement of the profile rules (step 3 of
 * SIMULATION.md) for reachability only. The full simulation (probabilities,
 * states, sequences) lives in `server/src/simulate/`; the checks do not depend
 * on it so that each can change on its own. A change to the `postfix` or
 * `exim` rules there must be mirrored here.
 */
import { nameKey } from '../zone/names';
import { addressKey, type MxDomain, type MxEntry } from './mxSet';

/** Postfix `smtp_mx_address_limit` default. */
export const POSTFIX_ADDRESS_LIMIT = 5;
/** Exim `hosts_max_try` default. */
export const EXIM_HOSTS_MAX_TRY = 5;
/** Exim `hosts_max_try_hardlimit` default. */
export const EXIM_HARD_LIMIT = 50;

/** A tier a profile never reaches, and why. */
export interface Unreached {
  preference: number;
  /** Entries of the profile's list (addresses, counted the profile's way) before the tier. */
  before: number;
  /** Why, in words: `the 6 addresses ahead of it fill its list of 5`. */
  reason: string;
}

/** One entry of a profile's address list. */
interface Slot {
  preference: number;
  family: 4 | 6;
  key: string;
}

/**
 * The most entries any profile's list can have: every address of every
 * entry, an unknown host as one. Both lists below are at most this long, so a
 * domain within the caps (nearly all) needs no list at all; nor does a domain
 * with one tier, however many addresses it has.
 */
function slotBound(domain: MxDomain): number {
  // One tier is always reached: its first entry heads every list.
  if (!domain.hasBackup) return 0;
  let n = 0;
  for (const e of domain.entries) n += e.known ? e.addresses.length : 1;
  return n;
}

/**
 * Postfix's list: every address of every usable host, tagged with the host's
 * preference, no de-duplication. An out-of-zone host is one opaque entry,
 * taken as IPv4 (what nearly every MX host has). An IP literal is its own
 * address (Postfix accepts it). A null MX beside other records makes Postfix
 * treat the whole set as null MX: then there is no list at all.
 */
function postfixSlots(domain: MxDomain): Slot[] | null {
  if (domain.entries.some((e) => e.kind === 'null')) return null;
  const slots: Slot[] = [];
  for (const e of domain.entries) {
    if (!e.known) {
      slots.push({ preference: e.preference, family: 4, key: `host/${nameKey(e.canonical)}` });
      continue;
    }
    for (const a of e.addresses) slots.push({ preference: e.preference, family: a.family, key: addressKey(a) });
  }
  return slots;
}

/**
 * The tiers Postfix never reaches. Postfix shuffles the list, sorts it by
 * preference, and keeps 5 entries; when the list is longer and holds both
 * families, `smtp_balance_inet_protocols` keeps all of a family with at most
 * 2 entries plus the first of the other up to 5, or else the first 3 of the
 * first entry's family and the first 2 of the other. A tier is reached when,
 * in some order, one of its entries is kept: its best-placed entry of family
 * `f` has exactly the entries of `f` from lower preferences before it.
 */
export function postfixUnreached(domain: MxDomain): Unreached[] {
  if (slotBound(domain) <= POSTFIX_ADDRESS_LIMIT) return [];
  const slots = postfixSlots(domain);
  if (slots === null || slots.length <= POSTFIX_ADDRESS_LIMIT) return [];
  slots.sort((a, b) => a.preference - b.preference);
  let v4 = 0;
  for (const s of slots) if (s.family === 4) v4++;
  const v6 = slots.length - v4;
  const lowest = slots[0].preference;
  const quotaOf = (f: 4 | 6): number => {
    if (v4 === 0 || v6 === 0) return POSTFIX_ADDRESS_LIMIT;
    const mine = f === 4 ? v4 : v6;
    const other = f === 4 ? v6 : v4;
    if (mine <= 2) return Infinity;
    if (other <= 2) return POSTFIX_ADDRESS_LIMIT - other;
    // The first entry of the list is of family f only if the lowest tier has one.
    return slots.some((s) => s.preference === lowest && s.family === f) ? 3 : 2;
  };
  const quota = { 4: quotaOf(4), 6: quotaOf(6) };
  const single = v4 === 0 || v6 === 0;
  const out: Unreached[] = [];
  // The tiers in ascending order, with the entries of each family ahead of each.
  const ahead = { 4: 0, 6: 0 };
  for (let i = 0, j = 0; i < slots.length; i = j) {
    const pref = slots[i].preference;
    const families = new Set<4 | 6>();
    for (; j < slots.length && slots[j].preference === pref; j++) families.add(slots[j].family);
    const before = (f: 4 | 6): number => (single ? i : ahead[f]);
    const reached = [...families].some((f) => before(f) < quota[f]);
    if (!reached) {
      const reason = single
        ? `the ${i} addresses ahead of it fill its list of ${POSTFIX_ADDRESS_LIMIT}`
        : [...families]
            .map(
              (f) =>
                `the ${before(f)} IPv${f} addresses ahead of it take the ${quota[f]} places its IPv4/IPv6 balancing (smtp_balance_inet_protocols) leaves for IPv${f}`,
            )
            .join(', and ');
      out.push({ preference: pref, before: i, reason });
    }
    for (let k = i; k < j; k++) ahead[slots[k].family]++;
  }
  return out;
}

/**
 * The tiers Exim never reaches. Exim de-duplicates host names (keeping the
 * lowest preference) and addresses (keeping the first), tries 5, then one
 * address of each higher preference level, never more than 50 in all. IP
 * literals are unusable to it; an unknown host is one opaque entry.
 */
export function eximUnreached(domain: MxDomain): Unreached[] {
  if (slotBound(domain) <= EXIM_HOSTS_MAX_TRY) return [];
  const hosts = new Map<string, MxEntry>();
  for (const e of [...domain.entries].sort((a, b) => a.preference - b.preference)) {
    if (e.kind === 'null' || e.kind === 'ip-literal') continue;
    const k = nameKey(e.target);
    if (!hosts.has(k)) hosts.set(k, e);
  }
  const seen = new Set<string>();
  const list: Slot[] = [];
  for (const e of hosts.values()) {
    const keys = e.known
      ? e.addresses.map((a) => ({ key: addressKey(a), family: a.family }))
      : [{ key: `host/${nameKey(e.canonical)}`, family: 4 as const }];
    for (const { key, family } of keys) {
      if (seen.has(key)) continue;
      seen.add(key);
      list.push({ preference: e.preference, family, key });
    }
  }
  if (list.length <= EXIM_HOSTS_MAX_TRY) return [];
  const lastCounted = list[EXIM_HOSTS_MAX_TRY - 1].preference;
  const levels = [...new Set(list.map((s) => s.preference))].sort((a, b) => a - b);
  const out: Unreached[] = [];
  let extra = 0;
  // The list is in ascending preference: the entries before a level are those up to its first.
  let before = 0;
  for (const pref of levels) {
    if (pref <= lastCounted) continue;
    extra++;
    if (EXIM_HOSTS_MAX_TRY + extra > EXIM_HARD_LIMIT) {
      while (list[before].preference < pref) before++;
      const reason = `it stops after ${EXIM_HARD_LIMIT} attempts: ${EXIM_HOSTS_MAX_TRY} addresses, then one per higher preference`;
      out.push({ preference: pref, before, reason });
    }
  }
  return out;
}
