/**
 * Interoperability with the `dns-zonefile` npm package: our parsed zone to its
 * JSON shape (export), and its JSON back to a zone file through its own
 * `generate` (import). Its format holds the SOA and eleven record types of
 * class IN, nothing else: whatever a conversion cannot carry is listed, never
 * dropped silently.
 */
import dnsZonefile, { type DNSZone } from 'dns-zonefile';
import { LineIndex } from './lineIndex';
import { absoluteName, relativize } from './names';
import type { Directive, SourceFile, ZoneRecord } from './parser';
import { parseZone } from './parser';
import { className, formatRdata } from './rdata/index';
import type { RdataField, ZoneDiagnostic } from './types';

export type { DNSZone };

/** The record types dns-zonefile's JSON has a key for, by our type mnemonic. */
export const DNS_ZONEFILE_TYPES = ['SOA', 'NS', 'A', 'AAAA', 'CNAME', 'MX', 'TXT', 'PTR', 'SRV', 'SPF', 'CAA', 'DS'];

/** Something of the zone the export could not put into the JSON, and why. */
export interface LeftOut {
  /** A parsed record, a line that did not load, or a directive. */
  kind: 'record' | 'line' | 'directive';
  /** The file it is in (a path or URI) and its 1-based line there. */
  file: string;
  line: number;
  /** The line as written, trimmed (for a record: the record's text). */
  text: string;
  reason: string;
}

/** What the export needs of a zone: the parser's result, or the `Zone` model built from it. */
export interface ExportSource {
  files: readonly SourceFile[];
  records: readonly ZoneRecord[];
  directives: readonly Directive[];
  origin: string | null;
  /** The parser's diagnostics (`ParseResult`): a line with an error holds no record to export. */
  diagnostics?: readonly ZoneDiagnostic[];
  /** The same, under the `Zone` model's name. */
  parseDiagnostics?: readonly ZoneDiagnostic[];
}

/** The result of an export: the JSON object and what it does not hold. */
export interface ExportResult {
  json: DNSZone;
  /** Records (and lines) that are not in `json`. */
  leftOut: LeftOut[];
  /** Structure the JSON flattens without losing records: `$INCLUDE`d and `$GENERATE`d records inlined. */
  notes: LeftOut[];
  /** How many records `json` holds. */
  exported: number;
}

/** The key of the comment lines in exported JSON (the `package.json` convention; dns-zonefile ignores it). */
export const COMMENT_KEY = '//';

type Entry = Record<string, string | number>;

