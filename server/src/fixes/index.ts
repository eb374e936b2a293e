/**
 * Quick fixes: for each diagnostic code with a fix (CHECKS.md, "fix"
 * column), a function from the diagnostic's `data` to edits of the zone's
 * files. Pure: the zone and the diagnostic in, offsets and text out; the
 * server turns them into LSP code actions (`features/codeActions.ts`).
 *
 * Every fix is read back before it is offered (`verify.ts`): applied to the
 * text and parsed again the way the zone was, it must change exactly the
 * records it means to, and add no syntax problem.
 */
import type { Zone } from '../zone/model';
import type { ZoneRecord } from '../zone/parser';
import type { FixContext, FixFunction } from './context';
import { fix as cnameAndOtherData } from './cname-and-other-data';
import { fix as duplicateRecord } from './duplicate-record';
import { fix as implicitMx } from './implicit-mx';
import { fix as mxBackupAddsNothing } from './mx-backup-adds-nothing';
import { fix as mxDuplicateTarget } from './mx-duplicate-target';
import { fix as mxMultihomedHost } from './mx-multihomed-host';
import { fix as mxTargetCname } from './mx-target-cname';
import { fix as mxTargetIp } from './mx-target-ip';
import { fix as mxTargetNoAddress } from './mx-target-no-address';
import { fix as nameMissingTrailingDot } from './name-missing-trailing-dot';
import { fix as nullMxMixed } from './null-mx-mixed';
import { fix as nullMxPreference } from './null-mx-preference';
import { fix as rrsetTtlMismatch } from './rrset-ttl-mismatch';
import { zoneSource } from './source';
import type { FileEdit, Fix, FixOptions, FixPlan, FixRequest } from './types';
import { normalizeEdits, verifyEdits } from './verify';

export type { FileEdit, Fix, FixOptions, FixRequest } from './types';

/** The fix function of every code that has one. */
export const FIXES: ReadonlyMap<string, FixFunction> = new Map<string, FixFunction>([
  ['cname-and-other-data', cnameAndOtherData],
  ['rrset-ttl-mismatch', rrsetTtlMismatch],
  ['duplicate-record', duplicateRecord],
  ['name-missing-trailing-dot', nameMissingTrailingDot],
  ['mx-target-ip', mxTargetIp],
  ['mx-target-cname', mxTargetCname],
  ['mx-target-no-address', mxTargetNoAddress],
  ['null-mx-mixed', nullMxMixed],
  ['null-mx-preference', nullMxPreference],
  ['mx-duplicate-target', mxDuplicateTarget],
  ['mx-backup-adds-nothing', mxBackupAddsNothing],
  ['mx-multihomed-host', mxMultihomedHost],
  ['implicit-mx', implicitMx],
]);

/**
 * Verifications fix-all may spend finding the fixes that go together when all
 * of them at once do not (each reads the whole zone again).
 */
const RETRY_BUDGET = 24;

function context(zone: Zone, options: FixOptions): FixContext {
  return { zone, src: zoneSource(zone, options.origin ?? null), reserved: new Set() };
}

function verified(zone: Zone, plan: FixPlan, options: FixOptions): boolean {
  return verifyEdits(zone, plan.edits, plan.remove, plan.add, options);
}

function toFix(plan: FixPlan): Fix {
  return { title: plan.title, isPreferred: plan.isPreferred, edits: plan.edits };
}

/**
 * The fixes for one diagnostic of `zone` (as `runChecks` made it), each
 * checked to change the zone's records as it says and nothing else; none when
 * the code has no fix, its data does not fit the zone, or no safe edit exists.
 * `options` must say how the zone was read (its given origin).
 */
export function fixesFor(zone: Zone, request: FixRequest, options: FixOptions = {}): Fix[] {
  const fn = FIXES.get(request.code);
  if (fn === undefined) return [];
  const out: Fix[] = [];
  for (const plan of fn(context(zone, options), request)) {
    for (let p: FixPlan | undefined = plan; p !== undefined; p = p.fallback) {
      if (verified(zone, p, options)) {
        out.push(toFix(p));
        break;
      }
    }
  }
  return out;
}

