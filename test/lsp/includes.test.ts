/**
 * `$INCLUDE` through the language server, in a real workspace folder: files
 * inside are read when the workspace is trusted, anything outside (by path or
 * by a symbolic link) is refused, `zonelens.include.searchPaths` applies as
 * soon as it changes, the editor is asked to watch the files read and looked
 * for, and an untrusted workspace reads nothing and says why.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  RegistrationRequest,
  UnregistrationRequest,
  type DidChangeWatchedFilesRegistrationOptions,
  type FileSystemWatcher,
  type PublishDiagnosticsParams,
  type RelativePattern,
} from 'vscode-languageserver-protocol';
import { startClient, VSCODE_CAPABILITIES, type TestClient } from './client';

const HEAD = '$TTL 1h\n@ SOA ns1 hostmaster 1 1h 15m 2w 1h\n  NS ns1\nns1 A 192.0.2.53\n';
/** An MX whose host is defined only in `hosts.inc`: without that file, `mx-target-no-address`. */
const MAIN = `${HEAD}@ MX 10 mail\n$INCLUDE hosts.inc\n`;

const uri = (p: string) => pathToFileURL(p).toString();
const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => d.code);

/** A workspace folder and a folder beside it (outside), with a symbolic link from one into the other. */
function workspace(): { root: string; outside: string } {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'zonelens-lsp-inc-')));
  const root = path.join(base, 'workspace');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(root, 'zones'), { recursive: true });
  fs.mkdirSync(path.join(root, 'shared'), { recursive: true });
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(root, 'zones', 'hosts.inc'), 'mail A 192.0.2.25\nbroken A 192.0.2.300\n');
  fs.writeFileSync(path.join(root, 'shared', 'common.inc'), 'common A 192.0.2.7\n');
  fs.writeFileSync(path.join(outside, 'secret.inc'), 'mail A 192.0.2.66\n');
  fs.symlinkSync(path.join(outside, 'secret.inc'), path.join(root, 'zones', 'escape.inc'));
  return { root, outside };
}

