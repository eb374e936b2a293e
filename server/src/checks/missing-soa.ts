import type { Check } from './check';

/** RFC 1035 §5.2: a zone has exactly one SOA, at its top. */
export const check: Check = {
  code: 'missing-soa',
  severity: 'error',
  summary: 'the zone has no SOA record',
  run(zone) {
    if (zone.rrsetsOfType('SOA').length > 0) return [];
    // An empty new document is not an error yet; anything written in it is.
    const first = zone.records.find((r) => r.file === 0) ?? zone.records[0];
    const anchor =
      first !== undefined ? { file: first.file, start: first.typeStart, end: first.typeEnd } : zone.directives[0];
    if (anchor === undefined) return [];
    return [
      {
        code: this.code,
        severity: this.severity,
        message: `the zone${zone.origin ? ` ${zone.origin}` : ''} has no SOA record: every zone starts with one (RFC 1035 §5.2); BIND refuses to load it`,
        file: anchor.file,
        start: anchor.start,
        end: anchor.end,
      },
    ];
  },
};
