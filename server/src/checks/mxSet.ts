/**
 * The mail exchangers of every domain of a zone, as the MX checks see them:
 * each MX record with its target resolved inside the zone (aliases followed,
 * wildcards and delegations honoured) to the addresses a sender would use
 * (SIMULATION.md, steps 1 and 2). Built once per zone and shared by the checks.
 */
import { isBlank } from '../zone/lexer';
import {
  firstRdataText,
  firstRecord,
  mxRdataKey,
  pointerTarget,
  rrsetSize,
  type RRset,
  type Zone,
  type ZoneNode,
} from '../zone/model';
import {
  isDigit,
  isPlainName,
  isSubdomain,
  labelStarts,
  nameKey,
  nameLabels,
  parseName,
  relativize,
  ROOT,
} from '../zone/names';
import type { ZoneRecord } from '../zone/parser';
import { decimalAt } from '../zone/rdata/reader';
import type { RdataText } from '../zone/record';
import type { RdataField } from '../zone/types';
import { type FieldRange, LIST_MAX, RELATED_MAX } from './check';
import { readIpLiteral, type IpAddress } from './ipAddress';
import { missingTrailingDot } from './writtenName';

/**
 * What an MX target is:
 * - `null`: `.`, the null MX of RFC 7505;
 * - `ip-literal`: an address written where a host name belongs;
 * - `in-zone`: a name whose data this file holds (addresses may still be missing);
 * - `out-of-zone`: outside the zone, or below a delegation with no glue: unknown here.
 */
export type TargetKind = 'null' | 'ip-literal' | 'in-zone' | 'out-of-zone';

/** One address of an MX host, with the A/AAAA record it comes from (none for an IP literal). */
export interface HostAddress extends IpAddress {
  record?: ZoneRecord;
  field?: RdataField;
}

/** Where following aliases from a name ended. */
export interface AliasResolution {
  /** The name at the end of the chain (the canonical name). */
  name: string;
  /** The CNAME and DNAME records followed, in order. */
  chain: ZoneRecord[];
  /** The chain loops, or is longer than 8 steps: the host is unusable. */
  loop: boolean;
}

/** Where an MX record's two fields stand in its file, and its preference. */
interface MxPlaces {
  file: number;
  preference: number;
  preferenceStart: number;
  preferenceEnd: number;
  exchangeStart: number;
  exchangeEnd: number;
}

/** An MX record's two fields: where they stand in its file, and what they say. */
interface MxFields extends MxPlaces {
  /** The exchange as parsed (absolute). */
  target: string;
}

/**
 * One MX record and what its target leads to. What the target leads to is
 * the written target's (`WrittenTarget`), shared by every entry that writes
 * it the same way (a hosting zone points thousands of domains at `mail1`):
 * an entry refers to it instead of copying its fields, and reads them
 * through getters. The entry keeps the record's two fields as numbers, read
 * where they stand in the text when they are written plainly
 * (`mxPlacesInPlace`), and makes the record only when asked for it: a cold
 * check reads every MX record, and most are never the subject of anything
 * but a diagnostic on their target.
 */
export class MxEntry {
  /** The index of the record's file. */
  readonly file: number;
  readonly preference: number;
  private readonly preferenceStart: number;
  private readonly preferenceEnd: number;
  private readonly exchangeStart: number;
  private readonly exchangeEnd: number;

  constructor(
    /** The domain's MX RRset: the record is its first when `made` is not given. */
    private readonly set: RRset,
    /** The record, when it was made already. */
    private made: ZoneRecord | undefined,
    fields: MxPlaces,
    private readonly how: WrittenTarget,
  ) {
    this.file = fields.file;
    this.preference = fields.preference;
    this.preferenceStart = fields.preferenceStart;
    this.preferenceEnd = fields.preferenceEnd;
    this.exchangeStart = fields.exchangeStart;
    this.exchangeEnd = fields.exchangeEnd;
  }

  /** The MX record (made on the first call when the parse kept it as a row). */
  get record(): ZoneRecord {
    return (this.made ??= firstRecord(this.set));
  }

