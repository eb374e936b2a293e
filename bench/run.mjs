// `npm run bench`: ZoneLens against the checkers people run today, side by
// side on the same files (issue 9).
//
//   npm run bench                        10k, 100k and 1M-record synthetic zones, the 1M
//                                        one also as BIND dumps it, the 100k one signed,
//                                        a reverse zone of 1M IPv6 addresses, a zone of
//                                        1M records of delegations (a TLD's), and the
//                                        largest corpus zones, 3 runs each
//   npm run bench -- --quick             smoke run: the 10k zone, 1 run
//   npm run bench -- --runs 5 --sizes 10000,100000 --tools zonelens,kzonecheck
//
// Options: --runs N (median of N runs, default 3), --sizes a,b,c (synthetic
// record counts), --no-dump (leave out the largest zone in BIND's dump
// format), --no-signed (leave out the 100k zone signed with dnssec-signzone),
// --no-reverse (leave out the reverse zone), --no-delegations (leave out the zone of
// delegations), --no-corpus, --tools list (zonelens, named-checkzone,
// kzonecheck, dns-zonefile), --timeout S (per run, default 600), --no-build
// (use dist/ as it is), --no-lsp (leave out the language server), --lsp-only
// (only the language server), --edits N (edits per place, default 50),
// --max-per-file N (the server's zonelens.diagnostics.maxPerFile; default: the
// server's own default, as in an editor; 0 publishes every diagnostic).
//
// Then the language server (bench/lsp.mjs) on the same synthetic zones:
// edit-to-diagnostics, hover and `zonelens/simulate` latency, and their growth.
//
// Every tool runs as a cold process on the same file: `zonelens check`
// (dist/cli.js), `named-checkzone -i local`, `kzonecheck`; for dns-zonefile
// only its `parse` call is timed, inside a child process. On each zone the tools
// run in turn, run after run. Wall time is measured around the process, peak
// RSS comes from GNU time (`/usr/bin/time -f %M`). A tool that is not
// installed is skipped, with a note. The table and the ratios
// ZoneLens / peer go to stdout; the same data, every run included, to
// bench/results/<date>.json and bench/results/latest.json.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtMb, fmtRatio, fmtTime, median, table } from './format.mjs';
import {
  DELEGATIONS_ORIGIN,
  ensureSigned,
  ensureSynthetic,
  GENERATOR_VERSION,
  REVERSE_ORIGIN,
  SIGNED_RECORDS,
  SYNTHETIC_ORIGIN,
} from './generate.mjs';
import { lspReport, runLspBench } from './lsp.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cacheDir = path.join(root, 'bench', '.cache');
const resultsDir = path.join(root, 'bench', 'results');
const cli = path.join(root, 'dist', 'cli.js');
const CORPUS = '/work/shared/corpus/public';
/** The largest real zones of the shared corpus, with their origins. */
const CORPUS_ZONES = [
  { file: 'pdns/example.com', origin: 'example.com.' },
  { file: 'knot/root.zone', origin: '.' },
  { file: 'nsd/root.zone', origin: '.' },
];
const TIME = '/usr/bin/time';
const MARK = 'ZLBENCH';

// --- options ----------------------------------------------------------------

