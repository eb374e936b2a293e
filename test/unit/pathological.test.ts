/**
 * Issue 10's hostile inputs, each parsed and checked: a clear diagnostic
 * (code, message) at the right place, and the structure that keeps the work
 * linear (a bounded number of diagnostics, nothing expanded, no file read
 * twice). Then issue 9's zones that made the MX analysis quadratic: output
 * bounded per diagnostic and per record, and answers still right. Their times are measured by `test/fuzz/measure.ts`, not here
 * (speed is the benchmark's business, see docs/performance.md).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LIST_MAX, RELATED_MAX } from '../../server/src/checks/check';
import { analyze, type Analysis } from '../../server/src/checks/index';
import type { NullMxMixedFix } from '../../server/src/checks/null-mx-mixed';
import { toLspDiagnostics } from '../../server/src/features/diagnostics';
import { deliveryMarkdown } from '../../server/src/features/hover';
import { fixesFor } from '../../server/src/fixes/index';
import { applyEdits } from '../../server/src/fixes/verify';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { PROFILES, survives } from '../../server/src/simulate/index';
import type { ZoneDiagnostic } from '../../server/src/zone/types';
import { exercise } from '../fuzz/invariants';
import {
  FANOUT,
  HEAD,
  HUGE_GENERATE,
  INCLUDE_CYCLE,
  LONG_NAME,
  MX_CASES,
  NULL_MIX,
  OPEN_PARENS,
  QUOTE_BACKSLASH,
  QUOTE_BACKSLASH_LINE,
  RANDOM_BYTES,
  RRSIG_TYPES,
  SELF_INCLUDE,
  STRAY_PARENS,
  TIERS_IPV6_ONLY,
  TIERS_ONE_ADDRESS,
  TXT_5MB,
  type Case,
} from '../fuzz/pathological';

function run(c: Case): Analysis {
  return analyze(
    c.text,
    { fileName: c.fileName, origin: 'example.com.', readInclude: c.files?.reader },
    DEFAULT_SETTINGS,
  );
}

/** The diagnostics of one code; fails unless there is at least one. */
function only(a: Analysis, code: string): ZoneDiagnostic[] {
  const found = a.diagnostics.filter((d) => d.code === code);
  assert.ok(found.length > 0, `no ${code} among ${a.diagnostics.map((d) => d.code).join(', ')}`);
  return found;
}

/** Nothing but `codes` was reported. */
function nothingBut(a: Analysis, ...codes: string[]): void {
  assert.deepEqual([...new Set(a.diagnostics.map((d) => d.code))].sort(), [...codes].sort());
}

/** The head's three records (SOA, NS, A) are read whatever follows them. */
function headIntact(a: Analysis): void {
  assert.deepEqual(
    a.zone.records.slice(0, 3).map((r) => r.type),
    ['SOA', 'NS', 'A'],
  );
}

