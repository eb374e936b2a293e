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
  rrsets: Map<string, RRset>;
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
  private readonly nodes = new Map<string, ZoneNode>();
  private readonly byType = new Map<string, RRset[]>();
  private readonly refsTo = new Map<string, Reference[]>();
  private readonly lineIndexes: (LineIndex | undefined)[] = [];

  constructor(parse: ParseResult) {
    this.files = parse.files;
    this.records = parse.records;
    this.directives = parse.directives;
    this.parseDiagnostics = parse.diagnostics;
    for (const r of parse.records) this.add(r);
    const soas = this.byType.get('SOA') ?? [];
    this.declaredOrigin = parse.origin;
    this.origin = soas.length === 1 && soas[0].records.length === 1 ? soas[0].owner : parse.origin;
  }

  private add(r: ZoneRecord): void {
    const key = nameKey(r.owner);
    let node = this.nodes.get(key);
    if (node === undefined) {
      node = { name: r.owner, key, rrsets: new Map() };
      this.nodes.set(key, node);
    }
    const setKey = rrsetKey(r);
    let set = node.rrsets.get(setKey);
    if (set === undefined) {
      set = { owner: r.owner, key, type: r.type, typeCode: r.typeCode, classCode: r.classCode, records: [] };
      node.rrsets.set(setKey, set);
      const list = this.byType.get(r.type);
      if (list === undefined) this.byType.set(r.type, [set]);
      else list.push(set);
    }
    set.records.push(r);
    const role = POINTER_ROLES[r.type];
    if (role !== undefined) {
      for (const field of r.rdata) {
        if (field.role !== role || field.kind !== 'name') continue;
        const tk = nameKey(field.value);
        const ref: Reference = { record: r, field, target: field.value };
        const refs = this.refsTo.get(tk);
        if (refs === undefined) this.refsTo.set(tk, [ref]);
        else refs.push(ref);
      }
    }
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
    return this.refsTo.get(nameKey(name)) ?? [];
  }

  /** Every pointer in the zone, grouped by target key. */
  allReferences(): IterableIterator<[string, Reference[]]> {
    return this.refsTo.entries();
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
