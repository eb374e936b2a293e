/**
 * Analysis that follows a document as it is edited (issue 9):
 *
 * 1. only the logical lines around an edit are parsed again (`reparse`, from
 *    the nearest checkpoint); records re-read unchanged keep their objects;
 * 2. the zone model is patched: the nodes of the names whose records changed
 *    are made again, everything else is moved over (`Zone.patched`);
 * 3. the checks run again only for the names the edit touched and the names
 *    that point at them (through CNAME chains, and at the ancestors of a name
 *    that appeared or disappeared); the other diagnostics are kept, moved by
 *    the edit's length. Checks of the whole zone (SOA, NS at the apex, the
 *    implicit MX) are cheap and always run, and so do those that gather the
 *    MX domains of a host (`ACROSS_DOMAINS`) once they have findings. Where
 *    a zone cut came or went, the names that point at or below it are
 *    checked again too, and so are, in a zone with wildcards, those that
 *    point at or below a name that came or went. Where a wildcard or a
 *    DNAME in scope may stand for other names (a wildcard for the names
 *    below its parent, a DNAME for those below its owner), the names that
 *    point at or below them are checked again too.
 *
 * Records made by `$GENERATE` share the ranges of their template, so their
 * diagnostics cannot be told apart by where they sit: the names one
 * `$GENERATE` made records for are checked again all together
 * (`addGeneratedRuns`), and its records are kept or replaced all together.
 *
 * In a zone that includes files, the included files' records stay as they
 * were (the re-parse asks for each file again, and an edit that reaches an
 * `$INCLUDE` line is analysed in full), and their diagnostics are told
 * apart like the main file's: by the record they sit on, in its own file.
 *
 * Whatever this cannot do with certainty is done in full: edits that meet
 * an `$INCLUDE` line, a zone whose included files read otherwise than they
 * did, edits that change how parentheses pair, edits that replace more than
 * `GENERATED_AROUND_MAX` records made by `$GENERATE` or a sixteenth of the
 * zone's records (`REPLACED_AROUND_SHARE`), edits to DNAME records, to
 * SOA records away from the apex, or to a wildcard's records, a changed origin,
 * settings or set of reverse zones, and out-of-zone names looked up in DNS
 * (`zonelens.resolve.outOfZone`).
 * The result always equals a fresh `analyze` of the new text;
 * test/unit/incremental.test.ts holds it to that over thousands of random edits.
 */
import type { Settings } from '../settings';
import { buildZone, pointerTarget, rrsetSize, type RRset, type Zone, type ZoneNode } from '../zone/model';
import { hashKey } from '../zone/nameTable';
import { isSubdomainKey, nameKey } from '../zone/names';
import {
  parseResumable,
  reparse,
  type IncludeRead,
  type ParseOptions,
  type RecordSplice,
  type ResumableParse,
  type TextEdit,
  type ZoneRecord,
} from '../zone/parser';
import type { ZoneDiagnostic } from '../zone/types';
import { NO_CONTEXT, type Check, type CheckContext } from './check';
import { readIpLiteral } from './ipAddress';
import { byPlace, CHECKS, type Analysis } from './index';
import { mxDomains, recordAddress } from './mxSet';

export type { TextEdit } from '../zone/parser';

/**
 * Two edits made one after the other as one edit of the first text: the
 * smallest range of the first text that covers both, and where it ends in
 * the final text.
 */
export function composeEdits(a: TextEdit, b: TextEdit): TextEdit {
  // `b` is in the coordinates of the text after `a`; `a` covers [a.start, a.newEnd) there.
  const start = Math.min(a.start, b.start);
  const endAfterA = Math.max(a.newEnd, b.oldEnd);
  // Text beyond a.newEnd was not touched by `a`: it maps back one to one.
  const oldEnd = a.oldEnd + (endAfterA - a.newEnd);
  const newEnd = endAfterA + (b.newEnd - b.oldEnd);
  return { start, oldEnd, newEnd };
}

/** How the last analysis was made: in full when the document was opened, in full after an edit, or around the edit. */
export type AnalysisMode = 'open' | 'full' | 'incremental';

/** Checks over the zone as a whole: cheap, and run in full after every edit. */
const WHOLE_ZONE = new Set(['missing-soa', 'multiple-soa', 'soa-not-at-apex', 'missing-ns', 'implicit-mx']);

/**
 * Checks whose diagnostic sits on a host's address but gathers every MX
 * domain that uses it (a private address, a missing or wrong PTR). When they
 * have anything to say before or after an edit, they are run again for the
 * hosts the edit may have changed that for, on every domain that uses one
 * of those hosts (`acrossDomains`). When the edit touched a name that a
 * reverse zone's PTR points at (whether it resolves back is said on the MX
 * hosts with that address, wherever they are), or in a zone where a wildcard
 * or a DNAME may lead an MX target to a host no record names, they are run
 * again on the whole zone (as `WHOLE_ZONE` checks are).
 */
const ACROSS_DOMAINS = new Set(['mx-private-address', 'mx-ptr-missing', 'mx-ptr-mismatch']);

/**
 * Types whose RRsets the scoped view lists only for the names in scope (the
 * checks iterate over them; the zone's cuts are read from the zone itself,
 * see `Zone.structure`). The others stay whole: SOA makes the zone's apex,
 * A and AAAA are searched for addresses, DNAME edits are analysed in full.
 */
const SCOPED_TYPES = new Set(['MX', 'NS', 'CNAME', 'PTR', 'SRV']);

/**
 * True when record `r` changes the structure every name is read against: a
 * DNAME anywhere, an SOA away from the apex `apexKey` (the zone's origin,
 * whose SOA it is). The SOA at the apex says nothing about other names (only
 * the whole-zone checks, run every time, read it), so editing it, its serial
 * first of all, is checked around the apex alone. NS records are not
 * structural in this sense: a delegation that comes or goes changes how the
 * names below it resolve, and only the names that point there read that
 * (`cutsChanged`).
 */
