/**
 * Edits at scale: the language server's analysis around an edit
 * (`IncrementalAnalysis.update`) timed against a fresh analysis of the same
 * text, for a few zone shapes of N names and edits that touch many names at
 * once (pastes, deletions, a host that every domain uses). The analysis
 * around an edit may cost what a fresh one does when everything depends on
 * what it touched, but not more: a line marked `<<<` took over twice as
 * long, the sign of work done again per touched name. A measurement for
 * docs/performance.md, not a test.
 *
 *   node --import tsx test/fuzz/measure-edits.ts [N]   (default 20000)
 */
import { analyze } from '../../server/src/checks/index';
import { IncrementalAnalysis } from '../../server/src/checks/incremental';
import { DEFAULT_SETTINGS } from '../../server/src/settings';

const N = Number(process.argv[2] ?? 20_000);
const HEAD =
  '$ORIGIN example.com.\n$TTL 300\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.53\n@ A 192.0.2.1\nmail A 192.0.2.25\n';

function lines(n: number, line: (i: number) => string): string {
  let out = '';
  for (let i = 0; i < n; i++) out += line(i);
  return out;
}

const ZONES: Record<string, string> = {
  /** Every domain on one mail host. */
  hosting: HEAD + lines(N, (i) => `d${i} MX 10 mail\n`),
  /** The domains on 50 aliases of one mail host. */
  aliases: HEAD + lines(N, (i) => `d${i} MX 10 m${i % 50}\nm${i % 50} CNAME mail\n`),
  /** Names one level down. */
  deep: HEAD + lines(N, (i) => `h${i}.sub A 192.0.2.${i % 250}\n`),
  /** Hosts and domains made by two `$GENERATE` lines. */
  generate: HEAD + `$GENERATE 1-${N} h$ A 192.0.2.1\n$GENERATE 1-${N} d$ MX "10 h$"\n`,
  /** Every domain with a wildcard below it. */
  wildcards: HEAD + lines(N, (i) => `d${i} MX 10 mail\n*.d${i} MX 10 mail\n`),
  /** One chain of CNAMEs. */
  chain: HEAD + lines(N, (i) => `x${i} CNAME x${i + 1}\n`),
};

interface Edit {
  name: string;
  /** Where it starts in the text. */
  at(text: string): number;
  /** How many lines it deletes there. */
  deletes?: number;
  /** How many characters it deletes there (after the lines). */
  cut?: number;
  inserted: string;
}

const EDITS: Edit[] = [
  { name: 'paste 1000 names at the end', at: (t) => t.length, inserted: lines(1000, (i) => `new${i} A 192.0.2.9\n`) },
  {
    name: 'paste 1000 names below mail',
    at: (t) => t.length,
    inserted: lines(1000, (i) => `n${i}.mail A 192.0.2.9\n`),
  },
  { name: 'paste 1000 MX records on mail', at: (t) => t.length, inserted: lines(1000, (i) => `p${i} MX 10 mail\n`) },
  { name: 'paste 1000 aliases of mail', at: (t) => t.length, inserted: lines(1000, (i) => `c${i} CNAME mail\n`) },
  { name: "change mail's address", at: (t) => t.indexOf('192.0.2.25'), cut: 10, inserted: '10.0.0.2' },
  { name: 'give mail a CNAME', at: (t) => t.length, inserted: 'mail CNAME elsewhere.example.net.\n' },
  { name: 'delete 1000 lines', at: (t) => t.indexOf('\n', t.indexOf('mail A')) + 1, deletes: 1000, inserted: '' },
  { name: 'type one character', at: (t) => t.indexOf('\n', t.length >> 1) + 1, inserted: ';' },
];

for (const [zoneName, text] of Object.entries(ZONES)) {
  const options = { fileName: `${zoneName}.zone`, origin: 'example.com.' };
  let t0 = performance.now();
  analyze(text, options, DEFAULT_SETTINGS);
  const fresh = performance.now() - t0;
  for (const e of EDITS) {
    const inc = IncrementalAnalysis.open(text, options, DEFAULT_SETTINGS);
    const start = e.at(text);
    let end = start;
    for (let k = 0; k < (e.deletes ?? 0); k++) end = text.indexOf('\n', end) + 1;
    end += e.cut ?? 0;
    const now = text.slice(0, start) + e.inserted + text.slice(end);
    t0 = performance.now();
    inc.update(now, { start, oldEnd: end, newEnd: start + e.inserted.length }, DEFAULT_SETTINGS);
    const ms = performance.now() - t0;
    const flag = ms > 2 * fresh + 50 ? '  <<<' : '';
    process.stdout.write(
      `${zoneName.padEnd(10)} ${e.name.padEnd(32)} ${inc.mode.padEnd(12)} ${ms.toFixed(0).padStart(6)} ms` +
        `  (a fresh analysis: ${fresh.toFixed(0)} ms)${flag}\n`,
    );
  }
}
