/**
 * The failover preview in headless Chromium: the real panel HTML (the host's
 * `panelHtml`, its CSP and nonce) and the built bundle, the host's
 * `PreviewController` answering from the real simulation core, and a stand-in
 * for `acquireVsCodeApi`. Messages go both ways as they do in VS Code; the
 * numbers on screen are checked against the core's own results.
 *
 * Run: npm run test:webview (builds first). UPDATE_SCREENSHOTS=1 also rewrites
 * docs/images/panel-light.png and panel-dark.png.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Location } from 'vscode-languageserver-protocol';
import { PreviewController } from '../../client/src/preview/controller';
import {
  parsePersistedState,
  type HostMessage,
  type PreviewOptions,
  type PreviewView,
  type ProfileResult,
} from '../../client/src/preview/protocol';
import { PROFILES, simulate, type HostStatus, type SimulationOptions } from '../../server/src/simulate/index';
import { coreBackend, example, type CoreBackend } from './backend';
import { launchBrowser } from '../chromium';
import { openPanel, startPanelServer, type PanelPage, type PanelServer } from './harness';
import { DARK, HIGH_CONTRAST, LIGHT } from './themes';

const ROOT = path.resolve(__dirname, '../..');
const FAILOVER = example('mx-failover.example.zone');
const APEX = 'mx-failover.example.';

/** A share as a reader expects it printed: percent with at most one decimal. */
/** `getComputedStyle` as seen from this file, which is compiled without DOM types. */
type WithStyle = { getComputedStyle(e: unknown): { borderTopColor: string; backgroundColor: string } };

function pct(p: number): string {
  return `${Math.round(p * 1000) / 10}%`;
}

/** The host side of one panel: a controller over the real core, its posts queued for the page. */
class Host {
  readonly posted: HostMessage[] = [];
  readonly revealed: Location[] = [];
  readonly controller: PreviewController;

  constructor(
    readonly backend: CoreBackend,
    uri: string,
    name: string,
    domain: string | null,
    options?: PreviewOptions,
  ) {
    this.controller = new PreviewController(
      backend,
      { post: (m) => this.posted.push(m), reveal: (l) => this.revealed.push(l) },
      { document: { uri, name }, domain, options },
    );
  }

  /** Hands a message from the webview to the controller and feeds its answer back to the page. */
  async forward(pp: PanelPage, message: unknown): Promise<void> {
    const before = this.posted.length;
    const handled = this.controller.handleMessage(message);
    assert.notEqual(handled, false, `the host accepts ${JSON.stringify(message)}`);
    await handled;
    assert.ok(this.posted.length > before, 'the host answered');
    await pp.feed(this.posted[this.posted.length - 1]);
  }
}

function failoverHost(domain = APEX): Host {
  return new Host(coreBackend({ [FAILOVER.uri]: FAILOVER.text }), FAILOVER.uri, 'mx-failover.example.zone', domain);
}

/** The core's own answer for the failover example. */
function core(host: Host, domain: string, options: SimulationOptions) {
  return simulate(host.backend.zone(FAILOVER.uri), domain, options);
}

async function text(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().textContent()) ?? '';
}

/** The shares drawn for each address, checked against a core result. */
async function assertShares(
  page: Page,
  r: { addresses: { address: string; firstAttempt: number; delivered: number }[] },
) {
  assert.ok(r.addresses.length > 0);
  for (const a of r.addresses) {
    assert.equal(await text(page, `[data-share="first"][data-address="${a.address}"]`), pct(a.firstAttempt), a.address);
    assert.equal(
      await text(page, `[data-share="delivered"][data-address="${a.address}"]`),
      pct(a.delivered),
      a.address,
    );
  }
}

function stateRadio(page: Page, group: string, state: string) {
  return page.getByRole('radiogroup', { name: group, exact: true }).getByRole('radio', { name: state, exact: true });
}