function parseOptions(argv) {
  const o = {
    runs: 3,
    sizes: [10_000, 100_000, 1_000_000],
    dump: true,
    signed: true,
    reverse: true,
    delegations: true,
    corpus: true,
    tools: null,
    timeout: 600,
    build: true,
    cold: true,
    lsp: true,
    edits: 50,
    hovers: 100,
    simulations: 50,
    followUps: 20,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const eq = a.indexOf('=');
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      return v;
    };
    const flag = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    switch (flag) {
      case '--quick':
        o.runs = 1;
        o.sizes = [10_000];
        o.dump = false;
        o.signed = false;
        o.reverse = false;
        o.delegations = false;
        o.corpus = false;
        o.edits = 10;
        o.hovers = 20;
        o.simulations = 10;
        o.followUps = 5;
        break;
      case '--no-lsp':
        o.lsp = false;
        break;
      case '--lsp-only':
        o.cold = false;
        break;
      case '--edits':
        o.edits = positive(value(), '--edits');
        break;
      case '--max-per-file': {
        const v = value();
        o.maxPerFile = Number(v);
        if (!Number.isInteger(o.maxPerFile) || o.maxPerFile < 0)
          fail(`--max-per-file takes an integer ≥ 0, not '${v}'`);
        break;
      }
      case '--runs':
        o.runs = positive(value(), '--runs');
        break;
      case '--sizes':
        o.sizes = value()
          .split(',')
          .map((s) => positive(s.replace(/k$/i, '000').replace(/m$/i, '000000'), '--sizes'));
        break;
      case '--no-dump':
        o.dump = false;
        break;
      case '--no-signed':
        o.signed = false;
        break;
      case '--no-reverse':
        o.reverse = false;
        break;
      case '--no-delegations':
        o.delegations = false;
        break;
      case '--no-corpus':
        o.corpus = false;
        break;
      case '--tools':
        o.tools = value().split(',');
        break;
      case '--timeout':
        o.timeout = positive(value(), '--timeout');
        break;
      case '--no-build':
        o.build = false;
        break;
      default:
        fail(`unknown option '${a}' (see the comment at the top of bench/run.mjs)`);
    }
  }
  return o;
}

function positive(s, what) {
  const n = Number(s);
  if (!Number.isInteger(n) || n <= 0) fail(`${what} takes a positive integer, not '${s}'`);
  return n;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

// --- tools ------------------------------------------------------------------

/** The first line a command prints for its version, or null when it cannot run. */
function probe(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error !== undefined) return null;
  return (r.stdout + r.stderr).trim().split('\n')[0] ?? '';
}

function zonelensVersion() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'server'], { cwd: root, encoding: 'utf8' });
  const commit = git.status === 0 ? git.stdout.trim() : 'unknown';
  return `${pkg.version} (${commit}${dirty.stdout.trim() !== '' ? ', uncommitted changes' : ''})`;
}

/** Every tool of the benchmark: how to run it on a zone, and whether it is here. */
function tools() {
  const dnsZonefile = (() => {
    try {
      const dir = path.join(root, 'node_modules', 'dns-zonefile', 'package.json');
      return `dns-zonefile ${JSON.parse(fs.readFileSync(dir, 'utf8')).version}`;
    } catch {
      return null;
    }
  })();
  return [
    {
      name: 'zonelens',
      version: zonelensVersion(),
      command: (z) => [process.execPath, cli, 'check', '--origin', z.origin, z.path],
      // 1: the zone has errors; 2: a usage error.
      ok: (status) => status === 0 || status === 1,
    },
    {
      name: 'named-checkzone',
      version: probe('named-checkzone', ['-v']),
      missing: 'named-checkzone is not installed (Debian: bind9-utils)',
      command: (z) => ['named-checkzone', '-i', 'local', z.origin, z.path],
      ok: (status) => status === 0,
    },
    {
      name: 'kzonecheck',
      version: probe('kzonecheck', ['-V']),
      missing: 'kzonecheck is not installed (Debian: knot-dnssecutils)',
      command: (z) => ['kzonecheck', '-o', z.origin, z.path],
      ok: (status) => status === 0,
    },
    {
      name: 'dns-zonefile',
      version: dnsZonefile,
      missing: 'dns-zonefile is not installed (npm install, it is a devDependency)',
      command: (z) => [process.execPath, path.join(root, 'bench', 'dns-zonefile-parse.mjs'), z.path],
      ok: (status) => status === 0,
      // Its own parse time, printed by the child, not the process's wall time.
      parseOnly: true,
    },
  ];
}

// --- measuring ----------------------------------------------------------------

const haveTime = fs.existsSync(TIME) && spawnSync(TIME, ['-f', '%M', 'true']).status === 0;

/**
 * One cold run: wall time in seconds, peak RSS in MB and CPU time (user +
 * system) in seconds (both null without GNU time), exit status. CPU time
 * hardly changes with the load of a shared machine, wall time does.
 */
