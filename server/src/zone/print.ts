import { rdataKey, type Zone } from './model';
import { compareNames } from './names';
import { className, formatRdata } from './rdata/index';

/** One record as `zonelens print` shows it (CLI.md). */
export interface PrintedRecord {
  owner: string;
  ttl: number;
  class: string;
  type: string;
  rdata: string;
  /** The file the record came from. */
  file: string;
  /** 1-based line of the record in that file. */
  line: number;
}

/**
 * The zone as a name server loads it: duplicates dropped, each RRset with
 * its first record's TTL, sorted by owner in DNSSEC canonical order, then by
 * type code, then by RDATA.
 */
export function printRecords(zone: Zone): PrintedRecord[] {
  const out: (PrintedRecord & { code: number })[] = [];
  zone.forEachRRset((set) => {
    // A name server ignores records outside its zone (and says so: out-of-zone-data).
    if (zone.origin !== null && !zone.isInZone(set.owner)) return;
    const ttl = set.records[0].ttl;
    const seen = new Set<string>();
    for (const r of set.records) {
      const k = rdataKey(r);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({
        owner: r.owner,
        ttl,
        class: className(r.classCode),
        type: r.type,
        rdata: formatRdata(r.type, r.rdata),
        file: zone.files[r.file].name,
        line: zone.lineIndex(r.file).positionAt(r.start).line + 1,
        code: r.typeCode < 0 ? 0x10000 : r.typeCode,
      });
    }
  });
  out.sort(
    (a, b) => compareNames(a.owner, b.owner) || a.code - b.code || (a.rdata < b.rdata ? -1 : a.rdata > b.rdata ? 1 : 0),
  );
  return out.map(({ code: _code, ...rest }) => rest);
}

/** The text form of a printed record: owner, TTL, class, type, RDATA, tab-separated. */
export function printLine(r: PrintedRecord): string {
  return `${r.owner}\t${r.ttl}\t${r.class}\t${r.type}\t${r.rdata}`;
}
