// Deterministic synthetic zones for the benchmark: the same size and seed give
// the same bytes on every machine, so results can be compared across runs.
//
//   node bench/generate.mjs 100000 [file]          writes a zone of 100 000 records
//   node bench/generate.mjs 100000 [file] --dump   the same records as BIND dumps them
//   node bench/generate.mjs 100000 [file] --generate   a zone of 100 000 records, its hosts from $GENERATE lines
//   node bench/generate.mjs 100000 [file] --reverse    a reverse zone of IPv6 addresses, 100 000 records
//   node bench/generate.mjs 100000 [file] --delegations   a zone of delegations (a TLD's), 100 000 records
//
// The zone has what real zones have and what parsers find hard: a multi-line
// SOA with comments, hosts with A and AAAA records (some with a blank owner),
// MX records pointing inside and outside the zone, CNAMEs, TXT records with
// quotes, escaped quotes and `;` inside the strings, and comment lines. The
// domain `pool` has eight MX hosts of one preference, each with an address:
// the language-server benchmark simulates delivery to it. The name `sub` is
// delegated, with one NS record, and `relay` has its MX host below the cut:
// the language-server benchmark edits that delegation. `ensureSigned` signs a
// zone with BIND's dnssec-signzone, as hosting providers serve them. Styles
// `reverse` and `delegations` are other zones: PTR records for IPv6
// addresses (`ip6.arpa`), and a registry's delegations (a TLD's zone).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Bumped whenever the output changes, so that cached zones are made again. */
export const GENERATOR_VERSION = 3;

/** The zone's apex. */
export const SYNTHETIC_ORIGIN = 'bench.example.';

/** The domain with eight MX hosts in one tier (relative to the apex). */
export const POOL_DOMAIN = 'pool';

/** The number of MX hosts of `POOL_DOMAIN`, all of preference 10. */
export const POOL_HOSTS = 8;

/** The delegated name (relative to the apex): one NS record, no glue. */
export const DELEGATION = 'sub';

/** The apex of the zone of style `reverse`: the reverse zone of 2001:db8::/32. */
export const REVERSE_ORIGIN = '8.b.d.0.1.0.0.2.ip6.arpa.';

/** The apex of the zone of style `delegations`: a top-level domain reserved for examples (RFC 2606). */
export const DELEGATIONS_ORIGIN = 'example.';

/** Records written before the generated hosts: the head of the zone, the pool and the delegation. */
const FIXED_RECORDS = 8 + 2 * POOL_HOSTS + 2;

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
export function headerLine(records, seed, style = 'master') {
  const head = `; ZoneLens benchmark zone: ${records} records, generator v${GENERATOR_VERSION}, seed ${seed}`;
  return style === 'master' ? head : `${head}, ${style} format`;
}

/** One record of one line (see `zoneRecords`). */
const rr = (line, owner, ttl, type, rdata, names = []) => ({ lines: [line], owner, ttl, type, rdata, names });

/** Throws unless a zone of `records` records can be made: the fixed records need room. */
function checkSize(records) {
  if (!Number.isInteger(records) || records < FIXED_RECORDS) {
    throw new Error(`records must be an integer ≥ ${FIXED_RECORDS}, not ${records}`);
  }
}

