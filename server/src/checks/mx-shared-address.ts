import { nameKey } from '../zone/names';
import type { RelatedInfo } from '../zone/types';
import { type Check, firstRelated, LIST_MAX, onTarget, RELATED_MAX, relatedField } from './check';
import { addressKey, listWords, mxDomains, redundantTiers, type MxEntry } from './mxSet';

const NUMBERS: Record<number, string> = { 2: 'two', 3: 'three', 4: 'four', 5: 'five' };

/** Two or more MX hosts of one domain on one address: they are one server, not two. */
export const check: Check = {
  code: 'mx-shared-address',
  severity: 'warning',
  summary: 'MX hosts of one domain that share an address',
  run(zone) {
    const out = [];
    for (const domain of mxDomains(zone)) {
      if (domain.entries.length < 2) continue; // sharing needs two hosts
      // A whole backup tier made of shared addresses is mx-backup-adds-nothing's to report.
      const skip = new Set(redundantTiers(domain).flatMap((r) => r.tier.entries));
      // address key -> the first MX entry of each distinct host name that reaches it
      const byAddress = new Map<string, { address: string; hosts: Map<string, MxEntry> }>();
      for (const e of domain.entries) {
        if (e.kind !== 'in-zone' || skip.has(e)) continue;
        for (const a of e.addresses) {
          const k = addressKey(a);
          let slot = byAddress.get(k);
          if (slot === undefined) {
            slot = { address: a.value, hosts: new Map() };
            byAddress.set(k, slot);
          }
          const hk = nameKey(e.target);
          if (!slot.hosts.has(hk)) slot.hosts.set(hk, e);
        }
      }
      // One diagnostic per group of hosts, however many addresses they share.
      const groups = new Map<string, { hosts: MxEntry[]; addresses: string[] }>();
      for (const { address, hosts } of byAddress.values()) {
        if (hosts.size < 2) continue;
        const list = [...hosts.values()];
        const gk = [...hosts.keys()].join(' ');
        const g = groups.get(gk);
        if (g === undefined) groups.set(gk, { hosts: list, addresses: [address] });
        else g.addresses.push(address);
      }
      for (const { hosts, addresses } of groups.values()) {
        const [first, second] = hosts;
        const names = listWords(hosts.map((e) => e.label));
        const prefs = new Set(hosts.map((e) => e.preference));
        const tiers =
          prefs.size > 1
            ? ` (${listWords(
                hosts.slice(0, LIST_MAX).map((e) => `${e.label} at ${e.preference}`),
                hosts.length,
              )})`
            : ` (all at preference ${first.preference})`;
        const what =
          addresses.length === 1
            ? `${names} are ${hosts.length === 2 ? 'both' : 'all'} ${addresses[0]}`
            : `${names} share the addresses ${listWords(addresses)}`;
        const related: RelatedInfo[] = firstRelated(hosts.filter((e) => e !== second)).map((e) =>
          relatedField(e.record, e.exchange, `MX ${e.preference} ${e.label}`),
        );
        const shared = new Set(addresses);
        const shown = new Set<unknown>();
        for (const e of hosts) {
          for (const a of e.addresses) {
            if (related.length === RELATED_MAX) break;
            if (a.record !== undefined && a.field !== undefined && shared.has(a.value) && !shown.has(a.record)) {
              shown.add(a.record);
              related.push(relatedField(a.record, a.field, `${e.label} ${a.record.type} ${a.value}`));
            }
          }
        }
        out.push(
          onTarget(
            this,
            second,
            `${what}${tiers}: they are one server, not ${NUMBERS[hosts.length] ?? hosts.length}. When it is down every one of these MX entries fails at once, so the second name adds no failover`,
            { related },
          ),
        );
      }
    }
    return out;
  },
};
