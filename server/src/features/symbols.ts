/**
 * Document symbols (the outline): each `$ORIGIN` section is a container, in
 * it each run of records of one owner name is a symbol whose children are
 * its records. The apex (SOA), delegations (NS below the apex) and record
 * types have kinds of their own, so that they are told apart at a glance;
 * `$INCLUDE` and `$GENERATE` lines show as symbols too.
 */
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import { zoneSource } from '../fixes/source';
import type { Zone } from '../zone/model';
import { nameKey, relativize, ROOT } from '../zone/names';
import { inTextOrder, type Directive, type ZoneRecord } from '../zone/parser';

/** The symbol kind of a record, by type: SOA, NS and MX each have their own. */
const RECORD_KINDS: Readonly<Record<string, SymbolKind>> = {
  SOA: SymbolKind.Module,
  NS: SymbolKind.Interface,
  MX: SymbolKind.Event,
  A: SymbolKind.Number,
  AAAA: SymbolKind.Number,
  CNAME: SymbolKind.Field,
  DNAME: SymbolKind.Field,
  PTR: SymbolKind.Field,
  TXT: SymbolKind.String,
  SPF: SymbolKind.String,
  SRV: SymbolKind.Method,
  SVCB: SymbolKind.Method,
  HTTPS: SymbolKind.Method,
  DNSKEY: SymbolKind.Key,
  DS: SymbolKind.Key,
  RRSIG: SymbolKind.Key,
  NSEC: SymbolKind.Key,
  NSEC3: SymbolKind.Key,
  NSEC3PARAM: SymbolKind.Key,
  CDS: SymbolKind.Key,
  CDNSKEY: SymbolKind.Key,
  TLSA: SymbolKind.Key,
  SSHFP: SymbolKind.Key,
};

/** Longest RDATA shown as a record's detail. */
const MAX_DETAIL = 80;

/**
 * The outline of the zone's main file. `baseOrigin` is the origin the file
 * was read with. `maxItems` (`zonelens.maxItemsComputed`, 0: all): the most
 * records and directives listed, the first in the file; a last entry says
 * how many more there are. A large zone has a million records, and an editor
 * asks for the outline again after each pause in typing (for its
 * breadcrumbs): the whole of it was 38 MB of JSON at 100k records.
 */
