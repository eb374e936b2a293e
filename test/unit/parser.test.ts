import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { LineIndex } from '../../server/src/zone/lineIndex';
import { Lexer, tokensBetween } from '../../server/src/zone/lexer';
import { CORPUS, corpusEntries } from '../corpusDir';
import {
  CHECKPOINT_EVERY,
  parseResumable,
  parseZone,
  reparse,
  type IncludeReader,
  type ParseResult,
  type ZoneRecord,
} from '../../server/src/zone/parser';
import { parseTtl, plainTtl } from '../../server/src/zone/ttl';

const ORIGIN = 'example.com.';

function parse(text: string, extra: Partial<Parameters<typeof parseZone>[1]> = {}): ParseResult {
  return parseZone(text, { fileName: 'test.zone', origin: ORIGIN, ...extra });
}

/** The records as `owner ttl type rdata…`, the shape a reader checks at a glance. */
function lines(r: ParseResult): string[] {
  return r.records.map((x) => `${x.owner} ${x.ttl} ${x.type} ${x.rdata.map((f) => f.value).join(' ')}`.trimEnd());
}

function codes(r: ParseResult): string[] {
  return r.diagnostics.map((d) => d.code);
}

/** The source text a range covers. */
function cover(text: string, start: number, end: number): string {
  return text.slice(start, end);
}

describe('lexer', () => {
  it('splits logical lines, honours parentheses, quotes, escapes and comments', () => {
    const text = 'a IN TXT "x ; y" ( b\n c ) ; comment\n  d\\ e f\n';
    const lx = new Lexer(text);
    const e1 = lx.next();
    assert.ok(e1);
    assert.deepEqual(
      e1.tokens.map((t) => [t.text, t.quoted]),
      [
        ['a', false],
        ['IN', false],
        ['TXT', false],
        ['x ; y', true],
        ['b', false],
        ['c', false],
      ],
    );
    assert.equal(e1.blankOwner, false);
    const e2 = lx.next();
    assert.ok(e2);
    assert.equal(e2.blankOwner, true);
    assert.deepEqual(
      e2.tokens.map((t) => t.text),
      ['d\\ e', 'f'],
    );
    assert.equal(lx.next(), null);
    assert.deepEqual([...lx.parenProblems(), ...lx.stringProblems], []);
  });

  it('reports an unclosed ( where it stands and ends the record at its line', () => {
    const text = '$TTL 60\na A ( 192.0.2.1\nb A 192.0.2.2\n';
    const r = parse(text);
    assert.deepEqual(codes(r), ['unbalanced-parentheses']);
    assert.equal(cover(text, r.diagnostics[0].start, r.diagnostics[0].end), '(');
    assert.deepEqual(lines(r), ['a.example.com. 60 A 192.0.2.1', 'b.example.com. 60 A 192.0.2.2']);
  });

  it('reports a stray ) and keeps reading', () => {
    const text = '$TTL 60\na A 192.0.2.1 )\nb A 192.0.2.2\n';
    const r = parse(text);
    assert.deepEqual(codes(r), ['unbalanced-parentheses']);
    assert.equal(r.diagnostics[0].start, text.indexOf(')'));
    assert.equal(r.records.length, 2);
  });

  it('reads any stretch of a line again with the same tokens (RDATA read on demand)', () => {
    // Every logical line, from each of its tokens to its end, against the lexer's own reading.
    const agree = (text: string, what: string): number => {
      const lx = new Lexer(text);
      let checked = 0;
      for (let e = lx.next(); e !== null; e = lx.next()) {
        for (let k = 0; k < e.tokens.length; k++) {
          assert.deepEqual(
            tokensBetween(text, e.tokens[k].start, e.end),
            e.tokens.slice(k),
            `${what} @${e.tokens[k].start}`,
          );
          checked++;
        }
      }
      return checked;
    };
    const tricky = [
      'a IN ( TXT\r\n "x ; y" ; a comment (\r\n "z\\"" ) b\n',
      '@ SOA ns ( host ; ) in a comment\n 1 2 ; more\n 3 4 5 )\n',
      'a A ( 192.0.2.1\nb TXT "open\nc TXT a\\(b ) x"y"\n',
      'd TXT ( "line one" (( "two" ) ) )\n\te\\\n f\n',
    ].join('');
    assert.ok(agree(tricky, 'tricky') > 20);
    if (CORPUS === undefined) return;
    let checked = 0;
    for (const c of corpusEntries()) checked += agree(fs.readFileSync(path.join(CORPUS, c.file), 'utf8'), c.file);
    assert.ok(checked > 1000, `${checked} tokens checked`);
  });

  it('reports an unterminated string at the quote, up to the line end', () => {
    const text = '$TTL 60\na TXT "open\nb A 192.0.2.2\n';
    const r = parse(text);
    assert.ok(codes(r).includes('unterminated-string'));
    const d = r.diagnostics.find((x) => x.code === 'unterminated-string');
    assert.ok(d);
    assert.equal(cover(text, d.start, d.end), '"open');
    assert.ok(lines(r).includes('b.example.com. 60 A 192.0.2.2'));
  });
});

