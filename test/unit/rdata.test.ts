/**
 * Unit tests of the RDATA layer: reader helpers, the registry, each type's
 * fields (roles, kinds, values, source ranges), errors and their ranges, and
 * wire decoding. Expected presentation strings were printed by BIND 9.18's
 * `named-compilezone -s full`; rdata.bind.test.ts holds the bulk table.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RdataField, Token } from '../../server/src/zone/types';
import {
  RDATA_TYPES,
  RdataError,
  RdataReader,
  WireError,
  WireReader,
  classCode,
  className,
  fieldsFromWire,
  formatGeneric,
  formatRdata,
  isGenericRdata,
  isMetaType,
  namesCompareCaseless,
  parseGeneric,
  rdataType,
  rdataTypeByCode,
  tokenizeRdata,
  typeCode,
  typeName,
} from '../../server/src/zone/rdata/index';
import {
  formatIPv6,
  fromBase64,
  parseIPv4,
  parseIPv6,
  quoteText,
  split56,
  toBase32Hex,
  toBase64,
} from '../../server/src/zone/rdata/codec';
import { parseCounter } from '../../server/src/zone/rdata/reader';
import { formatTimestamp, parseTimestamp } from '../../server/src/zone/rdata/time';

/**
 * Splits RDATA text into tokens as the zone lexer does: blanks separate,
 * `"…"` is a quoted token (text without the quotes), `\` escapes the next
 * character, a `"` ends an unquoted word. Offsets are into `text`.
 */
function tokens(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      out.push({ start, end: i + 1, text: text.slice(start + 1, i), quoted: true });
      i++;
    } else {
      const start = i;
      while (i < text.length && text[i] !== ' ' && text[i] !== '\t' && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      out.push({ start, end: i, text: text.slice(start, i), quoted: false });
    }
  }
  return out;
}

const ORIGIN = 'example.com.';

/** Parses `text` as RDATA of `type` and returns its fields. */
function fields(type: string, text: string, origin: string | null = ORIGIN): RdataField[] {
  const def = rdataType(type);
  assert.ok(def, `no reader for ${type}`);
  const r = new RdataReader(tokens(text), origin, type, text.length);
  def.parse(r);
  r.end();
  return r.fields;
}

/** Parses and prints, as `named-compilezone` would. */
function show(type: string, text: string, origin: string | null = ORIGIN): string {
  return formatRdata(type, fields(type, text, origin));
}

/** The error a bad record raises, with the text its range covers. */
function failure(
  type: string,
  text: string,
): { message: string; covers: string; start: number; end: number; code: string } {
  try {
    fields(type, text);
  } catch (e) {
    if (e instanceof RdataError)
      return { message: e.message, covers: text.slice(e.start, e.end), start: e.start, end: e.end, code: e.code };
    throw e;
  }
  assert.fail(`${type} ${text} was accepted`);
}

/** Compact view of fields: role=value, one per field. */
function roles(fs: readonly RdataField[]): string[] {
  return fs.map((f) => `${f.role}=${f.value}`);
}

