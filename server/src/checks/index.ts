import type { Settings } from '../settings';
import { PARSE_CODES } from '../zone/codes';
import { buildZone, type Zone } from '../zone/model';
import { parseZone, type ParseOptions } from '../zone/parser';
import type { Severity, ZoneDiagnostic } from '../zone/types';
import { docsUrl, NO_CONTEXT, type Check, type CheckContext } from './check';
import { check as cnameAndOtherData } from './cname-and-other-data';
import { check as duplicateRecord } from './duplicate-record';
import { check as implicitMx } from './implicit-mx';
import { check as missingNs } from './missing-ns';
import { check as missingSoa } from './missing-soa';
import { check as multipleSoa } from './multiple-soa';
import { check as mxAddressLimit } from './mx-address-limit';
import { check as mxBackupAddsNothing } from './mx-backup-adds-nothing';
import { check as mxDuplicateTarget } from './mx-duplicate-target';
import { check as mxIpv6Only } from './mx-ipv6-only';
import { check as mxMultihomedHost } from './mx-multihomed-host';
import { check as mxPrivateAddress } from './mx-private-address';
import { check as mxPtrMismatch } from './mx-ptr-mismatch';
import { check as mxPtrMissing } from './mx-ptr-missing';
import { check as mxSharedAddress } from './mx-shared-address';
import { check as mxSingleAddress } from './mx-single-address';
import { check as mxTargetCname } from './mx-target-cname';
import { check as mxTargetIp } from './mx-target-ip';
import { check as mxTargetNoAddress } from './mx-target-no-address';
import { check as mxTargetNotHostname } from './mx-target-not-hostname';
import { check as mxTargetOutOfZone } from './mx-target-out-of-zone';
import { check as nameMissingTrailingDot } from './name-missing-trailing-dot';
import { check as nullMxMixed } from './null-mx-mixed';
import { check as nullMxPreference } from './null-mx-preference';
import { check as nullMxSender } from './null-mx-sender';
import { check as outOfZoneData } from './out-of-zone-data';
import { check as rrsetTtlMismatch } from './rrset-ttl-mismatch';
import { check as soaNotAtApex } from './soa-not-at-apex';

export type { CheckContext } from './check';

/** Every check over the zone model, in the order they run. */
export const CHECKS: readonly Check[] = [
  missingSoa,
  multipleSoa,
  soaNotAtApex,
  missingNs,
  outOfZoneData,
  cnameAndOtherData,
  rrsetTtlMismatch,
  duplicateRecord,
  nameMissingTrailingDot,
  // Mail exchangers (CHECKS.md, second table), in the catalogue's order.
  mxTargetIp,
  mxTargetCname,
  mxTargetNoAddress,
  nullMxMixed,
  nullMxPreference,
  nullMxSender,
  mxDuplicateTarget,
  mxSharedAddress,
  mxBackupAddsNothing,
  mxSingleAddress,
  mxMultihomedHost,
  mxAddressLimit,
  mxPrivateAddress,
  mxIpv6Only,
  mxTargetNotHostname,
  implicitMx,
  mxTargetOutOfZone,
  mxPtrMissing,
  mxPtrMismatch,
];

/** What every code is: its default severity and documentation page (parser codes included). */
export interface CodeInfo {
  code: string;
  severity: Severity;
  docs: string;
}

/** Every code (parser codes and checks) by name. */
export const CODES: ReadonlyMap<string, CodeInfo> = new Map<string, CodeInfo>([
  ...Object.entries(PARSE_CODES).map(([code, severity]): [string, CodeInfo] => [
    code,
    { code, severity, docs: docsUrl(code) },
  ]),
  ...CHECKS.map((c): [string, CodeInfo] => [c.code, { code: c.code, severity: c.severity, docs: docsUrl(c.code) }]),
]);

/**
 * Runs every check and applies the user's levels (`off` drops a code).
 * `context` gives the checks that work across files the other zones at hand
 * (reverse zones for `mx-ptr-missing` and `mx-ptr-mismatch`).
 */
export function runChecks(zone: Zone, settings: Settings, context: CheckContext = NO_CONTEXT): ZoneDiagnostic[] {
  const out: ZoneDiagnostic[] = [];
  const levels = settings.checks;
  const keep = (d: ZoneDiagnostic): void => {
    const level = levels[d.code];
    if (level === 'off') return;
    out.push(level === undefined ? d : { ...d, severity: level });
  };
  for (const d of zone.parseDiagnostics) keep(d);
  for (const c of CHECKS) {
    if (levels[c.code] === 'off') continue;
    for (const d of c.run(zone, settings, context)) keep(d);
  }
  out.sort(byPlace);
  return out;
}

/**
 * The order diagnostics are given in: by file, start and end. A stable sort
 * by it keeps equals in the order of the lists they came from, the parse's
 * and then each check's in `CHECKS` order (which `IncrementalAnalysis`
 * keeps when it merges).
 */
export function byPlace(a: ZoneDiagnostic, b: ZoneDiagnostic): number {
  return a.file - b.file || a.start - b.start || a.end - b.end;
}

/** The zone and its diagnostics: what the server, the CLI and the tests all ask for. */
export interface Analysis {
  zone: Zone;
  diagnostics: ZoneDiagnostic[];
}

/** Parses a zone and builds its model, without checking it (e.g. a reverse zone to give `analyze` as context). */
export function loadZone(text: string, options: ParseOptions, settings: Settings): Zone {
  return buildZone(parseZone(text, { generateLimit: settings.generate.maxRecords, ...options }));
}

/** Parses, builds the model and checks it; `context` holds the other zones at hand (see `runChecks`). */
export function analyze(text: string, options: ParseOptions, settings: Settings, context?: CheckContext): Analysis {
  const zone = loadZone(text, options, settings);
  return { zone, diagnostics: runChecks(zone, settings, context) };
}

/** True for a zone whose apex is in the reverse trees (`in-addr.arpa.`, `ip6.arpa.`): a candidate reverse zone. */
export function isReverseZone(zone: Zone): boolean {
  const apex = zone.origin?.toLowerCase();
  return apex !== undefined && /(^|\.)(in-addr|ip6)\.arpa\.$/.test(apex);
}
