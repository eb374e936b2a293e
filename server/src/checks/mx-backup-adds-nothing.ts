import type { RelatedInfo } from '../zone/types';
import { diag, recordSpan, relatedField, type Check, type FileSpan } from './check';
import { listWords, mxDomains, reachKeys, redundantTiers, usable, type MxEntry, type RedundantTier } from './mxSet';

/** Data for the quick fix: the MX records of the tier, to remove. */
export interface MxBackupAddsNothingFix {
  preference: number;
  remove: FileSpan[];
}

/** How an address key reads in a message: the address, or the host name for an unknown host. */
function keyWords(key: string): string {
  return key.slice(key.indexOf('/') + 1);
}

function tierWords(tiers: readonly { preference: number }[]): string {
  const prefs = tiers.map((t) => String(t.preference));
  return prefs.length === 1 ? `tier ${prefs[0]}` : `tiers ${listWords(prefs)}`;
}

/**
 * "mail1 and mail are both 172.16.10.1", one clause per group of hosts (the
 * lower tier's first), however many addresses the group shares.
 */
function explain(r: RedundantTier): string {
  const groups = new Map<string, { hosts: string[]; mine: string[]; keys: string[] }>();
  for (const [key, lower] of r.coveredBy) {
    const mine = [
      ...new Set(r.tier.entries.filter((e) => usable(e) && reachKeys(e).includes(key)).map((e) => e.label)),
    ];
    const hosts = [...new Set([...lower.map((e) => e.label), ...mine])];
    const gk = hosts.join(' ');
    const g = groups.get(gk);
    if (g === undefined) groups.set(gk, { hosts, mine, keys: [key] });
    else g.keys.push(key);
  }
  const clauses: string[] = [];
  for (const { hosts, mine, keys } of groups.values()) {
    const opaque = keys.filter((k) => k.startsWith('host/'));
    const addresses = keys.filter((k) => !k.startsWith('host/')).map(keyWords);
    if (opaque.length > 0) clauses.push(`${listWords(mine)} ${mine.length === 1 ? 'is' : 'are'} already listed lower`);
    if (addresses.length === 0) continue;
    const what = addresses.length === 1 ? addresses[0] : `on ${listWords(addresses)}`;
    if (hosts.length === 1) clauses.push(`${hosts[0]} is ${what} at both preferences`);
    else clauses.push(`${listWords(hosts)} are ${hosts.length === 2 ? 'both' : 'all'} ${what}`);
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
        const related: RelatedInfo[] = rest.map((e) =>
          relatedField(e.record, e.exchange, `MX ${e.preference} ${e.label}, also in tier ${r.tier.preference}`),
        );
        const seen = new Set<MxEntry>();
        for (const lower of r.coveredBy.values()) {
          for (const e of lower) {
            if (seen.has(e)) continue;
            seen.add(e);
            related.push(relatedField(e.record, e.exchange, `MX ${e.preference} ${e.label}, in tier ${e.preference}`));
          }
        }
        const data: MxBackupAddsNothingFix = {
          preference: r.tier.preference,
          remove: r.tier.entries.map((e) => recordSpan(e.record)),
        };
        const lower = tierWords(r.lower);
        const one = r.lower.length === 1;
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
