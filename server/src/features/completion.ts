/**
 * Completion, by where the cursor is on its record:
 * - at the start of a line: the directives (`$ORIGIN`, `$TTL`, `$INCLUDE`, `$GENERATE`);
 * - after the owner (and a TTL or class): record types, as snippets with a
 *   placeholder for each RDATA field (the MX preference and exchange, the
 *   SOA over several lines, SRV priority, weight, port and target…), classes
 *   and TTLs when the record has none yet;
 * - in a field that names a host (MX exchange, NS, CNAME, DNAME, PTR, SRV
 *   target…): the zone's names, relative to the `$ORIGIN` in effect there
 *   and absolute.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type CompletionList,
  type Range,
} from 'vscode-languageserver-types';
import { zoneSource } from '../fixes/source';
import { fileLayout } from '../zone/format';
import type { Zone } from '../zone/model';
import type { ZoneRecord } from '../zone/parser';
import { isSubdomain, nameKey, relativize, ROOT } from '../zone/names';
import { classCode, RDATA_TYPES, typeCode } from '../zone/rdata/index';
import { localDay } from '../zone/serial';
import { humanTtl, looksLikeTtl, parseTtl } from '../zone/ttl';
import { TYPE_INFO } from './typeInfo';

/** Most names offered at once; the list is marked incomplete beyond (the editor asks again as the user types). */
const MAX_NAMES = 500;

/**
 * RDATA placeholders per type, in snippet syntax, fields separated by `\t`
 * (turned into the file's separator). `${SERIAL}` is today's date-based serial.
 */
const SNIPPETS: Readonly<Record<string, string>> = {
  A: '${1:192.0.2.1}',
  AAAA: '${1:2001:db8::1}',
  NS: '${1:ns1}',
  CNAME: '${1:target}',
  DNAME: '${1:target.example.}',
  PTR: '${1:host.example.com.}',
  MX: '${1:10}\t${2:mail}',
  TXT: '"${1:text}"',
  SPF: '"${1:v=spf1 -all}"',
  SRV: '${1:0}\t${2:5}\t${3:443}\t${4:target}',
  SOA:
    '${1:ns1} ${2:hostmaster} (\n' +
    '\t${3:${SERIAL}}\t; serial\n' +
    '\t${4:1h}\t; refresh\n' +
    '\t${5:15m}\t; retry\n' +
    '\t${6:1w}\t; expire\n' +
    '\t${7:1h} )\t; minimum (negative caching)',
  CAA: '${1:0}\t${2|issue,issuewild,iodef|}\t"${3:letsencrypt.org}"',
  HINFO: '"${1:cpu}"\t"${2:os}"',
  SSHFP: '${1|1,2,3,4,6|}\t${2|1,2|}\t${3:fingerprint}',
  TLSA: '${1|3,2,1,0|}\t${2|1,0|}\t${3|1,2,0|}\t${4:hash}',
  SMIMEA: '${1|3,2,1,0|}\t${2|1,0|}\t${3|1,2,0|}\t${4:hash}',
  DS: '${1:keytag}\t${2:13}\t${3:2}\t${4:digest}',
  NAPTR: '${1:100}\t${2:10}\t"${3:S}"\t"${4:SIP+D2U}"\t"${5}"\t${6:_sip._udp}',
  SVCB: '${1:1}\t${2:.}\t${3:alpn=h2}',
  HTTPS: '${1:1}\t${2:.}\t${3:alpn=h2,h3}',
  URI: '${1:10}\t${2:1}\t"${3:https://example.com/}"',
  RP: '${1:hostmaster}\t${2:.}',
  LOC: '${1:52} ${2:22} ${3:23.000} ${4|N,S|} ${5:4} ${6:53} ${7:32.000} ${8|E,W|} ${9:-2.00}m',
  KX: '${1:10}\t${2:kx}',
  AFSDB: '${1:1}\t${2:afsdb}',
  DNSKEY: '${1|257,256|}\t3\t${2:13}\t${3:key}',
  OPENPGPKEY: '${1:key}',
};

