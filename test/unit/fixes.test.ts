/**
 * The quick-fix core (`server/src/fixes`): for every fixable code, the exact
 * text a fix writes (style kept: columns, tabs, blank owners, relative names,
 * CRLF, `$ORIGIN` sections, multi-line records), that the fixed zone no longer
 * has the diagnostic, and the cases where no fix is offered because it would
 * not be safe.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, type Analysis } from '../../server/src/checks/index';
import { fixAll, fixesFor, type Fix } from '../../server/src/fixes/index';
import { applyEdits, verifyEdits } from '../../server/src/fixes/verify';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { prng } from '../../server/src/simulate/engine';
import type { IncludeReader } from '../../server/src/zone/parser';

const ORIGIN = 'example.com.';

function load(text: string, readInclude?: IncludeReader): Analysis {
  return analyze(text, { fileName: 'example.com.zone', origin: ORIGIN, readInclude }, DEFAULT_SETTINGS);
}

/** The fixes of the `nth` diagnostic with `code`. */
function fixesOf(a: Analysis, code: string, nth = 0): Fix[] {
  const d = a.diagnostics.filter((x) => x.code === code)[nth];
  assert.ok(d !== undefined, `a ${code} diagnostic`);
  return fixesFor(a.zone, d, { origin: ORIGIN });
}

/** The main file's text after a fix. */
function applied(a: Analysis, fix: Fix, file = 0): string {
  return applyEdits(
    a.zone.files[file].text,
    fix.edits.filter((e) => e.file === file),
  );
}

/** Applies the only (or `which`) fix of the first `code` diagnostic; checks the diagnostic count drops. */
function fixOnce(text: string, code: string, which = 0): { fix: Fix; out: string; fixes: Fix[] } {
  const a = load(text);
  const fixes = fixesOf(a, code);
  const fix = fixes[which];
  assert.ok(fix !== undefined, `a fix for ${code}`);
  const out = applied(a, fix);
  const count = (x: Analysis) => x.diagnostics.filter((d) => d.code === code).length;
  assert.ok(count(load(out)) < count(a), `${code} goes away`);
  return { fix, out, fixes };
}

const HEAD = `$ORIGIN example.com.
$TTL 1h
@       IN  SOA   ns1 hostmaster 1 1h 15m 2w 1h
        IN  NS    ns1
`;
const NS1 = 'ns1     IN  A     198.51.100.53\n';

