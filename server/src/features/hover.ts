/**
 * Hover: on an MX record, on the owner of an MX RRset and on the address of
 * a host an MX uses, where mail goes under the configured sender profile
 * (SIMULATION.md); on a TTL its length in words; on a type what it is.
 */
import type { Hover } from 'vscode-languageserver-types';
import type { Settings } from '../settings';
import { compareProfiles, describeFailover, simulate, type ProfileId, type SimulationResult } from '../simulate/index';
import type { Preparations } from '../simulate/prepare';
import type { ExternalNames } from '../zone/external';
import { firstFrom, type Zone } from '../zone/model';
import { nameKey, relativize } from '../zone/names';
import { inTextOrder, type ZoneRecord } from '../zone/parser';
import { humanTtl } from '../zone/ttl';
import { TYPE_INFO } from './typeInfo';

/** What a person calls each profile. */
export const PROFILE_NAMES: Record<ProfileId, string> = {
  rfc5321: 'RFC 5321 senders',
  postfix: 'Postfix',
  exim: 'Exim',
  sendmail: 'Sendmail',
  qmail: 'qmail',
  'first-mx': 'first-MX-only clients',
};

/** The largest number of address rows the hover shows; the panel shows all. */
const MAX_ROWS = 12;
/** The most addresses one line of shares names; the rest are summed up. */
const MAX_SHARES = 6;

/** The record of the main file whose text contains `offset`, if any. */
export function recordAt(zone: Zone, offset: number): ZoneRecord | undefined {
  const records = zone.records;
  if (inTextOrder(zone)) {
    // Records are in the order of their offsets and do not overlap, so the one that can hold the
    // offset is the last to start at or before it.
    const r = records[firstFrom(records, offset + 1, (x) => x.start) - 1] as ZoneRecord | undefined;
    return r !== undefined && offset <= r.end ? r : undefined;
  }
  for (const r of records) {
    if (r.file === 0 && !r.generated && r.start <= offset && offset <= r.end) return r;
  }
  return undefined;
}

function within(offset: number, start: number, end: number): boolean {
  return start >= 0 && start <= offset && offset <= end;
}

/**
 * The hover at `offset` of the zone's main file, or null. `external`: what DNS
 * says about out-of-zone MX hosts, when resolution is on (the simulation uses it).
 */
export function hover(zone: Zone, offset: number, settings: Settings, external?: ExternalNames): Hover | null {
  const r = recordAt(zone, offset);
  if (r === undefined) return null;
  const li = zone.lineIndex(0);
  const range = (start: number, end: number) => li.range(start, end);

  if (within(offset, r.ttlStart, r.ttlEnd)) {
    return md(
      `**TTL ${r.ttl}** = ${humanTtl(r.ttl)}: how long resolvers may cache this ${r.type} RRset`,
      range(r.ttlStart, r.ttlEnd),
    );
  }
  if (within(offset, r.typeStart, r.typeEnd) && r.type !== 'MX') {
    const info = TYPE_INFO[r.type];
    if (info !== undefined) return md(`**${r.type}**: ${info}`, range(r.typeStart, r.typeEnd));
  }
  const domains = mailDomainsOf(zone, r, offset);
  if (domains.length === 0) return null;
  const parts = domains.slice(0, 3).map((d) => deliveryMarkdown(zone, d, settings.simulation.profile, external));
  if (r.type === 'MX' && within(offset, r.typeStart, r.typeEnd)) parts.unshift(`**MX**: ${TYPE_INFO.MX}`);
  if (domains.length > 3) parts.push(`…and ${domains.length - 3} more domains use this host.`);
  return md(parts.join('\n\n---\n\n'), range(r.start, r.end));
}

/** The mail domains a position speaks of: the MX owner, or the domains whose MX hosts have this address. */
function mailDomainsOf(zone: Zone, r: ZoneRecord, offset: number): string[] {
  if (r.type === 'MX') return [r.owner];
  if (within(offset, r.ownerStart, r.ownerEnd) && zone.rrset(r.owner, 'MX') !== undefined) return [r.owner];
  if (r.type === 'A' || r.type === 'AAAA') {
    const users = new Map<string, string>();
    // The host itself, or an alias of it, may be an MX target.
    const names = [
      r.owner,
      ...zone
        .referencesTo(r.owner)
        .filter((x) => x.record.type === 'CNAME')
        .map((x) => x.record.owner),
    ];
    for (const name of names) {
      for (const ref of zone.referencesTo(name)) {
        if (ref.record.type === 'MX') users.set(nameKey(ref.record.owner), ref.record.owner);
      }
    }
    return [...users.values()];
  }
  return [];
}