export function documentSymbols(zone: Zone, baseOrigin: string | null, maxItems = 0): DocumentSymbol[] {
  const src = zoneSource(zone, baseOrigin);
  const text = src.text(0);
  const li = zone.lineIndex(0);
  const range = (start: number, end: number): Range => li.range(start, end);

  // Records and directives of the main file, each list in text order (records usually are already), merged.
  const records = inTextOrder(zone) ? zone.records : src.records(0);
  const directives = zone.directives.filter((d) => d.file === 0 && d.name !== '$TTL').sort((a, b) => a.start - b.start);
  type Item = { at: number; record?: ZoneRecord; directive?: Directive };
  let ri = 0;
  let di = 0;
  const next = (): Item | undefined => {
    const r = records[ri] as ZoneRecord | undefined;
    const d = directives[di] as Directive | undefined;
    if (d !== undefined && (r === undefined || d.start < r.start)) {
      di++;
      return { at: d.start, directive: d };
    }
    if (r === undefined) return undefined;
    ri++;
    return { at: r.start, record: r };
  };

  const top: DocumentSymbol[] = [];
  let section: DocumentSymbol | undefined;
  let run: { symbol: DocumentSymbol; key: string } | undefined;
  // The origin in effect, followed through the $ORIGIN lines (one lookup per record would be quadratic).
  let origin = baseOrigin;
  const target = (): DocumentSymbol[] => (section === undefined ? top : (section.children ??= []));

  let listed = 0;
  for (let item = next(); item !== undefined; item = next()) {
    if (maxItems > 0 && listed === maxItems) {
      const more = records.length - ri + (directives.length - di) + 1;
      top.push({
        name: `${more} more records and directives not listed`,
        detail: 'zonelens.maxItemsComputed',
        kind: SymbolKind.Null,
        range: range(item.at, text.length),
        selectionRange: range(item.at, item.at),
      });
      break;
    }
    listed++;
    const d = item.directive;
    if (d !== undefined) {
      run = undefined;
      const words = text
        .slice(d.start, d.end)
        .replace(/;.*$/gm, '') // (not /\s*;/: that backtracks over every run of blanks)
        .replace(/\s+/g, ' ')
        .trim();
      const sym: DocumentSymbol = {
        name: words,
        kind:
          d.name === '$ORIGIN' ? SymbolKind.Namespace : d.name === '$INCLUDE' ? SymbolKind.File : SymbolKind.Operator,
        range: range(d.start, d.end),
        selectionRange: range(d.start, d.start + d.name.length),
      };
      if (d.name === '$ORIGIN') {
        if (typeof d.value === 'string') origin = d.value;
        section = sym;
        top.push(sym);
      } else target().push(sym);
      if (section !== undefined) extendTo(section, sym.range);
      continue;
    }
    const r = item.record as ZoneRecord;
    const ext = src.extent(r);
    const recordSymbol: DocumentSymbol = {
      name: r.type,
      detail: rdataText(text, r),
      kind: RECORD_KINDS[r.type] ?? SymbolKind.Property,
      range: range(ext.lineStart, Math.max(ext.contentEnd, r.end)),
      selectionRange: range(r.typeStart, r.typeEnd),
    };
    const key = nameKey(r.owner);
    if (run === undefined || run.key !== key) {
      const blank = r.ownerEnd === r.ownerStart;
      const symbol: DocumentSymbol = {
        name: origin === null || origin === ROOT ? r.owner : relativize(r.owner, origin),
        detail: '',
        kind: SymbolKind.Class,
        range: recordSymbol.range,
        selectionRange: blank ? recordSymbol.selectionRange : range(r.ownerStart, r.ownerEnd),
        children: [],
      };
      run = { symbol, key };
      target().push(symbol);
    }
    run.symbol.children?.push(recordSymbol);
    extendTo(run.symbol, recordSymbol.range);
    if (section !== undefined) extendTo(section, recordSymbol.range);
  }
  for (const sym of top) describe(sym);
  return top;
}

/** Owner symbols get their kind and detail once all their records are in. */
function describe(sym: DocumentSymbol): void {
  if (sym.kind === SymbolKind.Namespace) {
    for (const child of sym.children ?? []) describe(child);
    return;
  }
  if (sym.kind !== SymbolKind.Class) return;
  const types = [...new Set((sym.children ?? []).map((c) => c.name))];
  sym.detail = types.join(' ');
  // The apex holds the SOA; a name with NS and no SOA is a delegation (a zone cut).
  if (types.includes('SOA')) sym.kind = SymbolKind.Module;
  else if (types.includes('NS')) sym.kind = SymbolKind.Package;
}

/** The RDATA as written, on one line, comments and parentheses left out. */
function rdataText(text: string, r: ZoneRecord): string {
  const parts: string[] = [];
  let last = -1;
  for (const f of r.rdata) {
    if (f.start === last) continue; // fields decoded from `\#` data share their tokens
    last = f.start;
    const written = text.slice(f.start, f.end);
    // A field written over several lines may hold comments and parentheses; a quoted string is kept as it is.
    parts.push(written.startsWith('"') ? written : written.replace(/;[^\n\r]*/g, '').replace(/[()]/g, ' '));
  }
  const s = parts.join(' ').replace(/\s+/g, ' ').trim();
  return s.length > MAX_DETAIL ? s.slice(0, MAX_DETAIL - 1) + '…' : s;
}

function extendTo(sym: DocumentSymbol, r: Range): void {
  const end = sym.range.end;
  if (r.end.line > end.line || (r.end.line === end.line && r.end.character > end.character)) {
    sym.range = { start: sym.range.start, end: r.end };
  }
}