function runOnce(tool, zone, timeout) {
  const [cmd, ...args] = tool.command(zone);
  const argv = haveTime ? [TIME, ['-f', `${MARK} %M %U %S`, cmd, ...args]] : [cmd, args];
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv[1], {
    encoding: 'utf8',
    stdio: ['ignore', tool.parseOnly ? 'pipe' : 'ignore', 'pipe'],
    maxBuffer: 1 << 28,
    timeout: timeout * 1000,
  });
  let wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.error !== undefined)
    return { wall, rss: null, cpu: null, status: r.error.code === 'ETIMEDOUT' ? 'timeout' : r.error.code };
  let stderr = r.stderr ?? '';
  let rss = null;
  let cpu = null;
  const at = stderr.lastIndexOf(MARK);
  if (at >= 0) {
    const [kb, user, system] = stderr
      .slice(at + MARK.length)
      .trim()
      .split(/\s+/)
      .map(Number);
    rss = kb / 1024;
    cpu = user + system;
    stderr = stderr.slice(0, at);
  }
  // GNU time reports a non-zero exit on a line of its own: the status itself is what counts.
  const status = r.status ?? 'signal';
  if (tool.parseOnly && status === 0) wall = JSON.parse(r.stdout).ms / 1000;
  return { wall, rss, cpu, status: tool.ok(status) ? 'ok' : `exit ${status}` };
}

/** The number of records ZoneLens reads in a zone (its JSON output says), for the table. */
function countRecords(zone) {
  const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', '--origin', zone.origin, zone.path], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  try {
    return JSON.parse(r.stdout).files.reduce((n, f) => n + f.records, 0);
  } catch {
    return null;
  }
}

// --- report -------------------------------------------------------------------

function report(result) {
  const names = result.tools.filter((t) => t.available).map((t) => t.name);
  const peers = names.filter((n) => n !== 'zonelens');
  const out = [];
  out.push(
    `ZoneLens benchmark: ${result.date}, node ${result.node}, ${result.cpus} CPUs (${result.cpuModel}), ` +
      `median of ${result.runs} run${result.runs === 1 ? '' : 's'}`,
  );
  for (const t of result.tools) out.push(`  ${t.name.padEnd(16)} ${t.available ? t.version : `skipped: ${t.missing}`}`);
  out.push('');
  const cell = (z, n) => {
    const m = z.results[n];
    if (m === undefined) return '-';
    const mark = m.status === 'ok' ? '' : ` (${m.status})`;
    return `${fmtTime(m.wall)} ${fmtMb(m.rss)}${mark}`;
  };
  out.push(
    table(
      ['zone', 'records', ...names.map((n) => (n === 'dns-zonefile' ? 'dns-zonefile (parse only)' : n))],
      result.zones.map((z) => [z.name, z.records === null ? '?' : String(z.records), ...names.map((n) => cell(z, n))]),
    ),
  );
  if (peers.length > 0 && names.includes('zonelens')) {
    out.push('', 'ZoneLens / peer (below 1 is better for ZoneLens): wall time, peak RSS');
    out.push(
      table(
        ['zone', ...peers],
        result.zones.map((z) => [
          z.name,
          ...peers.map((p) => {
            const a = z.results.zonelens;
            const b = z.results[p];
            if (a === undefined || b === undefined) return '-';
            const rss = a.rss !== null && b.rss !== null ? a.rss / b.rss : null;
            return `${fmtRatio(a.wall / b.wall)} ${fmtRatio(rss)}`;
          }),
        ]),
      ),
    );
    out.push('', 'CPU time (user + system, whole process, median) and ZoneLens / peer: on a busy machine this');
    out.push('compares better than wall time (dns-zonefile here includes start-up and reading, not parse only)');
    out.push(
      table(
        ['zone', ...names, ...peers.map((p) => `/ ${p}`)],
        result.zones.map((z) => [
          z.name,
          ...names.map((n) => (z.results[n]?.cpu == null ? '-' : fmtTime(z.results[n].cpu))),
          ...peers.map((p) => {
            const a = z.results.zonelens?.cpu;
            const b = z.results[p]?.cpu;
            return a == null || b == null || b === 0 ? '-' : fmtRatio(a / b);
          }),
        ]),
      ),
    );
  }
  if (result.growth.length > 1) {
    out.push('', 'Growth on the synthetic zones: µs per record (a fixed start-up cost weighs on the small zones),');
    out.push('then the marginal µs per record between consecutive sizes (about equal when time grows linearly)');
    out.push(
      table(
        [
          'tool',
          ...result.growth.map((g) => g.label),
          ...result.growth.slice(1).map((g, i) => `${result.growth[i].label}→${g.label}`),
        ],
        names.map((n) => [
          n,
          ...result.growth.map((g) => (g.perRecord[n] === undefined ? '-' : g.perRecord[n].toFixed(2))),
          ...result.growth.slice(1).map((g) => (g.marginal[n] === undefined ? '-' : g.marginal[n].toFixed(2))),
        ]),
      ),
    );
  }
  return out.join('\n');
}