/** Converts a parsed zone to dns-zonefile's JSON shape, listing what the shape cannot hold. */
export function toDnsZonefile(zone: ExportSource): ExportResult {
  const indexes = new Map<number, LineIndex>();
  const lineOf = (file: number, offset: number): number => {
    let li = indexes.get(file);
    if (li === undefined) {
      li = new LineIndex(zone.files[file]?.text ?? '');
      indexes.set(file, li);
    }
    return li.positionAt(offset).line + 1;
  };
  const where = (kind: LeftOut['kind'], file: number, start: number, end: number, reason: string): LeftOut => ({
    kind,
    file: zone.files[file]?.name ?? '',
    line: lineOf(file, start),
    text: (zone.files[file]?.text ?? '').slice(start, end).replace(/\s+/g, ' ').trim(),
    reason,
  });

  const origin = zone.origin;
  const name = (n: string): string => (origin === null ? n : relativize(n, origin));
  const leftOut: LeftOut[] = [];
  const notes: LeftOut[] = [];
  const json: DNSZone = {};
  if (origin !== null) json.$origin = origin;

  const kept: ZoneRecord[] = [];
  for (const r of zone.records) {
    if (r.classCode !== 1) {
      leftOut.push(
        where(
          'record',
          r.file,
          r.start,
          r.end,
          `class ${className(r.classCode)}: the format writes every record as IN`,
        ),
      );
    } else if (!DNS_ZONEFILE_TYPES.includes(r.type)) {
      leftOut.push(where('record', r.file, r.start, r.end, `type ${r.type} is not in dns-zonefile's format`));
    } else if (r.type === 'SOA' && kept.some((k) => k.type === 'SOA')) {
      leftOut.push(where('record', r.file, r.start, r.end, 'a second SOA: the format holds one'));
    } else {
      kept.push(r);
    }
  }

  // One $TTL for the records that share the commonest TTL; the others carry their own.
  // generate() writes no TTL of 0 (it tests `if (ttl)`), so a zone with any such record uses $TTL 0.
  const counts = new Map<number, number>();
  for (const r of kept) counts.set(r.ttl, (counts.get(r.ttl) ?? 0) + 1);
  let defaultTtl: number | undefined;
  for (const [ttl, n] of counts) if (defaultTtl === undefined || n > (counts.get(defaultTtl) ?? 0)) defaultTtl = ttl;
  if (counts.has(0)) defaultTtl = 0;
  if (defaultTtl !== undefined) json.$ttl = defaultTtl;
  const ttlOf = (r: ZoneRecord): { ttl?: number } => (r.ttl === defaultTtl ? {} : { ttl: r.ttl });

  const push = (key: keyof DNSZone, entry: Entry): void => {
    const list = (json[key] ?? []) as Entry[];
    list.push(entry);
    (json as Record<string, unknown>)[key] = list;
  };
  for (const r of kept) {
    const f = (role: string): RdataField | undefined => r.rdata.find((x) => x.role === role);
    const value = (role: string): string => f(role)?.value ?? '';
    const num = (role: string): number => f(role)?.num ?? Number(value(role));
    const owner = name(r.owner);
    switch (r.type) {
      case 'SOA':
        json.soa = {
          name: owner,
          mname: name(value('mname')),
          rname: name(value('rname')),
          serial: num('serial'),
          refresh: num('refresh'),
          retry: num('retry'),
          expire: num('expire'),
          minimum: num('minimum'),
          ...ttlOf(r),
        };
        break;
      case 'NS':
        push('ns', { name: owner, host: name(r.rdata[0]?.value ?? ''), ...ttlOf(r) });
        break;
      case 'A':
        push('a', { name: owner, ip: value('address'), ...ttlOf(r) });
        break;
      case 'AAAA':
        push('aaaa', { name: owner, ip: value('address'), ...ttlOf(r) });
        break;
      case 'CNAME':
        push('cname', { name: owner, alias: name(r.rdata[0]?.value ?? ''), ...ttlOf(r) });
        break;
      case 'MX':
        push('mx', { name: owner, preference: num('preference'), host: name(value('exchange')), ...ttlOf(r) });
        break;
      case 'TXT':
        // As dns-zonefile's parser keeps it: the strings as written, quotes included.
        push('txt', { name: owner, txt: formatRdata(r.type, r.rdata), ...ttlOf(r) });
        break;
      case 'SPF':
        push('spf', { name: owner, data: formatRdata(r.type, r.rdata), ...ttlOf(r) });
        break;
      case 'PTR':
        push('ptr', { name: owner, fullname: r.owner, host: name(r.rdata[0]?.value ?? ''), ...ttlOf(r) });
        break;
      case 'SRV':
        push('srv', {
          name: owner,
          priority: num('priority'),
          weight: num('weight'),
          port: num('port'),
          target: name(value('target')),
          ...ttlOf(r),
        });
        break;
      case 'CAA':
        push('caa', { name: owner, flags: num('flags'), tag: value('tag'), value: value('value'), ...ttlOf(r) });
        break;
      case 'DS': {
        const [keyTag, algorithm, digestType, ...digest] = formatRdata(r.type, r.rdata).split(/\s+/);
        push('ds', {
          name: owner,
          key_tag: keyTag ?? '',
          algorithm: algorithm ?? '',
          digest_type: digestType ?? '',
          digest: digest.join(''),
          ...ttlOf(r),
        });
        break;
      }
    }
  }

  // A line the parser rejected made no record: say so, or the export would look complete.
  for (const d of zone.diagnostics ?? zone.parseDiagnostics ?? []) {
    if (d.severity === 'error' && !d.code.startsWith('include-')) {
      const line = lineOf(d.file, d.start);
      const text = (zone.files[d.file]?.text ?? '').split(/\r?\n|\r/)[line - 1] ?? '';
      leftOut.push({
        kind: 'line',
        file: zone.files[d.file]?.name ?? '',
        line,
        text: text.trim(),
        reason: `not loaded: ${d.message}`,
      });
    }
  }
  for (const d of zone.directives) {
    if (d.name === '$INCLUDE') {
      const read = typeof d.value === 'number';
      (read ? notes : leftOut).push(
        where(
          'directive',
          d.file,
          d.start,
          d.end,
          read
            ? 'the $INCLUDE line itself is not kept: the records of the included file are written inline'
            : 'the included file was not read, so its records are not in the export',
        ),
      );
    } else if (d.name === '$GENERATE') {
      notes.push(
        where(
          'directive',
          d.file,
          d.start,
          d.end,
          'the $GENERATE line itself is not kept: the records it makes are written out',
        ),
      );
    }
  }
  leftOut.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  return { json, leftOut, notes, exported: kept.length };
}

