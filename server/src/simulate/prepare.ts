/**
 * Steps 1 and 2 of the delivery simulation (docs/SIMULATION.md), shared by
 * every profile: the mail exchangers of the domain (MX, null MX, implicit MX,
 * none) and each host's addresses (in-zone CNAMEs followed, AAAA then A,
 * opaque out-of-zone hosts, IP literals as the profile reads them), with the
 * address table, each address's state and where everything is in the file.
 */
import { resolveExternal, type ExternalNames } from '../zone/external';
import { mxRdataKey, type Zone } from '../zone/model';
import { absoluteName, nameKey, ROOT } from '../zone/names';
import type { ZoneRecord } from '../zone/parser';
import { formatIPv6, parseIPv4, parseIPv6 } from '../zone/rdata/codec';
import type { RdataField } from '../zone/types';
import type { AddressState, HostLocation, HostStatus, Mode, SimulationOptions, SourceRange } from './types';

/** One address the sender may connect to. Its index is its place in `SimulationResult.addresses`. */
export interface PreparedAddress {
  /** The IP address, or the host name of an opaque out-of-zone host. */
  address: string;
  /** An opaque host counts as IPv4: it is what every profile can reach (documented deviation). */
  family: 4 | 6;
  opaque: boolean;
  /** Names of the hosts that have it, in tier order. */
  hosts: string[];
}

/** One MX record after Step 2, as the profile sees it. */
export interface PreparedHost {
  /** Position in the MX RRset (zone order). */
  index: number;
  name: string;
  /** `nameKey(name)`: hosts are the same host when their keys are equal. */
  key: string;
  /** As the profile sees it (qmail moves IP literals to 0). */
  preference: number;
  status: HostStatus;
  /** Address indexes, each RRset in zone order, duplicates removed (an RRset is a set). */
  v6: number[];
  v4: number[];
  usable: boolean;
}

/** What Step 3 works on. */
export interface PreparedMx {
  /** Every MX record in RRset order (an implicit MX is one host); unusable ones included. */
  hosts: PreparedHost[];
  addresses: PreparedAddress[];
  /** The state of each address. */
  states: AddressState[];
  /** `rrsetOrder: rotated`. */
  rotated: boolean;
}

/** A host of `tiers` for display, with its location. */
export interface DisplayHost {
  name: string;
  preference: number;
  status: HostStatus;
  addresses: string[];
  location: HostLocation;
}

/** Everything Steps 1 and 2 found. */
export interface Prepared {
  domain: string;
  mode: Mode;
  mx: PreparedMx;
  /** Hosts by ascending preference, RRset order within one. */
  display: DisplayHost[];
}

/** How a profile reads Step 2 (SIMULATION.md, "Step 2" and the table). */
export interface ProfileKnobs {
  /** A target written as an IP literal: unusable, used as the host's address, or used with preference 0 (qmail). */
  literal: 'unusable' | 'address' | 'address-pref0';
  /** qmail: IPv4 only. */
  ipv4Only: boolean;
  /** A `.` target beside other MX records: the whole set is a null MX (Postfix), or the entry is skipped. */
  mixedNullMx: 'bounce' | 'skip';
}

interface ResolvedAddress {
  address: string;
  family: 4 | 6;
  opaque: boolean;
  range: SourceRange;
}

interface ResolvedHost {
  name: string;
  index: number;
  preference: number;
  status: HostStatus;
  v6: ResolvedAddress[];
  v4: ResolvedAddress[];
  location: HostLocation;
  /** Other names that stand for this host when states are given by name (the CNAME chain). */
  aliases: string[];
}

function rangeOf(r: ZoneRecord): SourceRange {
  return { file: r.file, start: r.start, end: r.end };
}

function fieldRange(r: ZoneRecord, f: RdataField): SourceRange {
  return { file: r.file, start: f.start, end: f.end };
}

function fieldOf(r: ZoneRecord, role: string): RdataField | undefined {
  return r.rdata.find((f) => f.role === role);
}

/**
 * The IP literal a target was written as, if it was one. The parser reads
 * `MX 10 192.0.2.1` as the relative name `192.0.2.1.<origin>`, as DNS does, so
 * the decision is taken on the source text (brackets and a trailing dot allowed).
 */
