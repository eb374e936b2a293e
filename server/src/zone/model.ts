import { LineIndex } from './lineIndex';
import { isSubdomain, labelStarts, nameKey } from './names';
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
  if (set.type !== 'RRSIG') return set.type;
  return rrsetKey(set instanceof RecordSet ? set.firstRecord() : set.records[0]);
}

/**
 * An RRset as the zone builds it. Most RRsets hold one record, and most are
 * never asked for their list: the first record is kept in a field and the
 * `records` array made on first use (saving an array per RRset, a large part
 * of a big zone's model). Owner, type and class are the first record's, read
 * from it rather than stored again.
 */
class RecordSet implements RRset {
  private list: ZoneRecord[] | null = null;

  constructor(
    readonly key: string,
    private readonly first: ZoneRecord,
  ) {}

  get owner(): string {
    return this.first.owner;
  }

  get type(): string {
    return this.first.type;
  }

  get typeCode(): number {
    return this.first.typeCode;
  }

  get classCode(): number {
    return this.first.classCode;
  }

  get records(): ZoneRecord[] {
    return (this.list ??= [this.first]);
  }

  /** `records.length`, without making the list. */
  get size(): number {
    return this.list === null ? 1 : this.list.length;
  }

  firstRecord(): ZoneRecord {
    return this.first;
  }

  /** Appends a record while the zone is built; true when the list just outgrew `appended`'s copies. */
  add(r: ZoneRecord): boolean {
    this.list = this.list === null ? [this.first, r] : appended(this.list, r);
    return this.list.length === COPY_UP_TO + 2;
  }

  /** Gives a list that grew by `push` an exact-size copy. */
  trim(): void {
    if (this.list !== null) this.list = this.list.slice();
  }
}

/** The number of records of an RRset (`records.length`), without making the list of a one-record set. */
export function rrsetSize(set: RRset): number {
  return set instanceof RecordSet ? set.size : set.records.length;
}

/** True when `set` is the one `rrsets.get(key)` names. */
function isSet(set: RRset, key: string): boolean {
  if (set.type === key) return key !== 'RRSIG';
  return set.type === 'RRSIG' && key.startsWith('RRSIG/') && setKey(set) === key;
}

/**
 * Longest list that `appended` copies; a longer one grows by `push` (which
 * leaves room for 16 more entries) and is trimmed when the build ends.
 */
const COPY_UP_TO = 3;

/**
 * `list` with `item` appended. Most RRsets hold one to three records and most
 * names one to three RRsets; `push` on such a list would reserve room for 16
 * more entries that a large zone then carries for good. Short lists are copied
 * into exact-size arrays instead.
 */
function appended<T>(list: T[], item: T): T[] {
  switch (list.length) {
    case 1:
      return [list[0], item];
    case 2:
      return [list[0], list[1], item];
    case 3:
      return [list[0], list[1], list[2], item];
    default:
      list.push(item);
      return list;
  }
}

/** Most RRsets a name's lookups scan; past that, they use a `Map`. */
const SCAN_UP_TO = 16;

/**
 * One owner name. The node is its own RRset table (`rrsets` is the node):
 * a name holds one to a few RRsets, so a short scan is as fast as a `Map` at a
 * fraction of its size (a `Map` costs some 200 bytes even with one entry, and
 * a large zone has a node per host). A name with one RRset keeps it in a
 * field, without an array; a set's key is derived from the set, not stored.
 */
class Node implements ZoneNode, ReadonlyMap<string, RRset> {
  /** All RRsets in order of first appearance, once there is more than one. */
  more: RecordSet[] | null = null;
  /**
   * The RRsets by key, made when `get` first finds more than `SCAN_UP_TO` of
   * them: a name signed for many types, or a hostile one with thousands,
   * would make each lookup of the build a scan.
   */
  private index: Map<string, RecordSet> | null = null;

  constructor(private readonly first: RecordSet) {}

  /** The owner as first written: the first RRset's (its first record's). */
  get name(): string {
    return this.first.owner;
  }

  get key(): string {
    return this.first.key;
  }

  get rrsets(): ReadonlyMap<string, RRset> {
    return this;
  }

  firstSet(): RecordSet {
    return this.first;
  }

  add(set: RecordSet): void {
    this.more = this.more === null ? [this.first, set] : appended(this.more, set);
    this.index?.set(setKey(set), set);
  }

  get size(): number {
    return this.more === null ? 1 : this.more.length;
  }