function structural(r: ZoneRecord, apexKey: string | null): boolean {
  return r.type === 'DNAME' || (r.type === 'SOA' && (apexKey === null || nameKey(r.owner) !== apexKey));
}

/** True when the zone's apex is its one SOA's owner: the same before and after an edit that keeps it. */
function apexFromSoa(zone: Zone): boolean {
  const soas = zone.rrsetsOfType('SOA');
  return soas.length === 1 && rrsetSize(soas[0]) === 1;
}

/** One check's diagnostics (levels applied) and the owner names they sit on. */
interface CheckResult {
  diagnostics: ZoneDiagnostic[];
  /**
   * Null when some diagnostic sits on no record, or the zone cannot tell
   * which (see `Zone.recordAt`). Undefined after a full analysis until an
   * edit needs them (see `IncrementalAnalysis.findOwners`).
   */
  owners?: Owners | null;
}

/**
 * The owner name key of each of a check's diagnostics, and its `hashKey`.
 * After an edit each kept diagnostic is tested against the few names in
 * scope: its hash first, read in a row, its key only when the hash is one
 * of theirs. Reading the keys themselves, one string each, scattered in
 * memory, took 4 ms an edit for the 70 000 diagnostics of a million-record
 * zone.
 */
interface Owners {
  keys: string[];
  hashes: Int32Array;
}

/** The owners of a check that is off. */
const NO_OWNERS: Owners = { keys: [], hashes: new Int32Array(0) };

/**
 * Most records made by `$GENERATE` that an edit may replace and still be
 * checked around it. The model is patched name by name (`Zone.patched`),
 * which past this many costs more than building it again.
 */
const GENERATED_AROUND_MAX = 4096;

/**
 * The share of a zone's records past which an edit that replaces them (a
 * paste, a block deleted) is analysed in full: a record costs the analysis
 * around an edit ten or more times what it costs a full one. In the
 * 100k-record zone a paste of 4 000 records took 37–46 ms around it against
 * 52–65 ms in full, one of 10 000 took 90–117 ms against 67–92 ms.
 */
const REPLACED_AROUND_SHARE = 1 / 16;

/** Records an edit may replace and be analysed around, in any zone (either way costs little). */
const REPLACED_AROUND_MIN = 1024;

/** True when `list[i - 1]` and `list[i]` were made by one `$GENERATE` (they stand where its template does). */
function splitsRun(list: readonly ZoneRecord[], i: number): boolean {
  if (i <= 0 || i >= list.length) return false;
  const a = list[i - 1];
  const b = list[i];
  return a.generated && b.generated && a.file === b.file && a.start === b.start;
}

/**
 * Adds to `scope` the other names of each `$GENERATE` that made records for
 * a name in it. Their records stand where their template does, so that a
 * diagnostic on one cannot be told from one on another (`ownerKeyAt` gives
 * the owner of the last): the names of one `$GENERATE` are checked again all
 * together. False when the zone cannot tell which records one made.
 */
function addGeneratedRuns(zone: Zone, scope: Set<string>): boolean {
  if (!zone.directives.some((d) => d.name === '$GENERATE')) return true;
  const queue = [...scope];
  // The runs added, by where their template stands (where each of its records does). Asked before the
  // run is listed: each of a run's 65 536 names would otherwise list all of them again.
  const runs = new Set<string>();
  while (queue.length > 0) {
    const node = zone.node(queue.pop() as string);
    if (node === undefined) continue;
    for (const set of node.rrsets.values()) {
      for (const r of set.records) {
        if (!r.generated) continue;
        const at = `${r.file} ${r.start}`;
        if (runs.has(at)) continue;
        runs.add(at);
        const run = zone.generatedRun(r);
        if (run === undefined) return false;
        for (const x of run) {
          const key = nameKey(x.owner);
          if (scope.has(key)) continue;
          scope.add(key);
          queue.push(key);
        }
      }
    }
  }
  return true;
}

/**
 * The share of a zone's MX domains past which an `ACROSS_DOMAINS` check is
 * run on the whole zone rather than around an edit: a domain costs it more
 * around an edit (found through the references, then looked up) than in a
 * run over the whole zone, 2.3 µs against 1.4 µs in the 1M-record zone.
 */
const ACROSS_AROUND_SHARE = 0.5;

/** MX domains an `ACROSS_DOMAINS` check is run on around an edit in any zone (either way costs little). */
const ACROSS_AROUND_MIN = 1024;

/** The names an `ACROSS_DOMAINS` check is run again for after an edit (see `acrossDomains`). */
interface AcrossScope {
  /** The names whose address records its diagnostics may change on, and their `hashKey`s. */
  hosts: Set<string>;
  hashes: Set<number>;
  /** The zone scoped to every MX domain that leads to one of them. */
  view: Zone;
}

/** The `hashKey` of each of `keys`. */
function hashesOf(keys: Iterable<string>): Set<number> {
  const out = new Set<number>();
  for (const k of keys) out.add(hashKey(k));
  return out;
}

/**
 * Where an `ACROSS_DOMAINS` check is run again after an edit, when it has
 * findings: for `hosts`, the names whose address records its diagnostics may
 * change on, on a view of every MX domain that leads to one of them (run on
 * those, the check lists all the domains of each of those hosts).
 *
 * A host's diagnostic changes when its addresses do (a name `touched`), or
 * when a domain starts or stops leading to it: its MX records changed, or a
 * CNAME on the way, or its MX set moved in the zone's order (the order of
 * the domains in a host's message). So the hosts are the names touched, the
 * names that the MX and CNAME records `removed` and `added` and the MX
 * records of the names touched point at, and those their CNAME chains lead
 * to, from the names touched as well. (A chain before the edit goes on from
 * a touched name through its removed records, whose targets are among
 * those; after it, through the CNAME records the name has now, which may
 * have stayed; and a zone cut leaves a host's addresses as they were, glue
 * being addresses.)
 * Null when the whole zone must be checked: a wildcard or a DNAME may lead
 * a target to a host that no record names, and past `ACROSS_AROUND_SHARE`
 * of the zone's MX domains it is as quick.
 */