export function ipLiteral(written: string): { address: string; family: 4 | 6 } | null {
  let t = written.trim();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  else if (t.startsWith('[') && t.endsWith('].')) t = t.slice(1, -2);
  if (t.endsWith('.')) t = t.slice(0, -1);
  if (t.toLowerCase().startsWith('ipv6:')) t = t.slice(5);
  if (parseIPv4(t) !== null) return { address: t, family: 4 };
  const six = t.includes(':') ? parseIPv6(t) : null;
  return six === null ? null : { address: formatIPv6(six), family: 6 };
}

/** The key under which a caller's state applies: a canonical address, or a name key. */
export function stateKey(given: string): string {
  const lit = ipLiteral(given);
  return lit !== null ? lit.address : nameKey(absoluteName(given.trim()));
}

function uniqueBy<T>(xs: T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = key(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The in-zone addresses of `owner`: AAAA then A, each in RRset order (RFC 6724 puts IPv6 first). */
function zoneAddresses(zone: Zone, owner: string): { v6: ResolvedAddress[]; v4: ResolvedAddress[] } {
  const read = (type: 'AAAA' | 'A', family: 4 | 6): ResolvedAddress[] => {
    const out: ResolvedAddress[] = [];
    for (const r of zone.rrset(owner, type)?.records ?? []) {
      const f = fieldOf(r, 'address');
      if (f === undefined || (f.kind !== 'ipv4' && f.kind !== 'ipv6')) continue;
      out.push({ address: f.value, family, opaque: false, range: rangeOf(r) });
    }
    return uniqueBy(out, (a) => a.address);
  };
  return { v6: read('AAAA', 6), v4: read('A', 4) };
}

interface Target {
  name: string;
  index: number;
  preference: number;
  record: ZoneRecord | null;
  field: RdataField | null;
}

/** Step 2 for one target. */
function resolveTarget(
  zone: Zone,
  t: Target,
  knobs: ProfileKnobs,
  senderIpv6: boolean,
  external: ExternalNames | undefined,
): ResolvedHost {
  const location: HostLocation = {
    record: t.record === null ? null : rangeOf(t.record),
    target: t.record === null || t.field === null ? null : fieldRange(t.record, t.field),
    cnames: [],
    addresses: [],
  };
  const host: ResolvedHost = {
    name: t.name,
    index: t.index,
    preference: t.preference,
    status: 'ok',
    v6: [],
    v4: [],
    location,
    aliases: [],
  };
  const keep6 = senderIpv6 && !knobs.ipv4Only;
  if (t.name === ROOT) {
    host.status = 'null';
    return host;
  }
  if (t.record !== null && t.field !== null) {
    const lit = ipLiteral(zone.files[t.record.file].text.slice(t.field.start, t.field.end));
    if (lit !== null) {
      host.status = 'ip-literal';
      if (knobs.literal === 'unusable') return host;
      if (knobs.literal === 'address-pref0') host.preference = 0;
      const a: ResolvedAddress = { ...lit, opaque: false, range: fieldRange(t.record, t.field) };
      if (lit.family === 4) host.v4.push(a);
      else if (keep6) host.v6.push(a);
      return host;
    }
  }
  const opaque = (name: string, range: SourceRange | null): ResolvedHost => {
    const r = range ?? location.target ?? location.record ?? { file: 0, start: 0, end: 0 };
    // What DNS said, when the caller resolved out-of-zone names (zonelens.resolve.outOfZone).
    const dns = external === undefined ? undefined : resolveExternal(external, name);
    if (dns !== undefined && (dns.loop || dns.addresses.state !== 'unknown')) {
      host.aliases.push(...dns.chain);
      if (dns.loop) host.status = 'unusable';
      else if (dns.addresses.state === 'known') {
        // The addresses are not in the file: each points at the target (or the CNAME) that led outside.
        const found = dns.addresses.value.map((a): ResolvedAddress => ({ ...a, opaque: false, range: r }));
        host.v6 = keep6
          ? uniqueBy(
              found.filter((a) => a.family === 6),
              (a) => a.address,
            )
          : [];
        host.v4 = uniqueBy(
          found.filter((a) => a.family === 4),
          (a) => a.address,
        );
        const aliased = dns.chain.length > 0 || location.cnames.length > 0;
        host.status = host.v6.length + host.v4.length === 0 ? 'no-address' : aliased ? 'cname' : 'ok';
      } else host.status = 'no-address';
      return host;
    }
    host.status = 'out-of-zone';
    // An opaque host stands for its unknown addresses; it is reachable by every profile.
    host.v4.push({ address: name, family: 4, opaque: true, range: r });
    return host;
  };
  if (!zone.isInZone(t.name)) return opaque(t.name, location.target);
  const chain = zone.resolveCname(t.name, 8);
  location.cnames = chain.chain.map(rangeOf);
  host.aliases = chain.chain.map((r) => r.rdata[0]?.value ?? '').filter((n) => n !== '');
  if (chain.loop) {
    host.status = 'unusable';
    return host;
  }
  if (chain.chain.length > 0 && !zone.isInZone(chain.name)) {
    return opaque(chain.name, location.cnames[location.cnames.length - 1]);
  }
  const found = zoneAddresses(zone, chain.name);
  host.v6 = keep6 ? found.v6 : [];
  host.v4 = found.v4;
  if (host.v6.length + host.v4.length === 0) host.status = 'no-address';
  else host.status = chain.chain.length > 0 ? 'cname' : 'ok';
  return host;
}

/**
 * Step 1: the MX targets of `owner`, or null when it has no usable MX RRset.
 * A record the file repeats counts once: a name server keeps one copy
 * (RFC 2181 §5), so senders never see the others.
 */
function mxTargets(zone: Zone, owner: string): Target[] | null {
  const set = zone.rrset(owner, 'MX');
  if (set === undefined) return null;
  const out: Target[] = [];
  const seen = new Set<string>();
  for (const r of set.records) {
    const pref = fieldOf(r, 'preference');
    const ex = fieldOf(r, 'exchange');
    if (pref?.num === undefined || ex === undefined || ex.kind !== 'name') continue;
    const key = mxRdataKey(pref.num, ex.value);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name: ex.value, index: out.length, preference: pref.num, record: r, field: ex });
  }
  return out.length > 0 ? out : null;
}

