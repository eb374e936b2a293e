import { firstRecord, namesCompleteAt, rrsetSize, type Zone } from '../zone/model';
import { nameKey } from '../zone/names';
import type { ZoneRecord } from '../zone/parser';
import type { ZoneDiagnostic } from '../zone/types';
import { diag, fieldSpan, type Check, type FileSpan } from './check';
import { mxDomains } from './mxSet';
import { missingTrailingDot, originOf, writtenLabels } from './writtenName';

/** Data for the quick fix: the field and the text to put there (the name with its trailing dot). */
export interface NameMissingTrailingDotFix {
  replace: FileSpan;
  text: string;
}

/** The name fields this check reads, by type (CHECKS.md: MX, NS, CNAME, DNAME, PTR, SRV targets, SOA names). */
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  MX: ['exchange'],
  NS: ['nsdname'],
  CNAME: ['target'],
  DNAME: ['target'],
  PTR: ['ptrdname'],
  SRV: ['target'],
  SOA: ['mname', 'rname'],
};

/** How messages call each field. */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  exchange: 'target',
  nsdname: 'name server',
  target: 'target',
  ptrdname: 'target',
  mname: 'primary server name',
  rname: 'mailbox name',
};

/** A `$GENERATE` template whose substitutions may add labels (`${0,3,n}` nibbles): its label count is not the text's. */
function mayAddLabels(text: string): boolean {
  return /\$\{[^}]*[nN]\}/.test(text);
}

/**
 * Calls `visit` with each record to read and the name fields it has: the
 * records of the types in `FIELDS`. Records made by `$GENERATE` come first,
 * in file order: they share the ranges of their template, and the first in
 * file order is the one reported. The others come from their RRsets (a
 * fraction of a large zone), except records whose names the parse found
 * complete (`ZoneRecord.namesComplete`: each absolute, or one label under an
 * origin of two or more, which neither repeats the origin nor ends in a
 * top-level domain), which are passed over without making their record, and
 * MX records whose target the MX analysis found complete (`mxDomains`, which
 * the MX checks build anyway).
 */
function forEachCandidate(zone: Zone, visit: (record: ZoneRecord, roles: readonly string[]) => void): void {
  const generated = zone.generatedRecords();
  for (const r of generated) {
    const roles = FIELDS[r.type];
    if (roles !== undefined) visit(r, roles);
  }
  // Visited above (a zone with none has no record to ask).
  const visited = (r: ZoneRecord) => generated.length > 0 && r.generated;
  for (const type of Object.keys(FIELDS)) {
    const roles = FIELDS[type];
    if (type === 'MX') {
      // The MX analysis has read every target and judged its dot (`MxEntry.missingDot`): only those are read again.
      for (const domain of mxDomains(zone)) {
        for (const e of domain.entries) if (e.missingDot && !visited(e.record)) visit(e.record, roles);
      }
      continue;
    }
    // Records are made only where a name was completed with the origin: each row says so.
    for (const set of zone.rrsetsOfType(type)) {
      const size = rrsetSize(set);
      for (let i = 0; i < size; i++) {
        if (namesCompleteAt(set, i)) continue;
        const r = i === 0 ? firstRecord(set) : set.records[i];
        if (!visited(r)) visit(r, roles);
      }
    }
  }
}

/**
 * A domain-name field written without its trailing dot, so that the origin was
 * appended: an error when the text already ends with the origin
 * (`mail.example.com` in `example.com.`), a warning when its last label is a
 * top-level domain (`mx.example.net`).
 */
export const check: Check = {
  code: 'name-missing-trailing-dot',
  severity: 'error',
  summary: 'a name written without its trailing dot, so the origin was appended',
  run(zone) {
    const out: ZoneDiagnostic[] = [];
    // Records of one $GENERATE share their ranges: one diagnostic per written name.
    const seen = new Set<string>();
    forEachCandidate(zone, (record, roles) => {
      for (const field of record.rdata) {
        if (field.kind !== 'name' || !roles.includes(field.role)) continue;
        // Written absolute (or `@`): nothing was appended. Most names are; skip them before any work.
        const source = zone.files[record.file].text;
        const lastChar = field.end > field.start ? source.charCodeAt(field.end - 1) : -1;
        if (lastChar === 0x2e || (lastChar === 0x40 && field.end - field.start === 1)) continue;
        const text = source.slice(field.start, field.end);
        if (record.generated && mayAddLabels(text)) continue;
        const why = missingTrailingDot(zone, text, field.value);
        if (why === null) continue;
        const spot = `${record.file}:${field.start}:${field.end}`;
        if (seen.has(spot)) continue;
        // Not null: a name completed with an origin other than the root.
        const origin = originOf(text, field.value) ?? '.';
        const data: NameMissingTrailingDotFix = { replace: fieldSpan(record, field), text: text + '.' };
        const what = FIELD_WORDS[field.role] ?? field.role;
        if (why === 'repeats') {
          seen.add(spot);
          out.push(
            diag(
              this,
              record,
              field.start,
              field.end,
              `'${text}' has no trailing dot, so the origin ${origin} is appended and this ${record.type} ${what} becomes ${field.value}, repeating the origin; write '${text}.'`,
              { data },
            ),
          );
          continue;
        }
        const written = writtenLabels(text).labels;
        const last = nameKey(written[written.length - 1]);
        seen.add(spot);
        out.push({
          ...diag(
            this,
            record,
            field.start,
            field.end,
            `'${text}' ends in the top-level domain '${last}' but has no trailing dot, so the origin ${origin} is appended and this ${record.type} ${what} becomes ${field.value}; if '${text}.' is meant, add the trailing dot`,
            { data },
          ),
          severity: 'warning',
        });
      }
    });
    return out;
  },
};