  /** Where the preference stands in the file. */
  get preferenceField(): FieldRange {
    return { start: this.preferenceStart, end: this.preferenceEnd };
  }

  /** Where the exchange (the target) stands in the file. */
  get exchange(): FieldRange {
    return { start: this.exchangeStart, end: this.exchangeEnd };
  }

  /** The target as parsed (absolute). */
  get target(): string {
    return this.how.target;
  }

  /** The target as written in the file. */
  get written(): string {
    return this.how.written;
  }

  /** The target as messages name it: relative to the apex when inside the zone. */
  get label(): string {
    return this.how.label;
  }

  /**
   * The target was written without its trailing dot and looks like it needed
   * one (`name-missing-trailing-dot` reports it); `label` is then absolute.
   */
  get missingDot(): boolean {
    return this.how.missingDot;
  }

  /** For `ip-literal`: the address. */
  get literal(): IpAddress | undefined {
    return this.how.literal;
  }

  get kind(): TargetKind {
    return this.how.resolution.kind;
  }

  get alias(): AliasResolution | undefined {
    return this.how.resolution.alias;
  }

  get canonical(): string {
    return this.how.resolution.canonical;
  }

  get delegation(): string | undefined {
    return this.how.resolution.delegation;
  }

  get exists(): boolean {
    return this.how.resolution.exists;
  }

  get wildcard(): string | undefined {
    return this.how.resolution.wildcard;
  }

  get addresses(): readonly HostAddress[] {
    return this.how.resolution.addresses;
  }

  get known(): boolean {
    return this.how.resolution.known;
  }
}

/** The MX records of one preference. */
export interface MxTier {
  preference: number;
  entries: MxEntry[];
}

/**
 * One domain with MX records. Its name and its tiers are made when asked
 * for: the checks read them for the few domains they report on, and a
 * zone of a million records has tens of thousands of domains.
 */
export class MxDomain {
  private sorted: MxTier[] | undefined;

  constructor(
    readonly rrset: RRset,
    /** In RRset (file) order. */
    readonly entries: MxEntry[],
  ) {}

  get owner(): string {
    return this.rrset.owner;
  }

  /** How messages name the domain: its absolute name. */
  get label(): string {
    return this.rrset.owner;
  }

  /** By ascending preference, null MX entries left out. */
  get tiers(): MxTier[] {
    return (this.sorted ??= tiersOf(this.entries));
  }

  /** True when the domain has a backup tier (`tiers.length > 1`), without making the tiers of a one-MX domain. */
  get hasBackup(): boolean {
    return this.entries.length > 1 && this.tiers.length > 1;
  }
}

/** Entries by ascending preference, null MX entries left out. */
function tiersOf(entries: MxEntry[]): MxTier[] {
  if (entries.length === 1) {
    // Most domains have one MX: one tier, or none for a null MX. Its list is the domain's (neither is changed).
    const e = entries[0];
    return e.kind === 'null' ? [] : [{ preference: e.preference, entries }];
  }
  const byPref = new Map<number, MxEntry[]>();
  for (const e of entries) {
    if (e.kind === 'null') continue;
    const list = byPref.get(e.preference);
    if (list === undefined) byPref.set(e.preference, [e]);
    else list.push(e);
  }
  return [...byPref.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([preference, list]): MxTier => ({ preference, entries: list }));
}

const cache = new WeakMap<Zone, readonly MxDomain[]>();

/** Every domain of the zone with an MX RRset, in order of first appearance. */
export function mxDomains(zone: Zone): readonly MxDomain[] {
  let domains = cache.get(zone);
  if (domains === undefined) {
    const memo: TargetMemo = { targets: new Map(), written: new Map() };
    domains = zone.rrsetsOfType('MX').map((set) => buildDomain(zone, set, memo));
    cache.set(zone, domains);
  }
  return domains;
}

/**
 * What one MX target name leads to in the zone, which depends on the name
 * alone: resolved once per distinct target while the domains are built (a
 * hosting zone points thousands of domains at the same few hosts).
 */
