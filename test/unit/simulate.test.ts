import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../server/src/checks/index';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import {
  PROFILES,
  compareProfiles,
  describeFailover,
  formatText,
  mailDomains,
  mxShape,
  simulate,
  survives,
  type AddressState,
  type ProfileId,
  type SimulationOptions,
  type SimulationResult,
} from '../../server/src/simulate/index';
import { prng, Shuffle } from '../../server/src/simulate/engine';
import { firstHostDistribution } from '../../server/src/simulate/firstMx';
import type { PreparedHost } from '../../server/src/simulate/prepare';
import type { Zone } from '../../server/src/zone/model';

const D = 'example.com.';
const HEAD = '$TTL 300\n@ SOA ns hostmaster 1 7200 900 1209600 300\n@ NS ns\nns A 192.0.2.53\n';

function zoneOf(body: string): Zone {
  return analyze(HEAD + body, { fileName: 'test.zone', origin: D }, DEFAULT_SETTINGS).zone;
}

function run(body: string | Zone, options: SimulationOptions = {}, domain = D): SimulationResult {
  return simulate(typeof body === 'string' ? zoneOf(body) : body, domain, options);
}

/** address → share, for the addresses listed. */
function shares(r: SimulationResult, field: 'firstAttempt' | 'tried' | 'delivered'): Record<string, number> {
  return Object.fromEntries(r.addresses.map((a) => [a.address, a[field]]));
}

function near(actual: number, expected: number, what = '', eps = 1e-9): void {
  assert.ok(Math.abs(actual - expected) <= eps, `${what}: expected ${expected}, got ${actual}`);
}

function nearAll(actual: Record<string, number>, expected: Record<string, number>, what = '', eps = 1e-9): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), what);
  for (const k of Object.keys(expected)) near(actual[k], expected[k], `${what} ${k}`, eps);
}

const ALL_BUT_FIRST_MX = PROFILES.filter((p) => p !== 'first-mx');

// The three set-ups of SIMULATION.md "Worked examples".
const EX1 = '@ MX 10 mail1\n@ MX 10 mail2\nmail1 A 172.16.10.1\nmail2 A 172.16.10.2\n';
const EX2 = '@ MX 10 mail\nmail A 172.16.10.1\nmail A 172.16.10.2\n';
const EX3 = EX2 + '@ MX 20 mail1\n@ MX 20 mail2\nmail1 A 172.16.10.1\nmail2 A 172.16.10.2\n';

describe('worked example 1: two hosts of equal preference', () => {
  const z = zoneOf(EX1);
  it('every profile but first-mx splits first attempts 0.5 / 0.5; first-mx sends all to mail1', () => {
    for (const profile of ALL_BUT_FIRST_MX) {
      const r = simulate(z, D, { profile });
      assert.equal(r.exact, true);
      nearAll(shares(r, 'firstAttempt'), { '172.16.10.1': 0.5, '172.16.10.2': 0.5 }, profile);
      near(r.outcome.delivered, 1, profile);
    }
    nearAll(shares(simulate(z, D, { profile: 'first-mx' }), 'firstAttempt'), { '172.16.10.1': 1, '172.16.10.2': 0 });
  });
  it('with .1 down every profile but first-mx delivers at .2; first-mx defers', () => {
    for (const profile of ALL_BUT_FIRST_MX) {
      const r = simulate(z, D, { profile, states: { '172.16.10.1': 'down' } });
      nearAll(shares(r, 'delivered'), { '172.16.10.1': 0, '172.16.10.2': 1 }, profile);
      near(r.outcome.delivered, 1, profile);
      near(r.expectedAttempts, 1.5, profile);
    }
    const r = simulate(z, D, { profile: 'first-mx', states: { '172.16.10.1': 'down' } });
    assert.deepEqual(r.outcome, { delivered: 0, deferred: 1, bounced: 0 });
  });
  it('gives the JSON object of CLI.md for postfix', () => {
    assert.deepEqual(simulate(z, D, { profile: 'postfix' }), {
      version: 1,
      domain: 'example.com.',
      profile: 'postfix',
      mode: 'mx',
      exact: true,
      tiers: [
        {
          preference: 10,
          hosts: [
            { name: 'mail1.example.com.', status: 'ok', addresses: ['172.16.10.1'] },
            { name: 'mail2.example.com.', status: 'ok', addresses: ['172.16.10.2'] },
          ],
        },
      ],
      addresses: [
        {
          address: '172.16.10.1',
          hosts: ['mail1.example.com.'],
          state: 'up',
          firstAttempt: 0.5,
          tried: 0.5,
          delivered: 0.5,
        },
        {
          address: '172.16.10.2',
          hosts: ['mail2.example.com.'],
          state: 'up',
          firstAttempt: 0.5,
          tried: 0.5,
          delivered: 0.5,
        },
      ],
      outcome: { delivered: 1, deferred: 0, bounced: 0 },
      expectedAttempts: 1,
      sequences: [
        { attempts: ['172.16.10.1'], probability: 0.5, result: 'delivered' },
        { attempts: ['172.16.10.2'], probability: 0.5, result: 'delivered' },
      ],
    });
  });
});

describe('worked example 2: one host with two addresses', () => {
  const z = zoneOf(EX2);
  it('rfc5321, sendmail, qmail, first-mx use DNS order; postfix and exim split', () => {
    for (const profile of ['rfc5321', 'sendmail', 'qmail', 'first-mx'] as const) {
      nearAll(shares(simulate(z, D, { profile }), 'firstAttempt'), { '172.16.10.1': 1, '172.16.10.2': 0 }, profile);
    }
    for (const profile of ['postfix', 'exim'] as const) {
      nearAll(shares(simulate(z, D, { profile }), 'firstAttempt'), { '172.16.10.1': 0.5, '172.16.10.2': 0.5 }, profile);
    }
  });
  it('with .1 down every profile delivers at .2 (a host’s other addresses are tried on connection failure)', () => {
    for (const profile of PROFILES) {
      const r = simulate(z, D, { profile, states: { '172.16.10.1': 'down' } });
      near(r.outcome.delivered, 1, profile);
      near(r.addresses[1].delivered, 1, profile);
    }
  });
  it('with rotated RRsets every profile splits 0.5 / 0.5', () => {
    for (const profile of PROFILES) {
      const r = simulate(z, D, { profile, rrsetOrder: 'rotated' });
      nearAll(shares(r, 'firstAttempt'), { '172.16.10.1': 0.5, '172.16.10.2': 0.5 }, profile);
    }
  });
});