describe('parser: names, owners, TTLs and classes', () => {
  it('resolves @, relative names, blank owners and $ORIGIN changes', () => {
    const r = parse(
      [
        '$TTL 3600',
        '@ IN SOA ns1 hostmaster 1 1h 15m 2w 1h',
        '  IN NS ns1',
        'www A 192.0.2.1',
        '    AAAA 2001:db8::1',
        '$ORIGIN sub',
        'host A 192.0.2.2',
        '$ORIGIN other.net.',
        'x CNAME www.example.com.',
      ].join('\n'),
    );
    assert.deepEqual(codes(r), []);
    assert.deepEqual(lines(r), [
      'example.com. 3600 SOA ns1.example.com. hostmaster.example.com. 1 3600 900 1209600 3600',
      'example.com. 3600 NS ns1.example.com.',
      'www.example.com. 3600 A 192.0.2.1',
      'www.example.com. 3600 AAAA 2001:db8::1',
      'host.sub.example.com. 3600 A 192.0.2.2',
      'x.other.net. 3600 CNAME www.example.com.',
    ]);
  });

  it('reads TTL units and class/TTL in either order, case-insensitively', () => {
    const r = parse('a 1h30m IN A 192.0.2.1\nb in 2W a 192.0.2.2\nc 90 mx 10 a\nd IN 1D Aaaa ::1\n');
    assert.deepEqual(codes(r), []);
    assert.deepEqual(
      r.records.map((x) => [x.ttl, x.type]),
      [
        [5400, 'A'],
        [1209600, 'A'],
        [90, 'MX'],
        [86400, 'AAAA'],
      ],
    );
  });

  it('reads class and type words in place: one meaning per word, whatever its case, and no other', () => {
    // Short words are looked up by their characters packed into a number (parser.ts `packWord`):
    // each spelling of a word means that word, and no other word (one with a control character,
    // a sixth character or a hyphen) is read as one of them. `TYPE\x11` comes after `TYPE1`, whose
    // meaning is cached by then: a packing that read \x11 as the digit 1 would make it an A record.
    const text = [
      '$TTL 60',
      'a IN A 192.0.2.1',
      'b in a 192.0.2.2',
      'c iN mX 10 a',
      'd TYPE1 \\# 4 c0000204',
      'e TYPE\x11 \\# 4 c0000205',
      'f TYPE01 \\# 4 c0000206',
      'g A-1 x',
      'h IN\x10 A 192.0.2.8',
      'i CNAMEX a',
      'j cname a',
      '',
    ].join('\n');
    const r = parse(text);
    assert.deepEqual(
      r.records.map((x) => `${x.owner.split('.')[0]} ${x.type}`),
      ['a A', 'b A', 'c MX', 'd A', 'e TYPE\x11', 'f A', 'g A-1', 'h IN\x10', 'i CNAMEX', 'j CNAME'],
    );
    assert.deepEqual(
      r.diagnostics.map((d) => `${d.code} ${text.slice(d.start, d.end)}`),
      ['unknown-type TYPE\x11', 'unknown-type A-1', 'unknown-type IN\x10', 'unknown-type CNAMEX'],
    );
  });

  it('reads a TTL of plain seconds in place as parseTtl reads it, and leaves the rest to parseTtl', () => {
    // A record's TTL of digits only is read where it stands (ttl.ts `plainTtl`); units, more than
    // ten digits and values past 2^31-1 go through `parseTtl`, which reads or refuses them.
    const ttls = ['0', '300', '0300', '2147483647', '2147483648', '4294967296', '0000000300', '00000000300'];
    ttls.push('99999999999', '1h', '1H30m', '1h30', '3x', '9'.repeat(10));
    for (const ttl of ttls) {
      const text = `a ${ttl} IN A 192.0.2.1 ; 77\n`;
      const want = parseTtl(ttl);
      const plain = plainTtl(text, 2, 2 + ttl.length);
      if (plain >= 0) assert.deepEqual(want, { ok: true, seconds: plain }, ttl);
      else assert.ok(!/^[0-9]{1,10}$/.test(ttl) || !want.ok, ttl);
      const r = parse(text);
      if (want.ok)
        assert.deepEqual(
          r.records.map((x) => x.ttl),
          [want.seconds],
          ttl,
        );
      else
        assert.deepEqual(
          r.diagnostics.map((d) => `${d.code} ${text.slice(d.start, d.end)}`),
          [`bad-ttl ${ttl}`],
        );
    }
  });

  it('keeps the range of every field', () => {
    const text = '$TTL 60\nmail 300 IN MX 10 mx1.example.net.\n';
    const r = parse(text);
    const rec = r.records[0];
    assert.equal(cover(text, rec.ownerStart, rec.ownerEnd), 'mail');
    assert.equal(cover(text, rec.ttlStart, rec.ttlEnd), '300');
    assert.equal(cover(text, rec.classStart, rec.classEnd), 'IN');
    assert.equal(cover(text, rec.typeStart, rec.typeEnd), 'MX');
    assert.deepEqual(
      rec.rdata.map((f) => [f.role, cover(text, f.start, f.end)]),
      [
        ['preference', '10'],
        ['exchange', 'mx1.example.net.'],
      ],
    );
  });

  it('gives LSP positions in UTF-16 code units on the right line', () => {
    const text = '$TTL 60\n; ü 😀\nx TXT "😀" ; é\ny MX 99999 a\n';
    const r = parse(text);
    const d = r.diagnostics.find((x) => x.code === 'bad-rdata');
    assert.ok(d);
    const li = new LineIndex(text);
    assert.deepEqual(li.range(d.start, d.end), { start: { line: 3, character: 5 }, end: { line: 3, character: 10 } });
    assert.equal(li.offsetAt(li.positionAt(text.indexOf('y'))), text.indexOf('y'));
  });

  it('inherits TTLs as BIND does: $TTL, else the last explicit TTL, else the SOA minimum', () => {
    const soaFirst = parse('@ SOA ns hm 1 2 3 4 300\nns A 192.0.2.1\n');
    assert.deepEqual(
      soaFirst.records.map((x) => x.ttl),
      [300, 300],
    );
    const rfc1035 = parse('a 100 A 192.0.2.1\nb A 192.0.2.2\n$TTL 50\nc A 192.0.2.3\nd 7 A 192.0.2.4\ne A 192.0.2.5\n');
    assert.deepEqual(
      rfc1035.records.map((x) => x.ttl),
      [100, 100, 50, 7, 50],
    );
    const none = parse('a A 192.0.2.1\n');
    assert.deepEqual(codes(none), ['missing-ttl']);
  });

  it('reports bad TTLs on the TTL', () => {
    const text = '$TTL 60\na 1h30 A 192.0.2.1\nb 4294967296 A 192.0.2.1\n$TTL 1x\n';
    const r = parse(text);
    assert.deepEqual(codes(r), ['bad-ttl', 'bad-ttl', 'bad-ttl']);
    assert.deepEqual(
      r.diagnostics.map((d) => cover(text, d.start, d.end)),
      ['1h30', '4294967296', '1x'],
    );
  });

  it('reads escaped names and enforces label and name lengths', () => {
    const long = 'a'.repeat(64);
    const escaped = `\\065${'a'.repeat(69)}.b`;
    const text = `$TTL 60\na\\.b\\065 A 192.0.2.1\n${long} A 192.0.2.1\n${'abcdefghi.'.repeat(26)}x A 192.0.2.1\n${escaped} A 192.0.2.1\n`;
    const r = parse(text);
    assert.equal(r.records[0].owner, 'a\\.bA.example.com.');
    assert.deepEqual(codes(r), ['name-too-long', 'name-too-long', 'name-too-long']);
    assert.equal(cover(text, r.diagnostics[0].start, r.diagnostics[0].end), long);
    // The message gives the whole label's length, escaped or not.
    assert.match(r.diagnostics[0].message, / is 64 octets long/);
    assert.match(r.diagnostics[2].message, / is 70 octets long/);
  });

  it('reports a relative name without origin', () => {
    const r = parseZone('$TTL 60\nwww A 192.0.2.1\nabs.example. A 192.0.2.1\n', { fileName: 'x' });
    assert.deepEqual(codes(r), ['relative-name-without-origin']);
    assert.equal(r.records.length, 1);
  });

  it('reports a second class and a class that differs from the zone', () => {
    const r = parse('$TTL 60\na IN A 192.0.2.1\nb CH A 192.0.2.1\nc IN IN A 192.0.2.1\n');
    assert.deepEqual(codes(r), ['class-mismatch', 'syntax-error']);
  });

  it('reports a blank owner with no owner before it', () => {
    const r = parse('$TTL 60\n  A 192.0.2.1\n');
    assert.deepEqual(codes(r), ['syntax-error']);
  });
});

