/**
 * The example zones say in their header which checks they show; the clean
 * example and every zone of the public corpus that BIND accepts must not get
 * an MX error unless the zone really has that fault (listed below, with why).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze, isReverseZone, loadZone } from '../../server/src/checks/index';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import type { Zone } from '../../server/src/zone/model';
import { originFromFileName } from '../../server/src/zone/origin';
import { CORPUS, corpusEntries, readCorpusInclude, type CorpusEntry } from '../corpusDir';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');

/** The codes of the MX table and `name-missing-trailing-dot`. */
function isMxCode(code: string): boolean {
  return (
    code.startsWith('mx-') ||
    code.startsWith('null-mx-') ||
    code === 'implicit-mx' ||
    code === 'name-missing-trailing-dot'
  );
}

function exampleFiles(): string[] {
  return fs
    .readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.zone'))
    .sort();
}

/** Every example, loaded; the reverse zones among them are the context of the others (as the editor would have them). */
function loadExamples(): { file: string; text: string; zone: Zone }[] {
  return exampleFiles().map((file) => {
    const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
    return { file, text, zone: loadZone(text, { fileName: file, origin: originFromFileName(file) }, DEFAULT_SETTINGS) };
  });
}

/** The codes an example's header comment announces: `;   code (severity) …` lines. */
function announced(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(';')) break;
    const m = /^;\s+([a-z0-9-]+) \((error|warning|information|hint)\)/.exec(line);
    if (m !== null) out.add(m[1]);
  }
  return out;
}

describe('examples', () => {
  const all = loadExamples();
  const reverseZones = all.map((e) => e.zone).filter(isReverseZone);

  it('example.com.zone has no error or warning', () => {
    const e = all.find((x) => x.file === 'example.com.zone');
    assert.ok(e);
    const { diagnostics } = analyze(e.text, { fileName: e.file, origin: 'example.com.' }, DEFAULT_SETTINGS);
    assert.deepEqual(
      diagnostics
        .filter((d) => d.severity === 'error' || d.severity === 'warning')
        .map((d) => `${d.code}: ${d.message}`),
      [],
    );
  });

  for (const e of all) {
    const expected = announced(e.text);
    if (expected.size === 0 && e.file !== 'equal-preference.example.zone') continue;
    it(`${e.file} shows exactly the MX checks its header announces`, () => {
      const { diagnostics } = analyze(
        e.text,
        { fileName: e.file, origin: originFromFileName(e.file) },
        DEFAULT_SETTINGS,
        {
          reverseZones,
        },
      );
      const got = new Set(diagnostics.filter((d) => isMxCode(d.code)).map((d) => d.code));
      assert.deepEqual([...got].sort(), [...expected].sort());
      assert.deepEqual(
        diagnostics.filter((d) => !isMxCode(d.code)).map((d) => d.code),
        [],
        'no structure problem distracts from the MX story',
      );
    });
  }

  it('every MX code is shown by some example', () => {
    const shown = new Set(all.flatMap((e) => [...announced(e.text)]));
    for (const code of [
      'mx-target-ip',
      'mx-target-cname',
      'mx-target-no-address',
      'null-mx-mixed',
      'null-mx-preference',
      'null-mx-sender',
      'mx-duplicate-target',
      'mx-shared-address',
      'mx-backup-adds-nothing',
      'mx-single-address',
      'mx-multihomed-host',
      'mx-address-limit',
      'mx-private-address',
      'mx-ipv6-only',
      'mx-target-not-hostname',
      'implicit-mx',
      'mx-target-out-of-zone',
      'mx-ptr-missing',
      'mx-ptr-mismatch',
      'name-missing-trailing-dot',
    ]) {
      assert.ok(shown.has(code), `an example shows ${code}`);
    }
  });
});

/**
 * Zones BIND accepts that really have an MX fault of severity error, by file
 * and code, with why. BIND loads them because it only warns about MX
 * integrity (or not at all for a missing trailing dot).
 */
