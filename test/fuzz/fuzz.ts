/**
 * The mutation fuzzer: real zones (the public corpus and `examples/`) mutated
 * byte by byte and token by token, spliced, cut and repeated, run through the
 * whole core (`invariants.ts`) on worker threads.
 *
 *   node --import tsx test/fuzz/fuzz.ts [--inputs N] [--seed S] [--workers W]
 *                                       [--hang-ms MS] [--out DIR] [--no-fixes] [--full-every N]
 *                                       [--seconds S]
 *
 * Every input is parsed, modelled and checked; every Nth (default 4) also
 * gets its fixes (fix-all, and up to six diagnostics' quick fixes), the
 * simulation of every mail domain under every profile, printing and hovers.
 * Then one to three more mutations are made to it, one after the other, and
 * the language server's analysis around each edit must give the records,
 * diagnostics and hover of a fresh analysis (`exerciseEdits`).
 *
 * Input `i` of seed `S` is always the same text, so an input that hangs a
 * worker can be made again and saved although the worker is stuck. Crashes
 * (an exception, a broken invariant) and hangs (one input running longer than
 * `--hang-ms`) are written to DIR (default `test-results/fuzz/`) as
 * `crash-S-i.zone` with the error beside it (and the edited texts as
 * `crash-S-i.edit-K.zone`); the run then exits 1. The report gives inputs
 * per second, how many edits were analysed around the edit, and the
 * slowest input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { exercise, exerciseEdits } from './invariants';
import { fuzzIncludeReader, loadSeeds, makeInput } from './inputs';

interface Args {
  inputs: number;
  seed: number;
  workers: number;
  hangMs: number;
  out: string;
  fixes: boolean;
  /** Fixes, simulation and hover run on every Nth input (parse and checks on all). */
  fullEvery: number;
  /** Stop after this many seconds (0: when all inputs are done). */
  seconds: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    inputs: 1_000_000,
    seed: Date.now() % 1_000_000_007,
    workers: 2,
    hangMs: 30_000,
    out: path.resolve(__dirname, '../../test-results/fuzz'),
    fixes: true,
    fullEvery: 4,
    seconds: 0,
  };
  for (let i = 0; i < argv.length; i++) {
    const v = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isFinite(n) || n < 0) throw new Error(`${argv[i - 1]} needs a number`);
      return Math.floor(n);
    };
    switch (argv[i]) {
      case '--inputs':
        a.inputs = v();
        break;
      case '--seed':
        a.seed = v();
        break;
      case '--workers':
        a.workers = Math.max(1, v());
        break;
      case '--hang-ms':
        a.hangMs = v();
        break;
      case '--out':
        a.out = path.resolve(argv[++i] ?? '.');
        break;
      case '--seconds':
        a.seconds = v();
        break;
      case '--full-every':
        a.fullEvery = Math.max(1, v());
        break;
      case '--no-fixes':
        a.fixes = false;
        break;
      default:
        throw new Error(`unknown option ${argv[i]}`);
    }
  }
  return a;
}

// --- worker --------------------------------------------------------------------

interface WorkerInit {
  seed: number;
  fixes: boolean;
  fullEvery: number;
  /** [0]: the index being run (or -1 between inputs). Readable while the worker is stuck. */
  current: SharedArrayBuffer;
}

type ToWorker = { from: number; to: number } | { stop: true };
type FromWorker =
  | { kind: 'crash'; index: number; error: string }
  | {
      kind: 'done';
      count: number;
      /** The inputs' edits, and how many of them were analysed around the edit (`exerciseEdits`). */
      edits: number;
      around: number;
      slowestIndex: number;
      slowestMs: number;
      slowestLength: number;
    };

