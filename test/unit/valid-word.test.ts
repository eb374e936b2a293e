/**
 * A full parse checks the RDATA of most A, AAAA, CNAME, NS and PTR records in
 * place with the type's `validWord`, and of TXT, SRV and the other layouts of
 * numbers and names with `validTokens`, without reading fields it would not
 * keep. That is right only if these accept no RDATA the type's `parse`
 * refuses, and (for plain RDATA) all it reads: checked here on many words,
 * each inside a longer text (so that reading outside the range would show),
 * and on zones, whose records and diagnostics must be what `parse` gives.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Lexer } from '../../server/src/zone/lexer';
import { mxFieldsInPlace } from '../../server/src/checks/mxSet';
import { parseResumable, parseZone, reparse, type ZoneRecord } from '../../server/src/zone/parser';
import { AAAA, A } from '../../server/src/zone/rdata/address';
import { MX } from '../../server/src/zone/rdata/mx';
import { DNSKEY, DS, NSEC, NSEC3, RRSIG } from '../../server/src/zone/rdata/dnssec';
import { CNAME, NS, PTR } from '../../server/src/zone/rdata/nameTypes';
import type { RdataType } from '../../server/src/zone/rdata/rdataType';
import { RdataError } from '../../server/src/zone/rdata/reader';
import { SRV } from '../../server/src/zone/rdata/services';
import { TXT } from '../../server/src/zone/rdata/txt';
import { readRdata } from '../../server/src/zone/record';
import { POINTER_ROLES, pointerInPlace } from '../../server/src/zone/model';

let seed = 7;
const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];

function ipv4Words(): string[] {
  const out = ['0.0.0.0', '255.255.255.255', '256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', '1..2.3', '', '.1.2.3'];
  out.push('1.2.3.', '1.2.3.04', '1e2.0.0.1', '00.0.0.0', '1.2.3.-4', '1\\.2.3.4', '::1');
  for (let i = 0; i < 4000; i++) {
    const parts: string[] = [];
    const n = next() < 0.6 ? 4 : 1 + Math.floor(next() * 5);
    for (let k = 0; k < n; k++) parts.push((next() < 0.05 ? '0' : '') + String(Math.floor(next() * 280)));
    out.push(parts.join('.'));
  }
  return out;
}

function ipv6Words(): string[] {
  const out = [
    '::',
    '::1',
    '1::',
    '1::2::3',
    '12345::',
    ':1::',
    '1:::',
    '::1:',
    '1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7:8:9',
  ];
  out.push(
    '1:2:3:4:5:6:7:1.2.3.4',
    '::ffff:192.0.2.1',
    '::192.0.2.1',
    '1:2:3:4:5:6:1.2.3.4',
    'fe80::1%eth0',
    '192.0.2.1',
  );
  out.push('', ':', '2001:DB8::A', '::1.2.3.04', '1:2:3:4:5:6:7::', 'g::1');
  // Mostly good groups, and eight of them more often than not, so that about half the words are addresses.
  const groups = ['0', '1', 'ab', 'ffff', 'FFFF', '0db8', '0', '1', 'ab', '12345', 'g', '', '1.2.3.4', '256.1.1.1'];
  for (let i = 0; i < 4000; i++) {
    const n = pick([8, 8, 8, 8, 1, 2, 3, 5, 7, 9]);
    const parts: string[] = [];
    for (let k = 0; k < n; k++) parts.push(pick(groups));
    let w = parts.join(':');
    if (next() < (n === 8 ? 0.1 : 0.7)) {
      const at = Math.floor(next() * (w.length + 1));
      w = w.slice(0, at) + '::' + w.slice(at);
    }
    out.push(w);
  }
  return out;
}

function nameWords(): string[] {
  const out = ['@', '.', '', 'a', 'a.', 'a..b', '.a', 'a\\.b', 'a\\065', 'ex ample', 'é.example.', '*.a', '_srv._tcp'];
  out.push('a'.repeat(63), 'a'.repeat(64), `${'a'.repeat(63)}.`, `${'a'.repeat(63)}.`.repeat(4), `${'b.'.repeat(120)}`);
  const labels = ['a', 'mail', 'x-1', '_dmarc', '*', 'a'.repeat(63), 'a'.repeat(64), '', 'a\\.b', 'é'];
  for (let i = 0; i < 4000; i++) {
    const n = 1 + Math.floor(next() * (next() < 0.1 ? 40 : 4));
    const parts: string[] = [];
    for (let k = 0; k < n; k++) parts.push(pick(next() < 0.8 ? labels.slice(0, 5) : labels));
    out.push(parts.join('.') + (next() < 0.4 ? '.' : ''));
  }
  return out;
}

/** Whether the type's `parse` reads `word` as its one RDATA token under `origin`. */
function parses(type: RdataType, word: string, origin: string | null = null): boolean {
  try {
    readRdata(
      type.code,
      type.mnemonic,
      [{ start: 0, end: word.length, text: word, quoted: false }],
      origin,
      word.length,
    );
    return true;
  } catch (err) {
    if (err instanceof RdataError) return false;
    throw err;
  }
}