/** The records every zone starts with: the SOA, the apex's NS and MX, the pool and the delegation. */
function* headRecords() {
  yield {
    lines: [
      '@ IN SOA ns1 hostmaster (',
      '        2024010101 ; serial',
      '        1h         ; refresh',
      '        15m        ; retry',
      '        2w         ; expire',
      '        1h )       ; minimum',
    ],
    owner: '@',
    type: 'SOA',
    rdata: ['ns1', 'hostmaster', '2024010101', '3600', '900', '1209600', '3600'],
    names: [0, 1],
  };
  yield rr('  NS ns1', '', undefined, 'NS', ['ns1'], [0]);
  yield rr('  NS ns2.example.net.', '', undefined, 'NS', ['ns2.example.net.'], [0]);
  yield rr('  MX 10 mail1', '', undefined, 'MX', ['10', 'mail1'], [1]);
  yield rr('  MX 20 mx.example.net.', '', undefined, 'MX', ['20', 'mx.example.net.'], [1]);
  yield rr('ns1 A 192.0.2.1', 'ns1', undefined, 'A', ['192.0.2.1']);
  yield rr('mail1 A 192.0.2.2', 'mail1', undefined, 'A', ['192.0.2.2']);
  yield rr('mail2 AAAA 2001:db8::2', 'mail2', undefined, 'AAAA', ['2001:db8::2']);
  for (let i = 1; i <= POOL_HOSTS; i++) {
    yield rr(`${POOL_DOMAIN} MX 10 pool-mx${i}`, POOL_DOMAIN, undefined, 'MX', ['10', `pool-mx${i}`], [1]);
  }
  for (let i = 1; i <= POOL_HOSTS; i++) {
    yield rr(`pool-mx${i} A 192.0.2.${100 + i}`, `pool-mx${i}`, undefined, 'A', [`192.0.2.${100 + i}`]);
  }
  yield rr(`${DELEGATION} NS ns.example.net.`, DELEGATION, undefined, 'NS', ['ns.example.net.'], [0]);
  yield rr(`relay MX 10 mx.${DELEGATION}`, 'relay', undefined, 'MX', ['10', `mx.${DELEGATION}`], [1]);
}

/**
 * The records of a zone of `records` records, in order, each as the master
 * file writes it (`lines`: its line or lines, with comments) and as fields
 * (`owner` relative to the apex, `@` or blank for the owner before; `ttl`
 * when written; `type`; `rdata` words, with `names` the indexes of the words
 * that are domain names). A comment line alone is `{ lines }`.
 */
