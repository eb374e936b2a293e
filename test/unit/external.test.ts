/**
 * External facts about out-of-zone names (server/src/zone/external.ts) as the
 * checks and the simulation use them, with a fake `ExternalNames` (no network:
 * the live tier in test/dns drives the real resolver).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/checks/index';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { simulate } from '../../server/src/simulate/index';
import {
  resolveExternal,
  type ExternalAddress,
  type ExternalAnswer,
  type ExternalNames,
} from '../../server/src/zone/external';

/** A fake DNS: names with addresses, aliases, NXDOMAIN names; anything else unknown. Records every question. */
function fakeDns(data: {
  addresses?: Record<string, ExternalAddress[]>;
  cnames?: Record<string, string>;
  nxdomain?: string[];
}): ExternalNames & { asked: string[] } {
  const asked: string[] = [];
  const known = (name: string) => name in (data.addresses ?? {}) || name in (data.cnames ?? {});
  return {
    asked,
    addresses(name): ExternalAnswer<ExternalAddress[]> {
      asked.push(`addresses ${name}`);
      if (data.nxdomain?.includes(name)) return { state: 'nxdomain' };
      if (!known(name)) return { state: 'unknown' };
      return { state: 'known', value: data.addresses?.[name] ?? [] };
    },
    cname(name): ExternalAnswer<string | null> {
      asked.push(`cname ${name}`);
      if (data.nxdomain?.includes(name)) return { state: 'nxdomain' };
      if (!known(name)) return { state: 'unknown' };
      return { state: 'known', value: data.cnames?.[name] ?? null };
    },
  };
}

const MAIL: ExternalAddress[] = [
  { address: '2001:db8::25', family: 6 },
  { address: '192.0.2.25', family: 4 },
];

const DNS = fakeDns({
  addresses: { 'mail.example.net.': MAIL, 'noaddr.example.net.': [] },
  cnames: {
    'alias.example.net.': 'mail.example.net.',
    'loop1.example.net.': 'loop2.example.net.',
    'loop2.example.net.': 'loop1.example.net.',
  },
  nxdomain: ['nx.example.net.'],
});

function zone(mx: string[], extra = ''): string {
  return [
    '$ORIGIN example.com.',
    '$TTL 3600',
    '@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600',
    '@ IN NS ns1',
    'ns1 IN A 192.0.2.1',
    ...mx.map((t, i) => `@ IN MX ${(i + 1) * 10} ${t}`),
    extra,
  ].join('\n');
}

/** `code target-as-written` of each diagnostic on an MX line. */
function mxCodes(text: string, external?: ExternalNames): string[] {
  const a = analyze(text, { fileName: 'example.com.zone' }, DEFAULT_SETTINGS, {
    reverseZones: [],
    external,
  });
  return a.diagnostics
    .filter((d) => d.code.startsWith('mx-target') || d.code === 'mx-single-address')
    .map((d) => `${d.code} ${text.slice(d.start, d.end)}`)
    .sort();
}

describe('resolveExternal', () => {
  it('a host with addresses, an alias, a loop, NXDOMAIN, unknown', () => {
    assert.deepEqual(resolveExternal(DNS, 'mail.example.net.'), {
      canonical: 'mail.example.net.',
      chain: [],
      loop: false,
      addresses: { state: 'known', value: MAIL },
    });
    const alias = resolveExternal(DNS, 'alias.example.net.');
    assert.deepEqual(alias.chain, ['mail.example.net.']);
    assert.deepEqual(alias.addresses, { state: 'known', value: MAIL });
    assert.equal(resolveExternal(DNS, 'loop1.example.net.').loop, true);
    assert.deepEqual(resolveExternal(DNS, 'nx.example.net.').addresses, { state: 'nxdomain' });
    assert.deepEqual(resolveExternal(DNS, 'elsewhere.example.org.').addresses, { state: 'unknown' });
  });

  it('a chain longer than the limit is a loop', () => {
    const cnames: Record<string, string> = {};
    for (let i = 0; i < 12; i++) cnames[`h${i}.example.net.`] = `h${i + 1}.example.net.`;
    const long = fakeDns({ cnames, addresses: { 'h12.example.net.': MAIL } });
    assert.equal(resolveExternal(long, 'h0.example.net.').loop, true);
    assert.equal(resolveExternal(long, 'h5.example.net.').loop, false);
  });
});