describe('worked example 3: a backup tier that adds nothing', () => {
  const z = zoneOf(EX3);
  it('lists each address once, with every host that has it', () => {
    const r = simulate(z, D);
    assert.deepEqual(
      r.addresses.map((a) => [a.address, a.hosts]),
      [
        ['172.16.10.1', ['mail.example.com.', 'mail1.example.com.']],
        ['172.16.10.2', ['mail.example.com.', 'mail2.example.com.']],
      ],
    );
    assert.deepEqual(
      r.tiers.map((t) => [t.preference, t.hosts.map((h) => h.name)]),
      [
        [10, ['mail.example.com.']],
        [20, ['mail1.example.com.', 'mail2.example.com.']],
      ],
    );
  });
  it('postfix lists mail’s two addresses then mail1’s and mail2’s: four, within the limit', () => {
    const down = { '172.16.10.1': 'down', '172.16.10.2': 'down' } as const;
    const r = simulate(z, D, { profile: 'postfix', states: down });
    near(r.expectedAttempts, 4);
    assert.ok(r.sequences.every((s) => s.attempts.length === 4 && s.result === 'deferred'));
    // mail's two in either order, then the backup tier's two in either order.
    near(
      r.sequences.reduce((x, s) => x + s.probability, 0),
      1,
    );
    assert.equal(r.sequences.length, 4);
  });
  it('the backup tier reaches no new address: exim drops the repeats, rfc5321 retries them', () => {
    const down = { '172.16.10.1': 'down', '172.16.10.2': 'down' } as const;
    near(simulate(z, D, { profile: 'exim', states: down }).expectedAttempts, 2);
    const r = simulate(z, D, { profile: 'rfc5321', states: down });
    near(r.expectedAttempts, 4);
    // Tried is "attempted at all": a repeat does not count twice.
    nearAll(shares(r, 'tried'), { '172.16.10.1': 1, '172.16.10.2': 1 });
  });
});

describe('postfix: smtp_mx_address_limit = 5 and smtp_balance_inet_protocols', () => {
  const hostsWith = (name: string, v4: number[], v6: number[]): string =>
    v4.map((i) => `${name} A 192.0.2.${i}\n`).join('') + v6.map((i) => `${name} AAAA 2001:db8::${i}\n`).join('');
  const allDown = (r0: SimulationResult): Record<string, AddressState> =>
    Object.fromEntries(r0.addresses.map((a) => [a.address, 'down' as const]));
  const downRun = (body: string): SimulationResult => {
    const z = zoneOf(body);
    return simulate(z, D, { profile: 'postfix', states: allDown(simulate(z, D, { profile: 'postfix' })) });
  };

  it('cuts a one-family list of six to five: each address tried 5/6', () => {
    const r = downRun('@ MX 10 a\n' + hostsWith('a', [1, 2, 3, 4, 5, 6], []));
    near(r.expectedAttempts, 5);
    for (const a of r.addresses) near(a.tried, 5 / 6, a.address);
    assert.equal(r.outcome.deferred, 1);
  });
  it('keeps both IPv6 and three of four IPv4 when at most two are IPv6 (region R1)', () => {
    const r = downRun('@ MX 10 a\n' + hostsWith('a', [1, 2, 3, 4], [1, 2]));
    near(r.expectedAttempts, 5);
    for (const a of r.addresses) near(a.tried, a.address.includes(':') ? 1 : 3 / 4, a.address);
  });
  it('mirrors that when at most two are IPv4 (region R3)', () => {
    const r = downRun('@ MX 10 a\n' + hostsWith('a', [1, 2], [1, 2, 3, 4]));
    for (const a of r.addresses) near(a.tried, a.address.includes(':') ? 3 / 4 : 1, a.address);
  });
  it('keeps 3 of the first entry’s family and 2 of the other otherwise (region R2)', () => {
    // First entry IPv6 with probability 1/2: then all 3 IPv6 and 2 of 3 IPv4 are tried.
    const r = downRun('@ MX 10 a\n' + hostsWith('a', [1, 2, 3], [1, 2, 3]));
    for (const a of r.addresses) near(a.tried, 0.5 + 0.5 * (2 / 3), a.address);
    near(r.expectedAttempts, 5);
  });
  it('decides R2 by the family of the first entry after the preference sort', () => {
    // Preference 10 is all IPv6, so the list starts with IPv6: 3 IPv6, 2 of 3 IPv4.
    const r = downRun('@ MX 10 a\n@ MX 20 b\n' + hostsWith('a', [], [1, 2, 3]) + hostsWith('b', [1, 2, 3], []));
    for (const a of r.addresses) near(a.tried, a.address.includes(':') ? 1 : 2 / 3, a.address);
  });
  it('keeps order across preferences: four of preference 10, then one of two of preference 20', () => {
    const r = downRun('@ MX 10 a\n@ MX 20 b\n' + hostsWith('a', [1, 2, 3, 4], []) + hostsWith('b', [5, 6], []));
    for (const a of r.addresses) near(a.tried, ['192.0.2.5', '192.0.2.6'].includes(a.address) ? 0.5 : 1, a.address);
  });
  it('shuffles addresses, not hosts: a two-address host gets 2/3 of first attempts', () => {
    const r = run('@ MX 10 a\n@ MX 10 b\n' + hostsWith('a', [1, 2], []) + hostsWith('b', [3], []), {
      profile: 'postfix',
    });
    near(r.addresses[0].firstAttempt + r.addresses[1].firstAttempt, 2 / 3);
    near(r.addresses[2].firstAttempt, 1 / 3);
  });
  it('does not de-duplicate: an address reached through two names is listed twice', () => {
    const r = downRun('@ MX 10 a\n@ MX 10 b\n' + hostsWith('a', [1], []) + hostsWith('b', [1], []));
    near(r.expectedAttempts, 2);
    near(r.addresses[0].tried, 1);
  });
  it('treats a 5xx greeting like a 4xx one: all rejected is deferred, not bounced', () => {
    const r = run(EX1, { profile: 'postfix', states: { '172.16.10.1': 'reject', '172.16.10.2': 'reject' } });
    assert.deepEqual(r.outcome, { delivered: 0, deferred: 1, bounced: 0 });
  });
});

