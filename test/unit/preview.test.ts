/**
 * The failover preview's host side without VS Code: the message protocol's
 * run-time checks, the controller's handling of webview messages (with the
 * real core answering the requests), the plain-language summary and the
 * panel HTML. The webview itself is tested in Chromium (test/webview).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MailDomainInfo, SimulateParams, SimulateResponse } from '../../server/src/protocol';
import { PROFILES, simulate } from '../../server/src/simulate/index';
import { PreviewController, pickDomain, type PreviewBackend } from '../../client/src/preview/controller';
import { makeNonce, panelCsp, panelHtml } from '../../client/src/preview/html';
import {
  PROFILE_IDS,
  defaultOptions,
  parseHostMessage,
  parsePersistedState,
  parseWebviewMessage,
  type HostMessage,
  type PreviewView,
  type ProfileResult,
} from '../../client/src/preview/protocol';
import { commonSuffix, describeStates, summaryLines } from '../../client/src/preview/summary';
import { coreBackend, example } from '../webview/backend';

const FAILOVER = example('mx-failover.example.zone');
const APEX = 'mx-failover.example.';

/** A controller over the real core with its posts and reveals recorded. */
function setup(domain: string | null = APEX, cursorLine?: number) {
  const backend = coreBackend({ [FAILOVER.uri]: FAILOVER.text });
  const posted: HostMessage[] = [];
  const revealed: { uri: string; line: number }[] = [];
  const controller = new PreviewController(
    backend,
    { post: (m) => posted.push(m), reveal: (l) => revealed.push({ uri: l.uri, line: l.range.start.line }) },
    { document: { uri: FAILOVER.uri, name: 'mx-failover.example.zone', cursorLine }, domain },
  );
  const lastView = (): PreviewView => {
    const m = posted[posted.length - 1];
    assert.ok(m && m.type === 'view', `a view was posted, got ${JSON.stringify(m)}`);
    return m.view;
  };
  return { backend, posted, revealed, controller, lastView };
}

function lineOf(pattern: RegExp): number {
  const n = FAILOVER.lines.findIndex((l) => pattern.test(l));
  assert.ok(n >= 0, String(pattern));
  return n;
}

function results(domain: string, states: Record<string, 'up' | 'down' | 'tempfail' | 'reject'> = {}): ProfileResult[] {
  const zone = coreBackend({ [FAILOVER.uri]: FAILOVER.text }).zone(FAILOVER.uri);
  return PROFILES.map((profile) => simulate(zone, domain, { profile, states }));
}

