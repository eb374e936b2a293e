// Runs every *.test.ts file under the given folders with Node's test runner,
// TypeScript loaded by tsx. A folder that does not exist or holds no test yet is
// skipped with a note, so that `npm test` works while the tiers are being filled.
//
//   node test/run.mjs test/unit test/cli [-- <more node --test options>]
//   node test/run.mjs test/unit --test-name-pattern=manifest
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const folders = [];
const nodeArgs = [];
for (const arg of process.argv.slice(2)) {
  if (arg === '--') continue;
  (arg.startsWith('-') ? nodeArgs : folders).push(arg);
}

/** Every *.test.ts below `dir`, sorted, skipping fixtures and node_modules. */
function findTests(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'fixtures') out.push(...findTests(p));
    } else if (entry.isFile() && entry.name.endsWith('.test.ts')) {
      out.push(p);
    }
  }
  return out.sort();
}

const files = [];
for (const folder of folders) {
  if (!fs.existsSync(folder)) {
    console.log(`note: ${folder} does not exist; no tests there yet`);
    continue;
  }
  const found = findTests(folder);
  if (found.length === 0) console.log(`note: ${folder} holds no *.test.ts yet`);
  files.push(...found);
}

if (files.length === 0) {
  console.error('error: no test files found');
  process.exit(1);
}

const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...nodeArgs, ...files], {
  stdio: 'inherit',
});
if (result.error) throw result.error;
process.exit(result.status ?? 1);
