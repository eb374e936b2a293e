/** Column alignment (zone/format.ts): the file's own style, whitespace only, records unchanged, idempotent. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applySpanEdits, fileLayout, formatEdits, type FormatOptions } from '../../server/src/zone/format';
import { buildZone } from '../../server/src/zone/model';
import { parseZone } from '../../server/src/zone/parser';
import { printLine, printRecords } from '../../server/src/zone/print';

function parse(text: string) {
  return parseZone(text, { fileName: 'example.com.zone', origin: 'example.com.' });
}

function printed(text: string): string[] {
  return printRecords(buildZone(parse(text))).map(printLine);
}

/** Formats `text`, checking on the way that the records are the same and that a second pass changes nothing. */
function fmt(text: string, options: FormatOptions = {}): string {
  const p = parse(text);
  const sound = !p.diagnostics.some((d) => d.code === 'unbalanced-parentheses' || d.code === 'unterminated-string');
  const edits = formatEdits(text, p.records, { sound, ...options });
  for (let i = 1; i < edits.length; i++) assert.ok(edits[i - 1].end <= edits[i].start, 'edits do not overlap');
  const out = applySpanEdits(text, edits);
  assert.deepEqual(printed(out), printed(text), 'the same records');
  const p2 = parse(out);
  assert.deepEqual(
    p2.diagnostics.map((d) => d.code),
    p.diagnostics.map((d) => d.code),
    'the same diagnostics',
  );
  if (options.range === undefined) {
    assert.equal(applySpanEdits(out, formatEdits(out, p2.records, { sound, ...options })), out, 'idempotent');
  }
  return out;
}

describe('format: columns in the file style', () => {
  it('aligns a spaces file at the widest field plus one', () => {
    const text = '$TTL 1h\n@ IN SOA ns1 host 1 2 3 4 5\n IN NS ns1\nns1 IN A 192.0.2.1\nwww IN CNAME ns1\n';
    assert.equal(
      fmt(text),
      '$TTL 1h\n@   IN SOA   ns1 host 1 2 3 4 5\n    IN NS    ns1\nns1 IN A     192.0.2.1\nwww IN CNAME ns1\n',
    );
  });

  it('keeps a tab file in tabs, at tab stops', () => {
    const text = '$TTL 1h\n@\tIN\tSOA\tns1 host 1 2 3 4 5\n\tIN NS\tns1\nverylonghost\tIN\tA\t192.0.2.1\n';
    const out = fmt(text);
    assert.equal(out, '$TTL 1h\n@\t\tIN\tSOA\tns1 host 1 2 3 4 5\n\t\tIN\tNS\tns1\nverylonghost\tIN\tA\t192.0.2.1\n');
    assert.equal(fileLayout(out, parse(out).records).useTabs, true);
  });

  it('leaves an aligned file alone: the columns it uses are kept when they fit', () => {
    const text =
      '$TTL 1h\n@           IN  SOA    ns1 host 1 2 3 4 5\n            IN  NS     ns1\nmail        IN  A      192.0.2.1\n';
    const p = parse(text);
    assert.deepEqual(formatEdits(text, p.records), []);
  });

  it('a field far wider than the rest overflows instead of pushing every column right', () => {
    const long = 'selector1._domainkey.mail.department';
    const text = `$TTL 1h\n@ IN SOA ns1 host 1 2 3 4 5\na IN A 192.0.2.1\nb IN A 192.0.2.2\nc IN A 192.0.2.3\nd IN A 192.0.2.4\ne IN A 192.0.2.5\nf IN A 192.0.2.6\ng IN A 192.0.2.7\nh IN A 192.0.2.8\ni IN A 192.0.2.9\n${long} IN TXT "v=DKIM1; k=rsa"\n`;
    const out = fmt(text).split('\n');
    assert.equal(out[2], 'a IN A   192.0.2.1');
    assert.equal(out[11], `${long} IN TXT "v=DKIM1; k=rsa"`);
  });

  it('adds no field: a record without TTL or class gets none', () => {
    const text = '$TTL 1h\n@ 3600 IN SOA ns1 host 1 2 3 4 5\nwww 300 IN A 192.0.2.1\nftp A 192.0.2.2\n';
    assert.equal(
      fmt(text),
      '$TTL 1h\n@   3600 IN SOA ns1 host 1 2 3 4 5\nwww 300  IN A   192.0.2.1\nftp         A   192.0.2.2\n',
    );
  });
});