const REAL_FAULTS: Record<string, { code: string; why: string }> = {
  'bind9/check-mx.db': { code: 'mx-target-ip', why: "BIND's own test of `-m`: `MX 10 10.0.0.1`" },
  'bind9/cacheclean_example.db': {
    code: 'mx-target-no-address',
    why: 'a resolver cache dump loaded as the zone `.`: its MX targets (uucp.nl.net., mail1.emailpub.com., …) are not in the file, so as a zone it answers NXDOMAIN for them',
  },
  'bind9/ignore.example.db': { code: 'mx-target-no-address', why: 'a check-names test: `zz_zz` does not exist' },
  'bind9/notify_example1.db': { code: 'mx-target-no-address', why: 'test zone: `mail` does not exist' },
  'bind9/tsig_example.db': {
    code: 'mx-target-no-address',
    why: 'test zone: `mail` matches only a wildcard with no address',
  },
  'bind9/nsupdate_example1.db': {
    code: 'mx-target-no-address',
    why: 'test zone: `mail` matches only a wildcard with no address',
  },
  'bind9/masterformat_example.db': { code: 'mx-target-no-address', why: 'test zone: `mail` does not exist' },
  'bind9/formerly-text.db.in': { code: 'mx-target-no-address', why: 'test zone: `mail` does not exist' },
  'knot/records.zone': { code: 'mx-target-no-address', why: 'a test of odd names: MX targets with no address records' },
  'knot/case_sensitivity_example.zone': { code: 'mx-target-no-address', why: 'the target xx.example. does not exist' },
  'knot/flags.zone': { code: 'mx-target-no-address', why: 'the target is named mail-no-a-rr, on purpose' },
  'pdns/10-uppercase-owner-names_example.zone': {
    code: 'mx-target-no-address',
    why: 'ZONEMD test: mail1 does not exist',
  },
  'pdns/11-uppercase-rdata-names_example.zone': {
    code: 'mx-target-no-address',
    why: 'ZONEMD test: MAIL1 does not exist',
  },
  'pdns/41-rfc8976-complex-example_example.zone': {
    code: 'mx-target-no-address',
    why: 'the RFC 8976 example zone: MAIL1 and Mail2 match only `*` which holds a PTR',
  },
  'pdns/zonemd-duplicate.zone': { code: 'mx-target-no-address', why: 'the same RFC 8976 example zone' },
  'pdns/example.com.zone': {
    code: 'name-missing-trailing-dot',
    why: 'SOA `mname.example.com rname.example.com` without trailing dots: they become …example.com.example.com.',
  },
};

function bindAccepted(): CorpusEntry[] {
  return corpusEntries().filter((e) => e.bindOk);
}
describe(
  'no false MX errors on the corpus',
  { skip: CORPUS === undefined && 'the corpus is not there (set ZONELENS_CORPUS)' },
  () => {
    it('BIND-accepted zones get no MX error but their real faults', () => {
      const unexpected: string[] = [];
      const found = new Set<string>();
      for (const e of bindAccepted()) {
        const full = path.join(CORPUS ?? '', e.file);
        const { diagnostics } = analyze(
          fs.readFileSync(full, 'utf8'),
          { fileName: full, origin: e.origin, readInclude: readCorpusInclude },
          DEFAULT_SETTINGS,
        );
        for (const d of diagnostics) {
          if (d.severity !== 'error' || !isMxCode(d.code)) continue;
          const fault = REAL_FAULTS[e.file];
          if (fault !== undefined && fault.code === d.code) found.add(e.file);
          else unexpected.push(`${e.file}: ${d.code}: ${d.message}`);
        }
      }
      assert.deepEqual(unexpected, []);
      // The list stays honest: every zone in it still has its fault.
      assert.deepEqual([...found].sort(), Object.keys(REAL_FAULTS).sort());
    });
  },
);
