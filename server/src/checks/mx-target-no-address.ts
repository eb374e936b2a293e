import { resolveExternal, type ExternalNames } from '../zone/external';
import type { ZoneDiagnostic } from '../zone/types';
import { type Check, diag, fieldSpan, type FileSpan, onTarget, relatedRecord } from './check';
import { hostLabel, mxDomains, usable, type MxDomain, type MxEntry } from './mxSet';

/**
 * Data for the quick fix: the name that needs an address record (the target,
 * or the end of its alias chain), and whether it exists at all.
 */
export interface MxTargetNoAddressFix {
  exchange: FileSpan;
  /** Absolute name to give an A record. */
  target: string;
  /** The name has other records (true) or does not exist (NXDOMAIN). */
  exists: boolean;
}

/** RFC 5321 §5.1: an MX target must have at least one address record. */
export const check: Check = {
  code: 'mx-target-no-address',
  severity: 'error',
  summary: 'an in-zone MX target with no A or AAAA record',
  run(zone, _settings, context) {
    const out = [];
    const external = context.external;
    for (const domain of mxDomains(zone)) {
      // How many entries lead to a server, counted once per domain (a domain may have thousands).
      let usableCount = -1;
      // The same, with what DNS says of out-of-zone hosts.
      let aliveCount = -1;
      for (const e of domain.entries) {
        if (external !== undefined && e.kind === 'out-of-zone' && !e.missingDot) {
          const found = externalNoAddress(this, domain, e, external, () =>
            aliveCount >= 0 ? aliveCount : (aliveCount = countAlive(domain, external)),
          );
          if (found !== null) out.push(found);
          continue;
        }
        // Loops are mx-target-cname's to explain; unknown hosts are not ours to judge.
        // A target that lost its trailing dot is name-missing-trailing-dot's: that error says what to write.
        if (e.kind !== 'in-zone' || e.addresses.length > 0 || e.alias?.loop === true || e.missingDot) continue;
        const name = hostLabel(zone, e.canonical);
        const via = e.alias === undefined ? '' : ` (${e.label} is an alias for it)`;
        const what =
          e.wildcard !== undefined
            ? `${name}${via} exists only through the wildcard ${e.wildcard}, which has no A or AAAA record`
            : e.exists
              ? `${name}${via} has no A or AAAA record`
              : `${name}${via} does not exist in this zone (NXDOMAIN)`;
        if (usableCount < 0) usableCount = domain.entries.filter(usable).length;
        const others = usableCount - (usable(e) ? 1 : 0) > 0;
        const consequence = others
          ? 'senders skip this MX and try the others'
          : `no MX of ${domain.label} leads to a server, so mail to it bounces`;
        const data: MxTargetNoAddressFix = {
          exchange: fieldSpan(e.record, e.exchange),
          target: e.canonical,
          exists: e.exists,
        };
        out.push(
          onTarget(this, e, `the MX target ${what}: ${consequence} (RFC 5321 §5.1)`, {
            related: e.alias?.chain.map((r) => relatedRecord(r, `${r.type} of ${hostLabel(zone, r.owner)}`)) ?? [],
            data,
          }),
        );
      }
    }
    return out;
  },
};

/** True when DNS says an out-of-zone entry leads to no address (so it is not a usable MX after all). */
function deadThroughDns(e: MxEntry, external: ExternalNames): boolean {
  if (e.kind !== 'out-of-zone') return false;
  const r = resolveExternal(external, e.canonical);
  return (
    r.loop || r.addresses.state === 'nxdomain' || (r.addresses.state === 'known' && r.addresses.value.length === 0)
  );
}

/** How many of a domain's entries lead to a server, with what DNS says of out-of-zone hosts. */
function countAlive(domain: MxDomain, external: ExternalNames): number {
  let n = 0;
  for (const o of domain.entries) if (usable(o) && !deadThroughDns(o, external)) n++;
  return n;
}

/**
 * An out-of-zone target that DNS says has no address: NXDOMAIN, or no A and
 * no AAAA. Silent while DNS has not answered (or cannot). No quick fix: the
 * records are missing in another zone.
 */
function externalNoAddress(
  check: Pick<Check, 'code' | 'severity'>,
  domain: MxDomain,
  e: MxEntry,
  external: ExternalNames,
  /** How many of the domain's entries lead to a server, DNS asked (this one, which does not, is not among them). */
  alive: () => number,
): ZoneDiagnostic | null {
  const r = resolveExternal(external, e.canonical);
  // A loop is mx-target-cname's to explain.
  if (r.loop || r.addresses.state === 'unknown') return null;
  if (r.addresses.state === 'known' && r.addresses.value.length > 0) return null;
  const name = r.canonical;
  const via = name === e.label ? '' : ` (${e.label} is an alias for it)`;
  const what =
    r.addresses.state === 'nxdomain'
      ? `${name}${via} does not exist (NXDOMAIN, asked through DNS)`
      : `${name}${via} has no A or AAAA record (asked through DNS)`;
  const others = alive() > 0;
  const consequence = others
    ? 'senders skip this MX and try the others'
    : `no MX of ${domain.label} leads to a server, so mail to it bounces`;
  return diag(
    check,
    e.record,
    e.exchange.start,
    e.exchange.end,
    `the MX target ${what}: ${consequence} (RFC 5321 §5.1)`,
  );
}