describe('parser: RDATA, types and directives', () => {
  it('reads multi-line records with comments inside parentheses', () => {
    const text = [
      '$TTL 1h',
      '@ IN SOA ns1.example.com. hostmaster.example.com. ( ; the SOA',
      '    2024010101 ; serial',
      '    1h         ; refresh',
      '    15m 2w',
      '    1h )',
    ].join('\n');
    const r = parse(text);
    assert.deepEqual(codes(r), []);
    const soa = r.records[0];
    assert.equal(cover(text, soa.rdata[2].start, soa.rdata[2].end), '2024010101');
    assert.equal(soa.rdata.find((f) => f.role === 'minimum')?.num, 3600);
  });

  it('reads quoted strings with escapes and ; inside', () => {
    const r = parse('$TTL 60\n@ TXT "v=spf1 -all; x" "say \\"hi\\"" \\;plain\n');
    assert.deepEqual(codes(r), []);
    assert.deepEqual(lines(r), ['example.com. 60 TXT "v=spf1 -all; x" "say \\"hi\\"" ";plain"']);
  });

  it('reads generic TYPEnnn and CLASSnnn, converting known types', () => {
    const r = parse('$TTL 60\na CLASS1 TYPE15 \\# 6 000a026d7800\nb TYPE65280 \\# 3 abcdef\nc type1 \\# 4 c0000201\n');
    assert.deepEqual(codes(r), []);
    assert.deepEqual(lines(r), [
      'a.example.com. 60 MX 10 mx.',
      'b.example.com. 60 TYPE65280 \\# 3 ABCDEF',
      'c.example.com. 60 A 192.0.2.1',
    ]);
  });

  it('keeps a record of unknown type with a warning on the type', () => {
    const text = '$TTL 60\na FOO bar baz\nb A 192.0.2.1\n';
    const r = parse(text);
    assert.deepEqual(codes(r), ['unknown-type']);
    assert.equal(cover(text, r.diagnostics[0].start, r.diagnostics[0].end), 'FOO');
    assert.equal(r.records.length, 2);
  });

  it('rejects meta types and unknown directives', () => {
    const r = parse('$TTL 60\na AXFR 192.0.2.1\n$FUNNY x\n');
    assert.deepEqual(codes(r), ['syntax-error', 'unknown-directive']);
  });

  it('recovers after a bad record and reports every later problem', () => {
    const text = '$TTL 60\na A 999.0.0.1\nb MX ten mail\nc A 192.0.2.1\nd AAAA ::zz\n';
    const r = parse(text);
    assert.deepEqual(codes(r), ['bad-rdata', 'bad-rdata', 'bad-rdata']);
    assert.deepEqual(
      r.diagnostics.map((d) => cover(text, d.start, d.end)),
      ['999.0.0.1', 'ten', '::zz'],
    );
    assert.deepEqual(lines(r), ['c.example.com. 60 A 192.0.2.1']);
  });

  it('points a missing field at the end of the record', () => {
    const text = '$TTL 60\nm MX 10\n';
    const r = parse(text);
    assert.deepEqual(codes(r), ['bad-rdata']);
    assert.equal(r.diagnostics[0].start, text.indexOf('10') + 2);
  });
});