describe('fixes: one per code', () => {
  it('name-missing-trailing-dot adds the dot; preferred only when the name repeats the origin', () => {
    const text = HEAD + '        IN  MX    10 mail.example.com\n        IN  MX    20 mx.example.net\n' + NS1;
    const { fix, out } = fixOnce(text, 'name-missing-trailing-dot');
    assert.equal(fix.isPreferred, true);
    assert.equal(out, text.replace('mail.example.com\n', 'mail.example.com.\n'));
    const tld = fixesOf(load(text), 'name-missing-trailing-dot', 1);
    assert.equal(tld.length, 1);
    assert.equal(tld[0].isPreferred, false);
    assert.equal(tld[0].title, 'Add the trailing dot: mx.example.net.');
  });

  it('mx-target-ip creates mx1 with the address after the owner run, in the file’s columns', () => {
    const text = HEAD + '        IN  MX    10 192.0.2.25   ; old\n        IN  TXT   "v=spf1 mx -all"\n' + NS1;
    const { fix, out } = fixOnce(text, 'mx-target-ip');
    assert.equal(fix.isPreferred, true);
    assert.equal(fix.title, 'Point the MX at a new host mx1 (A 192.0.2.25)');
    assert.equal(
      out,
      HEAD +
        '        IN  MX    10 mx1   ; old\n        IN  TXT   "v=spf1 mx -all"\nmx1     IN  A     192.0.2.25\n' +
        NS1,
    );
  });

  it('mx-target-ip picks a free name and an AAAA for an IPv6 literal, or points at a host that has the address', () => {
    const text = HEAD + '        IN  MX    10 [IPv6:2001:DB8::25]\n' + NS1 + 'mx1     IN  A     198.51.100.1\n';
    const { out } = fixOnce(text, 'mx-target-ip');
    assert.match(out, /MX {4}10 mx2\n/);
    assert.match(out, /\nmx2 {5}IN {2}AAAA {2}2001:db8::25\n/);
    const known = HEAD + '        IN  MX    10 198.51.100.53\n' + NS1;
    const r = fixOnce(known, 'mx-target-ip');
    assert.equal(r.fix.title, 'Point the MX at ns1, which has 198.51.100.53');
    assert.equal(r.out, HEAD + '        IN  MX    10 ns1\n' + NS1);
  });

  it('mx-target-cname writes the canonical name in place', () => {
    const text = HEAD + '        IN  MX    10 alias\nalias   IN  CNAME smtp\nsmtp    IN  A     192.0.2.25\n' + NS1;
    const { fix, out } = fixOnce(text, 'mx-target-cname');
    assert.equal(fix.isPreferred, true);
    assert.equal(out, text.replace('MX    10 alias', 'MX    10 smtp'));
  });

  it('mx-target-no-address adds a placeholder A beside the target’s records, or after the MX owner', () => {
    const beside = HEAD + '        IN  MX    10 bare\nbare    IN  TXT   "no address"\n' + NS1;
    const r1 = fixOnce(beside, 'mx-target-no-address');
    assert.equal(r1.fix.isPreferred, false);
    assert.equal(
      r1.out,
      HEAD + '        IN  MX    10 bare\nbare    IN  TXT   "no address"\n        IN  A     192.0.2.1\n' + NS1,
    );
    const ghost = HEAD + '        IN  MX    10 ghost\n' + NS1 + 'x       IN  A     192.0.2.1\n';
    const r2 = fixOnce(ghost, 'mx-target-no-address');
    // 192.0.2.1 is taken: the next documentation address.
    assert.equal(
      r2.out,
      HEAD + '        IN  MX    10 ghost\nghost   IN  A     192.0.2.2\n' + NS1 + 'x       IN  A     192.0.2.1\n',
    );
  });

  it('mx-target-no-address adds the A after the alias that leads to a missing name', () => {
    const text = HEAD + '        IN  MX    10 hop\n' + NS1 + 'hop     IN  CNAME far\nwww     IN  A     192.0.2.80\n';
    const a = load(text);
    const d = a.diagnostics.find((x) => x.code === 'mx-target-no-address');
    assert.ok(d !== undefined);
    const [fix] = fixesFor(a.zone, d, { origin: ORIGIN });
    assert.equal(
      applied(a, fix),
      HEAD +
        '        IN  MX    10 hop\n' +
        NS1 +
        'hop     IN  CNAME far\nfar     IN  A     192.0.2.1\nwww     IN  A     192.0.2.80\n',
    );
  });

  it('null-mx-mixed offers both ways out; removing a record that named the owner writes it on the next line', () => {
    const text =
      HEAD + 'shop    IN  MX    10 mail ; main\n        IN  MX    0 .\n' + NS1 + 'mail    IN  A     192.0.2.25\n';
    const { fixes } = fixOnce(text, 'null-mx-mixed');
    assert.deepEqual(
      fixes.map((f) => [f.title, f.isPreferred]),
      [
        ['Keep only the null MX (remove the other MX record)', false],
        ['Remove the null MX (the domain takes mail)', false],
      ],
    );
    const a = load(text);
    assert.equal(applied(a, fixes[0]), HEAD + 'shop    IN  MX    0 .\n' + NS1 + 'mail    IN  A     192.0.2.25\n');
    assert.equal(
      applied(a, fixes[1]),
      HEAD + 'shop    IN  MX    10 mail ; main\n' + NS1 + 'mail    IN  A     192.0.2.25\n',
    );
  });

  it('null-mx-mixed: removing the null MX removes its copies too (only the first copy is reported)', () => {
    const text =
      HEAD +
      'shop    IN  MX    10 mail\nshop    IN  MX    0 .\nshop    IN  MX    0 .\n' +
      NS1 +
      'mail    IN  A     192.0.2.25\n';
    const { fixes } = fixOnce(text, 'null-mx-mixed');
    const a = load(text);
    const out = applied(a, fixes[1]);
    assert.equal(out, HEAD + 'shop    IN  MX    10 mail\n' + NS1 + 'mail    IN  A     192.0.2.25\n');
    assert.ok(!load(out).diagnostics.some((d) => d.code === 'null-mx-mixed'));
  });

  it('null-mx-preference sets 0', () => {
    const text = HEAD + 'shop    IN  MX    10 .\n' + NS1;
    const { fix, out } = fixOnce(text, 'null-mx-preference');
    assert.equal(fix.isPreferred, true);
    assert.equal(out, HEAD + 'shop    IN  MX    0 .\n' + NS1);
  });

  it('mx-duplicate-target removes the higher-preference entry', () => {
    const text = HEAD + '        IN  MX    10 ns1\n        IN  MX    20 ns1\n' + NS1;
    const { fix, out } = fixOnce(text, 'mx-duplicate-target');
    assert.equal(fix.isPreferred, true);
    assert.equal(out, HEAD + '        IN  MX    10 ns1\n' + NS1);
  });

  it('mx-backup-adds-nothing removes the whole tier', () => {
    const text =
      HEAD +
      '        IN  MX    10 ns1\n        IN  MX    20 alt\n        IN  MX    20 alt2\n' +
      NS1 +
      'alt     IN  A     198.51.100.53\nalt2    IN  A     198.51.100.53\n';
    const { fix, out } = fixOnce(text, 'mx-backup-adds-nothing');
    assert.equal(fix.title, 'Remove the backup tier 20 (2 MX records)');
    assert.equal(
      out,
      HEAD + '        IN  MX    10 ns1\n' + NS1 + 'alt     IN  A     198.51.100.53\nalt2    IN  A     198.51.100.53\n',
    );
  });

  it('mx-multihomed-host splits into one MX name per address at the same preference', () => {
    const text =
      HEAD + '        IN  MX    10 mail\n' + NS1 + 'mail    IN  A     192.0.2.25\n        IN  A     192.0.2.26\n';
    const { fix, out } = fixOnce(text, 'mx-multihomed-host');
    assert.equal(fix.title, 'Split mail into mail1, mail2: one MX name per address at preference 10');
    assert.equal(
      out,
      HEAD +
        '        IN  MX    10 mail1\n        IN  MX    10 mail2\n' +
        NS1 +
        'mail    IN  A     192.0.2.25\n        IN  A     192.0.2.26\n' +
        'mail1   IN  A     192.0.2.25\nmail2   IN  A     192.0.2.26\n',
    );
  });

  it('mx-multihomed-host pairs the other family when it has as many addresses, and is not offered otherwise', () => {
    const dual =
      HEAD +
      '        IN  MX    10 mail\n' +
      NS1 +
      'mail    IN  A     192.0.2.25\n        IN  A     192.0.2.26\n        IN  AAAA  2001:db8::25\n        IN  AAAA  2001:db8::26\n';
    const { out } = fixOnce(dual, 'mx-multihomed-host');
    assert.ok(
      out.endsWith(
        'mail1   IN  A     192.0.2.25\n        IN  AAAA  2001:db8::25\nmail2   IN  A     192.0.2.26\n        IN  AAAA  2001:db8::26\n',
      ),
      out,
    );
    const odd =
      HEAD +
      '        IN  MX    10 mail\n' +
      NS1 +
      'mail    IN  A     192.0.2.25\n        IN  A     192.0.2.26\n        IN  AAAA  2001:db8::25\n';
    assert.deepEqual(fixesOf(load(odd), 'mx-multihomed-host'), []);
  });

  it('implicit-mx adds @ MX 0 . after the apex address, continuing the owner', () => {
    const text = HEAD + '        IN  A     192.0.2.10\n' + NS1;
    const { fix, out } = fixOnce(text, 'implicit-mx');
    assert.equal(fix.isPreferred, false);
    assert.equal(out, HEAD + '        IN  A     192.0.2.10\n        IN  MX    0 .\n' + NS1);
  });

  it('rrset-ttl-mismatch drops a TTL when the first record inherits, writes one where none was', () => {
    const drop = HEAD + NS1 + 'www     IN  A     192.0.2.1\nwww 300 IN  A     192.0.2.2\n';
    assert.equal(
      fixOnce(drop, 'rrset-ttl-mismatch').out,
      HEAD + NS1 + 'www     IN  A     192.0.2.1\nwww IN  A     192.0.2.2\n',
    );
    const insert = HEAD + NS1 + 'www 300 IN  A     192.0.2.1\n        IN  A     192.0.2.2\n';
    assert.equal(
      fixOnce(insert, 'rrset-ttl-mismatch').out,
      HEAD + NS1 + 'www 300 IN  A     192.0.2.1\n        300 IN  A     192.0.2.2\n',
    );
  });

  it('rrset-ttl-mismatch without $TTL keeps the TTL that later records inherit', () => {
    const text =
      '@ 3600 SOA ns1 hm 1 1h 15m 2w 1h\n  NS ns1\nns1 A 192.0.2.53\nwww 300 A 192.0.2.1\nwww 600 A 192.0.2.2\nx A 192.0.2.3\n';
    const { out } = fixOnce(text, 'rrset-ttl-mismatch');
    assert.equal(out, text.replace('www 600', 'www 300').replace('x A', 'x 600 A'));
  });

  it('duplicate-record deletes the later copy, all of its lines', () => {
    const text =
      HEAD +
      NS1 +
      'www     IN  TXT   "a"\nwww     IN  TXT   ( "a" ; again\n                  )\nftp     IN  A     192.0.2.1\n';
    const { fix, out } = fixOnce(text, 'duplicate-record');
    assert.equal(fix.isPreferred, true);
    assert.equal(out, HEAD + NS1 + 'www     IN  TXT   "a"\nftp     IN  A     192.0.2.1\n');
  });

  it('cname-and-other-data removes the other record, keeping the owner for the CNAME line; never at the apex', () => {
    const text =
      HEAD + NS1 + 'www     IN  A     192.0.2.80 ; web\n        IN  CNAME web\nweb     IN  A     192.0.2.81\n';
    const { out } = fixOnce(text, 'cname-and-other-data');
    assert.equal(out, HEAD + NS1 + 'www     IN  CNAME web\nweb     IN  A     192.0.2.81\n');
    const apex = HEAD + '        IN  CNAME web\n' + NS1 + 'web     IN  A     192.0.2.81\n';
    const a = load(apex);
    for (const d of a.diagnostics.filter((x) => x.code === 'cname-and-other-data')) {
      assert.deepEqual(fixesFor(a.zone, d, { origin: ORIGIN }), []);
    }
  });
});

