// Small helpers shared by the benchmark scripts: medians, percentiles and
// plain-text tables.

/** The median of the non-null values, or null when there are none. */
export function median(values) {
  const v = values.filter((x) => x !== null).sort((a, b) => a - b);
  if (v.length === 0) return null;
  return v.length % 2 === 1 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

/** The p-th percentile (0–100) by the nearest-rank method, or null for no values. */
export function percentile(values, p) {
  const v = values.filter((x) => x !== null).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const rank = Math.ceil((p / 100) * v.length);
  return v[Math.min(v.length, Math.max(1, rank)) - 1];
}

/** Median, p95, min, max and count of a list of milliseconds. */
export function summary(ms) {
  return {
    n: ms.length,
    median: median(ms),
    p95: percentile(ms, 95),
    min: ms.length === 0 ? null : Math.min(...ms),
    max: ms.length === 0 ? null : Math.max(...ms),
  };
}

export const fmtTime = (s) => (s === null ? '-' : s < 10 ? `${s.toFixed(3)} s` : `${s.toFixed(1)} s`);
export const fmtMb = (mb) => (mb === null ? '-' : `${mb.toFixed(0)} MB`);
export const fmtRatio = (x) => (x === null || !Number.isFinite(x) ? '-' : `${x.toFixed(2)}×`);
export const fmtMs = (ms) => (ms === null ? '-' : ms < 10 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(1)} ms`);

/** A table with the first column left-aligned and the others right-aligned. */
export function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
