/**
 * End to end in a real VS Code: the packaged .vsix installed into code-server,
 * examples/ opened in headless Chromium, and the extension used as a user uses
 * it. Screenshots of every step go to test-results/e2e/ (git-ignored).
 *
 * Run with `npm run test:e2e` (installs code-server into a cache folder first).
 */
import assert from 'node:assert/strict';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../chromium';
import { lineTokens, Workbench } from './workbench';

// The scripts are ES modules and this test runs as CommonJS: they come in through import().
const codeServer = import('../../scripts/codeServer.mjs');
const installer = import('../../scripts/install-code-server.mjs');
type RunningCodeServer = Awaited<ReturnType<Awaited<typeof codeServer>['startCodeServer']>>;

const root = path.resolve(__dirname, '../..');
const ARTIFACTS = path.join(root, 'test-results', 'e2e');

/** One code-server with its own profile and a copy of examples/ (the quick fix edits it). */
interface Instance {
  server: RunningCodeServer;
  folder: string;
  logFile: string;
}

async function launch(
  entry: string,
  vsix: string,
  name: string,
  trusted: boolean,
  makeFolder: (dir: string) => string,
  settings: Record<string, unknown> = {},
): Promise<Instance> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `zonelens-e2e-${name}-`));
  const folder = makeFolder(dir);
  const { prepareProfile, profileSettings, startCodeServer } = await codeServer;
  const profile = prepareProfile({
    entry,
    dir: path.join(dir, 'profile'),
    vsix,
    settings: { ...profileSettings({ trusted }), ...settings },
  });
  const logFile = path.join(ARTIFACTS, `code-server-${name}.log`);
  const server = await startCodeServer({ entry, profile, folder, log: fs.createWriteStream(logFile) });
  return { server, folder, logFile };
}

function copyExamples(dir: string): string {
  const folder = path.join(dir, 'examples');
  fs.cpSync(path.join(root, 'examples'), folder, { recursive: true });
  // A zone with a record type dns-zonefile's JSON has no key for.
  fs.writeFileSync(path.join(folder, 'sshfp.example.zone'), SSHFP_ZONE);
  // A zone whose mail host is to come from a file it includes, which has none yet.
  fs.writeFileSync(path.join(folder, 'watched.example.zone'), WATCHED_ZONE);
  fs.writeFileSync(path.join(folder, 'watched-hosts.inc'), 'www  A  192.0.2.80\n');
  return folder;
}

const SSHFP_ZONE = `$ORIGIN sshfp.example.
$TTL 1h
@     SOA   ns1 hostmaster 2026112101 1h 15m 2w 1h
      NS    ns1
ns1   A     192.0.2.53
ns1   SSHFP 1 1 0123456789abcdef0123456789abcdef01234567
`;

const WATCHED_ZONE = `$ORIGIN watched.example.
$TTL 1h
@     SOA  ns1 hostmaster 2026112201 1h 15m 2w 1h
      NS   ns1
      MX   10 mail
ns1   A    192.0.2.53
$INCLUDE watched-hosts.inc
`;

/** A zone whose mail host comes from a file outside the workspace folder. */
const INCLUDE_ZONE = `$ORIGIN include.example.
$TTL 1h
@     SOA  ns1 hostmaster 2026112101 1h 15m 2w 1h
      NS   ns1
      MX   10 mail
      MX   20 mx.outside.example.
ns1   A    192.0.2.53
$INCLUDE ../outside-hosts.zone
`;

/**
 * A DNS "server" on a 127.0.0.1 port that answers nothing and records the names
 * it is asked for: the extension's out-of-zone resolution is pointed at it.
 */
class DnsSentinel {
  readonly names: string[] = [];
  private readonly socket = dgram.createSocket('udp4');
  private readonly waiters: { name: string; resolve: () => void }[] = [];