describe('format: what never changes', () => {
  it('keeps comments, quoted semicolons and escapes', () => {
    const text =
      '$TTL 1h\n@ IN SOA ns1 host 1 2 3 4 5 ; the SOA\nwww IN TXT "a ; b"   "c\\"d" ; comment  \nx\\ y IN A 192.0.2.1\n';
    const out = fmt(text);
    assert.equal(
      out,
      '$TTL 1h\n@    IN SOA ns1 host 1 2 3 4 5 ; the SOA\nwww  IN TXT "a ; b"   "c\\"d" ; comment\nx\\ y IN A   192.0.2.1\n',
    );
  });

  it('moves the lines of a parenthesised record with its RDATA, keeping their line structure', () => {
    const text = '$TTL 1h\n@ IN SOA ns1 host (\n      1 ; serial\n      2 3 4 5 )\nwww IN A 192.0.2.1\n';
    // The RDATA moves two columns right (9 to 11): so do the lines it continues on (6 to 8).
    assert.equal(
      fmt(text),
      '$TTL 1h\n@   IN SOA ns1 host (\n        1 ; serial\n        2 3 4 5 )\nwww IN A   192.0.2.1\n',
    );
  });

  it('a blank owner keeps its blank, a name stays at column 0', () => {
    const out = fmt('$TTL 1h\n@ IN SOA ns1 host 1 2 3 4 5\n\t\t\tIN NS ns1\n\t\t\tIN NS ns2\n');
    for (const line of out.split('\n').slice(2, 4)) assert.match(line, /^\s+IN\s+NS\s+ns\d$/);
  });

  it('keeps an escaped blank at the end of a line and blanks an unterminated string may own', () => {
    const escaped = '$TTL 1h\n@ IN SOA ns1 host 1 2 3 4 5\nwww IN TXT abc\\ \n';
    assert.ok(fmt(escaped).includes('abc\\ \n'));
    const unterminated = '$TTL 1h\n@ IN SOA ns1 host 1 2 3 4 5\nwww IN TXT "abc   \n';
    assert.ok(fmt(unterminated).includes('"abc   \n'));
  });

  it('leaves lines the parser could not read, and directives, as they are', () => {
    const text =
      '$ORIGIN   example.com.\n$TTL 1h\n@ IN SOA ns1 host 1 2 3 4 5\nbad   IN   MX   notanumber   mail\nwww IN A 192.0.2.1\n';
    const out = fmt(text).split('\n');
    assert.equal(out[0], '$ORIGIN   example.com.');
    assert.equal(out[3], 'bad   IN   MX   notanumber   mail');
  });

  it('with unbalanced parentheses, formats first lines only', () => {
    const text = '$TTL 1h\n@ IN SOA ns1 host 1 2 3 4 5\nwww IN TXT ( "a"\n     "b"   \nmail IN A 192.0.2.1\n';
    const out = fmt(text);
    assert.ok(out.includes('\n     "b"   \n'), 'the line after the unclosed ( is untouched');
  });

  it('CRLF line ends stay', () => {
    const out = fmt('$TTL 1h\r\n@ IN SOA ns1 host 1 2 3 4 5\r\nwww IN A 192.0.2.1   \r\n');
    assert.equal(out, '$TTL 1h\r\n@   IN SOA ns1 host 1 2 3 4 5\r\nwww IN A   192.0.2.1\r\n');
  });
});

describe('format: a range', () => {
  it('changes only the records whose lines touch the range, to the columns of the whole file', () => {
    const text = '$TTL 1h\n@ IN SOA ns1 host 1 2 3 4 5\nns1 IN A 192.0.2.1\nwww IN CNAME ns1\n';
    const start = text.indexOf('ns1 IN');
    const out = fmt(text, { range: { start, end: start + 2 } });
    assert.equal(out, '$TTL 1h\n@ IN SOA ns1 host 1 2 3 4 5\nns1 IN A     192.0.2.1\nwww IN CNAME ns1\n');
  });
});
