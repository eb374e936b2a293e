// Child process of the benchmark: times dns-zonefile's `parse` alone on one
// file (reading the file and starting Node are left out) and prints the
// milliseconds as JSON on stdout.
//
//   node bench/dns-zonefile-parse.mjs <file>
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
// The package is ESM with a default export; resolve its entry from the repository.
const entry = require.resolve('dns-zonefile');
const zonefile = (await import(pathToFileURL(entry).href)).default;
const text = fs.readFileSync(process.argv[2], 'utf8');
const start = process.hrtime.bigint();
const parsed = zonefile.parse(text);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
// Touch the result so that the parse cannot be skipped.
process.stdout.write(JSON.stringify({ ms, keys: Object.keys(parsed).length }) + '\n');
