// `npm run demo`: ZoneLens without an editor: the CLI over the example zones,
// then a delivery simulation. (`npm start` shows the extension in VS Code.)
// Findings in the examples are the point (exit status 1 from `check`); only a
// crash or a wrong command line (status 2 or a signal) fails the run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/cli.js');
const zones = fs
  .readdirSync(path.join(root, 'examples'))
  .filter((f) => f.endsWith('.zone'))
  .sort()
  .map((f) => path.join('examples', f));

function run(title, args) {
  console.log(`\n$ zonelens ${args.join(' ')}    # ${title}\n`);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
  if (r.status === null || r.status > 1) {
    console.error(`zonelens ${args[0]} failed (${r.signal ?? `exit status ${r.status}`})`);
    process.exit(1);
  }
}

run('every example zone; the reverse zone feeds the PTR checks', ['check', ...zones]);
run('where mail to equal-preference.example. goes when 192.0.2.1 is down', [
  'simulate',
  '--profile',
  'postfix',
  '--down',
  '192.0.2.1',
  'examples/equal-preference.example.zone',
]);
run('the same set-up under every sender profile', [
  'simulate',
  '--profile',
  'all',
  'examples/one-name-two-addresses.example.zone',
]);