function workerMain(): void {
  const init = workerData as WorkerInit;
  const current = new Int32Array(init.current);
  const seeds = loadSeeds();
  parentPort?.on('message', (m: ToWorker) => {
    if ('stop' in m) {
      process.exit(0);
    }
    let slowestIndex = -1;
    let slowestMs = -1;
    let slowestLength = 0;
    let edits = 0;
    let around = 0;
    for (let index = m.from; index < m.to; index++) {
      Atomics.store(current, 0, index);
      const input = makeInput(seeds, init.seed, index);
      const t0 = performance.now();
      try {
        const full = index % init.fullEvery === 0;
        exercise(input.text, {
          origin: input.origin,
          readInclude: fuzzIncludeReader(input.text),
          fixes: init.fixes && full,
          maxFixRequests: 6,
          simulation: full,
        });
        // The same text edited, as the language server analyses it around each edit.
        around += exerciseEdits([input.text, ...input.edited], {
          origin: input.origin,
          readInclude: fuzzIncludeReader(input.text),
        });
        edits += input.edited.length;
      } catch (e) {
        const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
        parentPort?.postMessage({ kind: 'crash', index, error } satisfies FromWorker);
      }
      const ms = performance.now() - t0;
      if (ms > slowestMs) {
        slowestMs = ms;
        slowestIndex = index;
        slowestLength = input.text.length;
      }
    }
    Atomics.store(current, 0, -1);
    parentPort?.postMessage({
      kind: 'done',
      count: m.to - m.from,
      edits,
      around,
      slowestIndex,
      slowestMs,
      slowestLength,
    } satisfies FromWorker);
  });
}

// --- main ----------------------------------------------------------------------