for (const [type, words] of [
  [A, ipv4Words()],
  [AAAA, ipv6Words()],
] as const) {
  it(`${type.mnemonic}: validWord accepts exactly what parse reads, reading only its range`, () => {
    const valid = type.validWord;
    assert.ok(valid !== undefined);
    let accepted = 0;
    for (const word of words) {
      const want = parses(type, word);
      // Characters around the range that would make any address wrong if read.
      assert.equal(valid(`1:.${word}:1.`, 3, 3 + word.length, null), want, JSON.stringify(word));
      if (want) accepted++;
    }
    assert.ok(accepted > 300 && accepted < words.length - 300, `${accepted} of ${words.length} accepted`);
  });
}

it('CNAME, NS, PTR: validWord accepts only names parse reads, and every plain one it reads, under any origin', () => {
  const words = nameWords();
  const origins = [null, '.', 'example.', `${'o'.repeat(60)}.`.repeat(3) + 'example.'];
  for (const type of [CNAME, NS, PTR]) {
    const valid = type.validWord;
    assert.ok(valid !== undefined);
    let accepted = 0;
    let readSlowly = 0;
    for (const origin of origins) {
      for (const word of words) {
        const got = valid(`..${word}@`, 2, 2 + word.length, origin);
        const want = parses(type, word, origin);
        // The root, `@`, and names with escapes or other characters are read by parse only (got is false).
        if (word !== '.' && /^[A-Za-z0-9_*\/.-]*$/.test(word))
          assert.equal(got, want, `${JSON.stringify(word)} under ${origin}`);
        else if (got) assert.ok(want, `${JSON.stringify(word)} under ${origin}`);
        if (got) accepted++;
        else if (want) readSlowly++;
      }
    }
    assert.ok(accepted > 2000 && readSlowly > 100, `${accepted} accepted in place, ${readSlowly} read by parse`);
  }
});