describe('failover preview in Chromium', () => {
  let browser: Browser;
  let server: PanelServer;
  const pageErrors: string[] = [];

  before(async () => {
    browser = await launchBrowser();
    server = await startPanelServer();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens a panel, answers its `ready` with the host's first view. */
  async function open(host: Host, options: Parameters<typeof openPanel>[2] = {}): Promise<PanelPage> {
    const pp = await openPanel(browser, server, options);
    pp.page.on('pageerror', (e) => pageErrors.push(e.message));
    const ready = await pp.sent.next();
    assert.deepEqual(ready, { type: 'ready' });
    await host.forward(pp, ready);
    return pp;
  }

  async function close(pp: PanelPage): Promise<void> {
    assert.deepEqual(pp.violations.all, [], 'no CSP violation while the panel works');
    assert.deepEqual(pageErrors, [], 'no script error');
    await pp.page.close();
  }

  it('serves the panel with its CSP: default-src none, the nonce for scripts, styles from the webview only', async () => {
    const host = failoverHost();
    const pp = await open(host);
    const csp = await pp.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.ok(csp);
    assert.match(csp, /^default-src 'none'; /);
    assert.ok(csp.includes(`script-src 'nonce-${server.lastNonce}'`), csp);
    assert.ok(csp.includes(`style-src ${server.origin};`), csp);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    assert.equal(await pp.page.locator('script').count(), 1);
    await close(pp);
  });

  it('draws the core shares, sends a state change, and redraws the re-simulated numbers', async () => {
    const host = failoverHost();
    const pp = await open(host, { theme: LIGHT });
    const { page } = pp;
    await assertShares(page, core(host, APEX, { profile: 'rfc5321' }));
    assert.match(await text(page, '.summary'), /^With every server up, /);

    await stateRadio(page, 'State of 192.0.2.1', 'down').check();
    const sent = await pp.sent.next();
    assert.deepEqual(sent, { type: 'setStates', states: { '192.0.2.1': 'down' } });
    assert.equal(await page.locator('#app').getAttribute('aria-busy'), 'true', 'busy until the answer');
    host.backend.simulateCalls.length = 0;
    await host.forward(pp, sent);
    assert.equal(await page.locator('#app').getAttribute('aria-busy'), null);
    // One simulation per profile, each with the new state.
    assert.deepEqual(
      host.backend.simulateCalls.map((c) => [c.profile, c.domain, c.states]),
      PROFILES.map((p) => [p, APEX, { '192.0.2.1': 'down' }]),
    );

    const expected = core(host, APEX, { profile: 'rfc5321', states: { '192.0.2.1': 'down' } });
    await assertShares(page, expected);
    assert.equal(await text(page, '[data-share="delivered"][data-address="192.0.2.2"]'), '100%');
    for (const k of ['delivered', 'deferred', 'bounced'] as const) {
      assert.equal(await text(page, `[data-outcome="${k}"]`), pct(expected.outcome[k]), k);
    }
    assert.equal(
      await text(page, '[data-expected-attempts]'),
      String(Math.round(expected.expectedAttempts * 100) / 100),
    );
    assert.ok(await stateRadio(page, 'State of 192.0.2.1', 'down').isChecked(), 'the control shows the new state');
    assert.equal(
      await text(page, '.summary p'),
      'With mail1 down, RFC 5321 senders, Postfix, Exim, Sendmail and qmail reach 192.0.2.2; first-MX-only clients defer instead.',
    );
    // The likeliest sequence is drawn as steps ending in its result.
    const first = expected.sequences[0];
    const seq = page.locator('.sequence').first();
    assert.equal(await seq.locator('.prob').textContent(), pct(first.probability));
    assert.deepEqual(await seq.locator('.step').allTextContents(), first.attempts);
    assert.equal(await seq.locator('.end').textContent(), first.result);

    await page.getByRole('button', { name: 'All up' }).click();
    assert.deepEqual(await pp.sent.next(), { type: 'resetStates' });
    await close(pp);
  });

  it('a host shortcut sets every address of the host; temp-fail and reject are sent as such', async () => {
    const host = failoverHost('wide.mx-failover.example.');
    const pp = await open(host);
    const { page } = pp;
    await stateRadio(page, 'State of every address of a.mx-failover.example.', 'down').check();
    const sent = await pp.sent.next();
    assert.deepEqual(sent, { type: 'setStates', states: { '192.0.2.11': 'down', '192.0.2.12': 'down' } });
    await host.forward(pp, sent);
    assert.ok(await stateRadio(page, 'State of 192.0.2.11', 'down').isChecked());
    assert.ok(await stateRadio(page, 'State of 192.0.2.12', 'down').isChecked());
    await assertShares(
      page,
      core(host, 'wide.mx-failover.example.', { states: { '192.0.2.11': 'down', '192.0.2.12': 'down' } }),
    );

    await stateRadio(page, 'State of 192.0.2.13', 'temp-fail 4xx').check();
    assert.deepEqual(await pp.sent.next(), { type: 'setStates', states: { '192.0.2.13': 'tempfail' } });
    await stateRadio(page, 'State of 192.0.2.14', 'reject 5xx').check();
    assert.deepEqual(await pp.sent.next(), { type: 'setStates', states: { '192.0.2.14': 'reject' } });
    await close(pp);
  });

  it('is keyboard operable: arrow keys change a state, focus survives the redraw', async () => {
    const host = failoverHost();
    const pp = await open(host);
    const { page } = pp;
    await stateRadio(page, 'State of 192.0.2.2', 'up').focus();
    await page.keyboard.press('ArrowRight');
    const sent = await pp.sent.next();
    assert.deepEqual(sent, { type: 'setStates', states: { '192.0.2.2': 'down' } });
    await host.forward(pp, sent);
    assert.equal(
      await page.locator(':focus').getAttribute('data-key'),
      'state:mail2.mx-failover.example.:192.0.2.2:down',
    );
    // The profile picker and the toggles are native controls reached with Tab.
    await page.getByRole('combobox', { name: 'Sender profile' }).focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.locator(':focus').getAttribute('data-key'), 'compare');
    await page.keyboard.press('Space');
    assert.deepEqual(await pp.sent.next(), { type: 'setCompare', compare: true });
    await close(pp);
  });

  it('profile picker, compare matrix, round-robin and IPv6 toggles, domain picker', async () => {
    const host = failoverHost();
    const pp = await open(host);
    const { page } = pp;

    await page.getByRole('combobox', { name: 'Sender profile' }).selectOption('first-mx');
    const pick = await pp.sent.next();
    assert.deepEqual(pick, { type: 'setProfile', profile: 'first-mx' });
    await host.forward(pp, pick);
    assert.equal(await text(page, '#h-outcome'), 'Outcome · first MX only');
    await assertShares(page, core(host, APEX, { profile: 'first-mx' }));

    await page.getByRole('checkbox', { name: 'Compare all profiles' }).check();
    const compare = await pp.sent.next();
    assert.deepEqual(compare, { type: 'setCompare', compare: true });
    await host.forward(pp, compare);
    for (const profile of PROFILES) {
      const r = core(host, APEX, { profile });
      for (const a of r.addresses) {
        const cell = page.locator(`td[data-profile="${profile}"][data-address="${a.address}"] .num`);
        assert.deepEqual(
          await cell.allTextContents(),
          [pct(a.firstAttempt), pct(a.delivered)],
          `${profile} ${a.address}`,
        );
      }
    }
    // first-mx sends every first attempt to mail1, the others split: its cells stand out, theirs do not.
    assert.equal(await page.locator('td.differs[data-profile="first-mx"]').count(), 2);
    assert.equal(await page.locator('td.differs[data-profile="rfc5321"]').count(), 0);
    assert.match(await text(page, '.summary'), /First attempts differ: /);

    await page.getByRole('checkbox', { name: 'Round-robin DNS' }).check();
    const rr = await pp.sent.next();
    assert.deepEqual(rr, { type: 'setRrsetOrder', rrsetOrder: 'rotated' });
    host.backend.simulateCalls.length = 0;
    await host.forward(pp, rr);
    assert.ok(host.backend.simulateCalls.every((c) => c.rrsetOrder === 'rotated' && c.senderIpv6 === true));
    assert.ok(await page.getByRole('checkbox', { name: 'Round-robin DNS' }).isChecked());

    await page.getByRole('checkbox', { name: 'Sender has IPv6' }).uncheck();
    const v6 = await pp.sent.next();
    assert.deepEqual(v6, { type: 'setSenderIpv6', senderIpv6: false });
    host.backend.simulateCalls.length = 0;
    await host.forward(pp, v6);
    assert.ok(host.backend.simulateCalls.every((c) => c.senderIpv6 === false));

    await page.getByRole('combobox', { name: 'Mail domain' }).selectOption('six.mx-failover.example.');
    const dom = await pp.sent.next();
    assert.deepEqual(dom, { type: 'selectDomain', domain: 'six.mx-failover.example.' });
    await host.forward(pp, dom);
    // Without IPv6 the v6-only tier is skipped: mail goes to tier 20 (SIMULATION.md, senderIpv6).
    await assertShares(
      page,
      core(host, 'six.mx-failover.example.', { profile: 'first-mx', rrsetOrder: 'rotated', senderIpv6: false }),
    );
    await close(pp);
  });

  it('clicking a host or an address asks the host to reveal its record', async () => {
    const host = failoverHost();
    const pp = await open(host);
    const { page } = pp;
    await page.getByRole('button', { name: 'Show the record of 192.0.2.2' }).click();
    const addr = await pp.sent.next();
    assert.deepEqual(addr, { type: 'reveal', host: 'mail2.mx-failover.example.', address: '192.0.2.2' });
    await host.controller.handleMessage(addr);
    assert.equal(host.revealed.length, 1);
    assert.equal(host.revealed[0].uri, FAILOVER.uri);
    assert.equal(
      host.revealed[0].range.start.line,
      FAILOVER.lines.findIndex((l) => l.startsWith('mail2 ')),
    );

    await page.getByRole('button', { name: 'Show the record of mail1.mx-failover.example.' }).click();
    const mx = await pp.sent.next();
    assert.deepEqual(mx, { type: 'reveal', host: 'mail1.mx-failover.example.' });
    assert.equal(await page.locator('#app').getAttribute('aria-busy'), null, 'a reveal expects no new view');
    await host.controller.handleMessage(mx);
    assert.equal(
      host.revealed[1].range.start.line,
      FAILOVER.lines.findIndex((l) => /^\s+MX\s+10 mail1$/.test(l)),
    );
    await close(pp);
  });

  it('draws the odd cases: a null MX, a host outside the zone, a host without an address', async () => {
    const nullMx = example('null-mx.example.zone');
    const host = new Host(
      coreBackend({ [nullMx.uri]: nullMx.text }),
      nullMx.uri,
      'null-mx.example.zone',
      'noreply.null-mx.example.',
    );
    const pp = await open(host);
    const { page } = pp;
    assert.equal(await text(page, '[data-outcome="bounced"]'), '100%');
    assert.equal(
      await text(page, '.summary p'),
      'Null MX (RFC 7505): this domain accepts no mail; every sender bounces at once.',
    );
    const options = await page.getByRole('combobox', { name: 'Mail domain' }).locator('option').allTextContents();
    assert.ok(options.includes('noreply.null-mx.example. (null MX)'), options.join(' | '));
    await close(pp);

    const targets = example('mx-targets.example.zone');
    const host2 = new Host(
      coreBackend({ [targets.uri]: targets.text }),
      targets.uri,
      'mx-targets.example.zone',
      'outside.mx-targets.example.',
    );
    const pp2 = await open(host2);
    // An out-of-zone host stands as one opaque address named after it (SIMULATION.md, Step 2), with its own control.
    assert.ok((await pp2.page.locator('.badge').allTextContents()).includes('outside the zone: addresses unknown'));
    await stateRadio(pp2.page, 'State of mx.example.net.', 'down').check();
    assert.deepEqual(await pp2.sent.next(), { type: 'setStates', states: { 'mx.example.net.': 'down' } });
    await pp2.page.getByRole('combobox', { name: 'Mail domain' }).selectOption('ghost.mx-targets.example.');
    const ghost = await pp2.sent.next();
    await host2.forward(pp2, ghost);
    assert.ok((await pp2.page.locator('.badge').allTextContents()).includes('no address in the zone'));
    assert.equal(await text(pp2.page, '[data-outcome="bounced"]'), '100%');
    await close(pp2);
  });

  it('zone text with markup stays text: no element is created, no script runs', async () => {
    const evil = [
      '$ORIGIN evil.example.',
      '$TTL 1h',
      '@ SOA ns hostmaster 1 1h 15m 2w 1h',
      '@ NS ns',
      'ns A 192.0.2.53',
      '@ MX 10 <img\\032src=x\\032onerror=globalThis.__pwned=1>',
      '@ MX 20 <script>globalThis.__pwned=2</script>',
      '@ TXT "<img src=x onerror=globalThis.__pwned=3>" "<script>globalThis.__pwned=4</script>"',
      '<img\\032src=x\\032onerror=globalThis.__pwned=1> A 192.0.2.1',
      '<script>globalThis.__pwned=2</script> A 192.0.2.2',
      '<b>bold</b> MX 10 <iframe\\032src=x>',
      '',
    ].join('\n');
    const uri = 'file:///tmp/evil.example.zone';
    const host = new Host(coreBackend({ [uri]: evil }), uri, '<img src=x onerror=globalThis.__pwned=5>.zone', null);
    const pp = await open(host);
    const { page } = pp;
    // The core's names reached the page as text.
    const names = await page.locator('.host-name').allTextContents();
    assert.ok(
      names.some((n) => n.startsWith('<img\\032src=x')),
      names.join(' | '),
    );
    assert.ok(
      names.some((n) => n.startsWith('<script>')),
      names.join(' | '),
    );
    assert.ok((await page.getByRole('combobox', { name: 'Mail domain' }).textContent())?.includes('<b>bold</b>'));

    // A view straight from a hostile host, with spaces and quotes the zone syntax cannot carry.
    const payload = `<img src=x onerror="globalThis.__pwned=6"><script>globalThis.__pwned=7</script><iframe src="x"></iframe>`;
    const last = host.posted[host.posted.length - 1];
    assert.equal(last.type, 'view');
    const view = (last as { view: PreviewView }).view;
    const results: ProfileResult[] = view.results.map((r) => ({
      ...r,
      domain: payload,
      tiers: r.tiers.map((t) => ({
        ...t,
        hosts: t.hosts.map((h) => ({ ...h, name: payload + h.name, status: payload as HostStatus })),
      })),
      sequences: r.sequences.map((s) => ({ ...s, attempts: s.attempts.map((a) => payload + a) })),
    }));
    await pp.feed({
      type: 'view',
      view: {
        ...view,
        documentName: payload,
        domain: payload,
        domains: [{ domain: payload, mode: 'mx' }],
        options: { ...view.options, compare: true, states: { [payload]: 'down' } },
        results,
        summary: [payload],
      },
    });
    assert.ok((await text(page, '.summary')).includes(payload), 'the payload is shown as text');
    assert.ok((await page.locator('h1').textContent())?.includes(payload));
    await pp.feed({ type: 'status', text: payload });
    await page.locator('.status').getByText(payload).waitFor();

    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('iframe').count(), 0);
    assert.equal(await page.locator('b').count(), 0);
    assert.equal(await page.locator('script').count(), 1, 'only the panel bundle');
    assert.equal(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned), undefined);
    await close(pp);
  });

  it('the CSP blocks an inline script and a remote image (the policy is in force)', async () => {
    const host = failoverHost();
    const pp = await open(host);
    const { page } = pp;
    const violation = pp.violations.next((v) => v.directive.startsWith('script-src'));
    await page.evaluate(() => {
      const d = (
        globalThis as unknown as {
          document: { createElement(t: string): { textContent: string }; body: { appendChild(n: unknown): void } };
        }
      ).document;
      const s = d.createElement('script');
      s.textContent = 'globalThis.__inline = 1';
      d.body.appendChild(s);
    });
    assert.match((await violation).directive, /^script-src/);
    assert.equal(await page.evaluate(() => (globalThis as { __inline?: unknown }).__inline), undefined);

    const image = pp.violations.next((v) => v.directive.startsWith('img-src'));
    await page.evaluate(() => {
      const d = (
        globalThis as unknown as {
          document: { createElement(t: string): { src: string }; body: { appendChild(n: unknown): void } };
        }
      ).document;
      const img = d.createElement('img');
      img.src = 'http://192.0.2.1/tracker.png';
      d.body.appendChild(img);
    });
    assert.equal((await image).blockedURI, 'http://192.0.2.1/tracker.png');
    await pp.page.close();
    pageErrors.length = 0;
  });

  it('ignores messages that are not a valid host message', async () => {
    const host = failoverHost();
    const pp = await open(host);
    const { page } = pp;
    const before = await text(page, '[data-share="first"][data-address="192.0.2.1"]');
    for (const bad of [
      null,
      'view',
      { type: 'view' },
      { type: 'view', view: { documentUri: 1 } },
      { type: 'view', view: { ...(host.posted[0] as { view: PreviewView }).view, results: [{ profile: 'nope' }] } },
      { type: 'status', text: 42 },
      { type: 'eval', code: 'globalThis.__pwned = 1' },
    ]) {
      await pp.post(bad);
    }
    // A valid message after them is drawn, so the bad ones were seen and dropped.
    await pp.feed({ type: 'status', text: 'still here' });
    await page.locator('.status').getByText('still here').waitFor();
    assert.equal(await text(page, '[data-share="first"][data-address="192.0.2.1"]'), before);
    assert.equal(pp.saved.all.length, 1, 'only the one valid view was saved');
    await close(pp);
  });

  it('restores from its saved state: draws at once, and the host re-simulates with the saved choices', async () => {
    const host = failoverHost();
    const pp = await open(host);
    await stateRadio(pp.page, 'State of 192.0.2.1', 'reject 5xx').check();
    await host.forward(pp, await pp.sent.next());
    const saved = pp.saved.all[pp.saved.all.length - 1];
    const state = parsePersistedState(saved);
    assert.ok(state, 'the saved state is a valid PersistedState');
    assert.equal(state.documentUri, FAILOVER.uri);
    assert.equal(state.domain, APEX);
    assert.deepEqual(state.options.states, { '192.0.2.1': 'reject' });
    await close(pp);

    // A reloaded webview: getState returns what was saved; it draws before the host says anything.
    const reloaded = await openPanel(browser, server, { initialState: saved });
    reloaded.page.on('pageerror', (e) => pageErrors.push(e.message));
    assert.deepEqual(await reloaded.sent.next(), { type: 'ready' });
    const expected = core(host, APEX, { states: { '192.0.2.1': 'reject' } });
    await assertShares(reloaded.page, expected);
    assert.ok(await stateRadio(reloaded.page, 'State of 192.0.2.1', 'reject 5xx').isChecked());

    // What the serializer does with the state: a controller with the saved document, domain and options.
    const restored = new Host(host.backend, state.documentUri, 'mx-failover.example.zone', state.domain, state.options);
    host.backend.simulateCalls.length = 0;
    await restored.forward(reloaded, { type: 'ready' });
    await assertShares(reloaded.page, expected);
    assert.ok(host.backend.simulateCalls.length === PROFILES.length);
    assert.ok(host.backend.simulateCalls.every((c) => c.states?.['192.0.2.1'] === 'reject' && c.domain === APEX));
    await close(reloaded);
  });

  it('reads at narrow widths without horizontal scrolling, and in high contrast', async () => {
    const host = failoverHost('wide.mx-failover.example.');
    const pp = await open(host, { width: 340, theme: HIGH_CONTRAST });
    const compare = pp.page.getByRole('checkbox', { name: 'Compare all profiles' });
    await compare.check();
    await host.forward(pp, await pp.sent.next());
    const [scrollWidth, innerWidth] = await pp.page.evaluate(() => {
      const g = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
      return [g.document.documentElement.scrollWidth, g.innerWidth];
    });
    assert.ok(scrollWidth <= innerWidth, `page is ${scrollWidth}px wide in a ${innerWidth}px panel`);
    const border = await pp.page
      .locator('.card')
      .first()
      .evaluate((e) => (globalThis as unknown as WithStyle).getComputedStyle(e).borderTopColor);
    assert.equal(border, 'rgb(111, 195, 223)', 'high contrast: cards take the contrast border');
    await close(pp);
  });

  for (const [name, theme, background] of [
    ['light', LIGHT, 'rgb(255, 255, 255)'],
    ['dark', DARK, 'rgb(31, 31, 31)'],
  ] as const) {
    it(`screenshot in ${name}`, async () => {
      const host = failoverHost();
      const pp = await open(host, { theme, width: 760 });
      const { page } = pp;
      await stateRadio(page, 'State of 192.0.2.1', 'down').check();
      await host.forward(pp, await pp.sent.next());
      await page.getByRole('checkbox', { name: 'Compare all profiles' }).check();
      await host.forward(pp, await pp.sent.next());
      assert.equal(
        await page
          .locator('body')
          .evaluate((e) => (globalThis as unknown as WithStyle).getComputedStyle(e).backgroundColor),
        background,
      );
      const png = await page.screenshot({ fullPage: true });
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
      const dir =
        process.env.UPDATE_SCREENSHOTS === '1' ? path.join(ROOT, 'docs', 'images') : path.join(ROOT, 'test-results');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `panel-${name}.png`), png);
      await close(pp);
    });
  }
});