describe('preview protocol', () => {
  it('lists the core profiles in the core order', () => {
    assert.deepEqual(PROFILE_IDS, PROFILES);
  });

  it('accepts every valid webview message and copies it', () => {
    const valid = [
      { type: 'ready' },
      { type: 'selectDomain', domain: 'example.com.' },
      { type: 'setStates', states: { '192.0.2.1': 'down', 'mail.example.com.': 'tempfail', '2001:db8::1': 'up' } },
      { type: 'resetStates' },
      { type: 'setProfile', profile: 'first-mx' },
      { type: 'setCompare', compare: true },
      { type: 'setRrsetOrder', rrsetOrder: 'rotated' },
      { type: 'setSenderIpv6', senderIpv6: false },
      { type: 'reveal', host: 'mail.example.com.' },
      { type: 'reveal', host: 'mail.example.com.', address: '192.0.2.1' },
    ];
    for (const m of valid) assert.deepEqual(parseWebviewMessage(m), m, JSON.stringify(m));
    // Extra fields are dropped, not passed on.
    assert.deepEqual(parseWebviewMessage({ type: 'ready', evil: 1 }), { type: 'ready' });
  });

  it('rejects anything else', () => {
    const invalid: unknown[] = [
      undefined,
      null,
      'ready',
      42,
      [],
      ['ready'],
      {},
      { type: 'nope' },
      { type: 'selectDomain' },
      { type: 'selectDomain', domain: '' },
      { type: 'selectDomain', domain: 7 },
      { type: 'setStates' },
      { type: 'setStates', states: [] },
      { type: 'setStates', states: { '192.0.2.1': 'broken' } },
      { type: 'setStates', states: { '192.0.2.1': 1 } },
      { type: 'setStates', states: { '': 'down' } },
      { type: 'setStates', states: JSON.parse('{"__proto__": "down"}') as unknown },
      { type: 'setProfile', profile: 'outlook' },
      { type: 'setCompare', compare: 'yes' },
      { type: 'setRrsetOrder', rrsetOrder: 'random' },
      { type: 'setSenderIpv6', senderIpv6: 1 },
      { type: 'reveal' },
      { type: 'reveal', host: '' },
      { type: 'reveal', host: 'mail.', address: 4 },
    ];
    for (const m of invalid) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
  });

  it('checks host messages deeply: a share out of range or a missing field rejects the view', () => {
    const { controller, lastView } = setup();
    return (controller.handleMessage({ type: 'ready' }) as Promise<void>).then(() => {
      const view = lastView();
      assert.deepEqual(parseHostMessage({ type: 'view', view }), { type: 'view', view });
      assert.deepEqual(parseHostMessage({ type: 'status', text: 'hi' }), { type: 'status', text: 'hi' });
      const r = view.results[0];
      const broken: unknown[] = [
        { type: 'view' },
        { type: 'status' },
        { type: 'view', view: { ...view, summary: [1] } },
        { type: 'view', view: { ...view, domain: 3 } },
        { type: 'view', view: { ...view, options: { ...view.options, states: { a: 'gone' } } } },
        { type: 'view', view: { ...view, results: [{ ...r, outcome: { ...r.outcome, delivered: 2 } }] } },
        { type: 'view', view: { ...view, results: [{ ...r, expectedAttempts: Number.NaN }] } },
        { type: 'view', view: { ...view, results: [{ ...r, tiers: [{ preference: 10, hosts: [{ name: 'x' }] }] }] } },
        {
          type: 'view',
          view: { ...view, results: [{ ...r, sequences: [{ attempts: [], probability: 1, result: 'lost' }] }] },
        },
      ];
      for (const m of broken) assert.equal(parseHostMessage(m), undefined, JSON.stringify(m).slice(0, 120));
    });
  });

  it('reads a saved state back and refuses damaged or foreign ones', () => {
    const state = { version: 1, documentUri: 'file:///z.zone', domain: 'z.', options: defaultOptions() };
    assert.deepEqual(parsePersistedState(state), state);
    assert.deepEqual(parsePersistedState({ ...state, domain: null }), { ...state, domain: null });
    for (const bad of [
      undefined,
      null,
      {},
      { ...state, version: 2 },
      { ...state, options: {} },
      { ...state, domain: 1 },
    ]) {
      assert.equal(parsePersistedState(bad), undefined, JSON.stringify(bad));
    }
    // A damaged saved view is dropped; the rest is kept.
    assert.deepEqual(parsePersistedState({ ...state, view: { broken: true } }), state);
  });
});