function acrossDomains(
  zone: Zone,
  touched: ReadonlySet<string>,
  removed: readonly ZoneRecord[],
  added: readonly ZoneRecord[],
): AcrossScope | null {
  if (zone.hasWildcards() || zone.structure().dnames.size > 0) return null;
  const hosts = new Set(touched);
  // The touched names' own CNAMEs are followed too: an alias whose first CNAME went now leads where
  // the next one, which stayed, points (and one whose first came, away from it).
  const next: string[] = [...touched];
  const pointAt = (r: ZoneRecord) => {
    if (r.type !== 'MX' && r.type !== 'CNAME') return;
    const target = pointerTarget(r);
    if (target !== undefined) next.push(nameKey(target));
  };
  for (const r of removed) pointAt(r);
  for (const r of added) pointAt(r);
  // A touched domain's MX set may stand elsewhere in the zone's order now (its first record went or
  // came), and a host's diagnostic lists its domains in that order: the hosts it leads to as well.
  for (const k of touched) for (const r of zone.rrset(k, 'MX')?.records ?? []) pointAt(r);
  const seen = new Set<string>();
  while (next.length > 0) {
    const k = next.pop() as string;
    if (seen.has(k)) continue;
    seen.add(k);
    hosts.add(k);
    for (const r of zone.rrset(k, 'CNAME')?.records ?? []) pointAt(r);
  }
  // Records one `$GENERATE` made are told apart by their owners only all together.
  if (!addGeneratedRuns(zone, hosts)) return null;
  // Every domain that leads to one of those hosts, through the aliases that lead to them.
  const domains = new Set<string>();
  const aliases = new Set<string>();
  const up = [...hosts];
  const most = Math.max(ACROSS_AROUND_MIN, zone.countOfType('MX') * ACROSS_AROUND_SHARE);
  while (up.length > 0) {
    for (const ref of zone.referencesTo(up.pop() as string)) {
      const owner = nameKey(ref.record.owner);
      if (ref.record.type === 'MX') domains.add(owner);
      else if (ref.record.type === 'CNAME' && !aliases.has(owner)) {
        aliases.add(owner);
        up.push(owner);
      }
    }
    if (domains.size > most) return null;
  }
  return { hosts, hashes: hashesOf(hosts), view: scopedView(zone, domains) };
}

/** The owners of `diagnostics` in `zone`, or null when one sits on no record. */
function ownersOf(zone: Zone, diagnostics: readonly ZoneDiagnostic[]): Owners | null {
  const keys: string[] = [];
  const hashes = new Int32Array(diagnostics.length);
  for (let k = 0; k < diagnostics.length; k++) {
    const key = ownerKeyAt(zone, diagnostics[k]);
    if (key === null) return null;
    keys.push(key);
    hashes[k] = hashKey(key);
  }
  return { keys, hashes };
}

/** One document's analysis, kept up to date edit by edit. */
export class IncrementalAnalysis {
  private parse: ResumableParse;
  private current!: Analysis;
  private zone!: Zone;
  private results: CheckResult[] = [];
  /** The parse's diagnostics in the list last published (with the user's levels). */
  private publishedParse: ZoneDiagnostic[] = [];
  private settings: Settings;
  private reverseZones: readonly Zone[];
  /**
   * Owner keys of MX RRsets with a target written as an address, and those addresses:
   * mx-target-ip looks through the whole zone for a host that holds them. Null after a
   * full analysis until an edit needs them (see `findOwners`).
   */
  private literalMx: Map<string, string[]> | null = null;
  /** How the current analysis was made. */
  mode: AnalysisMode = 'open';
  /** How many names the last incremental check covered. */
  scopeSize = 0;

  private constructor(
    text: string,
    private readonly options: ParseOptions,
    settings: Settings,
    context: CheckContext,
  ) {
    this.settings = settings;
    this.reverseZones = context.reverseZones;
    this.parse = parseResumable(text, this.parseOptions(settings));
    this.checkAll(context, 'open');
  }

  /** Analyses a document from scratch. */
  static open(text: string, options: ParseOptions, settings: Settings, context?: CheckContext): IncrementalAnalysis {
    return new IncrementalAnalysis(text, options, settings, context ?? NO_CONTEXT);
  }

  /** The analysis of the latest text. */
  get analysis(): Analysis {
    return this.current;
  }

  /** What the include reader answered for the latest text, in order (the files the zone depends on). */
  get includeReads(): readonly IncludeRead[] {
    return this.parse.includeReads;
  }

  /**
   * Builds what the next edit would otherwise build first (the zone's
   * indexes, see `Zone.buildIndexes`): after a full analysis, while the
   * user is not typing, so that the first keystroke costs what the others do.
   */
  prepareForEdits(): void {
    this.zone.buildIndexes();
    this.findOwners();
  }

  /**
   * What an edit's check around it reads of the analysis before: the owner
   * names of each check's diagnostics, and the MX targets written as
   * addresses. A full analysis publishes without them (they cost a tenth of
   * it: a look-up of the record under each of its diagnostics); they are
   * found while the user is not typing (`prepareForEdits`), else before the
   * edit that needs them, on the zone the diagnostics were made on.
   */
  private findOwners(): void {
    for (const r of this.results) if (r.owners === undefined) r.owners = ownersOf(this.zone, r.diagnostics);
    if (this.literalMx !== null) return;
    // From the MX entries the checks built (what `literalTargets` finds, without reading each record again).
    this.literalMx = new Map();
    for (const domain of mxDomains(this.zone)) {
      let literals: string[] | null = null;
      for (const e of domain.entries) if (e.literal !== undefined) (literals ??= []).push(e.literal.value);
      if (literals !== null) this.literalMx.set(domain.rrset.key, literals);
    }
  }

  private parseOptions(settings: Settings): ParseOptions {
    return { generateLimit: settings.generate.maxRecords, ...this.options };
  }