describe('exim', () => {
  it('after hosts_max_try = 5 failures jumps to the first address of each higher preference', () => {
    let body = '';
    for (let i = 1; i <= 6; i++) body += `@ MX 10 p${i}\np${i} A 192.0.2.${i}\n`;
    body += '@ MX 20 s1\n@ MX 20 s2\ns1 A 198.51.100.1\ns2 A 198.51.100.2\n@ MX 30 t\nt A 203.0.113.1\n';
    const z = zoneOf(body);
    const states: Record<string, AddressState> = {};
    for (let i = 1; i <= 6; i++) states[`192.0.2.${i}`] = 'down';
    states['198.51.100.1'] = 'down';
    states['198.51.100.2'] = 'down';
    states['203.0.113.1'] = 'down';
    const r = simulate(z, D, { profile: 'exim', states });
    // 5 of the 6 primaries, then one secondary, then the tertiary.
    near(r.expectedAttempts, 7);
    for (let i = 1; i <= 6; i++) near(r.addresses[i - 1].tried, 5 / 6, `primary ${i}`);
    near(shares(r, 'tried')['198.51.100.1'], 0.5);
    near(shares(r, 'tried')['198.51.100.2'], 0.5);
    near(shares(r, 'tried')['203.0.113.1'], 1);
    // The tertiary up: reached after the jump.
    const up = simulate(z, D, { profile: 'exim', states: { ...states, '203.0.113.1': 'up' } });
    near(up.outcome.delivered, 1);
    near(up.expectedAttempts, 7);
    // rfc5321 has no such limit: it tries all nine.
    near(simulate(z, D, { profile: 'rfc5321', states }).expectedAttempts, 9);
  });
  it('stops at hosts_max_try_hardlimit = 50 attempts', () => {
    let body = '';
    const states: Record<string, AddressState> = {};
    for (let i = 1; i <= 60; i++) {
      body += `@ MX ${i} h${i}\nh${i} A 10.0.${i}.1\n`;
      states[`10.0.${i}.1`] = 'down';
    }
    const r = run(body, { profile: 'exim', states, skipSequences: true });
    near(r.expectedAttempts, 50);
    assert.equal(r.outcome.deferred, 1);
  });
  it('moves IPv6 ahead of IPv4 within a preference with one swap pass', () => {
    // a: a6 then a4; b: b6 only. Order a,b: a6 a4 b6 -> a6 b6 a4. Order b,a: b6 a6 a4.
    const body = '@ MX 10 a\n@ MX 10 b\na AAAA 2001:db8::a\na A 192.0.2.10\nb AAAA 2001:db8::b\n';
    const r = run(body, { profile: 'exim', states: { 'a.example.com': 'down', 'b.example.com': 'down' } });
    assert.deepEqual(
      r.sequences.map((s) => [s.attempts, s.probability]),
      [
        [['2001:db8::a', '2001:db8::b', '192.0.2.10'], 0.5],
        [['2001:db8::b', '2001:db8::a', '192.0.2.10'], 0.5],
      ],
    );
  });
  it('carries an IPv4 entry past several IPv6 entries', () => {
    // Order a,b,c: a4 b6 c6 -> b6 c6 a4 (the pass carries a4 along).
    const body = '@ MX 10 a\n@ MX 10 b\n@ MX 10 c\na A 192.0.2.1\nb AAAA 2001:db8::b\nc AAAA 2001:db8::c\n';
    const r = run(body, {
      profile: 'exim',
      states: { 'a.example.com': 'down', 'b.example.com': 'down', 'c.example.com': 'down' },
    });
    near(shares(r, 'firstAttempt')['192.0.2.1'], 0);
    const last = r.sequences.filter((s) => s.attempts[2] === '192.0.2.1');
    near(
      last.reduce((x, s) => x + s.probability, 0),
      1,
    );
  });
  it('merges MX records of one host at the lowest preference', () => {
    const body = '@ MX 20 mail\n@ MX 10 mail\n@ MX 20 backup\nmail A 192.0.2.1\nbackup A 192.0.2.2\n';
    const r = run(body, { profile: 'exim', states: { '192.0.2.1': 'down' } });
    near(r.expectedAttempts, 2);
    nearAll(shares(r, 'firstAttempt'), { '192.0.2.1': 1, '192.0.2.2': 0 });
  });
  it('bounces when the last attempt got a 5xx greeting, else defers', () => {
    const r = run(EX1, { profile: 'exim', states: { '172.16.10.1': 'reject', '172.16.10.2': 'down' } });
    assert.deepEqual(r.outcome, { delivered: 0, deferred: 0.5, bounced: 0.5 });
  });
  it('never reaches a tier past the hard limit, however many tiers of repeated addresses come between', () => {
    // Tiers of addresses listed lower are emptied by the de-duplication: they cost no attempt.
    let body = '';
    const states: Record<string, AddressState> = {};
    for (let i = 1; i <= 120; i++) {
      const address = i % 2 === 0 ? '10.0.0.1' : `10.0.${i}.1`;
      body += `@ MX ${i} h${i}
h${i} A ${address}
`;
      states[address] = 'down';
    }
    // Tiers 1 and 2 bring 10.0.1.1 and 10.0.0.1, then each odd tier one more: tier 97 is the 50th
    // to bring an address, tier 99 the 51st. The 50th attempt reaches the first, none the second.
    const r = run(body, { profile: 'exim', states: { ...states, '10.0.97.1': 'up' }, skipSequences: true });
    near(r.expectedAttempts, 50);
    near(r.outcome.delivered, 1);
    near(shares(r, 'delivered')['10.0.97.1'], 1);
    const past = run(body, { profile: 'exim', states: { ...states, '10.0.99.1': 'up' }, skipSequences: true });
    near(past.expectedAttempts, 50);
    near(past.outcome.deferred, 1);
  });
  it('thousands of tiers on one address: one attempt, whatever the count of tiers', () => {
    let body = '';
    for (let i = 1; i <= 3000; i++)
      body += `@ MX ${i} h${i}
h${i} A 10.0.0.1
`;
    const z = zoneOf(body);
    const r = simulate(z, D, { profile: 'exim', states: { '10.0.0.1': 'down' }, skipSequences: true });
    near(r.expectedAttempts, 1);
    const s = survives(z, D, { profile: 'exim' });
    assert.deepEqual([s.k, s.exact, s.counterexample], [0, true, ['10.0.0.1']]);
  });
});