describe('language server: $INCLUDE in a trusted workspace', () => {
  let ws: { root: string; outside: string };
  let client: TestClient;

  before(async () => {
    ws = workspace();
    client = await startClient({ rootUri: uri(ws.root), initializationOptions: { trusted: true, settings: {} } });
  });

  after(async () => {
    await client.stop();
  });

  it('reads an included file inside the folder: its records count, its problems are published under its URI', async () => {
    const main = uri(path.join(ws.root, 'zones', 'example.com.zone'));
    const included = client.diagnostics(uri(path.join(ws.root, 'zones', 'hosts.inc')));
    client.open(main, MAIN);
    const p = await client.diagnostics(main);
    assert.ok(!codes(p).includes('mx-target-no-address'), `the host in hosts.inc is seen: ${codes(p).join(', ')}`);
    assert.ok(!codes(p).some((c) => String(c).startsWith('include-')));
    const inc = await included;
    assert.deepEqual(codes(inc), ['bad-rdata']);
    assert.deepEqual(inc.diagnostics[0].range.start, { line: 1, character: 9 });
  });

  it('reads the included files again at each edit of the main file: a file fixed on disk is seen at the next one', async () => {
    const dir = path.join(ws.root, 'zones');
    fs.writeFileSync(path.join(dir, 'edited-hosts.inc'), 'mail A 192.0.2.25\nbroken A 192.0.2.300\n');
    const main = uri(path.join(dir, 'edited.example.zone'));
    const includedUri = uri(path.join(dir, 'edited-hosts.inc'));
    const broken = client.diagnostics(includedUri);
    client.open(main, `${HEAD}@ MX 10 mail\n$INCLUDE edited-hosts.inc\nwww A 192.0.2.80\n`);
    // One MX host: the hint that it is a single point of failure is all there is to say.
    const single = ['mx-single-address'];
    assert.deepEqual(codes(await client.diagnostics(main, (p) => p.version === 1)), single);
    assert.deepEqual(codes(await broken), ['bad-rdata']);
    // Range edits below and above the $INCLUDE line, as an editor sends them.
    const edit = async (version: number, line: number, remove: number, text: string) => {
      const published = client.diagnostics(main, (p) => p.version === version);
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: main, version },
        contentChanges: [
          { range: { start: { line, character: 0 }, end: { line: line + remove, character: 0 } }, text },
        ],
      });
      return published;
    };
    assert.deepEqual(codes(await edit(2, 7, 0, 'ftp A 192.0.2.81\n')), single);
    assert.deepEqual(codes(await edit(3, 4, 0, 'old A 192.0.2.82\n')), single);
    const fixed = client.diagnostics(includedUri, (p) => p.diagnostics.length === 0);
    fs.writeFileSync(path.join(dir, 'edited-hosts.inc'), 'mail A 192.0.2.25\nbroken A 192.0.2.30\n');
    assert.deepEqual(codes(await edit(4, 8, 1, '')), single);
    await fixed;
    // And a host the file no longer defines is missed at the next edit.
    fs.writeFileSync(path.join(dir, 'edited-hosts.inc'), 'post A 192.0.2.25\n');
    assert.ok(codes(await edit(5, 4, 1, '')).includes('mx-target-no-address'));
  });

  it('refuses a file outside the folder, at the directive, and says where it is', async () => {
    const main = uri(path.join(ws.root, 'zones', 'outside.example.zone'));
    client.open(main, `${HEAD}$INCLUDE ../../outside/secret.inc\n`);
    const p = await client.diagnostics(main);
    assert.deepEqual(codes(p), ['include-denied']);
    const d = p.diagnostics[0];
    assert.deepEqual(d.range, { start: { line: 4, character: 9 }, end: { line: 4, character: 33 } });
    assert.match(
      d.message,
      /^\$INCLUDE \.\.\/\.\.\/outside\/secret\.inc was not read: .*secret\.inc is outside the workspace folders$/,
    );
  });

  it('refuses a symbolic link inside the folder that points outside it', async () => {
    const main = uri(path.join(ws.root, 'zones', 'link.example.zone'));
    client.open(main, `${HEAD}@ MX 10 mail\n$INCLUDE escape.inc\n`);
    const p = await client.diagnostics(main);
    const denied = p.diagnostics.filter((d) => d.code === 'include-denied');
    assert.equal(denied.length, 1);
    assert.match(
      denied[0].message,
      /escape\.inc \(a symbolic link to .*outside\/secret\.inc\) is outside the workspace folders/,
    );
    // Nothing of the file was read: the MX host it would define is missing.
    assert.ok(codes(p).includes('mx-target-no-address'));
  });

  it('reports a file that includes itself as a cycle at the directive', async () => {
    const main = uri(path.join(ws.root, 'zones', 'self.example.zone'));
    fs.writeFileSync(path.join(ws.root, 'zones', 'self.example.zone'), `${HEAD}$INCLUDE self.example.zone\n`);
    client.open(main, `${HEAD}$INCLUDE self.example.zone\n`);
    const p = await client.diagnostics(main);
    assert.deepEqual(codes(p), ['include-cycle']);
    assert.equal(p.diagnostics[0].range.start.line, 4);
  });

  it('looks in zonelens.include.searchPaths as soon as the setting changes', async () => {
    const main = uri(path.join(ws.root, 'zones', 'search.example.zone'));
    client.open(main, `${HEAD}$INCLUDE common.inc\n`);
    const before = await client.diagnostics(main);
    assert.deepEqual(codes(before), ['include-not-found']);
    assert.match(before.diagnostics[0].message, /no such file; tried .*zones\/common\.inc, .*workspace\/common\.inc$/);
    const found = client.diagnostics(main, (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { zonelens: { include: { searchPaths: ['shared'] } } },
    });
    await found;
  });
});

