import { nameLabels } from '../zone/names';
import { type Check, onTarget } from './check';
import { mxDomains } from './mxSet';

/** RFC 952 as relaxed by RFC 1123 §2.1: letters, digits and hyphens, not starting or ending with a hyphen. */
const LDH = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

/** Why a label is not a host-name label, in words. */
function whyNot(label: string): string {
  if (label.startsWith('-')) return 'starts with a hyphen';
  if (label.endsWith('-')) return 'ends with a hyphen';
  if (label.includes('_')) return 'contains an underscore';
  if (label === '*') return 'is a wildcard';
  return 'has characters other than letters, digits and hyphens';
}

/** RFC 952/1123: an MX target is a host name. */
export const check: Check = {
  code: 'mx-target-not-hostname',
  severity: 'warning',
  summary: 'an MX target that is not a valid host name',
  run(zone) {
    const out = [];
    // The first bad label of each target name: many domains share a few hosts.
    const badLabel = new Map<string, string | undefined>();
    for (const domain of mxDomains(zone)) {
      for (const e of domain.entries) {
        if (e.kind === 'null' || e.kind === 'ip-literal') continue;
        let bad = badLabel.get(e.target);
        if (bad === undefined && !badLabel.has(e.target)) {
          bad = nameLabels(e.target).find((l) => !LDH.test(l));
          badLabel.set(e.target, bad);
        }
        if (bad === undefined) continue;
        out.push(
          onTarget(
            this,
            e,
            `the MX target ${e.target} is not a valid host name: its label '${bad}' ${whyNot(bad)} (RFC 952, RFC 1123 §2.1 allow letters, digits and hyphens, not at either end). Many senders refuse such an MX, and BIND's check-names flags it`,
          ),
        );
      }
    }
    return out;
  },
};