describe('fixes: the file’s style', () => {
  it('keeps tabs and CRLF line ends, and edits inside a multi-line record', () => {
    const text =
      '$ORIGIN example.com.\r\n$TTL 3600\r\n@\tIN\tSOA\tns1 hostmaster (\r\n\t\t\t1 3600 900 1209600 3600 )\r\n\tIN\tNS\tns1\r\n' +
      'ns1\tIN\tA\t198.51.100.53\r\nwww\tIN\tA\t198.51.100.80\r\n\tIN\tMX\t10 (\r\n\t\t\t192.0.2.80 ) ; multi-line\r\n';
    const { out } = fixOnce(text, 'mx-target-ip');
    assert.equal(out, text.replace('192.0.2.80 )', 'mx1 )') + 'mx1\tIN\tA\t192.0.2.80\r\n');
    assert.ok(!/[^\r]\n/.test(out), 'no bare LF');
  });

  it('writes names for the $ORIGIN section the edit is in', () => {
    const text =
      HEAD + NS1 + '$ORIGIN sub.example.com.\n@       IN  MX    10 192.0.2.99\nwww     IN  A     198.51.100.80\n';
    const { out } = fixOnce(text, 'mx-target-ip');
    assert.equal(
      out,
      HEAD +
        NS1 +
        '$ORIGIN sub.example.com.\n@       IN  MX    10 mx1.example.com.\nmx1.example.com. IN  A     192.0.2.99\nwww     IN  A     198.51.100.80\n',
    );
  });

  it('writes owners relative to the section when the new host is below it', () => {
    const text = HEAD + NS1 + '$ORIGIN sub.example.com.\n@       IN  MX    10 host\nmx      IN  A     192.0.2.98\n';
    // `host.sub` does not exist: its A record goes after the MX owner, relative to sub.example.com.
    const { out } = fixOnce(text, 'mx-target-no-address');
    assert.equal(
      out,
      HEAD +
        NS1 +
        '$ORIGIN sub.example.com.\n@       IN  MX    10 host\nhost    IN  A     192.0.2.1\nmx      IN  A     192.0.2.98\n',
    );
  });

  it('writes absolute names in a file that writes them so', () => {
    const text =
      'example.com. 3600 IN SOA ns1.example.com. hm.example.com. 1 3600 900 1209600 3600\n' +
      'example.com. 3600 IN NS ns1.example.com.\nexample.com. 3600 IN MX 10 192.0.2.25.\n' +
      'ns1.example.com. 3600 IN A 198.51.100.53\n';
    const { out } = fixOnce(text, 'mx-target-ip');
    assert.equal(
      out,
      text
        .replace('MX 10 192.0.2.25.', 'MX 10 mx1.example.com.')
        .replace('ns1.example.com. 3600 IN A', 'mx1.example.com. 3600 IN A 192.0.2.25\nns1.example.com. 3600 IN A'),
    );
  });

  it('edits an $INCLUDEd file where the record is', () => {
    const inc = 'mail    IN  MX    10 192.0.2.25\n';
    const reader: IncludeReader = () => ({ ok: true, name: 'mail.inc', text: inc });
    const a = load(HEAD + NS1 + '$INCLUDE mail.inc\n', reader);
    const d = a.diagnostics.find((x) => x.code === 'mx-target-ip');
    assert.ok(d !== undefined && d.file === 1);
    const [fix] = fixesFor(a.zone, d, { origin: ORIGIN });
    assert.deepEqual(
      fix.edits.map((e) => e.file),
      [1, 1],
    );
    assert.equal(applied(a, fix, 1), 'mail    IN  MX    10 mx1\nmx1     IN  A     192.0.2.25\n');
  });
});

