// Deterministic synthetic zones for the benchmark: the same size and seed give
// the same bytes on every machine, so results can be compared across runs.
//
//   node bench/generate.mjs 100000 [file]   writes a zone of 100 000 records
//
// The zone has what real zones have and what parsers find hard: a multi-line
// SOA with comments, hosts with A and AAAA records (some with a blank owner),
// MX records pointing inside and outside the zone, CNAMEs, TXT records with
// quotes, escaped quotes and `;` inside the strings, and comment lines. The
// domain `pool` has eight MX hosts of one preference, each with an address:
// the language-server benchmark simulates delivery to it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bumped whenever the output changes, so that cached zones are made again. */
export const GENERATOR_VERSION = 2;

/** The zone's apex. */
export const SYNTHETIC_ORIGIN = 'bench.example.';

/** The domain with eight MX hosts in one tier (relative to the apex). */
export const POOL_DOMAIN = 'pool';

/** The number of MX hosts of `POOL_DOMAIN`, all of preference 10. */
export const POOL_HOSTS = 8;

/** Records written before the generated hosts: the head of the zone and the pool. */
const FIXED_RECORDS = 8 + 2 * POOL_HOSTS;

/** A small, fast, seedable PRNG (mulberry32): `Math.random` cannot be seeded. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The first line of every generated zone: names the generator version, size and seed. */
export function headerLine(records, seed) {
  return `; ZoneLens benchmark zone: ${records} records, generator v${GENERATOR_VERSION}, seed ${seed}`;
}

/**
 * The text of a zone with exactly `records` resource records (at least 24).
 * Lines are produced in chunks and joined once: the 1M-record zone is 25 MB.
 */
export function generateZone(records, seed = 1) {
  if (!Number.isInteger(records) || records < FIXED_RECORDS) {
    throw new Error(`records must be an integer ≥ ${FIXED_RECORDS}, not ${records}`);
  }
  const random = mulberry32(seed ^ records);
  const pick = (n) => Math.floor(random() * n);
  const lines = [
    headerLine(records, seed),
    `$ORIGIN ${SYNTHETIC_ORIGIN}`,
    '$TTL 3600',
    '@ IN SOA ns1 hostmaster (',
    '        2024010101 ; serial',
    '        1h         ; refresh',
    '        15m        ; retry',
    '        2w         ; expire',
    '        1h )       ; minimum',
    '  NS ns1',
    '  NS ns2.example.net.',
    '  MX 10 mail1',
    '  MX 20 mx.example.net.',
    'ns1 A 192.0.2.1',
    'mail1 A 192.0.2.2',
    'mail2 AAAA 2001:db8::2',
  ];
  for (let i = 1; i <= POOL_HOSTS; i++) lines.push(`${POOL_DOMAIN} MX 10 pool-mx${i}`);
  for (let i = 1; i <= POOL_HOSTS; i++) lines.push(`pool-mx${i} A 192.0.2.${100 + i}`);
  let left = records - FIXED_RECORDS;
  const mxTargets = ['mail1', 'mail2', 'mx1.example.net.', 'mx2.example.org.'];
  for (let i = 0; left > 0; i++) {
    const host = `h${i}`;
    const a = i + 0x0a000000; // 10.0.0.0 onwards
    lines.push(`${host} A ${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`);
    left--;
    if (left > 0 && pick(3) === 0) {
      // Same owner, written with a blank owner field.
      lines.push(`  AAAA 2001:db8::${(i >>> 16).toString(16)}:${(i & 0xffff).toString(16)}`);
      left--;
    }
    if (left > 0 && pick(10) === 0) {
      lines.push(`${host} 300 IN MX ${10 * (1 + pick(3))} ${mxTargets[pick(mxTargets.length)]}`);
      left--;
    }
    if (left > 0 && pick(7) === 0) {
      lines.push(`c${i} CNAME ${host}`);
      left--;
    }
    if (left > 0 && pick(5) === 0) {
      lines.push(`${host} TXT "v=spf1 a mx -all" "k=v; note \\"quoted\\" ; ${pick(1000)}" ; comment`);
      left--;
    }
    if (pick(50) === 0) lines.push(`; section ${i}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * The path of the cached zone of `records` records in `dir`, written first
 * when it is missing or was made by another generator version or seed.
 */
export function ensureSynthetic(dir, records, seed = 1) {
  const file = path.join(dir, `synthetic-${records}.zone`);
  const header = headerLine(records, seed);
  if (fs.existsSync(file)) {
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(header.length);
    fs.readSync(fd, buf, 0, header.length, 0);
    fs.closeSync(fd);
    if (buf.toString('utf8') === header) return file;
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, generateZone(records, seed));
  return file;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const records = Number(process.argv[2] ?? 10000);
  const text = generateZone(records);
  if (process.argv[3] === undefined) process.stdout.write(text);
  else fs.writeFileSync(process.argv[3], text);
}
