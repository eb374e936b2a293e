import type { RelatedInfo } from '../zone/types';
import { diag, firstRelated, relatedField, type Check } from './check';
import { listWords, mxDomains, type MxDomain } from './mxSet';
import {
  EXIM_HOSTS_MAX_TRY,
  eximUnreached,
  POSTFIX_ADDRESS_LIMIT,
  postfixUnreached,
  type Unreached,
} from './senderLimits';

/** The capped profiles of SIMULATION.md, with how a message names their cap. */
const PROFILES: readonly { name: string; cap: string; unreached: (d: MxDomain) => Unreached[] }[] = [
  { name: 'Postfix', cap: `smtp_mx_address_limit = ${POSTFIX_ADDRESS_LIMIT}`, unreached: postfixUnreached },
  {
    name: 'Exim',
    cap: `hosts_max_try = ${EXIM_HOSTS_MAX_TRY}, hosts_max_try_hardlimit = 50`,
    unreached: eximUnreached,
  },
];

/** A sender with a cap on addresses never reaches some backup tier. */
export const check: Check = {
  code: 'mx-address-limit',
  severity: 'warning',
  summary: 'a backup tier that senders with an address cap never reach',
  run(zone) {
    const out = [];
    for (const domain of mxDomains(zone)) {
      // Only a backup tier can be left out (the lowest is tried first): most domains have one tier.
      if (!domain.hasBackup) continue;
      // preference -> the profiles that miss it, and why
      const missed = new Map<number, { name: string; cap: string; reason: string }[]>();
      for (const p of PROFILES) {
        for (const u of p.unreached(domain)) {
          const list = missed.get(u.preference) ?? [];
          list.push({ name: p.name, cap: p.cap, reason: u.reason });
          missed.set(u.preference, list);
        }
      }
      if (missed.size === 0) continue;
      const tierAt = new Map(domain.tiers.map((t, i) => [t.preference, i]));
      for (const [preference, profiles] of missed) {
        const at = tierAt.get(preference);
        if (at === undefined) continue;
        const tier = domain.tiers[at];
        // The tiers below it: `at` of them, ascending.
        const lower = domain.tiers.slice(0, Math.min(at, 4));
        const lowerWords =
          at === 1
            ? `tier ${lower[0].preference}`
            : at <= 4
              ? `tiers ${listWords(lower.map((t) => String(t.preference)))}`
              : `the ${at} tiers ${lower[0].preference} to ${domain.tiers[at - 1].preference}`;
        const hosts = listWords([...new Set(tier.entries.map((e) => e.label))]);
        const who = profiles.map((p) => `${p.name} (${p.cap}) never tries it: ${p.reason}`);
        const [first, ...rest] = tier.entries;
        const related: RelatedInfo[] = [
          ...firstRelated(rest).map((e) => relatedField(e.record, e.exchange, `MX ${e.preference} ${e.label}`)),
          ...lower.flatMap((t) =>
            t.entries.slice(0, 1).map((e) => relatedField(e.record, e.preferenceField, `tier ${t.preference}`)),
          ),
        ];
        out.push(
          diag(
            this,
            first.record,
            first.preferenceField.start,
            first.preferenceField.end,
            `the backup tier ${preference} of ${domain.label} (${hosts}) comes after ${lowerWords}; ${who.join('; ')}. Mail from these senders is never delivered to this tier: when the lower tiers are down it queues instead. Put fewer addresses in front of it (fewer hosts or addresses per host in ${lowerWords})`,
            { related },
          ),
        );
      }
    }
    return out;
  },
};
