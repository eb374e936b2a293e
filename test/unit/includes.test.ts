/**
 * The `$INCLUDE` readers on a real file system (server/src/includes.ts):
 * where a relative path is looked for, what is refused and why, and cycles
 * found by real path whatever name a file is reached by.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/checks/index';
import { fileIncludeReader, includeKey, includeWatchPaths, workspaceIncludeReader } from '../../server/src/includes';
import { watchersFor } from '../../server/src/includeWatch';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import type { IncludeRead, IncludeReader, IncludeResult } from '../../server/src/zone/parser';

const HEAD = '$TTL 1h\n@ SOA ns1 hostmaster 1 1h 15m 2w 1h\n  NS ns1\nns1 A 192.0.2.53\n';

/** A fresh folder with these files (and `link -> target` symbolic links); its real path. */
function tree(files: Record<string, string>, links: Record<string, string> = {}): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'zonelens-inc-')));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  for (const [link, target] of Object.entries(links)) {
    fs.mkdirSync(path.dirname(path.join(dir, link)), { recursive: true });
    fs.symlinkSync(target, path.join(dir, link));
  }
  return dir;
}

const uri = (p: string) => pathToFileURL(p).toString();

function ok(r: IncludeResult): { name: string; text: string; key?: string } {
  assert.ok(r.ok, r.ok ? '' : `${r.code}: ${r.message}`);
  return r;
}

function refused(r: IncludeResult, code: string, message: RegExp): void {
  assert.equal(r.ok, false, 'the file was read');
  if (!r.ok) {
    assert.equal(r.code, code);
    assert.match(r.message, message);
  }
}

describe('workspaceIncludeReader (language server)', () => {
  it('looks next to the including file first, then in the workspace folder, then in the search paths', () => {
    const root = tree({
      'zones/main.zone': HEAD,
      'zones/here.zone': 'here\n',
      'here.zone': 'root copy\n',
      'top.zone': 'top\n',
      'common/shared.zone': 'shared\n',
      'abs/only.zone': 'absolute search path\n',
    });
    let searchPaths = ['common'];
    const read = workspaceIncludeReader({
      trusted: true,
      workspaceFolders: [uri(root)],
      searchPaths: () => searchPaths,
    });
    const from = uri(path.join(root, 'zones/main.zone'));
    assert.equal(ok(read('here.zone', from)).text, 'here\n');
    const top = ok(read('top.zone', from));
    assert.equal(top.text, 'top\n');
    assert.equal(top.name, uri(path.join(root, 'top.zone')));
    assert.equal(top.key, path.join(root, 'top.zone'));
    assert.equal(ok(read('shared.zone', from)).text, 'shared\n');
    // The setting is read at each $INCLUDE: a change applies at once.
    refused(read('only.zone', from), 'include-not-found', /no such file; tried /);
    searchPaths = [path.join(root, 'abs')];
    assert.equal(ok(read('only.zone', from)).text, 'absolute search path\n');
  });

  it('says which paths it tried when the file is nowhere', () => {
    const root = tree({ 'zones/main.zone': HEAD });
    const read = workspaceIncludeReader({
      trusted: true,
      workspaceFolders: [uri(root)],
      searchPaths: () => ['extra'],
    });
    const r = read('missing.zone', uri(path.join(root, 'zones/main.zone')));
    refused(r, 'include-not-found', /^\$INCLUDE missing\.zone: no such file; tried /);
    if (!r.ok) {
      for (const p of ['zones/missing.zone', 'missing.zone', 'extra/missing.zone']) {
        assert.ok(r.message.includes(path.join(root, p)), `${p} in ${r.message}`);
      }
    }
  });

  it('reads nothing in an untrusted workspace, and says so', () => {
    const root = tree({ 'main.zone': HEAD, 'inc.zone': 'inc\n' });
    const read = workspaceIncludeReader({ trusted: false, workspaceFolders: [uri(root)] });
    refused(
      read('inc.zone', uri(path.join(root, 'main.zone'))),
      'include-denied',
      /not read: the workspace is not trusted/,
    );
  });

  it('refuses files outside the workspace folders, by a relative or an absolute path', () => {
    const outside = tree({ 'secret.zone': 'secret\n' });
    const root = tree({ 'main.zone': HEAD });
    const read = workspaceIncludeReader({ trusted: true, workspaceFolders: [uri(root)] });
    const from = uri(path.join(root, 'main.zone'));
    const rel = path.relative(root, path.join(outside, 'secret.zone'));
    refused(read(rel, from), 'include-denied', /is outside the workspace folders/);
    refused(read(path.join(outside, 'secret.zone'), from), 'include-denied', /is outside the workspace folders/);
    refused(read('/etc/passwd', from), 'include-denied', /outside the workspace folders/);
  });

  it('a search path outside the workspace does not widen what is read', () => {
    const outside = tree({ 'common.zone': 'outside\n' });
    const root = tree({ 'main.zone': HEAD });
    const read = workspaceIncludeReader({
      trusted: true,
      workspaceFolders: [uri(root)],
      searchPaths: () => [outside],
    });
    refused(
      read('common.zone', uri(path.join(root, 'main.zone'))),
      'include-denied',
      /common\.zone was not read: .*common\.zone is outside the workspace folders$/,
    );
  });

  it('resolves symbolic links before the check: a link inside pointing outside is refused', () => {
    const outside = tree({ 'secret.zone': 'secret\n', 'dir/x.zone': 'x\n' });
    const root = tree(
      { 'main.zone': HEAD, 'real.zone': 'real\n' },
      {
        'escape.zone': path.join(outside, 'secret.zone'),
        escdir: path.join(outside, 'dir'),
        'alias.zone': 'real.zone',
      },
    );
    const read = workspaceIncludeReader({ trusted: true, workspaceFolders: [uri(root)] });
    const from = uri(path.join(root, 'main.zone'));
    refused(
      read('escape.zone', from),
      'include-denied',
      /escape\.zone \(a symbolic link to .*secret\.zone\) is outside/,
    );
    refused(read('escdir/x.zone', from), 'include-denied', /outside the workspace folders/);
    // A link that stays inside is fine, and is known by its real path.
    const alias = ok(read('alias.zone', from));
    assert.equal(alias.text, 'real\n');
    assert.equal(alias.key, path.join(root, 'real.zone'));
  });

  it('reads only regular files', () => {
    const root = tree({ 'main.zone': HEAD, 'dir/x': '' });
    const read = workspaceIncludeReader({ trusted: true, workspaceFolders: [uri(root)] });
    refused(read('dir', uri(path.join(root, 'main.zone'))), 'include-not-found', /is a folder/);
  });

  it('reads nothing when no workspace folder is open', () => {
    const root = tree({ 'main.zone': HEAD, 'inc.zone': 'inc\n' });
    const read = workspaceIncludeReader({ trusted: true, workspaceFolders: [] });
    refused(read('inc.zone', uri(path.join(root, 'main.zone'))), 'include-denied', /no workspace folder is open/);
  });
});