  /**
   * The analysis of `text`, which is the previous text with `edit` applied
   * (null: unknown changes, analyse from scratch).
   */
  update(text: string, edit: TextEdit | null, settings: Settings, context: CheckContext = NO_CONTEXT): Analysis {
    // Answers about out-of-zone names (zonelens.resolve.outOfZone) arrive and change on their own:
    // with them every domain is checked again.
    const sameInputs =
      context.external === undefined &&
      settings === this.settings &&
      context.reverseZones.length === this.reverseZones.length &&
      context.reverseZones.every((z, i) => z === this.reverseZones[i]);
    const resumable = edit !== null && settings.generate.maxRecords === this.settings.generate.maxRecords;
    // Before the re-parse, which moves the records the diagnostics sit on.
    if (resumable) this.findOwners();
    const next = resumable ? reparse(this.parse, text, edit) : null;
    this.settings = settings;
    this.reverseZones = context.reverseZones;
    if (next === null) {
      this.parse = parseResumable(text, this.parseOptions(settings));
      this.checkAll(context, 'full');
      return this.current;
    }
    const oldZone = this.zone;
    this.parse = next.parse;
    const { removed, added } = keepUnchanged(next.parse, next.splice);
    if (!sameInputs || !this.checkAround(removed, added, next.splice, context)) this.checkAll(context, 'full');
    if (edit !== null) this.zone.followLineIndex(oldZone, edit);
    return this.current;
  }

  /** Builds the model and runs every check; `mode` says why (the open, or an edit that needed it). */
  private checkAll(context: CheckContext, mode: 'open' | 'full'): void {
    this.mode = mode;
    const zone = buildZone(this.parse.result);
    const settings = this.settings;
    const levels = settings.checks;
    this.results = CHECKS.map((c): CheckResult => {
      if (levels[c.code] === 'off') return { diagnostics: [], owners: NO_OWNERS };
      return { diagnostics: withLevels(c.run(zone, settings, context), settings) };
    });
    this.zone = zone;
    this.literalMx = null;
    this.publish();
  }

