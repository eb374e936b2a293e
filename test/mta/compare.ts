/**
 * Holds what a real MTA did in one scenario against what ZoneLens predicts
 * for it: every observed sequence must have positive probability, the first
 * attempts, the deliveries and the outcomes must pass a chi-square
 * goodness-of-fit test, and the sinks' own log must confirm the MTA's log.
 */
import type { Outcome, SimulationResult } from '../../server/src/simulate/types';
import type { Observation } from './mtas';
import type { SinkEvent } from './sink';
import { chiSquareTest, type Cell, type ChiSquareResult } from './stats';

/** Significance of each goodness-of-fit test (the "at 99%"). */
export const ALPHA = 0.01;

/** One observed sequence with its count and simulated probability. */
export interface SequenceRow {
  attempts: string[];
  result: Outcome;
  count: number;
  probability: number;
}

/** The comparison of one scenario on one MTA. */
export interface Comparison {
  scenario: string;
  mta: string;
  version: string;
  n: number;
  simulation: SimulationResult;
  sequences: SequenceRow[];
  firstAttempt: ChiSquareResult;
  delivery: ChiSquareResult;
  outcome: ChiSquareResult;
  /** Disagreements between the MTA's log and the sinks' log (empty when they tell the same story). */
  sinkMismatches: string[];
  /** Seconds the scenario took on this MTA. */
  seconds: number;
  /**
   * The negative control: the same observations against the other MTA's
   * profile. Where the two profiles predict differently, this must disagree,
   * or the lab could not tell a right profile from a wrong one.
   */
  control?: Comparison;
}

const OUTCOMES: readonly Outcome[] = ['delivered', 'deferred', 'bounced'];
const NONE = '(none)';

function countBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return m;
}

/** Cells for `chiSquareTest`: the model's categories plus any observed category the model does not have (p = 0). */
function cellsOf(model: ReadonlyMap<string, number>, observed: ReadonlyMap<string, number>): Cell[] {
  const labels = new Set([...model.keys(), ...observed.keys()]);
  return [...labels].map((label) => ({ label, observed: observed.get(label) ?? 0, p: model.get(label) ?? 0 }));
}

/** The three goodness-of-fit tests of `observations` against `sim`. */
export function fitTests(
  sim: SimulationResult,
  observations: readonly Observation[],
): Pick<Comparison, 'firstAttempt' | 'delivery' | 'outcome'> {
  const firstModel = new Map(sim.addresses.map((a) => [a.address, a.firstAttempt]));
  const noAttempt = 1 - sim.addresses.reduce((s, a) => s + a.firstAttempt, 0);
  if (noAttempt > 1e-9) firstModel.set(NONE, noAttempt);
  const firstAttempt = chiSquareTest(
    cellsOf(
      firstModel,
      countBy(observations, (o) => o.attempts[0] ?? NONE),
    ),
  );

  const where = (o: Observation): string => (o.result === 'delivered' ? (o.attempts.at(-1) ?? '?') : o.result);
  const deliveryModel = new Map<string, number>(sim.addresses.map((a) => [a.address, a.delivered]));
  deliveryModel.set('deferred', sim.outcome.deferred);
  deliveryModel.set('bounced', sim.outcome.bounced);
  const delivery = chiSquareTest(cellsOf(deliveryModel, countBy(observations, where)));

  const outcomeModel = new Map<string, number>(OUTCOMES.map((o) => [o, sim.outcome[o]]));
  const outcome = chiSquareTest(
    cellsOf(
      outcomeModel,
      countBy(observations, (o) => o.result),
    ),
  );
  return { firstAttempt, delivery, outcome };
}

/**
 * What the sinks saw against what the MTA logged: per listening address the
 * number of connections, and per recipient the address that took the message.
 */
export function checkSinks(
  observations: readonly Observation[],
  events: readonly SinkEvent[],
  listening: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const connects = countBy(
    events.filter((e) => e.event === 'connect'),
    (e) => e.address,
  );
  const attempts = countBy(
    observations.flatMap((o) => o.attempts),
    (a) => a,
  );
  for (const a of new Set([...connects.keys(), ...attempts.keys()])) {
    if (!listening.has(a)) continue;
    const c = connects.get(a) ?? 0;
    const t = attempts.get(a) ?? 0;
    if (c !== t) problems.push(`${a}: the sink saw ${c} connections, the MTA logged ${t} attempts`);
  }
  const takenAt = new Map<string, string>();
  for (const e of events) if (e.event === 'rcpt' && e.rcpt !== undefined) takenAt.set(e.rcpt, e.address);
  for (const o of observations) {
    const sink = takenAt.get(o.rcpt);
    const mta = o.result === 'delivered' ? o.attempts.at(-1) : undefined;
    if (sink !== mta)
      problems.push(`${o.rcpt}: the sink says ${sink ?? 'not received'}, the MTA says ${mta ?? o.result}`);
  }
  return problems;
}

/** The observed sequences with their counts, most frequent first; `probability` to be filled by the caller. */
export function sequenceRows(observations: readonly Observation[]): SequenceRow[] {
  const rows = new Map<string, SequenceRow>();
  for (const o of observations) {
    const key = `${o.attempts.join(' ')}|${o.result}`;
    const row = rows.get(key);
    if (row === undefined) rows.set(key, { attempts: o.attempts, result: o.result, count: 1, probability: NaN });
    else row.count++;
  }
  return [...rows.values()].sort((a, b) => b.count - a.count);
}

/** The tests of one comparison that have something to test (df ≥ 1). */
export function liveTests(c: Comparison): ChiSquareResult[] {
  return [c.firstAttempt, c.delivery, c.outcome].filter((t) => t.df > 0);
}

/**
 * Why a comparison disagrees (empty when it agrees). `threshold` is the
 * p-value below which a goodness-of-fit test fails: ALPHA divided by the
 * number of tests of the whole run (Bonferroni), so that the run as a whole
 * keeps a 1% chance of a false alarm.
 */
export function disagreements(c: Comparison, threshold: number): string[] {
  const out: string[] = [];
  const impossible = c.sequences.filter((s) => !(s.probability > 0));
  for (const s of impossible.slice(0, 3)) {
    out.push(`sequence [${s.attempts.join(', ')}] → ${s.result} (seen ${s.count}×) has probability 0`);
  }
  if (impossible.length > 3) out.push(`and ${impossible.length - 3} more sequences of probability 0`);
  const tests: [string, ChiSquareResult][] = [
    ['first attempts', c.firstAttempt],
    ['deliveries', c.delivery],
    ['outcomes', c.outcome],
  ];
  for (const [name, t] of tests) {
    if (t.impossible.length > 0) out.push(`${name}: observed where the simulation gives 0: ${t.impossible.join(', ')}`);
    if (t.p < threshold) out.push(`${name}: χ² = ${t.statistic.toFixed(2)}, df ${t.df}, p = ${t.p.toExponential(2)}`);
  }
  out.push(...c.sinkMismatches);
  return out;
}
