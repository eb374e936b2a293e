/**
 * server/src/resolve.ts against a real authoritative server (NSD on a
 * 127.0.0.1 port): answers, the TTL cache, the timeout, the concurrency limit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DnsResolver, invalidServers, MAX_IN_FLIGHT, QUERY_TIMEOUT_MS } from '../../server/src/resolve';
import { resolveExternal } from '../../server/src/zone/external';
import { EXAMPLE_NET, skipReason, startNsd, startRelay, type CountingRelay, type Nsd } from './harness';

const skip = skipReason() ?? false;

describe('DNS resolver (NSD on 127.0.0.1)', { skip }, () => {
  let nsd: Nsd;
  let relay: CountingRelay;
  let sink: CountingRelay;

  before(async () => {
    nsd = await startNsd({ 'example.net': EXAMPLE_NET });
    relay = await startRelay(nsd.port);
    sink = await startRelay(null);
  });

  after(async () => {
    await relay?.close();
    await sink?.close();
    await nsd?.stop();
  });

  /** The queries the relay saw since `from`. */
  const seen = (from: number) => relay.queries.slice(from);

  it('answers: addresses (AAAA first), an alias, NXDOMAIN, a name without addresses', async () => {
    let answers = 0;
    const r = new DnsResolver({ servers: [relay.address], onAnswer: () => answers++ });
    const names = ['mail.example.net.', 'alias.example.net.', 'nx.example.net.', 'noaddr.example.net.'];
    // Nothing is known before DNS answered; asking starts the queries.
    for (const n of names) assert.deepEqual(resolveExternal(r, n).addresses, { state: 'unknown' });
    await r.idle();
    // The alias's target is asked in a second round, as the checks do after the re-check.
    for (const n of names) resolveExternal(r, n);
    await r.idle();
    assert.deepEqual(resolveExternal(r, 'mail.example.net.'), {
      canonical: 'mail.example.net.',
      chain: [],
      loop: false,
      addresses: {
        state: 'known',
        value: [
          { address: '2001:db8::25', family: 6 },
          { address: '192.0.2.25', family: 4 },
        ],
      },
    });
    const alias = resolveExternal(r, 'alias.example.net.');
    assert.deepEqual(alias.chain, ['mail.example.net.']);
    assert.equal(alias.canonical, 'mail.example.net.');
    assert.equal(alias.addresses.state, 'known');
    assert.deepEqual(resolveExternal(r, 'nx.example.net.').addresses, { state: 'nxdomain' });
    assert.deepEqual(resolveExternal(r, 'noaddr.example.net.').addresses, { state: 'known', value: [] });
    assert.ok(answers > 0, 'onAnswer was called');
    // Names are asked without the trailing dot, in lower case, and each question once.
    const asked = relay.queries.filter((q) => !q.startsWith('SOA'));
    assert.ok(asked.includes('A mail.example.net') && asked.includes('AAAA mail.example.net'));
    assert.ok(asked.includes('CNAME alias.example.net'));
    assert.equal(new Set(asked).size, asked.length, `no question asked twice: ${asked.join(', ')}`);
  });

  it('a CNAME loop is reported as a loop, not followed for ever', async () => {
    const r = new DnsResolver({ servers: [relay.address] });
    for (let i = 0; i < 4; i++) {
      resolveExternal(r, 'loop1.example.net.');
      await r.idle();
    }
    const loop = resolveExternal(r, 'loop1.example.net.');
    assert.equal(loop.loop, true);
  });

  it('the cache keeps an answer for its TTL, then asks again (serving the old answer meanwhile)', async () => {
    let now = 1_000_000;
    const r = new DnsResolver({ servers: [relay.address], now: () => now });
    const from = relay.queries.length;
    r.addresses('mail.example.net.');
    await r.idle();
    assert.deepEqual(seen(from).sort(), ['A mail.example.net', 'AAAA mail.example.net']);
    const sent = r.stats.queries;
    now += 299_000; // the records' TTL is 300 s
    assert.equal(r.addresses('mail.example.net.').state, 'known');
    assert.equal(r.stats.queries, sent, 'no query within the TTL');
    now += 2_000;
    assert.equal(r.addresses('mail.example.net.').state, 'known', 'the expired answer meanwhile');
    assert.equal(r.stats.queries, sent + 2, 'both questions asked again after the TTL');
    await r.idle();
    assert.equal(seen(from).length, 4, 'and they reached the server');
  });

  it('a TTL below 5 s is kept 5 s: an answer cannot make its own re-check ask again', async () => {
    let now = 5_000_000;
    const r = new DnsResolver({ servers: [relay.address], now: () => now });
    r.addresses('short.example.net.');
    await r.idle();
    const sent = r.stats.queries;
    now += 3_000; // past the record's TTL of 2 s
    r.addresses('short.example.net.');
    assert.equal(r.stats.queries, sent);
    now += 3_000;
    r.addresses('short.example.net.');
    // Only A: its AAAA answer (none: NODATA) has no TTL from Node and is kept 60 s.
    assert.equal(r.stats.queries, sent + 1);
    await r.idle();
  });

  it('a server that never answers: "unknown" after the 2 s timeout, no error, nothing cached as an answer', async () => {
    assert.equal(QUERY_TIMEOUT_MS, 2000);
    let answers = 0;
    const r = new DnsResolver({ servers: [sink.address], onAnswer: () => answers++ });
    const started = performance.now();
    assert.deepEqual(r.addresses('mail.example.net.'), { state: 'unknown' });
    await r.idle();
    const ms = performance.now() - started;
    assert.ok(ms >= 1500 && ms < 6000, `gave up after ${Math.round(ms)} ms`);
    const sent = r.stats.queries;
    assert.deepEqual(r.addresses('mail.example.net.'), { state: 'unknown' });
    assert.equal(r.stats.queries, sent, 'the failure is remembered for a while: not asked at every re-check');
    assert.equal(answers, 0, 'a timeout is no news: no re-check');
    assert.ok(sink.queries.includes('A mail.example.net'), 'the query was sent (to the sink)');
  });

  it(`at most ${MAX_IN_FLIGHT} queries in flight; the rest wait their turn`, async () => {
    const r = new DnsResolver({ servers: [sink.address], timeoutMs: 300 });
    const from = sink.queries.length;
    for (let i = 0; i < 20; i++) r.cname(`host${i}.example.net.`);
    assert.equal(r.stats.inFlight, MAX_IN_FLIGHT);
    assert.equal(r.stats.queued, 20 - MAX_IN_FLIGHT);
    await r.idle();
    assert.equal(r.stats.maxInFlight, MAX_IN_FLIGHT);
    assert.equal(r.stats.queries, 20);
    assert.equal(
      sink.queries.length - from,
      20,
      `each query sent once (one try): ${sink.queries.slice(from).join(', ')}`,
    );
  });

  it('server addresses are checked: IP, IP:port, [IPv6]:port', () => {
    assert.deepEqual(invalidServers(['127.0.0.1', '127.0.0.1:5353', '::1', '[::1]:53', '[2001:db8::1]']), []);
    assert.deepEqual(invalidServers(['localhost', '127.0.0.1:0', '1.2.3:53', '[::1', 'dns.example:53', '::1:53x']), [
      'localhost',
      '127.0.0.1:0',
      '1.2.3:53',
      '[::1',
      'dns.example:53',
      '::1:53x',
    ]);
    assert.throws(() => new DnsResolver({ servers: ['localhost'] }), /not a DNS server address: localhost/);
  });

  it('dispose cancels what is in flight: idle resolves at once, nothing more is asked', async () => {
    const r = new DnsResolver({ servers: [sink.address] });
    r.cname('cancelled.example.net.');
    const started = performance.now();
    r.dispose();
    await r.idle();
    assert.ok(performance.now() - started < 1000, 'not waiting for the timeout');
    const sent = r.stats.queries;
    r.cname('after.example.net.');
    assert.equal(r.stats.queries, sent);
  });
});