  /**
   * Checks again what `removed` → `added` can change (see the top of this
   * file). False, with nothing changed, when only a full check is certain.
   */
  private checkAround(
    removed: readonly ZoneRecord[],
    added: readonly ZoneRecord[],
    splice: RecordSplice,
    context: CheckContext,
  ): boolean {
    const old = this.zone;
    const parse = this.parse.result;
    if (this.results.some((r) => r.owners === null)) return false;
    const touched = new Set<string>();
    const apexKey = apexFromSoa(old) && old.origin !== null ? nameKey(old.origin) : null;
    // A paste or a deleted block of many records: a full analysis costs less.
    if (removed.length + added.length > Math.max(REPLACED_AROUND_MIN, parse.records.length * REPLACED_AROUND_SHARE))
      return false;
    // Owners of NS records that came or went: a zone cut may have come or gone there.
    const nsOwners = new Set<string>();
    let generated = 0;
    for (const r of [...removed, ...added]) {
      if (structural(r, apexKey)) return false;
      if (r.generated && ++generated > GENERATED_AROUND_MAX) return false;
      const key = nameKey(r.owner);
      if (key.startsWith('*')) return false;
      touched.add(key);
      if (r.type === 'NS') nsOwners.add(key);
    }
    // (Read before the patch: a patched zone takes the tables over.)
    const existed = new Map<string, boolean>();
    for (const k of touched) existed.set(k, old.node(k) !== undefined);
    // The addresses that MX targets are written as (see `literalMx` below), and whether a touched name held one.
    const literalMx = this.literalMx as Map<string, string[]>; // found before the re-parse (`update`)
    const literals = new Set<string>();
    for (const addresses of literalMx.values()) for (const a of addresses) literals.add(a);
    const heldLiteral = literals.size > 0 && [...touched].some((k) => holdsAny(old, k, literals));
    // Whether the names above a touched one exist (as nodes or empty non-terminals), up to the first
    // that does (those above it exist too): which of them came or went (see below); and, with
    // wildcards, which closest encloser a name that does not exist has (a wildcard answers for it).
    const wildcards = old.hasWildcards();
    const existedAbove = new Map<string, boolean>();
    for (const k of touched) {
      for (const a of ancestorKeys(k, old.origin)) {
        if (existedAbove.has(a)) break;
        const was = exists(old, a);
        existedAbove.set(a, was);
        if (was) break;
      }
    }
    const cutBefore = new Map<string, boolean>();
    for (const k of nsOwners) cutBefore.set(k, old.hasCut(k));
    const zone = old.patched(parse, removed, added);
    if (zone === null) return false; // (nothing was changed)
    this.zone = zone;
    // An edit at the apex that moved it, or that left the zone with no SOA or several, changes what
    // every name is read against (out-of-zone-data, the relative names).
    if (apexKey !== null && (!apexFromSoa(zone) || zone.origin !== old.origin)) return this.undo();
    this.mode = 'incremental';

    // The names to check again: those touched, those that point at them (through alias chains), ...
    const scope = new Set(touched);
    const queue = [...touched];
    // The names whose referrers are reached, or queued to be (an alias's referrers read its target).
    const followed = new Set(touched);
    const dnames = dnamesOf(zone);
    // The names whose referrers at or below them are in scope already (see `reach`).
    const ledBelow = new Set<string>();
    const reachBelow = (key: string) => {
      if (ledBelow.has(key)) return;
      ledBelow.add(key);
      for (const k of zone.referencedAtOrBelow(key)) reach(k);
    };
    // The names whose referrers are in scope already: a paste of a thousand names below a name reaches
    // it a thousand times, and each of its referrers each time (a host of 20 000 MX domains: 2.4 s).
    const reached = new Set<string>();
    const reach = (key: string) => {
      if (reached.has(key)) return;
      reached.add(key);
      for (const ref of zone.referencesTo(key)) {
        const owner = nameKey(ref.record.owner);
        scope.add(owner);
        // (Also when the name came into scope otherwise: a name may hold an alias beside other records.)
        if ((ref.record.type === 'CNAME' || ref.record.type === 'DNAME') && !followed.has(owner)) {
          followed.add(owner);
          queue.push(owner);
        }
      }
      // A wildcard answers for names below its parent, and a DNAME leads the names below its owner
      // to the same names below its target: the names that point there read what `key` holds too.
      if (key.startsWith('*.')) reachBelow(key.slice(2));
      for (const d of dnames) if (isSubdomainKey(key, d.target)) reachBelow(d.owner);
    };
    for (const k of touched) {
      if (existed.get(k) === (zone.node(k) !== undefined)) continue;
      // ... and, when a name appeared or went away, those that point at its ancestors that became, or
      // stopped being, empty non-terminals (up to the first that exists before and after: so do those
      // above it), and the SOA's names.
      let top = k;
      for (const a of ancestorKeys(k, zone.origin)) {
        if ((existedAbove.get(a) ?? true) === exists(zone, a)) break;
        reach(a);
        top = a;
      }
      // With wildcards, those that point at or below the highest of these names that came or went:
      // below it, a name that does not exist may have another closest encloser, another wildcard.
      if (wildcards) for (const q of zone.referencedAtOrBelow(top)) reach(q);
      for (const set of zone.rrsetsOfType('SOA')) scope.add(set.key);
    }
    // ... and, where a zone cut came or went, those that point at or below it: below a cut the file
    // holds glue at most, and a name with no address there is the child zone's to answer for.
    const cutsChanged = [...nsOwners].filter((k) => cutBefore.get(k) !== zone.hasCut(k));
    for (const cut of cutsChanged) for (const k of zone.referencedAtOrBelow(cut)) reach(k);
    while (queue.length > 0) reach(queue.pop() as string);
    // MX targets written as addresses: mx-target-ip names the first host of the zone that holds the
    // address (in the order of the RRsets, which is that of their first records), else a free `mxN`.
    // Their domains are checked again when a name that holds one of those addresses, before or after
    // the edit, was touched (its records or its set's place changed), or when an `mxN` name came or went.
    for (const k of touched) {
      const set = zone.node(k)?.rrsets.get('MX');
      const found = set === undefined ? null : literalTargets(zone, set);
      if (found !== null) literalMx.set(k, found);
      else literalMx.delete(k);
    }
    const mxNameMoved = (k: string) => /^mx\d+\./.test(k) && existed.get(k) !== (zone.node(k) !== undefined);
    const holderMoved = heldLiteral || (literals.size > 0 && [...touched].some((k) => holdsAny(zone, k, literals)));
    if (holderMoved || [...touched].some(mxNameMoved)) {
      for (const k of literalMx.keys()) scope.add(k);
    }
    // A name `$GENERATE` made records for: all the names it made records for are checked again.
    if (!addGeneratedRuns(zone, scope)) return this.undo();
    this.scopeSize = scope.size;
    // A name in scope that a reverse zone's PTR points at: whether it still resolves back to an MX
    // host's address (mx-ptr-mismatch) is said on that host, which may be out of scope.
    // A cut that came or went may hide or show any such name below it.
    const ptrTarget = (k: string) =>
      context.reverseZones.some((rz) => rz.referencesTo(k).some((ref) => ref.record.type === 'PTR'));
    const ptrNamed = context.reverseZones.length > 0 && (cutsChanged.length > 0 || [...scope].some(ptrTarget));

    const settings = this.settings;
    const levels = settings.checks;
    const view = scopedView(zone, scope);
    const scopeHashes = hashesOf(scope);
    // Where the checks that gather across domains run when they have findings (made once, when needed).
    let across: AcrossScope | null | undefined;
    const results: CheckResult[] = [];
    // The diagnostics that leave the published list, and those that join it (in the order of their checks).
    const gone: ZoneDiagnostic[] = [];
    const joining: ZoneDiagnostic[] = [];
    for (let i = 0; i < CHECKS.length; i++) {
      const c: Check = CHECKS[i];
      if (levels[c.code] === 'off') {
        results.push({ diagnostics: [], owners: NO_OWNERS });
        continue;
      }
      const before = this.results[i];
      // Around the edit, unless the check reads the whole zone, or gathers across domains and has
      // a PTR name in scope; one that gathers across domains and has something to say, on the
      // domains of the hosts the edit may have changed that for.
      let fresh: ZoneDiagnostic[] | null = null;
      let checked = scope;
      let checkedHashes = scopeHashes;
      const gathers = ACROSS_DOMAINS.has(c.code);
      if (!WHOLE_ZONE.has(c.code) && !(gathers && ptrNamed)) {
        // (One that had findings will run on the hosts' domains anyway.)
        if (!gathers || before.diagnostics.length === 0) fresh = withLevels(c.run(view, settings, context), settings);
        if (gathers && (fresh === null || fresh.length > 0)) {
          if (across === undefined) across = acrossDomains(zone, touched, removed, added);
          if (across === null) fresh = null;
          else {
            fresh = withLevels(c.run(across.view, settings, context), settings);
            checked = across.hosts;
            checkedHashes = across.hashes;
          }
        }
      }
      if (fresh === null) {
        const diagnostics = withLevels(c.run(zone, settings, context), settings);
        results.push({ diagnostics, owners: ownersOf(zone, diagnostics) });
        for (const d of before.diagnostics) gone.push(d);
        for (const d of diagnostics) joining.push(d);
        continue;
      }
      // The view lists some types whole: of the fresh diagnostics, only those in scope are new.
      const inScope: ZoneDiagnostic[] = [];
      const inScopeKeys: string[] = [];
      for (const d of fresh) {
        const owner = ownerKeyAt(zone, d);
        if (owner === null) return this.undo();
        if (!checked.has(owner)) continue;
        inScope.push(d);
        inScopeKeys.push(owner);
      }
      results.push(carriedOver(before, checked, checkedHashes, splice, inScope, inScopeKeys, gone));
      for (const d of inScope) joining.push(d);
    }
    this.results = results;
    this.publishAround(gone, joining);
    return true;
  }