  get(key: string): RecordSet | undefined {
    const more = this.more;
    if (more === null) return isSet(this.first, key) ? this.first : undefined;
    if (more.length > SCAN_UP_TO) {
      this.index ??= new Map(more.map((s) => [setKey(s), s]));
      return this.index.get(key);
    }
    for (let i = 0; i < more.length; i++) if (isSet(more[i], key)) return more[i];
    return undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  values(): ArrayIterator<RRset> {
    return (this.more ?? [this.first]).values();
  }

  keys(): ArrayIterator<string> {
    return (this.more ?? [this.first]).map(setKey).values();
  }

  entries(): ArrayIterator<[string, RRset]> {
    return (this.more ?? [this.first]).map((s): [string, RRset] => [setKey(s), s]).values();
  }

  [Symbol.iterator](): ArrayIterator<[string, RRset]> {
    return this.entries();
  }

  forEach(callbackfn: (value: RRset, key: string, map: ReadonlyMap<string, RRset>) => void, thisArg?: unknown): void {
    for (const s of this.more ?? [this.first]) callbackfn.call(thisArg, s, setKey(s), this);
  }
}

/**
 * Nodes by key: an open-addressing hash table over typed arrays, nodes in
 * order of first appearance. A large zone has a node per host; a `Map` of them
 * spends most of a build in cache misses (its buckets, its entries, each
 * candidate key). Here a probe reads the slot and the stored hash from two
 * small typed arrays and touches a node's key only when the hashes agree.
 */
class NodeTable {
  /** Node id + 1 per slot, 0 when empty; the length is a power of two. */
  private slots = new Int32Array(1024);
  /** The nodes in order of first appearance. */
  readonly nodes: Node[] = [];
  /**
   * The node of each id (ids of removed nodes are given again), and the hash
   * of its key. Until a node is moved, a node's id is its index and `byId`
   * is `nodes` itself (a zone that is checked once never pays for both).
   */
  private byId: (Node | undefined)[] = this.nodes;
  private hashes = new Int32Array(512);
  private readonly freeIds: number[] = [];

  get(key: string): Node | undefined {
    return this.find(key, hashKey(key));
  }

  find(key: string, h: number): Node | undefined {
    const id = this.idOf(key, h);
    return id < 0 ? undefined : this.byId[id];
  }

  private idOf(key: string, h: number): number {
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i];
      if (slot === 0) return -1;
      if (this.hashes[slot - 1] === h && (this.byId[slot - 1] as Node).key === key) return slot - 1;
    }
  }

  /** Adds a node whose key is not in the table yet (`h` is `hashKey(node.key)`) after the others. */
  add(node: Node, h: number): void {
    this.nodes.push(node);
    this.enter(node, h);
  }

  /** The index in `nodes` of the node of `key`, or -1. */
  indexOf(key: string): number {
    const node = this.get(key);
    if (node === undefined) return -1;
    // Nodes are in order of first appearance: look where its first record puts it, then everywhere.
    const at = this.place(firstStart(node));
    if (this.nodes[at] === node) return at;
    return this.nodes.indexOf(node);
  }

  /** Puts `node` (same key) where the node at `index` was. */
  replaceAt(index: number, node: Node): void {
    this.byId[this.idOf(node.key, hashKey(node.key))] = node;
    this.nodes[index] = node;
  }

  /**
   * Takes the node at `index` out (when `index` ≥ 0) and puts `node` (when
   * given) in its place in the order of first appearance. Nodes keep their
   * ids, so neither moves any other node's entry in the table: a keystroke
   * in a host name of a zone with a million names costs two moves of the
   * `nodes` array, not a pass over the table.
   */
  move(index: number, node: Node | null): void {
    if (this.byId === this.nodes) this.byId = this.nodes.slice();
    if (index >= 0) {
      const old = this.nodes[index];
      const h = hashKey(old.key);
      const id = this.idOf(old.key, h);
      this.unplace(id, h);
      this.byId[id] = undefined;
      this.freeIds.push(id);
      this.nodes.splice(index, 1);
    }
    if (node !== null) {
      this.nodes.splice(this.place(firstStart(node)), 0, node);
      this.enter(node, hashKey(node.key));
    }
  }

  /** Where in `nodes` a node whose first record starts at `first` goes. */
  private place(first: number): number {
    return firstFrom(this.nodes, first, firstStart);
  }

  /** Gives `node` an id and a slot. */
  private enter(node: Node, h: number): void {
    let id: number;
    if (this.byId === this.nodes) {
      id = this.nodes.length - 1; // pushed already: its index
    } else {
      id = this.freeIds.pop() ?? this.byId.length;
      this.byId[id] = node;
    }
    if (id === this.hashes.length) {
      const hashes = new Int32Array(id * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.hashes[id] = h;
    // At most half full: probes stay short.
    if (2 * this.nodes.length > this.slots.length) this.rehash(this.slots.length * 2);
    else this.slotIn(id, h);
  }

  /** Empties the slot of `id`, moving later entries of its probe run back (no tombstones). */
  private unplace(id: number, h: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let i = h & mask;
    while (slots[i] !== id + 1) i = (i + 1) & mask;
    slots[i] = 0;
    for (let j = (i + 1) & mask; slots[j] !== 0; j = (j + 1) & mask) {
      const home = this.hashes[slots[j] - 1] & mask;
      // Move the entry at j back to the hole unless its home lies in (i, j] (cyclically).
      const between = i <= j ? home > i && home <= j : home > i || home <= j;
      if (!between) {
        slots[i] = slots[j];
        slots[j] = 0;
        i = j;
      }
    }
  }

  private slotIn(id: number, h: number): void {
    const mask = this.slots.length - 1;
    let i = h & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = id + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let id = 0; id < this.byId.length; id++) if (this.byId[id] !== undefined) this.slotIn(id, this.hashes[id]);
  }
}