export interface TargetResolution {
  kind: 'in-zone' | 'out-of-zone';
  /** Set when the target is an alias (CNAME, or below a DNAME) in the zone. */
  alias?: AliasResolution;
  /** The name whose addresses count: the target, or the end of its alias chain. */
  canonical: string;
  /** For `out-of-zone` because of a delegation: the delegated name. */
  delegation?: string;
  /** The final name exists in the zone (as a node, an empty non-terminal or through a wildcard). */
  exists: boolean;
  /** The wildcard owner that answers for the final name, when it has no records of its own. */
  wildcard?: string;
  /** The addresses from the file, AAAA first then A (empty when unknown or none). */
  addresses: readonly HostAddress[];
  /** True when `addresses` is the whole truth (the host's data is in this file). */
  known: boolean;
}

/**
 * An MX target as written and what it leads to: the same for every entry
 * that writes it the same way under the same origin, so made once and
 * shared by them.
 */
interface WrittenTarget {
  /** The target as written in the file. */
  written: string;
  /**
   * The origin it was completed with, when it was read in place; undefined
   * when it came from a record's fields (a `$GENERATE` template gives
   * several targets for one written text).
   */
  origin: string | null | undefined;
  /** The target as parsed (absolute). */
  target: string;
  /** How messages name it. */
  label: string;
  missingDot: boolean;
  literal: IpAddress | undefined;
  resolution: EntryResolution;
}

interface TargetMemo {
  /** By target name as parsed (case kept: messages quote it): where it leads, and how messages name it. */
  targets: Map<string, { resolution: TargetResolution; label: string }>;
  /** By written text: the last written target made for it. */
  written: Map<string, WrittenTarget>;
}

/** How messages name a host: relative to the apex inside the zone (`mail`), else (and for the apex itself) absolute. */
export function hostLabel(zone: Zone, name: string): string {
  if (zone.origin === null || !zone.isInZone(name)) return name;
  const rel = relativize(name, zone.origin);
  return rel === '@' ? name : rel;
}

/**
 * `a`, `a and b`, `a, b and c`; past `LIST_MAX` words, the first ones and a
 * count (`h0, h1, h2, h3, h4, h5, h6, h7, h8, h9 and 12 more`). `total`: how
 * many there are when `words` holds only the first ones.
 */
