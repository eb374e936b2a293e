/**
 * The hover's delivery text for a large MX set: rows, failure lines and the
 * profile comparison each name a bounded number of addresses and sum up the
 * rest, so that a host with thousands of addresses gives a hover of the same
 * size as one with forty.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/checks/index';
import { deliveryMarkdown } from '../../server/src/features/hover';
import { DEFAULT_SETTINGS } from '../../server/src/settings';

function hoverOf(addresses: number): string {
  const lines = ['$TTL 1h', '@ SOA ns1 hm 1 1h 15m 2w 1h', '  NS ns1', 'ns1 A 192.0.2.53', '@ MX 10 mail'];
  for (let i = 0; i < addresses; i++) lines.push(`mail A 10.0.${i >> 8}.${i & 255}`);
  const a = analyze(lines.join('\n') + '\n', { fileName: 'z', origin: 'example.com.' }, DEFAULT_SETTINGS);
  return deliveryMarkdown(a.zone, 'example.com.', 'rfc5321');
}

/** The percentages of a list of shares, the summed rest included. */
function percentages(line: string): number[] {
  return [...line.matchAll(/([\d.]+)%/g)].map((m) => Number(m[1]));
}

describe('hover: the delivery text of a large MX set', () => {
  it('shares past the sixth address are summed up, in the comparison and in failure lines', () => {
    const text = hoverOf(40);
    // Postfix and Exim shuffle the addresses: each line names six and sums up the rest (the two may share a line).
    const split = text.split('\n').filter((l) => /^- (Postfix|Exim)/.test(l));
    assert.ok(split.length > 0, text);
    for (const line of split) {
      assert.match(line, /, 34 more: [\d.]+%$/);
      assert.equal(percentages(line).length, 7);
      const total = percentages(line).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(total - 100) < 1, `${total}%`);
    }
    assert.match(text, /\| \| …28 more \| \| \| \|/);
    for (const l of text.split('\n').filter((x) => x.includes(' down: '))) {
      assert.ok(percentages(l).length <= 7, l);
    }
  });

  it('the same size for 40 addresses as for 2 000', () => {
    const small = hoverOf(40).length;
    const large = hoverOf(2000).length;
    assert.ok(large < small + 200, `${small} → ${large} characters`);
  });
});