function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h;
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
  private readonly nodes: NodeTable = new NodeTable();
  private readonly byType: Map<string, RRset[]> = new Map<string, RRset[]>();
  /** Built on first use: only some features ask who points where. */
  private refsTo: Map<string, Reference[]> | undefined;
  /**
   * Built on first use: for each proper ancestor of an owner, how many owners
   * lie below it (so that empty non-terminals exist, RFC 4592 §2.2.2), and
   * how many owners are wildcards. A patched zone takes them over and keeps
   * the counts as names come and go: a keystroke does not walk every name.
   * One object, filled in place, so that views made with `Object.create`
   * (checks/incremental.ts) fill the zone's.
   */
  private readonly counts: { below?: Map<string, number>; wildcards?: number } = {};
  private readonly lineIndexes: (LineIndex | undefined)[] = [];

  /** `from`: a zone whose tables were updated for `parse` (see `patched`) and are taken over. */
  constructor(parse: ParseResult, from?: Zone) {
    this.files = parse.files;
    this.records = parse.records;
    this.directives = parse.directives;
    this.parseDiagnostics = parse.diagnostics;
    if (from === undefined) this.build(parse.records);
    else {
      this.nodes = from.nodes;
      this.byType = from.byType;
      for (const [type, list] of this.byType) if (list.length === 0) this.byType.delete(type);
      this.refsTo = from.refsTo;
      this.counts = from.counts;
    }
    const soas = this.byType.get('SOA') ?? [];
    this.declaredOrigin = parse.origin;
    this.origin = soas.length === 1 && soas[0].records.length === 1 ? soas[0].owner : parse.origin;
  }

  private build(records: readonly ZoneRecord[]): void {
    // Lists that outgrew `appended`'s copies, to trim at the end.
    const grownSets: RecordSet[] = [];
    const grownNodes: Node[] = [];
    // Records of one owner usually follow each other: reuse the last node
    // without computing the key again (same string, same node).
    let lastOwner: string | undefined;
    let node: Node | undefined;
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      if (node === undefined || r.owner !== lastOwner) {
        const key = nameKey(r.owner);
        lastOwner = r.owner;
        const h = hashKey(key);
        const found = this.nodes.find(key, h);
        if (found === undefined) {
          node = new Node(this.newSet(r, key));
          this.nodes.add(node, h);
          continue;
        }
        node = found;
      }
      const set = node.get(r.type === 'RRSIG' ? rrsetKey(r) : r.type);
      if (set === undefined) {
        node.add(this.newSet(r, node.key));
        if (node.size === COPY_UP_TO + 2) grownNodes.push(node);
      } else if (set.add(r)) {
        grownSets.push(set);
      }
    }
    for (const set of grownSets) set.trim();
    for (const n of grownNodes) n.more = n.more === null ? null : n.more.slice();
  }

  private newSet(r: ZoneRecord, key: string): RecordSet {
    const set = new RecordSet(key, r);
    const list = this.byType.get(r.type);
    if (list === undefined) this.byType.set(r.type, [set]);
    else list.push(set);
    return set;
  }

  /**
   * The zone of `parse`, which is this zone's parse with the records
   * `removed` taken out and `added` put in at their places (one file, no
   * `$GENERATE`, see checks/incremental.ts). The nodes of the touched names are
   * made again from their records, everything else is moved over from this
   * zone, which must not be used afterwards. The result equals
   * `buildZone(parse)`. Null, before anything is changed, when the edit
   * touches what the whole zone depends on (an SOA, the origin).
   */
  patched(parse: ParseResult, removed: readonly ZoneRecord[], added: readonly ZoneRecord[]): Zone | null {
    if (parse.origin !== this.declaredOrigin) return null;
    for (const r of removed) if (r.typeCode === 6) return null;
    for (const r of added) if (r.typeCode === 6) return null;
    const gone = new Set<ZoneRecord>(removed);
    // The records of each touched name: those it keeps, then the new ones.
    const byKey = new Map<string, ZoneRecord[]>();
    for (const r of [...removed, ...added]) {
      const k = nameKey(r.owner);
      if (!byKey.has(k)) byKey.set(k, []);
    }
    for (const [k, list] of byKey) {
      const node = this.nodes.get(k);
      if (node === undefined) continue;
      for (const set of node.values()) for (const r of set.records) if (!gone.has(r)) list.push(r);
    }
    for (const r of added) byKey.get(nameKey(r.owner))?.push(r);
    for (const [k, list] of byKey) {
      // File order: one file and no $GENERATE, so offsets are distinct and ordered.
      list.sort((a, b) => a.start - b.start);
      this.rebuildNode(k, list);
    }
    if (this.refsTo !== undefined) {
      for (const r of removed) this.dropReferences(this.refsTo, r);
      for (const r of added) this.addReferences(this.refsTo, r);
    }
    const zone = new Zone(parse, this);
    return zone;
  }

  /** Makes the node of `key` again from `records` (in file order; none: the name is gone). */
  private rebuildNode(key: string, records: readonly ZoneRecord[]): void {
    const index = this.nodes.indexOf(key);
    if (index >= 0) {
      for (const set of this.nodes.nodes[index].values()) removeSorted(this.byType.get(set.type), set);
    }
    if (records.length === 0) {
      if (index >= 0) {
        this.nodes.move(index, null);
        this.countOwner(key, -1);
      }
      return;
    }
    if (index < 0) this.countOwner(key, 1);
    let node: Node | undefined;
    for (const r of records) {
      if (node === undefined) {
        node = new Node(new RecordSet(key, r));
        continue;
      }
      const set = node.get(r.type === 'RRSIG' ? rrsetKey(r) : r.type);
      if (set === undefined) node.add(new RecordSet(key, r));
      else set.add(r);
    }
    if (node === undefined) return;
    for (const set of node.more ?? [node.firstSet()]) {
      set.trim();
      let list = this.byType.get(set.type);
      if (list === undefined) {
        list = [];
        this.byType.set(set.type, list);
      }
      insertSorted(list, set);
    }
    if (node.more !== null) node.more = node.more.slice();
    // Nodes are in order of first appearance: keep the place when the first record keeps its order.
    const nodes = this.nodes.nodes;
    const first = records[0].start;
    if (index >= 0) {
      const before = index === 0 || firstStart(nodes[index - 1]) < first;
      const after = index === nodes.length - 1 || firstStart(nodes[index + 1]) > first;
      if (before && after) return this.nodes.replaceAt(index, node);
    }
    this.nodes.move(index, node);
  }

  /** Keeps `counts`, where built, up to date as the owner `key` comes (1) or goes (-1). */
  private countOwner(key: string, delta: 1 | -1): void {
    const { counts } = this;
    if (counts.wildcards !== undefined && key.startsWith('*.')) counts.wildcards += delta;
    if (counts.below !== undefined) countAncestors(counts.below, key, delta);
  }

  /** True when some owner of the zone lies below the name of `key` (a `nameKey`). */
  hasDescendants(key: string): boolean {
    const { counts } = this;
    if (counts.below === undefined) {
      counts.below = new Map<string, number>();
      for (const node of this.nodes.nodes) countAncestors(counts.below, node.key, 1);
    }
    return counts.below.has(key);
  }

  /** True when the zone has a wildcard owner (`*.…`). */
  hasWildcards(): boolean {
    const { counts } = this;
    if (counts.wildcards === undefined) {
      counts.wildcards = 0;
      for (const node of this.nodes.nodes) if (node.key.startsWith('*.')) counts.wildcards++;
    }
    return counts.wildcards > 0;
  }

  private dropReferences(refsTo: Map<string, Reference[]>, r: ZoneRecord): void {
    const role = POINTER_ROLES[r.type];
    if (role === undefined) return;
    for (const field of r.rdata) {
      if (field.role !== role || field.kind !== 'name') continue;
      const tk = nameKey(field.value);
      const refs = refsTo.get(tk)?.filter((ref) => ref.record !== r);
      if (refs === undefined) continue;
      if (refs.length === 0) refsTo.delete(tk);
      else refsTo.set(tk, refs);
    }
  }

  private addReferences(refsTo: Map<string, Reference[]>, r: ZoneRecord): void {
    const role = POINTER_ROLES[r.type];
    if (role === undefined) return;
    for (const field of r.rdata) {
      if (field.role !== role || field.kind !== 'name') continue;
      const tk = nameKey(field.value);
      const ref: Reference = { record: r, field, target: field.value };
      const refs = refsTo.get(tk);
      if (refs === undefined) {
        refsTo.set(tk, [ref]);
        continue;
      }
      // Record order: after every reference from a record that starts before this one (or is this one).
      let at = refs.length;
      while (at > 0 && refs[at - 1].record.start > r.start) at--;
      refs.splice(at, 0, ref);
    }
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

  /**
   * Calls `fn` for every RRset: node by node in the order names first appear,
   * each node's RRsets in theirs (the order of `allNodes()` then
   * `rrsets.values()`), without an iterator per node. For checks that visit
   * the whole zone.
   */
  forEachRRset(fn: (set: RRset, node: ZoneNode) => void): void {
    const nodes = this.nodes.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      const more = node.more;
      if (more === null) fn(node.firstSet(), node);
      else for (let j = 0; j < more.length; j++) fn(more[j], node);
    }
  }

  /** All owner names, in the order they first appear. */
  allNodes(): IterableIterator<ZoneNode> {
    return this.nodes.nodes.values();
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

  /** The types the zone has records of. */
  types(): string[] {
    return [...this.byType].filter(([, sets]) => sets.length > 0).map(([type]) => type);
  }

  /** The records that point at `name` (MX exchange, NS, CNAME target, …). */
  referencesTo(name: string): readonly Reference[] {
    return this.references().get(nameKey(name)) ?? [];
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

  /**
   * Gives file 0 the line index of the previous zone's text moved through
   * `edit` (see `LineIndex.edited`), when that zone had built one: after an
   * edit the index costs a copy, not a scan, and knows which positions stayed.
   */
  followLineIndex(previous: Zone, edit: { start: number; oldEnd: number; newEnd: number }): void {
    const before = previous.lineIndexes[0];
    if (before === undefined || this.lineIndexes[0] !== undefined || this.files.length === 0) return;
    this.lineIndexes[0] = before.edited(this.files[0].text, edit);
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

/** Adds `delta` to the count of each proper ancestor of `key` (the root left out), dropping counts that reach 0. */
function countAncestors(below: Map<string, number>, key: string, delta: 1 | -1): void {
  const { starts, end } = labelStarts(key);
  for (let i = 1; i < starts.length; i++) {
    const ancestor = key.slice(starts[i], end);
    const n = (below.get(ancestor) ?? 0) + delta;
    if (n === 0) below.delete(ancestor);
    else below.set(ancestor, n);
  }
}

/** Offset of the first record of a node (its place in the order of first appearance). */
function firstStart(node: Node): number {
  return node.firstSet().firstRecord().start;
}

/** Offset of the first record of an RRset. */
function setStart(set: RRset): number {
  return set instanceof RecordSet ? set.firstRecord().start : set.records[0].start;
}

/** Inserts an RRset into a list ordered by first record. */
function insertSorted(list: RRset[], set: RRset): void {
  list.splice(firstFrom(list, setStart(set), setStart), 0, set);
}

/** The index of the first item of `list` (ordered by `startOf`) that starts at `start` or after. */
export function firstFrom<T>(list: readonly T[], start: number, startOf: (item: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (startOf(list[mid]) < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Removes an RRset from a list ordered by first record (found by identity). */
function removeSorted(list: RRset[] | undefined, set: RRset): void {
  if (list === undefined) return;
  const at = list.indexOf(set);
  if (at >= 0) list.splice(at, 1);
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
