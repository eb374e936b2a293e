import { room } from './arrays';
import { byStart, type RecordOrder } from './included';
import { LineIndex } from './lineIndex';
import { NamesBelow, type ParentRuns } from './namesBelow';
import { hashKey, type NameTable, parentsOfKeys } from './nameTable';
import { isBlank } from './lexer';
import { isDigit, isPlainName, isSubdomain, isSubdomainKey, nameKey, ROOT } from './names';
import { namesCompareCaseless, typeCode, typeCodeAt, typeName } from './rdata/index';
import type { Directive, ParseResult, SourceFile, ZoneRecord } from './parser';
import type { RdataText } from './record';
import type { RecordStore } from './recordStore';
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

/** The names that change how the names below them resolve (`Zone.structure`). */
export interface ZoneStructure {
  /** Keys of the names other than the apex with NS records: zone cuts. */
  cuts: ReadonlySet<string>;
  /** Keys of the names with a DNAME. */
  dnames: ReadonlySet<string>;
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
  if (r.type !== 'RRSIG') return r.type;
  return signatureKeyInPlace(r.rdataText()) ?? `RRSIG/${r.rdata[0]?.value ?? ''}`;
}

/** `RRSIG/<covered type>` by the covered type's code: a signed zone asks for one per RRSIG. */
const SIGNATURE_KEYS = new Map<number, string>();

/**
 * The `rrsetKey` of an RRSIG read from its RDATA as written: its first word,
 * the type covered, when it is a plain word (letters, digits and hyphens)
 * that names a type. Undefined otherwise (generic `\#` data, escapes): the
 * record's fields tell. A signed zone's RRSIG sets are told apart so without
 * making a record for each, or reading its nine fields.
 */
function signatureKeyInPlace(rdata: RdataText | undefined): string | undefined {
  if (rdata === undefined) return undefined;
  const { text, start, end } = rdata;
  let p = start;
  while (p < end && isWordCharacter(text.charCodeAt(p))) p++;
  // Where the lexer ends the word too: a blank, a line end, a parenthesis, a comment, the end.
  const after = p < end ? text.charCodeAt(p) : 0x20;
  if (
    p === start ||
    !(isBlank(after) || after === 0x0a || after === 0x0d || after === 0x28 || after === 0x29 || after === 0x3b)
  )
    return undefined;
  const code = typeCodeAt(text, start, p);
  if (code === undefined) return undefined;
  let key = SIGNATURE_KEYS.get(code);
  if (key === undefined) SIGNATURE_KEYS.set(code, (key = `RRSIG/${typeName(code)}`));
  return key;
}