  /**
   * Gives up an incremental check after the model was patched: the model is
   * right, the checks are run in full on it by the caller.
   */
  private undo(): false {
    return false;
  }

  /** The analysis from the parse diagnostics and each check's, in the order `runChecks` gives. */
  private publish(): void {
    const zone = this.zone;
    const parse = withLevels(zone.parseDiagnostics, this.settings);
    const out = parse.slice();
    for (const r of this.results) for (const d of r.diagnostics) out.push(d);
    out.sort(byPlace);
    this.publishedParse = parse;
    this.current = { zone, diagnostics: out };
  }

  /**
   * `publish` after `checkAround`, without sorting every diagnostic again:
   * the list published before (in order, moved by the edit) less `gone` and
   * the parse's diagnostics, merged with the parse's diagnostics now and
   * `added` (in the order of their checks), which are few. Where a kept
   * diagnostic and a new one stand at the same place, the order is the
   * sort's over the lists in the order `runChecks` reads them: the parse's,
   * then each check's (its kept diagnostics before its new ones).
   */
  private publishAround(gone: readonly ZoneDiagnostic[], added: readonly ZoneDiagnostic[]): void {
    const zone = this.zone;
    const parse = withLevels(zone.parseDiagnostics, this.settings);
    const kept = without(this.current.diagnostics, gone.concat(this.publishedParse));
    const fresh = parse.concat(added).sort(byPlace);
    this.publishedParse = parse;
    // Each new one after the kept ones that are not after it (found by halving), the kept ones
    // copied in runs: copying them one by one costs more than the search.
    const runs: ZoneDiagnostic[][] = [];
    let k = 0;
    for (const d of fresh) {
      let lo = k;
      let hi = kept.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (byPlaceThenList(kept[mid], d) <= 0) lo = mid + 1;
        else hi = mid;
      }
      runs.push(kept.slice(k, lo), [d]);
      k = lo;
    }
    runs.push(k === 0 ? kept : kept.slice(k));
    this.current = { zone, diagnostics: runs.length === 1 ? kept : joined(runs) };
  }
}

/** Most lists `joined` passes to one `concat` as arguments. */
const CONCAT_MAX = 4096;

/** The lists one after the other, in a new list (copied natively unless they are very many). */
function joined<T>(runs: readonly T[][]): T[] {
  if (runs.length <= CONCAT_MAX) return ([] as T[]).concat(...runs);
  const out: T[] = [];
  for (const run of runs) for (const x of run) out.push(x);
  return out;
}

/** Most diagnostics `without` finds by searching the list for each. */
const FIND_MAX = 16;

/**
 * `list` without the items of `leaving`, as a new list: a few are found
 * by searching (a native scan of the list, which reads no item), more by
 * a set that each item of the list is looked up in.
 */
function without<T>(list: readonly T[], leaving: readonly T[]): T[] {
  if (leaving.length > FIND_MAX) {
    const set = new Set(leaving);
    return list.filter((d) => !set.has(d));
  }
  const at = leaving.map((d) => list.indexOf(d)).sort((a, b) => a - b);
  const runs: T[][] = [];
  let from = 0;
  for (const i of at) {
    if (i < from) continue; // not listed, or listed twice
    runs.push(list.slice(from, i));
    from = i + 1;
  }
  runs.push(list.slice(from));
  return runs.length === 1 ? runs[0] : joined(runs);
}

/** Where each check's list comes in `runChecks`'s reading: after the parse's (0). */
const LIST_OF_CODE = new Map(CHECKS.map((c, i) => [c.code, i + 1]));

/** `byPlace`, then the list each diagnostic comes from, for diagnostics of different lists. */
function byPlaceThenList(a: ZoneDiagnostic, b: ZoneDiagnostic): number {
  return byPlace(a, b) || (LIST_OF_CODE.get(a.code) ?? 0) - (LIST_OF_CODE.get(b.code) ?? 0);
}

/** The user's levels applied as `runChecks` applies them (`off` drops, a level replaces the severity). */
function withLevels(list: readonly ZoneDiagnostic[], settings: Settings): ZoneDiagnostic[] {
  const levels = settings.checks;
  const out: ZoneDiagnostic[] = [];
  for (const d of list) {
    const level = levels[d.code];
    if (level === 'off') continue;
    out.push(level === undefined ? d : { ...d, severity: level });
  }
  return out;
}

/**
 * How many items two versions of a list share at their start (`head`) and,
 * in what is left, at their end (`tail`): the same objects, or the items
 * `same` says are equal. What an edit changed lies between.
 */
export function sameEnds<T>(
  before: readonly T[],
  after: readonly T[],
  same?: (a: T, b: T) => boolean,
): { head: number; tail: number } {
  const most = Math.min(before.length, after.length);
  const last = before.length - 1;
  const lastAfter = after.length - 1;
  let head = 0;
  let tail = 0;
  // Two loops each way: by identity (lists of thousands after each keystroke) without a call per item.
  if (same === undefined) {
    while (head < most && before[head] === after[head]) head++;
    while (tail < most - head && before[last - tail] === after[lastAfter - tail]) tail++;
  } else {
    while (head < most && same(before[head], after[head])) head++;
    while (tail < most - head && same(before[last - tail], after[lastAfter - tail])) tail++;
  }
  return { head, tail };
}

/**
 * The records re-read around an edit that came out the same (the parse
 * restarts at a checkpoint, so it reads some lines the edit did not touch)
 * keep their old objects, moved by the edit; what is left is what changed.
 */
