import { resolveExternal, type ExternalNames } from '../zone/external';
import type { ZoneDiagnostic } from '../zone/types';
import { type Check, diag, fieldSpan, type FileSpan, onTarget, relatedRecord } from './check';
import { hostLabel, mxDomains, type MxDomain, type MxEntry } from './mxSet';
import { originOf, writeName } from './writtenName';

/** Data for the quick fix: the target field and the canonical name to put there. */
export interface MxTargetCnameFix {
  exchange: FileSpan;
  /** The name at the end of the alias chain, absolute. */
  canonical: string;
  /** The same, as it is best written in place of the target (relative to the origin in effect there, when below it). */
  text: string;
}

/** RFC 2181 §10.3, RFC 5321 §5.1: an MX target is a canonical name, not an alias. */
export const check: Check = {
  code: 'mx-target-cname',
  severity: 'warning',
  summary: 'an MX target that is an alias (CNAME or DNAME)',
  run(zone, _settings, context) {
    const out = [];
    for (const domain of mxDomains(zone)) {
      for (const e of domain.entries) {
        const alias = e.alias;
        if (alias === undefined) {
          // Outside the zone only DNS can tell, when the user asked for it.
          const found =
            context.external && e.kind === 'out-of-zone' ? externalAlias(this, domain, e, context.external) : null;
          if (found !== null) out.push(found);
          continue;
        }
        const related = alias.chain.map((r) => relatedRecord(r, `${r.type} of ${hostLabel(zone, r.owner)}`));
        const via = alias.chain.some((r) => r.type === 'DNAME') ? 'an alias (below a DNAME)' : 'an alias (CNAME)';
        if (alias.loop) {
          out.push(
            onTarget(
              this,
              e,
              `the MX target ${e.label} of ${domain.label} is ${via} whose chain loops back on itself: it leads to no address, so senders cannot use this MX`,
              { related },
            ),
          );
          continue;
        }
        const canonicalLabel = hostLabel(zone, alias.name);
        const data: MxTargetCnameFix = {
          exchange: fieldSpan(e.record, e.exchange),
          canonical: alias.name,
          text: writeName(alias.name, originOf(e.written, e.target)),
        };
        out.push(
          onTarget(
            this,
            e,
            `the MX target ${e.label} of ${domain.label} is ${via} for ${canonicalLabel}: an MX must name the host itself (RFC 2181 §10.3, RFC 5321 §5.1); some senders refuse it or treat it as a routing loop and mail is delayed or bounced. Use ${canonicalLabel}`,
            { related, data },
          ),
        );
      }
    }
    return out;
  },
};

/**
 * An out-of-zone target that DNS says is an alias. No quick fix: the
 * canonical name comes from DNS, not from this file, and may change.
 */
function externalAlias(
  check: Pick<Check, 'code' | 'severity'>,
  domain: MxDomain,
  e: MxEntry,
  external: ExternalNames,
): ZoneDiagnostic | null {
  const r = resolveExternal(external, e.canonical);
  if (r.chain.length === 0) return null;
  const message = r.loop
    ? `the MX target ${e.label} of ${domain.label} is an alias (CNAME, found through DNS) whose chain loops back on itself or is too long: it leads to no address, so senders cannot use this MX`
    : `the MX target ${e.label} of ${domain.label} is an alias (CNAME, found through DNS) for ${r.canonical}: an MX must name the host itself (RFC 2181 §10.3, RFC 5321 §5.1); some senders refuse it or treat it as a routing loop and mail is delayed or bounced. Use ${r.canonical}`;
  return diag(check, e.record, e.exchange.start, e.exchange.end, message);
}
