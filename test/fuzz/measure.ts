/**
 * Times the hostile inputs of issue 10 (`pathological.ts`): parse, model and
 * checks, the median of five runs after a warm-up, and the diagnostics they
 * give. Wall time, and the process's CPU time (user + system) over the same
 * span, which a busy machine inflates less. A measurement for
 * docs/performance.md, not a test.
 *
 *   node --import tsx test/fuzz/measure.ts
 */
import { analyze } from '../../server/src/checks/index';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { CASES } from './pathological';

const RUNS = 5;

for (const make of CASES) {
  const times: number[] = [];
  const cpu: number[] = [];
  let summary = '';
  for (let i = 0; i <= RUNS; i++) {
    const c = make(); // new in-memory files each run
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const a = analyze(
      c.text,
      { fileName: c.fileName, origin: 'example.com.', readInclude: c.files?.reader },
      DEFAULT_SETTINGS,
    );
    const ms = performance.now() - t0;
    const used = process.cpuUsage(c0);
    if (i > 0) {
      // The first run warms the JIT up.
      times.push(ms);
      cpu.push((used.user + used.system) / 1000);
    }
    const counts = new Map<string, number>();
    for (const d of a.diagnostics) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
    summary = `${c.text.length} characters; ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`;
  }
  times.sort((x, y) => x - y);
  cpu.sort((x, y) => x - y);
  process.stdout.write(
    `${make().name.padEnd(48)} wall ${times[RUNS >> 1].toFixed(0).padStart(4)} ms (min ${times[0].toFixed(0)}), cpu ${cpu[RUNS >> 1].toFixed(0).padStart(4)} ms  ${summary}\n`,
  );
}