describe('fixes: only when safe', () => {
  it('offers nothing for data that does not fit the zone', () => {
    const a = load(HEAD + '        IN  MX    10 192.0.2.25\n' + NS1);
    const d = a.diagnostics.find((x) => x.code === 'mx-target-ip');
    assert.ok(d !== undefined);
    const data = d.data as Record<string, unknown>;
    for (const bad of [
      undefined,
      null,
      42,
      { ...data, exchange: { file: 0, start: 1, end: 3 } },
      { ...data, exchange: { file: 9, start: 0, end: 1 } },
      { ...data, family: 5 },
    ]) {
      assert.deepEqual(fixesFor(a.zone, { ...d, data: bad }, { origin: ORIGIN }), [], JSON.stringify(bad));
    }
    assert.deepEqual(fixesFor(a.zone, { ...d, code: 'no-such-code' }, { origin: ORIGIN }), []);
  });

  it('does not edit a $GENERATE template, nor a file whose parentheses do not balance', () => {
    const gen = load(HEAD + NS1 + '$GENERATE 1-2 h$ MX "10 mail.example.com"\n');
    for (const d of gen.diagnostics.filter((x) => x.data !== undefined)) {
      assert.deepEqual(fixesFor(gen.zone, d, { origin: ORIGIN }), [], d.code);
    }
    const open = load(HEAD + NS1 + 'shop    IN  MX    10 .\nbroken  IN  TXT   ( "a"\n');
    const d = open.diagnostics.find((x) => x.code === 'null-mx-preference');
    assert.ok(d !== undefined);
    assert.deepEqual(fixesFor(open.zone, d, { origin: ORIGIN }), []);
  });

  it('refuses edits that change other records (verification)', () => {
    const a = load(HEAD + NS1 + 'www     IN  A     192.0.2.1\n        IN  A     192.0.2.2\n');
    const www = a.zone.records.find((r) => r.owner === 'www.example.com.');
    assert.ok(www !== undefined);
    const text = a.zone.files[0].text;
    const start = text.indexOf('www');
    // Deleting the first www line alone would hand its blank-owner successor to ns1.
    const lineEnd = text.indexOf('\n', start) + 1;
    assert.equal(
      verifyEdits(a.zone, [{ file: 0, start, end: lineEnd, newText: '' }], [www], [], { origin: ORIGIN }),
      false,
    );
  });
});

