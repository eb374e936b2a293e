/**
 * The failover preview's plain-language lines, made from the simulation
 * results of every profile: "With mail1 down, every sender reaches
 * 192.0.2.2." The core's `describeFailover` and `compareProfiles` need the
 * zone model, which lives in the server; the panel already holds one result
 * per profile for the states the user chose, so the sentences are built from
 * those. Pure: no `vscode`, no DOM.
 */
import type { AddressState, ProfileId, ProfileResult } from './protocol';
import { formatShare } from './protocol';

/** Profiles as the subject of a sentence, and whether the verb takes the plural. */
const SUBJECT: Readonly<Record<ProfileId, { name: string; plural: boolean }>> = {
  rfc5321: { name: 'RFC 5321 senders', plural: true },
  postfix: { name: 'Postfix', plural: false },
  exim: { name: 'Exim', plural: false },
  sendmail: { name: 'Sendmail', plural: false },
  qmail: { name: 'qmail', plural: false },
  'first-mx': { name: 'first-MX-only clients', plural: true },
};

const STATE_WORDS: Readonly<Record<Exclude<AddressState, 'up'>, string>> = {
  down: 'down',
  tempfail: 'answering 4xx',
  reject: 'answering 5xx',
};

// Shares closer than this are "the same" when grouping senders (the results are exact to 1e-9, or sampled).
const SAME = 5e-4;