// --- main -----------------------------------------------------------------------

async function main() {
  const o = parseOptions(process.argv.slice(2));
  if (o.build) {
    const b = spawnSync(process.execPath, [path.join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) fail('the build failed');
  }
  if (!fs.existsSync(cli)) fail(`${path.relative(root, cli)} is missing: run npm run build`);
  if (!haveTime) console.log(`note: ${TIME} (GNU time) is not installed: peak RSS is not measured`);

  const all = tools();
  const selected = all.filter((t) => o.tools === null || o.tools.includes(t.name));
  for (const t of selected) t.available = t.version !== null;
  for (const t of selected) if (!t.available) console.log(`note: skipping ${t.name}: ${t.missing}`);

  // `sized`: one of the --sizes zones, which the growth and the language server are measured on.
  const zones = [];
  const sizeLabel = (size) =>
    size % 1_000_000 === 0 ? `${size / 1_000_000}M` : size % 1000 === 0 ? `${size / 1000}k` : `${size}`;
  for (const size of o.sizes) {
    process.stdout.write(`generating the ${sizeLabel(size)}-record zone... `);
    const file = ensureSynthetic(cacheDir, size);
    console.log(path.relative(root, file));
    const name = `synthetic-${sizeLabel(size)}`;
    zones.push({ name, path: file, origin: SYNTHETIC_ORIGIN, records: size, sized: true });
  }
  if (o.dump) {
    // The largest zone again, as BIND dumps it: absolute names, TTL and class on every line.
    const size = Math.max(...o.sizes);
    process.stdout.write(`generating the ${sizeLabel(size)}-record zone in dump format... `);
    const file = ensureSynthetic(cacheDir, size, 1, 'dump');
    console.log(path.relative(root, file));
    const name = `synthetic-${sizeLabel(size)}-dump`;
    zones.push({ name, path: file, origin: SYNTHETIC_ORIGIN, records: size, sized: false });
  }
  if (o.signed && o.sizes.includes(SIGNED_RECORDS)) {
    // A signed zone: an RRSIG for every RRset and an NSEC for every name, as hosting providers serve them.
    process.stdout.write(`signing the ${sizeLabel(SIGNED_RECORDS)}-record zone with dnssec-signzone... `);
    const signed = ensureSigned(cacheDir, SIGNED_RECORDS);
    console.log(signed.file === null ? `skipped: ${signed.missing}` : path.relative(root, signed.file));
    if (signed.file !== null) {
      const name = `signed-${sizeLabel(SIGNED_RECORDS)}`;
      zones.push({ name, path: signed.file, origin: SYNTHETIC_ORIGIN, records: null, sized: false });
    }
  }
  // Zones of other shapes, at the largest size: a reverse zone of IPv6 addresses (owners 24 labels
  // deep, few ancestors shared), and a TLD's delegations (nearly every RRset two NS records).
  const others = [
    { style: 'reverse', origin: REVERSE_ORIGIN, what: 'reverse zone' },
    { style: 'delegations', origin: DELEGATIONS_ORIGIN, what: 'zone of delegations' },
  ];
  for (const { style, origin, what } of others.filter((z) => o[z.style])) {
    const size = Math.max(...o.sizes);
    process.stdout.write(`generating the ${sizeLabel(size)}-record ${what}... `);
    const file = ensureSynthetic(cacheDir, size, 1, style);
    console.log(path.relative(root, file));
    zones.push({ name: `${style}-${sizeLabel(size)}`, path: file, origin, records: size, sized: false });
  }
  if (o.corpus) {
    for (const c of CORPUS_ZONES) {
      const file = path.join(CORPUS, c.file);
      if (!fs.existsSync(file)) {
        console.log(`note: skipping ${c.file}: not found under ${CORPUS}`);
        continue;
      }
      zones.push({ name: c.file, path: file, origin: c.origin, records: null, sized: false });
    }
  }

  // --lsp-only: the zones are made, the cold runs are left out.
  const available = o.cold ? selected.filter((t) => t.available) : [];
  for (const z of zones) {
    z.bytes = fs.statSync(z.path).size;
    if (z.records === null && fs.existsSync(cli)) z.records = countRecords(z);
    z.results = {};
    // The tools in turn, run after run: a machine that slows down or speeds up over minutes (a shared
    // one does) weighs on each tool alike, instead of on whichever ran at the time.
    const runs = new Map(available.map((t) => [t.name, []]));
    if (available.length > 0) process.stdout.write(`${z.name}: `);
    for (let i = 0; i < o.runs; i++) {
      for (const t of available) {
        const done = runs.get(t.name);
        if (done.some((r) => r.status === 'timeout')) continue;
        done.push(runOnce(t, z, o.timeout));
        process.stdout.write('.');
      }
    }
    if (available.length > 0) console.log();
    for (const t of available) {
      const done = runs.get(t.name);
      const status = done.find((r) => r.status !== 'ok')?.status ?? 'ok';
      z.results[t.name] = {
        wall: median(done.map((r) => r.wall)),
        rss: median(done.map((r) => r.rss)),
        cpu: median(done.map((r) => r.cpu)),
        status,
        runs: done,
      };
      console.log(
        `  ${t.name} ${fmtTime(z.results[t.name].wall)} ${fmtMb(z.results[t.name].rss)}${status === 'ok' ? '' : ` (${status})`}`,
      );
    }
  }

  // Linearity: time per record at each synthetic size, and the marginal cost between sizes.
  const synthetic = zones.filter((z) => z.sized).sort((a, b) => a.records - b.records);
  const growth = synthetic.map((z, i) => {
    const perRecord = {};
    const marginal = {};
    for (const t of available) {
      const m = z.results[t.name];
      if (m?.status !== 'ok' || m.wall === null) continue;
      perRecord[t.name] = (m.wall * 1e6) / z.records;
      const prev = synthetic[i - 1]?.results[t.name];
      if (prev?.status === 'ok' && prev.wall !== null) {
        marginal[t.name] = ((m.wall - prev.wall) * 1e6) / (z.records - synthetic[i - 1].records);
      }
    }
    return { name: z.name, label: z.name.replace(/^synthetic-/, ''), records: z.records, perRecord, marginal };
  });

  const date = new Date().toISOString();
  const result = {
    date,
    node: process.versions.node,
    platform: `${os.platform()} ${os.release()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    load: os.loadavg(),
    runs: o.runs,
    generator: GENERATOR_VERSION,
    tools: selected.map((t) => ({ name: t.name, available: t.available, version: t.version, missing: t.missing })),
    zones: zones.map((z) => ({
      name: z.name,
      file: path.isAbsolute(z.path) && z.path.startsWith(root) ? path.relative(root, z.path) : z.path,
      origin: z.origin,
      records: z.records,
      bytes: z.bytes,
      results: z.results,
    })),
    growth,
    lsp: null,
  };
  if (o.cold) console.log('\n' + report(result));
  if (o.lsp) {
    console.log('');
    result.lsp = await runLspBench(
      zones.filter((z) => z.sized).map((z) => z.records),
      {
        edits: o.edits,
        hovers: o.hovers,
        simulations: o.simulations,
        followUps: o.followUps,
        maxPerFile: o.maxPerFile,
        signed: o.signed,
        reverse: o.reverse,
        delegations: o.delegations,
      },
    );
    result.load = { start: result.load, end: os.loadavg() };
    console.log('\n' + lspReport(result.lsp));
  }
  fs.mkdirSync(resultsDir, { recursive: true });
  const json = JSON.stringify(result, null, 2) + '\n';
  const stamp = date.replace(/[:.]/g, '-');
  fs.writeFileSync(path.join(resultsDir, `${stamp}.json`), json);
  fs.writeFileSync(path.join(resultsDir, 'latest.json'), json);
  console.log(`\nwrote ${path.relative(root, path.join(resultsDir, `${stamp}.json`))} and latest.json`);
}

await main();