/**
 * The exported JSON as text: the `//` comment lines first (what was left out and
 * why), then dns-zonefile's keys.
 */
export function formatExport(result: ExportResult, source: string): string {
  const comment = [
    `dns-zonefile JSON exported by ZoneLens from ${source}: ${result.exported} records.`,
    'Comments and the layout of the zone file are not kept.',
  ];
  if (result.leftOut.length > 0) {
    comment.push(`Not representable in this format, so left out (${result.leftOut.length}):`);
    for (const l of result.leftOut) comment.push(`  line ${l.line}: ${l.text}  (${l.reason})`);
  }
  for (const n of result.notes) comment.push(`line ${n.line}: ${n.text}  (${n.reason})`);
  return JSON.stringify({ [COMMENT_KEY]: comment, ...result.json }, null, 2) + '\n';
}

/** The result of an import: the zone file text and what of the JSON it does not hold. */
export interface ImportResult {
  text: string;
  /** Keys and entries of the JSON that are not in `text`, each with its reason. */
  leftOut: string[];
}

/** An import that could not start: the text is not JSON, or not an object. */
export class DnsZonefileImportError extends Error {}

type FieldKind = 'name' | 'ip' | 'text' | 'int' | 'word';
/** Each array key of the format with its fields (besides `name` and the optional `ttl`) and their kinds. */
const SHAPES: Record<string, Record<string, FieldKind>> = {
  ns: { host: 'name' },
  a: { ip: 'ip' },
  aaaa: { ip: 'ip' },
  cname: { alias: 'name' },
  mx: { preference: 'int', host: 'name' },
  txt: { txt: 'text' },
  ptr: { host: 'name' },
  srv: { priority: 'int', weight: 'int', port: 'int', target: 'name' },
  spf: { data: 'text' },
  caa: { flags: 'int', tag: 'word', value: 'text' },
  ds: { key_tag: 'word', algorithm: 'word', digest_type: 'word', digest: 'word' },
};
const SOA_SHAPE: Record<string, FieldKind> = {
  mname: 'name',
  rname: 'name',
  serial: 'int',
  refresh: 'int',
  retry: 'int',
  expire: 'int',
  minimum: 'int',
};

/**
 * dns-zonefile's default template without its time-stamp header: one section per
 * key, filled in by its `generate`. The SOA section is left out for JSON without `soa`.
 */
function template(withSoa: boolean): string {
  const soa = withSoa
    ? '; SOA Record\n{name} {ttl}\tIN\tSOA\t{mname}{rname}(\n{serial} ;serial\n{refresh} ;refresh\n{retry} ;retry\n{expire} ;expire\n{minimum} ;minimum ttl\n)\n\n'
    : '';
  const sections = ['NS', 'MX', 'A', 'AAAA', 'CNAME', 'PTR', 'TXT', 'SRV', 'SPF', 'CAA', 'DS']
    .map((t) => `; ${t} Records\n{${t.toLowerCase()}}\n`)
    .join('\n');
  return `{$origin}\n{$ttl}\n\n${soa}${sections}`;
}