/** What `prepare` finds before the states are applied, with the names each address's state may be given by. */
interface Stateless {
  domain: string;
  mode: Mode;
  hosts: PreparedHost[];
  addresses: PreparedAddress[];
  /** For each address, the keys of the host names (and their aliases) that have it. */
  owners: string[][];
  display: DisplayHost[];
}

/**
 * Preparations kept for the simulations of one answer (a hover runs a dozen:
 * each address down, each profile), which differ in the states and the
 * profile only: the profiles' knobs make three preparations of six, the
 * states none. Made per answer: the zone, the domain's name and what
 * `external` says must not change while it is in use.
 */
export type Preparations = Map<string, Stateless>;

/**
 * Steps 1 and 2 of SIMULATION.md for one profile: the mode, every host with
 * its status and addresses, the address table and each address's state.
 * `memo`: preparations of the same answer to take this one from or keep it in.
 */
export function prepare(
  zone: Zone,
  domainIn: string,
  knobs: ProfileKnobs,
  options: SimulationOptions,
  memo?: Preparations,
): Prepared {
  const senderIpv6 = options.senderIpv6 ?? true;
  const key = `${domainIn}|${knobs.literal}|${knobs.ipv4Only}|${knobs.mixedNullMx}|${senderIpv6}`;
  let found = memo?.get(key);
  if (found === undefined) {
    found = prepareStateless(zone, domainIn, knobs, senderIpv6, options.external);
    memo?.set(key, found);
  }
  const { domain, mode, hosts, addresses, owners, display } = found;
  const states = statesOf(addresses, owners, options.states);
  return { domain, mode, mx: { hosts, addresses, states, rotated: options.rrsetOrder === 'rotated' }, display };
}

