/**
 * A code lens above each MX RRset: its shape and how many address failures
 * it survives under the configured profile, computed by the simulation.
 *
 * In two stages, as LSP provides: `codeLenses` gives each lens its place and
 * its domain only, `resolveCodeLens` its title when the editor shows it. A
 * large zone has tens of thousands of MX domains, and an editor asks for the
 * lenses again after each pause in typing: computing every title took 0.4 s
 * at 100k records, and the editor shows a screenful.
 */
import type { CodeLens } from 'vscode-languageserver-types';
import type { Settings } from '../settings';
import { mailDomains, simulate, survives } from '../simulate/index';
import type { ExternalNames } from '../zone/external';
import type { Zone } from '../zone/model';

/** The client command a lens runs: open the failover preview on that domain (arguments: document URI, domain). */
export const SHOW_SIMULATION_COMMAND = 'zonelens.showFailoverPreview';

function plural(n: number, word: string): string {
  if (n === 1) return `1 ${word}`;
  return `${n} ${word}${word.endsWith('s') ? 'es' : 's'}`;
}

/** The lens title of one domain, e.g. `2 tiers · 3 hosts · 2 addresses · survives 1 address down`. */
export function lensTitle(zone: Zone, domain: string, settings: Settings, external?: ExternalNames): string {
  const profile = settings.simulation.profile;
  const r = simulate(zone, domain, { profile, skipSequences: true, external });
  if (r.mode === 'null-mx') return 'null MX: accepts no mail';
  const hosts = r.tiers.reduce((n, t) => n + t.hosts.length, 0);
  const parts = [plural(r.tiers.length, 'tier'), plural(hosts, 'host'), plural(r.addresses.length, 'address')];
  const s = survives(zone, domain, { profile, external });
  if (s.k < 0) parts.push('mail is not delivered even with every server up');
  else if (s.k === 0) parts.push(`one address down loses mail (${s.counterexample?.join(', ') ?? ''})`);
  else parts.push(`survives ${plural(s.k, 'address')} down`);
  return parts.join(' · ');
}

/** What an unresolved lens carries: its document and domain. */
export interface LensData {
  uri: string;
  domain: string;
}

/** The lenses of a document, unresolved: a place and a domain each (see `resolveCodeLens`). */
export function codeLenses(zone: Zone, uri: string): CodeLens[] {
  const li = zone.lineIndex(0);
  const out: CodeLens[] = [];
  for (const d of mailDomains(zone)) {
    const first = d.ranges.find((x) => x.file === 0);
    if (first === undefined || d.mode === 'implicit') continue;
    const data: LensData = { uri, domain: d.domain };
    out.push({ range: li.range(first.start, first.start), data });
  }
  return out;
}

/** The lens's document and domain, when its `data` (back from the editor as JSON) names them. */
export function lensData(lens: CodeLens): LensData | undefined {
  const d = lens.data as Partial<LensData> | null | undefined;
  return typeof d?.uri === 'string' && typeof d.domain === 'string' ? { uri: d.uri, domain: d.domain } : undefined;
}

/**
 * A lens with its title and command, computed for `zone` (the lens's
 * document as it is now); `external`: what DNS says about out-of-zone MX
 * hosts, when resolution is on.
 */
export function resolveCodeLens(lens: CodeLens, zone: Zone, settings: Settings, external?: ExternalNames): CodeLens {
  const data = lensData(lens);
  if (data === undefined) return lens;
  return {
    ...lens,
    command: {
      title: lensTitle(zone, data.domain, settings, external),
      command: SHOW_SIMULATION_COMMAND,
      arguments: [data.uri, data.domain],
    },
  };
}
