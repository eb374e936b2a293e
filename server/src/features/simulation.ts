/** The custom requests `zonelens/simulate` and `zonelens/mailDomains`: the core's answers in LSP coordinates. */
import type { Location } from 'vscode-languageserver-types';
import type { HostLocations, MailDomainInfo, SimulateParams, SimulateResponse } from '../protocol';
import type { Settings } from '../settings';
import { mailDomains, resolveDomain, simulate, type SourceRange } from '../simulate/index';
import type { ExternalNames } from '../zone/external';
import type { Zone } from '../zone/model';

function location(zone: Zone, r: SourceRange): Location {
  return { uri: zone.files[r.file].name, range: zone.lineIndex(r.file).range(r.start, r.end) };
}

/**
 * Runs the simulation a client asked for; null when the domain has nothing to
 * simulate. `external`: what DNS says about out-of-zone hosts, when resolution is on.
 */
export function simulateRequest(
  zone: Zone,
  params: SimulateParams,
  settings: Settings,
  external?: ExternalNames,
): SimulateResponse | null {
  const domain = resolveDomain(zone, params.domain);
  if (domain === null) return null;
  const { locations, ...result } = simulate(zone, domain, {
    profile: params.profile ?? settings.simulation.profile,
    states: params.states,
    rrsetOrder: params.rrsetOrder,
    senderIpv6: params.senderIpv6,
    withLocations: true,
    external,
  });
  const hosts: HostLocations[][] = (locations?.tiers ?? []).map((tier) =>
    tier.map((h) => ({
      record: h.record === null ? null : location(zone, h.record),
      addresses: h.addresses.map((a) => location(zone, a)),
    })),
  );
  return { ...result, locations: hosts };
}

/** The mail domains of a document. */
export function mailDomainsRequest(zone: Zone): MailDomainInfo[] {
  return mailDomains(zone).map((d) => {
    const locations = d.ranges.map((r) => location(zone, r));
    return { domain: d.domain, mode: d.mode, locations, range: locations[0].range };
  });
}
