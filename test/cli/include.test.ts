/** `$INCLUDE` from the built `zonelens` command: relative to the file, `--include-path`, cycles, missing files. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

function run(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmpdir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zonelens-cli-inc-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const HEAD = '$TTL 1h\n@ SOA ns1 hostmaster 1 1h 15m 2w 1h\n  NS ns1\nns1 A 192.0.2.53\n';

describe('zonelens and $INCLUDE', () => {
  it('reads includes relative to the including file, wherever it is run from', () => {
    const dir = tmpdir({
      'zones/example.com.zone': `${HEAD}$INCLUDE hosts/mail.zone\n@ MX 10 mail\n`,
      'zones/hosts/mail.zone': 'mail A 192.0.2.25\n$INCLUDE more.zone\n',
      'zones/hosts/more.zone': 'www A 192.0.2.80\n',
    });
    const r = run(['print', 'zones/example.com.zone'], dir);
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^mail\.example\.com\.\s+3600\s+IN\s+A\s+192\.0\.2\.25$/m);
    assert.match(r.stdout, /^www\.example\.com\.\s+3600\s+IN\s+A\s+192\.0\.2\.80$/m);
    // From another folder the same: paths are the file's, not the current folder's.
    const elsewhere = run(
      ['check', '--severity', 'mx-single-address=off', path.join(dir, 'zones/example.com.zone')],
      os.tmpdir(),
    );
    assert.equal(elsewhere.stdout, '');
    assert.equal(elsewhere.status, 0);
  });

  it('reports problems of an included file under its own name', () => {
    const dir = tmpdir({
      'example.com.zone': `${HEAD}$INCLUDE inc/bad.zone\n`,
      'inc/bad.zone': 'ok A 192.0.2.1\nbad A 192.0.2.300\n',
    });
    const r = run(['check', 'example.com.zone'], dir);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^inc\/bad\.zone:2:7: error bad-rdata: /m);
  });

  it('says which paths it tried for a missing file, at the directive', () => {
    const dir = tmpdir({ 'example.com.zone': `${HEAD}$INCLUDE nowhere.zone\n` });
    fs.mkdirSync(path.join(dir, 'lib'));
    const r = run(['check', '--include-path', 'lib', 'example.com.zone'], dir);
    assert.equal(r.status, 1);
    assert.match(
      r.stdout,
      /^example\.com\.zone:5:10: error include-not-found: \$INCLUDE nowhere\.zone: no such file; tried nowhere\.zone, lib\/nowhere\.zone$/m,
    );
  });

  it("--include-path adds folders, searched in order after the file's own", () => {
    const dir = tmpdir({
      'zones/example.com.zone': `${HEAD}$INCLUDE common.zone\n$INCLUDE local.zone\n`,
      'zones/local.zone': 'local A 192.0.2.10\n',
      'lib1/common.zone': 'common A 192.0.2.1\n',
      'lib2/common.zone': 'common A 192.0.2.2\n',
      'lib2/local.zone': 'local A 192.0.2.99\n',
    });
    const print = (args: string[]) => run(['print', '--format', 'json', ...args, 'zones/example.com.zone'], dir);
    const rdata = (out: string, owner: string) =>
      (JSON.parse(out) as { owner: string; type: string; rdata: string }[])
        .filter((x) => x.owner === owner && x.type === 'A')
        .map((x) => x.rdata);
    // Without the option the file is not found.
    const none = run(['check', 'zones/example.com.zone'], dir);
    assert.equal(none.status, 1);
    assert.match(none.stdout, /include-not-found: \$INCLUDE common\.zone/);
    const one = print(['--include-path', 'lib1', '--include-path', 'lib2']);
    assert.equal(one.status, 0, one.stderr + one.stdout);
    assert.deepEqual(rdata(one.stdout, 'common.example.com.'), ['192.0.2.1']);
    // The including file's folder comes first.
    assert.deepEqual(rdata(one.stdout, 'local.example.com.'), ['192.0.2.10']);
    const two = print(['--include-path=lib2', '--include-path=lib1']);
    assert.deepEqual(rdata(two.stdout, 'common.example.com.'), ['192.0.2.2']);
  });

  it('refuses an --include-path that is not a folder', () => {
    const dir = tmpdir({ 'example.com.zone': HEAD });
    const r = run(['check', '--include-path', 'missing', 'example.com.zone'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^zonelens: --include-path missing: no such folder$/m);
  });

  it('reports a cycle of three files once, at the $INCLUDE that closes it, and ends', () => {
    const dir = tmpdir({
      'a.zone': `${HEAD}$INCLUDE b.zone\n`,
      'b.zone': '$INCLUDE c.zone\n',
      'c.zone': '$INCLUDE ./a.zone\n',
    });
    const r = run(['check', '--origin', 'example.com', 'a.zone'], dir);
    assert.equal(r.status, 1);
    assert.equal(
      r.stdout,
      'c.zone:1:10: error include-cycle: $INCLUDE ./a.zone would include a.zone again while it is being read (a cycle): skipped\n',
    );
  });

  it('sees a file including itself under another name as a cycle', () => {
    const dir = tmpdir({ 'example.com.zone': `${HEAD}$INCLUDE x/../example.com.zone\n` });
    fs.mkdirSync(path.join(dir, 'x'));
    const r = run(['check', './example.com.zone'], dir);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^\.\/example\.com\.zone:5:10: error include-cycle: /m);
    assert.equal(r.stdout.trim().split('\n').length, 1);
  });
});
