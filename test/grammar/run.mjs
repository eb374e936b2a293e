// The grammar tier (see docs/development.md): `npm run test:grammar`.
//
//  1. assertions: vscode-tmgrammar-test on test/grammar/cases/*.test.zone;
//  2. snapshots: vscode-tmgrammar-snap on every zone in examples/, compared with
//     test/grammar/snapshots/<file>.snap (the tool writes a .snap beside each
//     input, so it runs on copies in a temporary folder and examples/ stays clean);
//  3. node tests: test/grammar/*.test.ts (the JSON is up to date with its source,
//     every type the parser knows is highlighted, the public corpus).
//
//   node test/grammar/run.mjs            run everything, exit 1 if anything fails
//   node test/grammar/run.mjs --update   rewrite the snapshots from the grammar as it is
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const tool = (name) => require.resolve(`vscode-tmgrammar-test/dist/${name}.js`);
const config = path.join(root, 'package.json');
const examples = path.join(root, 'examples');
const snapshots = path.join(root, 'test/grammar/snapshots');
const update = process.argv.includes('--update');

/** Runs node with args from the repository root; true when it exits 0. */
function node(args) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.error) throw r.error;
  return r.status === 0;
}

const failed = [];

console.log('# grammar assertions');
if (!node([tool('unit'), '--config', config, 'test/grammar/cases/*.test.zone'])) failed.push('assertions');

console.log('# grammar snapshots of examples/');
const zones = fs
  .readdirSync(examples)
  .filter((f) => f.endsWith('.zone'))
  .sort();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zonelens-grammar-'));
try {
  const missing = [];
  for (const z of zones) {
    fs.copyFileSync(path.join(examples, z), path.join(tmp, z));
    const snap = path.join(snapshots, `${z}.snap`);
    if (fs.existsSync(snap)) fs.copyFileSync(snap, path.join(tmp, `${z}.snap`));
    else missing.push(z);
  }
  const stale = fs.existsSync(snapshots)
    ? fs.readdirSync(snapshots).filter((f) => f.endsWith('.snap') && !zones.includes(f.slice(0, -'.snap'.length)))
    : [];
  if (!update && (missing.length > 0 || stale.length > 0)) {
    // The tool would silently write a missing snapshot and pass: refuse instead.
    for (const z of missing) console.log(`ERROR no snapshot for examples/${z}`);
    for (const s of stale) console.log(`ERROR test/grammar/snapshots/${s} belongs to no example`);
    console.log('Run `npm run test:grammar -- --update` and review the new snapshots.');
    failed.push('snapshots');
  } else {
    const args = [tool('snapshot'), '--config', config, ...(update ? ['--updateSnapshot'] : [])];
    if (!node([...args, path.join(tmp, '*.zone')])) failed.push('snapshots');
    if (update) {
      fs.mkdirSync(snapshots, { recursive: true });
      for (const z of zones) fs.copyFileSync(path.join(tmp, `${z}.snap`), path.join(snapshots, `${z}.snap`));
      for (const s of stale) fs.rmSync(path.join(snapshots, s));
      console.log(`wrote ${zones.length} snapshots to test/grammar/snapshots/`);
    }
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

console.log('# grammar node tests');
if (!node(['test/run.mjs', 'test/grammar'])) failed.push('node tests');

if (failed.length > 0) {
  console.error(`grammar tests failed: ${failed.join(', ')}`);
  process.exit(1);
}
console.log('grammar tests passed');