describe('includeWatchPaths and watchersFor (what the server asks the editor to watch)', () => {
  /** What the reader answers for each of `paths`, as the parser records it. */
  function reads(read: IncludeReader, from: string, paths: string[]): IncludeRead[] {
    return paths.map((p) => ({ path: p, fromFile: from, result: read(p, from) }));
  }

  it('every place the reader looked inside the workspace, and the real path of what it read', () => {
    const outside = tree({ 'secret.zone': 'secret\n' });
    const root = tree({ 'zones/main.zone': HEAD, 'real.zone': 'real\n' }, { 'zones/alias.zone': '../real.zone' });
    const access = { trusted: true, workspaceFolders: [uri(root)], searchPaths: () => ['lib'] };
    const from = uri(path.join(root, 'zones', 'main.zone'));
    const got = includeWatchPaths(
      access,
      reads(workspaceIncludeReader(access), from, ['alias.zone', 'missing.zone', path.join(outside, 'secret.zone')]),
    );
    assert.deepEqual(got.sort(), [
      path.join(root, 'alias.zone'),
      path.join(root, 'lib', 'alias.zone'),
      path.join(root, 'lib', 'missing.zone'),
      path.join(root, 'missing.zone'),
      path.join(root, 'real.zone'),
      path.join(root, 'zones', 'alias.zone'),
      path.join(root, 'zones', 'missing.zone'),
    ]);
    // Untrusted, nothing is read, so nothing is watched.
    const untrusted = { ...access, trusted: false };
    assert.deepEqual(includeWatchPaths(untrusted, reads(workspaceIncludeReader(untrusted), from, ['alias.zone'])), []);
  });

  it('one watcher per folder, names as literal globs, relative to the folder or absolute', () => {
    const root = tree({});
    const files = [path.join(root, 'a.inc'), path.join(root, 'b{1,2}[x].inc'), path.join(root, 'sub', 'c*.inc')];
    assert.deepEqual(watchersFor(files, true), [
      { globPattern: { baseUri: uri(root), pattern: '{a.inc,b?1?2??x?.inc}' } },
      { globPattern: { baseUri: uri(path.join(root, 'sub')), pattern: 'c?.inc' } },
    ]);
    assert.deepEqual(watchersFor(files, false), [
      { globPattern: `${root}/{a.inc,b?1?2??x?.inc}` },
      { globPattern: `${root}/sub/c?.inc` },
    ]);
    assert.deepEqual(watchersFor([], true), []);
  });
});