/** Why `value` cannot be a field of kind `kind`, or undefined when it can. */
function invalid(value: unknown, kind: FieldKind): string | undefined {
  if (kind === 'int') {
    const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
    return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0xffffffff
      ? undefined
      : 'is not a whole number';
  }
  if (typeof value !== 'string' || value.trim() === '') return 'is missing or not a string';
  // A line break would start a new record: the JSON could smuggle in anything.
  if (/[\r\n\0]/.test(value)) return 'contains a line break';
  if (kind !== 'text' && /[\s;()"]/.test(value)) return 'contains a space or one of ; ( ) "';
  return undefined;
}

/** A character-string field as a zone file writes it: kept when quoted, else quoted as one string. */
function quoted(value: string): string {
  const v = value.trim();
  if (v.startsWith('"')) return v;
  return `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * Converts dns-zonefile JSON (as its `parse` makes it, or as `toDnsZonefile`
 * exports it) to a zone file with the package's `generate`, after checking every
 * entry: an entry `generate` would write wrongly, or a key it does not know, is
 * listed in `leftOut` and in a comment at the top of the text.
 */
export function fromDnsZonefile(jsonText: string, source = 'dns-zonefile JSON'): ImportResult {
  let data: unknown;
  try {
    data = JSON.parse(jsonText);
  } catch (e) {
    throw new DnsZonefileImportError(`${source} is not JSON: ${(e as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new DnsZonefileImportError(
      `${source} is not a dns-zonefile object ({ "$origin": …, "soa": …, "mx": [ … ] })`,
    );
  }
  const input = data as Record<string, unknown>;
  const leftOut: string[] = [];
  const clean: Record<string, unknown> = {};

  for (const [key, value] of Object.entries(input)) {
    if (key === COMMENT_KEY) continue;
    if (key === '$origin') {
      const why = invalid(value, 'name');
      if (why === undefined) clean.$origin = (value as string).trim();
      else leftOut.push(`$origin ${why}`);
    } else if (key === '$ttl') {
      const why = invalid(value, 'int');
      if (why === undefined) clean.$ttl = Number(value);
      else leftOut.push(`$ttl ${why}`);
    } else if (key === 'soa') {
      const soa = checkEntry(value, SOA_SHAPE, 'soa', leftOut);
      if (soa !== undefined) clean.soa = soa;
    } else if (key in SHAPES) {
      if (!Array.isArray(value)) {
        leftOut.push(`${key} is not a list`);
        continue;
      }
      const kept = value
        .map((entry, i) => checkEntry(entry, SHAPES[key], `${key}[${i}]`, leftOut))
        .filter((e): e is Entry => e !== undefined);
      if (kept.length > 0) clean[key] = kept;
    } else {
      const n = Array.isArray(value) ? ` (${value.length} entries)` : '';
      leftOut.push(
        `"${key}"${n}: not part of dns-zonefile's format, which holds $origin, $ttl, soa and ${Object.keys(SHAPES).join(', ')}`,
      );
    }
  }

  // generate() takes a template as its second argument (its typings omit it).
  // Its input is checked above entry by entry, so it is typed loosely here.
  const generate = dnsZonefile.generate as unknown as (zone: Record<string, unknown>, template: string) => string;
  // Without an SOA the template has no SOA section, but generate() reads `soa` all the same.
  const generated = generate({ soa: {}, ...clean }, template(clean.soa !== undefined));
  // The sections of the types the JSON has none of are left empty by generate(): drop their headings.
  const text = generated
    .replace(/^; [A-Z]+ Records?\n(?=\n|$)/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '')
    .replace(/\n*$/, '\n');

  // What the generated text means to our parser: an entry it cannot read is reported too.
  const parsed = parseZone(text, {
    fileName: source,
    origin: typeof clean.$origin === 'string' ? absoluteName(clean.$origin) : undefined,
  });
  const lines = text.split('\n');
  const index = new LineIndex(text);
  for (const d of parsed.diagnostics) {
    if (d.severity !== 'error') continue;
    const line = index.positionAt(d.start).line;
    leftOut.push(`"${(lines[line] ?? '').replace(/\s+/g, ' ').trim()}" does not load: ${d.message}`);
  }

  const header = [`; Zone file generated by ZoneLens with dns-zonefile from ${source}.`];
  if (leftOut.length > 0) {
    header.push(`; Not imported (${leftOut.length}):`);
    for (const l of leftOut) header.push(`;   ${l.replace(/\n/g, ' ')}`);
  }
  return { text: `${header.join('\n')}\n\n${text}`, leftOut };
}

/** The entry with its fields checked and normalised, or undefined (and the reason in `leftOut`). */
function checkEntry(
  entry: unknown,
  shape: Record<string, FieldKind>,
  label: string,
  leftOut: string[],
): Entry | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    leftOut.push(`${label} is not an object`);
    return undefined;
  }
  const e = entry as Record<string, unknown>;
  const out: Entry = {};
  const fields: Record<string, FieldKind> = { name: 'name', ...shape };
  for (const [field, kind] of Object.entries(fields)) {
    // generate() writes `@` for a missing name; an empty one is a mistake.
    if (field === 'name' && e.name === undefined) {
      out.name = '@';
      continue;
    }
    const why = invalid(e[field], kind);
    if (why !== undefined) {
      leftOut.push(`${label}: ${field} ${why}`);
      return undefined;
    }
    const v = e[field] as string | number;
    out[field] = kind === 'int' ? Number(v) : kind === 'text' ? quoted(String(v)) : String(v).trim();
  }
  if (e.ttl !== undefined && e.ttl !== '') {
    const why = invalid(e.ttl, 'int');
    if (why !== undefined) {
      leftOut.push(`${label}: ttl ${why}`);
      return undefined;
    }
    out.ttl = Number(e.ttl);
  }
  for (const extra of Object.keys(e)) {
    if (!(extra in fields) && extra !== 'ttl' && extra !== 'fullname')
      leftOut.push(`${label}: field "${extra}" is not part of the format`);
  }
  return out;
}
