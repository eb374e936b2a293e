import { type Check, onTarget, relatedField, sharedTexts } from './check';
import { addressKey, listWords, mxDomains, usable, type MxEntry } from './mxSet';

/** True when the entries reach exactly one distinct address (stops at the second). */
function oneAddress(live: readonly MxEntry[]): boolean {
  let only: string | undefined;
  for (const e of live) {
    for (const a of e.addresses) {
      const k = addressKey(a);
      if (only === undefined) only = k;
      else if (k !== only) return false;
    }
  }
  return only !== undefined;
}

/** All MX hosts of a domain together reach one address: no failover. */
export const check: Check = {
  code: 'mx-single-address',
  severity: 'information',
  summary: 'all MX hosts of a domain reach one address',
  run(zone) {
    const out = [];
    const shared = sharedTexts();
    for (const domain of mxDomains(zone)) {
      // Usable hosts only: an IP-literal target (mx-target-ip's error) is no server to count. Most
      // domains have one MX: its list is the live list when the entry is usable (no new list).
      const entries = domain.entries;
      const live = entries.length === 1 ? (usable(entries[0]) ? entries : []) : entries.filter(usable);
      // An out-of-zone host may have addresses of its own: then nothing can be said.
      if (live.length === 0 || live.some((e) => !e.known)) continue;
      if (!oneAddress(live)) continue;
      const first = live[0];
      const address = first.addresses[0];
      const hosts = live.length === 1 ? [first.label] : [...new Set(live.map((e) => e.label))];
      const who = hosts.length === 1 ? `its only MX host ${hosts[0]}` : `all its MX hosts (${listWords(hosts)})`;
      out.push(
        onTarget(
          this,
          first,
          `all mail for ${domain.label} goes to one address, ${address.value} (${who}): no failover, senders queue mail while it is down`,
          {
            related:
              address.record !== undefined && address.field !== undefined
                ? [
                    relatedField(
                      address.record,
                      address.field,
                      shared(`${first.label} ${address.record.type} ${address.value}`),
                    ),
                  ]
                : [],
          },
        ),
      );
    }
    return out;
  },
};
