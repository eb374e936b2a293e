/**
 * `mx-target-ip` names an existing host that holds the address written as
 * the MX target. It finds them for all such targets in one pass over the
 * zone's addresses, reading each address from the text where it can
 * (`recordAddress`): that must give what the record's address field says.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/checks/index';
import { recordAddress } from '../../server/src/checks/mxSet';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { buildZone } from '../../server/src/zone/model';
import { parseZone } from '../../server/src/zone/parser';
import { CORPUS, corpusEntries, readCorpusInclude } from '../corpusDir';

const ADDRESSES = [
  '$ORIGIN example.com.',
  '@ SOA ns1 hm 1 1h 15m 2w 1h',
  'a A 192.0.2.1',
  'b AAAA 2001:DB8:0:0::0:1',
  'c AAAA 2001:db8::ffff:192.0.2.7',
  'd A ( 192.0.2.4 ) ; parenthesised',
  'e AAAA \\# 16 20010db8000000000000000000000005',
  'f A 192.0.2.6 ; comment',
  'g AAAA ::',
  '',
].join('\n');

describe('mx-target-ip: the hosts that hold an address', () => {
  it('reads the address of an A/AAAA record as its field gives it, examples and corpus', () => {
    const zones: { text: string; origin: string; file: string }[] = [
      { text: ADDRESSES, origin: 'example.com.', file: 'x' },
    ];
    if (CORPUS !== undefined) {
      for (const e of corpusEntries()) {
        const file = path.join(CORPUS, e.file);
        zones.push({ text: fs.readFileSync(file, 'latin1'), origin: e.origin, file });
      }
    }
    let compared = 0;
    for (const { text, origin, file } of zones) {
      const options = { fileName: file, origin, readInclude: readCorpusInclude };
      const lazy = buildZone(parseZone(text, options));
      const read = buildZone(parseZone(text, options));
      for (const type of ['A', 'AAAA']) {
        const sets = lazy.rrsetsOfType(type);
        const again = read.rrsetsOfType(type);
        for (let i = 0; i < sets.length; i++) {
          for (let j = 0; j < sets[i].records.length; j++) {
            const want = again[i].records[j].rdata.find((f) => f.role === 'address')?.value ?? null;
            assert.equal(recordAddress(sets[i].records[j]), want, `${file}: ${sets[i].owner} ${type}`);
            compared++;
          }
        }
      }
    }
    assert.ok(compared >= (CORPUS === undefined ? 7 : 1000), `only ${compared} addresses compared`);
  });

  it('points each literal target at the first host with that address, many targets in one zone', () => {
    const lines = ['$ORIGIN example.com.', '@ SOA ns1 hm 1 1h 15m 2w 1h', '  NS ns1', 'ns1 A 192.0.2.53'];
    for (let i = 1; i <= 200; i++) lines.push(`h${i} A 198.51.100.${i}`, `h${i}b A 198.51.100.${i}`);
    for (let i = 1; i <= 250; i++) lines.push(`d${i} MX 10 198.51.100.${i}`);
    const analysis = analyze(lines.join('\n') + '\n', { fileName: 'x', origin: 'example.com.' }, DEFAULT_SETTINGS);
    const found = analysis.diagnostics.filter((d) => d.code === 'mx-target-ip');
    assert.equal(found.length, 250);
    for (const d of found) {
      const n = Number(/198\.51\.100\.(\d+) of/.exec(d.message)?.[1]);
      if (n <= 200) assert.match(d.message, new RegExp(`point it at h${n}, which already has that address`));
      else assert.match(d.message, /add a host such as mx1 with A 198\.51\.100\.\d+/);
    }
  });
});
