/** The built `zonelens` command, run as a process (npm test builds it first). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

function run(args: string[], cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmpdir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zonelens-cli-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** The version the build puts in the CLI and the server: package.json's. */
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const CLEAN = '$TTL 1h\n@ SOA ns1 hm 1 1h 15m 2w 1h\n  NS ns1\nns1 A 192.0.2.53\n';
const BROKEN = CLEAN + 'bad A 192.0.2.300\nx 1h30 A 192.0.2.1\n';

describe('zonelens check', () => {
  it('is silent and exits 0 on a clean zone', () => {
    const dir = tmpdir({ 'example.com.zone': CLEAN });
    const r = run(['check', 'example.com.zone'], dir);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, '');
    assert.equal(r.status, 0);
  });

  it('prints file:line:col: severity code: message, 1-based, and exits 1 on errors', () => {
    const dir = tmpdir({ 'example.com.zone': BROKEN });
    const r = run(['check', 'example.com.zone'], dir);
    assert.equal(r.status, 1);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^example\.com\.zone:5:7: error bad-rdata: .*192\.0\.2\.300/);
    assert.match(lines[1], /^example\.com\.zone:6:3: error bad-ttl: /);
  });

  it('takes the origin from the file name, or from --origin', () => {
    const dir = tmpdir({ 'db.example.org': CLEAN, 'zone.txt': CLEAN });
    const json = (args: string[]) => JSON.parse(run(args, dir).stdout) as { files: { origin: string }[] };
    assert.equal(json(['check', '--format', 'json', 'db.example.org']).files[0].origin, 'example.org.');
    assert.equal(json(['check', '--format=json', '--origin', 'other.test', 'zone.txt']).files[0].origin, 'other.test.');
    // No origin: relative names cannot be read.
    const r = run(['check', 'zone.txt'], dir);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /relative-name-without-origin/);
  });

  it('writes the JSON of CLI.md, with 0-based LSP ranges, sorted, includes under their own file', () => {
    const dir = tmpdir({
      'example.com.zone': CLEAN + '$INCLUDE hosts.inc\nz A 192.0.2.400\n',
      'hosts.inc': 'h1 A 192.0.2.1\nh2 A 192.0.2.999\n',
    });
    const r = run(['check', '--format', 'json', 'example.com.zone'], dir);
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout) as {
      version: number;
      files: {
        file: string;
        origin: string;
        records: number;
        diagnostics: { code: string; severity: string; message: string; range: unknown }[];
      }[];
    };
    assert.equal(out.version, 1);
    assert.deepEqual(
      out.files.map((f) => [f.file, f.origin, f.records]),
      [
        ['example.com.zone', 'example.com.', 3],
        ['hosts.inc', 'example.com.', 1],
      ],
    );
    assert.deepEqual(out.files[0].diagnostics[0].range, {
      start: { line: 5, character: 4 },
      end: { line: 5, character: 15 },
    });
    assert.equal(out.files[1].diagnostics[0].code, 'bad-rdata');
    assert.deepEqual(out.files[1].diagnostics[0].range, {
      start: { line: 1, character: 5 },
      end: { line: 1, character: 16 },
    });
  });

  it('writes SARIF 2.1.0 with rules, help URIs, levels and 1-based regions', () => {
    const dir = tmpdir({ 'example.com.zone': BROKEN });
    const r = run(['check', '--format', 'sarif', 'example.com.zone'], dir);
    assert.equal(r.status, 1);
    const sarif = JSON.parse(r.stdout) as {
      version: string;
      runs: {
        tool: { driver: { name: string; version: string; rules: { id: string; helpUri: string }[] } };
        results: {
          ruleId: string;
          level: string;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } };
          }[];
        }[];
      }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.equal(run0.tool.driver.name, 'zonelens');
    assert.equal(run0.tool.driver.version, VERSION);
    assert.deepEqual(
      run0.tool.driver.rules.map((x) => x.id),
      ['bad-rdata', 'bad-ttl'],
    );
    assert.match(run0.tool.driver.rules[0].helpUri, /docs\/checks\/bad-rdata\.md$/);
    assert.equal(run0.results[0].level, 'error');
    assert.deepEqual(run0.results[0].locations[0].physicalLocation.region, {
      startLine: 5,
      startColumn: 7,
      endLine: 5,
      endColumn: 18,
    });
    assert.equal(run0.results[0].locations[0].physicalLocation.artifactLocation.uri, 'example.com.zone');
  });

  it('overrides a severity with --severity CODE=LEVEL', () => {
    const dir = tmpdir({ 'example.com.zone': BROKEN });
    const r = run(['check', '--severity', 'bad-rdata=off', '--severity', 'bad-ttl=warning', 'example.com.zone'], dir);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^example\.com\.zone:6:3: warning bad-ttl: /);
    assert.doesNotMatch(r.stdout, /bad-rdata/);
  });

  it('checks MX addresses against a reverse zone given on the same command line', () => {
    const args = [
      'check',
      '--format',
      'json',
      'examples/mx-ptr.example.zone',
      'examples/b.a.0.0.8.b.d.0.1.0.0.2.ip6.arpa.zone',
    ];
    const out = JSON.parse(run(args).stdout) as { files: { file: string; diagnostics: { code: string }[] }[] };
    assert.deepEqual(
      out.files[0].diagnostics.map((d) => d.code),
      ['mx-ptr-missing', 'mx-ptr-mismatch'],
    );
    // Alone, the forward zone has nothing to compare with.
    const alone = JSON.parse(run(['check', '--format', 'json', 'examples/mx-ptr.example.zone']).stdout) as typeof out;
    assert.deepEqual(alone.files[0].diagnostics, []);
  });

  it('exits 2 with a one-line reason on a wrong command line or an unreadable file', () => {
    const cases: [string[], RegExp][] = [
      [['check', 'missing.zone'], /cannot read missing\.zone: no such file/],
      [['check', '--format', 'xml', 'x.zone'], /--format must be one of text, json, sarif/],
      [['check', '--severity', 'no-such-code=error', 'x.zone'], /no check has the code 'no-such-code'/],
      [['check', '--profile', 'outlook', 'x.zone'], /--profile must be one of/],
      [['check', '--bogus', 'x.zone'], /unknown option '--bogus'/],
      [['check'], /no zone file given/],
      [['frobnicate'], /unknown command 'frobnicate'/],
    ];
    for (const [args, reason] of cases) {
      const r = run(args);
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.match(r.stderr.split('\n')[0], reason);
    }
  });
});

