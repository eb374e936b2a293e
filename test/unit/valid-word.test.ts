/**
 * A full parse checks the RDATA of most A and AAAA records in place with the
 * type's `validWord`, without reading fields it would not keep. That is right
 * only if `validWord` accepts exactly the words the type's `parse` accepts:
 * checked here on many words, each inside a longer text (so that reading
 * outside the range would show), and on a zone, whose records and
 * diagnostics must not depend on which way a record was checked.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseZone } from '../../server/src/zone/parser';
import { AAAA, A } from '../../server/src/zone/rdata/address';
import type { RdataType } from '../../server/src/zone/rdata/rdataType';
import { RdataError } from '../../server/src/zone/rdata/reader';
import { readRdata } from '../../server/src/zone/record';

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
  const out = ['::', '::1', '1::', '1::2::3', '12345::', ':1::', '1:::', '::1:', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9'];
  out.push('1:2:3:4:5:6:7:1.2.3.4', '::ffff:192.0.2.1', '::192.0.2.1', '1:2:3:4:5:6:1.2.3.4', 'fe80::1%eth0', '192.0.2.1');
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

/** Whether the type's `parse` reads `word` as its one RDATA token. */
function parses(type: RdataType, word: string): boolean {
  try {
    readRdata(type.code, type.mnemonic, [{ start: 0, end: word.length, text: word, quoted: false }], null, word.length);
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
      assert.equal(valid(`1:.${word}:1.`, 3, 3 + word.length), want, JSON.stringify(word));
      if (want) accepted++;
    }
    assert.ok(accepted > 300 && accepted < words.length - 300, `${accepted} of ${words.length} accepted`);
  });
}

it('a zone keeps the same records and reports the same problems whichever way an address was checked', () => {
  const words = [
    ...ipv4Words().slice(0, 600).map((w) => [A, w] as const),
    ...ipv6Words().slice(0, 600).map((w) => [AAAA, w] as const),
  ].filter(([, w]) => w !== '');
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
    if (parses(type, w)) {
      assert.ok(record !== undefined, w);
      assert.deepEqual(reported, [], w);
      // Read back from the text (the lazy record) as the reader reads the token.
      const token = { start, end: start + w.length, text: w, quoted: false };
      assert.deepEqual(record.rdata, readRdata(type.code, type.mnemonic, [token], 'example.', start + w.length), w);
    } else {
      bad++;
      assert.equal(record, undefined, w);
      assert.deepEqual(
        reported.map((d) => d.code),
        ['bad-rdata'],
        w,
      );
    }
  }
  assert.ok(bad > 100 && bad < words.length - 100, `${bad} of ${words.length} bad`);
});