describe('$INCLUDE', () => {
  const files: Record<string, string> = {
    'main.zone':
      '$TTL 60\n@ SOA ns hm 1 2 3 4 5\nwww A 192.0.2.1\n$INCLUDE hosts.inc sub\n  TXT "after include: owner is restored"\nback A 192.0.2.9\n',
    'hosts.inc': 'h1 A 192.0.2.2\n$ORIGIN deeper\nh2 A 192.0.2.3\n',
    'self.inc': '$INCLUDE self.inc\n',
    'a.inc': 'a A 192.0.2.1\n$INCLUDE b.inc\n',
    'b.inc': '$INCLUDE a.inc\n',
  };
  const reader: IncludeReader = (p) =>
    p in files
      ? { ok: true, name: p, text: files[p] }
      : { ok: false, code: 'include-not-found', message: `${p}: not found` };

  it('reads included files with their own origin and restores origin and owner', () => {
    const r = parse(files['main.zone'], { fileName: 'main.zone', readInclude: reader });
    assert.deepEqual(codes(r), []);
    assert.deepEqual(lines(r), [
      'example.com. 60 SOA ns.example.com. hm.example.com. 1 2 3 4 5',
      'www.example.com. 60 A 192.0.2.1',
      'h1.sub.example.com. 60 A 192.0.2.2',
      'h2.deeper.sub.example.com. 60 A 192.0.2.3',
      'www.example.com. 60 TXT "after include: owner is restored"',
      'back.example.com. 60 A 192.0.2.9',
    ]);
    assert.deepEqual(
      r.files.map((f) => f.name),
      ['main.zone', 'hosts.inc'],
    );
    const h2 = r.records.find((x) => x.owner.startsWith('h2')) as ZoneRecord;
    assert.equal(h2.file, 1);
    assert.equal(cover(files['hosts.inc'], h2.ownerStart, h2.ownerEnd), 'h2');
  });

  it('reports a missing file, a file including itself and a cycle', () => {
    const text = '$TTL 60\n$INCLUDE nope.inc\n$INCLUDE self.inc\n$INCLUDE a.inc\n';
    const r = parse(text, { fileName: 'main.zone', readInclude: reader });
    assert.deepEqual(codes(r), ['include-not-found', 'include-cycle', 'include-cycle']);
    assert.equal(cover(text, r.diagnostics[0].start, r.diagnostics[0].end), 'nope.inc');
    assert.equal(r.diagnostics[1].file, 1);
  });

  it('refuses to read when no reader is given', () => {
    const r = parse('$INCLUDE x.inc\n');
    assert.deepEqual(codes(r), ['include-denied']);
  });
});