describe('pathological input: each parsed and checked with a clear diagnostic', () => {
  it('a 5 MB TXT line: one bad-rdata on the string, at line 5', () => {
    const c = TXT_5MB();
    const a = run(c);
    nothingBut(a, 'bad-rdata');
    const [d] = only(a, 'bad-rdata');
    const quote = c.text.indexOf('"');
    assert.equal(d.start, quote);
    assert.equal(d.end, c.text.lastIndexOf('"') + 1);
    assert.match(d.message, /TXT text is 5242880 octets long; a character-string holds at most 255/);
    const [lsp] = toLspDiagnostics(a)[0].diagnostics;
    assert.deepEqual(lsp.range.start, { line: 4, character: 8 });
    assert.deepEqual(lsp.range.end, { line: 4, character: 8 + 5 * 1024 * 1024 + 2 });
    headIntact(a);
  });

  for (const [mk, first, word] of [
    [OPEN_PARENS, 'this ( is never closed', '('],
    [STRAY_PARENS, 'this ) closes no (', ')'],
  ] as const) {
    it(`${mk().name}: the first 100 one by one, then one that counts the rest`, () => {
      const c = mk();
      const a = run(c);
      nothingBut(a, 'unbalanced-parentheses');
      const ds = only(a, 'unbalanced-parentheses');
      // Linear and readable: a bounded number of diagnostics, not 200 000 of them.
      assert.equal(ds.length, 101);
      const at = c.text.indexOf(word);
      ds.slice(0, 100).forEach((d, i) => {
        assert.equal(d.start, at + i);
        assert.equal(d.end, at + i + 1);
        assert.match(d.message, new RegExp(`^${first.replace(/[()]/g, '\\$&')}`));
      });
      assert.equal(ds[100].start, at + 100);
      assert.equal(ds[100].message, '199900 more unbalanced parentheses from here on (not listed one by one)');
      // The record itself is still read: the parentheses are ignored, the address is there.
      assert.ok(a.zone.records.some((r) => r.owner === 'x.example.com.' && r.rdata[0]?.value === '192.0.2.1'));
    });
  }

  it('1 MB of random bytes: diagnostics inside the text, at most a few per line', () => {
    const c = RANDOM_BYTES();
    const a = run(c);
    assert.ok(a.diagnostics.length > 0);
    const lines = c.text.split(/\r\n|\r|\n/).length;
    // Each logical line gives at most a couple of diagnostics (and the parentheses at most 101).
    assert.ok(a.diagnostics.length <= 3 * lines + 101, `${a.diagnostics.length} diagnostics for ${lines} lines`);
    for (const d of a.diagnostics) assert.ok(d.message.length > 0 && d.message.length <= 500, d.message.slice(0, 80));
    only(a, 'missing-soa');
    // The whole pipeline holds its promises on it (ranges inside, no exception, simulation, print).
    exercise(c.text, { origin: 'example.com.', simulation: true });
  });

  it('"\\" repeated in a TXT record: one bad-rdata (too much TXT data), on the data', () => {
    const c = QUOTE_BACKSLASH();
    const a = run(c);
    nothingBut(a, 'bad-rdata');
    const [d] = only(a, 'bad-rdata');
    assert.equal(d.start, c.text.indexOf('"'));
    assert.ok(d.end > d.start && d.end <= c.text.length);
    assert.match(d.message, /TXT data is over 65510 octets/);
    headIntact(a);
  });

  it('"\\" repeated as a line of its own: a quoted owner, and the unterminated last string', () => {
    const c = QUOTE_BACKSLASH_LINE();
    const a = run(c);
    nothingBut(a, 'syntax-error', 'unterminated-string');
    const [owner] = only(a, 'syntax-error');
    assert.equal(owner.start, HEAD.length);
    assert.equal(owner.end, HEAD.length + 4);
    assert.equal(owner.message, 'an owner name cannot be a quoted string');
    const [open] = only(a, 'unterminated-string');
    assert.equal(open.start, c.text.length - 4);
    assert.equal(open.end, c.text.length - 1);
    headIntact(a);
  });

  it('a 5 000-label name: name-too-long on the name, with a message of bounded length', () => {
    const c = LONG_NAME();
    const a = run(c);
    nothingBut(a, 'name-too-long');
    const [d] = only(a, 'name-too-long');
    assert.equal(d.start, HEAD.length);
    assert.equal(d.end, HEAD.length + 10_000);
    assert.match(d.message, /^'a\.a\.a\./);
    assert.match(d.message, /characters left out/);
    assert.match(d.message, /the limit is 255$/);
    assert.ok(d.message.length < 500);
  });

  it('$GENERATE 0-4294967295: generate-too-large on the range, and nothing expanded', () => {
    const c = HUGE_GENERATE();
    const a = run(c);
    nothingBut(a, 'generate-too-large');
    const [d] = only(a, 'generate-too-large');
    assert.equal(c.text.slice(d.start, d.end), '0-4294967295');
    assert.equal(
      d.message,
      '$GENERATE 0-4294967295 would make 4294967296 records; the limit is 65536 (setting zonelens.generate.maxRecords)',
    );
    assert.equal(a.zone.records.length, 3);
    assert.ok(!a.zone.records.some((r) => r.generated));
  });

  it('a file including itself: include-cycle on the file name, read once', () => {
    const c = SELF_INCLUDE();
    const a = run(c);
    nothingBut(a, 'include-cycle');
    const [d] = only(a, 'include-cycle');
    assert.equal(d.file, 0);
    assert.equal(c.text.slice(d.start, d.end), 'example.com.zone');
    assert.match(d.message, /would include example\.com\.zone again while it is being read \(a cycle\)/);
    assert.equal(c.files?.reads, 1);
    assert.equal(a.zone.files.length, 1);
    // The records after the directive are still read, once.
    assert.equal(a.zone.records.filter((r) => r.owner === 'www.example.com.').length, 1);
  });

  it('an include cycle of three files: include-cycle at the $INCLUDE that closes it, each file read once', () => {
    const c = INCLUDE_CYCLE();
    const a = run(c);
    nothingBut(a, 'include-cycle');
    const [d] = only(a, 'include-cycle');
    assert.deepEqual(
      a.zone.files.map((f) => f.name),
      ['a.zone', 'b.zone', 'c.zone'],
    );
    assert.equal(d.file, 2);
    assert.equal(a.zone.files[2].text.slice(d.start, d.end), 'a.zone');
    assert.match(d.message, /^\$INCLUDE a\.zone would include a\.zone again while it is being read \(a cycle\)/);
    assert.equal(c.files?.reads, 3);
    assert.deepEqual(a.zone.records.map((r) => r.owner).slice(3), [
      'b.example.com.',
      'c.example.com.',
      'www.example.com.',
    ]);
  });
});

describe('hostile MX zones: output that grows with the zone, not with its square', () => {
  for (const make of MX_CASES) {
    const c = make();
    it(`${c.name}: at most ${RELATED_MAX} related locations and a short message per diagnostic`, () => {
      const a = run(c);
      headIntact(a);
      for (const d of a.diagnostics) {
        assert.ok((d.related?.length ?? 0) <= RELATED_MAX, `${d.code}: ${d.related?.length} related`);
        assert.ok(d.message.length <= 1500, `${d.code}: ${d.message.length} characters`);
      }
      // All of it, as the command line's JSON prints it: a few kilobytes per record at most.
      const bytes = JSON.stringify(a.diagnostics).length;
      assert.ok(bytes <= 4000 * a.zone.records.length, `${bytes} bytes for ${a.zone.records.length} records`);
    });
  }

  it('tiers on one address: every backup tier adds nothing, and the message counts the hosts it leaves out', () => {
    const a = run(TIERS_ONE_ADDRESS());
    const ds = only(a, 'mx-backup-adds-nothing');
    assert.equal(ds.length, 1999);
    const last = ds[ds.length - 1];
    // 1 999 lower hosts and its own, ten of them named.
    assert.match(
      last.message,
      /^h0, h1, h2, h3, h4, h5, h6, h7, h8, h9 and 1990 more are all 10\.0\.0\.1: the backup tier 2000/,
    );
    assert.match(last.message, /tiers 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 1989 more/);
    assert.equal(last.related?.length, RELATED_MAX);
  });

  it('IPv6-only tiers: each host reported once, with the same consequence', () => {
    const a = run(TIERS_IPV6_ONLY());
    const ds = only(a, 'mx-ipv6-only');
    assert.equal(ds.length, 2000);
    for (const d of ds) assert.match(d.message, /no MX host of example\.com\. has an IPv4 address/);
  });

  it('null MX beside other MX: one error per null MX, and its fix still removes every other record', () => {
    const c = NULL_MIX();
    const a = run(c);
    const ds = only(a, 'null-mx-mixed');
    assert.equal(ds.length, 1000);
    assert.match(ds[0].message, /\(h0\.example\.net\., .*h9\.example\.net\. and 990 more\)/);
    // The fix reads the other records from the zone: the data names the null MX alone.
    assert.deepEqual(Object.keys(ds[500].data as NullMxMixedFix), ['nullMx']);
    const [keep] = fixesFor(a.zone, ds[500], { origin: 'example.com.' });
    assert.equal(keep.title, 'Keep only the null MX (remove the 1000 other MX records)');
    const out = applyEdits(c.text, keep.edits);
    assert.ok(!out.includes('example.net.'));
    assert.equal(out.split('MX').length - 1, 1000);
  });

  it('domains on one host of many private addresses: one diagnostic per address and per domain, lists cut', () => {
    const a = run(FANOUT());
    const priv = only(a, 'mx-private-address');
    assert.equal(priv.length, 500);
    for (const d of priv) {
      assert.match(d.message, /an MX host address for d0\.example\.com\., .*, d9\.example\.com\. and 490 more: /);
      assert.equal(d.related?.length, RELATED_MAX);
    }
    const multi = only(a, 'mx-multihomed-host');
    assert.equal(multi.length, 500);
    assert.match(multi[0].message, /^mail has 500 IPv4 addresses \(10\.0\.0\.0, .*, 10\.0\.0\.9 and 490 more\)/);
    assert.equal(LIST_MAX, 10);
  });

  it('RRSIGs of many types at one name: one RRset each, each found by its key', () => {
    const a = run(RRSIG_TYPES());
    const node = a.zone.node('x.example.com.');
    assert.equal(node?.rrsets.size, 5000);
    for (const i of [0, 17, 4999]) {
      assert.equal(a.zone.rrset('x.example.com.', `RRSIG/TYPE${1000 + i}`)?.records.length, 1);
    }
    assert.equal(a.zone.rrset('x.example.com.', 'RRSIG/TYPE999'), undefined);
    assert.equal(a.zone.rrset('x.example.com.', 'RRSIG'), undefined);
  });

  it('one host of 1 000 addresses: the failures each profile survives, from sampled walks (it ran out of memory)', () => {
    const text =
      HEAD + '@ MX 10 mail\n' + Array.from({ length: 1000 }, (_, i) => `mail A 10.0.${i >> 8}.${i & 255}\n`).join('');
    const a = run({ name: 'one host', fileName: 'example.com.zone', text });
    // Postfix and Exim try 5 addresses, then queue: 5 failures lose the mail.
    for (const profile of ['postfix', 'exim'] as const) {
      const s = survives(a.zone, 'example.com.', { profile });
      assert.equal(s.k, 4, profile);
      assert.equal(s.exact, false, profile);
    }
    // An RFC 5321 sender tries every address: all 1 000 must fail.
    const s = survives(a.zone, 'example.com.', { profile: 'rfc5321' });
    assert.equal(s.k, 999);
    assert.equal(s.counterexample?.length, 1000);
  });

  it('one host of 4 000 addresses, 2 000 hosts at one preference: the hover under every profile (it took minutes)', () => {
    const big =
      HEAD + '@ MX 10 mail\n' + Array.from({ length: 4000 }, (_, i) => `mail A 10.0.${i >> 8}.${i & 255}\n`).join('');
    const wide =
      HEAD + Array.from({ length: 2000 }, (_, i) => `@ MX 10 m${i}\nm${i} A 10.1.${i >> 8}.${i & 255}\n`).join('');
    for (const text of [big, wide]) {
      const a = run({ name: 'wide', fileName: 'example.com.zone', text });
      for (const profile of PROFILES) {
        const md = deliveryMarkdown(a.zone, 'example.com.', profile);
        // With one address down the others still take the mail, under every profile, but for first-mx
        // the address of the first of the one-address hosts (it uses only the first host).
        const down = md.split('\n').filter((l) => l.includes(' down: '));
        assert.ok(down.length > 0, md);
        for (const l of down) {
          const delivers = text === big || profile !== 'first-mx' || !l.startsWith('- 10.1.0.0 ');
          if (delivers) assert.doesNotMatch(l, /deferred|bounced/, `${profile}: ${l}`);
          else assert.match(l, /down: 100% deferred$/, `${profile}: ${l}`);
          const total = [...l.matchAll(/([\d.]+)%/g)].reduce((x, m) => x + Number(m[1]), 0);
          assert.ok(Math.abs(total - 100) < 1, `${profile}: ${l}`);
        }
        assert.ok(md.length < 5000, `${profile}: ${md.length} characters`);
      }
    }
  });
});