/** A letter, digit or hyphen. */
function isWordCharacter(c: number): boolean {
  const lower = c | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || isDigit(c) || c === 0x2d;
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

/** `POINTER_ROLES` by type code: the index of who points where reads the type of every record. */
const POINTER_ROLE_OF_CODE: (string | undefined)[] = [];
for (const [type, role] of Object.entries(POINTER_ROLES)) POINTER_ROLE_OF_CODE[typeCode(type) as number] = role;

/**
 * How many numbers come before the pointer of the types whose pointer is the
 * last word of their RDATA (MX's preference; SRV's priority, weight, port).
 */
const NUMBERS_BEFORE_POINTER: Readonly<Record<string, number>> = {
  CNAME: 0,
  DNAME: 0,
  NS: 0,
  PTR: 0,
  MX: 1,
  KX: 1,
  AFSDB: 1,
  SRV: 3,
};

/**
 * The name record `r` points at (its `POINTER_ROLES` field), read where its
 * RDATA is written when that is the plain way: the numbers its type has
 * before the name, each followed by blanks, then a plain name
 * (`isPlainName`) that ends the RDATA. It is the name the field would give
 * (the record's RDATA parsed, so the numbers are valid). Undefined for any
 * other RDATA, other types, and a record whose fields are read already.
 */
export function pointerInPlace(r: ZoneRecord): string | undefined {
  return pointerInText(r.type, r.rdataText());
}

/**
 * `pointerInPlace` of a record of type `type` whose RDATA is `rdata`;
 * `numbers`, when given, gets the numbers before the name, each as the
 * RDATA's field has it (decimal, no leading zeros).
 */
function pointerInText(type: string, rdata: RdataText | undefined, numbers?: string[]): string | undefined {
  const count = NUMBERS_BEFORE_POINTER[type];
  if (count === undefined || rdata === undefined) return undefined;
  const { text, end, origin } = rdata;
  let p = rdata.start;
  for (let k = 0; k < count; k++) {
    const digits = p;
    while (p < end && isDigit(text.charCodeAt(p))) p++;
    if (p === digits || p === end || !isBlank(text.charCodeAt(p))) return undefined;
    numbers?.push(String(Number(text.slice(digits, p))));
    while (p < end && isBlank(text.charCodeAt(p))) p++;
  }
  if (p === end || !isPlainName(text, p, end, origin)) return undefined;
  const word = text.slice(p, end);
  if (text.charCodeAt(end - 1) === 0x2e) return word;
  return origin === ROOT ? `${word}.` : `${word}.${origin as string}`;
}

/**
 * `rdataKey` of a record of type `type` (code `code`) whose RDATA is
 * `rdata`, read where it is written when it is the numbers and the name of
 * the types that point at a host (`pointerInText`: NS, CNAME, PTR, DNAME,
 * MX, KX, AFSDB, SRV), the fields those types have. Undefined otherwise.
 */
function rdataKeyInPlace(type: string, code: number, rdata: RdataText | undefined): string | undefined {
  const numbers: string[] = [];
  const name = pointerInText(type, rdata, numbers);
  if (name === undefined) return undefined;
  let k = '';
  for (const n of numbers) k += n + '\u0000';
  return k + (namesCompareCaseless(code) ? nameKey(name) : name) + '\u0000';
}

/** The field of record `r` that names another host (its `POINTER_ROLES` field), or undefined for other types. */
export function pointerField(r: ZoneRecord): RdataField | undefined {
  const role = POINTER_ROLES[r.type];
  return role === undefined ? undefined : r.rdata.find((f) => f.role === role && f.kind === 'name');
}

/** The name record `r` points at: read where it is written when it can be (`pointerInPlace`), else from its field. */
export function pointerTarget(r: ZoneRecord): string | undefined {
  return pointerInPlace(r) ?? pointerField(r)?.value;
}

/** A `Reference` whose field is read from its record when asked for (most targets are read in place). */
class Pointer implements Reference {
  constructor(
    readonly record: ZoneRecord,
    readonly target: string,
  ) {}

  /** Read through `rdata` each time, which moves the fields to where the record stands now. */
  get field(): RdataField {
    return pointerField(this.record) as RdataField;
  }
}

/** The key `rrsetKey` gave the records of a set. */
function setKey(set: RRset): string {
  if (set.type !== 'RRSIG') return set.type;
  return rrsetKey(firstRecord(set));
}

/**
 * An RRset as the zone hands it out: made when asked for, from the zone's
 * tables (see `Tables`), and never changed after. Owner, type and class are
 * the first record's. The first record of a zone built from a `RecordStore`
 * is made when asked for (the owner and type are read without it), and the
 * `records` list of a one-record set on first use: most are never asked for.
 */
class SetView implements RRset {
  /** The records, made on first use: a check that reads what each record's row holds makes none. */
  private list: ZoneRecord[] | undefined;

  constructor(
    /** The set's id in the tables of the zone that made the view. */
    readonly id: number,
    private readonly tables: Tables,
    /** The records of a set of two or more, as records or their numbers in the store; undefined for one of one. */
    private readonly refs: readonly RecordRef[] | undefined,
  ) {}

  get key(): string {
    return this.tables.key(this.tables.nodeOf(this.id));
  }

  get owner(): string {
    return this.tables.ownerOf(this.id);
  }

  get type(): string {
    const code = this.tables.codeOf(this.id);
    return code >= 0 ? typeName(code) : this.firstRecord().type;
  }

  get typeCode(): number {
    return this.tables.codeOf(this.id);
  }

  get classCode(): number {
    return this.firstRecord().classCode;
  }

  get records(): ZoneRecord[] {
    const t = this.tables;
    return (this.list ??= this.refs === undefined ? [t.firstOf(this.id)] : this.refs.map((r) => t.record(r)));
  }

  /** `records.length`, without making the records. */
  get size(): number {
    return this.refs === undefined ? 1 : this.refs.length;
  }

  firstRecord(): ZoneRecord {
    return this.list?.[0] ?? this.tables.firstOf(this.id);
  }

  /** `records[k].rdataText()`, without making the record when it was not made yet. */
  rdataTextAt(k: number): RdataText | undefined {
    return this.tables.rdataTextOfRef(this.refAt(k));
  }

  /** `records[k].ttl`, without making the record. */
  ttlAt(k: number): number {
    return this.tables.ttlOfRef(this.refAt(k));
  }

  /** `records[k].namesComplete`, without making the record. */
  namesCompleteAt(k: number): boolean {
    return this.tables.namesCompleteOfRef(this.refAt(k));
  }

  private refAt(k: number): RecordRef {
    return this.refs === undefined ? this.tables.firstRef(this.id) : this.refs[k];
  }

  /** The first record's `rdataText()`, without making the record when it was not made yet. */
  firstRdataText(): RdataText | undefined {
    return this.tables.rdataTextOfRef(this.tables.firstRef(this.id));
  }
}

/** The number of records of an RRset (`records.length`), without making the list of a one-record set. */
export function rrsetSize(set: RRset): number {
  return set instanceof SetView ? set.size : set.records.length;
}

/** The first record of an RRset (`records[0]`), without making the list of a one-record set. */
export function firstRecord(set: RRset): ZoneRecord {
  return set instanceof SetView ? set.firstRecord() : set.records[0];
}

/** `set.records[k].namesComplete`, without making the records of a set that nothing asked for yet. */
export function namesCompleteAt(set: RRset, k: number): boolean {
  return set instanceof SetView ? set.namesCompleteAt(k) : set.records[k].namesComplete;
}

/** `firstRecord(set).rdataText()`, without making a record that nothing asked for yet. */
export function firstRdataText(set: RRset): RdataText | undefined {
  return set instanceof SetView ? set.firstRdataText() : set.records[0].rdataText();
}

/** `set.records[k].ttl`, without making the records of a set that nothing asked for yet. */
export function ttlAt(set: RRset, k: number): number {
  return set instanceof SetView ? set.ttlAt(k) : set.records[k].ttl;
}

/**
 * `rdataKey(set.records[k])`, read where the RDATA is written when it is
 * numbers and a name (`rdataKeyInPlace`), without making the record.
 */
export function rdataKeyAt(set: RRset, k: number): string {
  if (!(set instanceof SetView)) return rdataKey(set.records[k]);
  return rdataKeyInPlace(set.type, set.typeCode, set.rdataTextAt(k)) ?? rdataKey(set.records[k]);
}

/**
 * Longest list of records that `appended` copies; a longer one grows by
 * `push` (which leaves room for 16 more entries) and is trimmed when the
 * build ends.
 */
const COPY_UP_TO = 3;

/**
 * `list` with `item` appended. Most RRsets hold one to three records; `push`
 * on such a list would reserve room for 16 more entries that a large zone
 * then carries for good. Short lists are copied into exact-size arrays instead.
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

/**
 * How many replaced sets and nodes edits may leave in a zone's tables (see
 * `Tables`) before `patched` gives way to a build from scratch: this many, or
 * as many as the zone has records when that is more.
 */
const REPLACED_MAX = 100_000;

/** A record, or its number in the `RecordStore` of the parse a zone was built from (made into a record when asked for). */
type RecordRef = ZoneRecord | number;

/** The `byType` list of the sets of type `code`, record `i`'s (see `Zone.typedLists`). */
type Typed = (code: number, i: number) => SetList;

/**
 * The ids of the RRsets of one type, in order of first appearance: numbers in
 * a typed array, as in `Tables`. A large zone's lists of A and AAAA sets hold
 * hundreds of thousands of ids; plain lists take twice the memory, and each
 * step of their growth left a copy behind for the next full collection.
 */
class SetList {
  private ids = new Int32Array(16);
  length = 0;

  push(set: number): void {
    this.ids = room(this.ids, this.length);
    this.ids[this.length++] = set;
  }

  /**
   * Takes the ids of `gone` out and puts those of `added` where their first
   * records (`recordOf`) put them in `order`: one by one when they are few,
   * else in one pass (see `MOVED_ONE_BY_ONE`).
   */
  move(gone: ReadonlySet<number>, added: number[], recordOf: (id: number) => ZoneRecord, order: RecordOrder): void {
    if (gone.size + added.length > MOVED_ONE_BY_ONE) {
      const kept = keptOnly(this.ids, this.length, gone);
      this.length = kept + added.length;
      this.ids = merged(this.ids, kept, added, recordOf, order, new Int32Array(this.length));
      return;
    }
    for (const set of gone) {
      const at = this.ids.subarray(0, this.length).indexOf(set);
      if (at < 0) continue;
      this.ids.copyWithin(at, at + 1, this.length);
      this.length--;
    }
    for (const set of added) {
      const at = firstNotBefore(this.length, recordOf(set), (i) => recordOf(this.ids[i]), order);
      this.ids = room(this.ids, this.length);
      this.ids.copyWithin(at + 1, at, this.length);
      this.ids[at] = set;
      this.length++;
    }
  }

  /** Gives the ids the exact room they take (after a build). */
  trim(): void {
    if (this.ids.length > this.length) this.ids = this.ids.slice(0, this.length);
  }

  forEach(fn: (set: number) => void): void {
    for (let i = 0; i < this.length; i++) fn(this.ids[i]);
  }

  map<T>(fn: (set: number) => T): T[] {
    const out = new Array<T>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = fn(this.ids[i]);
    return out;
  }
}

/** Records whose owners' slots `build` reads ahead of their lookups (or whose type codes it reads at once from a store). */
const AHEAD = 128;

/**
 * How many sets of a type's list `rrsetsOfTypeAmong` looks at in the time it
 * compares two sets' places: about 16 ns against 32 ns, among the 56 000 MX
 * sets of the 1M-record zone.
 */
const PICKED_PER_COMPARED = 2;

/** Most RRsets a name's lookups scan; past that, they use a `Map`. */
const SCAN_UP_TO = 16;

/** The type code of RRSIG, whose sets are told apart by the type they cover. */
const RRSIG = 46;

/**
 * The zone's names and RRsets as index lists: a node (an owner name) and an
 * RRset are each an id, and what they hold are entries of typed arrays and
 * of two plain arrays (keys, first records), not an object each. A large zone
 * has a node per host and an RRset per record or two; as objects they were a
 * third of its heap, each copied by the young generation's collections while
 * the zone was built. `ZoneNode` and `RRset` objects are made when asked for,
 * and so are the records of a zone built from a parse's `RecordStore`: the
 * tables hold their numbers, and a set's type code in an array of its own.
 *
 * Nodes are found by key in an open-addressing hash table: a probe reads the
 * slot and the stored hash from two typed arrays and touches a key only when
 * the hashes agree. A node's RRsets form a chain, in order of first appearance.
 *
 * Ids are never given again, and a node's chain and a set's records never
 * change once built: a node made again after an edit (`Zone.patched`) gets
 * new ids, so that the `ZoneNode` and `RRset` objects handed out before stay
 * what they were. The old entries stay behind, counted in `replaced`, until
 * the zone is built again from scratch.
 */
class Tables {
  /**
   * Where the numbers in `first` are records of: the store of the parse the
   * tables were built from, when it had one (see `RecordStore`).
   */
  store: RecordStore | null = null;

  // RRsets, by id.
  private sets = 0;
  /**
   * The number in `store` of each set's first record (made into an object
   * when asked for), or -1 where `firstObjects` holds the record. A typed
   * array sized once for a store's records: a plain list of a million
   * numbers takes twice the memory, and each step of its growth left a copy
   * behind for the next full collection.
   */
  private firstNumbers = new Int32Array(1024);
  /** The first record of each set that has it as an object: a zone built from records, a node an edit made again. */
  private readonly firstObjects: (ZoneRecord | undefined)[] = [];
  /** The type code of each set's records. */
  private codes = new Int32Array(1024);
  /**
   * The records of each set of two or more, as records or their numbers in
   * `store` (made when asked for), in the order the sets grew to two; the
   * set of each list; and for each set, 1 + the index of its list (0: a set
   * of one record). A delegation-heavy zone (a TLD's) has a set of two NS
   * records or more for every name: a map from set to list cost a hashed
   * look-up for every set handed out.
   */
  private readonly lists: RecordRef[][] = [];
  private readonly listSets: number[] = [];
  private listOf = new Int32Array(1024);
  /** The next set of the same node, -1 after the last. */
  private next = new Int32Array(1024);
  private nodeOfSet = new Int32Array(1024);

  // Nodes, by id.
  private nodes = 0;
  /** The key of each node, unless `names` gives them. */
  private readonly keys: string[] = [];
  private firstSet = new Int32Array(1024);
  private lastSet = new Int32Array(1024);
  private setCount = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  /**
   * The sets of a node by key, made when a lookup first finds more than
   * `SCAN_UP_TO` of them: a name signed for many types, or a hostile one with
   * thousands, would make each lookup a scan.
   */
  private readonly indexes = new Map<number, Map<string, number>>();
  /** Node id + 1 per slot, 0 when empty; the length is a power of two, at most half full. */
  private slots = new Int32Array(2048);
  /**
   * The owner names of the store the tables were built from, when they
   * were: they find the nodes and give their keys (`nodeOfName`,
   * `nameOfNode`), and the tables' own keys, hashes and slots stay empty.
   * Names were hashed once, in place, while the store was read.
   */
  private names: NameTable | null = null;
  /**
   * The node of each name and the name of each node; null while each node's
   * id is its name's, as a build makes them when every name of the store is
   * an owner's: the two lists are made when a node first breaks that.
   */
  private nodeOfName: Int32Array | null = null;
  private nameOfNode: Int32Array | null = null;

  /**
   * The ids of the nodes in the table, in order of first appearance; null
   * while that is the order of the ids themselves, as a build makes them:
   * the list is made when an edit first changes a node (`ownOrder`).
   */
  private order: number[] | null = null;
  /** Sets and nodes that an edit replaced (see the class comment). */
  replaced = 0;
  /** The zone's reading order, which `order` follows (by offset, unless files are included). */
  readingOrder: RecordOrder = byStart;
  /** What `prefetch` read, kept so that the reads are not left out as unused. */
  touched = 0;

  /**
   * Makes `names` (a store's) the tables' names (see `names`), before any
   * node is made, with room for all the nodes and sets of its `records`
   * records: a node per name and a set per record at most, so that the
   * lists are not copied step by step as they grow.
   */
  useNames(names: NameTable, records: number): void {
    this.names = names;
    this.firstSet = new Int32Array(names.count);
    this.lastSet = new Int32Array(names.count);
    this.setCount = new Int32Array(names.count);
    this.next = new Int32Array(records);
    this.nodeOfSet = new Int32Array(records);
    this.codes = new Int32Array(records);
    this.firstNumbers = new Int32Array(records);
    this.listOf = new Int32Array(records);
  }

  /**
   * Readies the tables to be patched (`Zone.patched`): the order of the
   * nodes as a list (see `order`), and keys, hashes and slots of their own
   * in place of a store's names. The server patches only zones of
   * resumable parses, which have no store; a store's zone patched all the
   * same pays for a key string per name here, once.
   */
  ownNames(): void {
    this.ownOrder();
    const names = this.names;
    if (names === null) return;
    this.names = null;
    this.hashes = room(this.hashes, this.nodes);
    for (let node = 0; node < this.nodes; node++) {
      this.keys[node] = names.key(this.nameOf(node));
      this.hashes[node] = hashKey(this.keys[node]);
    }
    let size = this.slots.length;
    while (2 * (this.size + 1) > size) size *= 2;
    this.rehash(size);
  }

  /** Makes `order` a list of its own, if it is not one yet (see `order`). */
  ownOrder(): void {
    if (this.order !== null) return;
    const order = new Array<number>(this.nodes);
    for (let node = 0; node < this.nodes; node++) order[node] = node;
    this.order = order;
  }

  /** The number of nodes (those an edit replaced left out). */
  get size(): number {
    return this.order === null ? this.nodes : this.order.length;
  }

  /** The node at `index` in the order of first appearance. */
  nodeAt(index: number): number {
    return this.order === null ? index : this.order[index];
  }

  /**
   * Takes the nodes of `gone` out of the order and puts those of `added`
   * where their first records put them (after `ownOrder`): one by one when
   * they are few, else in one pass (see `MOVED_ONE_BY_ONE`).
   */
  moveNodes(gone: ReadonlySet<number>, added: number[]): void {
    const order = this.order as number[];
    const first = (node: number) => this.firstRecordOf(node);
    if (gone.size + added.length > MOVED_ONE_BY_ONE) {
      const kept = keptOnly(order, order.length, gone);
      this.order = merged(order, kept, added, first, this.readingOrder, new Array<number>(kept + added.length));
      return;
    }
    for (const node of gone) {
      // Where its first record puts it, else wherever it is (records the edit took away stand in the old text).
      const at = this.place(first(node));
      order.splice(this.nodeAt(at) === node ? at : order.indexOf(node), 1);
    }
    for (const node of added) order.splice(this.place(first(node)), 0, node);
  }

  /** The key (`nameKey`) of `node`'s name. */
  key(node: number): string {
    return this.names === null ? this.keys[node] : this.names.key(this.nameOf(node));
  }

  /** The parents of the nodes' names, in the nodes' order (the root and the names just below it left out). */
  parents(): ParentRuns {
    const names = this.names;
    if (names === null) return parentsOfKeys(this.size, (i) => this.keys[this.nodeAt(i)]);
    const ids = new Int32Array(this.size);
    for (let i = 0; i < ids.length; i++) ids[i] = this.nameOf(this.nodeAt(i));
    return names.parentsOf(ids);
  }

  /** True when `node`'s name is a wildcard (`*.…`). */
  isWildcard(node: number): boolean {
    return this.names === null ? this.keys[node].startsWith('*.') : this.names.isWildcard(this.nameOf(node));
  }

  /** True when `node`'s name is `ancestor` (a key, not the root's) or below it. */
  isUnder(node: number, ancestor: string): boolean {
    return this.names === null
      ? isSubdomainKey(this.keys[node], ancestor)
      : this.names.isUnder(this.nameOf(node), ancestor);
  }

  /** The node of name `name` of `names`, or -1. */
  nodeOfNamed(name: number): number {
    if (this.nodeOfName === null) return name < this.nodes ? name : -1;
    return this.nodeOfName[name];
  }

  /** The name of `names` that `node` is (see `useNames`). */
  private nameOf(node: number): number {
    return this.nameOfNode === null ? node : this.nameOfNode[node];
  }

  /**
   * Room for `names` nodes in the hash table, so that a build does not grow
   * it step by step (each step puts every node in again).
   */
  reserve(names: number): void {
    let size = this.slots.length;
    while (2 * names > size) size *= 2;
    if (size > this.slots.length) this.rehash(size);
  }

  /**
   * For the records `from` to `to`: the key and hash of each one's owner
   * where it differs from the record before's (records of one owner usually
   * follow each other: the same string, the same node), undefined elsewhere;
   * and a read of the slot where each such key's lookup starts.
   */
  prefetch(
    records: readonly ZoneRecord[],
    from: number,
    to: number,
    keys: (string | undefined)[],
    hashes: Int32Array,
  ): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let last = from > 0 ? records[from - 1].owner : undefined;
    let sum = 0;
    for (let i = from; i < to; i++) {
      const owner = records[i].owner;
      if (owner === last) {
        keys[i - from] = undefined;
        continue;
      }
      last = owner;
      const key = nameKey(owner);
      const h = hashKey(key);
      keys[i - from] = key;
      hashes[i - from] = h;
    }
    // In a loop of their own, the reads of the slots do not wait for each other.
    for (let k = 0; k < to - from; k++) if (keys[k] !== undefined) sum += slots[hashes[k] & mask];
    this.touched = sum;
  }

  /** The node of `key` (`h` is `hashKey(key)`), or -1. */
  find(key: string, h: number): number {
    if (this.names !== null) {
      const name = this.names.find(key, h);
      return name < 0 ? -1 : this.nodeOfNamed(name);
    }
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = slots[i];
      if (slot === 0) return -1;
      if (this.hashes[slot - 1] === h && this.keys[slot - 1] === key) return slot - 1;
    }
  }

  /** The record `ref` stands for: itself, or the one of that number in `store`. */
  record(ref: RecordRef): ZoneRecord {
    return typeof ref === 'number' ? (this.store as RecordStore).record(ref) : ref;
  }

  /** The first record of `set`, or its number in `store`. */
  firstRef(set: number): RecordRef {
    const n = this.firstNumbers[set];
    return n >= 0 ? n : (this.firstObjects[set] as ZoneRecord);
  }

  /** The `rdataText()` of the record `ref` stands for, without making it. */
  rdataTextOfRef(ref: RecordRef): RdataText | undefined {
    return typeof ref === 'number' ? (this.store as RecordStore).rdataText(ref) : ref.rdataText();
  }

  /** The TTL of the record `ref` stands for, without making it. */
  ttlOfRef(ref: RecordRef): number {
    return typeof ref === 'number' ? (this.store as RecordStore).ttl(ref) : ref.ttl;
  }

  /** `namesComplete` of the record `ref` stands for, without making it. */
  namesCompleteOfRef(ref: RecordRef): boolean {
    return typeof ref === 'number' ? (this.store as RecordStore).namesComplete(ref) : ref.namesComplete;
  }

  /** The first record of `set`. */
  firstOf(set: number): ZoneRecord {
    const n = this.firstNumbers[set];
    return n >= 0 ? (this.store as RecordStore).record(n) : (this.firstObjects[set] as ZoneRecord);
  }

  /** The owner of `set`, as its first record writes it (without making the record). */
  ownerOf(set: number): string {
    const n = this.firstNumbers[set];
    return n >= 0 ? (this.store as RecordStore).owner(n) : (this.firstObjects[set] as ZoneRecord).owner;
  }

  /** The type code of the records of `set`. */
  codeOf(set: number): number {
    return this.codes[set];
  }

  /** The key (`rrsetKey`) of `set`: its type's mnemonic, except for signatures and unknown types. */
  private keyOf(set: number): string {
    const n = this.firstNumbers[set];
    return this.recordKey(n >= 0 ? n : (this.firstObjects[set] as ZoneRecord), this.codes[set]);
  }

  /** A new node of `key` holding one set, the record `r`'s (of type `code`); not in the table until `enter`. */
  newNode(key: string, h: number, r: RecordRef, code: number): number {
    const node = this.addNode(r, code);
    this.keys[node] = key;
    this.hashes[node] = h;
    return node;
  }

  /** A new node of the name `name` of `names` (see `useNames`), holding one set, the record `r`'s (of type `code`). */
  newNamedNode(name: number, r: number, code: number): number {
    const node = this.addNode(r, code);
    if (this.nodeOfName === null && name !== node) {
      // The first node whose id is not its name's: the lists, with the nodes so far.
      const names = (this.names as NameTable).count;
      this.nodeOfName = new Int32Array(names).fill(-1);
      this.nameOfNode = new Int32Array(names);
      for (let k = 0; k < node; k++) this.nodeOfName[k] = this.nameOfNode[k] = k;
    }
    if (this.nodeOfName !== null) {
      (this.nameOfNode as Int32Array)[node] = name;
      this.nodeOfName[name] = node;
    }
    return node;
  }

  private addNode(r: RecordRef, code: number): number {
    const node = this.nodes++;
    if (node === this.firstSet.length) {
      this.firstSet = room(this.firstSet, node);
      this.lastSet = room(this.lastSet, node);
      this.setCount = room(this.setCount, node);
    }
    // Hashes of their own only without a store's names (`newNode`).
    if (this.names === null) this.hashes = room(this.hashes, node);
    const set = this.newSet(node, r, code);
    this.firstSet[node] = set;
    this.lastSet[node] = set;
    this.setCount[node] = 1;
    return node;
  }

  /** Adds the record `r` (of type `code`) to `node` as the first of a new set, after the others; gives the set. */
  addSet(node: number, r: RecordRef, code: number): number {
    const set = this.newSet(node, r, code);
    this.next[this.lastSet[node]] = set;
    this.lastSet[node] = set;
    this.setCount[node]++;
    this.indexes.get(node)?.set(this.keyOf(set), set);
    return set;
  }

  private newSet(node: number, r: RecordRef, code: number): number {
    const set = this.sets++;
    if (set === this.next.length) {
      this.next = room(this.next, set);
      this.nodeOfSet = room(this.nodeOfSet, set);
      this.codes = room(this.codes, set);
      this.firstNumbers = room(this.firstNumbers, set);
      this.listOf = room(this.listOf, set);
    }
    if (typeof r === 'number') this.firstNumbers[set] = r;
    else {
      this.firstNumbers[set] = -1;
      this.firstObjects[set] = r;
    }
    this.next[set] = -1;
    this.nodeOfSet[set] = node;
    this.codes[set] = code;
    return set;
  }

  /** Appends a record to a set while it is built; true when its list just outgrew `appended`'s copies. */
  append(set: number, r: RecordRef): boolean {
    const k = this.listOf[set] - 1;
    if (k < 0) {
      this.lists.push([this.firstRef(set), r]);
      this.listSets.push(set);
      this.listOf[set] = this.lists.length;
      return false;
    }
    const list = this.lists[k];
    const longer = appended(list, r);
    this.lists[k] = longer;
    return longer.length === COPY_UP_TO + 2;
  }

  /** Gives the lists of `sets`, which grew by `push`, exact-size copies. */
  trim(sets: readonly number[]): void {
    for (const set of sets) {
      const k = this.listOf[set] - 1;
      this.lists[k] = this.lists[k].slice();
    }
  }

  /** The set of `node` that `key` (an `rrsetKey`) names, or -1. */
  setOf(node: number, key: string): number {
    if (this.setCount[node] > SCAN_UP_TO) {
      let index = this.indexes.get(node);
      if (index === undefined) {
        index = new Map<string, number>();
        for (let s = this.firstSet[node]; s >= 0; s = this.next[s]) index.set(this.keyOf(s), s);
        this.indexes.set(node, index);
      }
      return index.get(key) ?? -1;
    }
    for (let s = this.firstSet[node]; s >= 0; s = this.next[s]) if (this.keyOf(s) === key) return s;
    return -1;
  }

  /**
   * Calls `fn` with each set of two records or more and its records (see
   * `lists`), in the order they grew to two; sets that an edit replaced are
   * passed over.
   */
  forEachMultiRecordSet(fn: (set: number, records: readonly RecordRef[]) => void): void {
    for (let k = 0; k < this.lists.length; k++) {
      const set = this.listSets[k];
      const node = this.nodeOfSet[set];
      if (this.replaced > 0 && this.find(this.keys[node], this.hashes[node]) !== node) continue;
      fn(set, this.lists[k]);
    }
  }

  /** The set of `node` that the record `r`, of type `code`, belongs to (`setOf` its `rrsetKey`), or -1. */
  setFor(node: number, r: RecordRef, code: number): number {
    // A known type other than RRSIG: its code names the set, and a code is read without a string.
    if (code >= 0 && code !== RRSIG && this.setCount[node] <= SCAN_UP_TO) {
      for (let s = this.firstSet[node]; s >= 0; s = this.next[s]) if (this.codes[s] === code) return s;
      return -1;
    }
    return this.setOf(node, this.recordKey(r, code));
  }

  /** The `rrsetKey` of the record `r`, of type `code`: made only when neither its code nor its RDATA as written tells. */
  private recordKey(r: RecordRef, code: number): string {
    if (code >= 0 && code !== RRSIG) return typeName(code);
    const inPlace =
      code === RRSIG && typeof r === 'number'
        ? signatureKeyInPlace((this.store as RecordStore).rdataText(r))
        : undefined;
    return inPlace ?? rrsetKey(this.record(r));
  }

  /** The sets of `node`, in order. */
  setsOf(node: number): number[] {
    const out: number[] = [];
    for (let s = this.firstSet[node]; s >= 0; s = this.next[s]) out.push(s);
    return out;
  }

  nextSet(set: number): number {
    return this.next[set];
  }

  firstSetOf(node: number): number {
    return this.firstSet[node];
  }

  setsIn(node: number): number {
    return this.setCount[node];
  }

  /** The RRset `set` as an object. */
  view(set: number): SetView {
    const k = this.listOf[set] - 1;
    return new SetView(set, this, k < 0 ? undefined : this.lists[k]);
  }

  /** The node that holds `set`. */
  nodeOf(set: number): number {
    return this.nodeOfSet[set];
  }

  /** The first record of `node` (its place in the order of first appearance). */
  firstRecordOf(node: number): ZoneRecord {
    return this.firstOf(this.firstSet[node]);
  }

  /** Where in `order` a node whose first record is `first` goes. */
  place(first: ZoneRecord): number {
    return firstNotBefore(this.size, first, (i) => this.firstRecordOf(this.nodeAt(i)), this.readingOrder);
  }

  /** Puts `node` in the hash table (no node of its key is there). */
  enter(node: number): void {
    // At most half full: probes stay short.
    if (2 * (this.size + 1) > this.slots.length) this.rehash(this.slots.length * 2);
    this.slotIn(node);
  }

  /** Takes `node` out of the hash table, moving later entries of its probe run back (no tombstones). */
  leave(node: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let i = this.hashes[node] & mask;
    while (slots[i] !== node + 1) i = (i + 1) & mask;
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

  private slotIn(node: number): void {
    const mask = this.slots.length - 1;
    let i = this.hashes[node] & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = node + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let i = 0; i < this.size; i++) this.slotIn(this.nodeAt(i));
  }
}