  async listen(): Promise<number> {
    this.socket.on('message', (msg) => {
      const name = queryName(msg);
      if (name === undefined) return;
      this.names.push(name);
      for (const w of this.waiters.filter((x) => x.name === name)) w.resolve();
    });
    await new Promise<void>((resolve) => this.socket.bind(0, '127.0.0.1', resolve));
    return this.socket.address().port;
  }

  /** Resolves when a query for `name` arrives (or has arrived). */
  asked(name: string): Promise<void> {
    if (this.names.includes(name)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ name, resolve }));
  }

  close(): void {
    this.socket.close();
  }
}

/** The QNAME of a DNS query (RFC 1035 §4.1.2), lower case, without the final dot. */
function queryName(msg: Buffer): string | undefined {
  const labels: string[] = [];
  let p = 12;
  while (p < msg.length && msg[p] !== 0) {
    const len = msg[p];
    if (len > 63 || p + 1 + len > msg.length) return undefined;
    labels.push(msg.toString('latin1', p + 1, p + 1 + len).toLowerCase());
    p += 1 + len;
  }
  return p < msg.length ? labels.join('.') : undefined;
}

function slug(name: string): string {
  return name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
}

function urlOf(i: Instance): string {
  return `${i.server.url}/?folder=${encodeURIComponent(i.folder)}`;
}

