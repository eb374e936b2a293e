/**
 * The benchmark's zones (`bench/generate.mjs`): a zone in BIND's dump format
 * must hold the same records as the master-file zone of the same size and
 * seed, so that the two rows of the benchmark measure one zone in two
 * forms; the zones from `$GENERATE` lines, of reverse addresses and of
 * delegations must hold what they say. Checked with ZoneLens's parse and, as the oracle, with what
 * `named-compilezone -s full` prints for each.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it, mock } from 'node:test';
import { DNSKEY, NSEC, RRSIG } from '../../server/src/zone/rdata/dnssec';
import { formatRdata } from '../../server/src/zone/rdata/index';
import { parseZone } from '../../server/src/zone/parser';

// An ES module, imported from this CommonJS test when a test runs.
const generator = () => import('../../bench/generate.mjs');
const ORIGIN = 'bench.example.';
const haveBind = spawnSync('named-compilezone', ['-v']).status === 0;

/** Each record as owner, TTL, class, type and RDATA printed in one form. */
function recordsOf(text: string, origin = ORIGIN): string[] {
  const parse = parseZone(text, { fileName: 'bench.zone', origin });
  assert.deepEqual(
    parse.diagnostics.map((d) => d.message),
    [],
  );
  return parse.records.map(
    (r) => `${r.owner.toLowerCase()} ${r.ttl} ${r.classCode} ${r.type} ${formatRdata(r.type, r.rdata)}`,
  );
}

