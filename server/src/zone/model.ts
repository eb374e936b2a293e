import { LineIndex } from './lineIndex';
import { isSubdomain, nameKey } from './names';
import { namesCompareCaseless } from './rdata/index';
import type { Directive, ParseResult, SourceFile, ZoneRecord } from './parser';
import type { RdataField, ZoneDiagnostic } from './types';

/** The records of one owner, class and type (RFC 2181 §5). */
export interface RRset {
  owner: string;
  /** `nameKey(owner)`. */
  key: string;
  type: string;
  typeCode: number;
  classCode: number;
  records: ZoneRecord[];
}

/** Everything at one owner name. */
export interface ZoneNode {
  name: string;
  key: string;
  /** RRsets by type mnemonic (`RRSIG/<covered type>` for signatures), in the order they first appear. */
  rrsets: ReadonlyMap<string, RRset>;
}

/** A name field of a record that points at another name (MX exchange, NS, CNAME, …). */
export interface Reference {
  record: ZoneRecord;
  field: RdataField;
  /** Absolute target name. */
  target: string;
}

/**
 * The key of a record's RRset within its node: the type, except that
 * signatures form one set per covered type, as name servers store them
 * (each with its own TTL).
 */
export function rrsetKey(r: ZoneRecord): string {
  return r.type === 'RRSIG' ? `RRSIG/${r.rdata[0]?.value ?? ''}` : r.type;
}

/** The field of each type that names another host, by type mnemonic. */
export const POINTER_ROLES: Readonly<Record<string, string>> = {
  MX: 'exchange',
  NS: 'nsdname',
  CNAME: 'target',
  DNAME: 'target',
  SRV: 'target',
  PTR: 'ptrdname',
  SVCB: 'target',
  HTTPS: 'target',
  NAPTR: 'replacement',
  KX: 'exchanger',
  AFSDB: 'hostname',
};

/** The key `rrsetKey` gave the records of a set. */
function setKey(set: RRset): string {
  return set.type === 'RRSIG' ? rrsetKey(set.records[0]) : set.type;
}

/**
 * The RRsets of one node. A name holds one to a few RRsets, so a short array
 * scanned in order is as fast as a `Map` and a fraction of its size (a `Map`
 * costs some 200 bytes even with one entry, and a large zone has a node per
 * host). A set's key is derived from the set, not stored.
 */
class RRsetTable implements ReadonlyMap<string, RRset> {
  constructor(
    /** In order of first appearance; appended to while the zone is built. */
    public sets: RRset[],
  ) {}

  get size(): number {
    return this.sets.length;
  }

  get(key: string): RRset | undefined {
    const sets = this.sets;
    for (let i = 0; i < sets.length; i++) {
      const s = sets[i];
      if (s.type === key) {
        if (key !== 'RRSIG') return s;
      } else if (s.type === 'RRSIG' && key.startsWith('RRSIG/') && setKey(s) === key) {
        return s;
      }
    }
    return undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  values(): ArrayIterator<RRset> {
    return this.sets.values();
  }

  keys(): ArrayIterator<string> {
    return this.sets.map(setKey).values();
  }

  entries(): ArrayIterator<[string, RRset]> {
    return this.sets.map((s): [string, RRset] => [setKey(s), s]).values();
  }

  [Symbol.iterator](): ArrayIterator<[string, RRset]> {
    return this.entries();
  }

  forEach(callbackfn: (value: RRset, key: string, map: ReadonlyMap<string, RRset>) => void, thisArg?: unknown): void {
    for (const s of this.sets) callbackfn.call(thisArg, s, setKey(s), this);
  }
}

/** A node as the zone builds it: the RRset table is its own, to append to. */
interface BuildNode extends ZoneNode {
  rrsets: RRsetTable;
}

/**
 * The zone as a whole: owners, RRsets, lookups by name and by type, and the
 * graph of which names point to which. Built once from a parse; read-only.
 */
export class Zone {
  readonly files: SourceFile[];
  readonly records: ZoneRecord[];
  readonly directives: Directive[];
  /** Diagnostics of the parse (syntax and per-record problems). */
  readonly parseDiagnostics: ZoneDiagnostic[];
  /** The apex: the SOA owner when there is exactly one SOA, else the origin the file was read with. */
  readonly origin: string | null;
  /** The origin the file was read with (given, or the first `$ORIGIN`), before looking at the SOA. */
  readonly declaredOrigin: string | null;
  private readonly nodes = new Map<string, BuildNode>();
  private readonly byType = new Map<string, RRset[]>();
  /** Built on first use: only some features ask who points where. */
  private refsTo: Map<string, Reference[]> | undefined;
  private readonly lineIndexes: (LineIndex | undefined)[] = [];

  constructor(parse: ParseResult) {
    this.files = parse.files;
    this.records = parse.records;
    this.directives = parse.directives;
    this.parseDiagnostics = parse.diagnostics;
    this.build(parse.records);
    const soas = this.byType.get('SOA') ?? [];
    this.declaredOrigin = parse.origin;
    this.origin = soas.length === 1 && soas[0].records.length === 1 ? soas[0].owner : parse.origin;
  }

