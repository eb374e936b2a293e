import { resolveExternal } from '../zone/external';
import { type Check, onTarget } from './check';
import { mxDomains } from './mxSet';

/** A target outside the zone: its addresses cannot be checked from the file. */
export const check: Check = {
  code: 'mx-target-out-of-zone',
  severity: 'hint',
  summary: 'an MX target outside the zone, not checked',
  run(zone, _settings, context) {
    const out = [];
    // One message per target, which many domains share (at 1M records, 28 000 diagnostics say one of three).
    const messages = new Map<string, string>();
    for (const domain of mxDomains(zone)) {
      for (const e of domain.entries) {
        // Only the target as written: an in-zone alias that leads out is mx-target-cname's.
        if (e.kind !== 'out-of-zone' || e.alias !== undefined) continue;
        // DNS answered (zonelens.resolve.outOfZone): the target was checked after all.
        if (context.external !== undefined) {
          const r = resolveExternal(context.external, e.canonical);
          if (r.loop || r.addresses.state !== 'unknown') continue;
        }
        let message = messages.get(e.target);
        if (message === undefined) {
          const where =
            e.delegation !== undefined
              ? `is in the delegated zone ${e.delegation} and this file has no glue address for it`
              : 'is outside this zone';
          message = `the MX target ${e.target} ${where}: its addresses cannot be checked from this file`;
          messages.set(e.target, message);
        }
        out.push(onTarget(this, e, message));
      }
    }
    return out;
  },
};