describe('checks with external facts', () => {
  const text = zone(['mail.example.net.', 'alias.example.net.', 'nx.example.net.', 'noaddr.example.net.']);

  it('without them: out-of-zone targets are only hinted at, and nothing is asked', () => {
    assert.deepEqual(mxCodes(text), [
      'mx-target-out-of-zone alias.example.net.',
      'mx-target-out-of-zone mail.example.net.',
      'mx-target-out-of-zone noaddr.example.net.',
      'mx-target-out-of-zone nx.example.net.',
    ]);
  });

  it('with them: mx-target-cname and mx-target-no-address for out-of-zone targets; resolved ones lose the hint', () => {
    assert.deepEqual(mxCodes(text, DNS), [
      'mx-target-cname alias.example.net.',
      'mx-target-no-address noaddr.example.net.',
      'mx-target-no-address nx.example.net.',
    ]);
  });

  it('what DNS does not know stays "not checked"', () => {
    assert.deepEqual(mxCodes(zone(['mail.example.net.', 'mx.example.org.']), DNS), [
      'mx-target-out-of-zone mx.example.org.',
    ]);
  });

  it('messages say the facts come from DNS, and what senders do', () => {
    const a = analyze(zone(['nx.example.net.']), { fileName: 'z' }, DEFAULT_SETTINGS, {
      reverseZones: [],
      external: DNS,
    });
    const d = a.diagnostics.find((x) => x.code === 'mx-target-no-address');
    assert.equal(
      d?.message,
      'the MX target nx.example.net. does not exist (NXDOMAIN, asked through DNS): no MX of example.com. leads to a server, so mail to it bounces (RFC 5321 §5.1)',
    );
    assert.equal(d?.data, undefined, 'no quick fix: the missing records are in another zone');
  });

  it('another MX that DNS says is dead does not count as a fallback', () => {
    const a = analyze(zone(['nx.example.net.', 'noaddr.example.net.']), { fileName: 'z' }, DEFAULT_SETTINGS, {
      reverseZones: [],
      external: DNS,
    });
    for (const d of a.diagnostics.filter((x) => x.code === 'mx-target-no-address')) {
      assert.match(d.message, /no MX of example\.com\. leads to a server/);
    }
  });

  it('a live MX among thousands of dead ones is the fallback of each, counted once per domain', () => {
    const dead = Array.from({ length: 2000 }, (_, i) => (i % 2 === 0 ? 'nx.example.net.' : 'noaddr.example.net.'));
    const a = analyze(zone([...dead, 'mail.example.net.']), { fileName: 'z' }, DEFAULT_SETTINGS, {
      reverseZones: [],
      external: DNS,
    });
    const ds = a.diagnostics.filter((x) => x.code === 'mx-target-no-address');
    assert.equal(ds.length, 2000);
    for (const d of ds) assert.match(d.message, /: senders skip this MX and try the others/);
  });

  it('an out-of-zone alias loop is mx-target-cname only', () => {
    assert.deepEqual(mxCodes(zone(['loop1.example.net.', 'mail.example.net.']), DNS), [
      'mx-target-cname loop1.example.net.',
    ]);
  });

  it('an in-zone alias that leads out: the in-zone CNAME is reported, and DNS says where it ends', () => {
    const codes = mxCodes(zone(['mx'], 'mx IN CNAME nx.example.net.'), DNS);
    assert.deepEqual(codes, ['mx-target-cname mx', 'mx-target-no-address mx']);
  });
});

describe('simulation with external facts', () => {
  const text = zone(['alias.example.net.', 'nx.example.net.', 'mail.example.net.']);
  const z = analyze(text, { fileName: 'z' }, DEFAULT_SETTINGS).zone;

  it('resolved hosts have their addresses; dead ones are no-address', () => {
    const r = simulate(z, 'example.com.', { external: DNS });
    const hosts = r.tiers.flatMap((t) => t.hosts);
    assert.deepEqual(hosts, [
      { name: 'alias.example.net.', status: 'cname', addresses: ['2001:db8::25', '192.0.2.25'] },
      { name: 'nx.example.net.', status: 'no-address', addresses: [] },
      { name: 'mail.example.net.', status: 'ok', addresses: ['2001:db8::25', '192.0.2.25'] },
    ]);
    assert.equal(r.outcome.delivered, 1);
    // alias and mail are the same host: one address table entry each, shared.
    assert.deepEqual(
      r.addresses.map((a) => [a.address, a.hosts]),
      [
        ['2001:db8::25', ['alias.example.net.', 'mail.example.net.']],
        ['192.0.2.25', ['alias.example.net.', 'mail.example.net.']],
      ],
    );
  });

  it('states by host name apply to resolved addresses, through the alias too', () => {
    const r = simulate(z, 'example.com.', { external: DNS, states: { 'mail.example.net': 'down' } });
    assert.equal(r.outcome.delivered, 0);
  });

  it('an IPv4-only sender (qmail) drops the AAAA', () => {
    const r = simulate(z, 'example.com.', { external: DNS, profile: 'qmail' });
    assert.deepEqual(r.tiers[0].hosts[0].addresses, ['192.0.2.25']);
  });

  it('without facts, or facts unknown: the opaque stand-in as before', () => {
    const r = simulate(z, 'example.com.', {});
    assert.ok(r.tiers.flatMap((t) => t.hosts).every((h) => h.status === 'out-of-zone'));
    const unknown = simulate(z, 'example.com.', { external: fakeDns({}) });
    assert.ok(unknown.tiers.flatMap((t) => t.hosts).every((h) => h.status === 'out-of-zone'));
  });
});