/** Inputs handed to a worker at a time. */
const CHUNK = 500;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const seeds = loadSeeds();
  process.stdout.write(
    `fuzz: seed ${args.seed}, ${args.inputs} inputs, ${args.workers} workers, ${seeds.length} seed zones, fixes ${args.fixes ? 'on' : 'off'}, fixes and simulation on every ${args.fullEvery === 1 ? 'input' : `${args.fullEvery}th input`}\n`,
  );
  fs.mkdirSync(args.out, { recursive: true });
  const started = performance.now();
  let next = 0;
  /** Ranges a stuck or dead worker left undone, given out again first. */
  const pending: { from: number; to: number }[] = [];
  let done = 0;
  let edits = 0;
  let around = 0;
  let crashes = 0;
  const crashKinds = new Set<string>();
  let slowest = { index: -1, ms: -1, length: 0 };

  const save = (index: number, error: string): void => {
    crashes++;
    // One file per distinct failure (its message and first frame): a bug hit a thousand times is one bug.
    const kind = error
      .split('\n')
      .slice(0, 2)
      .join('\n')
      .replace(/:\d+:\d+\)?$/, '');
    if (crashKinds.has(kind)) return;
    crashKinds.add(kind);
    const input = makeInput(seeds, args.seed, index);
    const base = path.join(args.out, `crash-${args.seed}-${index}`);
    fs.writeFileSync(`${base}.zone`, input.text);
    // The texts its edits made, in turn (`exerciseEdits` reads the first, then each of these).
    for (const [k, edited] of input.edited.entries()) fs.writeFileSync(`${base}.edit-${k + 1}.zone`, edited);
    fs.writeFileSync(`${base}.txt`, `seed ${args.seed} index ${index} origin ${input.origin ?? '(none)'}\n${error}\n`);
    process.stdout.write(
      `fuzz: CRASH at input ${index}, saved ${base}.zone\n${error.split('\n').slice(0, 4).join('\n')}\n`,
    );
  };

  const runWorker = (): Promise<void> =>
    new Promise((resolve) => {
      const current = new SharedArrayBuffer(4);
      const cur = new Int32Array(current);
      Atomics.store(cur, 0, -1);
      // The worker loads this file through tsx's CommonJS hook (an `--import` hook does not reach workers).
      const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(__filename)});`, {
        eval: true,
        workerData: { seed: args.seed, fixes: args.fixes, fullEvery: args.fullEvery, current } satisfies WorkerInit,
        resourceLimits: { maxOldGenerationSizeMb: 2048 },
      });
      let lastIndex = -1;
      let lastChange = performance.now();
      let chunkEnd = 0;
      let finished = false;
      let chunkStart = 0;
      const give = (): void => {
        let range = stopping ? undefined : pending.shift();
        if (range === undefined && !stopping && next < args.inputs) {
          range = { from: next, to: Math.min(args.inputs, next + CHUNK) };
          next = range.to;
        }
        if (range === undefined) {
          finished = true;
          worker.postMessage({ stop: true } satisfies ToWorker);
          return;
        }
        chunkStart = range.from;
        chunkEnd = range.to;
        worker.postMessage(range satisfies ToWorker);
      };
      /** The worker is gone while on input `index`: count what it did, give out the rest, start another. */
      const replace = (index: number): void => {
        if (index < 0) throw new Error('a worker died before running any input: see the message above');
        done += index + 1 - chunkStart;
        if (index + 1 < chunkEnd) pending.push({ from: index + 1, to: chunkEnd });
        void runWorker().then(resolve);
      };
      // A stuck worker cannot report: watch the index it is on from here.
      const watch = setInterval(() => {
        const index = Atomics.load(cur, 0);
        if (index !== lastIndex) {
          lastIndex = index;
          lastChange = performance.now();
        } else if (index >= 0 && performance.now() - lastChange > args.hangMs) {
          clearInterval(watch);
          save(index, `hang: input ${index} ran longer than ${args.hangMs} ms`);
          void worker.terminate().then(() => replace(index));
        }
      }, 250);
      worker.on('message', (m: FromWorker) => {
        if (m.kind === 'crash') save(m.index, m.error);
        else {
          done += m.count;
          edits += m.edits;
          around += m.around;
          if (m.slowestMs > slowest.ms) slowest = { index: m.slowestIndex, ms: m.slowestMs, length: m.slowestLength };
          give();
        }
      });
      worker.on('error', (e) => {
        // Out of memory or a crash outside `exercise`: the input it was on is the culprit.
        clearInterval(watch);
        const index = Atomics.load(cur, 0);
        save(index, `worker died: ${e.stack ?? e.message}`);
        replace(index);
      });
      worker.on('exit', () => {
        clearInterval(watch);
        if (finished) resolve();
      });
      give();
    });

  // Ctrl+C (or --seconds running out) lets the workers finish their chunk, then reports what was done.
  let stopping = false;
  const stop = (why: string): void => {
    if (stopping) process.exit(130); // a second Ctrl+C: now
    stopping = true;
    process.stdout.write(`fuzz: ${why}: finishing the inputs under way, then the report\n`);
  };
  process.on('SIGINT', () => stop('interrupted'));
  process.on('SIGTERM', () => stop('terminated'));
  const deadline =
    args.seconds > 0 ? setTimeout(() => stop(`${args.seconds} s are up`), args.seconds * 1000) : undefined;
  const progress = setInterval(() => {
    const s = (performance.now() - started) / 1000;
    process.stdout.write(`fuzz: ${done} inputs in ${s.toFixed(0)} s (${Math.round(done / s)}/s), ${crashes} crashes\n`);
  }, 10_000);
  await Promise.all(Array.from({ length: args.workers }, () => runWorker()));
  clearInterval(progress);
  clearTimeout(deadline);

  const seconds = (performance.now() - started) / 1000;
  if (slowest.index >= 0) {
    const input = makeInput(seeds, args.seed, slowest.index);
    fs.writeFileSync(path.join(args.out, `slowest-${args.seed}.zone`), input.text);
  }
  process.stdout.write(
    [
      `fuzz: ${stopping ? 'stopped early' : 'done'}: ${done} inputs in ${seconds.toFixed(1)} s = ${Math.round(done / seconds)} inputs/s (seed ${args.seed})`,
      `fuzz: ${edits} edits of the inputs compared with a fresh analysis, ${around} of them analysed around the edit`,
      `fuzz: crashes and hangs: ${crashes} (${crashKinds.size} distinct)${crashes > 0 ? `, inputs in ${args.out}` : ''}`,
      `fuzz: slowest input: #${slowest.index}, ${slowest.length} characters, ${slowest.ms.toFixed(1)} ms (saved as slowest-${args.seed}.zone)`,
      '',
    ].join('\n'),
  );
  return crashes > 0 ? 1 : 0;
}

if (!isMainThread) {
  workerMain();
} else if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`fuzz: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(2);
    },
  );
}