it('a zone keeps the same records and reports the same problems whichever way its RDATA was checked', () => {
  const words = [
    ...ipv4Words()
      .slice(0, 600)
      .map((w) => [A, w] as const),
    ...ipv6Words()
      .slice(0, 600)
      .map((w) => [AAAA, w] as const),
    ...nameWords()
      .slice(0, 600)
      .map((w) => [CNAME, w] as const),
  ].filter(([, w]) => w !== '' && !/[ ;"()]/.test(w));
  let text = '$TTL 300\n@ SOA ns hm 1 2 3 4 5\n';
  const starts: number[] = [];
  for (const [k, [type, w]] of words.entries()) {
    const head = `h${k} ${type.mnemonic} `;
    starts.push(text.length + head.length);
    text += `${head}${w}\n`;
  }
  const parsed = parseZone(text, { fileName: 'z', origin: 'example.' });
  const byOwner = new Map(parsed.records.map((r) => [r.owner, r]));
  let bad = 0;
  for (const [k, [type, w]] of words.entries()) {
    const start = starts[k];
    const record = byOwner.get(`h${k}.example.`);
    const reported = parsed.diagnostics.filter((d) => d.start === start && d.end === start + w.length);
    if (parses(type, w, 'example.')) {
      assert.ok(record !== undefined, w);
      assert.deepEqual(reported, [], w);
      // Read back from the text (the lazy record) as the reader reads the token.
      const token = { start, end: start + w.length, text: w, quoted: false };
      assert.deepEqual(record.rdata, readRdata(type.code, type.mnemonic, [token], 'example.', start + w.length), w);
    } else {
      bad++;
      assert.equal(record, undefined, w);
      assert.equal(reported.length, 1, w);
    }
  }
  assert.ok(bad > 100 && bad < words.length - 100, `${bad} of ${words.length} bad`);
});

/** TXT RDATA as written: quoted and bare strings, escapes, long strings, non-ASCII, generic data. */
function txtRdata(): string[] {
  const out = ['""', '"a"', 'a', '"a b" c', '"a\\"b"', '"\\065"', '"\\256"', '\\# 1 41', '"é"', '"tab\there"'];
  out.push(`"${'a'.repeat(255)}"`, `"${'a'.repeat(256)}"`, `${'b'.repeat(255)}`, `${'b'.repeat(256)}`);
  out.push(Array.from({ length: 256 }, () => `"${'c'.repeat(255)}"`).join(' '));
  out.push(Array.from({ length: 255 }, () => `"${'c'.repeat(255)}"`).join(' '));
  const pieces = [
    '"v=spf1 -all"',
    'x',
    '"k=v; \\"n\\""',
    '""',
    '"\\\\"',
    '"\\x"',
    '"a\\0"',
    '"\\25"',
    '"\\2555"',
    '"\\256"',
    'a\\ b',
    `"${'d'.repeat(200)}"`,
    '"ü"',
  ];
  for (let i = 0; i < 3000; i++) {
    const n = 1 + Math.floor(next() * 4);
    out.push(Array.from({ length: n }, () => pick(next() < 0.85 ? pieces.slice(0, 4) : pieces)).join(' '));
  }
  return out;
}

it('TXT: validTokens accepts only strings parse reads, and every plain one it reads, reading only its tokens', () => {
  const valid = TXT.validTokens;
  assert.ok(valid !== undefined);
  let accepted = 0;
  let readSlowly = 0;
  for (const rdata of txtRdata()) {
    // A line of its own, with a comment after it that must not be read.
    const text = `@ TXT ${rdata} ; "\\999 é\n`;
    const line = new Lexer(text).nextLine();
    assert.ok(line !== null);
    const got = valid(text, line, 2, null);
    let want = true;
    try {
      readRdata(TXT.code, 'TXT', line.tokens(2), null, line.end);
    } catch (err) {
      if (!(err instanceof RdataError)) throw err;
      want = false;
    }
    // Printable ASCII is read in place exactly when parse reads it; other characters and generic data by parse only.
    if (!/[^\x20-\x7e]|^\\#/.test(rdata)) assert.equal(got, want, rdata.slice(0, 80));
    else if (got) assert.ok(want, rdata.slice(0, 80));
    if (got) accepted++;
    else if (want) readSlowly++;
  }
  assert.ok(accepted > 1000 && readSlowly > 50, `${accepted} accepted in place, ${readSlowly} read by parse`);
});

/**
 * Parses a zone of one record of `type` per RDATA text and checks each
 * record against the type's own `parse` (`readRdata`, all fields read): the
 * same values, or no record and one problem reported. Returns how many were bad.
 */
function sameAsParse(type: RdataType, all: readonly string[]): number {
  let text = '$TTL 300\n@ SOA ns hm 1 2 3 4 5\n';
  for (const [k, rdata] of all.entries()) text += `r${k} ${type.mnemonic} ${rdata}\n`;
  const parsed = parseZone(text, { fileName: 'z', origin: 'example.' });
  const byOwner = new Map(parsed.records.map((r) => [r.owner, r]));
  let bad = 0;
  for (const [k, rdata] of all.entries()) {
    const line = new Lexer(`r${k} ${type.mnemonic} ${rdata}\n`).nextLine();
    assert.ok(line !== null);
    let want: string[] | undefined;
    try {
      want = readRdata(type.code, type.mnemonic, line.tokens(2), 'example.', line.end).map((f) => f.value);
    } catch (err) {
      if (!(err instanceof RdataError)) throw err;
      bad++;
    }
    assert.deepEqual(
      byOwner.get(`r${k}.example.`)?.rdata.map((f) => f.value),
      want,
      rdata.slice(0, 80),
    );
  }
  assert.equal(parsed.diagnostics.length, bad);
  return bad;
}

it('a zone keeps the same TXT records and reports the same problems whichever way they were checked', () => {
  const all = txtRdata().slice(0, 800);
  const bad = sameAsParse(TXT, all);
  assert.ok(bad > 50 && bad < all.length - 300, `${bad} of ${all.length} bad`);
});

/** RDATA for MX and SRV as written: numbers in and out of range, names plain or not, tokens missing or extra, quotes. */
function numbersAndNames(counts: readonly number[]): string[] {
  const numbers = ['0', '10', '65535', '65536', '0010', '1'.padStart(16, '0'), '1'.padStart(17, '0'), '4294967296'];
  numbers.push('-1', '1e2', '0x10', '"10"', '10.', '');
  const names = nameWords().filter((w) => w !== '' && !/[ ;"()]/.test(w));
  const out: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const fields = counts.map((max) => (max < 0 ? pick(names) : pick(next() < 0.8 ? numbers.slice(0, 3) : numbers)));
    if (next() < 0.05) fields.pop();
    if (next() < 0.05) fields.push(pick(['mail', '10', '"x"']));
    if (next() < 0.05) fields[fields.length - 1] = `"${fields[fields.length - 1]}"`;
    out.push(fields.filter((f) => f !== '').join(' '));
  }
  return out;
}

/**
 * What `type.validTokens` says of `rdata` (`got`) and whether `type.parse`
 * reads it (`want`), on a line of its own with `comment` after it, which
 * must not be read.
 */
function judged(
  type: RdataType,
  rdata: string,
  origin: string | null,
  comment: string,
): { got: boolean; want: boolean } {
  const valid = type.validTokens;
  assert.ok(valid !== undefined);
  const text = `@ ${type.mnemonic} ${rdata} ; ${comment}\n`;
  const line = new Lexer(text).nextLine();
  assert.ok(line !== null);
  const got = valid(text, line, 2, origin);
  try {
    readRdata(type.code, type.mnemonic, line.tokens(2), origin, line.end);
    return { got, want: true };
  } catch (err) {
    if (!(err instanceof RdataError)) throw err;
    return { got, want: false };
  }
}

/** True when the text of one number or name field is one `validTokens` must accept when parse reads it. */
const plainToken = (t: string): boolean => /^[0-9]+$/.test(t) || (t !== '.' && /^[A-Za-z0-9_*\/.-]+$/.test(t));

for (const [type, layout] of [
  [MX, [0xffff, -1]],
  [SRV, [0xffff, 0xffff, 0xffff, -1]],
] as const) {
  it(`${type.mnemonic}: validTokens accepts only RDATA parse reads, and every plain one it reads, under any origin`, () => {
    const origins = [null, 'example.', `${'o'.repeat(60)}.`.repeat(3) + 'example.'];
    let accepted = 0;
    let readSlowly = 0;
    for (const origin of origins) {
      for (const rdata of numbersAndNames(layout)) {
        const { got, want } = judged(type, rdata, origin, '99999 é');
        if (rdata.split(' ').every(plainToken)) assert.equal(got, want, `${rdata} under ${origin}`);
        else if (got) assert.ok(want, `${rdata} under ${origin}`);
        if (got) accepted++;
        else if (want) readSlowly++;
      }
    }
    assert.ok(accepted > 2000 && readSlowly > 100, `${accepted} accepted in place, ${readSlowly} read by parse`);
  });
}

for (const [type, layout] of [
  [MX, [0xffff, -1]],
  [SRV, [0xffff, 0xffff, 0xffff, -1]],
] as const) {
  it(`a zone keeps the same ${type.mnemonic} records and reports the same problems whichever way they were checked`, () => {
    const all = numbersAndNames(layout).slice(0, 800);
    const bad = sameAsParse(type, all);
    assert.ok(bad > 50 && bad < all.length - 300, `${bad} of ${all.length} bad`);
  });
}

describe('MX fields read in place (mxFieldsInPlace)', () => {
  /** MX RDATA as written, with blanks of every kind between the fields and forms only the record's fields can read. */
  function mxRdata(): string[] {
    const out = numbersAndNames([0xffff, -1]).map((r) => r.replace(' ', pick([' ', '\t', '  \t '])));
    out.push('10 ( mail )', '( 10 mail )', '10 (mail)', '10 ( ; preference\n mail )', '10 mail.', '0 .', '10 @');
    out.push('10 mail\\.x', '10 m\\097il', '65535 mail', '65536 mail', '10 mail ; comment', '010 mail');
    return out;
  }

  /** What the record's fields give, after the in-place read (which must come first: reading the fields ends it). */
  function fromFields(r: ZoneRecord) {
    const [preference, exchange] = r.rdata;
    return {
      file: r.file,
      preference: preference.num,
      preferenceStart: preference.start,
      preferenceEnd: preference.end,
      exchangeStart: exchange.start,
      exchangeEnd: exchange.end,
      target: exchange.value,
    };
  }

  /** Compares the in-place read of every MX record of `records` with its fields; the number read in place. */
  function compare(records: readonly ZoneRecord[], text: string): number {
    let inPlace = 0;
    for (const r of records) {
      if (r.type !== 'MX') continue;
      // Records read again after an edit keep their fields (see `reparse`).
      const written = r.rdataText();
      if (written === undefined) continue;
      const got = mxFieldsInPlace(written);
      const want = fromFields(r);
      const rdata = text.slice(r.typeEnd, r.end);
      if (got !== null) {
        assert.deepEqual(got, want, rdata);
        inPlace++;
      }
      // Plain RDATA on one line is read in place.
      const words = rdata.trim().split(/[ \t]+/);
      if (words.length === 2 && /^[0-9]+$/.test(words[0]) && words[1] !== '.' && /^[A-Za-z0-9_*\/.-]+$/.test(words[1]))
        assert.ok(got !== null, `${rdata} was not read in place`);
    }
    return inPlace;
  }

  for (const origin of ['example.', '.', `${'o'.repeat(60)}.`.repeat(3) + 'example.']) {
    it(`gives the fields the record's RDATA gives, under ${origin.slice(0, 20)}`, () => {
      let text = `$ORIGIN ${origin}\n$TTL 300\n@ SOA ns hm 1 2 3 4 5\n`;
      for (const [k, rdata] of mxRdata().entries()) text += `r${k} MX ${rdata}\n`;
      const records = parseZone(text, { fileName: 'z', origin }).records;
      assert.ok(records.every((r) => r.type !== 'MX' || r.rdataText() !== undefined));
      const inPlace = compare(records, text);
      assert.ok(inPlace > 1500, `${inPlace} read in place`);
    });
  }

  it('gives where the fields stand now in a zone that an edit moved', () => {
    let text = '; a comment to edit\n$TTL 300\n@ SOA ns hm 1 2 3 4 5\n';
    for (const [k, rdata] of mxRdata().slice(0, 600).entries()) text += `r${k} MX ${rdata}\n`;
    let parse = parseResumable(text, { fileName: 'z', origin: 'example.' });
    // Text typed in the comment before the records, then some taken out again: every record after it moves.
    for (const [at, insert, remove] of [
      [5, 'x'.repeat(100), 0],
      [10, '', 30],
    ] as const) {
      const next = text.slice(0, at) + insert + text.slice(at + remove);
      const done = reparse(parse, next, { start: at, oldEnd: at + remove, newEnd: at + insert.length });
      assert.ok(done !== null);
      parse = done.parse;
      text = next;
    }
    const moved = parse.result.records.filter((r) => r.type === 'MX' && (r.rdataText()?.moved ?? 0) !== 0).length;
    assert.ok(moved > 300, `${moved} records moved`);
    assert.ok(compare(parse.result.records, text) > 300);
  });
});

describe('pointers read in place (pointerInPlace)', () => {
  // Each pointer type the model reads in place, with the numbers before its name (-1: the name).
  const layouts = [
    ['CNAME', [-1]],
    ['DNAME', [-1]],
    ['NS', [-1]],
    ['PTR', [-1]],
    ['MX', [0xffff, -1]],
    ['KX', [0xffff, -1]],
    ['AFSDB', [0xffff, -1]],
    ['SRV', [0xffff, 0xffff, 0xffff, -1]],
  ] as const;

  for (const origin of ['example.', '.', `${'o'.repeat(60)}.`.repeat(3) + 'example.']) {
    it(`gives the name the record's pointer field gives, or nothing, under ${origin.slice(0, 20)}`, () => {
      let text = `$ORIGIN ${origin}\n$TTL 300\n@ SOA ns hm 1 2 3 4 5\n`;
      for (const [type, layout] of layouts) {
        const rdata = numbersAndNames(layout).slice(0, 600);
        rdata.push(`${'1 '.repeat(layout.length - 1)}( mail )`, `${'1 '.repeat(layout.length - 1)}mail ; comment`);
        for (const [k, written] of rdata.entries()) text += `${type.toLowerCase()}${k} ${type} ${written}\n`;
      }
      const records = parseZone(text, { fileName: 'z', origin }).records;
      const inPlace = new Map<string, number>();
      for (const r of records) {
        if (r.type === 'SOA') continue;
        // Before the fields are read: reading them ends the record's text.
        const got = pointerInPlace(r);
        const role = POINTER_ROLES[r.type];
        const want = r.rdata.find((f) => f.role === role && f.kind === 'name')?.value;
        const written = text.slice(r.typeEnd, r.end).trim();
        if (got !== undefined) {
          assert.equal(got, want, `${r.type} ${written}`);
          inPlace.set(r.type, (inPlace.get(r.type) ?? 0) + 1);
        }
        // Plain RDATA on one line is read in place.
        const words = written.split(/[ \t]+/);
        if (words.slice(0, -1).every((w) => /^[0-9]+$/.test(w)) && plainToken(words[words.length - 1]))
          assert.ok(got !== undefined, `${r.type} ${written} was not read in place`);
      }
      for (const [type] of layouts) assert.ok((inPlace.get(type) ?? 0) > 100, `${type}: ${inPlace.get(type)} in place`);
    });
  }
});

describe('signed zones: RRSIG, NSEC, NSEC3, DS and DNSKEY checked in place', () => {
  /** One RDATA field: its plain forms (which `validTokens` must accept when parse does), and others. */
  type Choices = readonly [plain: readonly string[], other: readonly string[]];

  /** Base64 of `n` random octets over one to three words, padding kept in the last word with a digit of its own. */
  function base64Words(n: number): string {
    const b64 = Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256))).toString('base64');
    const words: string[] = [];
    let rest = b64;
    while (rest.length > 4 && next() < 0.4) {
      const at = 1 + Math.floor(next() * (rest.length - 4));
      words.push(rest.slice(0, at));
      rest = rest.slice(at);
    }
    return [...words, rest].join(' ');
  }

  /** Hex of `n` random octets over one or two words. */
  function hexWords(n: number): string {
    const hex = Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256))).toString('hex');
    const at = 2 * Math.floor(next() * n);
    return at > 0 && next() < 0.3 ? `${hex.slice(0, at)} ${hex.slice(at)}` : next() < 0.5 ? hex.toUpperCase() : hex;
  }

  const binary = (plain: () => string, other: readonly string[]): Choices => [Array.from({ length: 8 }, plain), other];
  const base64Other = ['AQB=', 'AQ==x', 'A===', 'AQI', 'AQIDBA=', '"AQIDBA=="', 'AQID!A==', 'AQ== AA==', 'AQ =='];
  const names: Choices = [
    ['signer.example.', 'example.', 'h1', 'a.b'],
    ['"x"', 'a..b', 'a\\.b', '.', '@'],
  ];
  const numbers = (max: number): Choices => [
    ['0', String(max), '13', '2'],
    [String(max + 1), '-1', '1e2', '"3"', '0x10'],
  ];
  const times: Choices = [
    ['20261223095300', '20240229000000', '19700101000000', '1700000000', '0', '4294967295'],
    ['20260229000000', '20261301000000', '20261223246000', '4294967296', '+1700000000', '2026122309530', 'now'],
  ];
  const types: Choices = [
    ['A', 'aaaa', 'NSEC', 'RRSIG', 'TYPE65534', 'DNSKEY', 'NSEC3PARAM', 'Mx'],
    ['TYPE65536', 'BOGUS', '"A"', 'A\\066', 'TYPE'],
  ];

  const layouts: Record<string, () => Choices[]> = {
    RRSIG: () => [
      types,
      [
        ['13', '8', '255'],
        ['256', 'RSASHA256', 'ECDSAP256SHA256'],
      ],
      numbers(0xff),
      numbers(0xffffffff),
      times,
      times,
      numbers(0xffff),
      names,
      binary(() => base64Words(64 + Math.floor(next() * 3)), base64Other),
    ],
    NSEC: () => [names, types, ...Array.from({ length: Math.floor(next() * 4) }, () => types)],
    NSEC3: () => [
      [
        ['1', '2', '255'],
        ['256', 'SHA-1'],
      ],
      numbers(0xff),
      numbers(0xffff),
      [
        ['-', 'AABBCCDD', 'aabb', 'ab'.repeat(255)],
        ['ABC', 'zz', '"-"', 'ab'.repeat(256)],
      ],
      [
        ['0123456789ABCDEFGHIJKLMNOPQRSTUV', '0123456789abcdefghijklmnopqrstuv', 'VVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVV'],
        ['0123456789ABCDEFGHIJKLMNOPQRSTUW', '0123456789ABCDEF', 'AB', 'A', '"AB"'],
      ],
      ...Array.from({ length: Math.floor(next() * 4) }, () => types),
    ],
    DS: () => {
      const digestType = pick(['1', '2', '4', '3', '5']);
      const octets = { '1': 20, '2': 32, '4': 48 }[digestType] ?? 1 + Math.floor(next() * 40);
      return [
        numbers(0xffff),
        [['13', '8'], ['RSASHA256']],
        [[digestType], ['SHA-256', '256']],
        binary(() => hexWords(octets), ['ABC', 'GG', '"AB"', hexWords(octets + 1)]),
      ];
    },
    DNSKEY: () => [
      [
        ['256', '257', '0', '65535'],
        ['65536', 'KSK', 'ZONE|SEP'],
      ],
      numbers(0xff),
      [
        ['13', '8'],
        ['256', 'RSASHA256'],
      ],
      binary(() => base64Words(32 + Math.floor(next() * 3)), base64Other),
    ],
  };

  /** RDATA for `type`, mostly of plain fields; `plain` says whether every field is. */
  function rdata(type: string): { text: string; plain: boolean }[] {
    const out: { text: string; plain: boolean }[] = [];
    for (let i = 0; i < 3000; i++) {
      let plain = true;
      const fields = layouts[type]().map(([good, other]) => {
        if (next() < 0.96) return pick(good);
        plain = false;
        return pick(other);
      });
      if (next() < 0.03) {
        fields.pop();
        plain = false;
      }
      out.push({ text: fields.join(' '), plain });
    }
    return out;
  }

  for (const type of [RRSIG, NSEC, NSEC3, DS, DNSKEY]) {
    it(`${type.mnemonic}: validTokens accepts only RDATA parse reads, and every plain one it reads`, () => {
      let accepted = 0;
      let refused = 0;
      for (const origin of [null, 'example.']) {
        for (const { text: written, plain } of rdata(type.mnemonic)) {
          const { got, want } = judged(type, written, origin, '99999 AQ==');
          if (plain) assert.equal(got, want, `${written} under ${origin}`);
          else if (got) assert.ok(want, `${written} under ${origin}`);
          if (got) accepted++;
          else if (!want) refused++;
        }
      }
      assert.ok(accepted > 2000 && refused > 300, `${accepted} accepted in place, ${refused} refused`);
    });

    it(`a zone keeps the same ${type.mnemonic} records and reports the same problems whichever way they were checked`, () => {
      const all = rdata(type.mnemonic)
        .slice(0, 800)
        .map((r) => r.text);
      const bad = sameAsParse(type, all);
      assert.ok(bad > 50 && bad < all.length - 300, `${bad} of ${all.length} bad`);
    });
  }
});