/** The RDATA fields of the snippet types, by name, for the completion's detail. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  A: 'address',
  AAAA: 'address',
  NS: 'nsdname',
  CNAME: 'target',
  DNAME: 'target',
  PTR: 'ptrdname',
  MX: 'preference exchange',
  TXT: 'text…',
  SPF: 'text…',
  SRV: 'priority weight port target',
  SOA: 'mname rname ( serial refresh retry expire minimum )',
  CAA: 'flags tag value',
  HINFO: 'cpu os',
  SSHFP: 'algorithm fp-type fingerprint',
  TLSA: 'usage selector matching-type data',
  SMIMEA: 'usage selector matching-type data',
  DS: 'key-tag algorithm digest-type digest',
  NAPTR: 'order preference flags services regexp replacement',
  SVCB: 'priority target params…',
  HTTPS: 'priority target params…',
  URI: 'priority weight target',
  RP: 'mbox txtdname',
  LOC: 'latitude longitude altitude',
  KX: 'preference exchanger',
  AFSDB: 'subtype hostname',
  DNSKEY: 'flags protocol algorithm key',
  OPENPGPKEY: 'key',
};

/** Which RDATA token (0-based) of a type names a host: names are offered there. */
const NAME_FIELDS: Readonly<Record<string, readonly number[]>> = {
  NS: [0],
  CNAME: [0],
  DNAME: [0],
  PTR: [0],
  MX: [1],
  KX: [1],
  AFSDB: [1],
  RT: [1],
  SRV: [3],
  SVCB: [1],
  HTTPS: [1],
  NAPTR: [5],
  SOA: [0, 1],
  RP: [0, 1],
  MB: [0],
  MG: [0],
  MR: [0],
  MINFO: [0, 1],
};

/** Types whose targets should be hosts with addresses: such names come first. */
const HOST_TARGETS = new Set(['MX', 'NS', 'SRV', 'KX', 'AFSDB', 'RT', 'SVCB', 'HTTPS', 'SOA']);

const DIRECTIVES: readonly { label: string; snippet: string; doc: string }[] = [
  {
    label: '$ORIGIN',
    snippet: '\\$ORIGIN ${1:example.com.}',
    doc: 'The origin relative names are completed with from here on.',
  },
  { label: '$TTL', snippet: '\\$TTL ${1:1h}', doc: 'The TTL of the records that follow and give none (RFC 2308).' },
  {
    label: '$INCLUDE',
    snippet: '\\$INCLUDE ${1:file.zone}',
    doc: 'Reads another file here; an optional second argument is its origin.',
  },
  {
    label: '$GENERATE',
    snippet: '\\$GENERATE ${1:1-10} ${2:host-\\$} ${3:A} ${4:192.0.2.\\$}',
    doc: 'BIND: one record per value of the range; `$` in the owner and RDATA stands for the value.',
  },
];

const CLASSES: readonly { label: string; doc: string }[] = [
  { label: 'IN', doc: 'Internet: the class of nearly every zone' },
  { label: 'CH', doc: 'Chaos: server information such as version.bind' },
  { label: 'HS', doc: 'Hesiod' },
];

const COMMON_TTLS = ['300', '3600', '1h', '1d', '1w'];

/** A token of the record being written. */
interface Tok {
  start: number;
  end: number;
  text: string;
  quoted: boolean;
}

/** The completions at `offset` of the zone's main file. `baseOrigin` is the origin it was read with. */
export function completion(zone: Zone, offset: number, baseOrigin: string | null, today = new Date()): CompletionList {
  const src = zoneSource(zone, baseOrigin);
  const text = src.text(0);
  const li = zone.lineIndex(0);
  const empty: CompletionList = { isIncomplete: false, items: [] };

  // Where the record under the cursor starts: the line, or the first line of a parenthesised record.
  let scanStart = src.lineStart(0, offset);
  const within = src.recordContaining(0, offset);
  if (within !== undefined && within.start < scanStart && src.extent(within).contentEnd >= offset) {
    scanStart = src.lineStart(0, within.start);
  }
  const scanned = scan(text, scanStart, offset);
  if (scanned === null) return empty; // in a comment or a string
  const { tokens, partial } = scanned;
  const replace: Range = li.range(partial?.start ?? offset, offset);
  const prefix = partial?.text ?? '';
  const blankOwner = scanStart < text.length && (text[scanStart] === ' ' || text[scanStart] === '\t');

  // The owner's place: directives.
  if (!blankOwner && tokens.length === 0) {
    if (prefix !== '' && !prefix.startsWith('$')) return empty;
    return { isIncomplete: false, items: DIRECTIVES.map((d) => directiveItem(d, replace)) };
  }
  if (!blankOwner && tokens[0].text.startsWith('$')) return empty;

  // Header: [TTL] [class] in either order, then the type.
  let i = blankOwner ? 0 : 1;
  let hasTtl = false;
  let hasClass = false;
  for (let k = 0; k < 2 && i < tokens.length; k++) {
    const t = tokens[i];
    if (!hasTtl && looksLikeTtl(t.text)) hasTtl = true;
    else if (!hasClass && classCode(t.text) !== undefined) hasClass = true;
    else break;
    i++;
  }
  const sep = usesTabs(zone, text, src.records(0)) ? '\t' : ' ';
  if (i >= tokens.length) {
    const items: CompletionItem[] = RDATA_TYPES.map((t) => typeItem(t.mnemonic, sep, replace, today));
    if (!hasClass) items.push(...CLASSES.map((c) => classItem(c.label, c.doc, replace)));
    if (!hasTtl) items.push(...ttlItems(writtenTtls(text, src.records(0)), replace));
    return { isIncomplete: false, items };
  }
  const typeTok = tokens[i];
  const code = typeCode(typeTok.text);
  if (code === undefined) return empty;
  const type = RDATA_TYPES.find((t) => t.code === code)?.mnemonic ?? typeTok.text.toUpperCase();
  const fieldIndex = tokens.length - i - 1;
  if (!(NAME_FIELDS[type] ?? []).includes(fieldIndex)) return empty;
  return nameItems(zone, src.originAt(0, offset), type, prefix, replace);
}