/** "60% 192.0.2.1, 40% 192.0.2.2", largest first; past `MAX_SHARES`, "… 12 more: 3%". */
function shares(of: Record<string, number>, format: (address: string, share: string) => string): string {
  const sorted = Object.entries(of).sort((a, b) => b[1] - a[1]);
  const parts = sorted.slice(0, MAX_SHARES).map(([a, p]) => format(escapeMd(a), pct(p)));
  if (sorted.length > MAX_SHARES) {
    const rest = sorted.slice(MAX_SHARES).reduce((sum, [, p]) => sum + p, 0);
    parts.push(`${sorted.length - MAX_SHARES} more: ${pct(rest)}`);
  }
  return parts.join(', ');
}

function pct(x: number): string {
  const v = Math.round(x * 1000) / 10;
  return `${v}%`;
}

function short(zone: Zone, name: string): string {
  return zone.origin === null ? name : relativize(name, zone.origin);
}

/** The delivery order of one domain under one profile, with failures and the profile comparison. */
export function deliveryMarkdown(zone: Zone, domain: string, profile: ProfileId, external?: ExternalNames): string {
  // The dozen simulations below share Steps 1 and 2 (the hosts and their addresses).
  const memo: Preparations = new Map();
  const result = simulate(zone, domain, { profile, skipSequences: true, external }, memo);
  const lines = [
    `**Mail to ${escapeMd(domain)}** as ${PROFILE_NAMES[profile]} deliver it (\`zonelens.simulation.profile\`: ${profile})`,
  ];
  if (result.mode === 'null-mx')
    return lines.concat('', 'Null MX (RFC 7505): this domain accepts no mail; senders bounce at once.').join('\n');
  if (result.mode === 'none') return lines.concat('', 'No MX and no address: mail to this domain bounces.').join('\n');
  if (result.mode === 'implicit')
    lines.push('', `No MX: senders use the domain's own addresses (implicit MX, RFC 5321 §5.1).`);
  lines.push('', ...addressTable(zone, result));
  const failures = describeFailover(zone, domain, { profile, external }, MAX_ROWS, memo);
  if (failures.length > 0) {
    lines.push('', '**If one address is down:**');
    for (const f of failures) lines.push(`- ${f.address} down: ${failureLine(f.outcome, f.deliveredAt)}`);
  }
  const cmp = compareProfiles(zone, domain, { external }, memo);
  if (cmp.differs) {
    lines.push('', '**Senders differ here** (share of first attempts):');
    for (const g of cmp.groups) {
      const first = shares(g.firstAttempt, (a, p) => `${p} ${a}`);
      lines.push(`- ${g.profiles.map((p) => PROFILE_NAMES[p]).join(', ')}: ${first || 'no attempt'}`);
    }
  }
  if (!result.exact) lines.push('', '_Shares sampled (more than 8 entries at one preference)._');
  return lines.join('\n');
}

function addressTable(zone: Zone, r: SimulationResult): string[] {
  const rows = ['| pref | host | address | first attempt | delivered |', '|---:|---|---|---:|---:|'];
  let shown = 0;
  for (const tier of r.tiers) {
    for (const host of tier.hosts) {
      if (host.addresses.length === 0) {
        rows.push(`| ${tier.preference} | ${escapeMd(short(zone, host.name))} | _${host.status}_ | | |`);
        continue;
      }
      for (const a of host.addresses) {
        if (shown++ >= MAX_ROWS) continue;
        const share = r.addresses.find((x) => x.address === a);
        rows.push(
          `| ${tier.preference} | ${escapeMd(short(zone, host.name))} | ${escapeMd(a)} | ${pct(share?.firstAttempt ?? 0)} | ${pct(share?.delivered ?? 0)} |`,
        );
      }
    }
  }
  if (shown > MAX_ROWS) rows.push(`| | …${shown - MAX_ROWS} more | | | |`);
  return rows;
}

function failureLine(
  outcome: Record<'delivered' | 'deferred' | 'bounced', number>,
  at: Record<string, number>,
): string {
  const where = shares(at, (a, p) => `${p} at ${a}`);
  const parts: string[] = [];
  if (outcome.delivered > 0) parts.push(`delivered ${where}`);
  if (outcome.deferred > 0) parts.push(`${pct(outcome.deferred)} deferred`);
  if (outcome.bounced > 0) parts.push(`${pct(outcome.bounced)} bounced`);
  return parts.join('; ');
}

/** Zone text is shown as text: Markdown specials are escaped. */
function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()<>#+!|~-]/g, (c) => '\\' + c);
}

function md(value: string, range: Hover['range']): Hover {
  return { contents: { kind: 'markdown', value }, range };
}
