/**
 * `RdataReader.ipv4` keeps the address as written instead of formatting its
 * bytes again: right only because the canonical form is the only one
 * accepted. Checked against `parseIPv4` + `formatIPv4` on many strings.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { formatIPv4, parseIPv4 } from '../../server/src/zone/rdata/codec';
import { RdataError, RdataReader } from '../../server/src/zone/rdata/reader';

function read(text: string): string | null {
  const reader = new RdataReader([{ start: 0, end: text.length, text, quoted: false }], null, 'A', text.length);
  try {
    return reader.ipv4().value;
  } catch (err) {
    if (err instanceof RdataError) return null;
    throw err;
  }
}

it('reads an IPv4 address exactly when parseIPv4 does, with the value formatIPv4 prints', () => {
  const samples = ['0.0.0.0', '255.255.255.255', '256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', '1..2.3', '', '.1.2.3'];
  samples.push('1.2.3.', '1.2.3.04', '10.0.0.1', '1.2.3.4 ', 'a.b.c.d', '1.2.3.-4', '1e2.0.0.1', '00.0.0.0');
  // Seeded variations: one to five parts, some with a leading zero, some above 255.
  let seed = 42;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < 5000; i++) {
    const parts: string[] = [];
    const n = next() < 0.6 ? 4 : 1 + Math.floor(next() * 5);
    for (let k = 0; k < n; k++) parts.push((next() < 0.05 ? '0' : '') + String(Math.floor(next() * 280)));
    samples.push(parts.join('.'));
  }
  let accepted = 0;
  for (const s of samples) {
    const bytes = parseIPv4(s);
    const want = bytes === null ? null : formatIPv4(bytes);
    assert.equal(read(s), want, JSON.stringify(s));
    if (want !== null) accepted++;
  }
  assert.ok(accepted > 500 && accepted < samples.length - 500, `${accepted} of ${samples.length} accepted`);
});
