/**
 * The lab's statistics: Pearson's chi-square goodness-of-fit test, with the
 * chi-square distribution function computed here from the regularized
 * incomplete gamma function (no statistics package).
 */

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, 9 terms; about 15 digits). */
export function lnGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) {
    // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  }
  const z = x - 1;
  let sum = c[0];
  for (let i = 1; i < 9; i++) sum += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * Q(a, x) = Γ(a, x) / Γ(a), the regularized upper incomplete gamma function,
 * for a > 0, x ≥ 0: by its power series when x < a + 1, else by its continued
 * fraction (modified Lentz), each converging fast in its region.
 */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) throw new RangeError(`gammaQ(${a}, ${x})`);
  if (x === 0) return 1;
  const lnPrefix = a * Math.log(x) - x - lnGamma(a);
  if (x < a + 1) {
    // P(a, x) = x^a e^-x / Γ(a + 1) · Σ x^n / ((a + 1)…(a + n)).
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return Math.max(0, 1 - sum * Math.exp(lnPrefix));
  }
  // Q(a, x) = x^a e^-x / Γ(a) · 1 / (x + 1 − a − 1·(1 − a) / (x + 3 − a − 2·(2 − a) / (x + 5 − a − …))).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.min(1, Math.exp(lnPrefix) * h);
}

/** P(X ≥ x) for X chi-square distributed with `df` degrees of freedom. */
export function chiSquareSurvival(x: number, df: number): number {
  return gammaQ(df / 2, x / 2);
}

/** One category of a goodness-of-fit test. */
export interface Cell {
  label: string;
  observed: number;
  /** Probability under the model. */
  p: number;
}

/** The result of `chiSquareTest`. */
export interface ChiSquareResult {
  /** Observations in a cell the model gives probability 0 (an impossible event was seen). */
  impossible: string[];
  /** The cells actually tested, after merging small ones (labels joined with `+`). */
  cells: { label: string; observed: number; expected: number }[];
  statistic: number;
  /** Degrees of freedom: cells − 1. 0 means the model is deterministic here and nothing is left to test. */
  df: number;
  /** P(χ² ≥ statistic); 1 when df is 0. */
  p: number;
}

/** Smallest expected count of a cell; smaller cells are merged (the usual rule of thumb). */
export const MIN_EXPECTED = 5;

/**
 * Pearson's chi-square goodness-of-fit of observed counts against model
 * probabilities. Cells with probability 0 are left out of the statistic; an
 * observation in one is reported in `impossible` (the caller fails on it).
 * Cells with an expected count below 5 are merged, smallest first, into the
 * next smallest, so that the chi-square approximation holds.
 */
export function chiSquareTest(cellsIn: readonly Cell[]): ChiSquareResult {
  const n = cellsIn.reduce((s, c) => s + c.observed, 0);
  const impossible = cellsIn.filter((c) => c.p <= 1e-12 && c.observed > 0).map((c) => c.label);
  let cells = cellsIn
    .filter((c) => c.p > 1e-12)
    .map((c) => ({ label: c.label, observed: c.observed, expected: c.p * n }));
  for (;;) {
    if (cells.length < 2) break;
    cells.sort((a, b) => a.expected - b.expected);
    if (cells[0].expected >= MIN_EXPECTED) break;
    const [a, b, ...rest] = cells;
    cells = [
      { label: `${a.label}+${b.label}`, observed: a.observed + b.observed, expected: a.expected + b.expected },
      ...rest,
    ];
  }
  const df = Math.max(0, cells.length - 1);
  const statistic = df === 0 ? 0 : cells.reduce((s, c) => s + (c.observed - c.expected) ** 2 / c.expected, 0);
  return { impossible, cells, statistic, df, p: df === 0 ? 1 : chiSquareSurvival(statistic, df) };
}