function keepUnchanged(next: ResumableParse, splice: RecordSplice): { removed: ZoneRecord[]; added: ZoneRecord[] } {
  const records = next.result.records;
  const removed = splice.removed;
  const added = records.slice(splice.from, splice.from + splice.added);
  let { head, tail } = sameEnds(removed, added, (a, b) => sameRecord(a, b, splice));
  // The records of one `$GENERATE` are kept, or replaced, all together: the diagnostics of those
  // replaced go (see `addGeneratedRuns`), so the names of those kept must be checked again too.
  while (splitsRun(removed, head) || splitsRun(added, head)) head--;
  while (splitsRun(removed, removed.length - tail) || splitsRun(added, added.length - tail)) tail--;
  for (let k = 0; k < head; k++) records[splice.from + k] = kept(removed[k], added[k], splice);
  for (let k = 0; k < tail; k++) {
    const at = added.length - 1 - k;
    records[splice.from + at] = kept(removed[removed.length - 1 - k], added[at], splice);
  }
  return { removed: removed.slice(head, removed.length - tail), added: added.slice(head, added.length - tail) };
}

/** How far an offset of the old text moves. */
function shiftOf(offset: number, splice: RecordSplice): number {
  return offset >= splice.oldEnd ? splice.delta : 0;
}

/** The old record `r`, standing from now on for `same`, the new one that equals it moved (the old parse is used up). */
function kept(r: ZoneRecord, same: ZoneRecord, splice: RecordSplice): ZoneRecord {
  r.adopt(same, shiftOf(r.start, splice));
  return r;
}

/** True when `b` (new text) is `a` (old text) moved by the edit. */
function sameRecord(a: ZoneRecord, b: ZoneRecord, splice: RecordSplice): boolean {
  // One shift for the whole record: a record the edit falls inside does not compare equal.
  const d = shiftOf(a.start, splice);
  const at = (x: number, y: number) => (x < 0 ? y === x : y === x + d);
  if (
    a.owner !== b.owner ||
    a.ttl !== b.ttl ||
    a.classCode !== b.classCode ||
    a.type !== b.type ||
    a.typeCode !== b.typeCode ||
    a.generated !== b.generated ||
    a.file !== b.file ||
    !at(a.ownerStart, b.ownerStart) ||
    !at(a.ownerEnd, b.ownerEnd) ||
    !at(a.ttlStart, b.ttlStart) ||
    !at(a.ttlEnd, b.ttlEnd) ||
    !at(a.classStart, b.classStart) ||
    !at(a.classEnd, b.classEnd) ||
    !at(a.typeStart, b.typeStart) ||
    !at(a.typeEnd, b.typeEnd) ||
    !at(a.start, b.start) ||
    !at(a.end, b.end) ||
    a.rdata.length !== b.rdata.length
  ) {
    return false;
  }
  for (let k = 0; k < a.rdata.length; k++) {
    const f = a.rdata[k];
    const g = b.rdata[k];
    if (
      f.role !== g.role ||
      f.kind !== g.kind ||
      f.value !== g.value ||
      f.num !== g.num ||
      !at(f.start, g.start) ||
      !at(f.end, g.end)
    ) {
      return false;
    }
  }
  return true;
}

/**
 * A check's result after an edit: its diagnostics whose owners are outside
 * `scope` (whose hashes are `scopeHashes`), moved by the edit, then `added`
 * (the fresh ones in scope, with their owners' keys); those it leaves out
 * are added to `gone`. The result itself, its diagnostics moved, when the
 * edit neither took nor added any.
 */
function carriedOver(
  before: CheckResult,
  scope: ReadonlySet<string>,
  scopeHashes: ReadonlySet<number>,
  splice: RecordSplice,
  added: readonly ZoneDiagnostic[],
  addedKeys: readonly string[],
  gone: ZoneDiagnostic[],
): CheckResult {
  const { keys, hashes } = before.owners as Owners;
  const old = before.diagnostics;
  const inScope = (k: number) => scopeHashes.has(hashes[k]) && scope.has(keys[k]);
  let k = 0;
  while (k < old.length && !inScope(k)) k++;
  if (k === old.length && added.length === 0) {
    for (const d of old) shiftDiagnostic(d, splice);
    return before;
  }
  const diagnostics: ZoneDiagnostic[] = [];
  const outKeys: string[] = [];
  const outHashes = new Int32Array(old.length + added.length);
  for (k = 0; k < old.length; k++) {
    if (inScope(k)) {
      gone.push(old[k]);
      continue;
    }
    outHashes[diagnostics.length] = hashes[k];
    diagnostics.push(shiftDiagnostic(old[k], splice));
    outKeys.push(keys[k]);
  }
  for (k = 0; k < added.length; k++) {
    outHashes[diagnostics.length] = hashKey(addedKeys[k]);
    diagnostics.push(added[k]);
    outKeys.push(addedKeys[k]);
  }
  return { diagnostics, owners: { keys: outKeys, hashes: outHashes.subarray(0, diagnostics.length) } };
}

/**
 * An old diagnostic moved to the new text: its range, its related locations
 * and every `{ file, start, end }` in its quick-fix data that lie in the main
 * file (in place: the old analysis is used up).
 */
function shiftDiagnostic(d: ZoneDiagnostic, splice: RecordSplice): ZoneDiagnostic {
  const { oldEnd, delta } = splice;
  if (delta === 0) return d;
  if (d.start >= oldEnd && d.file === 0) {
    d.start += delta;
    d.end += delta;
  }
  const related = d.related;
  if (related !== undefined) {
    for (let k = 0; k < related.length; k++) {
      const r = related[k];
      if (r.start >= oldEnd && r.file === 0) {
        r.start += delta;
        r.end += delta;
      }
    }
  }
  if (d.data !== undefined) shiftSpans(d.data, splice, new Set());
  return d;
}

/** Moves every `{ file, start, end }` found in quick-fix data (each object once). */
function shiftSpans(v: unknown, splice: RecordSplice, seen: Set<object>): void {
  if (typeof v !== 'object' || v === null || seen.has(v)) return;
  seen.add(v);
  if (Array.isArray(v)) {
    for (const x of v) shiftSpans(x, splice, seen);
    return;
  }
  const o = v as Record<string, unknown>;
  if (typeof o.file === 'number' && typeof o.start === 'number' && typeof o.end === 'number') {
    if (o.start >= splice.oldEnd && o.file === 0) {
      o.start += splice.delta;
      o.end = o.end + splice.delta;
    }
  }
  for (const key in o) shiftSpans(o[key], splice, seen);
}