describe('null MX, implicit MX, no MX', () => {
  it('a lone "." target bounces for every profile', () => {
    for (const profile of PROFILES) {
      const r = run('@ MX 0 .\n@ A 192.0.2.1\n', { profile });
      assert.equal(r.mode, 'null-mx', profile);
      assert.deepEqual(r.outcome, { delivered: 0, deferred: 0, bounced: 1 });
      assert.deepEqual(r.sequences, [{ attempts: [], probability: 1, result: 'bounced' }]);
      assert.equal(r.tiers[0].hosts[0].status, 'null');
    }
  });
  it('a "." beside other records: postfix bounces, the others skip it', () => {
    const body = '@ MX 0 .\n@ MX 10 mail\nmail A 192.0.2.1\n';
    const p = run(body, { profile: 'postfix' });
    assert.equal(p.mode, 'null-mx');
    assert.equal(p.outcome.bounced, 1);
    for (const profile of PROFILES.filter((x) => x !== 'postfix')) {
      const r = run(body, { profile });
      assert.equal(r.mode, 'mx', profile);
      assert.equal(r.outcome.delivered, 1, profile);
      assert.equal(r.tiers[0].hosts[0].status, 'null', profile);
    }
  });
  it('a domain with addresses and no MX gets an implicit MX of preference 0', () => {
    const r = run('@ AAAA 2001:db8::1\n@ A 192.0.2.1\n');
    assert.equal(r.mode, 'implicit');
    assert.deepEqual(r.tiers, [
      { preference: 0, hosts: [{ name: D, status: 'ok', addresses: ['2001:db8::1', '192.0.2.1'] }] },
    ]);
    nearAll(shares(r, 'firstAttempt'), { '2001:db8::1': 1, '192.0.2.1': 0 });
    const v4 = run('@ AAAA 2001:db8::1\n@ A 192.0.2.1\n', { senderIpv6: false });
    nearAll(shares(v4, 'firstAttempt'), { '192.0.2.1': 1 });
  });
  it('a record the file repeats is one record, as the name server sends it (RFC 2181 §5)', () => {
    // mail three times (in other cases and as generic RDATA), mail2 once: senders see two hosts.
    const body =
      '@ MX 10 mail\n@ MX 10 MAIL\n@ MX \\# 20 000a046d61696c076578616d706c6503636f6d00\n@ MX 10 mail2\n' +
      'mail A 192.0.2.1\nmail2 A 192.0.2.2\n';
    for (const profile of ALL_BUT_FIRST_MX) {
      const r = run(body, { profile });
      assert.deepEqual(
        r.tiers.map((t) => t.hosts.map((h) => h.name)),
        [['mail.example.com.', 'mail2.example.com.']],
        profile,
      );
      assert.equal(r.exact, true, profile);
      nearAll(shares(r, 'firstAttempt'), { '192.0.2.1': 0.5, '192.0.2.2': 0.5 }, profile);
      // With mail down, one attempt at it, not three.
      near(run(body, { profile, states: { '192.0.2.1': 'down' } }).expectedAttempts, 1.5, profile);
    }
    // Another preference is another record: the host is listed twice.
    assert.equal(run('@ MX 10 mail\n@ MX 20 mail\nmail A 192.0.2.1\n').tiers.length, 2);
  });
  it('a domain with neither bounces (mode none)', () => {
    const r = run('www A 192.0.2.1\n', {}, 'nothing.example.com.');
    assert.equal(r.mode, 'none');
    assert.equal(r.outcome.bounced, 1);
    assert.deepEqual(r.tiers, []);
  });
});

describe('Step 2: the addresses of each host', () => {
  it('follows in-zone CNAMEs to the addresses', () => {
    const r = run('@ MX 10 alias\nalias CNAME real\nreal A 192.0.2.7\n');
    assert.deepEqual(r.tiers[0].hosts[0], { name: 'alias.example.com.', status: 'cname', addresses: ['192.0.2.7'] });
    near(r.outcome.delivered, 1);
  });
  it('finds a CNAME loop unusable and bounces when nothing else is left', () => {
    const r = run('@ MX 10 a\na CNAME b\nb CNAME a\n');
    assert.equal(r.tiers[0].hosts[0].status, 'unusable');
    assert.equal(r.outcome.bounced, 1);
  });
  it('takes AAAA before A and marks hosts without addresses', () => {
    const r = run('@ MX 10 mail\n@ MX 20 empty\nmail A 192.0.2.1\nmail AAAA 2001:db8::1\nempty TXT "x"\n');
    assert.deepEqual(r.tiers[0].hosts[0].addresses, ['2001:db8::1', '192.0.2.1']);
    assert.equal(r.tiers[1].hosts[0].status, 'no-address');
    const noV6 = run('@ MX 10 mail\nmail A 192.0.2.1\nmail AAAA 2001:db8::1\n', { senderIpv6: false });
    assert.deepEqual(noV6.tiers[0].hosts[0].addresses, ['192.0.2.1']);
  });
  it('stands an out-of-zone host in as one opaque address named by the host', () => {
    const body = '@ MX 10 mx.example.net.\n@ MX 20 alias\nalias CNAME mx2.example.org.\n';
    const r = run(body);
    assert.deepEqual(
      r.tiers.map((t) => t.hosts[0]),
      [
        { name: 'mx.example.net.', status: 'out-of-zone', addresses: ['mx.example.net.'] },
        { name: 'alias.example.com.', status: 'out-of-zone', addresses: ['mx2.example.org.'] },
      ],
    );
    const down = run(body, { states: { 'mx.example.net': 'down' } });
    nearAll(shares(down, 'delivered'), { 'mx.example.net.': 0, 'mx2.example.org.': 1 });
  });
  it('IP literal targets: postfix uses them, qmail at preference 0, the others find them unusable', () => {
    const body = '@ MX 10 mail\n@ MX 20 192.0.2.99\nmail A 192.0.2.1\n';
    const p = run(body, { profile: 'postfix', states: { '192.0.2.1': 'down' } });
    assert.deepEqual(p.tiers[1].hosts[0], {
      name: '192.0.2.99.example.com.',
      status: 'ip-literal',
      addresses: ['192.0.2.99'],
    });
    near(p.addresses[1].delivered, 1);
    const q = run(body, { profile: 'qmail' });
    assert.equal(q.tiers[0].preference, 0);
    assert.deepEqual(q.tiers[0].hosts[0].addresses, ['192.0.2.99']);
    nearAll(shares(q, 'firstAttempt'), { '192.0.2.99': 1, '192.0.2.1': 0 });
    for (const profile of ['rfc5321', 'exim', 'sendmail', 'first-mx'] as const) {
      const r = run(body, { profile, states: { '192.0.2.1': 'down' } });
      assert.equal(r.tiers[1].hosts[0].status, 'ip-literal', profile);
      assert.deepEqual(r.tiers[1].hosts[0].addresses, [], profile);
      assert.equal(r.outcome.delivered, 0, profile);
    }
    // An IPv6 literal: postfix uses it; qmail is IPv4 only.
    const six = '@ MX 10 2001:db8::99\n';
    assert.equal(run(six, { profile: 'postfix' }).outcome.delivered, 1);
    assert.equal(run(six, { profile: 'qmail' }).outcome.bounced, 1);
  });
  it('applies a state given for a host name to all of its addresses, an address state first', () => {
    const r = run(EX2, { states: { 'mail.example.com.': 'down', '172.16.10.2': 'up' } });
    assert.deepEqual(
      r.addresses.map((a) => a.state),
      ['down', 'up'],
    );
    assert.equal(run(EX2, { states: { 'MAIL.example.com': 'down' } }).outcome.deferred, 1);
  });
});