/** True when two edits of one file overlap (touching edits do not: they are joined in order). */
function clash(a: FileEdit, b: FileEdit): boolean {
  return a.start < b.end && b.start < a.end;
}

/** An interval list of one batch's edits, to find the next fix's overlaps fast. */
class EditSet {
  private readonly byFile = new Map<number, FileEdit[]>();

  /** True when `e` overlaps an edit of the set. */
  clashes(e: FileEdit): boolean {
    const list = this.byFile.get(e.file) ?? [];
    const i = this.index(list, e.start);
    // The set's edits do not overlap each other: only the one before `e` and the first at or after its start can.
    return [list[i - 1], list[i], list[i + 1]].some((x) => x !== undefined && clash(x, e));
  }

  add(e: FileEdit): void {
    let list = this.byFile.get(e.file);
    if (list === undefined) this.byFile.set(e.file, (list = []));
    list.splice(this.index(list, e.start), 0, e);
  }

  private index(list: readonly FileEdit[], start: number): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].start < start) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * One fix for many diagnostics (`source.fixAll`): the preferred fix of each,
 * in file order, skipping a fix whose edits overlap or whose records another
 * fix of the batch already changes. Fixes that are not preferred (a choice
 * between two, a placeholder to fill in, a design decision) are left to the
 * user. The whole is verified like a single fix; when it does not read back
 * as intended, halves of it are, down to the fixes that spoil it, which are
 * left out. Null when nothing can be fixed.
 */
export function fixAll(zone: Zone, requests: readonly FixRequest[], options: FixOptions = {}): Fix | null {
  const ctx = context(zone, options);
  const edits = new EditSet();
  const touched = new Set<ZoneRecord>();
  const chosen: FixPlan[] = [];
  const sorted = [...requests].sort((a, b) => a.file - b.file || a.start - b.start || a.end - b.end);
  for (const request of sorted) {
    const fn = FIXES.get(request.code);
    if (fn === undefined) continue;
    const preferred = fn(ctx, request).filter((p) => p.isPreferred);
    if (preferred.length !== 1) continue;
    const plan = preferred[0];
    if (plan.edits.some((e) => edits.clashes(e)) || plan.remove.some((r) => touched.has(r))) continue;
    for (const e of plan.edits) edits.add(e);
    for (const r of plan.remove) touched.add(r);
    chosen.push(plan);
  }
  if (chosen.length === 0) return null;
  // Insertions of several fixes at one offset go in file order of their diagnostics.
  const merge = (plans: readonly FixPlan[]): FixPlan => ({
    title: '',
    isPreferred: true,
    edits: normalizeEdits(plans.flatMap((p) => p.edits)) ?? [],
    remove: plans.flatMap((p) => p.remove),
    add: plans.flatMap((p) => p.add),
  });
  let budget = RETRY_BUDGET;
  // The plans of `plans` that read back as intended together with `base`: all of them when they do, else each
  // half in turn, down to single plans (whose other ways of writing are tried too).
  const together = (plans: readonly FixPlan[], base: readonly FixPlan[]): FixPlan[] => {
    if (plans.length === 0 || budget <= 0) return [];
    budget--;
    if (verified(zone, merge([...base, ...plans]), options)) return [...plans];
    if (plans.length === 1) {
      for (let p = plans[0].fallback; p !== undefined && budget > 0; p = p.fallback) {
        budget--;
        if (verified(zone, merge([...base, p]), options)) return [p];
      }
      return [];
    }
    const half = Math.ceil(plans.length / 2);
    const left = together(plans.slice(0, half), base);
    return [...left, ...together(plans.slice(half), [...base, ...left])];
  };
  const kept = together(chosen, []);
  if (kept.length === 0) return null;
  const result = merge(kept);
  return { title: 'Fix all ZoneLens problems that have a clear fix', isPreferred: true, edits: result.edits };
}