describe('language server: watching the files $INCLUDE reads', { timeout: 30_000 }, () => {
  let ws: { root: string; outside: string };
  let client: TestClient;
  /** The watchers registered now, by registration id. */
  const registered = new Map<string, FileSystemWatcher[]>();
  let changed: () => void = () => {};

  before(async () => {
    ws = workspace();
    const capabilities = {
      ...VSCODE_CAPABILITIES,
      workspace: { didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } },
    };
    client = await startClient({
      rootUri: uri(ws.root),
      initializationOptions: { trusted: true, settings: {} },
      capabilities,
    });
    client.connection.onRequest(RegistrationRequest.type, (p) => {
      for (const r of p.registrations) {
        assert.equal(r.method, DidChangeWatchedFilesNotification.method);
        registered.set(r.id, (r.registerOptions as DidChangeWatchedFilesRegistrationOptions).watchers);
      }
      changed();
    });
    client.connection.onRequest(UnregistrationRequest.type, (p) => {
      for (const r of p.unregisterations) registered.delete(r.id);
      changed();
    });
  });

  after(async () => {
    await client.stop();
  });

  /** Resolves once the registered watchers satisfy `accept`. */
  function watchers(accept: (all: FileSystemWatcher[]) => boolean): Promise<FileSystemWatcher[]> {
    return new Promise((resolve) => {
      const test = () => {
        const all = [...registered.values()].flat();
        if (accept(all)) resolve(all);
      };
      changed = test;
      test();
    });
  }

  /** True when one of the watchers names the file (a pattern relative to its folder). */
  function watched(all: FileSystemWatcher[], file: string): boolean {
    return all.some((w) => {
      const g = w.globPattern as RelativePattern;
      const names = g.pattern.startsWith('{') ? g.pattern.slice(1, -1).split(',') : [g.pattern];
      return g.baseUri === uri(path.dirname(file)) && names.includes(path.basename(file));
    });
  }

  it('asks the editor to watch the files read and looked for, and analyses the zone when one is saved or created', async () => {
    const dir = path.join(ws.root, 'zones');
    fs.writeFileSync(path.join(dir, 'watched.inc'), 'mail A 192.0.2.25\n');
    const main = uri(path.join(dir, 'watch.example.zone'));
    client.open(main, `${HEAD}@ MX 10 mail\n$INCLUDE watched.inc\n$INCLUDE later.inc\n`);
    assert.deepEqual(codes(await client.diagnostics(main)).sort(), ['include-not-found', 'mx-single-address']);
    // Where the reader looked: the zone's folder, then the workspace folder.
    const all = await watchers((w) => w.length > 0);
    for (const file of ['zones/watched.inc', 'zones/later.inc', 'later.inc', 'watched.inc']) {
      assert.ok(watched(all, path.join(ws.root, file)), `${file} is not watched: ${JSON.stringify(all)}`);
    }
    assert.ok(!watched(all, path.join(dir, 'hosts.inc')), 'a file no $INCLUDE names is watched');
    // The missing file appears; the editor says so.
    const found = client.diagnostics(main, (p) => !codes(p).includes('include-not-found'));
    fs.writeFileSync(path.join(dir, 'later.inc'), 'backup A 192.0.2.26\n');
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: uri(path.join(dir, 'later.inc')), type: FileChangeType.Created }],
    });
    assert.deepEqual(codes(await found), ['mx-single-address']);
    // The read file loses the MX host.
    const lost = client.diagnostics(main, (p) => codes(p).includes('mx-target-no-address'));
    fs.writeFileSync(path.join(dir, 'watched.inc'), 'post A 192.0.2.25\n');
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: uri(path.join(dir, 'watched.inc')), type: FileChangeType.Changed }],
    });
    await lost;
    // The zone closed, nothing is watched any more.
    client.close(main);
    await watchers((w) => w.length === 0);
  });
});

describe('language server: $INCLUDE in an untrusted workspace', () => {
  let ws: { root: string; outside: string };
  let client: TestClient;

  before(async () => {
    ws = workspace();
    client = await startClient({ rootUri: uri(ws.root), initializationOptions: { trusted: false, settings: {} } });
  });

  after(async () => {
    await client.stop();
  });

  it('reads nothing, and the diagnostic says why', async () => {
    const main = uri(path.join(ws.root, 'zones', 'example.com.zone'));
    client.open(main, MAIN);
    const p = await client.diagnostics(main);
    const denied = p.diagnostics.filter((d) => d.code === 'include-denied');
    assert.equal(denied.length, 1);
    assert.equal(
      denied[0].message,
      '$INCLUDE hosts.inc was not read: the workspace is not trusted (ZoneLens reads no other file until you trust it)',
    );
    assert.deepEqual(denied[0].range, { start: { line: 5, character: 9 }, end: { line: 5, character: 18 } });
    // The file exists and is inside the folder, but none of it was read.
    assert.ok(codes(p).includes('mx-target-no-address'));
  });
});