describe('failure rules per profile', () => {
  const body = '@ MX 10 a\n@ MX 20 b\na A 192.0.2.1\na A 192.0.2.2\nb A 192.0.2.3\n';
  it('sendmail skips the rest of a host on a 4xx greeting; rfc5321 tries its next address', () => {
    const s = run(body, { profile: 'sendmail', states: { '192.0.2.1': 'tempfail' } });
    assert.deepEqual(s.sequences, [{ attempts: ['192.0.2.1', '192.0.2.3'], probability: 1, result: 'delivered' }]);
    const r = run(body, { profile: 'rfc5321', states: { '192.0.2.1': 'tempfail' } });
    assert.deepEqual(r.sequences, [{ attempts: ['192.0.2.1', '192.0.2.2'], probability: 1, result: 'delivered' }]);
    // On a refused connection Sendmail does try the host's next address.
    const d = run(body, { profile: 'sendmail', states: { '192.0.2.1': 'down' } });
    assert.deepEqual(d.sequences[0].attempts, ['192.0.2.1', '192.0.2.2']);
  });
  it('qmail stops on a 4xx or 5xx greeting (deferred) and moves on only when the connection fails', () => {
    for (const state of ['tempfail', 'reject'] as const) {
      const q = run(body, { profile: 'qmail', states: { '192.0.2.1': state } });
      assert.deepEqual(q.outcome, { delivered: 0, deferred: 1, bounced: 0 }, state);
      near(q.expectedAttempts, 1);
    }
    near(run(body, { profile: 'qmail', states: { '192.0.2.1': 'down' } }).outcome.delivered, 1);
  });
  it('rfc5321 bounces only when every attempt got a 5xx greeting', () => {
    const all = { '192.0.2.1': 'reject', '192.0.2.2': 'reject', '192.0.2.3': 'reject' } as const;
    assert.equal(run(body, { states: all }).outcome.bounced, 1);
    assert.equal(run(body, { states: { ...all, '192.0.2.3': 'down' } }).outcome.deferred, 1);
  });
  it('sendmail drops a host equal to the one before it', () => {
    const dup = '@ MX 10 mail\n@ MX 20 mail\nmail A 192.0.2.1\n';
    near(run(dup, { profile: 'sendmail', states: { '192.0.2.1': 'down' } }).expectedAttempts, 1);
    near(run(dup, { profile: 'rfc5321', states: { '192.0.2.1': 'down' } }).expectedAttempts, 2);
  });
  it('first-mx keeps ties in RRset order and uses the first host with an address', () => {
    const r = run('@ MX 10 none\n@ MX 10 b\n@ MX 10 a\nb A 192.0.2.2\na A 192.0.2.1\n', { profile: 'first-mx' });
    nearAll(shares(r, 'firstAttempt'), { '192.0.2.2': 1, '192.0.2.1': 0 });
    const rot = run(EX1, { profile: 'first-mx', rrsetOrder: 'rotated' });
    nearAll(shares(rot, 'firstAttempt'), { '172.16.10.1': 0.5, '172.16.10.2': 0.5 });
  });
  it('rotated RRsets rotate each host’s A RRset independently', () => {
    const r = run('@ MX 10 a\na A 192.0.2.1\na A 192.0.2.2\na A 192.0.2.3\n', {
      rrsetOrder: 'rotated',
      states: { '192.0.2.1': 'down' },
    });
    nearAll(shares(r, 'firstAttempt'), { '192.0.2.1': 1 / 3, '192.0.2.2': 1 / 3, '192.0.2.3': 1 / 3 });
    // Starting at .1 (down) the next is .2: .2 delivers 2/3, .3 delivers 1/3.
    nearAll(shares(r, 'delivered'), { '192.0.2.1': 0, '192.0.2.2': 2 / 3, '192.0.2.3': 1 / 3 });
  });
});

