import type { RelatedInfo } from '../zone/types';
import {
  diag,
  firstRelated,
  LIST_MAX,
  recordSpan,
  RELATED_MAX,
  relatedField,
  type Check,
  type FileSpan,
} from './check';
import {
  listWords,
  mxDomains,
  reachKeys,
  redundantTiers,
  usable,
  type MxDomain,
  type MxEntry,
  type RedundantTier,
} from './mxSet';

/** Data for the quick fix: the MX records of the tier, to remove. */
export interface MxBackupAddsNothingFix {
  preference: number;
  remove: FileSpan[];
}

/** How an address key reads in a message: the address, or the host name for an unknown host. */
function keyWords(key: string): string {
  return key.slice(key.indexOf('/') + 1);
}

function tierWords(domain: MxDomain, count: number): string {
  const prefs = domain.tiers.slice(0, Math.min(count, LIST_MAX)).map((t) => String(t.preference));
  return count === 1 ? `tier ${prefs[0]}` : `tiers ${listWords(prefs, count)}`;
}

/**
 * "mail1 and mail are both 172.16.10.1", one clause per group of hosts (the
 * lower tier's first), however many addresses the group shares.
 */
function explain(r: RedundantTier): string {
  // The tier's own hosts that reach each key, in one pass over its entries.
  const mineByKey = new Map<string, Set<string>>();
  for (const e of r.tier.entries) {
    if (!usable(e)) continue;
    for (const key of reachKeys(e)) {
      const mine = mineByKey.get(key);
      if (mine === undefined) mineByKey.set(key, new Set([e.label]));
      else mine.add(e.label);
    }
  }
  const groups = new Map<string, { hosts: string[]; more: number; mine: string[]; keys: string[] }>();
  for (const [key, lower] of r.coveredBy) {
    const mine = [...(mineByKey.get(key) ?? [])];
    const hosts = [...new Set([...lower.first.map((e) => e.label), ...mine])];
    const gk = hosts.join(' ');
    const g = groups.get(gk);
    if (g === undefined) groups.set(gk, { hosts, more: lower.count - lower.first.length, mine, keys: [key] });
    else g.keys.push(key);
  }
  const clauses: string[] = [];
  for (const { hosts, more, mine, keys } of groups.values()) {
    const opaque = keys.some((k) => k.startsWith('host/'));
    const addresses = keys.filter((k) => !k.startsWith('host/')).map(keyWords);
    if (opaque) clauses.push(`${listWords(mine)} ${mine.length === 1 ? 'is' : 'are'} already listed lower`);
    if (addresses.length === 0) continue;
    const what = addresses.length === 1 ? addresses[0] : `on ${listWords(addresses)}`;
    const total = hosts.length + more;
    if (total === 1) clauses.push(`${hosts[0]} is ${what} at both preferences`);
    else clauses.push(`${listWords(hosts, total)} are ${total === 2 ? 'both' : 'all'} ${what}`);
  }
  return clauses.join('; ');
}

/** A backup tier that reaches no server a lower tier does not: failing over to it gains nothing. */
export const check: Check = {
  code: 'mx-backup-adds-nothing',
  severity: 'warning',
  summary: 'a backup MX tier whose addresses a lower tier already reaches',
  run(zone) {
    const out = [];
    for (const domain of mxDomains(zone)) {
      for (const r of redundantTiers(domain)) {
        const [first, ...rest] = r.tier.entries;
        const related: RelatedInfo[] = firstRelated(rest).map((e) =>
          relatedField(e.record, e.exchange, `MX ${e.preference} ${e.label}, also in tier ${r.tier.preference}`),
        );
        const seen = new Set<MxEntry>();
        for (const lower of r.coveredBy.values()) {
          for (const e of lower.first) {
            if (seen.has(e) || related.length === RELATED_MAX) continue;
            seen.add(e);
            related.push(relatedField(e.record, e.exchange, `MX ${e.preference} ${e.label}, in tier ${e.preference}`));
          }
        }
        const data: MxBackupAddsNothingFix = {
          preference: r.tier.preference,
          remove: r.tier.entries.map((e) => recordSpan(e.record)),
        };
        const lower = tierWords(domain, r.below);
        const one = r.below === 1;
        out.push(
          diag(
            this,
            first.record,
            first.preferenceField.start,
            first.preferenceField.end,
            `${explain(r)}: the backup tier ${r.tier.preference} reaches no server that ${lower} ${one ? 'does' : 'do'} not. When ${lower} ${one ? 'is' : 'are'} down, so is this tier, and senders queue the mail anyway; remove the tier or give it a server of its own`,
            { related, data },
          ),
        );
      }
    }
    return out;
  },
};