/**
 * A node as the zone hands it out (see `Tables`): its own RRset table
 * (`rrsets` is the node), read from the zone's tables.
 */
class NodeView implements ZoneNode, ReadonlyMap<string, RRset> {
  constructor(
    private readonly tables: Tables,
    private readonly id: number,
  ) {}

  /** The owner as first written: the first record's. */
  get name(): string {
    return this.tables.ownerOf(this.tables.firstSetOf(this.id));
  }

  get key(): string {
    return this.tables.key(this.id);
  }

  get rrsets(): ReadonlyMap<string, RRset> {
    return this;
  }

  get size(): number {
    return this.tables.setsIn(this.id);
  }

  get(key: string): RRset | undefined {
    const set = this.tables.setOf(this.id, key);
    return set < 0 ? undefined : this.tables.view(set);
  }

  has(key: string): boolean {
    return this.tables.setOf(this.id, key) >= 0;
  }

  private sets(): SetView[] {
    return this.tables.setsOf(this.id).map((s) => this.tables.view(s));
  }

  values(): ArrayIterator<RRset> {
    return this.sets().values();
  }

  keys(): ArrayIterator<string> {
    return this.sets().map(setKey).values();
  }

  entries(): ArrayIterator<[string, RRset]> {
    return this.sets()
      .map((s): [string, RRset] => [setKey(s), s])
      .values();
  }

