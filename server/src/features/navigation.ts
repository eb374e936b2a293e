/**
 * Navigation by name: go to definition (from a name in RDATA to the records
 * of that owner, in any file of the zone), find references (the records
 * whose RDATA names it, and with the declaration the owner fields that
 * write it), document highlights, and rename of an owner name with every
 * reference to it, refused when the new name would change what other
 * records mean.
 */
import {
  DocumentHighlightKind,
  type DocumentHighlight,
  type Location,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import { isAbsolute, zoneSource, type ZoneSource } from '../fixes/source';
import type { ExpectedRecord, FileEdit } from '../fixes/types';
import { verifyEdits } from '../fixes/verify';
import { POINTER_ROLES, type Zone } from '../zone/model';
import { isSubdomain, nameKey, parseName, relativize, ROOT } from '../zone/names';
import type { ZoneRecord } from '../zone/parser';
import type { RdataField } from '../zone/types';

/** How the zone was read: what a rename needs to read the edited text back the same way. */
export interface NavigationOptions {
  /** The origin the main file was read with (from its name), if any. */
  origin: string | undefined;
  generateLimit?: number;
}

/** A name under the cursor: an owner field or a name in RDATA. */
export interface NameAt {
  name: string;
  record: ZoneRecord;
  /** The field, when the name is in RDATA; undefined for the owner. */
  field?: RdataField;
  start: number;
  end: number;
}

/** A reason an operation is refused, for the user. */
export interface Refusal {
  refused: string;
}

/** The name at `offset` of the zone's main file, if the cursor is on one. */
export function nameAt(zone: Zone, offset: number, options: NavigationOptions): NameAt | undefined {
  const src = zoneSource(zone, options.origin ?? null);
  const r = src.recordContaining(0, offset);
  if (r === undefined) return undefined;
  if (r.ownerEnd > r.ownerStart && offset >= r.ownerStart && offset <= r.ownerEnd) {
    return { name: r.owner, record: r, start: r.ownerStart, end: r.ownerEnd };
  }
  for (const f of r.rdata) {
    if (f.kind === 'name' && offset >= f.start && offset <= f.end && ownField(r, f)) {
      return { name: f.value, record: r, field: f, start: f.start, end: f.end };
    }
  }
  return undefined;
}

/** True when a field has its own text (fields decoded from `\#` data all cover the same tokens). */
export function ownField(r: ZoneRecord, f: RdataField): boolean {
  return !r.rdata.some((g) => g !== f && g.start === f.start);
}

function location(zone: Zone, file: number, start: number, end: number): Location {
  return { uri: zone.files[file].name, range: zone.lineIndex(file).range(start, end) };
}

/** The records whose owner is `name`, in file order. */
function recordsOf(zone: Zone, name: string): ZoneRecord[] {
  const node = zone.node(name);
  if (node === undefined) return [];
  return [...node.rrsets.values()].flatMap((s) => s.records).sort((a, b) => a.file - b.file || a.start - b.start);
}

/**
 * Types whose RDATA holds no domain name: their records (most of a large
 * zone: addresses, text, keys) are not read when looking for the names that
 * point somewhere.
 */
const NO_NAMES = new Set([
  'A',
  'AAAA',
  'TXT',
  'SPF',
  'CAA',
  'DS',
  'CDS',
  'DNSKEY',
  'CDNSKEY',
  'TLSA',
  'SMIMEA',
  'SSHFP',
  'OPENPGPKEY',
  'HINFO',
  'LOC',
  'NSEC3',
  'NSEC3PARAM',
  'ZONEMD',
  'DHCID',
  'EUI48',
  'EUI64',
  'URI',
]);

/**
 * Every name field of the zone (any file, any type) that names `name`, in
 * file order. The pointers the model keeps (MX, NS, CNAME, DNAME, SRV, PTR,
 * SVCB targets) come from its index, kept up to date as the user types; the
 * other name fields (SOA names, RRSIG signers, NSEC next names, RP, NAPTR…)
 * from the records of their types. A cursor move in a zone of a million
 * records used to read every record's RDATA.
 */
function referencesTo(zone: Zone, name: string): { record: ZoneRecord; field: RdataField }[] {
  const key = nameKey(name);
  const out: { record: ZoneRecord; field: RdataField }[] = zone
    .referencesTo(name)
    .map(({ record, field }) => ({ record, field }));
  for (const type of zone.types()) {
    // The pointer types hold no name but their pointer.
    if (NO_NAMES.has(type) || POINTER_ROLES[type] !== undefined) continue;
    for (const set of zone.rrsetsOfType(type)) {
      for (const record of set.records) {
        for (const field of record.rdata) {
          if (field.kind !== 'name' || nameKey(field.value) !== key) continue;
          out.push({ record, field });
        }
      }
    }
  }
  return out.sort((a, b) => a.record.file - b.record.file || a.field.start - b.field.start);
}

/** Go to definition: the records of the name under the cursor (null when it has none in the zone). */
export function definition(zone: Zone, offset: number, options: NavigationOptions): Location[] | null {
  const at = nameAt(zone, offset, options);
  if (at === undefined) return null;
  const records = recordsOf(zone, at.name);
  if (records.length === 0) return null;
  return records.map((r) => location(zone, r.file, r.start, r.end));
}

/** Find references: the name fields that name it, and with `includeDeclaration` the owner fields that write it. */
export function references(
  zone: Zone,
  offset: number,
  includeDeclaration: boolean,
  options: NavigationOptions,
): Location[] | null {
  const at = nameAt(zone, offset, options);
  if (at === undefined) return null;
  const out: Location[] = [];
  if (includeDeclaration) {
    for (const r of recordsOf(zone, at.name)) {
      if (r.ownerEnd > r.ownerStart) out.push(location(zone, r.file, r.ownerStart, r.ownerEnd));
    }
  }
  for (const { record, field } of referencesTo(zone, at.name)) {
    out.push(location(zone, record.file, field.start, field.end));
  }
  return dedupe(out);
}

/** Document highlights: the owner fields of the name (write) and the names in RDATA that point at it (read). */
export function highlights(zone: Zone, offset: number, options: NavigationOptions): DocumentHighlight[] {
  const at = nameAt(zone, offset, options);
  if (at === undefined) return [];
  const li = zone.lineIndex(0);
  const out: DocumentHighlight[] = [];
  const seen = new Set<number>();
  for (const r of recordsOf(zone, at.name)) {
    if (r.file !== 0 || r.generated || r.ownerEnd === r.ownerStart || seen.has(r.ownerStart)) continue;
    seen.add(r.ownerStart);
    out.push({ range: li.range(r.ownerStart, r.ownerEnd), kind: DocumentHighlightKind.Write });
  }
  for (const { record, field } of referencesTo(zone, at.name)) {
    if (record.file !== 0 || record.generated || seen.has(field.start)) continue;
    seen.add(field.start);
    out.push({ range: li.range(field.start, field.end), kind: DocumentHighlightKind.Read });
  }
  return out;
}

function dedupe(locations: Location[]): Location[] {
  const seen = new Set<string>();
  return locations.filter((l) => {
    const k = `${l.uri} ${l.range.start.line}:${l.range.start.character}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// --- rename ------------------------------------------------------------------

/** What `prepareRename` answers: the range of the name and the text to edit. */
export interface RenamePreparation {
  range: Range;
  placeholder: string;
}

/** Whether the name under the cursor can be renamed, and the text to start from. */
export function prepareRename(
  zone: Zone,
  offset: number,
  options: NavigationOptions,
): RenamePreparation | Refusal | null {
  const at = nameAt(zone, offset, options);
  if (at === undefined) return null;
  const why = renameBlocker(zone, at.name);
  if (why !== undefined) return { refused: why };
  return {
    range: zone.lineIndex(0).range(at.start, at.end),
    placeholder: zone.files[0].text.slice(at.start, at.end),
  };
}

/** Why a name cannot be renamed at all, or undefined. */
function renameBlocker(zone: Zone, name: string): string | undefined {
  if (zone.origin === null) return 'the zone has no known origin: names cannot be checked, so nothing is renamed';
  if (nameKey(name) === nameKey(zone.origin)) {
    return `${name} is the zone's apex: rename the zone itself (its $ORIGIN or file name), not its records`;
  }
  if (!zone.isInZone(name)) return `${name} is outside the zone ${zone.origin}: only names of this zone can be renamed`;
  const owners = recordsOf(zone, name);
  const refs = referencesTo(zone, name);
  if (owners.length === 0 && refs.length === 0) return `no record has or names ${name}`;
  if (owners.some((r) => r.generated) || refs.some((x) => x.record.generated)) {
    return `records of ${name} are made by $GENERATE: change its template instead`;
  }
  if (refs.some((x) => !ownField(x.record, x.field))) {
    return `a record names ${name} in generic (\\#) data, which cannot be edited name by name`;
  }
  return undefined;
}

/**
 * Renames the name under the cursor to `newName` (written as at the cursor:
 * relative to the origin there, or absolute), in every owner field and every
 * name in RDATA, in every file of the zone. Each edit keeps the style of the
 * text it replaces: a relative name stays relative to its own origin when
 * the new name is below it, an absolute one stays absolute. Refused when the
 * new name is not a valid name, is outside the zone, already has records or
 * is already named by other records (they would start to mean the renamed
 * records), or lies below a delegation or DNAME; and when the edited zone
 * would not read back as exactly the renamed records.
 */
export function rename(
  zone: Zone,
  offset: number,
  newName: string,
  options: NavigationOptions,
): WorkspaceEdit | Refusal | null {
  const at = nameAt(zone, offset, options);
  if (at === undefined) return null;
  const blocker = renameBlocker(zone, at.name);
  if (blocker !== undefined) return { refused: blocker };
  const src = zoneSource(zone, options.origin ?? null);
  const apex = zone.origin as string;

  const written = newName.trim();
  if (written === '' || /[\s;()"]/.test(written)) return { refused: `'${newName}' is not a domain name` };
  const parsed = parseName(written, src.originAt(0, at.start));
  if (!parsed.ok) return { refused: `'${written}' is not a valid name: ${parsed.message}` };
  const target = parsed.name;
  if (!isSubdomain(target, apex)) return { refused: `${target} is outside the zone ${apex}` };
  if (nameKey(target) === nameKey(apex)) return { refused: `${target} is the zone's apex` };
  const sameName = nameKey(target) === nameKey(at.name);
  if (!sameName) {
    const node = zone.node(target);
    if (node !== undefined) {
      const types = [...node.rrsets.values()].map((s) => s.type).join(', ');
      return {
        refused: `${target} already has records (${types}): renaming ${at.name} to it would merge the two names`,
      };
    }
    const pointing = referencesTo(zone, target);
    if (pointing.length > 0) {
      const r = pointing[0].record;
      return {
        refused: `${target} is already named by ${pointing.length} record(s) (${r.type} of ${r.owner}): they would start to point at the renamed records`,
      };
    }
    const cut = cutAbove(zone, target, apex);
    if (cut !== undefined) return { refused: `${target} would be below the ${cut.type} of ${cut.owner}` };
  }

  // The edits, in every file, each in the style of the text it replaces.
  const edits: FileEdit[] = [];
  const owners = recordsOf(zone, at.name);
  for (const r of owners) {
    if (r.ownerEnd === r.ownerStart) continue; // a blank owner inherits the renamed one
    edits.push(replaceName(src, r.file, r.ownerStart, r.ownerEnd, target));
  }
  const refs = referencesTo(zone, at.name);
  for (const { record, field } of refs) edits.push(replaceName(src, record.file, field.start, field.end, target));
  const unique = [...new Map(edits.map((e) => [`${e.file}:${e.start}`, e])).values()];
  const changed = unique.filter((e) => src.text(e.file).slice(e.start, e.end) !== e.newText);
  if (changed.length === 0) return { changes: {} };

  // The safety net: the edited zone must read back as exactly these records renamed.
  const touched = new Set<ZoneRecord>([...owners, ...refs.map((x) => x.record)]);
  const oldKey = nameKey(at.name);
  const add: ExpectedRecord[] = [...touched].map((r) => ({
    file: r.file,
    owner: nameKey(r.owner) === oldKey ? target : r.owner,
    ttl: r.ttl,
    classCode: r.classCode,
    type: r.type,
    rdata: r.rdata.map((f) => ({
      kind: f.kind,
      value: f.kind === 'name' && nameKey(f.value) === oldKey ? target : f.value,
    })),
  }));
  if (
    !verifyEdits(zone, changed, [...touched], add, { origin: options.origin, generateLimit: options.generateLimit })
  ) {
    return { refused: `renaming ${at.name} to ${target} would change other records of the zone: nothing was renamed` };
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const e of changed.sort((a, b) => a.file - b.file || a.start - b.start)) {
    (changes[zone.files[e.file].name] ??= []).push({
      range: zone.lineIndex(e.file).range(e.start, e.end),
      newText: e.newText,
    });
  }
  return { changes };
}

/** The NS (below the apex) or DNAME at or above `name` that would hide it, if any. */
function cutAbove(zone: Zone, name: string, apex: string): { owner: string; type: string } | undefined {
  for (let n: string = name; nameKey(n) !== nameKey(apex) && n !== ROOT; n = parentOf(n)) {
    const node = zone.node(n);
    if (node === undefined) continue;
    if (node.rrsets.has('NS')) return { owner: node.name, type: 'NS (a delegation)' };
    if (node.rrsets.has('DNAME') && n !== name) return { owner: node.name, type: 'DNAME' };
  }
  return undefined;
}

/** The name one label up (names here are absolute presentation forms; escaped dots are skipped). */
function parentOf(name: string): string {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x2e) return i + 1 < name.length ? name.slice(i + 1) : ROOT;
  }
  return ROOT;
}

/** An edit that writes `name` where `[start, end)` wrote another, in the same style (relative or absolute). */
function replaceName(src: ZoneSource, file: number, start: number, end: number, name: string): FileEdit {
  const old = src.text(file).slice(start, end);
  const origin = src.originAt(file, start);
  let newText = name;
  if (!isAbsolute(old) && origin !== null && origin !== ROOT && isSubdomain(name, origin)) {
    newText = relativize(name, origin);
  }
  return { file, start, end, newText };
}