describe('zonelens --version', () => {
  it("prints the package's version and exits 0", () => {
    assert.match(VERSION, /^\d+\.\d+\.\d+/);
    for (const flag of ['--version', '-v']) {
      const r = run([flag]);
      assert.equal(r.status, 0, flag);
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, `zonelens ${VERSION}\n`);
    }
  });
});

describe('zonelens print', () => {
  it('prints the records as BIND loads them, sorted canonically', () => {
    const dir = tmpdir({
      'example.com.zone':
        CLEAN + 'b 300 A 192.0.2.2\nb 600 A 192.0.2.3\nb A 192.0.2.2\nA.b TXT "x"\n$GENERATE 1-2 g$ CNAME b\n',
    });
    const r = run(['print', 'example.com.zone'], dir);
    assert.equal(r.status, 0);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      'example.com.\t3600\tIN\tNS\tns1.example.com.',
      'example.com.\t3600\tIN\tSOA\tns1.example.com. hm.example.com. 1 3600 900 1209600 3600',
      'b.example.com.\t300\tIN\tA\t192.0.2.2',
      'b.example.com.\t300\tIN\tA\t192.0.2.3',
      'A.b.example.com.\t3600\tIN\tTXT\t"x"',
      'g1.example.com.\t3600\tIN\tCNAME\tb.example.com.',
      'g2.example.com.\t3600\tIN\tCNAME\tb.example.com.',
      'ns1.example.com.\t3600\tIN\tA\t192.0.2.53',
    ]);
  });

  it('prints JSON with the file and line of each record', () => {
    const dir = tmpdir({ 'example.com.zone': CLEAN });
    const r = run(['print', '--format', 'json', 'example.com.zone'], dir);
    const recs = JSON.parse(r.stdout) as { owner: string; type: string; file: string; line: number }[];
    assert.deepEqual(
      recs.find((x) => x.type === 'A'),
      {
        owner: 'ns1.example.com.',
        ttl: 3600,
        class: 'IN',
        type: 'A',
        rdata: '192.0.2.53',
        file: 'example.com.zone',
        line: 4,
      },
    );
  });
});

describe('zonelens simulate', () => {
  const zone = 'examples/equal-preference.example.zone';

  it('prints tiers, shares and the outcome as text', () => {
    const r = run(['simulate', '--profile', 'postfix', '--down', '192.0.2.1', zone]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /profile postfix {2}mode mx {2}\(exact\)/);
    assert.match(r.stdout, /192\.0\.2\.1 +down +50\.0% +50\.0% +0\.0%/);
    assert.match(r.stdout, /outcome: delivered 100\.0%/);
  });

  it('writes the JSON object of CLI.md, one per profile with --profile all', () => {
    const one = JSON.parse(run(['simulate', '--format', 'json', zone]).stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(one), [
      'version',
      'domain',
      'profile',
      'mode',
      'exact',
      'tiers',
      'addresses',
      'outcome',
      'expectedAttempts',
      'sequences',
    ]);
    const all = JSON.parse(run(['simulate', '--format', 'json', '--profile', 'all', zone]).stdout) as {
      profile: string;
      addresses: { firstAttempt: number }[];
    }[];
    assert.deepEqual(
      all.map((x) => x.profile),
      ['rfc5321', 'postfix', 'exim', 'sendmail', 'qmail', 'first-mx'],
    );
    // SIMULATION.md example 1: every profile but first-mx splits first attempts 50/50.
    for (const x of all.slice(0, 5))
      assert.deepEqual(
        x.addresses.map((a) => a.firstAttempt),
        [0.5, 0.5],
      );
    assert.deepEqual(
      all[5].addresses.map((a) => a.firstAttempt),
      [1, 0],
    );
  });

  it('takes a relative domain, states by host name, --rrset-order and --no-ipv6', () => {
    const r = JSON.parse(
      run(['simulate', '--format', 'json', '--tempfail', 'mail1', '--rrset-order', 'rotated', '--no-ipv6', zone, '@'])
        .stdout,
    ) as { domain: string; addresses: { state: string }[] };
    assert.equal(r.domain, 'equal-preference.example.');
    assert.deepEqual(
      r.addresses.map((a) => a.state),
      ['tempfail', 'up'],
    );
  });

  it('exits 2 for a domain with nothing to simulate or a wrong option', () => {
    assert.equal(run(['simulate', zone, 'nosuchname']).status, 2);
    assert.match(run(['simulate', zone, 'nosuchname']).stderr, /nothing to simulate.*no such name/);
    assert.equal(run(['simulate', '--rrset-order', 'random', zone]).status, 2);
    assert.equal(run(['check', '--down', 'x', zone]).status, 2);
  });
});