describe('exactness and sampling', () => {
  it('samples (exact: false) when a preference holds more than 8 hosts', () => {
    let body = '';
    for (let i = 1; i <= 9; i++) body += `@ MX 10 m${i}\nm${i} A 192.0.2.${i}\n`;
    const r = run(body);
    assert.equal(r.exact, false);
    for (const a of r.addresses) near(a.firstAttempt, 1 / 9, a.address, 0.01);
    near(r.outcome.delivered, 1);
  });
  it('survives stays exact for eleven hosts alike at one preference (it gave way to sampled walks)', () => {
    let body = '';
    for (let i = 1; i <= 11; i++) body += `@ MX 10 m${i}\nm${i} A 192.0.2.${i}\n`;
    const z = zoneOf(body);
    for (const profile of ['rfc5321', 'sendmail', 'qmail'] as const) {
      const s = survives(z, D, { profile });
      assert.deepEqual([s.k, s.candidates, s.exact, s.counterexample?.length], [10, 11, true, 11], profile);
      // One host refusing with 4xx: qmail stops there, so a walk that starts at it loses mail at once.
      const q = survives(z, D, { profile, states: { '192.0.2.5': 'tempfail' } });
      assert.deepEqual([q.k, q.exact], [profile === 'qmail' ? -1 : 9, true], profile);
    }
  });
  it('samples for postfix when one preference holds more than 8 addresses', () => {
    let body = '';
    for (let i = 1; i <= 5; i++) body += `@ MX 10 m${i}\nm${i} A 192.0.2.${i}\nm${i} AAAA 2001:db8::${i}\n`;
    assert.equal(run(body, { profile: 'postfix' }).exact, false);
    assert.equal(run(body, { profile: 'rfc5321' }).exact, true);
  });

  it('first-mx picks its host as sorting each rotation of the MX RRset would (up to 12 hosts, every rotation)', () => {
    const hostArb = fc.record({ preference: fc.integer({ min: 0, max: 3 }), usable: fc.boolean() });
    fc.assert(
      fc.property(fc.array(hostArb, { minLength: 1, maxLength: 12 }), fc.boolean(), (given, rotated) => {
        const hosts: PreparedHost[] = given.map((h, index) => ({
          index,
          name: `h${index}.`,
          key: `h${index}.`,
          preference: h.preference,
          status: 'ok',
          v6: [],
          v4: h.usable ? [index] : [],
          usable: h.usable,
        }));
        const got = firstHostDistribution({ hosts, addresses: [], states: [], rotated });
        // What the client does: the RRset answered from each record in turn, sorted (stably) by preference.
        const want = new Map<PreparedHost, number>();
        const offsets = rotated ? hosts.length : 1;
        for (let off = 0; off < offsets; off++) {
          const answered = hosts.map((_, i) => hosts[(off + i) % hosts.length]);
          const first = [...answered].sort((a, b) => a.preference - b.preference).find((h) => h.usable);
          if (first !== undefined) want.set(first, (want.get(first) ?? 0) + 1 / offsets);
        }
        assert.equal(got.size, want.size);
        for (const [h, p] of want) near(got.get(h) ?? 0, p, h.name);
      }),
      { numRuns: 500 },
    );
  });

  it('Shuffle draws every item once, each equally likely at each place, for short and long lists', () => {
    const random = prng(7);
    for (const n of [0, 1, 2, 5, 64, 65, 200]) {
      const items = Array.from({ length: n }, (_, i) => i);
      const drawn: number[] = [];
      const s = new Shuffle(items, random);
      for (let x = s.next(); x !== undefined; x = s.next()) drawn.push(x);
      assert.deepEqual(
        [...drawn].sort((a, b) => a - b),
        items,
        `n = ${n}`,
      );
    }
    // 20 000 orders of 100 items (kept as moved entries, not copied): the first and second
    // item drawn are each uniform (200 expected per item; 4.5 standard deviations either side).
    const counts = [new Array<number>(100).fill(0), new Array<number>(100).fill(0)];
    const items = Array.from({ length: 100 }, (_, i) => i);
    for (let k = 0; k < 20_000; k++) {
      const s = new Shuffle(items, random);
      counts[0][s.next() as number]++;
      counts[1][s.next() as number]++;
    }
    for (const c of counts) for (const x of c) assert.ok(Math.abs(x - 200) < 64, `${x} of 20 000`);
  });

  it('the walks of Postfix and Exim on a host with 100 addresses, 95 down, keep 5 random ones', () => {
    // Both try 5 addresses of the host, drawn at random (Postfix's address limit, Exim's hosts_max_try):
    // the mail is delivered unless all 5 are among the 95 down.
    let body = '@ MX 10 mail\n';
    const states: Record<string, AddressState> = {};
    for (let i = 0; i < 100; i++) {
      body += `mail A 10.0.0.${i}\n`;
      if (i >= 5) states[`10.0.0.${i}`] = 'down';
    }
    const allDown = (95 * 94 * 93 * 92 * 91) / (100 * 99 * 98 * 97 * 96);
    for (const profile of ['postfix', 'exim'] as const) {
      const r = run(body, { profile, states });
      assert.equal(r.exact, false);
      near(r.outcome.delivered, 1 - allDown, `${profile} delivered`, 0.015);
      for (const a of r.addresses) near(a.firstAttempt, 1 / 100, `${profile} first ${a.address}`, 0.005);
    }
  });
});