describe('fixes: fix all', () => {
  it('applies every preferred fix, new hosts with distinct names, and leaves the choices to the user', () => {
    const text =
      HEAD +
      '        IN  MX    10 192.0.2.25\n        IN  MX    20 192.0.2.26\n        IN  MX    30 mail.example.com\n' +
      NS1 +
      'mail    IN  A     198.51.100.25\nshop    IN  MX    0 .\n        IN  MX    10 mail\nwww     IN  A     192.0.2.80\nwww     IN  A     192.0.2.80\n';
    const a = load(text);
    const all = fixAll(a.zone, a.diagnostics, { origin: ORIGIN });
    assert.ok(all !== null);
    const out = applied(a, all);
    assert.equal(
      out,
      HEAD +
        '        IN  MX    10 mx1\n        IN  MX    20 mx2\n        IN  MX    30 mail.example.com.\n' +
        'mx1     IN  A     192.0.2.25\nmx2     IN  A     192.0.2.26\n' +
        NS1 +
        'mail    IN  A     198.51.100.25\nshop    IN  MX    0 .\n        IN  MX    10 mail\nwww     IN  A     192.0.2.80\n',
    );
    const after = load(out).diagnostics.map((d) => d.code);
    assert.ok(after.includes('null-mx-mixed'), 'a choice is not made for the user');
    for (const code of ['mx-target-ip', 'name-missing-trailing-dot', 'duplicate-record'])
      assert.ok(!after.includes(code));
  });

  it('finds the fixes that go together when the first way of writing one does not', () => {
    // No $TTL: x inherits www's 600, so the TTL fix must also write x's TTL (its second way of writing).
    const text =
      '@ 3600 SOA ns1 hm 1 1h 15m 2w 1h\n  NS ns1\n  MX 10 mail.example.com\nns1 A 192.0.2.53\nmail A 192.0.2.25\n' +
      'www 300 A 192.0.2.1\nwww 600 A 192.0.2.2\nx A 192.0.2.3\n';
    const a = load(text);
    const all = fixAll(a.zone, a.diagnostics, { origin: ORIGIN });
    assert.ok(all !== null);
    assert.equal(
      applied(a, all),
      text.replace('mail.example.com', 'mail.example.com.').replace('www 600', 'www 300').replace('x A', 'x 600 A'),
    );
  });

  it('returns null when nothing has a clear fix', () => {
    const a = load(HEAD + NS1);
    assert.equal(fixAll(a.zone, a.diagnostics, { origin: ORIGIN }), null);
  });
});