describe('$GENERATE', () => {
  it('expands ranges, steps and ${offset,width,base} modifiers', () => {
    const r = parse(
      '$TTL 60\n$GENERATE 1-4/3 host${10,3,d} A 10.0.0.$\n$GENERATE 10-11 ${0,4,n} 30 PTR h${0,2,x}\n$GENERATE 1-2 m$ MX "10 m${5}"\n',
    );
    assert.deepEqual(codes(r), []);
    assert.deepEqual(lines(r), [
      'host011.example.com. 60 A 10.0.0.1',
      'host014.example.com. 60 A 10.0.0.4',
      'a.0. 30 PTR h0a.example.com.',
      'b.0. 30 PTR h0b.example.com.',
      'm1.example.com. 60 MX 10 m6.example.com.',
      'm2.example.com. 60 MX 10 m7.example.com.',
    ]);
  });

  it('points generated records at the templates', () => {
    const text = '$TTL 60\n$GENERATE 1-2 h$ A 10.0.0.$\n';
    const r = parse(text);
    const rec = r.records[1];
    assert.equal(rec.generated, true);
    assert.equal(cover(text, rec.ownerStart, rec.ownerEnd), 'h$');
    assert.equal(cover(text, rec.rdata[0].start, rec.rdata[0].end), '10.0.0.$');
  });

  it('takes the RDATA template as one word, as BIND does', () => {
    // Each line as BIND 9.18 read it (named-compilezone): the records it made, or its refusal.
    const cases: [string, string[] | 'refused'][] = [
      [
        '$GENERATE 1-2 m$ MX "10 h$"',
        ['m1.example.com. 60 MX 10 h1.example.com.', 'm2.example.com. 60 MX 10 h2.example.com.'],
      ],
      [
        '$GENERATE 1-2 m$ IN 30 MX "10 h$"',
        ['m1.example.com. 30 MX 10 h1.example.com.', 'm2.example.com. 30 MX 10 h2.example.com.'],
      ],
      ['$GENERATE 1-2 t$ TXT "a b"', ['t1.example.com. 60 TXT "a" "b"', 't2.example.com. 60 TXT "a" "b"']],
      ['$GENERATE 1-2 a$ A 10.0.0.$ ; comment', ['a1.example.com. 60 A 10.0.0.1', 'a2.example.com. 60 A 10.0.0.2']],
      ['$GENERATE 1-2 m$ MX 10 h$', 'refused'],
      ['$GENERATE 1-2 m$ 30 IN MX 10 h$', 'refused'],
      ['$GENERATE 1-2 s$ SRV 0 0 25 h$', 'refused'],
      ['$GENERATE 1-2 t$ TXT a b', 'refused'],
      ['$GENERATE 1-2 t$ TXT "a" b', 'refused'],
    ];
    if (spawnSync('named-compilezone', ['-v']).status === 0) {
      // The table against the BIND installed here.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-generate-'));
      try {
        for (const [line, bind] of cases) {
          const zone = path.join(dir, 'z');
          fs.writeFileSync(
            zone,
            `$ORIGIN ${ORIGIN}\n$TTL 60\n@ SOA ns h 1 1 1 1 1\n@ NS ns\nns A 192.0.2.1\n${line}\n`,
          );
          const r = spawnSync('named-compilezone', ['-q', '-i', 'none', '-o', '/dev/null', ORIGIN, zone]);
          assert.equal(r.status === 0 ? 'loaded' : 'refused', bind === 'refused' ? bind : 'loaded', line);
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    for (const [line, bind] of cases) {
      const text = `$TTL 60\n${line}\n`;
      const r = parse(text);
      if (bind !== 'refused') {
        assert.deepEqual(codes(r), [], line);
        assert.deepEqual(lines(r), bind, line);
        continue;
      }
      assert.deepEqual(codes(r), ['syntax-error'], line);
      assert.equal(r.records.length, 0, line);
      // From the second word of the template to its last.
      const words = line.slice(line.indexOf(' ', line.search(/ (MX|SRV|TXT) /) + 1) + 1);
      const d = r.diagnostics[0];
      assert.equal(cover(text, d.start, d.end), words.slice(words.indexOf(' ') + 1), line);
      assert.match(
        d.message,
        /^\$GENERATE takes its RDATA template as one word, and this one has [2-4] \(BIND refuses/,
      );
      // The template in quotes, as BIND takes it, when that reads the same words again.
      if (!line.includes('"')) assert.ok(d.message.endsWith(`write the template in quotes: "${words}"`), d.message);
    }
  });

  it('caps the number of records and reports bad ranges and data once', () => {
    const text =
      '$TTL 60\n$GENERATE 0-4294967295 h$ A 10.0.0.1\n$GENERATE 9-1 h$ A 10.0.0.1\n$GENERATE 1-300 h$ A 10.0.0.$\n';
    const r = parse(text, { generateLimit: 1000 });
    assert.deepEqual(codes(r), ['generate-too-large', 'syntax-error', 'bad-rdata']);
    assert.equal(cover(text, r.diagnostics[0].start, r.diagnostics[0].end), '0-4294967295');
    assert.equal(r.records.length, 255);
  });
});

describe('reading again around an edit (reparse)', () => {
  /** A zone of `hosts` hosts after its SOA, with `$TTL 300` said again before host `ttlAgainAt`. */
  function zone(hosts: number, ttlAgainAt = -1): string {
    let text = '$TTL 300\n@ SOA ns hm 1 2 3 4 5\n';
    for (let i = 0; i < hosts; i++) text += `${i === ttlAgainAt ? '$TTL 300\n' : ''}h${i} A 192.0.2.${i % 250}\n`;
    return text;
  }

  /** `reparse` of `text` with `from` replaced by `to` at its first place. */
  function edited(text: string, from: string, to: string) {
    const at = text.indexOf(from);
    const next = text.slice(0, at) + to + text.slice(at + from.length);
    const done = reparse(parseResumable(text, { fileName: 'z', origin: ORIGIN }), next, {
      start: at,
      oldEnd: at + from.length,
      newEnd: at + to.length,
    });
    return { next, done };
  }

  it('gives way to a full parse when the state an edit changed stays changed for a quarter of a large file', () => {
    // A serial that is no number: the zone has no SOA for now, to its end.
    const large = edited(zone(20_000), 'SOA ns hm 1', 'SOA ns hm x');
    assert.equal(large.done, null);
    // In a small file, the parse reads to the end again.
    const small = edited(zone(2_000), 'SOA ns hm 1', 'SOA ns hm x');
    assert.ok(small.done !== null);
    assert.deepEqual(lines(small.done.parse.result), lines(parse(small.next)));
    // A TTL that changes until it is said again, 3 000 lines on: read again until there.
    const far = edited(zone(20_000, 3_000), '$TTL 300', '$TTL 301');
    assert.ok(far.done !== null);
    // (Up to the checkpoint after it.)
    const read = far.done.splice.removed.length;
    assert.ok(read > 3_000 && read <= 3_001 + CHECKPOINT_EVERY, `${read} records read again`);
    assert.deepEqual(lines(far.done.parse.result), lines(parse(far.next)));
  });
});
