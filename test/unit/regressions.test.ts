/**
 * Inputs the fuzzer (test/fuzz/fuzz.ts) found that crashed or hung the core,
 * each cut down to what matters, and the diagnostic it gives now. Each ran
 * through the whole pipeline (`exercise`: parse, model, checks, fixes,
 * simulation, hover, print) as the fuzzer ran it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, loadZone } from '../../server/src/checks/index';
import { sampleCount } from '../../server/src/simulate/engine';
import { describeFailover, PROFILES, survives } from '../../server/src/simulate/index';
import { prepare } from '../../server/src/simulate/prepare';
import { rfc5321 } from '../../server/src/simulate/rfc5321';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { exercise } from '../fuzz/invariants';

const HEAD = '$TTL 600\n@ SOA ns hostmaster 1 3600 1200 604800 1200\n  NS ns\nns A 192.0.2.1\n';

function check(text: string, origin = 'example.com.') {
  exercise(text, { origin, fixes: true, simulation: true });
  return analyze(text, { fileName: 'example.com.zone', origin }, DEFAULT_SETTINGS);
}

describe('fuzzer finds, kept fixed', () => {
  it('a $GENERATE nibble width of 4294967295 (hung: a 4-billion-character string) is a syntax error', () => {
    const line = '$GENERATE 1024-1026 ${-2000,4294967295,n} AAAA 2001:db8::${0,4,x}\n';
    const a = check(HEAD + line);
    const [d] = a.diagnostics.filter((x) => x.code === 'syntax-error');
    assert.ok(d, a.diagnostics.map((x) => x.code).join(', '));
    assert.equal(d.start, HEAD.length + '$GENERATE 1024-1026 '.length);
    assert.equal(d.message, "'${-2000,4294967295,n}' asks for 4294967295 digits; a $GENERATE value has at most 255");
    assert.ok(!a.zone.records.some((r) => r.generated));
  });

  it('a $GENERATE width of 999999999 in decimal or hex (threw RangeError: Invalid string length) is a syntax error', () => {
    for (const mod of ['${0,999999999,d}', '${0,4294967295,x}', '${0,256}']) {
      const a = check(`${HEAD}$GENERATE 1-2 h$ A 192.0.2.${mod}\n`);
      const errors = a.diagnostics.filter((x) => x.code === 'syntax-error');
      assert.equal(errors.length, 1, mod);
      assert.match(errors[0].message, /digits; a \$GENERATE value has at most 255$/);
    }
    // The widest that can be written still works.
    const ok = check(`${HEAD}$GENERATE 1-1 h\${0,5} A 192.0.2.1\n`);
    assert.ok(ok.zone.records.some((r) => r.owner === 'h00001.example.com.'));
  });

  it('an SOA minimum of 4294967295 with no TTL anywhere (gave records a TTL above 2^31 - 1) gives TTL 0', () => {
    const a = check('@ SOA ns hostmaster 1 3600 1200 604800 4294967295\n  NS ns\nns A 192.0.2.1\n');
    assert.deepEqual(
      a.zone.records.map((r) => r.ttl),
      [0, 0, 0],
    );
    // An ordinary minimum is still the default TTL.
    const b = check('@ SOA ns hostmaster 1 3600 1200 604800 1200\n  NS ns\nns A 192.0.2.1\n');
    assert.deepEqual(
      b.zone.records.map((r) => r.ttl),
      [1200, 1200, 1200],
    );
  });

  it('many $GENERATE lines each under the limit (made any number of records) stop at 16 times the limit in all', () => {
    const line = '$GENERATE 1-100 h$ A 192.0.2.1\n';
    const text = HEAD + line.repeat(20);
    const a = analyze(
      text,
      { fileName: 'example.com.zone', origin: 'example.com.', generateLimit: 100 },
      DEFAULT_SETTINGS,
    );
    assert.equal(a.zone.records.filter((r) => r.generated).length, 1600);
    const big = a.diagnostics.filter((d) => d.code === 'generate-too-large');
    assert.equal(big.length, 4);
    assert.equal(text.slice(big[0].start, big[0].end), '1-100');
    assert.equal(
      big[0].message,
      '$GENERATE 1-100 would take the records made by $GENERATE in this zone to 1700; the most is 1600, 16 times the limit of one (setting zonelens.generate.maxRecords)',
    );
    // What counts is the records made: a line refused for its template makes none.
    const refused = '$GENERATE 1-100 m$ MX 10 h$\n$GENERATE 1-100 n$ A 10.0.0.300\n';
    const b = analyze(
      HEAD + refused + line.repeat(16),
      { fileName: 'example.com.zone', origin: 'example.com.', generateLimit: 100 },
      DEFAULT_SETTINGS,
    );
    assert.equal(b.zone.records.filter((r) => r.generated).length, 1600);
    assert.deepEqual(
      b.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code),
      ['syntax-error', 'bad-rdata'],
    );
  });

  it('48 hosts at one preference (the code lens and hover ran for 20 s to 8 min) give way to bounded sampling', () => {
    const many = Array.from(
      { length: 48 },
      (_, i) =>
        `@ MX 10 mx${i}\nmx${i} A 192.0.2.${i + 10}\nmx${i} A 198.51.100.${i + 10}\nmx${i} AAAA 2001:db8::${i + 10}\n`,
    );
    for (const body of [many.join('')]) {
      const zone = loadZone(HEAD + body, { fileName: 'example.com.zone', origin: 'example.com.' }, DEFAULT_SETTINGS);
      // One sampled simulation is held to the work budget (2 000 000 host and address visits).
      const { mx } = prepare(zone, 'example.com.', rfc5321, {});
      const perWalk = mx.hosts.length + mx.addresses.length;
      assert.ok(sampleCount(mx) < 100_000 && sampleCount(mx) * perWalk <= 2_000_000);
      for (const profile of PROFILES) {
        const s = survives(zone, 'example.com.', { profile });
        assert.ok(s.k >= 0, profile);
        // The hover describes only the addresses it shows, and they share one budget.
        assert.ok(describeFailover(zone, 'example.com.', { profile }, 12).length <= 12, profile);
      }
      // The exact search of the smallest losing set stops at its work limit and says the answer is sampled.
      assert.equal(survives(zone, 'example.com.', { profile: 'postfix' }).exact, false);
    }
  });
  it('copies of one MX record (32 of them sampled for 8 min, ten in several cases for 0.8 s a hover) are one host', () => {
    // The fuzzer's slowest input (seed 1123, #695388): one host written in several cases and as generic RDATA.
    const copies =
      '@ MX 10 mx\n'.repeat(16) +
      '@ MX 10 MX\n'.repeat(8) +
      '@ MX \\# 18 000a026d78076578616d706c6503636f6d00\n'.repeat(8);
    const zone = loadZone(
      HEAD + copies + 'mx A 192.0.2.9\n',
      {
        fileName: 'example.com.zone',
        origin: 'example.com.',
      },
      DEFAULT_SETTINGS,
    );
    assert.equal(prepare(zone, 'example.com.', rfc5321, {}).mx.hosts.length, 1);
    for (const profile of PROFILES) {
      assert.deepEqual(survives(zone, 'example.com.', { profile }), {
        k: 0,
        candidates: 1,
        counterexample: ['192.0.2.9'],
        exact: true,
      });
      assert.equal(describeFailover(zone, 'example.com.', { profile }).length, 1, profile);
    }
  });
});
