// The conformance lab (`npm run test:mta`): every scenario on real Postfix
// and real Exim against `zonelens simulate`. Needs root, Linux network
// namespaces, NSD and Debian's apt (see docs/conformance.md). A full run
// rewrites docs/conformance.md.
//
//   ZONELENS_MTA_N=100             messages per scenario and MTA (default 300)
//   ZONELENS_MTA_SCENARIOS=a,b     only these scenarios (the doc is then not rewritten)
//   ZONELENS_MTA_KEEP=1            keep the lab's folder (configurations, logs) after the run
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ALPHA, disagreements, liveTests, type Comparison } from './compare';
import { Lab, leftoverNamespaces } from './lab';
import { conformanceMarkdown, summaryTable } from './report';
import { SCENARIOS } from './scenarios';

const N = Number(process.env.ZONELENS_MTA_N ?? 300);
const only = process.env.ZONELENS_MTA_SCENARIOS?.split(',').filter((s) => s !== '');
const scenarios = only === undefined ? SCENARIOS : SCENARIOS.filter((s) => only.includes(s.id));
const DOC = path.resolve(__dirname, '..', '..', 'docs', 'conformance.md');

describe('MTA conformance lab', { timeout: 15 * 60_000 }, () => {
  let lab: Lab | null = null;
  const results: Comparison[] = [];
  let threshold = ALPHA;
  let startError: Error | null = null;
  const t0 = performance.now();

  before(async () => {
    try {
      lab = await Lab.open();
      for (const line of lab.log) console.log(`lab: ${line}`);
      for (const s of scenarios) {
        for (const mta of lab.mtaList) {
          const c = await lab.runScenario(s, mta, N);
          console.log(`lab: ${s.id} on ${mta.id}: ${c.n} messages in ${c.seconds.toFixed(1)} s`);
          results.push(c);
        }
      }
      const tests = results.reduce((k, c) => k + liveTests(c).length, 0);
      threshold = ALPHA / Math.max(1, tests);
      console.log(summaryTable(results, threshold));
    } catch (e) {
      startError = e instanceof Error ? e : new Error(`lab failed: ${JSON.stringify(e)}`);
    }
  });

  after(async () => {
    try {
      if (lab !== null) {
        await lab.close();
        // Cleanup is part of the contract: a namespace left behind fails the run.
        const name = lab.ns.name;
        assert.deepEqual(
          leftoverNamespaces().filter((n) => n === name),
          [],
          `namespace ${name} was left behind`,
        );
        assert.ok(!fs.existsSync(lab.ns.etcDir), `${lab.ns.etcDir} was left behind`);
      }
    } finally {
      const totalSeconds = (performance.now() - t0) / 1000;
      console.log(`lab: total ${totalSeconds.toFixed(0)} s`);
      if (only === undefined && results.length === SCENARIOS.length * 2) {
        // nsd -v prints "NSD version 4.6.1" on stderr.
        const nsd =
          /NSD version \S+/.exec(spawnSync('/usr/sbin/nsd', ['-v'], { encoding: 'utf8' }).stderr ?? '')?.[0] ?? 'NSD';
        const markdown = conformanceMarkdown(results, threshold, {
          versions: [...new Set(results.map((r) => r.version))],
          totalSeconds,
          date: new Date().toISOString().slice(0, 10),
          packages: nsd,
        });
        // Formatted as the repository's Prettier settings want it, so that `npm run lint` stays clean.
        const prettier = await import('prettier');
        const options = { ...(await prettier.resolveConfig(DOC)), filepath: DOC };
        fs.writeFileSync(DOC, await prettier.format(markdown, options));
      }
    }
  });

  test('the lab starts', () => {
    if (startError !== null) throw startError;
    assert.equal(results.length, scenarios.length * 2);
  });

  for (const s of scenarios) {
    for (const mta of ['postfix', 'exim'] as const) {
      test(`${s.id} on ${mta} agrees with the simulation`, () => {
        const c = results.find((r) => r.scenario === s.id && r.mta === mta);
        assert.ok(c !== undefined, 'the scenario did not run (see "the lab starts")');
        assert.equal(
          c.sequences.reduce((k, q) => k + q.count, 0),
          N,
        );
        assert.deepEqual(disagreements(c, threshold), []);
      });
    }
    if (s.separatesProfiles === true) {
      test(`${s.id}: each MTA is told apart from the other's profile (negative control)`, () => {
        for (const mta of ['postfix', 'exim'] as const) {
          const c = results.find((r) => r.scenario === s.id && r.mta === mta);
          assert.ok(c?.control !== undefined, 'the scenario did not run (see "the lab starts")');
          assert.notDeepEqual(
            disagreements(c.control, threshold),
            [],
            `${mta}'s behaviour also fits the other profile`,
          );
        }
      });
    }
  }
});