function* zoneRecords(records, seed) {
  checkSize(records);
  const random = mulberry32(seed ^ records);
  const pick = (n) => Math.floor(random() * n);
  yield* headRecords();
  let left = records - FIXED_RECORDS;
  const mxTargets = ['mail1', 'mail2', 'mx1.example.net.', 'mx2.example.org.'];
  for (let i = 0; left > 0; i++) {
    const host = `h${i}`;
    const a = i + 0x0a000000; // 10.0.0.0 onwards
    const v4 = `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
    yield rr(`${host} A ${v4}`, host, undefined, 'A', [v4]);
    left--;
    if (left > 0 && pick(3) === 0) {
      // Same owner, written with a blank owner field.
      const v6 = `2001:db8::${(i >>> 16).toString(16)}:${(i & 0xffff).toString(16)}`;
      yield rr(`  AAAA ${v6}`, '', undefined, 'AAAA', [v6]);
      left--;
    }
    if (left > 0 && pick(10) === 0) {
      const preference = String(10 * (1 + pick(3)));
      const target = mxTargets[pick(mxTargets.length)];
      yield rr(`${host} 300 IN MX ${preference} ${target}`, host, 300, 'MX', [preference, target], [1]);
      left--;
    }
    if (left > 0 && pick(7) === 0) {
      yield rr(`c${i} CNAME ${host}`, `c${i}`, undefined, 'CNAME', [host], [0]);
      left--;
    }
    if (left > 0 && pick(5) === 0) {
      const strings = ['"v=spf1 a mx -all"', `"k=v; note \\"quoted\\" ; ${pick(1000)}"`];
      yield rr(`${host} TXT ${strings.join(' ')} ; comment`, host, undefined, 'TXT', strings);
      left--;
    }
    if (pick(50) === 0) yield { lines: [`; section ${i}`] };
  }
}

/** How many hosts one range of a zone in `generate` style makes (`$GENERATE 1-200 …`). */
export const RANGE_HOSTS = 200;

/** How many of a range's first hosts get an MX record from a second range, in half of the blocks. */
export const RANGE_MAIL = 50;

/**
 * The lines (after the directives) of a zone of `records` records whose hosts
 * come from `$GENERATE`, as hosting providers and reverse zones write them:
 * the head records, then blocks of a range of hosts
 * (`$GENERATE 1-200 host-7-$ A 10.0.7.$`), in half of the blocks (by the
 * seed) a range of MX records for the block's first 50 hosts
 * (`$GENERATE 1-50 cust-7-$ MX "10 host-7-$"`: BIND reads the
 * template as one word), and a host written by hand
 * with an MX record of its own.
 */
function* rangeLines(records, seed) {
  checkSize(records);
  const random = mulberry32(seed ^ records);
  for (const r of headRecords()) yield* r.lines;
  let left = records - FIXED_RECORDS;
  for (let k = 0; left > 0; k++) {
    const hosts = Math.min(RANGE_HOSTS, left);
    yield `$GENERATE 1-${hosts} host-${k}-$ A 10.${(k >>> 8) & 255}.${k & 255}.$`;
    left -= hosts;
    if (left >= RANGE_MAIL && random() < 0.5) {
      yield `$GENERATE 1-${RANGE_MAIL} cust-${k}-$ MX "10 host-${k}-$"`;
      left -= RANGE_MAIL;
    }
    if (left >= 2) {
      yield `web-${k} A 192.0.2.${(k % 250) + 1}`;
      yield `web-${k} MX 10 host-${k}-1`;
      left -= 2;
    }
  }
}

/** The TTL of every record without one of its own (the zone's `$TTL`). */
const DEFAULT_TTL = 3600;

/** A name as written in the zone, made absolute. */
function absolute(name) {
  if (name === '@') return SYNTHETIC_ORIGIN;
  return name.endsWith('.') ? name : `${name}.${SYNTHETIC_ORIGIN}`;
}

/**
 * The lines of a reverse zone of `records` records for IPv6 addresses
 * (style `reverse`): an SOA, two NS records and a PTR record for each of
 * `records` - 3 addresses drawn at random in 2001:db8::/32, as addresses
 * made up by hosts (SLAAC, privacy addresses) fall. Each owner is 24
 * nibbles below the apex: nearly every one has a parent of its own, and
 * twenty-odd ancestors that few others share. The PTR targets lie outside
 * the zone, one host each.
 */
function* reverseLines(records, seed) {
  if (!Number.isInteger(records) || records < 4) throw new Error(`records must be an integer ≥ 4, not ${records}`);
  const random = mulberry32(seed);
  yield `@ IN SOA ns1.example.net. hostmaster.example.net. ( 2024010101 7200 3600 1209600 3600 )`;
  yield `@ IN NS ns1.example.net.`;
  yield `@ IN NS ns2.example.net.`;
  for (let i = 0; i < records - 3; i++) {
    const nibbles = [];
    for (let n = 0; n < 24; n++) nibbles.push(Math.floor(random() * 16).toString(16));
    yield `${nibbles.join('.')} IN PTR host-${i.toString(16)}.v6.example.net.`;
  }
}

/**
 * The lines of a zone of `records` records shaped like a top-level
 * domain's (style `delegations`): the apex (SOA, two NS records and their
 * addresses), then names delegated one after the other, each by two NS
 * records of one of 2 000 hosting providers (in their own zones), or, one
 * in twenty, by two name servers of its own below it, with their glue (an
 * A and an AAAA record); three in ten with a DS record (ECDSA P-256,
 * SHA-256). Nearly every RRset has two records: a check that reads each
 * record of the sets of several reads every record.
 */
function* delegationLines(records, seed) {
  if (!Number.isInteger(records) || records < 6) throw new Error(`records must be an integer ≥ 6, not ${records}`);
  const random = mulberry32(seed);
  yield '@ IN SOA a.nic hostmaster.nic ( 2024010101 1800 900 604800 3600 )';
  yield '@ IN NS a.nic';
  yield '@ IN NS b.nic';
  yield 'a.nic IN A 192.0.2.1';
  yield 'b.nic IN AAAA 2001:db8::53';
  let left = records - 5;
  for (let i = 0; left > 0; i++) {
    const name = `d${i.toString(36)}`;
    const lines = [];
    if (random() < 0.05) {
      lines.push(`${name} IN NS ns1.${name}`, `${name} IN NS ns2.${name}`);
      lines.push(
        `ns1.${name} IN A 198.51.100.${1 + (i % 254)}`,
        `ns2.${name} IN AAAA 2001:db8:${(i % 65535).toString(16)}::53`,
      );
    } else {
      const hoster = Math.floor(random() * 2000);
      lines.push(`${name} IN NS ns1.hoster${hoster}.net.`, `${name} IN NS ns2.hoster${hoster}.net.`);
    }
    if (random() < 0.3) {
      let digest = '';
      for (let k = 0; k < 8; k++)
        digest += Math.floor(random() * 2 ** 32)
          .toString(16)
          .padStart(8, '0');
      lines.push(`${name} IN DS ${Math.floor(random() * 65536)} 13 2 ${digest}`);
    }
    for (const line of lines.slice(0, left)) yield line;
    left -= lines.length;
  }
}

/** The ways `generateZone` writes a zone (see there). */
const STYLES = ['master', 'dump', 'generate', 'reverse', 'delegations'];

/** The styles that are zones of their own, under another apex. */
const OTHER_ZONES = {
  reverse: { origin: REVERSE_ORIGIN, lines: reverseLines },
  delegations: { origin: DELEGATIONS_ORIGIN, lines: delegationLines },
};

/**
 * The text of a zone with exactly `records` resource records (at least 26).
 * The lines are joined once: the 1M-record zone is 28 MB.
 *
 * `style` `dump` writes the same records as BIND writes a zone it dumps
 * (`named-compilezone -s full`, or a zone transfer saved to a file): one
 * line each, every owner and name absolute, the TTL and class on every
 * line, no directives and no comments (the records stay in the order
 * generated, where BIND would sort the names). Large real zones often
 * come in this form (nearly twice the bytes: 52 MB at 1M records).
 *
 * `style` `generate` writes another zone of as many records, whose hosts
 * come from `$GENERATE` lines (`rangeLines`); `reverse` a reverse zone of
 * as many records, under `REVERSE_ORIGIN` (`reverseLines`); `delegations`
 * a zone of as many records of delegations, under `DELEGATIONS_ORIGIN`
 * (`delegationLines`).
 */
export function generateZone(records, seed = 1, style = 'master') {
  if (!STYLES.includes(style)) throw new Error(`style must be ${STYLES.join(', ')}, not ${style}`);
  const lines = [headerLine(records, seed, style)];
  const other = OTHER_ZONES[style];
  if (other !== undefined) {
    return (
      [...lines, `$ORIGIN ${other.origin}`, `$TTL ${DEFAULT_TTL}`, ...other.lines(records, seed)].join('\n') + '\n'
    );
  }
  if (style !== 'dump') lines.push(`$ORIGIN ${SYNTHETIC_ORIGIN}`, `$TTL ${DEFAULT_TTL}`);
  if (style === 'generate') return [...lines, ...rangeLines(records, seed)].join('\n') + '\n';
  let owner = SYNTHETIC_ORIGIN;
  for (const r of zoneRecords(records, seed)) {
    if (style === 'master') {
      lines.push(...r.lines);
      continue;
    }
    if (r.type === undefined) continue;
    if (r.owner !== '') owner = absolute(r.owner);
    const rdata = r.rdata.map((w, i) => (r.names.includes(i) ? absolute(w) : w));
    lines.push(`${owner}\t${r.ttl ?? DEFAULT_TTL}\tIN\t${r.type}\t${rdata.join(' ')}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * The path of the cached zone of `records` records in `dir` (in `style`,
 * see `generateZone`), written first when it is missing or was made by
 * another generator version or seed.
 */
export function ensureSynthetic(dir, records, seed = 1, style = 'master') {
  const file = path.join(dir, `synthetic-${records}${style === 'master' ? '' : `-${style}`}.zone`);
  const header = headerLine(records, seed, style);
  if (fs.existsSync(file)) {
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(header.length + 1);
    fs.readSync(fd, buf, 0, header.length + 1, 0);
    fs.closeSync(fd);
    if (buf.toString('utf8') === header + '\n') return file;
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, generateZone(records, seed, style));
  return file;
}

/** The size of the synthetic zone the benchmark signs (329 000 records once signed, 39 MB). */
export const SIGNED_RECORDS = 100_000;

/**
 * The synthetic zone of `records` records (see `ensureSynthetic`) signed as
 * a hosting provider signs it: BIND's `dnssec-signzone` with an ECDSA P-256
 * key-signing key and zone-signing key, NSEC, an RRSIG for every RRset
 * (3.3 records per record signed). The signatures' validity is fixed
 * (2026 to 2036), so that only the keys and the signatures' octets differ
 * from one machine to the next: the same records and sizes. Cached in
 * `dir` while the unsigned zone is unchanged. Null, with the reason, when
 * `dnssec-keygen` or `dnssec-signzone` (Debian's bind9-utils) is missing.
 */
export function ensureSigned(dir, records) {
  const source = ensureSynthetic(dir, records);
  const file = path.join(dir, `signed-${records}.zone`);
  if (fs.existsSync(file) && fs.statSync(file).mtimeMs >= fs.statSync(source).mtimeMs) return { file };
  const keys = path.join(dir, `signing-${records}`);
  fs.rmSync(keys, { recursive: true, force: true });
  fs.mkdirSync(keys, { recursive: true });
  // In the keys' folder: dnssec-signzone writes the zone's DS records there (dsset-…).
  const run = (command, args) => {
    const r = spawnSync(command, args, { cwd: keys, encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.error?.code === 'ENOENT') return { missing: `${command} is not installed (Debian: bind9-utils)` };
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr || r.error}`);
    return { out: r.stdout.trim() };
  };
  const zone = SYNTHETIC_ORIGIN.slice(0, -1);
  const keyNames = [];
  for (const extra of [['-f', 'KSK'], []]) {
    const k = run('dnssec-keygen', ['-q', '-K', keys, '-a', 'ECDSAP256SHA256', ...extra, zone]);
    if (k.missing !== undefined) return { file: null, missing: k.missing };
    keyNames.push(k.out);
  }
  const unsigned = path.join(keys, 'zone');
  const includes = keyNames.map((k) => `$INCLUDE ${path.join(keys, `${k}.key`)}`).join('\n');
  fs.writeFileSync(unsigned, `${fs.readFileSync(source, 'utf8')}${includes}\n`);
  const signed = run('dnssec-signzone', [
    '-q',
    ...['-K', keys, '-o', SYNTHETIC_ORIGIN, '-N', 'keep'],
    ...['-s', '20260101000000', '-e', '20360101000000', '-f', file, unsigned],
  ]);
  if (signed.missing !== undefined) return { file: null, missing: signed.missing };
  return { file };
}

//   node bench/generate.mjs 100000 [file] [--dump | --generate | --reverse | --delegations]
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const style = STYLES.find((s) => args.includes(`--${s}`)) ?? 'master';
  const [records = '10000', file] = args.filter((a) => !STYLES.includes(a.slice(2)));
  const text = generateZone(Number(records), 1, style);
  if (file === undefined) process.stdout.write(text);
  else fs.writeFileSync(file, text);
}