  [Symbol.iterator](): ArrayIterator<[string, RRset]> {
    return this.entries();
  }

  forEach(callbackfn: (value: RRset, key: string, map: ReadonlyMap<string, RRset>) => void, thisArg?: unknown): void {
    for (const s of this.sets()) callbackfn.call(thisArg, s, setKey(s), this);
  }
}

/**
 * The zone as a whole: owners, RRsets, lookups by name and by type, and the
 * graph of which names point to which. Built once from a parse; read-only.
 */
export class Zone {
  readonly files: SourceFile[];
  readonly directives: Directive[];
  /** Diagnostics of the parse (syntax and per-record problems). */
  readonly parseDiagnostics: ZoneDiagnostic[];
  /** The apex: the SOA owner when there is exactly one SOA, else the origin the file was read with. */
  readonly origin: string | null;
  /** The origin the file was read with (given, or the first `$ORIGIN`), before looking at the SOA. */
  readonly declaredOrigin: string | null;
  private readonly tables: Tables = new Tables();
  /** The ids of the RRsets of each type, in order of first appearance. */
  private readonly byType: Map<string, SetList> = new Map<string, SetList>();
  /** Built on first use: only some features ask who points where. */
  private refsTo: Map<string, Reference[]> | undefined;
  /**
   * Built on first use: which names have owners below them (so that empty
   * non-terminals exist, RFC 4592 §2.2.2, see `NamesBelow`), and how many
   * owners are wildcards. A patched zone takes them over and keeps them up to
   * date as names come and go: a keystroke does not walk every name.
   * One object, filled in place, so that views made with `Object.create`
   * (checks/incremental.ts) fill the zone's.
   */
  private readonly counts: { below?: NamesBelow; wildcards?: number } = {};
  private readonly lineIndexes: (LineIndex | undefined)[] = [];
  /** Made on first use (see `generatedRecords`); a patched zone takes it over when no such record changed. */
  private generated: ZoneRecord[] | undefined;
  /** Made on first use (see `structure`); a patched zone takes it over and updates it. */
  private cutsAndDnames: { cuts: Set<string>; dnames: Set<string> } | undefined;