/** How many of the first records tell a file's style: its layout, its TTLs. */
const STYLE_RECORDS = 2000;

/** Whether the file separates fields with tabs, kept per zone (a completion is asked for at each keystroke). */
const tabsByZone = new WeakMap<Zone, boolean>();

function usesTabs(zone: Zone, text: string, records: readonly ZoneRecord[]): boolean {
  let tabs = tabsByZone.get(zone);
  if (tabs === undefined) {
    // The first records tell the style; a large zone is not laid out whole at a keystroke.
    tabs = fileLayout(text, records.slice(0, STYLE_RECORDS)).useTabs;
    tabsByZone.set(zone, tabs);
  }
  return tabs;
}

/**
 * The tokens of `text[start, offset)` and the token the cursor is in (if
 * any), following parentheses over line ends; null when the cursor is in a
 * comment or a quoted string.
 */
function scan(text: string, start: number, offset: number): { tokens: Tok[]; partial: Tok | undefined } | null {
  const tokens: Tok[] = [];
  let p = start;
  while (p < offset) {
    const c = text[p];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '(' || c === ')') {
      p++;
    } else if (c === ';') {
      while (p < text.length && text[p] !== '\n' && text[p] !== '\r') p++;
      if (p >= offset) return null;
    } else if (c === '"') {
      const s = p++;
      while (p < text.length && text[p] !== '"' && text[p] !== '\n' && text[p] !== '\r') p += text[p] === '\\' ? 2 : 1;
      if (p >= offset) return null;
      p++;
      tokens.push({ start: s, end: p, text: text.slice(s + 1, p - 1), quoted: true });
    } else {
      const s = p;
      while (p < text.length && !/[\s;()"]/.test(text[p])) p += text[p] === '\\' ? 2 : 1;
      tokens.push({ start: s, end: p, text: text.slice(s, Math.min(p, text.length)), quoted: false });
    }
  }
  // The cursor touches the end of the last token: that token is being written.
  const last = tokens[tokens.length - 1];
  if (last !== undefined && !last.quoted && last.end >= offset) {
    tokens.pop();
    return { tokens, partial: { ...last, end: offset, text: text.slice(last.start, offset) } };
  }
  return { tokens, partial: undefined };
}

function directiveItem(d: { label: string; snippet: string; doc: string }, range: Range): CompletionItem {
  return {
    label: d.label,
    kind: CompletionItemKind.Keyword,
    detail: 'directive',
    documentation: d.doc,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: d.snippet },
    filterText: d.label,
  };
}