/**
 * The key of the owner of the record a diagnostic sits on (of those made by
 * one `$GENERATE`, which stand at one place, the last), or null.
 */
function ownerKeyAt(zone: Zone, d: ZoneDiagnostic): string | null {
  const r = zone.recordAt(d.file, d.start);
  if (r === undefined || d.start > r.end || d.end > r.end) return null;
  return nameKey(r.owner);
}

/** True when the name of `key` has an A or AAAA record with one of `addresses`. */
function holdsAny(zone: Zone, key: string, addresses: ReadonlySet<string>): boolean {
  return zone.addresses(key).some((r) => addresses.has(recordAddress(r) ?? ''));
}

/** The zone's DNAMEs: the key of each owner and of its target (none for a DNAME whose RDATA did not parse). */
function dnamesOf(zone: Zone): { owner: string; target: string }[] {
  const out: { owner: string; target: string }[] = [];
  for (const owner of zone.structure().dnames) {
    const dname = zone.rrset(owner, 'DNAME')?.records[0];
    const target = dname === undefined ? undefined : pointerTarget(dname);
    if (target !== undefined) out.push({ owner, target: nameKey(target) });
  }
  return out;
}

/** True when the name of `key` exists in `zone`: it owns records, or names below it do (an empty non-terminal). */
function exists(zone: Zone, key: string): boolean {
  return zone.node(key) !== undefined || zone.hasDescendants(key);
}

/** The keys of the proper ancestors of a key, down to the origin (or the root). */
function ancestorKeys(key: string, origin: string | null): string[] {
  const out: string[] = [];
  const stop = origin === null ? '' : nameKey(origin);
  for (let i = 0; i < key.length - 1; i++) {
    const c = key.charCodeAt(i);
    if (c === 0x5c) {
      i++; // an escaped character (a `\.` is part of a label)
      continue;
    }
    if (c !== 0x2e) continue;
    const ancestor = key.slice(i + 1);
    out.push(ancestor);
    if (ancestor === stop) break;
  }
  return out;
}

/**
 * The addresses the MX records of the set name their exchange by, or null
 * when none does: the targets that the MX entries read as IP literals
 * (`MxEntry.literal`), which mx-target-ip reports.
 */
function literalTargets(zone: Zone, set: RRset): string[] | null {
  let out: string[] | null = null;
  for (const r of set.records) {
    for (const f of r.rdata) {
      if (f.role !== 'exchange') continue;
      const literal = readIpLiteral(zone.files[r.file].text.slice(f.start, f.end));
      if (literal !== null) (out ??= []).push(literal.value);
    }
  }
  return out;
}

/**
 * The zone as the scoped checks see it: lookups answer for the whole zone,
 * but the names, RRsets and records the checks iterate over (`forEachRRset`,
 * `forEachMultiRecordRRset`, `forEachNodeOutside`, `rrsetsOfType` of
 * `SCOPED_TYPES`, `generatedRecords`) are those of the names in `scope`, in the zone's order:
 * by where their first record stands (`Zone.readingOrder`).
 */
function scopedView(zone: Zone, scope: ReadonlySet<string>): Zone {
  const found: ZoneNode[] = [];
  for (const k of scope) {
    const node = zone.node(k);
    if (node !== undefined) found.push(node);
  }
  const order = zone.readingOrder;
  // The nodes in order, sorted when first needed: the checks that gather across domains read only MX sets.
  let sorted: ZoneNode[] | undefined;
  const ordered = (): ZoneNode[] => {
    if (sorted !== undefined) return sorted;
    const firsts = found.map((n) => ({ n, first: (n.rrsets.values().next().value as RRset).records[0] }));
    sorted = firsts.sort((a, b) => order(a.first, b.first)).map((x) => x.n);
    return sorted;
  };
  const view = Object.create(zone) as Zone;
  const byType = new Map<string, RRset[]>();
  view.rrsetsOfType = (type: string): readonly RRset[] => {
    if (!SCOPED_TYPES.has(type)) return zone.rrsetsOfType(type);
    let list = byType.get(type);
    if (list === undefined) {
      const sets: RRset[] = [];
      for (const n of found) {
        const set = n.rrsets.get(type);
        if (set !== undefined) sets.push(set);
      }
      list = zone.rrsetsOfTypeAmong(type, sets);
      byType.set(type, list);
    }
    return list;
  };
  view.forEachRRset = (fn: (set: RRset) => void): void => {
    for (const n of ordered()) for (const set of n.rrsets.values()) fn(set);
  };
  view.forEachMultiRecordRRset = (fn: (set: RRset) => void): void => {
    // As the zone's own: in the order of their second records, where a build finds each has several.
    // (Records of one `$GENERATE` stand together: their diagnostics come in the order of the visit.)
    const sets: RRset[] = [];
    for (const n of found) for (const set of n.rrsets.values()) if (rrsetSize(set) > 1) sets.push(set);
    sets.sort((a, b) => order(a.records[1], b.records[1]));
    for (const set of sets) fn(set);
  };
  view.forEachNodeOutside = (ancestor: string, fn: (node: ZoneNode) => void): void => {
    for (const n of ordered()) if (!isSubdomainKey(n.key, ancestor)) fn(n);
  };
  // The records `$GENERATE` made for the names in scope, which holds all the names of each one
  // (`addGeneratedRuns`), in the order they were read: a zone of ranges is read no further.
  let generated: ZoneRecord[] | undefined;
  view.generatedRecords = (): readonly ZoneRecord[] => {
    if (generated !== undefined) return generated;
    generated = [];
    for (const n of found)
      for (const set of n.rrsets.values()) for (const r of set.records) if (r.generated) generated.push(r);
    generated.sort(order);
    return generated;
  };
  return view;
}