  /** `from`: a zone whose tables were updated for `parse` (see `patched`) and are taken over. */
  constructor(
    private readonly parse: ParseResult,
    from?: Zone,
  ) {
    this.files = parse.files;
    this.directives = parse.directives;
    this.parseDiagnostics = parse.diagnostics;
    if (from === undefined) {
      this.tables.readingOrder = parse.included?.compare ?? byStart;
      this.build(parse);
    } else {
      this.tables = from.tables;
      this.byType = from.byType;
      for (const [type, list] of this.byType) if (list.length === 0) this.byType.delete(type);
      this.refsTo = from.refsTo;
      this.counts = from.counts;
      this.generated = from.generated;
    }
    const soas = this.rrsetsOfType('SOA');
    this.declaredOrigin = parse.origin;
    this.origin = soas.length === 1 && rrsetSize(soas[0]) === 1 ? soas[0].owner : parse.origin;
    // Cuts are names other than the apex: kept (and updated by `patched`) while the apex stays.
    if (from !== undefined && from.origin === this.origin) this.cutsAndDnames = from.cutsAndDnames;
  }

  /** The order records were read in, as a comparison (see `IncludedRecords`). */
  get readingOrder(): RecordOrder {
    return this.tables.readingOrder;
  }

  /** Every record, in the order they were read (made into objects here when the parse kept them as rows). */
  get records(): ZoneRecord[] {
    return this.parse.records;
  }

  /**
   * The records made by `$GENERATE`, in the order they were read (a zone
   * kept as rows makes objects for these only). They share the ranges of
   * their templates: features that find records by where they stand read
   * them apart.
   */
  generatedRecords(): readonly ZoneRecord[] {
    if (this.generated !== undefined) return this.generated;
    const out: ZoneRecord[] = [];
    const store = this.parse.store;
    if (this.directives.some((d) => d.name === '$GENERATE')) {
      if (store !== undefined) {
        for (let i = 0; i < store.length; i++) if (store.generated(i)) out.push(store.record(i));
      } else for (const r of this.records) if (r.generated) out.push(r);
    }
    this.generated = out;
    return out;
  }

  /**
   * The names that change how the names below them resolve: zone cuts and
   * DNAMEs. Read from the zone's own lists, so that a view of some names
   * (checks/incremental.ts) answers for the whole zone, as its lookups do.
   */
  structure(): ZoneStructure {
    if (this.cutsAndDnames !== undefined) return this.cutsAndDnames;
    const apexKey = this.origin === null ? null : nameKey(this.origin);
    const t = this.tables;
    // The lists of sets, not `rrsetsOfType`, which a view lists for its names only.
    const keys = (type: string) => this.byType.get(type)?.map((set) => t.key(t.nodeOf(set))) ?? [];
    const cuts = new Set<string>();
    for (const key of keys('NS')) if (apexKey !== null && key !== apexKey) cuts.add(key);
    this.cutsAndDnames = { cuts, dnames: new Set(keys('DNAME')) };
    return this.cutsAndDnames;
  }

