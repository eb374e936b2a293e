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
import { mxShape, survives, type Preparations } from '../simulate/index';
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
  const options = { profile: settings.simulation.profile, external };
  // The counts need Steps 1 and 2 only: running the sender too took 40 ms for eleven hosts at one preference (sampled).
  const memo: Preparations = new Map();
  const shape = mxShape(zone, domain, options, memo);
  if (shape.mode === 'null-mx') return 'null MX: accepts no mail';
  const parts = [plural(shape.tiers, 'tier'), plural(shape.hosts, 'host'), plural(shape.addresses, 'address')];
  const s = survives(zone, domain, options, memo);
  if (s.k < 0) parts.push('mail is not delivered even with every server up');
  else if (s.k === 0) parts.push(`one address down loses mail (${s.counterexample?.join(', ') ?? ''})`);
  else parts.push(`survives ${plural(s.k, 'address')} down`);
  return parts.join(' · ');
}

/**
 * Short ids for the documents whose lenses went out. A lens's `data` travels
 * with it, and a zone can have tens of thousands of lenses: a number instead
 * of the document's URI takes a third off the lenses of the 1M-record
 * benchmark zone (10.7 to 6.9 MB per request). Ids are never given again; a
 * document's stays while the server runs.
 */
export class LensDocuments {
  private readonly ids = new Map<string, number>();
  private readonly uris: string[] = [];

  id(uri: string): number {
    let id = this.ids.get(uri);
    if (id === undefined) {
      id = this.uris.length;
      this.uris.push(uri);
      this.ids.set(uri, id);
    }
    return id;
  }

  uri(id: number): string | undefined {
    return this.uris[id];
  }
}

/** What an unresolved lens carries: its document's id (see `LensDocuments`) and its domain. */
export type LensData = [document: number, domain: string];

/** The lenses of a document, unresolved: a place and a domain each (see `resolveCodeLens`). */
export function codeLenses(zone: Zone, document: number): CodeLens[] {
  const li = zone.lineIndex(0);
  const out: CodeLens[] = [];
  // Above the first record of each MX RRset in this file (not above an implicit MX: there is no record of it).
  for (const set of zone.rrsetsOfType('MX')) {
    const first = set.records.find((r) => r.file === 0);
    if (first === undefined) continue;
    const data: LensData = [document, set.owner];
    out.push({ range: li.range(first.start, first.start), data });
  }
  return out;
}

/** The lens's document id and domain, when its `data` (back from the editor as JSON) has them. */
export function lensData(lens: CodeLens): { document: number; domain: string } | undefined {
  const d: unknown = lens.data;
  if (!Array.isArray(d) || d.length !== 2) return undefined;
  const [document, domain] = d as unknown[];
  return Number.isInteger(document) && typeof domain === 'string'
    ? { document: document as number, domain }
    : undefined;
}

/**
 * A lens with its title and command, computed for `zone`, the lens's
 * document (`uri`) as it is now; `external`: what DNS says about
 * out-of-zone MX hosts, when resolution is on.
 */
export function resolveCodeLens(
  lens: CodeLens,
  zone: Zone,
  uri: string,
  settings: Settings,
  external?: ExternalNames,
): CodeLens {
  const data = lensData(lens);
  if (data === undefined) return lens;
  return {
    ...lens,
    command: {
      title: lensTitle(zone, data.domain, settings, external),
      command: SHOW_SIMULATION_COMMAND,
      arguments: [uri, data.domain],
    },
  };
}