/** The records `named-compilezone -s full` writes for the zone `text`, as `recordsOf` prints them; null without BIND. */
function bindRecords(text: string, origin = ORIGIN): string[] | null {
  if (!haveBind) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-bench-'));
  try {
    const zone = path.join(dir, 'bench.zone');
    const out = path.join(dir, 'bench.out');
    fs.writeFileSync(zone, text);
    const r = spawnSync('named-compilezone', ['-q', '-i', 'none', '-s', 'full', '-o', out, origin, zone]);
    assert.equal(r.status, 0, r.stdout.toString() + r.stderr.toString());
    return recordsOf(fs.readFileSync(out, 'utf8'), origin);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('bench zones', () => {
  it('writes the same records in BIND dump format as in master-file format', async () => {
    const { generateZone, headerLine, SYNTHETIC_ORIGIN } = await generator();
    assert.equal(SYNTHETIC_ORIGIN, ORIGIN);
    for (const seed of [1, 7]) {
      const master = generateZone(3000, seed);
      const dump = generateZone(3000, seed, 'dump');
      assert.equal(dump.split('\n')[0], headerLine(3000, seed, 'dump'));
      const lines = dump.split('\n').slice(1, -1);
      assert.equal(lines.length, 3000);
      // Every owner absolute, then the TTL and the class: no directive, no comment, no blank owner.
      for (const line of lines) assert.match(line, /^[a-z0-9-]+(\.[a-z0-9-]+)*\.\t\d+\tIN\t[A-Z]+\t\S/);
      // Every name in the RDATA absolute too.
      const parsed = parseZone(dump, { fileName: 'dump.zone', origin: ORIGIN });
      const names = parsed.records.flatMap((r) => r.rdata.filter((f) => f.kind === 'name'));
      assert.ok(names.length > 300, `${names.length} names`);
      for (const f of names) assert.ok(dump.slice(f.start, f.end).endsWith('.'), dump.slice(f.start, f.end));
      const a = recordsOf(master);
      assert.equal(a.length, 3000);
      assert.deepEqual(recordsOf(dump), a);
    }
  });

  it(
    'writes the zone named-compilezone prints for the master-file form',
    { skip: !haveBind && 'named-compilezone is not installed (apt-get install bind9-utils)' },
    async () => {
      const { ensureSynthetic } = await generator();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-bench-'));
      try {
        const canonical = (style: 'master' | 'dump'): string => {
          const zone = ensureSynthetic(dir, 2000, 3, style);
          const out = path.join(dir, `${style}.out`);
          const args = ['-q', '-i', 'none', '-s', 'full', '-o', out, ORIGIN, zone];
          const r = spawnSync('named-compilezone', args);
          assert.equal(r.status, 0, r.stdout.toString() + r.stderr.toString());
          return fs.readFileSync(out, 'utf8');
        };
        const master = canonical('master');
        assert.ok(master.split('\n').length > 2000);
        assert.equal(canonical('dump'), master);
        assert.deepEqual(fs.readdirSync(dir).sort(), [
          'dump.out',
          'master.out',
          'synthetic-2000-dump.zone',
          'synthetic-2000.zone',
        ]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('writes a reverse zone of IPv6 addresses, each owner with a parent of its own, as named-compilezone reads it', async () => {
    const { generateZone, REVERSE_ORIGIN } = await generator();
    const text = generateZone(3000, 1, 'reverse');
    const records = recordsOf(text, REVERSE_ORIGIN);
    assert.equal(records.length, 3000);
    const owners = records.filter((r) => r.split(' ')[3] === 'PTR').map((r) => r.split(' ')[0]);
    assert.equal(owners.length, 2997);
    // 32 nibbles and ip6.arpa: 24 below the apex, which has 8.
    for (const o of owners) assert.match(o, /^([0-9a-f]\.){32}ip6\.arpa\.$/);
    assert.ok(owners.every((o) => o.endsWith('.' + REVERSE_ORIGIN)));
    const parents = new Set(owners.map((o) => o.slice(2)));
    assert.ok(parents.size > 0.99 * owners.length, `${parents.size} parents for ${owners.length} owners`);
    // BIND sorts the names as it writes them: the same records, in its order.
    const bind = bindRecords(text, REVERSE_ORIGIN);
    if (bind !== null) assert.deepEqual(bind.sort(), [...records].sort());
  });

  it('writes a zone of delegations, nearly every RRset two NS records, as named-compilezone reads it', async () => {
    const { generateZone, DELEGATIONS_ORIGIN } = await generator();
    const text = generateZone(3000, 1, 'delegations');
    const records = recordsOf(text, DELEGATIONS_ORIGIN);
    assert.equal(records.length, 3000);
    const byType = (type: string) => records.filter((r) => r.split(' ')[3] === type);
    const delegated = new Set(byType('NS').map((r) => r.split(' ')[0]));
    delegated.delete(DELEGATIONS_ORIGIN);
    // Each delegated name has two NS records; about one in twenty has glue below it, three in ten a DS record.
    assert.ok(delegated.size > 1000, `${delegated.size} delegations`);
    assert.equal(byType('NS').length, 2 * delegated.size + 2);
    const glue = byType('A').length + byType('AAAA').length - 2;
    assert.ok(glue > 0.05 * delegated.size && glue < 0.15 * delegated.size, `${glue} glue records`);
    assert.ok(byType('DS').length > 0.2 * delegated.size && byType('DS').length < 0.4 * delegated.size);
    // BIND sorts the names as it writes them: the same records, in its order.
    const bind = bindRecords(text, DELEGATIONS_ORIGIN);
    if (bind !== null) assert.deepEqual(bind.sort(), [...records].sort());
  });

  it('writes a zone of as many records from $GENERATE lines, as named-compilezone expands them', async () => {
    const { generateZone, RANGE_HOSTS, RANGE_MAIL } = await generator();
    const text = generateZone(3000, 1, 'generate');
    const lines = text.split('\n');
    const ranges = lines.filter((l) => l.startsWith('$GENERATE '));
    assert.ok(ranges.some((l) => l.startsWith(`$GENERATE 1-${RANGE_HOSTS} host-`)));
    assert.ok(ranges.some((l) => l.startsWith(`$GENERATE 1-${RANGE_MAIL} cust-`)));
    // The hosts come from the ranges: of 3000 records, fewer than a tenth are written one per line.
    assert.ok(lines.length < 300, `${lines.length} lines`);
    const records = recordsOf(text);
    assert.equal(records.length, 3000);
    // BIND sorts the names as it writes them: the same records, in its order.
    const bind = bindRecords(text);
    if (bind !== null) assert.deepEqual(bind.sort(), [...records].sort());
  });

  it(
    'signs a zone with dnssec-signzone into the records BIND reads, every one of which ZoneLens reads in place',
    { skip: !haveBind && 'named-compilezone is not installed (apt-get install bind9-utils)' },
    async () => {
      const { ensureSigned, ensureSynthetic } = await generator();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-bench-'));
      try {
        const signed = ensureSigned(dir, 2000);
        assert.ok(signed.file !== null, signed.missing);
        assert.equal(ensureSigned(dir, 2000).file, signed.file, 'cached');
        const text = fs.readFileSync(signed.file, 'utf8');
        const records = recordsOf(text);
        const written = new Set(records.map((r) => r.split(' ')[3]));
        for (const t of ['RRSIG', 'NSEC', 'DNSKEY']) assert.ok(written.has(t), t);
        // As many as BIND reads, and twice as many at least as were signed.
        const out = path.join(dir, 'signed.out');
        const r = spawnSync('named-compilezone', ['-q', '-i', 'none', '-s', 'full', '-o', out, ORIGIN, signed.file]);
        assert.equal(r.status, 0, r.stdout.toString() + r.stderr.toString());
        assert.equal(recordsOf(fs.readFileSync(out, 'utf8')).length, records.length);
        assert.ok(records.length > 2 * 2000, `${records.length} records`);
        // Every record of the DNSSEC types, as the signer writes them, is checked in place: none is parsed.
        const spies = [RRSIG, NSEC, DNSKEY].map((t) => mock.method(t, 'parse'));
        try {
          parseZone(text, { fileName: 'signed.zone', origin: ORIGIN });
          assert.deepEqual(
            spies.map((m) => m.mock.callCount()),
            [0, 0, 0],
          );
        } finally {
          mock.restoreAll();
        }
        // The unsigned zone changed: signed again.
        fs.appendFileSync(ensureSynthetic(dir, 2000), '; changed\n');
        fs.utimesSync(signed.file, new Date(0), new Date(0));
        assert.ok(fs.statSync(ensureSigned(dir, 2000).file as string).mtimeMs > 0);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('makes a cached zone again when it was written in the other form or with another seed', async () => {
    const { ensureSynthetic, generateZone } = await generator();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-bench-'));
    try {
      const file = ensureSynthetic(dir, 100, 1, 'dump');
      assert.equal(path.basename(file), 'synthetic-100-dump.zone');
      assert.equal(fs.readFileSync(file, 'utf8'), generateZone(100, 1, 'dump'));
      // A stale cache (another seed in the header) is written again; a fresh one is kept.
      fs.writeFileSync(file, generateZone(100, 2, 'dump'));
      ensureSynthetic(dir, 100, 1, 'dump');
      assert.equal(fs.readFileSync(file, 'utf8'), generateZone(100, 1, 'dump'));
      fs.appendFileSync(file, '; kept\n');
      ensureSynthetic(dir, 100, 1, 'dump');
      assert.ok(fs.readFileSync(file, 'utf8').endsWith('; kept\n'));
      assert.equal(ensureSynthetic(dir, 100, 1), path.join(dir, 'synthetic-100.zone'));
      assert.equal(ensureSynthetic(dir, 100, 1, 'reverse'), path.join(dir, 'synthetic-100-reverse.zone'));
      assert.throws(
        () => generateZone(100, 1, 'xml' as 'dump'),
        /style must be master, dump, generate, reverse, delegations/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