  /** True when `key` is a zone cut: a name other than the apex with NS records. */
  hasCut(key: string): boolean {
    return this.origin !== null && key !== nameKey(this.origin) && this.rrset(key, 'NS') !== undefined;
  }

  /**
   * The last record of file `file` that starts at or before `offset` (the
   * one that holds it, if any record does): in a zone of one file whose
   * records are in text order (`inTextOrder`, or with `$GENERATE`: the last
   * of its records), or one a resumable parse read with the files it
   * includes (`ParseResult.included`). Undefined in any other.
   */
  recordAt(file: number, offset: number): ZoneRecord | undefined {
    const inFile = this.byPlace(file);
    if (inFile === undefined) return undefined;
    const { records, startOf } = inFile;
    return records[firstFrom(records, offset + 1, startOf) - 1];
  }

  /**
   * The records one `$GENERATE` made, `r` among them, in the order read:
   * those of its file that stand where `r` does (they all stand where their
   * template does). Undefined where `recordAt` is.
   */
  generatedRun(r: ZoneRecord): readonly ZoneRecord[] | undefined {
    const inFile = this.byPlace(r.file);
    if (inFile === undefined) return undefined;
    const { records, startOf } = inFile;
    const at = startOf(r);
    return records.slice(firstFrom(records, at, startOf), firstFrom(records, at + 1, startOf));
  }

  /**
   * The records of file `file` in an order of where they stand (`startOf`;
   * in the main file, an included record stands where its `$INCLUDE` does),
   * for `recordAt` and `generatedRun`. Undefined for a zone of several
   * files read without `ParseResult.included`, whose records are not in
   * such an order.
   */
  private byPlace(file: number): { records: readonly ZoneRecord[]; startOf: (r: ZoneRecord) => number } | undefined {
    const included = this.parse.included;
    if (included === undefined && this.files.length > 1) return undefined;
    if (file !== 0) return { records: included?.recordsOf(file) ?? [], startOf: recordStart };
    return { records: this.records, startOf: included?.key ?? recordStart };
  }

  /** How many records each file holds, by file index (without making record objects). */
  recordsPerFile(): number[] {
    const counts = new Array<number>(this.files.length).fill(0);
    const store = this.parse.store;
    if (this.files.length === 1) counts[0] = store?.length ?? this.records.length;
    else if (store !== undefined) for (let i = 0; i < store.length; i++) counts[store.file(i)]++;
    else for (const r of this.records) counts[r.file]++;
    return counts;
  }

  private build(parse: ParseResult): void {
    // Lists that outgrew `appended`'s copies, to trim at the end.
    const grown: number[] = [];
    const store = parse.store;
    if (store !== undefined) {
      const typed = this.typedLists((i) => store.type(i));
      this.buildFromStore(store, typed, grown);
    } else {
      const list = parse.records;
      const typed = this.typedLists((i) => list[i].type);
      this.buildFromRecords(list, typed, grown);
    }
    this.tables.trim(grown);
    for (const list of this.byType.values()) list.trim();
  }

  /**
   * For `build`: the `byType` list of a record's sets from its type code
   * and number (`type` gives its mnemonic), those of the codes below 256
   * found once: a code is a number (in its row, in a store), a mnemonic a
   * lookup.
   */
  private typedLists(type: (i: number) => string): Typed {
    const lists: (SetList | undefined)[] = new Array<SetList | undefined>(256);
    return (code, i) => (code < 0 || code > 255 ? this.typed(type(i)) : (lists[code] ??= this.typed(type(i))));
  }

  /** The tables of the records of `store`, whose owner names have ids already: nothing is hashed again. */
  private buildFromStore(store: RecordStore, typed: Typed, grown: number[]): void {
    const t = this.tables;
    t.store = store;
    t.useNames(store.names, store.length);
    const codes = new Int32Array(AHEAD);
    let name = -1;
    let node = -1;
    for (let from = 0; from < store.length; from += AHEAD) {
      const to = Math.min(store.length, from + AHEAD);
      store.typeCodes(from, to, codes);
      for (let i = from; i < to; i++) {
        const code = codes[i - from];
        const id = store.ownerId(i);
        if (id !== name) {
          name = id;
          node = t.nodeOfNamed(id);
          if (node < 0) {
            node = t.newNamedNode(id, i, code);
            this.listNode(node, code, i, typed);
            continue;
          }
        }
        this.place(node, i, code, i, typed, grown);
      }
    }
  }

  /** The tables of records given as objects (a resumable parse's). */
  private buildFromRecords(records: readonly ZoneRecord[], typed: Typed, grown: number[]): void {
    const t = this.tables;
    t.reserve(records.length);
    let node = -1;
    const keys: (string | undefined)[] = new Array<string | undefined>(AHEAD);
    const hashes = new Int32Array(AHEAD);
    for (let from = 0; from < records.length; from += AHEAD) {
      const to = Math.min(records.length, from + AHEAD);
      // The keys of the block's new owners, and a read of each one's slot:
      // reads that do not wait for each other, so that their cache misses
      // overlap instead of coming one per lookup below.
      t.prefetch(records, from, to, keys, hashes);
      for (let i = from; i < to; i++) {
        const r = records[i];
        const code = r.typeCode;
        const key = keys[i - from];
        if (key !== undefined) {
          const h = hashes[i - from];
          node = t.find(key, h);
          if (node < 0) {
            node = t.newNode(key, h, r, code);
            t.enter(node);
            this.listNode(node, code, i, typed);
            continue;
          }
        }
        this.place(node, r, code, i, typed, grown);
      }
    }
  }

  /** For `build`: lists `node`, just made with record `i` (of type `code`) in its one set. */
  private listNode(node: number, code: number, i: number, typed: Typed): void {
    typed(code, i).push(this.tables.firstSetOf(node));
  }

  /** For `build`: puts the record `r` (number `i`, of type `code`) in its set of `node`, a new set if it has none. */
  private place(node: number, r: RecordRef, code: number, i: number, typed: Typed, grown: number[]): void {
    const t = this.tables;
    const set = t.setFor(node, r, code);
    if (set < 0) typed(code, i).push(t.addSet(node, r, code));
    else if (t.append(set, r)) grown.push(set);
  }

  /** The list of the RRsets of `type` (made when missing). */
  private typed(type: string): SetList {
    let list = this.byType.get(type);
    if (list === undefined) {
      list = new SetList();
      this.byType.set(type, list);
    }
    return list;
  }

  /**
   * The zone of `parse`, which is this zone's parse with the records
   * `removed` taken out and `added` put in at their places (one file, and
   * no record made by `$GENERATE` among the touched names: see
   * checks/incremental.ts). The nodes of the touched names are
   * made again from their records, everything else is moved over from this
   * zone, which must not be used afterwards. The result equals
   * `buildZone(parse)`. Null, before anything is changed, when the edit
   * touches what the whole zone depends on (the origin, an SOA away from
   * the apex), or when earlier edits left many replaced entries in the
   * tables (see `Tables`). An SOA at the apex may change (its serial, most
   * often): the caller compares the new zone's apex with this one's.
   */
  patched(parse: ParseResult, removed: readonly ZoneRecord[], added: readonly ZoneRecord[]): Zone | null {
    if (parse.origin !== this.declaredOrigin) return null;
    // What edits left behind in the tables (see `Tables`) is dropped by building them again.
    if (this.tables.replaced > Math.max(REPLACED_MAX, this.records.length)) return null;
    const apex = this.origin === null ? null : nameKey(this.origin);
    for (const r of removed) if (r.typeCode === 6 && nameKey(r.owner) !== apex) return null;
    for (const r of added) if (r.typeCode === 6 && nameKey(r.owner) !== apex) return null;
    // The records made by $GENERATE stay the same objects, moved in place, unless one is among these.
    if (removed.some((r) => r.generated) || added.some((r) => r.generated)) this.generated = undefined;
    this.tables.ownNames();
    const gone = new Set<ZoneRecord>(removed);
    // The records of each touched name: those it keeps, then the new ones.
    const byKey = new Map<string, ZoneRecord[]>();
    for (const r of [...removed, ...added]) {
      const k = nameKey(r.owner);
      if (!byKey.has(k)) byKey.set(k, []);
    }
    const t = this.tables;
    for (const [k, list] of byKey) {
      const node = t.find(k, hashKey(k));
      if (node < 0) continue;
      for (let s = t.firstSetOf(node); s >= 0; s = t.nextSet(s)) {
        for (const r of t.view(s).records) if (!gone.has(r)) list.push(r);
      }
    }
    for (const r of added) byKey.get(nameKey(r.owner))?.push(r);
    // Reading order, in which no two records stand together (those of one `$GENERATE` are told apart by
    // the value of `$` that made them).
    const order = t.readingOrder;
    // The nodes and RRsets leave and join the lists once all are made. (The hash table must not grow
    // meanwhile: it would be made again from the order, which lags.)
    const moves = new Moves();
    t.reserve(t.size + byKey.size + 1);
    for (const [k, list] of byKey) {
      list.sort(order);
      this.rebuildNode(k, list, moves);
    }
    moves.apply(t);
    if (this.refsTo !== undefined) {
      for (const r of removed) this.dropReferences(this.refsTo, r);
      for (const r of added) this.addReferences(this.refsTo, r);
    }
    const zone = new Zone(parse, this);
    // The cuts and DNAMEs of the names whose NS or DNAME records changed (the apex stays where it was,
    // else the new zone dropped them).
    const s = zone.cutsAndDnames;
    if (s !== undefined) {
      for (const k of byKey.keys()) {
        if (zone.hasCut(k)) s.cuts.add(k);
        else s.cuts.delete(k);
        if (zone.rrset(k, 'DNAME') !== undefined) s.dnames.add(k);
        else s.dnames.delete(k);
      }
    }
    return zone;
  }