describe('cycles and depth through the real readers', () => {
  function check(read: IncludeReader, main: string, fileName: string) {
    return analyze(
      fs.readFileSync(main, 'utf8'),
      { fileName, origin: 'example.com.', readInclude: read, fileKey: includeKey(fileName) },
      DEFAULT_SETTINGS,
    );
  }

  it('a file including itself through a symbolic link is a cycle at once', () => {
    const root = tree({ 'main.zone': `${HEAD}$INCLUDE link.zone\n` }, { 'link.zone': 'main.zone' });
    const read = workspaceIncludeReader({ trusted: true, workspaceFolders: [uri(root)] });
    const a = check(read, path.join(root, 'main.zone'), uri(path.join(root, 'main.zone')));
    const cycles = a.diagnostics.filter((d) => d.code === 'include-cycle');
    assert.equal(cycles.length, 1);
    assert.equal(cycles[0].file, 0);
    assert.equal(a.zone.files.length, 1);
  });

  it('A -> B -> C -> A is reported at the $INCLUDE in C', () => {
    const root = tree({
      'a.zone': `${HEAD}$INCLUDE b.zone\n`,
      'b.zone': '$INCLUDE c.zone\n',
      'c.zone': '$INCLUDE a.zone\n',
    });
    const read = fileIncludeReader([]);
    const a = check(read, path.join(root, 'a.zone'), path.join(root, 'a.zone'));
    const [d] = a.diagnostics.filter((x) => x.code === 'include-cycle');
    assert.equal(a.zone.files.length, 3);
    assert.equal(d.file, 2);
    assert.equal(a.zone.files[2].text.slice(d.start, d.end), 'a.zone');
  });

  it('nesting deeper than 16 files stops there, with a diagnostic at the directive', () => {
    const files: Record<string, string> = { 'f0.zone': `${HEAD}$INCLUDE f1.zone\n` };
    for (let i = 1; i < 30; i++) files[`f${i}.zone`] = `h${i} A 192.0.2.${i}\n$INCLUDE f${i + 1}.zone\n`;
    const root = tree(files);
    const a = check(fileIncludeReader([]), path.join(root, 'f0.zone'), path.join(root, 'f0.zone'));
    const [d] = a.diagnostics.filter((x) => x.code === 'include-cycle');
    assert.equal(a.zone.files.length, 16);
    assert.equal(d.file, 15);
    assert.equal(d.message, '$INCLUDE nesting is deeper than 16 files: skipped');
  });

  it('a file included many times over (no cycle) stops at 1024 included files', () => {
    // Ten files that each include the next ten times: 10^9 reads without a total limit.
    const files: Record<string, string> = { 'g0.zone': HEAD + '$INCLUDE g1.zone\n'.repeat(10) };
    for (let i = 1; i < 10; i++) files[`g${i}.zone`] = `$INCLUDE g${i + 1}.zone\n`.repeat(10);
    files['g10.zone'] = 'leaf A 192.0.2.1\n';
    const root = tree(files);
    let reads = 0;
    const inner = fileIncludeReader([]);
    const counting: IncludeReader = (p, from) => {
      reads++;
      return inner(p, from);
    };
    const a = check(counting, path.join(root, 'g0.zone'), path.join(root, 'g0.zone'));
    assert.equal(a.zone.files.length, 1025);
    const limited = a.diagnostics.filter((x) => x.code === 'include-cycle');
    assert.ok(limited.length > 0);
    assert.match(limited[0].message, /this zone already includes 1024 files/);
    // Every read past the limit is refused at once: the work stays bounded.
    assert.equal(reads, 1024, `${reads} reads`);
  });
});

describe('fileIncludeReader (CLI)', () => {
  it('looks next to the including file, then in each --include-path folder in order', () => {
    const root = tree({
      'zones/main.zone': HEAD,
      'one/x.zone': 'one\n',
      'two/x.zone': 'two\n',
      'two/y.zone': 'y\n',
      'zones/y.zone': 'local y\n',
    });
    const read = fileIncludeReader([path.join(root, 'one'), path.join(root, 'two')]);
    const from = path.join(root, 'zones/main.zone');
    assert.equal(ok(read('x.zone', from)).text, 'one\n');
    assert.equal(ok(read('y.zone', from)).text, 'local y\n');
    const r = read('z.zone', from);
    refused(r, 'include-not-found', /no such file; tried .*zones\/z\.zone, .*one\/z\.zone, .*two\/z\.zone$/);
  });
});