describe('summaries for hover, panel and code lens', () => {
  it('survives: the largest k such that any k addresses down still deliver', () => {
    const z = zoneOf(EX1);
    const r = survives(z, D);
    assert.deepEqual({ k: r.k, exact: r.exact, candidates: r.candidates }, { k: 1, exact: true, candidates: 2 });
    assert.deepEqual([...(r.counterexample ?? [])].sort(), ['172.16.10.1', '172.16.10.2']);
    const f = survives(z, D, { profile: 'first-mx' });
    assert.equal(f.k, 0);
    assert.deepEqual(f.counterexample, ['172.16.10.1']);
    assert.equal(survives(z, D, { profile: 'first-mx', states: { '172.16.10.1': 'tempfail' } }).k, -1);
  });
  it('survives counts what the profile can reach: postfix tries only 5 of 6 addresses', () => {
    let body = '@ MX 10 a\n';
    for (let i = 1; i <= 6; i++) body += `a A 192.0.2.${i}\n`;
    const z = zoneOf(body);
    assert.equal(survives(z, D, { profile: 'postfix' }).k, 4);
    assert.equal(survives(z, D, { profile: 'rfc5321' }).k, 5);
    // qmail stops at a 4xx greeting: one tempfailing address is enough to lose the rest.
    assert.equal(survives(zoneOf(EX1), D, { profile: 'qmail', states: { '172.16.10.1': 'tempfail' } }).k, -1);
  });
  it('mxShape counts the tiers, hosts and addresses that simulate lists, without running the sender', () => {
    const bodies = [
      EX1,
      EX3,
      '@ MX 0 .\n',
      '@ MX 0 .\n@ MX 10 mail\nmail A 192.0.2.1\n',
      '@ AAAA 2001:db8::1\n@ A 192.0.2.1\n',
      '@ MX 10 none\n@ MX 10 [192.0.2.9]\n@ MX 20 v6\nv6 AAAA 2001:db8::2\n@ MX 30 out.example.net.\n',
      '@ MX 10 mail\n@ MX 10 MAIL\nmail A 192.0.2.1\n',
    ];
    for (const body of bodies) {
      const z = zoneOf(body);
      for (const profile of PROFILES) {
        const r = simulate(z, D, { profile });
        const hosts = r.tiers.reduce((n, t) => n + t.hosts.length, 0);
        assert.deepEqual(
          mxShape(z, D, { profile }),
          { mode: r.mode, tiers: r.tiers.length, hosts, addresses: r.addresses.length },
          `${profile}: ${body}`,
        );
      }
    }
  });
  it('describeFailover: the outcome with each address down', () => {
    const f = describeFailover(zoneOf(EX1), D, { profile: 'first-mx' });
    assert.deepEqual(
      f.map((x) => [x.address, x.outcome.delivered, x.deliveredAt]),
      [
        ['172.16.10.1', 0, {}],
        ['172.16.10.2', 1, { '172.16.10.1': 1 }],
      ],
    );
  });
  it('compareProfiles groups profiles by where first attempts go', () => {
    const c = compareProfiles(zoneOf(EX2), D);
    assert.equal(c.differs, true);
    assert.deepEqual(
      c.groups.map((g) => g.profiles),
      [
        ['rfc5321', 'sendmail', 'qmail', 'first-mx'],
        ['postfix', 'exim'],
      ],
    );
    assert.deepEqual(c.summary, [
      'rfc5321, sendmail, qmail, first-mx: 100% 172.16.10.1',
      'postfix, exim: 50% 172.16.10.1, 50% 172.16.10.2',
    ]);
  });
  it('mailDomains lists MX owners and an apex with addresses only', () => {
    const z = zoneOf('@ A 192.0.2.1\nsub MX 10 mail\nmail A 192.0.2.2\nnull MX 0 .\n');
    assert.deepEqual(
      mailDomains(z).map((m) => [m.domain, m.mode, m.ranges.length]),
      [
        ['example.com.', 'implicit', 1],
        ['sub.example.com.', 'mx', 1],
        ['null.example.com.', 'null-mx', 1],
      ],
    );
    const text = z.files[0].text;
    const r = mailDomains(z)[1].ranges[0];
    assert.equal(text.slice(r.start, r.end), 'sub MX 10 mail');
  });
  it('locations link each host and address back to its records', () => {
    const z = zoneOf('@ MX 10 alias\nalias CNAME mail\nmail A 192.0.2.1\n');
    const r = simulate(z, D, { withLocations: true });
    const loc = r.locations?.tiers[0][0];
    assert.ok(loc !== undefined);
    const text = z.files[0].text;
    const cut = (x: { start: number; end: number } | null): string => (x === null ? '' : text.slice(x.start, x.end));
    assert.equal(cut(loc.record), '@ MX 10 alias');
    assert.equal(cut(loc.target), 'alias');
    assert.deepEqual(loc.cnames.map(cut), ['alias CNAME mail']);
    assert.deepEqual(loc.addresses.map(cut), ['mail A 192.0.2.1']);
    assert.equal(simulate(z, D).locations, undefined);
  });
  it('formatText shows tiers, shares and the outcome', () => {
    const t = formatText(run(EX1, { states: { '172.16.10.1': 'down' } }));
    assert.match(t, /preference 10/);
    assert.match(t, /172\.16\.10\.1 +down +50\.0% +50\.0% +0\.0%/);
    assert.match(t, /delivered 100\.0%, deferred 0\.0%, bounced 0\.0%; 1\.50 attempts/);
    assert.match(t, /172\.16\.10\.1 -> 172\.16\.10\.2 +=> delivered/);
  });
});