  /**
   * Makes the node of `key` again from `records` (in file order; none: the
   * name is gone). Its nodes and RRsets leave and join the lists later, with
   * the others' (`moves`).
   */
  private rebuildNode(key: string, records: readonly ZoneRecord[], moves: Moves): void {
    const t = this.tables;
    const old = t.find(key, hashKey(key));
    if (old >= 0) {
      for (let s = t.firstSetOf(old); s >= 0; s = t.nextSet(s)) {
        const list = this.byType.get(t.firstOf(s).type);
        if (list !== undefined) moves.of(list).gone.add(s);
      }
      t.leave(old);
      moves.goneNodes.add(old);
      t.replaced += 1 + t.setsIn(old);
    }
    if (records.length === 0) {
      if (old >= 0) this.countOwner(key, -1);
      return;
    }
    if (old < 0) this.countOwner(key, 1);
    const node = t.newNode(key, hashKey(key), records[0], records[0].typeCode);
    const grown: number[] = [];
    for (let i = 1; i < records.length; i++) {
      const r = records[i];
      const set = t.setFor(node, r, r.typeCode);
      if (set < 0) t.addSet(node, r, r.typeCode);
      else if (t.append(set, r)) grown.push(set);
    }
    t.trim(grown);
    for (let s = t.firstSetOf(node); s >= 0; s = t.nextSet(s)) moves.of(this.typed(t.firstOf(s).type)).added.push(s);
    t.enter(node);
    moves.newNodes.push(node);
  }

  /** Keeps `counts`, where built, up to date as the owner `key` comes (1) or goes (-1). */
  private countOwner(key: string, delta: 1 | -1): void {
    const { counts } = this;
    if (counts.wildcards !== undefined && key.startsWith('*.')) counts.wildcards += delta;
    counts.below?.count(key, delta);
  }

  /** True when some owner of the zone lies below the name of `key` (a `nameKey`). */
  hasDescendants(key: string): boolean {
    return this.below().has(key);
  }

  /** `counts.below`, built on first use. */
  private below(): NamesBelow {
    const { counts } = this;
    if (counts.below === undefined) counts.below = new NamesBelow(this.tables.parents());
    return counts.below;
  }

  /**
   * Builds now the indexes that are otherwise built on first use: who points
   * where, how many owners lie below each name, how many are wildcards (and
   * the list of the nodes' order that an edit changes, `Tables.order`). The
   * first edit after a full analysis needs them (checks/incremental.ts), and
   * in a large zone they take a noticeable time (a quarter of a second for a
   * million records): the server builds them while the user is not typing.
   */
  buildIndexes(): void {
    this.tables.ownOrder();
    this.references();
    this.below();
    this.hasWildcards();
  }

  /** True when the zone has a wildcard owner (`*.…`). */
  hasWildcards(): boolean {
    const { counts } = this;
    if (counts.wildcards === undefined) {
      counts.wildcards = 0;
      const t = this.tables;
      for (let i = 0; i < t.size; i++) if (t.isWildcard(t.nodeAt(i))) counts.wildcards++;
    }
    return counts.wildcards > 0;
  }

  /**
   * Takes `r`'s references out of `refsTo`. Each list is in reading order, so
   * `r` is looked for where that order puts it; a removed record may stand out
   * of that order (the text after it moved back over it), and is then looked
   * for in the whole list. A host that thousands of domains name has a list
   * as long, which an edit of one of them no longer reads through.
   */
  private dropReferences(refsTo: Map<string, Reference[]>, r: ZoneRecord): void {
    const target = pointerTarget(r);
    if (target === undefined) return;
    const order = this.tables.readingOrder;
    const tk = nameKey(target);
    const list = refsTo.get(tk);
    if (list === undefined) return;
    let at = firstNotBefore(list.length, r, (i) => list[i].record, order);
    while (at < list.length && list[at].record !== r && order(list[at].record, r) === 0) at++;
    if (list[at]?.record !== r) at = list.findIndex((ref) => ref.record === r);
    if (at < 0) return;
    if (list.length === 1) refsTo.delete(tk);
    else refsTo.set(tk, list.slice(0, at).concat(list.slice(at + 1)));
  }

  /** Puts `r`'s references into `refsTo`, each after every reference from a record read before it (or from `r`). */
  private addReferences(refsTo: Map<string, Reference[]>, r: ZoneRecord): void {
    const target = pointerTarget(r);
    if (target === undefined) return;
    const tk = nameKey(target);
    const ref = new Pointer(r, target);
    const refs = refsTo.get(tk);
    if (refs === undefined) {
      refsTo.set(tk, [ref]);
      return;
    }
    // No other record of the new text stands with `r` in reading order (the removed ones are out).
    const order = this.tables.readingOrder;
    refs.splice(
      firstNotBefore(refs.length, r, (i) => refs[i].record, order),
      0,
      ref,
    );
  }

  /** Every pointer of the zone by target key, in record order. */
  private references(): Map<string, Reference[]> {
    if (this.refsTo !== undefined) return this.refsTo;
    const refsTo = new Map<string, Reference[]>();
    const add = (ref: Reference) => {
      const tk = nameKey(ref.target);
      const refs = refsTo.get(tk);
      if (refs === undefined) refsTo.set(tk, [ref]);
      else refs.push(ref);
    };
    for (const r of this.records) {
      const code = r.typeCode;
      if (code < 0 || POINTER_ROLE_OF_CODE[code] === undefined) continue;
      // Most pointers are read where they stand: the fields of 137 000 records at 1M are not made.
      const target = pointerTarget(r);
      if (target !== undefined) add(new Pointer(r, target));
    }
    this.refsTo = refsTo;
    return refsTo;
  }

  /**
   * Calls `fn` for every RRset: node by node in the order names first appear,
   * each node's RRsets in theirs (the order of `allNodes()` then
   * `rrsets.values()`), without an iterator or a `ZoneNode` per node. For
   * checks that visit the whole zone.
   */
  forEachRRset(fn: (set: RRset) => void): void {
    const t = this.tables;
    for (let i = 0; i < t.size; i++) {
      for (let s = t.firstSetOf(t.nodeAt(i)); s >= 0; s = t.nextSet(s)) fn(t.view(s));
    }
  }

  /**
   * Calls `fn` for every RRset of two records or more, the only ones whose
   * records can disagree with each other, in no particular order. A large
   * zone has a few of them among a million RRsets.
   */
  forEachMultiRecordRRset(fn: (set: RRset) => void): void {
    const t = this.tables;
    t.forEachMultiRecordSet((s, records) => fn(new SetView(s, t, records)));
  }