describe('fixes: applying edits', () => {
  /** The edits applied one by one from the end of the text (the definition `applyEdits` must keep). */
  function oneByOne(text: string, edits: { start: number; end: number; newText: string }[]): string {
    const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
    let out = text;
    for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    return out;
  }

  it('gives what applying them one by one from the end gives, insertions at one offset included', () => {
    const next = prng(21);
    for (let round = 0; round < 500; round++) {
      const text = 'abcdefghijklmnopqrstuvwxyz'.slice(0, 1 + Math.floor(next() * 26));
      const edits: { file: number; start: number; end: number; newText: string }[] = [];
      // Non-overlapping ranges, some empty (insertions), some at the same offset, in random order.
      for (let at = 0; at <= text.length;) {
        const start = at + Math.floor(next() * 3);
        if (start > text.length) break;
        const end = Math.min(text.length, start + Math.floor(next() * 3));
        edits.push({ file: 0, start, end, newText: `<${edits.length}>` });
        if (next() < 0.3) edits.push({ file: 0, start, end: start, newText: `[${edits.length}]` });
        at = end === start ? end + 1 : end;
      }
      edits.sort(() => next() - 0.5);
      assert.equal(applyEdits(text, edits), oneByOne(text, edits), `round ${round}: ${JSON.stringify(edits)}`);
    }
  });
});