function typeItem(type: string, sep: string, range: Range, today: Date): CompletionItem {
  const body = SNIPPETS[type];
  const d = localDay(today);
  const serial = `${d.year}${String(d.month).padStart(2, '0')}${String(d.day).padStart(2, '0')}00`;
  const item: CompletionItem = {
    label: type,
    kind: CompletionItemKind.Keyword,
    detail: body === undefined ? 'record type' : `${type} ${FIELD_NAMES[type] ?? ''}`.trim(),
    filterText: type,
    // Common types first, in this order; the rest alphabetically.
    sortText: `${String(COMMON.indexOf(type) < 0 ? 99 : COMMON.indexOf(type)).padStart(2, '0')}${type}`,
  };
  // The documentation: what the type is for, and what the snippet inserts.
  const info = [TYPE_INFO[type], body === undefined ? undefined : `e.g. ${type} ${example(body)}`].filter(
    (x): x is string => x !== undefined,
  );
  if (info.length > 0) item.documentation = info.join('\n\n');
  if (body === undefined) {
    item.textEdit = { range, newText: type };
  } else {
    item.insertTextFormat = InsertTextFormat.Snippet;
    // Tabs between fields become the file's separator; a tab that indents a line stays (the editor adapts it).
    const fields = body
      .split('\n')
      .map((line) => {
        const indent = /^\t*/.exec(line)?.[0] ?? '';
        return indent + line.slice(indent.length).replace(/\t/g, sep);
      })
      .join('\n');
    item.textEdit = { range, newText: `${type}${sep}${fields.replace('${SERIAL}', serial)}` };
  }
  return item;
}

const COMMON = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SRV', 'CAA', 'PTR', 'SOA', 'HTTPS', 'SVCB', 'TLSA', 'DS'];

/** The snippet with its placeholders' defaults, on one line (`10 mail`). */
function example(body: string): string {
  return body
    .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
    .replace(/\$\{\d+:(\$\{SERIAL\})\}/g, 'serial')
    .replace(/\$\{\d+:?([^}]*)\}/g, '$1')
    .replace(/;[^\n]*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function classItem(label: string, doc: string, range: Range): CompletionItem {
  return {
    label,
    kind: CompletionItemKind.EnumMember,
    detail: 'class',
    documentation: doc,
    textEdit: { range, newText: label },
    sortText: `50${label}`,
  };
}

/**
 * The TTLs written in the first records of the file (as `usesTabs` reads
 * its layout): a completion is asked for at each keystroke, and a large zone
 * has a million records.
 */
function writtenTtls(text: string, records: readonly ZoneRecord[]): string[] {
  const out: string[] = [];
  for (const r of records.length > STYLE_RECORDS ? records.slice(0, STYLE_RECORDS) : records) {
    if (r.ttlStart >= 0) out.push(text.slice(r.ttlStart, r.ttlEnd));
  }
  return out;
}

function ttlItems(written: readonly string[], range: Range): CompletionItem[] {
  const seen = new Set<string>();
  const out: CompletionItem[] = [];
  for (const t of [...written.filter((w) => w !== ''), ...COMMON_TTLS]) {
    if (seen.has(t.toLowerCase()) || seen.size >= 12) continue;
    const r = parseTtl(t);
    if (!r.ok) continue;
    seen.add(t.toLowerCase());
    out.push({
      label: t,
      kind: CompletionItemKind.Value,
      detail: `TTL: ${humanTtl(r.seconds)}`,
      textEdit: { range, newText: t },
      sortText: `60${String(out.length).padStart(2, '0')}`,
    });
  }
  return out;
}

/** The zone's names for a name field: relative to `origin` when below it, and absolute. */
function nameItems(zone: Zone, origin: string | null, type: string, prefix: string, range: Range): CompletionList {
  const items: CompletionItem[] = [];
  const want = nameKey(prefix);
  let complete = true;
  const hosts = HOST_TARGETS.has(type);
  for (const node of zone.allNodes()) {
    const types = [...node.rrsets.keys()];
    const hasAddress = node.rrsets.has('A') || node.rrsets.has('AAAA');
    const forms: string[] = [];
    if (origin !== null && origin !== ROOT && isSubdomain(node.name, origin)) forms.push(relativize(node.name, origin));
    forms.push(node.name);
    for (const form of forms) {
      if (want !== '' && !nameKey(form).startsWith(want)) continue;
      if (items.length >= MAX_NAMES) {
        complete = false;
        break;
      }
      items.push({
        label: form,
        kind: CompletionItemKind.Reference,
        detail: types.join(' '),
        documentation: form === node.name ? undefined : node.name,
        textEdit: { range, newText: form },
        filterText: form,
        // Hosts with addresses first for fields that need a host; relative forms before absolute ones.
        sortText: `${hosts && !hasAddress ? 1 : 0}${form === node.name ? 1 : 0}${form}`,
      });
    }
    if (!complete) break;
  }
  return { isIncomplete: !complete, items };
}