describe('properties over random MX sets', () => {
  const POOL4 = ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4'];
  const POOL6 = ['2001:db8::1', '2001:db8::2'];
  const hostArb = fc.record({
    pref: fc.constantFrom(10, 20, 30),
    kind: fc.constantFrom('plain', 'plain', 'plain', 'cname', 'outside', 'literal'),
    v4: fc.subarray(POOL4, { maxLength: 2 }),
    v6: fc.subarray(POOL6, { maxLength: 1 }),
  });
  const caseArb = fc.record({
    hosts: fc.array(hostArb, { minLength: 1, maxLength: 4 }),
    profile: fc.constantFrom<ProfileId>(...PROFILES),
    rotated: fc.boolean(),
    senderIpv6: fc.boolean(),
    states: fc.dictionary(
      fc.constantFrom(...POOL4, ...POOL6, 'h0.example.com.', 'mx.example.net.'),
      fc.constantFrom<AddressState>('up', 'down', 'tempfail', 'reject'),
    ),
  });
  type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;
  const build = (c: Case): Zone => {
    let body = '';
    c.hosts.forEach((h, i) => {
      const name = `h${i}`;
      if (h.kind === 'outside') body += `@ MX ${h.pref} mx.example.net.\n`;
      else if (h.kind === 'literal') body += `@ MX ${h.pref} ${h.v4[0] ?? '192.0.2.9'}\n`;
      else if (h.kind === 'cname') body += `@ MX ${h.pref} alias${i}\nalias${i} CNAME ${name}\n`;
      else body += `@ MX ${h.pref} ${name}\n`;
      for (const a of h.v4) body += `${name} A ${a}\n`;
      for (const a of h.v6) body += `${name} AAAA ${a}\n`;
    });
    return zoneOf(body);
  };
  const options = (c: Case): SimulationOptions => ({
    profile: c.profile,
    rrsetOrder: c.rotated ? 'rotated' : 'zone',
    senderIpv6: c.senderIpv6,
    states: c.states,
  });

  it('probabilities are in [0, 1], outcomes sum to 1, first attempts sum to P(at least one attempt)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const r = simulate(build(c), D, options(c));
        const all = [
          ...r.addresses.flatMap((a) => [a.firstAttempt, a.tried, a.delivered]),
          ...Object.values(r.outcome),
          ...r.sequences.map((s) => s.probability),
        ];
        for (const p of all) assert.ok(p >= -1e-12 && p <= 1 + 1e-12, `probability ${p}`);
        near(r.outcome.delivered + r.outcome.deferred + r.outcome.bounced, 1, 'outcome sum');
        const none = r.sequences.filter((s) => s.attempts.length === 0).reduce((x, s) => x + s.probability, 0);
        near(
          r.addresses.reduce((x, a) => x + a.firstAttempt, 0),
          1 - none,
          'first attempts',
        );
        near(
          r.addresses.reduce((x, a) => x + a.delivered, 0),
          r.outcome.delivered,
          'delivered',
        );
        for (const a of r.addresses) assert.ok(a.firstAttempt <= a.tried + 1e-12 && a.delivered <= a.tried + 1e-12);
        for (const a of r.addresses) if (a.state !== 'up') near(a.delivered, 0, 'delivered at a failing address');
        assert.ok(r.sequences.length <= 20);
        for (let i = 1; i < r.sequences.length; i++) {
          assert.ok(r.sequences[i - 1].probability >= r.sequences[i].probability - 1e-12);
        }
        if (r.sequences.length < 20) {
          near(
            r.sequences.reduce((x, s) => x + s.probability, 0),
            1,
            'sequences cover everything',
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('survives agrees with trying every set of down addresses', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const z = build(c);
        const got = survives(z, D, options(c));
        const base = simulate(z, D, { ...options(c), skipSequences: true });
        const up = base.addresses.filter((a) => a.state === 'up').map((a) => a.address);
        const loses = (set: string[]): boolean => {
          const states = { ...c.states, ...Object.fromEntries(set.map((a) => [a, 'down' as const])) };
          return simulate(z, D, { ...options(c), states, skipSequences: true }).outcome.delivered < 1 - 1e-9;
        };
        let k = up.length;
        if (loses([])) k = -1;
        else {
          const subsets = (n: number, from = 0): string[][] =>
            n === 0 ? [[]] : up.slice(from).flatMap((a, i) => subsets(n - 1, from + i + 1).map((r) => [a, ...r]));
          for (let n = 1; n <= up.length && k === up.length; n++) if (subsets(n).some(loses)) k = n - 1;
        }
        assert.equal(got.k, k);
        if (k >= 0 && got.counterexample !== null) {
          assert.equal(got.counterexample.length, k + 1);
          assert.ok(loses(got.counterexample), 'the counterexample loses mail');
        }
      }),
      { numRuns: 150 },
    );
  });

  it('survives merges hosts alike and still agrees with trying every set of down addresses', () => {
    // Hosts of one shape at one preference, each with addresses of its own: the search for the smallest
    // losing set takes them as one class when their addresses' states agree (see hostClasses).
    const stateArb = fc.constantFrom<AddressState>('up', 'up', 'down', 'tempfail', 'reject');
    const alikeArb = fc.record({
      hosts: fc.array(
        fc.record({
          pref: fc.constantFrom(10, 10, 10, 20),
          states: fc.array(stateArb, { minLength: 1, maxLength: 3 }),
        }),
        { minLength: 2, maxLength: 4 },
      ),
      profile: fc.constantFrom<ProfileId>('rfc5321', 'sendmail', 'qmail'),
      rotated: fc.boolean(),
    });
    fc.assert(
      fc.property(alikeArb, (c) => {
        const mx: string[] = [];
        let addresses = '';
        const given: Record<string, AddressState> = {};
        c.hosts.forEach((h, i) => {
          mx.push(`@ MX ${h.pref} h${i}\n`);
          h.states.forEach((state, j) => {
            addresses += `h${i} A 192.0.2.${10 * i + j}\n`;
            given[`192.0.2.${10 * i + j}`] = state;
          });
        });
        const z = zoneOf(mx.join('') + addresses);
        const options: SimulationOptions = { profile: c.profile, rrsetOrder: c.rotated ? 'rotated' : 'zone' };
        // The MX records in the other order too: a merge that keeps the wrong one of two walks shows in one of them.
        const reversed = zoneOf(mx.reverse().join('') + addresses);
        const got = survives(z, D, { ...options, states: given });
        assert.deepEqual(survives(reversed, D, { ...options, states: given }).k, got.k, 'the other order');
        const up = Object.keys(given).filter((a) => given[a] === 'up');
        const loses = (set: string[]): boolean => {
          const states = { ...given, ...Object.fromEntries(set.map((a) => [a, 'down' as const])) };
          return simulate(z, D, { ...options, states, skipSequences: true }).outcome.delivered < 1 - 1e-9;
        };
        let k = loses([]) ? -1 : up.length;
        const subsets = (n: number, from = 0): string[][] =>
          n === 0 ? [[]] : up.slice(from).flatMap((a, i) => subsets(n - 1, from + i + 1).map((r) => [a, ...r]));
        for (let n = 1; n <= up.length && k === up.length; n++) if (subsets(n).some(loses)) k = n - 1;
        assert.equal(got.k, k);
        assert.equal(got.exact, true);
      }),
      { numRuns: 500 },
    );
  });

  const samplerAgrees = (c: Case): void => {
    const z = build(c);
    const exact = simulate(z, D, { ...options(c), skipSequences: true });
    const sampled = simulate(z, D, { ...options(c), skipSequences: true, forceSampling: true });
    if (exact.mode !== 'mx' && exact.mode !== 'implicit') return;
    if (exact.addresses.length > 0) assert.equal(sampled.exact, false);
    const eps = 0.01;
    for (const k of ['delivered', 'deferred', 'bounced'] as const) near(sampled.outcome[k], exact.outcome[k], k, eps);
    exact.addresses.forEach((a, i) => {
      const s = sampled.addresses[i];
      near(s.firstAttempt, a.firstAttempt, `first ${a.address}`, eps);
      near(s.tried, a.tried, `tried ${a.address}`, eps);
      near(s.delivered, a.delivered, `delivered ${a.address}`, eps);
    });
    near(sampled.expectedAttempts, exact.expectedAttempts, 'attempts', 0.05);
  };

  it('the walks of Postfix and Exim, drawn as they are read, agree with the exact chain within 0.01', () => {
    // Their lists are the intricate ones: Postfix's balancing of families, Exim's swap pass and de-duplication.
    const walked = fc
      .tuple(caseArb, fc.constantFrom<ProfileId>('postfix', 'exim'))
      .map(([c, profile]) => ({ ...c, profile }));
    fc.assert(fc.property(walked, samplerAgrees), { numRuns: 80 });
  });

  it('the sampler (a literal walk of each profile) agrees with the exact chain within 0.01', () => {
    fc.assert(fc.property(caseArb, samplerAgrees), { numRuns: 60 });
  });
});
