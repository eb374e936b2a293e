// The lab's own chi-square code, against published values (so that a wrong
// distribution function cannot make every MTA "agree").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chiSquareSurvival, chiSquareTest, gammaQ, lnGamma } from './stats';

const close = (actual: number, expected: number, tol: number): void =>
  assert.ok(Math.abs(actual - expected) <= tol, `${actual} is not within ${tol} of ${expected}`);

test('lnGamma matches factorials and Γ(1/2) = √π', () => {
  close(lnGamma(1), 0, 1e-13);
  close(lnGamma(5), Math.log(24), 1e-12);
  close(lnGamma(11), Math.log(3628800), 1e-11);
  close(lnGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-13);
  close(lnGamma(0.1), Math.log(9.513507698668732), 1e-12);
});

test('gammaQ: closed forms for a = 1 (e^-x) and a = 1/2 (erfc √x)', () => {
  for (const x of [0.01, 0.5, 1, 2, 7.5, 30]) close(gammaQ(1, x), Math.exp(-x), 1e-13);
  // erfc(1) = 0.157299207050285…, erfc(2) = 0.004677734981047…
  close(gammaQ(0.5, 1), 0.157299207050285, 1e-13);
  close(gammaQ(0.5, 4), 0.004677734981047266, 1e-14);
  assert.equal(gammaQ(3, 0), 1);
});

test('chi-square critical values at 99% (tables) give p = 0.01', () => {
  const critical: [number, number][] = [
    [1, 6.634896601],
    [2, 9.210340372],
    [3, 11.34486673],
    [5, 15.08627247],
    [7, 18.47530691],
    [10, 23.20925116],
  ];
  for (const [df, x] of critical) close(chiSquareSurvival(x, df), 0.01, 1e-8);
  // The median of chi-square with 1 degree of freedom is 0.454936.
  close(chiSquareSurvival(0.454936423, 1), 0.5, 1e-8);
});

test('chiSquareTest: a textbook die', () => {
  // 60 rolls: 5, 8, 9, 8, 10, 20 → χ² = 13.4 with 5 df, p ≈ 0.0199.
  const r = chiSquareTest([5, 8, 9, 8, 10, 20].map((observed, i) => ({ label: `${i + 1}`, observed, p: 1 / 6 })));
  assert.deepEqual(r.impossible, []);
  assert.equal(r.df, 5);
  close(r.statistic, 13.4, 1e-12);
  close(r.p, 0.019905, 1e-5);
});

test('chiSquareTest merges small expected cells and reports impossible ones', () => {
  const r = chiSquareTest([
    { label: 'a', observed: 95, p: 0.96 },
    { label: 'b', observed: 3, p: 0.02 },
    { label: 'c', observed: 2, p: 0.02 },
    { label: 'z', observed: 0, p: 0 },
  ]);
  // b and c (2 expected each) merge into 4, still below 5, then into a: nothing left to test.
  assert.equal(r.df, 0);
  assert.equal(r.p, 1);
  const bad = chiSquareTest([
    { label: 'a', observed: 10, p: 1 },
    { label: 'z', observed: 1, p: 0 },
  ]);
  assert.deepEqual(bad.impossible, ['z']);
  const merged = chiSquareTest([
    { label: 'a', observed: 50, p: 0.5 },
    { label: 'b', observed: 46, p: 0.47 },
    { label: 'c', observed: 4, p: 0.03 },
  ]);
  assert.equal(merged.df, 1);
  assert.deepEqual(merged.cells.map((c) => c.label).sort(), ['a', 'c+b']);
});