  /**
   * Calls `fn` with every node whose name is not `ancestor` (a key, not the
   * root's) or below it, in the order names first appear. It visits every
   * name of the zone, and reads most of them in place (see `NameTable`).
   */
  forEachNodeOutside(ancestor: string, fn: (node: ZoneNode) => void): void {
    const t = this.tables;
    for (let i = 0; i < t.size; i++) {
      const node = t.nodeAt(i);
      if (!t.isUnder(node, ancestor)) fn(new NodeView(t, node));
    }
  }

  /** All owner names, in the order they first appear. */
  *allNodes(): IterableIterator<ZoneNode> {
    const t = this.tables;
    for (let i = 0; i < t.size; i++) yield new NodeView(t, t.nodeAt(i));
  }

  node(name: string): ZoneNode | undefined {
    const key = nameKey(name);
    const node = this.tables.find(key, hashKey(key));
    return node < 0 ? undefined : new NodeView(this.tables, node);
  }

  /**
   * The node of an RRset of this zone: `node(set.owner)`, found from the set
   * itself rather than by looking its owner up again.
   */
  nodeOf(set: RRset): ZoneNode | undefined {
    return set instanceof SetView ? new NodeView(this.tables, this.tables.nodeOf(set.id)) : this.node(set.owner);
  }

  rrset(name: string, type: string): RRset | undefined {
    const key = nameKey(name);
    const t = this.tables;
    const node = t.find(key, hashKey(key));
    if (node < 0) return undefined;
    const set = t.setOf(node, type);
    return set < 0 ? undefined : t.view(set);
  }

  /**
   * Every RRset of a type, in order of first appearance: a new list of
   * views at each call, which dies young. Kept, the lists of a large zone's
   * CNAME sets alone held 80 000 views for as long as the zone (4.5 MB at
   * 1M records), where making them again costs a few milliseconds.
   */
  rrsetsOfType(type: string): readonly RRset[] {
    return this.byType.get(type)?.map((s) => this.tables.view(s)) ?? [];
  }

  /** `rrsetsOfType(type).length`, without the list. */
  countOfType(type: string): number {
    return this.byType.get(type)?.length ?? 0;
  }

  /**
   * `sets`, RRsets of `type` of this zone, in the order `rrsetsOfType` lists
   * them. A few are sorted; many are picked out of the type's list in one
   * pass, which costs less than comparing them (each comparison reads two
   * records' places).
   */
  rrsetsOfTypeAmong(type: string, sets: readonly RRset[]): RRset[] {
    const list = this.byType.get(type);
    const order = this.readingOrder;
    const many = sets.length * Math.log2(sets.length + 1) * PICKED_PER_COMPARED > (list?.length ?? 0);
    if (list === undefined || !many || !sets.every((s) => s instanceof SetView)) {
      const firsts = sets.map((s) => ({ set: s, first: s instanceof SetView ? s.firstRecord() : s.records[0] }));
      return firsts.sort((a, b) => order(a.first, b.first)).map((x) => x.set);
    }
    const byId = new Map<number, RRset>();
    for (const s of sets) byId.set(s.id, s);
    const out: RRset[] = [];
    list.forEach((id) => {
      const s = byId.get(id);
      if (s !== undefined) out.push(s);
    });
    return out;
  }

  /** The types the zone has records of. */
  types(): string[] {
    return [...this.byType].filter(([, sets]) => sets.length > 0).map(([type]) => type);
  }

  /** The records that point at `name` (MX exchange, NS, CNAME target, …). */
  referencesTo(name: string): readonly Reference[] {
    return this.references().get(nameKey(name)) ?? [];
  }

  /** The keys of the names that some record points at (see `referencesTo`) at or below `name`. */
  referencedAtOrBelow(name: string): string[] {
    const key = nameKey(name);
    const out: string[] = [];
    for (const k of this.references().keys()) if (key === ROOT || isSubdomainKey(k, key)) out.push(k);
    return out;
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
   * The included files that are the same text keep theirs.
   */
  followLineIndex(previous: Zone, edit: { start: number; oldEnd: number; newEnd: number }): void {
    for (let f = 1; f < this.files.length; f++) {
      if (previous.files[f]?.text === this.files[f].text) this.lineIndexes[f] ??= previous.lineIndexes[f];
    }
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

/** Where a record starts in its file. */
const recordStart = (r: ZoneRecord): number => r.start;

/** The index of the first item of `list` (ordered by `startOf`) that starts at `start` or after. */
export function firstFrom<T>(list: readonly T[], start: number, startOf: (item: T) => number): number {
  return firstAt(list.length, start, (i) => startOf(list[i]));
}

/**
 * Moves the first `length` ids of `list` that are not in `gone` to its front,
 * in their order, and returns how many there are. (Each id is looked up in
 * an array of flags: a `Set` lookup for each of a large zone's names took
 * the most of a `$GENERATE` edit's moves.)
 */
function keptOnly(list: { [index: number]: number }, length: number, gone: ReadonlySet<number>): number {
  let max = 0;
  for (const id of gone) if (id > max) max = id;
  const leaves = new Uint8Array(max + 1);
  for (const id of gone) leaves[id] = 1;
  let kept = 0;
  for (let i = 0; i < length; i++) {
    const id = list[i];
    if (id > max || leaves[id] === 0) list[kept++] = id;
  }
  return kept;
}

/**
 * Writes into `out` (of `length` + `added.length` items) the first `length`
 * ids of `list` (in `order` of their records, `recordOf`) with those of
 * `added` where their records go, and returns it. `added` is sorted, then
 * each is looked for from where the one before it went.
 */
function merged<L extends { [index: number]: number }>(
  list: ArrayLike<number>,
  length: number,
  added: number[],
  recordOf: (id: number) => ZoneRecord,
  order: RecordOrder,
  out: L,
): L {
  added.sort((a, b) => order(recordOf(a), recordOf(b)));
  let i = 0;
  let w = 0;
  for (const id of added) {
    const at = firstNotBefore(length, recordOf(id), (k) => recordOf(list[k]), order, i);
    while (i < at) out[w++] = list[i++];
    out[w++] = id;
  }
  while (i < length) out[w++] = list[i++];
  return out;
}

/**
 * Nodes or RRsets that leave and join one of the zone's lists in one edit
 * (`Zone.patched`) past which they do so in one pass over the list, not one
 * by one: a `$GENERATE` line edited makes its names again, each of which
 * would move the list past it once.
 */
const MOVED_ONE_BY_ONE = 32;

/** The nodes and RRsets that leave and join the zone's lists in one edit, moved once all are made. */
class Moves {
  readonly goneNodes = new Set<number>();
  readonly newNodes: number[] = [];
  private readonly sets = new Map<SetList, { gone: Set<number>; added: number[] }>();

  /** The changes to `list`. */
  of(list: SetList): { gone: Set<number>; added: number[] } {
    let m = this.sets.get(list);
    if (m === undefined) {
      m = { gone: new Set(), added: [] };
      this.sets.set(list, m);
    }
    return m;
  }

  /** Makes the changes, list by list. */
  apply(t: Tables): void {
    t.moveNodes(this.goneNodes, this.newNodes);
    for (const [list, { gone, added }] of this.sets) list.move(gone, added, (s) => t.firstOf(s), t.readingOrder);
  }
}

/** The first of the indexes from `from` below `length` (their records in `order`) whose record is not before `r`. */
function firstNotBefore(
  length: number,
  r: ZoneRecord,
  recordAt: (index: number) => ZoneRecord,
  order: RecordOrder,
  from = 0,
): number {
  let lo = from;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (order(recordAt(mid), r) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first of the indexes below `length` (ordered by `startAt`) whose item starts at `start` or after. */
function firstAt(length: number, start: number, startAt: (index: number) => number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (startAt(mid) < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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

/**
 * A key under which two MX records are equal as `rdataKey` compares them,
 * from the preference and the exchange: the MX set and the simulation keep
 * one copy of a record that the file repeats, as name servers do (RFC 2181 §5).
 */
export function mxRdataKey(preference: number, exchange: string): string {
  return `${preference}\u0000${nameKey(exchange)}`;
}

/** Builds the zone model of a parse. */
export function buildZone(parse: ParseResult): Zone {
  return new Zone(parse);
}