describe('preview controller', () => {
  it('rejects invalid messages without asking the server or posting', () => {
    const { backend, posted, controller } = setup();
    for (const m of [null, { type: 'setStates', states: { x: 'sideways' } }, { type: 'run', cmd: 'rm' }]) {
      assert.equal(controller.handleMessage(m), false);
    }
    assert.equal(backend.simulateCalls.length + backend.domainCalls.length, 0);
    assert.equal(posted.length, 0);
  });

  it('on ready: the domain under the cursor, one simulation per profile with the default options', async () => {
    const { backend, controller, lastView } = setup(null, lineOf(/^wide\s+MX/));
    await controller.handleMessage({ type: 'ready' });
    assert.deepEqual(backend.domainCalls, [FAILOVER.uri]);
    assert.deepEqual(
      backend.simulateCalls,
      PROFILES.map((profile) => ({
        textDocument: { uri: FAILOVER.uri },
        domain: 'wide.mx-failover.example.',
        profile,
        states: {},
        rrsetOrder: 'zone',
        senderIpv6: true,
      })),
    );
    const view = lastView();
    assert.equal(view.domain, 'wide.mx-failover.example.');
    assert.deepEqual(
      view.domains.map((d) => d.domain),
      [
        'mx-failover.example.',
        'shared.mx-failover.example.',
        'single.mx-failover.example.',
        'wide.mx-failover.example.',
        'six.mx-failover.example.',
        'internal.mx-failover.example.',
      ],
    );
    assert.deepEqual(
      view.results.map((r) => r.profile),
      PROFILES,
    );
    assert.ok(
      view.results.every((r) => !('locations' in r)),
      'editor locations stay on the host',
    );
    assert.equal(view.documentName, 'mx-failover.example.zone');
  });

  it('state changes re-simulate every profile with the merged states; up removes a state; reset clears', async () => {
    const { backend, controller, lastView } = setup();
    await controller.handleMessage({ type: 'setStates', states: { '192.0.2.1': 'down' } });
    await controller.handleMessage({ type: 'setStates', states: { 'mail2.mx-failover.example.': 'tempfail' } });
    const calls = backend.simulateCalls.slice(-PROFILES.length);
    assert.deepEqual(
      calls.map((c) => c.profile),
      PROFILES,
    );
    for (const c of calls) {
      assert.deepEqual(c.states, { '192.0.2.1': 'down', 'mail2.mx-failover.example.': 'tempfail' });
      assert.equal(c.domain, APEX);
    }
    const view = lastView();
    assert.deepEqual(view.options.states, { '192.0.2.1': 'down', 'mail2.mx-failover.example.': 'tempfail' });
    // Every sender defers: mail1 is down and mail2 greylists.
    assert.ok(
      view.results.every((r) => r.outcome.deferred === 1),
      JSON.stringify(view.results.map((r) => r.outcome)),
    );

    await controller.handleMessage({ type: 'setStates', states: { '192.0.2.1': 'up' } });
    assert.deepEqual(backend.simulateCalls[backend.simulateCalls.length - 1].states, {
      'mail2.mx-failover.example.': 'tempfail',
    });
    await controller.handleMessage({ type: 'resetStates' });
    assert.deepEqual(backend.simulateCalls[backend.simulateCalls.length - 1].states, {});
  });

  it('round-robin and IPv6 re-simulate; profile and compare only redraw', async () => {
    const { backend, posted, controller, lastView } = setup();
    await controller.handleMessage({ type: 'ready' });
    await controller.handleMessage({ type: 'setRrsetOrder', rrsetOrder: 'rotated' });
    await controller.handleMessage({ type: 'setSenderIpv6', senderIpv6: false });
    const last = backend.simulateCalls[backend.simulateCalls.length - 1];
    assert.equal(last.rrsetOrder, 'rotated');
    assert.equal(last.senderIpv6, false);
    const before = backend.simulateCalls.length;
    const postsBefore = posted.length;
    await controller.handleMessage({ type: 'setProfile', profile: 'postfix' });
    await controller.handleMessage({ type: 'setCompare', compare: true });
    assert.equal(backend.simulateCalls.length, before, 'no new simulation');
    assert.equal(posted.length, postsBefore + 2);
    assert.equal(lastView().options.profile, 'postfix');
    assert.equal(lastView().options.compare, true);
    assert.equal(lastView().results.length, PROFILES.length);
  });

  it('another domain starts with every address up', async () => {
    const { controller, lastView } = setup();
    await controller.handleMessage({ type: 'setStates', states: { '192.0.2.1': 'down' } });
    await controller.handleMessage({ type: 'selectDomain', domain: 'single.mx-failover.example.' });
    assert.equal(lastView().domain, 'single.mx-failover.example.');
    assert.deepEqual(lastView().options.states, {});
  });

  it('reveal maps a host to its MX record and an address to its A record', async () => {
    const { controller, revealed } = setup();
    await controller.handleMessage({ type: 'ready' });
    await controller.handleMessage({ type: 'reveal', host: 'mail2.mx-failover.example.' });
    await controller.handleMessage({ type: 'reveal', host: 'mail2.mx-failover.example.', address: '192.0.2.2' });
    await controller.handleMessage({ type: 'reveal', host: 'MAIL1.mx-failover.example.', address: '192.0.2.1' });
    await controller.handleMessage({ type: 'reveal', host: 'nowhere.example.' });
    await controller.handleMessage({ type: 'reveal', host: 'mail2.mx-failover.example.', address: '203.0.113.9' });
    assert.deepEqual(revealed, [
      { uri: FAILOVER.uri, line: lineOf(/^\s+MX\s+10 mail2$/) },
      { uri: FAILOVER.uri, line: lineOf(/^mail2\s+A/) },
      { uri: FAILOVER.uri, line: lineOf(/^mail1\s+A/) },
    ]);
  });

  it('follows edits with a debounce: a burst of changes is one re-simulation', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { backend, controller, lastView } = setup();
    await controller.handleMessage({ type: 'ready' });
    assert.equal(backend.domainCalls.length, 1);
    backend.setText(FAILOVER.uri, FAILOVER.text.replace('mail2      A     192.0.2.2', 'mail2      A     192.0.2.22'));
    controller.documentChanged();
    t.mock.timers.tick(100);
    controller.documentChanged();
    t.mock.timers.tick(249);
    assert.equal(backend.domainCalls.length, 1, 'still waiting for the edits to pause');
    t.mock.timers.tick(1);
    assert.equal(backend.domainCalls.length, 2);
    // Let the refresh's promises settle.
    await controller.refresh();
    assert.deepEqual(
      lastView().results[0].addresses.map((a) => a.address),
      ['192.0.2.1', '192.0.2.22'],
    );
  });

  it('drops a response that a newer refresh overtook', async () => {
    const pending: ((r: SimulateResponse | null) => void)[] = [];
    const real = coreBackend({ [FAILOVER.uri]: FAILOVER.text });
    const slow: PreviewBackend = {
      mailDomains: (uri) => real.mailDomains(uri),
      simulate: (p: SimulateParams) =>
        new Promise((resolve) => pending.push(() => void real.simulate(p).then(resolve))),
    };
    const posted: HostMessage[] = [];
    const controller = new PreviewController(
      slow,
      { post: (m) => posted.push(m), reveal: () => {} },
      {
        document: { uri: FAILOVER.uri, name: 'z' },
        domain: APEX,
      },
    );
    const first = controller.handleMessage({ type: 'setStates', states: { '192.0.2.1': 'down' } }) as Promise<void>;
    // Wait until the first refresh has asked its six questions.
    while (pending.length < PROFILES.length) await Promise.resolve();
    const second = controller.handleMessage({ type: 'resetStates' }) as Promise<void>;
    while (pending.length < 2 * PROFILES.length) await Promise.resolve();
    // The newer answers arrive first, the older ones after.
    for (const answer of pending.slice(PROFILES.length)) answer(null);
    await second;
    for (const answer of pending.slice(0, PROFILES.length)) answer(null);
    await first;
    assert.equal(posted.length, 1);
    assert.deepEqual((posted[0] as { view: PreviewView }).view.options.states, {});
  });

  it('says so when the server fails, and nothing after dispose', async () => {
    const failing: PreviewBackend = {
      mailDomains: () => Promise.reject(new Error('the ZoneLens language server is not running')),
      simulate: () => Promise.reject(new Error('unreachable')),
    };
    const posted: HostMessage[] = [];
    const controller = new PreviewController(
      failing,
      { post: (m) => posted.push(m), reveal: () => {} },
      {
        document: { uri: 'file:///x.zone', name: 'x.zone' },
      },
    );
    await controller.handleMessage({ type: 'ready' });
    assert.deepEqual(posted, [
      { type: 'status', text: 'The simulation failed: the ZoneLens language server is not running' },
    ]);
    controller.dispose();
    await controller.handleMessage({ type: 'ready' });
    assert.equal(posted.length, 1);
  });

  it('a document without mail domains gets a view with no domain', async () => {
    const uri = 'file:///none.zone';
    const backend = coreBackend({
      [uri]: '$ORIGIN none.example.\n@ 3600 SOA ns h 1 2 3 4 5\n@ 3600 NS ns.example.net.\n',
    });
    const posted: HostMessage[] = [];
    const controller = new PreviewController(
      backend,
      { post: (m) => posted.push(m), reveal: () => {} },
      {
        document: { uri, name: 'none.zone' },
      },
    );
    await controller.handleMessage({ type: 'ready' });
    const view = (posted[0] as { view: PreviewView }).view;
    assert.equal(view.domain, null);
    assert.deepEqual(view.results, []);
    assert.equal(backend.simulateCalls.length, 0);
  });

  it('the summary names hosts relative to the zone, from the mail domains', async () => {
    const { controller, lastView } = setup('wide.mx-failover.example.');
    await controller.handleMessage({ type: 'setStates', states: { '192.0.2.11': 'down', '192.0.2.12': 'down' } });
    assert.match(lastView().summary[0], /^With a down, /);
  });

  it('pickDomain: the one asked for, else the one under the cursor, else the first', () => {
    const d = (domain: string, line: number): MailDomainInfo => {
      const range = { start: { line, character: 0 }, end: { line, character: 10 } };
      return { domain, mode: 'mx', locations: [{ uri: 'u', range }], range };
    };
    const list = [d('a.example.', 1), d('b.example.', 5)];
    assert.equal(pickDomain(list, 'b.example.', 1), 'b.example.');
    assert.equal(pickDomain(list, 'B.EXAMPLE', undefined), 'b.example.');
    assert.equal(pickDomain(list, 'gone.example.', 5), 'b.example.');
    assert.equal(pickDomain(list, null, 3), 'a.example.');
    assert.equal(pickDomain([], 'a.example.', 1), null);
  });
});