/** Hex text -> octets. */
function hex(h: string): Uint8Array {
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

// ---------------------------------------------------------------- helpers

describe('codec', () => {
  it('reads IPv4 as inet_pton: four decimal parts, no leading zeros', () => {
    assert.deepEqual(parseIPv4('192.0.2.1'), Uint8Array.from([192, 0, 2, 1]));
    for (const bad of ['01.2.3.4', '1.2.3', '1.2.3.4.5', '256.0.0.1', '1..2.3', '1.2.3.4 ', ''])
      assert.equal(parseIPv4(bad), null, bad);
  });

  it('prints IPv6 in RFC 5952 form as glibc inet_ntop (BIND) does', () => {
    const cases: Array<[string, string]> = [
      ['2001:DB8::1', '2001:db8::1'],
      ['1:0:0:1:0:0:0:1', '1:0:0:1::1'],
      ['1:0:0:2:0:0:1:1', '1::2:0:0:1:1'],
      ['::2:0:0:0:1', '::2:0:0:0:1'],
      ['::ffff:1.2.3.4', '::ffff:1.2.3.4'],
      ['::1.2.3.4', '::1.2.3.4'],
      ['::0.0.0.1', '::1'],
      ['::ffff:0:1.2.3.4', '::ffff:0:102:304'],
      ['0:0:0:0:0:fffe:102:304', '::fffe:102:304'],
      ['1:0::', '1::'],
      ['::', '::'],
      ['1:2:3:4:5:6:7:0', '1:2:3:4:5:6:7:0'],
    ];
    for (const [input, want] of cases) {
      const b = parseIPv6(input);
      assert.ok(b, input);
      assert.equal(formatIPv6(b), want, input);
    }
    for (const bad of [
      '1::2::3',
      '12345::',
      ':1::',
      '1:::',
      '::1:',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7:1.2.3.4',
      'fe80::1%eth0',
      '192.0.2.1',
    ]) {
      assert.equal(parseIPv6(bad), null, bad);
    }
  });

  it('decodes base64 only in BIND-accepted form and splits words at 56 characters', () => {
    assert.deepEqual(fromBase64('AQA='), Uint8Array.from([1, 0]));
    for (const bad of ['AQB=', 'AQ', 'AQ==AQ==', 'A=QB', '====']) assert.equal(fromBase64(bad), null, bad);
    assert.equal(toBase64(Uint8Array.from([1, 0, 1])), 'AQAB');
    assert.equal(split56('A'.repeat(120)), `${'A'.repeat(56)} ${'A'.repeat(56)} ${'A'.repeat(8)}`);
  });

  it('quotes character-strings as BIND: \\" \\\\ escaped, other octets outside 0x20-0x7e as \\DDD', () => {
    assert.equal(quoteText([0x61, 0x22, 0x5c, 0x3b, 0x09, 0xc3, 0xa9]), '"a\\"\\\\;\\009\\195\\169"');
    assert.equal(toBase32Hex(hex('00')), '00');
  });

  it('reads BIND time counters (SOA timers)', () => {
    assert.equal(parseCounter('1h'), 3600);
    assert.equal(parseCounter('1H30M'), 5400);
    assert.equal(parseCounter('1w1d'), 691200);
    assert.equal(parseCounter('1s1s'), 2);
    assert.equal(parseCounter('0h30'), 30); // BIND quirk: a bare number after a zero is allowed
    assert.ok(Number.isNaN(parseCounter('1h30')));
    assert.ok(Number.isNaN(parseCounter('h')));
    assert.ok(Number.isNaN(parseCounter('1x')));
    assert.equal(parseCounter('4294967295'), 4294967295);
    assert.equal(parseCounter('4294967296'), -1);
  });

  it('converts RRSIG timestamps both ways, nearest to now in serial arithmetic', () => {
    const now = Date.UTC(2025, 0, 1) / 1000;
    assert.equal(parseTimestamp('20250101000000'), now);
    assert.equal(formatTimestamp(now, now), '20250101000000');
    assert.equal(formatTimestamp(0, now), '19700101000000');
    assert.equal(formatTimestamp(4294967295, now), '19691231235959');
    assert.equal(formatTimestamp(parseTimestamp('19500101000000'), now), '20860206062816');
    assert.equal(parseTimestamp('20250101000060'), now + 60); // a leap second rolls over
    for (const bad of ['2025010100000', '20251301000000', '20250230000000', '19000229000000', '2025010100000a']) {
      assert.ok(Number.isNaN(parseTimestamp(bad)), bad);
    }
  });
});

// --------------------------------------------------------------- registry

describe('registry', () => {
  it('knows type mnemonics in any case, TYPEnnn, and meta/obsolete types', () => {
    assert.equal(typeCode('mx'), 15);
    assert.equal(typeCode('NSAP-PTR'), 23);
    assert.equal(typeCode('TYPE65534'), 65534);
    assert.equal(typeCode('type0'), 0);
    assert.equal(typeCode('TYPE65536'), undefined);
    assert.equal(typeCode('AXFR'), 252);
    assert.equal(typeCode('MD'), 3);
    assert.equal(typeCode('NXNAME'), undefined);
    assert.equal(typeName(15), 'MX');
    assert.equal(typeName(65533), 'TYPE65533');
    assert.equal(typeName(1234), 'TYPE1234');
    for (const meta of [41, 128, 200, 249, 250, 251, 252, 253, 254, 255]) assert.ok(isMetaType(meta), String(meta));
    for (const data of [1, 6, 127, 256, 32768, 65535]) assert.ok(!isMetaType(data), String(data));
  });

  it('says which types BIND compares names in ignoring case (duplicates)', () => {
    // Checked with named-compilezone: two records differing only in name case are one for these…
    for (const t of [
      'NS',
      'CNAME',
      'PTR',
      'MX',
      'SRV',
      'DNAME',
      'NAPTR',
      'RP',
      'AFSDB',
      'RT',
      'KX',
      'PX',
      'MINFO',
      'MB',
      'MG',
      'MR',
      'NSAP-PTR',
      'RRSIG',
      'NXT',
      'SIG',
      'A6',
      'SOA',
    ]) {
      assert.ok(namesCompareCaseless(typeCode(t) ?? -1), t);
    }
    // …and two for these.
    for (const t of ['LP', 'TALINK', 'SVCB', 'HTTPS', 'HIP', 'IPSECKEY', 'AMTRELAY', 'DSYNC', 'NSEC']) {
      assert.ok(!namesCompareCaseless(typeCode(t) ?? -1), t);
    }
  });

  it('knows classes', () => {
    assert.equal(classCode('in'), 1);
    assert.equal(classCode('CHAOS'), 3);
    assert.equal(classCode('HS'), 4);
    assert.equal(classCode('CS'), 2);
    assert.equal(classCode('CLASS10'), 10);
    assert.equal(classCode('CLASS65536'), undefined);
    assert.equal(classCode('TXT'), undefined);
    assert.equal(className(1), 'IN');
    assert.equal(className(3), 'CH');
    assert.equal(className(2), 'CLASS2');
    assert.equal(className(255), 'ANY');
  });

  it('finds readers by mnemonic and code; every reader but the generic-only ones decodes wire data', () => {
    assert.equal(rdataType('MX')?.code, 15);
    assert.equal(rdataType('TYPE15')?.mnemonic, 'MX');
    assert.equal(rdataType('NULL')?.fromWire === undefined, true); // generic form only, as in BIND
    assert.equal(rdataType('TYPE65533')?.mnemonic, 'KEYDATA');
    assert.equal(rdataTypeByCode(64)?.mnemonic, 'SVCB');
    const names = new Set<string>();
    for (const t of RDATA_TYPES) {
      assert.equal(typeCode(t.mnemonic), t.code, t.mnemonic);
      const genericOnly = ['NULL', 'UINFO', 'UID', 'GID', 'UNSPEC', 'KEYDATA'].includes(t.mnemonic);
      assert.equal(t.fromWire === undefined, genericOnly, t.mnemonic);
      assert.ok(!names.has(t.mnemonic));
      names.add(t.mnemonic);
    }
    assert.ok(RDATA_TYPES.length >= 85);
  });

  it('reads and prints RFC 3597 generic data as BIND does', () => {
    const text = '\\# 3 ab cd ef';
    const r = new RdataReader(tokens(text), ORIGIN, 'TYPE1234', text.length);
    assert.deepEqual(parseGeneric(r), hex('abcdef'));
    assert.deepEqual(roles(r.fields), ['generic=\\# 3 ABCDEF']);
    assert.equal(r.fields[0].start, 0);
    assert.equal(r.fields[0].end, text.length);
    assert.equal(formatGeneric(new Uint8Array(0)), '\\# 0');
    assert.equal(formatGeneric(new Uint8Array(30)), `\\# 30 ${'0'.repeat(56)} 0000`);
    const odd = '\\# 3 abcde f';
    const r2 = new RdataReader(tokens(odd), ORIGIN, 'TYPE1234', odd.length);
    assert.deepEqual(parseGeneric(r2), hex('abcdef')); // digit pairs may straddle tokens
  });

  it('tells generic data from text: for TXT only when a number follows \\#', () => {
    assert.equal(isGenericRdata(15, tokens('\\# 3 000a00')), true);
    assert.equal(isGenericRdata(16, tokens('\\# 1 00')), true);
    assert.equal(isGenericRdata(16, tokens('\\# text')), false); // BIND: "#" "text"
    assert.equal(isGenericRdata(16, tokens('\\#')), false);
    assert.equal(isGenericRdata(99, tokens('\\# text')), true); // SPF has no such escape: an error later
    assert.equal(isGenericRdata(15, tokens('"\\#" 1 00')), false);
  });

  it('refuses generic data whose length does not match, with the data as range', () => {
    for (const [text, covers] of [
      ['\\# 4 abcdef', 'abcdef'],
      ['\\# 2 abcdef', 'abcdef'],
      ['\\# 3 abcdefg', 'abcdefg'],
      ['\\# x', 'x'],
      ['\\# 1 "ab"', '"ab"'],
    ]) {
      const r = new RdataReader(tokens(text), ORIGIN, 'TYPE1234', text.length);
      assert.throws(
        () => parseGeneric(r),
        (e: unknown) => e instanceof RdataError && text.slice(e.start, e.end) === covers,
        text,
      );
    }
  });

  it('formats with the type (or its mnemonic), else joins field values', () => {
    const f = fields('LOC', '52 22 23 N 4 53 32 E -2m');
    assert.equal(formatRdata('LOC', f), '52 22 23.000 N 4 53 32.000 E -2.00m 1m 10000m 10m');
    assert.equal(formatRdata(rdataType('LOC'), f), '52 22 23.000 N 4 53 32.000 E -2.00m 1m 10000m 10m');
    assert.equal(formatRdata(undefined, fields('MX', '10 mx')), '10 mx.example.com.');
  });

  it('tokenizes decoder output, keeping key="a b" whole', () => {
    assert.deepEqual(
      tokenizeRdata('1 . alpn="h2,h3" key9="a b" "x y" z\\ w').map((t) => [t.text, t.quoted]),
      [
        ['1', false],
        ['.', false],
        ['alpn="h2,h3"', false],
        ['key9="a b"', false],
        ['x y', true],
        ['z\\ w', false],
      ],
    );
  });
});

// ------------------------------------------------------------ per type

describe('address types', () => {
  it('A: one ipv4 address with its range', () => {
    const f = fields('A', '192.0.2.1');
    assert.deepEqual(f, [{ role: 'address', kind: 'ipv4', start: 0, end: 9, value: '192.0.2.1' }]);
  });

  it('A: bad addresses point at the token', () => {
    const e = failure('A', '192.0.2.300');
    assert.equal(e.covers, '192.0.2.300');
    assert.equal(e.message, "A address must be an IPv4 address like 192.0.2.1, not '192.0.2.300'");
    assert.equal(failure('A', '192.0.2.1 x').covers, 'x');
    const missing = failure('A', '');
    assert.equal(missing.message, 'A record is missing its address');
  });

  it('AAAA: value in RFC 5952 form', () => {
    const f = fields('AAAA', '  2001:DB8:0:0:0:0:0:1');
    assert.deepEqual(f, [{ role: 'address', kind: 'ipv6', start: 2, end: 22, value: '2001:db8::1' }]);
    assert.equal(failure('AAAA', '2001:db8::g').covers, '2001:db8::g');
  });

  it('WKS, APL, NSAP, EUI48, L64, A6 print as BIND', () => {
    assert.equal(show('WKS', '10.0.0.1 tcp ftp smtp domain http'), '10.0.0.1 6 21 25 53 80');
    assert.equal(failure('WKS', '10.0.0.1 tcp bogus').covers, 'bogus');
    assert.equal(show('APL', '1:192.168.0.0/16 !2:2001:DB8::/32'), '1:192.168.0.0/16 !2:2001:db8::/32');
    assert.equal(failure('APL', '1:10.0.0.0/33').covers, '1:10.0.0.0/33');
    assert.equal(show('NSAP', '0x47.0005.80.005A00'), '0x47000580005a00');
    assert.equal(show('EUI48', '00-00-5E-00-53-2A'), '00-00-5e-00-53-2a');
    assert.equal(show('L64', '10 2001:0DB8:1140:1000'), '10 2001:db8:1140:1000');
    assert.equal(show('A6', '64 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff a'), '64 ::ffff:ffff:ffff:ffff a.example.com.');
  });
});

describe('name types', () => {
  it('MX: preference (int) and exchange (name), with ranges', () => {
    const text = '10  mail';
    assert.deepEqual(fields('MX', text), [
      { role: 'preference', kind: 'int', start: 0, end: 2, value: '10', num: 10 },
      { role: 'exchange', kind: 'name', start: 4, end: 8, value: 'mail.example.com.' },
    ]);
    assert.equal(show('MX', '010 mail.example.net.'), '10 mail.example.net.');
    assert.equal(show('MX', '0 .'), '0 .');
  });

  it('MX: a preference out of range names the field and the value', () => {
    const e = failure('MX', '70000 mail');
    assert.equal(e.message, "MX preference must be a number from 0 to 65535, not '70000'");
    assert.equal(e.covers, '70000');
    assert.equal(e.code, 'bad-rdata');
    assert.equal(failure('MX', '10').message, 'MX record is missing its exchange');
    assert.equal(failure('MX', '10 a b').covers, 'b');
    assert.equal(failure('MX', '10 "mail"').covers, '"mail"');
  });

  it('name errors keep the name codes', () => {
    assert.equal(failure('CNAME', 'a..b').code, 'syntax-error');
    const long = 'x'.repeat(64);
    assert.equal(failure('NS', long).code, 'name-too-long');
    assert.throws(
      () => fields('PTR', 'host', null),
      (e: unknown) => e instanceof RdataError && e.code === 'relative-name-without-origin',
    );
  });

  it('roles of the name types', () => {
    assert.deepEqual(roles(fields('NS', 'ns1')), ['nsdname=ns1.example.com.']);
    assert.deepEqual(roles(fields('CNAME', '@')), ['target=example.com.']);
    assert.deepEqual(roles(fields('DNAME', 'example.net.')), ['target=example.net.']);
    assert.deepEqual(roles(fields('PTR', 'host')), ['ptrdname=host.example.com.']);
    assert.deepEqual(roles(fields('SRV', '0 5 5060 sip')), [
      'priority=0',
      'weight=5',
      'port=5060',
      'target=sip.example.com.',
    ]);
    assert.deepEqual(roles(fields('RP', 'a b')), ['mbox=a.example.com.', 'txtdname=b.example.com.']);
    assert.deepEqual(roles(fields('AFSDB', '1 a')), ['subtype=1', 'hostname=a.example.com.']);
    assert.equal(show('CNAME', 'a\\.b'), 'a\\.b.example.com.');
  });

  it('SOA: names, serial and timers in seconds (unit forms allowed)', () => {
    const text = 'ns1 hostmaster 2024010101 1h 15M 1w 1H30m';
    const f = fields('SOA', text);
    assert.deepEqual(roles(f), [
      'mname=ns1.example.com.',
      'rname=hostmaster.example.com.',
      'serial=2024010101',
      'refresh=3600',
      'retry=900',
      'expire=604800',
      'minimum=5400',
    ]);
    assert.equal(f[3].kind, 'ttl');
    assert.equal(f[3].num, 3600);
    assert.equal(text.slice(f[6].start, f[6].end), '1H30m');
    assert.equal(failure('SOA', 'a b 1h 1 1 1 1').covers, '1h'); // the serial is a plain number
    assert.equal(failure('SOA', 'a b 1 1h30 1 1 1').covers, '1h30');
    assert.equal(failure('SOA', 'a b 4294967296 1 1 1 1').covers, '4294967296');
    assert.equal(failure('SOA', 'a b 1 1 1 1').message, 'SOA record is missing its minimum (negative-caching) time');
  });
});

describe('text types', () => {
  it('TXT: one text field per string, printed quoted as BIND', () => {
    const text = '"v=spf1 -all" abc\\;d ""';
    const f = fields('TXT', text);
    assert.deepEqual(roles(f), ['text="v=spf1 -all"', 'text="abc;d"', 'text=""']);
    assert.deepEqual(
      f.map((x) => text.slice(x.start, x.end)),
      ['"v=spf1 -all"', 'abc\\;d', '""'],
    );
    assert.equal(show('TXT', '"a;b\\"c\\\\d\\009é"'), '"a;b\\"c\\\\d\\009\\195\\169"');
    assert.equal(show('SPF', 'x\\ y'), '"x y"');
  });

  it('TXT: more RDATA than BIND loads in one record (65510 octets) is refused over the whole data', () => {
    // 256 strings of 255 octets and one of 230: 65510 octets in wire form, BIND's limit; one more is refused.
    const fits = `${Array.from({ length: 256 }, () => `"${'x'.repeat(254)}"`).join(' ')} "${'x'.repeat(229)}"`;
    assert.equal(fields('TXT', fits).length, 257);
    const over = fits.slice(0, -1) + 'x"';
    const e = failure('TXT', over);
    assert.equal(e.message, 'TXT data is over 65510 octets, the most BIND loads in one record');
    assert.equal(e.start, 0);
    assert.equal(e.end, over.length);
  });

  it('generic-only types refuse text and print generic data', () => {
    assert.equal(
      failure('NULL', 'ab').message,
      'NULL data can only be written in the generic form \\# <length> <hex>, like \\# 2 ABCD',
    );
    const def = rdataType('UNSPEC');
    assert.ok(def);
    const res = fieldsFromWire(def, hex('abcd'), ORIGIN, 0, 9);
    assert.ok(res.ok);
    assert.equal(res.text, '\\# 2 ABCD');
  });

  it('TXT: strings over 255 octets and bad escapes are refused', () => {
    const e = failure('TXT', `"ok" "${'x'.repeat(256)}"`);
    assert.equal(e.message, 'TXT text is 256 octets long; a character-string holds at most 255');
    assert.equal(e.start, 5);
    assert.equal(failure('TXT', '"é'.padEnd(129, 'é') + '"').message.includes('256 octets'), true); // UTF-8 counts
    assert.equal(failure('TXT', '"\\300"').covers, '"\\300"');
    assert.equal(failure('TXT', '').message, 'TXT record is missing its text');
  });

  it('HINFO, X25, ISDN, GPOS', () => {
    assert.deepEqual(roles(fields('HINFO', '"PC" Linux')), ['cpu="PC"', 'os="Linux"']);
    assert.equal(failure('HINFO', 'a').message, 'HINFO record is missing its OS');
    assert.equal(show('X25', '311061700956'), '"311061700956"');
    assert.equal(failure('X25', '"12a3"').covers, '"12a3"');
    assert.equal(show('ISDN', '150862028003217 004'), '"150862028003217" "004"');
    assert.equal(show('GPOS', '-32.6882 116.8652 10.0'), '"-32.6882" "116.8652" "10.0"');
  });

  it('CAA: flags, tag, value printed quoted', () => {
    assert.deepEqual(roles(fields('CAA', '0 issue "letsencrypt.org"')), [
      'flags=0',
      'tag=issue',
      'value="letsencrypt.org"',
    ]);
    assert.equal(show('CAA', '128 IsSuE ca.example'), '128 IsSuE "ca.example"');
    assert.equal(failure('CAA', '0 iss-ue "x"').covers, 'iss-ue');
    assert.equal(failure('CAA', '0 "issue" "x"').covers, '"issue"');
  });

  it('URI: target must be quoted', () => {
    assert.equal(show('URI', '10 1 "ftp://ftp1.example.com/public"'), '10 1 "ftp://ftp1.example.com/public"');
    assert.equal(failure('URI', '10 1 ftp://x').covers, 'ftp://x');
  });

  it('NAPTR: regexp checked as BIND does, replacement role', () => {
    const f = fields('NAPTR', '100 10 "U" "E2U+sip" "!^.*$!sip:info@example.com!" .');
    assert.deepEqual(roles(f), [
      'order=100',
      'preference=10',
      'flags="U"',
      'services="E2U+sip"',
      'regexp="!^.*$!sip:info@example.com!"',
      'replacement=.',
    ]);
    assert.equal(
      show('NAPTR', '100 10 U E2U+sip !^.*$!sip:x! a'),
      '100 10 "U" "E2U+sip" "!^.*$!sip:x!" a.example.com.',
    );
    assert.equal(failure('NAPTR', '1 1 "" "" "!a!b" .').covers, '"!a!b"');
    assert.equal(failure('NAPTR', '1 1 "" "" "!(a)!\\\\2!" .').covers, '"!(a)!\\\\2!"');
  });
});

describe('DNSSEC types', () => {
  it('DS: mnemonics read, numbers printed, digest upper-case and length-checked', () => {
    const text = '60485 RSASHA1 SHA-1 2bb183af5f22588179a53b0a 98631fad1a292118';
    const f = fields('DS', text);
    assert.deepEqual(roles(f), [
      'keyTag=60485',
      'algorithm=5',
      'digestType=1',
      'digest=2BB183AF5F22588179A53B0A98631FAD1A292118',
    ]);
    assert.equal(text.slice(f[3].start, f[3].end), '2bb183af5f22588179a53b0a 98631fad1a292118');
    const e = failure('DS', '1 8 2 abcd');
    assert.equal(e.message, 'DS digest of type 2 must be 32 octets (64 hex digits), not 2');
    assert.equal(e.covers, 'abcd');
    assert.equal(failure('DS', '1 8 0 abcx').covers, 'abcx');
    assert.equal(show('CDS', '0 0 0 00'), '0 0 0 00');
  });

  it('DNSKEY: base64 over several tokens, printed in 56-character words', () => {
    const key =
      'AwEAAbdxyhNuSutc5EMzxTs9LBPCIkOFH8cIvM4p9+LrV4e19WzK00+CI6zBCQTdtWsuxKbWIy87UOoJTwkUs7lBu+Upr1gsNrut79ryra+bSRGQb1slImA8YVJyuIDsj7kwzG7jnERNqnWxZ48AWkskmdHaVDP4BcelrTI3rMXdXF5D';
    const text = `257 3 RSASHA256 ${key.slice(0, 30)} ${key.slice(30)}`;
    const f = fields('DNSKEY', text);
    assert.deepEqual(roles(f).slice(0, 3), ['flags=257', 'protocol=3', 'algorithm=8']);
    assert.equal(f[3].value, split56(key));
    assert.equal(text.slice(f[3].start, f[3].end), `${key.slice(0, 30)} ${key.slice(30)}`);
    assert.equal(
      formatRdata('DNSKEY', f),
      '257 3 8 AwEAAbdxyhNuSutc5EMzxTs9LBPCIkOFH8cIvM4p9+LrV4e19WzK00+C I6zBCQTdtWsuxKbWIy87UOoJTwkUs7lBu+Upr1gsNrut79ryra+bSRGQ b1slImA8YVJyuIDsj7kwzG7jnERNqnWxZ48AWkskmdHaVDP4BcelrTI3 rMXdXF5D',
    );
    assert.equal(failure('DNSKEY', '256 3 8 AQB=').covers, 'AQB=');
    assert.equal(failure('DNSKEY', '256 3 8 AQ== AQ==').covers, 'AQ== AQ==');
    assert.equal(failure('DNSKEY', '256 3 8 "AQAB"').covers, '"AQAB"');
    assert.equal(failure('DNSKEY', '256 3 8').message, 'DNSKEY record is missing its public key');
    assert.equal(show('KEY', 'NOKEY 3 8'), '49152 3 8');
  });

  it('RRSIG: type mnemonic, timestamps as YYYYMMDDHHMMSS', () => {
    const text = 'A RSASHA256 2 3600 20300101000000 1700000000 12345 example.com. AQAB';
    const f = fields('RRSIG', text);
    assert.deepEqual(roles(f), [
      'typeCovered=A',
      'algorithm=8',
      'labels=2',
      'originalTtl=3600',
      'expiration=20300101000000',
      'inception=20231114221320',
      'keyTag=12345',
      'signer=example.com.',
      'signature=AQAB',
    ]);
    assert.equal(f[4].kind, 'time');
    assert.equal(f[5].num, 1700000000);
    assert.equal(failure('RRSIG', 'A 8 2 1h 20300101000000 20240101000000 1 . AQAB').covers, '1h');
    assert.equal(failure('RRSIG', 'FOO 8 2 300 2 0 1 . AQAB').covers, 'FOO');
    assert.equal(failure('RRSIG', 'A 8 2 300 20241301000000 1 1 . AQAB').covers, '20241301000000');
    assert.equal(failure('SIG', 'A 8 2 300 1 0 1 . AQAB').covers, '1'); // SIG takes dates only
  });

  it('NSEC/NSEC3/CSYNC/NXT: bitmaps sorted, unknown types as TYPEnnn', () => {
    assert.equal(
      show('NSEC', 'host.example.com. RRSIG A TYPE1234 AAAA NSEC A'),
      'host.example.com. A AAAA RRSIG NSEC TYPE1234',
    );
    assert.equal(failure('NSEC', 'a.').message, 'NSEC record is missing its type list');
    assert.equal(failure('NSEC', 'a. A FOO').covers, 'FOO');
    assert.equal(
      show('NSEC3', '1 0 10 76931f ajhvgticn6k0vda53gchfmt219srrqlm A RRSIG'),
      '1 0 10 76931F AJHVGTICN6K0VDA53GCHFMT219SRRQLM A RRSIG',
    );
    assert.equal(show('NSEC3', '1 1 0 - AJHVGTICN6K0VDA53GCHFMT219SRRQLM'), '1 1 0 - AJHVGTICN6K0VDA53GCHFMT219SRRQLM');
    assert.equal(failure('NSEC3', '1 0 1 - IMQ912BREQP1POLAH3RMONG').covers, 'IMQ912BREQP1POLAH3RMONG');
    assert.equal(show('NSEC3PARAM', 'SHA-1 0 10 -'), '1 0 10 -');
    assert.equal(show('CSYNC', '66 3 NS A AAAA'), '66 3 A NS AAAA');
    assert.equal(show('NXT', '. 127 A'), '. A 127');
    assert.equal(failure('NXT', '. CAA').covers, 'CAA');
  });

  it('SSHFP, TLSA, ZONEMD, CERT', () => {
    assert.equal(
      show('SSHFP', '2 1 123456789abcdef67890123456789abcdef67890'),
      '2 1 123456789ABCDEF67890123456789ABCDEF67890',
    );
    assert.equal(failure('SSHFP', '1 2 abcd').covers, 'abcd');
    const tlsa = '3 0 1 5b30f9602297d558eb719162c225088184faa32ca45e1ed15de58a21d9fce383';
    assert.equal(show('TLSA', tlsa), '3 0 1 5B30F9602297D558EB719162C225088184FAA32CA45E1ED15DE58A21 D9FCE383');
    assert.deepEqual(roles(fields('SMIMEA', '1 2 3 d00df00d')), [
      'usage=1',
      'selector=2',
      'matchingType=3',
      'data=D00DF00D',
    ]);
    assert.equal(failure('ZONEMD', '1 1 1 abcd').covers, 'abcd');
    assert.equal(show('CERT', '1 2 3 AA=='), 'PKIX 2 DSA AA==');
  });
});

describe('other types', () => {
  it('LOC: normalised, defaults printed, fields spanning their tokens', () => {
    const text = '52 22 23 N 4 53 32.5 E -2m 10';
    const f = fields('LOC', text);
    assert.deepEqual(roles(f), ['latitude=52 22 23.000 N', 'longitude=4 53 32.500 E', 'altitude=-2.00m', 'size=10m']);
    assert.equal(text.slice(f[0].start, f[0].end), '52 22 23 N');
    assert.equal(formatRdata('LOC', f), '52 22 23.000 N 4 53 32.500 E -2.00m 10m 10000m 10m');
    assert.equal(
      show('LOC', '52 22 N 4 53 E 0 0.10m 0.09m 0.5m'),
      '52 22 0.000 N 4 53 0.000 E 0.00m 0.10m 0.09m 0.50m',
    );
    assert.equal(show('LOC', '52 N 4 E 1 12345678'), '52 0 0.000 N 4 0 0.000 E 1.00m 10000000m 10000m 10m');
    assert.equal(failure('LOC', '91 N 4 E 0').covers, '91');
    assert.equal(failure('LOC', '52 22 23.1234 N 4 E 0').covers, '23.1234');
    assert.equal(failure('LOC', '52 N 4 E 42849672.96').covers, '42849672.96');
    assert.equal(failure('LOC', '52 s 4 w 1').covers, 's');
  });

  it('SVCB/HTTPS: params sorted by key, printed as BIND 9.18', () => {
    const text = '1 . port=443 alpn="h2,h3" ipv6hint=2001:DB8::1 mandatory=port,alpn';
    const f = fields('HTTPS', text);
    assert.deepEqual(roles(f).slice(0, 2), ['priority=1', 'target=.']);
    assert.equal(formatRdata('HTTPS', f), '1 . mandatory=alpn,port alpn="h2,h3" port=443 ipv6hint=2001:db8::1');
    // `alpn=` and the quoted value are two tokens from the lexer; the field spans both.
    const alpn = f.find((x) => x.role === 'param' && x.num === 1);
    assert.ok(alpn);
    assert.equal(text.slice(alpn.start, alpn.end), 'alpn="h2,h3"');
    assert.equal(
      show('SVCB', '1 . key65000="a b\\"c" ech=AAAA dohpath=/q{?dns}'),
      '1 . ech=AAAA key7="/q{?dns}" key65000="a b\\"c"',
    );
    assert.equal(show('SVCB', '1 . alpn=h2\\\\,x,h3 no-default-alpn'), '1 . alpn="h2\\\\,x,h3" no-default-alpn');
    assert.equal(show('SVCB', '0 foo'), '0 foo.example.com.');
    assert.equal(failure('SVCB', '1 . port=1 port=2').covers, 'port=2');
    assert.equal(failure('SVCB', '1 . ALPN=h2').covers, 'ALPN=h2');
    assert.equal(failure('SVCB', '1 . no-default-alpn').message, 'SVCB no-default-alpn needs an alpn parameter too');
    assert.equal(failure('SVCB', '1 . mandatory=key9').covers, 'mandatory=key9');
    assert.equal(failure('SVCB', '1 . alpn=\\,abc').covers, 'alpn=\\,abc');
  });

  it('IPSECKEY, HIP, AMTRELAY, DSYNC, DOA', () => {
    assert.equal(
      show('IPSECKEY', '10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ=='),
      '10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==',
    );
    assert.equal(failure('IPSECKEY', '10 0 2 a AQAB').covers, 'a');
    assert.equal(
      show('HIP', '2 200100107b1a74df365639cc39f1d578 AwEAAQ== rvs'),
      '2 200100107B1A74DF365639CC39F1D578 AwEAAQ== rvs.example.com.',
    );
    assert.equal(show('AMTRELAY', '128 1 3 amtrelays.example.com.'), '128 1 3 amtrelays.example.com.');
    assert.deepEqual(roles(fields('AMTRELAY', '10 0 0 .')), ['precedence=10', 'discovery=0', 'relayType=0', 'relay=.']);
    assert.equal(show('DSYNC', 'cds notify 5360 scanner'), 'CDS NOTIFY 5360 scanner.example.com.');
    assert.equal(show('DOA', '0 1 2 "" -'), '0 1 2 "" -');
  });
});

// ---------------------------------------------------------------- wire

describe('wire decoding', () => {
  it('WireReader checks lengths and decodes names and strings', () => {
    const w = new WireReader(hex('000a046d61696c076578616d706c6500036162630a'));
    assert.equal(w.u16(), 10);
    assert.equal(w.name(), 'mail.example.');
    assert.equal(w.charString(), '"abc"');
    assert.equal(w.done(), false);
    assert.throws(() => w.u16(), WireError);
    assert.throws(() => new WireReader(hex('c00c')).name(), WireError); // no compression in RFC 3597 data
    assert.equal(new WireReader(hex('03612e6200')).name(), 'a\\.b.');
  });

  it('decodes BIND-dumped wire data of every type to the text BIND prints', () => {
    const wrong: string[] = [];
    for (const [mnemonic, data, bind] of WIRE) {
      const def = rdataType(mnemonic);
      assert.ok(def, mnemonic);
      const res = fieldsFromWire(def, hex(data), ORIGIN, 10, 20);
      if (!res.ok) wrong.push(`${mnemonic} ${data}: ${res.message}`);
      else if (res.text !== bind) wrong.push(`${mnemonic} ${data}\n    BIND: ${bind}\n    ours: ${res.text}`);
      else if (res.fields.some((f) => f.start !== 10 || f.end !== 20))
        wrong.push(`${mnemonic}: field ranges not moved`);
    }
    assert.deepEqual(wrong, []);
  });

  it('refuses wire data that does not fit, and keeps versions BIND cannot print as generic', () => {
    const mx = rdataType('MX');
    assert.ok(mx);
    const short = fieldsFromWire(mx, hex('000a'), ORIGIN, 0, 0);
    assert.equal(short.ok, false);
    const extra = fieldsFromWire(mx, hex('000a0000'), ORIGIN, 0, 0);
    assert.equal(extra.ok, false);
    const loc = rdataType('LOC');
    assert.ok(loc);
    const v1 = fieldsFromWire(loc, hex('01121613899a2e8280733e9800989680'), ORIGIN, 0, 0);
    assert.ok(v1.ok);
    assert.equal(v1.text, '\\# 16 01121613899A2E8280733E9800989680');
  });
});

/** [type, wire RDATA (hex), what named-compilezone printed]: from BIND's raw-format dump of text records. */
const WIRE: ReadonlyArray<readonly [string, string, string]> = [
  [
    'SOA',
    '036e7331076578616d706c650004686f7374076578616d706c65000000000100000002000000030000000400000005',
    'ns1.example. host.example. 1 2 3 4 5',
  ],
  ['A', '00000000', '0.0.0.0'],
  ['A', 'c0000201', '192.0.2.1'],
  ['A6', '0020010db8000000000000000000000001', '0 2001:db8::1'],
  ['A6', '4000000000000000010161076578616d706c6500', '64 ::1 a.example.'],
  ['AAAA', '00000000000000000000000001020304', '::1.2.3.4'],
  ['AAAA', '00000000000000000000ffff01020304', '::ffff:1.2.3.4'],
  ['AFSDB', '00010161076578616d706c6500', '1 a.example.'],
  ['AMTRELAY', '0a00', '10 0 0 .'],
  ['AMTRELAY', '0a81cb00710f', '10 1 1 203.0.113.15'],
  ['APL', '00011002c0a80002208420010db800010000', '1:192.168.0.0/16 !2:2001:db8::/32 1:0.0.0.0/0'],
  ['APL', '00011004c0a80101', '1:192.168.1.1/16'],
  ['ATMA', '001234', '1234'],
  ['ATMA', '0039246f00e7c9a00e85a1e7d4f75d0a4a1e0100b52a00', '39246f00e7c9a00e85a1e7d4f75d0a4a1e0100b52a00'],
  ['AVC', '03666f6f', '"foo"'],
  ['BRID', '0000', 'AAA='],
  ['CAA', '00056973737565', '0 issue ""'],
  ['CAA', '0005697373756563612e6578616d706c65', '0 issue "ca.example"'],
  ['CDNSKEY', '0000030000', '0 3 0 AA=='],
  ['CDS', '0000000000', '0 0 0 00'],
  ['CERT', '0001000203000000', 'PKIX 2 DSA AAAA'],
  ['CERT', '000100020500', 'PKIX 2 RSASHA1 AA=='],
  ['CNAME', '0100017800', '\\000.x.'],
  ['CNAME', '03612e62076578616d706c6500', 'a\\.b.example.'],
  ['CSYNC', '000000010002', '1 2'],
  ['CSYNC', '000000010002000160', '1 2 A NS'],
  [
    'DHCID',
    '000201636fc0b8271c82825bb1ac5c41cf5351aa69b4febd94e8f17cdb95000da48c40',
    'AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=',
  ],
  ['DLV', '000108010000000000000000000000000000000000000000', '1 8 1 0000000000000000000000000000000000000000'],
  ['DNAME', '0178076578616d706c6500', 'x.example.'],
  ['DNSKEY', '010003080100', '256 3 8 AQA='],
  ['DNSKEY', '01000308010001', '256 3 8 AQAB'],
  ['DOA', '0000000000000001020068747470733a2f2f7777772e6973632e6f72672f', '0 1 2 "" aHR0cHM6Ly93d3cuaXNjLm9yZy8='],
  ['DOA', '499602d2499602d20109696d6167652f706770', '1234567890 1234567890 1 "image/pgp" -'],
  ['DS', '000108010000000000000000000000000000000000000000', '1 8 1 0000000000000000000000000000000000000000'],
  ['DS', '000108010000000000000000000000000000000000000000', '1 8 1 0000000000000000000000000000000000000000'],
  ['DSYNC', '003b0114f00161076578616d706c6500', 'CDS NOTIFY 5360 a.example.'],
  ['DSYNC', '003b0114f00161076578616d706c6500', 'CDS NOTIFY 5360 a.example.'],
  ['EID', '0a0b', '0A0B'],
  ['EUI48', '00005e00532a', '00-00-5e-00-53-2a'],
  ['EUI48', '00005e00532a', '00-00-5e-00-53-2a'],
  ['EUI64', '00005eef1000002a', '00-00-5e-ef-10-00-00-2a'],
  ['GPOS', '013101320133', '"1" "2" "3"'],
  ['GPOS', '016101620163', '"a" "b" "c"'],
  ['HHIT', '0000', 'AAA='],
  ['HINFO', '025043054c696e7578', '"PC" "Linux"'],
  ['HIP', '010200012000', '2 20 AA=='],
  ['HIP', '0102000120000161076578616d706c65000162076578616d706c6500', '2 20 AA== a.example. b.example.'],
  ['HTTPS', '000100000300020001ffff0000', '1 . port=1 key65535'],
  ['HTTPS', '000100000700082f717b3f646e737d', '1 . key7="/q{?dns}"'],
  ['IPSECKEY', '0a0102c000020100', '10 1 2 192.0.2.1 AA=='],
  ['IPSECKEY', '0a030201610162076578616d706c6500010001', '10 3 2 a.b.example. AQAB'],
  ['ISDN', '01610162', '"a" "b"'],
  ['ISDN', '03313233', '"123"'],
  ['KEY', 'c0000308', '49152 3 8'],
  ['KEY', 'c0000308', '49152 3 8'],
  ['KX', '00010161076578616d706c6500', '1 a.example.'],
  ['L32', '000a0a010200', '10 10.1.2.0'],
  ['L64', '000a20010db811401000', '10 2001:db8:1140:1000'],
  ['LOC', '001216138b28720080dbba0000989680', '52 0 0.000 N 4 0 0.000 E 0.00m 1m 10000m 10m'],
  ['LOC', '001216138b3cf018810cbce0009895b8', '52 22 23.000 N 4 53 32.000 E -2.00m 1m 10000m 10m'],
  ['LP', '00010161076578616d706c6500', '1 a.example.'],
  ['LP', '000a0b6c36342d7375626e657431076578616d706c6503636f6d00', '10 l64-subnet1.example.com.'],
  ['MB', '0161076578616d706c6500', 'a.example.'],
  ['MG', '0161076578616d706c6500', 'a.example.'],
  ['MINFO', '0161076578616d706c65000162076578616d706c6500', 'a.example. b.example.'],
  ['MR', '0161076578616d706c6500', 'a.example.'],
  ['MX', '000a0161076578616d706c6500', '10 a.example.'],
  ['MX', '000a046d61696c076578616d706c6500', '10 mail.example.'],
  ['MX', '000a046d61696c076578616d706c6500', '10 mail.example.'],
  ['MX', '000a046d61696c076578616d706c6500', '10 mail.example.'],
  [
    'NAPTR',
    '0064000a0155074532552b7369700c215e2e2a24217369703a78210161076578616d706c6500',
    '100 10 "U" "E2U+sip" "!^.*$!sip:x!" a.example.',
  ],
  ['NAPTR', '0064000a025321000000', '100 10 "S!" "" "" .'],
  ['NID', '000a00144fffff20ee64', '10 14:4fff:ff20:ee64'],
  ['NID', '000a00144fffff20ee64', '10 14:4fff:ff20:ee64'],
  ['NIMLOC', '0a0b', '0A0B'],
  ['NINFO', '0178', '"x"'],
  ['NS', '036e7331076578616d706c6500', 'ns1.example.'],
  ['NS', '036e7331076578616d706c65036e657400', 'ns1.example.net.'],
  ['NSAP', '47', '0x47'],
  ['NSAP', '47', '0x47'],
  ['NSAP-PTR', '0161076578616d706c6500', 'a.example.'],
  ['NSEC', '00000140', '. A'],
  [
    'NSEC',
    '0161076578616d706c65000006400000080003010140041b000000000000000000000000000000000000000000000000000020ff200000000000000000000000000000000000000000000000000000000000000001',
    'a.example. A AAAA RRSIG NSEC CAA TYPE1234 TYPE65535',
  ],
  ['NSEC3', '0100000100140000000000000000000000000000000000000000', '1 0 1 - 00000000000000000000000000000000'],
  ['NSEC3', '0200000100050000000000', '2 0 1 - 00000000'],
  ['NSEC3PARAM', '0100000100', '1 0 1 -'],
  ['NSEC3PARAM', '010000010100', '1 0 1 00'],
  ['NXT', '00', '.'],
  ['NXT', '0000000000000000000000000000000001', '. 127'],
  ['OPENPGPKEY', '010001', 'AQAB'],
  ['PTR', '013401330132013107696e2d61646472046172706100', '4.3.2.1.in-addr.arpa.'],
  ['PX', '00010161076578616d706c65000162076578616d706c6500', '1 a.example. b.example.'],
  ['RESINFO', '08716e616d656d696e0c6578746572723d31352d3137', '"qnamemin" "exterr=15-17"'],
  ['RP', '0161076578616d706c65000162076578616d706c6500', 'a.example. b.example.'],
  ['RRSIG', '000108020000012c65dfc90000000001000100010001', 'A 8 2 300 20240229000000 19700101000001 1 . AQAB'],
  ['RRSIG', 'fffe05020000012cfff4417f00000000000100010001', 'TYPE65534 5 2 300 19691223021215 19700101000000 1 . AQAB'],
  ['RT', '000100', '1 .'],
  ['SIG', '000108020000012c6774858065920080000100010001', 'A 8 2 300 20250101000000 20240101000000 1 . AQAB'],
  ['SINK', '010203', '1 2 3'],
  ['SINK', '01020300', '1 2 3 AA=='],
  ['SMIMEA', '000000aaaa', '0 0 0 AAAA'],
  ['SPF', '0b763d73706631202d616c6c', '"v=spf1 -all"'],
  ['SRV', '00000000000000', '0 0 0 .'],
  ['SRV', '0001000200030161076578616d706c6500', '1 2 3 a.example.'],
  ['SSHFP', '01010123456789012345678901234567890123456789', '1 1 0123456789012345678901234567890123456789'],
  ['SSHFP', '0109abcd', '1 9 ABCD'],
  ['SVCB', '000100000100060268320268330003000201bb', '1 . alpn="h2,h3" port=443'],
  ['SVCB', '000100000100060268320268330003000201bb', '1 . alpn="h2,h3" port=443'],
  ['TA', '000108010000000000000000000000000000000000000000', '1 8 1 0000000000000000000000000000000000000000'],
  ['TALINK', '0161076578616d706c65000162076578616d706c6500', 'a.example. b.example.'],
  ['TLSA', '030001ab', '3 0 1 AB'],
  [
    'TLSA',
    '0301010123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    '3 1 1 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF01234567 89ABCDEF',
  ],
  ['TXT', '0161016203632064', '"a" "b" "c d"'],
  ['TXT', '0a613b6222635c6409c3a9', '"a;b\\"c\\\\d\\009\\195\\169"'],
  ['URI', '000a0001', '10 1 ""'],
  ['URI', '000a00016674703a2f2f78', '10 1 "ftp://x"'],
  ['WALLET', '036274630178', '"btc" "x"'],
  ['WKS', '0a000001060000044000000400000080', '10.0.0.1 6 21 25 53 80'],
  ['WKS', '0a0000011100000000000004', '10.0.0.1 17 53'],
  ['X25', '0431323334', '"1234"'],
  ['ZONEMD', '000000010100000000000000000000000000', '1 1 0 000000000000000000000000'],
  ['ZONEMD', '000000010109abcdabcdabcdabcdabcdabcd', '1 1 9 ABCDABCDABCDABCDABCDABCD'],
];