export function listWords(words: readonly string[], total = words.length): string {
  const shown = words.length > LIST_MAX ? words.slice(0, LIST_MAX) : words;
  if (total > shown.length) return `${shown.join(', ')} and ${total - shown.length} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

function buildDomain(zone: Zone, rrset: RRset, memo: TargetMemo): MxDomain {
  let entries: MxEntry[];
  if (rrsetSize(rrset) === 1) {
    // Most domains have one MX record: an exact-size list (`push` would leave room for 16 more, for good).
    const entry = buildEntry(zone, rrset, undefined, memo);
    entries = entry === null ? [] : [entry];
  } else {
    entries = [];
    // A record the file repeats is one record to name servers, and so to senders (`duplicate-record` reports it).
    const seen = new Set<string>();
    for (const record of rrset.records) {
      const entry = buildEntry(zone, rrset, record, memo);
      if (entry === null) continue;
      const key = mxRdataKey(entry.preference, entry.target);
      if (seen.has(key)) continue;
      seen.add(key);
      entries.push(entry);
    }
  }
  return new MxDomain(rrset, entries);
}

/**
 * The entry of `record` of `set`, or of its one record when `record` is not
 * given; null when its RDATA did not parse. Plain RDATA is read in place,
 * and its target is read and resolved once per written text and origin.
 */
function buildEntry(zone: Zone, set: RRset, record: ZoneRecord | undefined, memo: TargetMemo): MxEntry | null {
  const rdata = record === undefined ? firstRdataText(set) : record.rdataText();
  const places = rdata === undefined ? null : mxPlacesInPlace(rdata);
  if (places !== null) {
    const { text, origin, moved } = rdata as RdataText;
    const written = text.slice(places.exchangeStart - moved, places.exchangeEnd - moved);
    let how = memo.written.get(written);
    if (how === undefined || how.origin !== origin) {
      const target = plainTarget(written, origin);
      if (target !== null) how = writtenTarget(zone, written, origin, target, memo);
    }
    if (how !== undefined && how.origin === origin) return new MxEntry(set, record, places, how);
  }
  record ??= firstRecord(set);
  const fields = mxFieldsOf(record);
  // A record whose RDATA did not parse (bad-rdata) has no fields to check.
  if (fields === null) return null;
  const written = zone.files[fields.file].text.slice(fields.exchangeStart, fields.exchangeEnd);
  let how = memo.written.get(written);
  if (how === undefined || how.origin !== undefined || how.target !== fields.target)
    how = writtenTarget(zone, written, undefined, fields.target, memo);
  return new MxEntry(set, record, fields, how);
}

/** What `written` leads to, completed as `target`; kept as the memo's for `written`. */
function writtenTarget(
  zone: Zone,
  written: string,
  origin: string | null | undefined,
  target: string,
  memo: TargetMemo,
): WrittenTarget {
  const missingDot = missingTrailingDot(zone, written, target) !== null;
  let how: WrittenTarget;
  const literal = target === ROOT || !mayBeIpLiteral(written) ? null : readIpLiteral(written);
  if (target === ROOT) {
    const none = resolution('null', ROOT, false, [], true);
    how = { written, origin, target, label: '.', missingDot, literal: undefined, resolution: none };
  } else if (literal !== null) {
    const self = resolution('ip-literal', target, false, [{ ...literal }], true);
    how = { written, origin, target, label: literal.value, missingDot, literal, resolution: self };
  } else {
    let t = memo.targets.get(target);
    if (t === undefined) {
      t = { resolution: resolveTarget(zone, target), label: hostLabel(zone, target) };
      memo.targets.set(target, t);
    }
    const label = missingDot ? target : t.label;
    how = { written, origin, target, label, missingDot, literal: undefined, resolution: t.resolution };
  }
  memo.written.set(written, how);
  return how;
}

/** The fields of an MX record as its `rdata` gives them; null when its RDATA did not parse. */
function mxFieldsOf(record: ZoneRecord): MxFields | null {
  let preference: RdataField | undefined;
  let exchange: RdataField | undefined;
  for (const f of record.rdata) {
    if (preference === undefined && f.role === 'preference') preference = f;
    else if (exchange === undefined && f.role === 'exchange' && f.kind === 'name') exchange = f;
  }
  if (preference?.num === undefined || exchange === undefined) return null;
  return {
    file: record.file,
    preference: preference.num,
    preferenceStart: preference.start,
    preferenceEnd: preference.end,
    exchangeStart: exchange.start,
    exchangeEnd: exchange.end,
    target: exchange.value,
  };
}

/**
 * The fields of MX RDATA written the plain way, read where they stand: a
 * preference of digits up to 65 535, blanks, a plain name (`isPlainName`:
 * host-name characters, no escape, not `@`), and nothing else on the line.
 * That is what the parse accepts in place (the MX type's `validTokens`),
 * and its target is the name `parseName` gives. Null for anything else
 * (parentheses, a comment between the fields, `.`, `@`, escapes), whose
 * fields are read from the record. `buildEntry` reads the same in its two
 * steps (`mxPlacesInPlace`, then `plainTarget` on a written text it has
 * not seen under that origin); this is them together, for the tests.
 */
export function mxFieldsInPlace(rdata: RdataText): MxFields | null {
  const places = mxPlacesInPlace(rdata);
  if (places === null) return null;
  const { text, origin, moved } = rdata;
  const target = plainTarget(text.slice(places.exchangeStart - moved, places.exchangeEnd - moved), origin);
  return target === null ? null : { ...places, target };
}

/**
 * Where the two fields of MX RDATA written as digits up to 65 535, blanks
 * and one more word stand now: what `mxFieldsInPlace` reads, before it
 * reads the word as a name.
 */
function mxPlacesInPlace(rdata: RdataText): MxPlaces | null {
  const { text, start, end, moved } = rdata;
  let p = start;
  while (p < end && isDigit(text.charCodeAt(p))) p++;
  const preferenceEnd = p;
  const preference = decimalAt(text, start, preferenceEnd);
  if (!(preference <= 0xffff) || p === end || !isBlank(text.charCodeAt(p))) return null;
  while (p < end && isBlank(text.charCodeAt(p))) p++;
  const exchangeStart = p;
  while (p < end && !isBlank(text.charCodeAt(p))) p++;
  if (p !== end) return null;
  return {
    file: rdata.file,
    preference,
    preferenceStart: start + moved,
    preferenceEnd: preferenceEnd + moved,
    exchangeStart: exchangeStart + moved,
    exchangeEnd: end + moved,
  };
}

/** The name a plain word (`isPlainName`) completed with `origin` is, as `parseName` reads it; null for any other word. */
function plainTarget(word: string, origin: string | null): string | null {
  if (!isPlainName(word, 0, word.length, origin)) return null;
  const name = parseName(word, origin);
  return name.ok ? name.name : null;
}

/** Where an MX target host name leads (SIMULATION.md step 2): aliases, zone cuts, wildcards, addresses. */
function resolveTarget(zone: Zone, target: string): TargetResolution {
  const resolved = resolveAlias(zone, target);
  const alias = resolved.chain.length > 0 ? resolved : undefined;
  const canonical = resolved.name;
  if (resolved.loop) return resolution('in-zone', canonical, true, [], true, alias);
  if (!zone.isInZone(canonical)) return resolution('out-of-zone', canonical, false, [], false, alias);
  const cut = delegationOf(zone, canonical);
  if (cut !== undefined) {
    // Below a zone cut the file holds at most glue: addresses there are the child's to give.
    const glue = addressesOf(zone.addresses(canonical));
    if (glue.length === 0) return resolution('out-of-zone', canonical, false, [], false, alias, cut);
    return resolution('in-zone', canonical, true, glue, true, alias);
  }
  const found = lookupAddresses(zone, canonical);
  return resolution('in-zone', canonical, found.exists, found.addresses, true, alias, undefined, found.wildcard);
}

/** What an entry reads through its getters: a target's resolution, or a null MX's or an IP literal's. */
type EntryResolution = Omit<TargetResolution, 'kind'> & { kind: TargetKind };

/**
 * A resolution with every field given (`kind` also `null` or `ip-literal`,
 * for the entries that resolve nothing): all share one object shape, which
 * keeps the entries' getters fast.
 */
function resolution<K extends TargetKind>(
  kind: K,
  canonical: string,
  exists: boolean,
  addresses: readonly HostAddress[],
  known: boolean,
  alias?: AliasResolution,
  delegation?: string,
  wildcard?: string,
): Omit<TargetResolution, 'kind'> & { kind: K } {
  return { kind, alias, canonical, delegation, exists, wildcard, addresses, known };
}

/**
 * False when `written` cannot be an IP literal: it starts with a letter, `-`
 * or `_` and has no colon (so neither a dotted quad nor IPv6, bracketed or
 * not). Nearly every MX target is such a name: the full read is skipped.
 */
function mayBeIpLiteral(written: string): boolean {
  const c = written.charCodeAt(0);
  const nameStart = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x2d || c === 0x5f;
  return !nameStart || written.includes(':');
}

/**
 * The address an A/AAAA record holds, as an address field's value (IPv6 in
 * RFC 5952 form), or null. A record whose RDATA is one plain word is read
 * from the text, without reading (and keeping) its fields: a zone has as
 * many of them as hosts.
 */
export function recordAddress(r: ZoneRecord): string | null {
  const written = r.rdataText();
  if (written !== undefined) {
    const word = written.text.slice(written.start, written.end).trim();
    if (/^[0-9A-Fa-f.:]+$/.test(word)) {
      const literal = readIpLiteral(word);
      if (literal !== null && literal.family === (r.type === 'AAAA' ? 6 : 4)) return literal.value;
    }
  }
  return r.rdata.find((f) => f.role === 'address')?.value ?? null;
}

function addressesOf(records: readonly ZoneRecord[]): HostAddress[] {
  const out: HostAddress[] = [];
  for (const record of records) {
    for (const field of record.rdata) {
      if (field.role !== 'address' || (field.kind !== 'ipv4' && field.kind !== 'ipv6')) continue;
      out.push({ value: field.value, family: field.kind === 'ipv6' ? 6 : 4, record, field });
      break;
    }
  }
  return out;
}

/**
 * The node that answers for an in-zone name: the name itself, else the
 * wildcard of its closest encloser (RFC 4592 §3.3.1). `exists` is false for
 * NXDOMAIN; an empty non-terminal exists without a node.
 */
function answeringNode(zone: Zone, name: string): { node?: ZoneNode; exists: boolean } {
  const node = zone.node(name);
  if (node !== undefined) return { node, exists: true };
  if (zone.hasDescendants(nameKey(name))) return { exists: true };
  if (!zone.hasWildcards()) return { exists: false };
  // The closest encloser is the longest existing ancestor; only its wildcard applies.
  const labels = nameLabels(name);
  for (let i = 1; i < labels.length; i++) {
    const ancestor = labels.slice(i).join('.') + '.';
    if (zone.origin !== null && !isSubdomain(ancestor, zone.origin)) break;
    if (zone.node(ancestor) === undefined && !zone.hasDescendants(nameKey(ancestor))) continue;
    const wildcard = zone.node('*.' + ancestor);
    return wildcard === undefined ? { exists: false } : { node: wildcard, exists: true };
  }
  return { exists: false };
}

/** The addresses of an in-zone name, through a wildcard when the name itself does not exist. */
export function lookupAddresses(
  zone: Zone,
  name: string,
): { exists: boolean; addresses: HostAddress[]; wildcard?: string } {
  const { node, exists } = answeringNode(zone, name);
  if (node === undefined) return { exists, addresses: [] };
  const addresses = addressesOf(zone.addresses(node.name));
  return node.key === nameKey(name) ? { exists, addresses } : { exists, addresses, wildcard: node.name };
}

/** The zone cut at or above `name` (below the apex), if the name is in a delegated child zone. */
export function delegationOf(zone: Zone, name: string): string | undefined {
  const s = zone.structure();
  if (s.cuts.size === 0 || zone.origin === null) return undefined;
  const { starts, end } = labelStarts(name);
  const apexDepth = nameLabels(zone.origin).length;
  for (let i = 0; starts.length - i > apexDepth; i++) {
    const candidate = name.slice(starts[i], end);
    if (s.cuts.has(nameKey(candidate))) return candidate;
  }
  return undefined;
}

/** The DNAME record of a proper ancestor of `name` in the zone, if any. */
function dnameAbove(zone: Zone, name: string): ZoneRecord | undefined {
  const s = zone.structure();
  if (s.dnames.size === 0) return undefined;
  const labels = nameLabels(name);
  for (let i = 1; i < labels.length; i++) {
    const ancestor = labels.slice(i).join('.') + '.';
    if (s.dnames.has(nameKey(ancestor))) return zone.rrset(ancestor, 'DNAME')?.records[0];
  }
  return undefined;
}

/**
 * Follows CNAMEs and DNAMEs inside the zone from `name`, at most 8 steps
 * (SIMULATION.md step 2). A DNAME above a name rewrites its suffix (RFC 6672).
 */
export function resolveAlias(zone: Zone, name: string, maxSteps = 8): AliasResolution {
  const chain: ZoneRecord[] = [];
  // Most names are no alias: the set of names seen is made at the first step.
  let seen: Set<string> | undefined;
  let current = name;
  for (;;) {
    if (!zone.isInZone(current)) return { name: current, chain, loop: false };
    let next: string | undefined;
    // Only a node can hold a CNAME: whether a name without one exists (an empty non-terminal, which
    // needs the counts of owners below each name) matters only to find a wildcard's closest encloser.
    const node = zone.node(current) ?? (zone.hasWildcards() ? answeringNode(zone, current).node : undefined);
    const cname = node?.rrsets.get('CNAME')?.records[0];
    if (cname !== undefined) {
      next = pointerTarget(cname);
      if (next !== undefined) chain.push(cname);
    } else {
      const dname = dnameAbove(zone, current);
      const target = dname === undefined ? undefined : pointerTarget(dname);
      if (dname !== undefined && target !== undefined) {
        const prefix = current.slice(0, current.length - dname.owner.length);
        next = target === ROOT ? prefix : prefix + target;
        chain.push(dname);
      }
    }
    if (next === undefined) return { name: current, chain, loop: false };
    seen ??= new Set<string>([nameKey(name)]);
    const key = nameKey(next);
    if (seen.has(key) || chain.length > maxSteps) return { name: next, chain, loop: true };
    seen.add(key);
    current = next;
  }
}

/**
 * An address as a comparison key: its text, which is canonical (IPv6 in RFC
 * 5952 form, IPv4 a dotted quad) and tells the family (only IPv6 has a
 * colon), so no new string is made. The key of an unknown host
 * (`host/name`, see `reachKeys`) has a slash, which no address has.
 */
export function addressKey(a: IpAddress): string {
  return a.value;
}

/** The keys of the addresses an entry reaches; an unknown host stands as one opaque address named after it. */
export function reachKeys(e: MxEntry): string[] {
  if (!e.known) return [`host/${nameKey(e.canonical)}`];
  return e.addresses.map(addressKey);
}

/**
 * An entry senders can deliver to: a host name with addresses, or one whose
 * addresses this file cannot know. Null MX and IP-literal targets are not
 * (most senders find no host behind a literal; mx-target-ip reports it).
 */
export function usable(e: MxEntry): boolean {
  return e.kind !== 'null' && e.kind !== 'ip-literal' && (!e.known || e.addresses.length > 0);
}

/** A backup tier all of whose addresses a lower tier already reaches. */
export interface RedundantTier {
  tier: MxTier;
  /** How many tiers lie below it: `domain.tiers.slice(0, below)`. */
  below: number;
  /**
   * For each address key of the tier, the lower entries that reach it: the
   * first `RELATED_MAX` of them (what messages and related locations show)
   * and how many there are.
   */
  coveredBy: Map<string, { first: MxEntry[]; count: number }>;
}

/**
 * The backup tiers that reach no address a lower tier does not. A tier whose
 * entries have no address, or only repeat names listed lower, is left to
 * `mx-target-no-address` and `mx-duplicate-target`. Linear in the domain's
 * entries and addresses, however many tiers share an address.
 */
export function redundantTiers(domain: MxDomain): RedundantTier[] {
  if (!domain.hasBackup) return [];
  const out: RedundantTier[] = [];
  const lowerReach = new Map<string, MxEntry[]>();
  const lowerNames = new Set<string>();
  for (let i = 0; i < domain.tiers.length; i++) {
    const tier = domain.tiers[i];
    const live = tier.entries.filter(usable);
    if (i > 0 && live.length > 0 && live.some((e) => !lowerNames.has(nameKey(e.target)))) {
      const coveredBy = new Map<string, { first: MxEntry[]; count: number }>();
      let all = true;
      for (const e of live) {
        for (const k of reachKeys(e)) {
          const by = lowerReach.get(k);
          if (by === undefined) all = false;
          // A copy of the first ones: lowerReach grows with this tier below.
          else coveredBy.set(k, { first: by.slice(0, RELATED_MAX), count: by.length });
        }
        if (!all) break;
      }
      if (all) out.push({ tier, below: i, coveredBy });
    }
    for (const e of live) {
      lowerNames.add(nameKey(e.target));
      for (const k of reachKeys(e)) {
        const list = lowerReach.get(k);
        // An entry's keys are added together: if it reached k already, it is the last one.
        if (list === undefined) lowerReach.set(k, [e]);
        else if (list[list.length - 1] !== e) list.push(e);
      }
    }
  }
  return out;
}