describe('preview summary', () => {
  it('commonSuffix finds the shared labels', () => {
    assert.equal(commonSuffix(['mx-failover.example.', 'wide.mx-failover.example.']), 'mx-failover.example.');
    assert.equal(commonSuffix(['a.example.com.', 'b.example.com.']), 'example.com.');
    assert.equal(commonSuffix(['example.com.', 'example.net.']), '.');
    assert.equal(commonSuffix([]), '.');
  });

  it("says the issue's sentence for mail1 down", () => {
    assert.deepEqual(summaryLines(results(APEX, { '192.0.2.1': 'down' })), [
      'With mail1 down, RFC 5321 senders, Postfix, Exim, Sendmail and qmail reach 192.0.2.2; first-MX-only clients defer instead.',
      'First attempts differ: RFC 5321 senders, Postfix, Exim, Sendmail and qmail split between 192.0.2.1 (50%) and 192.0.2.2 (50%); first-MX-only clients start at 192.0.2.1.',
    ]);
  });

  it('all up, greylisting, rejection, and every sender agreeing', () => {
    assert.match(
      summaryLines(results(APEX))[0],
      /^With every server up, RFC 5321 senders, Postfix, Exim, Sendmail and qmail reach 192\.0\.2\.1 \(50%\) or 192\.0\.2\.2 \(50%\); first-MX-only clients reach 192\.0\.2\.1 instead\.$/,
    );
    assert.equal(
      summaryLines(results(APEX, { '192.0.2.1': 'tempfail', '192.0.2.2': 'tempfail' }))[0],
      'With mail1 and mail2 answering 4xx, every sender defers.',
    );
    assert.equal(
      summaryLines(results('single.mx-failover.example.', { '192.0.2.1': 'reject' }), APEX)[0],
      'With mail1 and mail3 answering 5xx, RFC 5321 senders and Exim bounce; Postfix, Sendmail, qmail and first-MX-only clients defer instead.',
    );
  });

  it('a sender that delivers only part of the time says where and how often it fails', () => {
    const line = summaryLines(
      results('wide.mx-failover.example.', { '192.0.2.11': 'down', '192.0.2.13': 'tempfail' }),
      APEX,
    )[0];
    assert.ok(line.startsWith('With 192.0.2.11 down and 192.0.2.13 answering 4xx, '), line);
    // qmail stops at the first 4xx (SIMULATION.md): half of its deliveries meet 192.0.2.13 first.
    assert.ok(line.endsWith('; qmail delivers 50% of the time (at 192.0.2.12) and defers 50% instead.'), line);
  });

  it('names addresses when a host is only partly down, and says null MX plainly', () => {
    assert.deepEqual(describeStates(results('wide.mx-failover.example.', { '192.0.2.11': 'down' }), APEX), [
      '192.0.2.11 down',
    ]);
    assert.deepEqual(
      describeStates(
        results('wide.mx-failover.example.', { '192.0.2.11': 'down', '192.0.2.12': 'down', '192.0.2.2': 'down' }),
        APEX,
      ),
      ['a and mail2 down'],
    );
    const nullMx = example('null-mx.example.zone');
    const zone = coreBackend({ [nullMx.uri]: nullMx.text }).zone(nullMx.uri);
    assert.deepEqual(summaryLines([simulate(zone, 'noreply.null-mx.example.')]), [
      'Null MX (RFC 7505): this domain accepts no mail; every sender bounces at once.',
    ]);
  });
});

describe('preview HTML', () => {
  it('locks the page down: default-src none, scripts by nonce only, styles from the webview', () => {
    const csp = panelCsp('https://x.vscode-cdn.net', 'abc');
    assert.equal(
      csp,
      "default-src 'none'; style-src https://x.vscode-cdn.net; img-src https://x.vscode-cdn.net; font-src https://x.vscode-cdn.net; script-src 'nonce-abc'; base-uri 'none'; form-action 'none'",
    );
    const nonce = makeNonce();
    assert.equal(Buffer.from(nonce, 'base64').length, 16);
    assert.notEqual(makeNonce(), nonce);
    const html = panelHtml({
      cspSource: 'https://x',
      nonce,
      scriptUri: 'https://x/p.js?a="b"',
      styleUri: 'https://x/p.css',
    });
    assert.ok(html.includes(`<script nonce="${nonce}" src="https://x/p.js?a=&quot;b&quot;"></script>`));
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.doesNotMatch(html, /\sstyle=|\son\w+=/);
  });
});