  private build(records: readonly ZoneRecord[]): void {
    // Records of one owner usually follow each other: reuse the last node
    // without computing the key again (same string, same node).
    let lastOwner: string | undefined;
    let node: BuildNode | undefined;
    for (const r of records) {
      if (node === undefined || r.owner !== lastOwner) {
        const key = nameKey(r.owner);
        lastOwner = r.owner;
        const found = this.nodes.get(key);
        if (found === undefined) {
          node = { name: r.owner, key, rrsets: new RRsetTable([this.newSet(r, key)]) };
          this.nodes.set(key, node);
          continue;
        }
        node = found;
      }
      const setKey = r.type === 'RRSIG' ? rrsetKey(r) : r.type;
      const set = node.rrsets.get(setKey);
      if (set === undefined) node.rrsets.sets.push(this.newSet(r, node.key));
      else set.records.push(r);
    }
    // Arrays grown by `push` keep room for 16 more entries: give the sets
    // that grew exact-size copies, or a large zone carries that slack forever.
    for (const sets of this.byType.values()) {
      for (const set of sets) if (set.records.length > 1) set.records = set.records.slice();
    }
    for (const n of this.nodes.values()) {
      if (n.rrsets.sets.length > 1) n.rrsets.sets = n.rrsets.sets.slice();
    }
  }

  private newSet(r: ZoneRecord, key: string): RRset {
    const set: RRset = {
      owner: r.owner,
      key,
      type: r.type,
      typeCode: r.typeCode,
      classCode: r.classCode,
      records: [r],
    };
    const list = this.byType.get(r.type);
    if (list === undefined) this.byType.set(r.type, [set]);
    else list.push(set);
    return set;
  }

  /** Every pointer of the zone by target key, in record order. */
  private references(): Map<string, Reference[]> {
    if (this.refsTo !== undefined) return this.refsTo;
    const refsTo = new Map<string, Reference[]>();
    for (const r of this.records) {
      const role = POINTER_ROLES[r.type];
      if (role === undefined) continue;
      for (const field of r.rdata) {
        if (field.role !== role || field.kind !== 'name') continue;
        const tk = nameKey(field.value);
        const ref: Reference = { record: r, field, target: field.value };
        const refs = refsTo.get(tk);
        if (refs === undefined) refsTo.set(tk, [ref]);
        else refs.push(ref);
      }
    }
    this.refsTo = refsTo;
    return refsTo;
  }

  /** All owner names, in the order they first appear. */
  allNodes(): IterableIterator<ZoneNode> {
    return this.nodes.values();
  }

  node(name: string): ZoneNode | undefined {
    return this.nodes.get(nameKey(name));
  }

  rrset(name: string, type: string): RRset | undefined {
    return this.nodes.get(nameKey(name))?.rrsets.get(type);
  }

  /** Every RRset of a type, in order of first appearance. */
  rrsetsOfType(type: string): readonly RRset[] {
    return this.byType.get(type) ?? [];
  }

  /** The records that point at `name` (MX exchange, NS, CNAME target, …). */
  referencesTo(name: string): readonly Reference[] {
    return this.references().get(nameKey(name)) ?? [];
  }

  /** Every pointer in the zone, grouped by target key. */
  allReferences(): IterableIterator<[string, Reference[]]> {
    return this.references().entries();
  }
  /** True when `name` is the apex or below it (when no apex is known, nothing is in zone). */
  isInZone(name: string): boolean {
    return this.origin !== null && isSubdomain(name, this.origin);
  }

  /** A and AAAA records of a name (AAAA first, then A, as senders order them). */
  addresses(name: string): ZoneRecord[] {
    const node = this.node(name);
    if (node === undefined) return [];
    return [...(node.rrsets.get('AAAA')?.records ?? []), ...(node.rrsets.get('A')?.records ?? [])];
  }

  /**
   * Follows in-zone CNAMEs from `name` (at most `maxSteps`). `chain` lists the
   * CNAME records followed; `loop` is true when the chain comes back on itself
   * or is longer than allowed.
   */
  resolveCname(name: string, maxSteps = 8): { name: string; chain: ZoneRecord[]; loop: boolean } {
    const chain: ZoneRecord[] = [];
    const seen = new Set<string>([nameKey(name)]);
    let current = name;
    for (;;) {
      const cname = this.rrset(current, 'CNAME');
      if (cname === undefined) return { name: current, chain, loop: false };
      const rec = cname.records[0];
      const target = rec.rdata[0]?.value;
      if (target === undefined) return { name: current, chain, loop: false };
      chain.push(rec);
      const key = nameKey(target);
      if (seen.has(key) || chain.length > maxSteps) return { name: target, chain, loop: true };
      seen.add(key);
      current = target;
    }
  }

  /** Offset/position conversion for one of the zone's files (built on first use). */
  lineIndex(file: number): LineIndex {
    let li = this.lineIndexes[file];
    if (li === undefined) {
      li = new LineIndex(this.files[file].text);
      this.lineIndexes[file] = li;
    }
    return li;
  }
}

/**
 * A key under which two records' RDATA are equal the way a name server
 * compares them: embedded names case-insensitively for the types whose
 * names are compressible or canonicalised (RFC 4034 §6.2), exactly for the others.
 */
export function rdataKey(r: ZoneRecord): string {
  const caseless = namesCompareCaseless(r.typeCode);
  let k = '';
  for (const f of r.rdata) k += (caseless && f.kind === 'name' ? f.value.toLowerCase() : f.value) + '\u0000';
  return k;
}

/** Builds the zone model of a parse. */
export function buildZone(parse: ParseResult): Zone {
  return new Zone(parse);
}