function prepareStateless(
  zone: Zone,
  domainIn: string,
  knobs: ProfileKnobs,
  senderIpv6: boolean,
  external: ExternalNames | undefined,
): Stateless {
  const domain = absoluteName(domainIn);
  const empty = (mode: Mode, display: DisplayHost[] = []): Stateless => ({
    domain,
    mode,
    hosts: [],
    addresses: [],
    owners: [],
    display,
  });

  // A CNAME at the domain is followed inside the zone, as a resolver answers
  // the MX query through it (SIMULATION.md speaks only of D's own records).
  let owner = domain;
  const alias = zone.resolveCname(domain, 8);
  if (alias.chain.length > 0) {
    if (alias.loop || !zone.isInZone(alias.name)) return empty('none');
    owner = alias.name;
  }

  let mode: Mode;
  let targets = mxTargets(zone, owner);
  if (targets !== null) {
    mode = 'mx';
    const isNull = targets.some((t) => t.name === ROOT);
    if (isNull && (targets.length === 1 || knobs.mixedNullMx === 'bounce')) mode = 'null-mx';
  } else {
    const own = zoneAddresses(zone, owner);
    if (own.v6.length + own.v4.length === 0) return empty('none');
    // RFC 5321 §5.1: no MX but an address: one implicit MX, preference 0, host D.
    mode = 'implicit';
    targets = [{ name: domain, index: 0, preference: 0, record: null, field: null }];
  }

  const keep6 = senderIpv6 && !knobs.ipv4Only;
  const resolved = targets.map((t): ResolvedHost => {
    if (mode !== 'implicit') return resolveTarget(zone, t, knobs, senderIpv6, external);
    const own = zoneAddresses(zone, owner);
    const v6 = keep6 ? own.v6 : [];
    return {
      name: t.name,
      index: 0,
      preference: 0,
      status: v6.length + own.v4.length === 0 ? 'no-address' : owner === domain ? 'ok' : 'cname',
      v6,
      v4: own.v4,
      location: { record: null, target: null, cnames: alias.chain.map(rangeOf), addresses: [] },
      aliases: owner === domain ? [] : [owner],
    };
  });

  // Display order: ascending preference, RRset order within one (a stable sort).
  const order = [...resolved].sort((a, b) => a.preference - b.preference || a.index - b.index);
  const display: DisplayHost[] = order.map((h) => {
    const addrs = [...h.v6, ...h.v4];
    h.location.addresses = addrs.map((a) => a.range);
    return {
      name: h.name,
      preference: h.preference,
      status: h.status,
      addresses: addrs.map((a) => a.address),
      location: h.location,
    };
  });
  if (mode === 'null-mx') return empty('null-mx', display);

  // The address table, in order of first appearance in the tiers.
  const addresses: PreparedAddress[] = [];
  const indexOf = new Map<string, number>();
  const owners: string[][] = [];
  // The host names of each address, as a set too: thousands of hosts may share one address.
  const hostsOf: Set<string>[] = [];
  const register = (a: ResolvedAddress, h: ResolvedHost): number => {
    const k = a.opaque ? 'name:' + nameKey(a.address) : a.address;
    let i = indexOf.get(k);
    if (i === undefined) {
      i = addresses.length;
      indexOf.set(k, i);
      addresses.push({ address: a.address, family: a.family, opaque: a.opaque, hosts: [] });
      owners.push([]);
      hostsOf.push(new Set());
    }
    if (!hostsOf[i].has(h.name)) {
      hostsOf[i].add(h.name);
      addresses[i].hosts.push(h.name);
    }
    owners[i].push(nameKey(h.name), ...h.aliases.map(nameKey));
    return i;
  };
  const indexes = new Map<ResolvedHost, { v6: number[]; v4: number[] }>();
  for (const h of order) {
    indexes.set(h, { v6: h.v6.map((a) => register(a, h)), v4: h.v4.map((a) => register(a, h)) });
  }
  const hosts: PreparedHost[] = resolved.map((h) => {
    const { v6, v4 } = indexes.get(h) ?? { v6: [], v4: [] };
    return {
      index: h.index,
      name: h.name,
      key: nameKey(h.name),
      preference: h.preference,
      status: h.status,
      v6,
      v4,
      usable: v6.length + v4.length > 0,
    };
  });
  return { domain, mode, hosts, addresses, owners, display };
}

/** The state of each address: one given for the address itself wins over one given for a host name. */
function statesOf(
  addresses: readonly PreparedAddress[],
  owners: readonly string[][],
  givenStates: SimulationOptions['states'],
): AddressState[] {
  const given = new Map<string, AddressState>();
  for (const [k, v] of Object.entries(givenStates ?? {})) given.set(stateKey(k), v);
  return addresses.map((a, i): AddressState => {
    const own = given.get(a.opaque ? nameKey(a.address) : a.address);
    if (own !== undefined) return own;
    for (const n of owners[i]) {
      const s = given.get(n);
      if (s !== undefined) return s;
    }
    return 'up';
  });
}

/** The usable hosts grouped by preference, ascending; RRset order within a group. */
export function tiersOf(hosts: readonly PreparedHost[]): PreparedHost[][] {
  const byPref = new Map<number, PreparedHost[]>();
  for (const h of hosts) {
    if (!h.usable) continue;
    const list = byPref.get(h.preference);
    if (list === undefined) byPref.set(h.preference, [h]);
    else list.push(h);
  }
  return [...byPref.entries()].sort((a, b) => a[0] - b[0]).map(([, hs]) => hs);
}
