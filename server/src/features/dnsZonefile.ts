/**
 * The dns-zonefile requests: the core's conversion (zone/dnsZonefile.ts) in
 * LSP shapes. Import failures come back as `{ refused }`, which the server
 * turns into a response error.
 */
import {
  DnsZonefileImportError,
  formatExport,
  fromDnsZonefile,
  toDnsZonefile,
  type ExportSource,
} from '../zone/dnsZonefile';
import type { ExportDnsZonefileResult, ImportDnsZonefileParams, ImportDnsZonefileResult } from '../protocol';

/** `zonelens/exportDnsZonefile`: the zone as dns-zonefile JSON; `source` names it in the JSON's comment. */
export function exportDnsZonefileRequest(zone: ExportSource, source: string): ExportDnsZonefileResult {
  const result = toDnsZonefile(zone);
  return {
    json: formatExport(result, source),
    exported: result.exported,
    // The core names files as the parser did: the document's URI, or the include reader's URI.
    leftOut: result.leftOut.map((l) => ({ uri: l.file, line: l.line, text: l.text, reason: l.reason })),
  };
}

/** `zonelens/importDnsZonefile`: a zone file from dns-zonefile JSON, or why there is none. */
export function importDnsZonefileRequest(p: ImportDnsZonefileParams): ImportDnsZonefileResult | { refused: string } {
  if (typeof p.json !== 'string') return { refused: 'no JSON text was sent' };
  try {
    return fromDnsZonefile(p.json, typeof p.source === 'string' && p.source !== '' ? p.source : undefined);
  } catch (e) {
    if (e instanceof DnsZonefileImportError) return { refused: e.message };
    throw e;
  }
}