describe('ZoneLens in VS Code (code-server)', { timeout: 10 * 60_000 }, () => {
  let entry: string;
  let vsix: string;
  let browser: Browser;

  before(async () => {
    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    entry = (await installer).installCodeServer();
    vsix = (await codeServer).packageExtension();
  });

  before(async () => {
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  describe('a trusted workspace: examples/', () => {
    let trusted: Instance;
    let wb: Workbench;

    before(async () => {
      trusted = await launch(entry, vsix, 'trusted', true, copyExamples);
      wb = await Workbench.open(browser, urlOf(trusted), ARTIFACTS);
    });

    afterEach(async (t) => {
      await wb?.screenshot(`end-${slug(t.name)}`);
    });

    after(async () => {
      await wb?.page.close();
      await trusted?.server.stop();
    });

    it('opens a zone file as dns-zone, highlighted by the grammar', async () => {
      await wb.openFile('mx-targets.example.zone');
      assert.equal(await wb.languageMode(), 'DNS Zone');
      // Tokenization is asynchronous: wait until the MX record's line has coloured tokens.
      const line = 'alias      MX    10 smtp';
      await wb.page.waitForFunction(
        (wanted) =>
          [...document.querySelectorAll('.view-lines .view-line')].some(
            (l) =>
              (l.textContent ?? '').replace(/\u00a0/g, ' ').trim() === wanted &&
              new Set([...l.querySelectorAll('span[class^="mtk"]')].map((s) => s.className)).size >= 3,
          ),
        line,
      );
      const tokens = await lineTokens(wb.editor(), line);
      const colorOf = (text: string) => tokens.find((t) => t.text.trim() === text)?.color;
      const comment = await lineTokens(wb.editor(), '; MX targets that senders cannot use, one domain per mistake.');
      assert.ok(colorOf('MX') !== undefined && comment.length > 0, `no tokens in ${JSON.stringify(tokens)}`);
      assert.notEqual(colorOf('10'), colorOf('MX'), 'the preference and the type have the same colour');
      assert.notEqual(comment[0].color, colorOf('MX'), 'the comment has the colour of the type');
      // The colours come from our grammar: VS Code's token inspector names its scopes.
      await wb.goTo(20, 12);
      const scopes = await wb.inspectTokenScopes();
      assert.match(scopes, /language\s+dns-zone/);
      assert.match(scopes, /storage\.type\.rr\.dns-zone/);
      assert.match(scopes, /source\.dns-zone/);
      await wb.screenshot('1-highlighting');
      await wb.page.keyboard.press('Escape');
    });

    it('lists the MX diagnostics of the zone in the Problems panel', async () => {
      await wb.showProblems();
      // The codes the example's header promises, one domain per mistake (mx-target-out-of-zone
      // is a hint, which VS Code shows in the editor only, not in the Problems panel).
      const expected = [
        'mx-target-ip',
        'mx-target-cname',
        'mx-target-no-address',
        'name-missing-trailing-dot',
        'mx-target-not-hostname',
        'mx-duplicate-target',
      ];
      const rows = await wb.waitForProblems((r) => expected.every((code) => r.some((row) => row.includes(code))));
      assert.ok(
        rows.some((r) => /^mx-targets\.example\.zone \d+$/.test(r)),
        `no file row for the zone in ${rows.join(' | ')}`,
      );
      const ip = rows.find((r) => r.includes('zonelens mx-target-ip'));
      assert.ok(ip?.includes('the MX target 192.0.2.25 of literal.mx-targets.example. is an IP address'), ip);
      assert.ok(ip?.includes('[Ln 19, Col 21]'), ip);
      assert.equal(rows.filter((r) => r.includes('zonelens mx-target-no-address')).length, 2);
      assert.equal(rows.filter((r) => r.includes('zonelens name-missing-trailing-dot')).length, 2);
      await wb.screenshot('2-problems');
    });

    it('shows the delivery order in a hover over an MX record', async () => {
      await wb.openFile('mx-failover.example.zone');
      // `wide  MX 10 a` (line 23): tiers 10 (a, b), 20 (c), 30 (mail2).
      assert.match(await wb.lineText(23), /^wide\s+MX\s+10 a$/);
      // The cursor on the type, not on `a` (which has a diagnostic of its own to show first);
      // the panel hidden, so that the hover has room (this screenshot is the README's).
      if (await wb.page.locator('.part.panel').isVisible()) await wb.runCommand('View: Hide Panel');
      await wb.goTo(23, 12);
      const hover = await wb.hoverAtCursor('Mail to wide.mx-failover.example.');
      const rows = await hover
        .locator('table tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
        );
      // pref | host | address | first attempt | delivered, in the order senders try them.
      assert.deepEqual(
        rows.map((r) => [r[0], r[1], r[2]]),
        [
          ['10', 'a', '192.0.2.11'],
          ['10', 'a', '192.0.2.12'],
          ['10', 'b', '192.0.2.13'],
          ['10', 'b', '192.0.2.14'],
          ['20', 'c', '192.0.2.15'],
          ['30', 'mail2', '192.0.2.2'],
        ],
      );
      await wb.page.mouse.move(900, 700);
      await wb.screenshot('3-hover');
      await wb.page.keyboard.press('Escape');
    });

    it('applies a quick fix: the text changes and the diagnostic goes away', async () => {
      await wb.openFile('mx-targets.example.zone');
      assert.match(await wb.lineText(19), /^literal\s+MX\s+10 192\.0\.2\.25$/);
      await wb.goTo(19, 21);
      await wb.page.keyboard.press('Control+.');
      const fix = wb.page.locator('.action-widget .monaco-list-row.action.focused', {
        hasText: 'Point the MX at mail, which has 192.0.2.25',
      });
      await fix.waitFor();
      await wb.screenshot('4a-quick-fix-menu');
      await wb.page.keyboard.press('Enter');
      await wb.page.waitForFunction(() =>
        [...document.querySelectorAll('.view-lines .view-line')].some((l) =>
          /^literal\s+MX\s+10 mail$/.test((l.textContent ?? '').replace(/\u00a0/g, ' ').trim()),
        ),
      );
      assert.match(await wb.lineText(19), /^literal\s+MX\s+10 mail$/);
      await wb.showProblems();
      await wb.waitForProblems(
        (r) => r.some((row) => row.includes('mx-target-cname')) && !r.some((row) => row.includes('mx-target-ip')),
      );
      await wb.screenshot('4b-quick-fix-applied');
    });

    it('opens the failover preview; putting an address down changes its numbers', async () => {
      await wb.openFile('equal-preference.example.zone');
      await wb.runCommand('ZoneLens: Show MX Failover Preview');
      const view = wb.webview();
      const first1 = view.locator('.num[data-share="first"][data-address="192.0.2.1"]').first();
      const first2 = view.locator('.num[data-share="first"][data-address="192.0.2.2"]').first();
      await first1.waitFor();
      // RFC 5321: equal preferences are shared at random, half each.
      assert.equal((await first1.innerText()).trim(), '50%');
      assert.equal((await first2.innerText()).trim(), '50%');
      await wb.screenshot('5a-failover-preview');
      await view.locator('[role="radiogroup"][aria-label="State of 192.0.2.1"] input[aria-label="down"]').check();
      const delivered2 = view.locator('.num[data-share="delivered"][data-address="192.0.2.2"]').first();
      await delivered2.filter({ hasText: /^100%$/ }).waitFor();
      assert.equal((await delivered2.innerText()).trim(), '100%');
      await wb.screenshot('5b-failover-address-down');
    });

    it('exports the zone as dns-zonefile JSON and imports it back', async () => {
      await wb.openFile('equal-preference.example.zone');
      await wb.runCommand('ZoneLens: Export as dns-zonefile JSON');
      await wb.page.locator('.notifications-toasts', { hasText: 'exported 8 records as dns-zonefile JSON' }).waitFor();
      // The JSON opens beside the zone, as an unsaved JSON document.
      await wb.page
        .locator('.editor-group-container.active .view-line', { hasText: '"$origin": "equal-preference.example."' })
        .waitFor();
      assert.equal(await wb.languageMode(), 'JSON');
      await wb.screenshot('7a-export-dns-zonefile');
      await wb.runCommand('ZoneLens: Import dns-zonefile JSON');
      await wb.page
        .locator('.editor-group-container.active .view-line', { hasText: 'Zone file generated by ZoneLens' })
        .waitFor();
      assert.equal(await wb.languageMode(), 'DNS Zone');
      await wb.page
        .locator('.editor-group-container.active .view-line', { hasText: /^@\s+IN\s+MX\s+10\s+mail1$/ })
        .waitFor();
      await wb.screenshot('7b-import-dns-zonefile');
    });

    it('says which records dns-zonefile JSON cannot hold', async () => {
      await wb.openFile('sshfp.example.zone');
      await wb.runCommand('ZoneLens: Export as dns-zonefile JSON');
      await wb.page
        .locator('.notifications-toasts', {
          hasText:
            "dns-zonefile JSON cannot hold everything in this zone: 1 left out (type SSHFP is not in dns-zonefile's format)",
        })
        .waitFor();
      // The JSON names the record and the reason in its "//" comment.
      await wb.page
        .locator('.editor-group-container.active .view-line', { hasText: 'line 6: ns1 SSHFP 1 1' })
        .waitFor();
      await wb.screenshot('7c-export-left-out');
    });

    it('analyses a zone again when a file it includes is saved on disk', async () => {
      await wb.openFile('watched.example.zone');
      const panel = await wb.showProblems();
      // The panel shows what fits: the other open zones' problems are filtered out.
      const filter = panel.page().getByPlaceholder(/^Filter \(e\.g\. text/);
      await filter.fill('watched.example');
      const ours = (row: string) => row.includes('watched.example.');
      await wb.waitForProblems((r) => r.some((row) => ours(row) && row.includes('zonelens mx-target-no-address')));
      // Another program (not the editor) writes the mail host into the included file.
      fs.writeFileSync(path.join(trusted.folder, 'watched-hosts.inc'), 'mail  A  192.0.2.25\n');
      const rows = await wb.waitForProblems((r) =>
        r.some((row) => ours(row) && row.includes('zonelens mx-single-address')),
      );
      assert.ok(!rows.some((row) => ours(row) && row.includes('mx-target-no-address')), rows.join('\n'));
      await wb.screenshot('8-included-file-saved');
      await filter.fill('');
    });
  });

  describe('a restricted (untrusted) workspace', () => {
    let restricted: Instance;
    let wb: Workbench;
    const dns = new DnsSentinel();

    before(async () => {
      const port = await dns.listen();
      // Out-of-zone resolution switched on and pointed at the sentinel: only trust may use it.
      const settings = { 'zonelens.resolve.outOfZone': true, 'zonelens.resolve.servers': [`127.0.0.1:${port}`] };
      restricted = await launch(
        entry,
        vsix,
        'restricted',
        false,
        (dir) => {
          const folder = path.join(dir, 'restricted');
          fs.mkdirSync(folder);
          // A forward zone and its reverse zone: with trust, the PTR checks read the reverse zone from disk.
          for (const f of ['mx-ptr.example.zone', 'b.a.0.0.8.b.d.0.1.0.0.2.ip6.arpa.zone']) {
            fs.copyFileSync(path.join(root, 'examples', f), path.join(folder, f));
          }
          // An $INCLUDE of a file outside the folder: never read, trusted or not.
          fs.writeFileSync(path.join(dir, 'outside-hosts.zone'), 'mail  A  192.0.2.25\n');
          fs.writeFileSync(path.join(folder, 'include.example.zone'), INCLUDE_ZONE);
          return folder;
        },
        settings,
      );
      wb = await Workbench.open(browser, urlOf(restricted), ARTIFACTS);
    });

    afterEach(async (t) => {
      await wb?.screenshot(`end-restricted-${slug(t.name)}`);
    });

    after(async () => {
      await wb?.page.close();
      await restricted?.server.stop();
      dns.close();
    });

    it('highlights and checks, but reads neither the $INCLUDE nor the reverse zone beside it, and resolves nothing', async () => {
      // VS Code opened the folder in Restricted Mode, and says so in the status bar.
      await wb.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).waitFor();
      await wb.openFile('mx-ptr.example.zone');
      await wb.openFile('include.example.zone');
      assert.equal(await wb.languageMode(), 'DNS Zone');
      await wb.goTo(5, 7);
      const scopes = await wb.inspectTokenScopes();
      assert.match(scopes, /storage\.type\.rr\.dns-zone/);
      await wb.page.keyboard.press('Escape');
      await wb.showProblems();
      // The server answers documents in the order they were opened: once include.example.zone's
      // diagnostics are there, mx-ptr.example.zone's are final too.
      const rows = await wb.waitForProblems(
        (r) =>
          r.some((row) => row.includes('was not read: the workspace is not trusted')) &&
          r.some((row) => row.includes('zonelens mx-target-no-address')),
      );
      assert.ok(!rows.some((r) => /zonelens mx-ptr-/.test(r)), `PTR checks read the folder:\n${rows.join('\n')}`);
      // The server has checked the zone with its out-of-zone MX target, and asked DNS nothing.
      assert.deepEqual(dns.names, []);
      await wb.screenshot('6a-restricted-problems');
    });

    it('after the user trusts the folder, reads the reverse zone and resolves, but still not the file outside it', async () => {
      await wb.runCommand('Workspaces: Manage Workspace Trust');
      const trust = wb.page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ });
      await trust.first().click();
      await wb.page
        .locator('.workspace-trust-editor .workspace-trust-header', { hasText: 'You trust this folder' })
        .first()
        .waitFor();
      await wb.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).waitFor({ state: 'detached' });
      await wb.openFile('include.example.zone');
      await wb.showProblems();
      // The client restarts the server on trust; the PTR checks now read the reverse zone on disk.
      const rows = await wb.waitForProblems(
        (r) =>
          r.some((row) => row.includes('is outside the workspace folders')) &&
          r.some((row) => row.includes('zonelens mx-ptr-mismatch')),
      );
      assert.ok(
        rows.some((r) => r.includes('zonelens mx-ptr-missing')),
        rows.join('\n'),
      );
      assert.ok(
        rows.some((r) => r.includes('zonelens mx-target-no-address')),
        rows.join('\n'),
      );
      // Trusted now, the same settings make it look the out-of-zone target up: the positive control.
      await dns.asked('mx.outside.example');
      await wb.screenshot('6b-trusted-problems');
    });
  });
});