/** "a", "a and b", "a, b and c" (or with another conjunction). */
export function joinList(items: readonly string[], conjunction = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** A host name as a sentence shows it: relative to `domain` when under it, without the final dot. */
export function shortName(name: string, domain: string): string {
  const d = domain.toLowerCase();
  const n = name.toLowerCase();
  if (d !== '.' && n !== d && n.endsWith('.' + d)) return name.slice(0, name.length - d.length - 1);
  return name.endsWith('.') && name.length > 1 ? name.slice(0, -1) : name;
}

/**
 * The longest common suffix of some names, on label boundaries (`a.example.`
 * and `b.example.` → `example.`): the zone's part of its mail domains' names.
 */
export function commonSuffix(names: readonly string[]): string {
  const split = names.map((n) => n.toLowerCase().replace(/\.$/, '').split('.').reverse());
  if (split.length === 0) return '.';
  const out: string[] = [];
  for (let i = 0; split.every((labels) => i < labels.length && labels[i] === split[0][i]); i++) out.push(split[0][i]);
  return out.length === 0 ? '.' : out.reverse().join('.') + '.';
}

/**
 * "mail1 and mail3 down, 192.0.2.7 answering 4xx": what is not up, hosts whose
 * every address shares a state named by host, names shortened relative to
 * `suffix` (the zone's part of the names, see `commonSuffix`).
 */
export function describeStates(results: readonly ProfileResult[], suffix = results[0]?.domain ?? '.'): string[] {
  const state = new Map<string, AddressState>();
  const hostAddrs = new Map<string, Set<string>>();
  for (const r of results) {
    for (const a of r.addresses) state.set(a.address, a.state);
    for (const t of r.tiers) {
      for (const h of t.hosts) {
        const set = hostAddrs.get(h.name) ?? new Set<string>();
        for (const a of h.addresses) set.add(a);
        hostAddrs.set(h.name, set);
      }
    }
  }
  const named = new Map<Exclude<AddressState, 'up'>, string[]>();
  const add = (s: Exclude<AddressState, 'up'>, name: string) => named.set(s, [...(named.get(s) ?? []), name]);
  const covered = new Set<string>();
  for (const [host, addrs] of hostAddrs) {
    const states = [...addrs].map((a) => state.get(a) ?? 'up');
    const first = states[0];
    if (first === undefined || first === 'up' || !states.every((s) => s === first)) continue;
    add(first, shortName(host, suffix));
    for (const a of addrs) covered.add(a);
  }
  for (const [address, s] of state) {
    if (s !== 'up' && !covered.has(address)) add(s, shortName(address, suffix));
  }
  return [...named].map(([s, names]) => `${joinList(names)} ${STATE_WORDS[s]}`);
}

interface Verdict {
  key: string;
  /** The predicate, in singular and plural verb forms. */
  singular: string;
  plural: string;
}

function where(r: ProfileResult, suffix: string): string[] {
  return r.addresses
    .filter((a) => a.delivered > SAME)
    .sort((a, b) => b.delivered - a.delivered)
    .map((a) => `${shortName(a.address, suffix)} (${formatShare(a.delivered)})`);
}

/** What one profile's result comes to, as a verb phrase. */
function verdict(r: ProfileResult, suffix: string): Verdict {
  const { delivered, deferred, bounced } = r.outcome;
  const at = r.addresses.filter((a) => a.delivered > SAME).sort((a, b) => b.delivered - a.delivered);
  const key = [delivered, deferred, bounced, ...at.flatMap((a) => [a.address, a.delivered])]
    .map((x) => (typeof x === 'number' ? Math.round(x / SAME) : x))
    .join('|');
  if (delivered >= 1 - SAME) {
    const target = at.length === 1 ? shortName(at[0].address, suffix) : joinList(where(r, suffix), 'or');
    return { key, singular: `reaches ${target}`, plural: `reach ${target}` };
  }
  if (delivered <= SAME) {
    if (bounced <= SAME) return { key, singular: 'defers', plural: 'defer' };
    if (deferred <= SAME) return { key, singular: 'bounces', plural: 'bounce' };
    const d = formatShare(deferred);
    const b = formatShare(bounced);
    return { key, singular: `defers (${d}) or bounces (${b})`, plural: `defer (${d}) or bounce (${b})` };
  }
  // Partly delivered: say where, then how often it fails and how.
  const lead = `${formatShare(delivered)} of the time (at ${joinList(at.map((a) => shortName(a.address, suffix)))})`;
  const fails = (plural: boolean): string => {
    const out: string[] = [];
    if (deferred > SAME) out.push(`${plural ? 'defer' : 'defers'} ${formatShare(deferred)}`);
    if (bounced > SAME) out.push(`${plural ? 'bounce' : 'bounces'} ${formatShare(bounced)}`);
    return joinList(out);
  };
  return { key, singular: `delivers ${lead} and ${fails(false)}`, plural: `deliver ${lead} and ${fails(true)}` };
}

interface Group {
  profiles: ProfileId[];
  verdict: Verdict;
}

function subject(profiles: readonly ProfileId[], all: number): { text: string; plural: boolean } {
  if (profiles.length === all && all > 1) return { text: 'every sender', plural: false };
  if (profiles.length === 1) return { text: SUBJECT[profiles[0]].name, plural: SUBJECT[profiles[0]].plural };
  return { text: joinList(profiles.map((p) => SUBJECT[p].name)), plural: true };
}

function firstAttemptKey(r: ProfileResult): string {
  return r.addresses
    .filter((a) => a.firstAttempt > SAME)
    .map((a) => `${a.address}=${Math.round(a.firstAttempt / SAME)}`)
    .sort()
    .join('|');
}

function firstAttemptPhrase(r: ProfileResult, plural: boolean, suffix: string): string {
  const at = r.addresses.filter((a) => a.firstAttempt > SAME).sort((a, b) => b.firstAttempt - a.firstAttempt);
  if (at.length === 0) return plural ? 'make no attempt' : 'makes no attempt';
  if (at.length === 1) return `${plural ? 'start' : 'starts'} at ${shortName(at[0].address, suffix)}`;
  const list = at.map((a) => `${shortName(a.address, suffix)} (${formatShare(a.firstAttempt)})`);
  return `${plural ? 'split' : 'splits'} between ${joinList(list)}`;
}

/**
 * The plain-language lines for one domain: what every sender does with the
 * current states, grouped where senders agree, and where their first attempts
 * differ. `results` holds one result per profile (any subset, in any order);
 * names are shortened relative to `suffix` (default: the domain).
 */
export function summaryLines(results: readonly ProfileResult[], suffix = results[0]?.domain ?? '.'): string[] {
  const first = results[0];
  if (first === undefined) return [];
  if (first.mode === 'null-mx')
    return ['Null MX (RFC 7505): this domain accepts no mail; every sender bounces at once.'];
  if (first.mode === 'none') return ['No MX record and no address: mail to this domain bounces.'];

  const lines: string[] = [];
  if (first.mode === 'implicit')
    lines.push("No MX: senders use the domain's own addresses (implicit MX, RFC 5321 §5.1).");

  const groups: Group[] = [];
  for (const r of results) {
    const v = verdict(r, suffix);
    const g = groups.find((x) => x.verdict.key === v.key);
    if (g) g.profiles.push(r.profile);
    else groups.push({ profiles: [r.profile], verdict: v });
  }
  const states = describeStates(results, suffix);
  const condition = states.length === 0 ? 'With every server up' : `With ${joinList(states)}`;
  const clauses = groups.map((g, i) => {
    const s = subject(g.profiles, results.length);
    return `${s.text} ${s.plural ? g.verdict.plural : g.verdict.singular}${i > 0 ? ' instead' : ''}`;
  });
  lines.push(`${condition}, ${clauses.join('; ')}.`);

  const byFirst: { profiles: ProfileId[]; result: ProfileResult }[] = [];
  for (const r of results) {
    const g = byFirst.find((x) => firstAttemptKey(x.result) === firstAttemptKey(r));
    if (g) g.profiles.push(r.profile);
    else byFirst.push({ profiles: [r.profile], result: r });
  }
  if (byFirst.length > 1) {
    const parts = byFirst.map((g) => {
      const s = subject(g.profiles, results.length);
      return `${s.text} ${firstAttemptPhrase(g.result, s.plural, suffix)}`;
    });
    lines.push(`First attempts differ: ${parts.join('; ')}.`);
  }
  if (results.some((r) => !r.exact)) lines.push('Shares are sampled (more than 8 entries at one preference).');
  return lines;
}
