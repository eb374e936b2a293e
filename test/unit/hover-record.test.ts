/**
 * The hover finds the record under the cursor by bisection in a zone of one
 * file without `$GENERATE`: it must find what a scan of every record finds,
 * at every offset, including between records, on blank owners, in
 * multi-line records and after edits.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IncrementalAnalysis } from '../../server/src/checks/incremental';
import { recordAt } from '../../server/src/features/hover';
import type { Zone } from '../../server/src/zone/model';
import type { ZoneRecord } from '../../server/src/zone/parser';
import { DEFAULT_SETTINGS } from '../../server/src/settings';

const ZONE = [
  '$ORIGIN example.com.',
  '$TTL 1h',
  '@ IN SOA ns1 hostmaster (',
  '    1 ; serial',
  '    1h 15m 2w 1h )',
  '  NS ns1',
  '  MX 10 mail ; a comment',
  '',
  'ns1 A 192.0.2.1',
  'mail A 192.0.2.2',
  '  AAAA 2001:db8::2',
  'www CNAME @',
  'txt TXT "a ; b" (',
  '  "c" )',
].join('\n');

/** What the hover found before it bisected: the first record of the main file whose text holds the offset. */
function scan(zone: Zone, offset: number): ZoneRecord | undefined {
  return zone.records.find((r) => r.file === 0 && !r.generated && r.start <= offset && offset <= r.end);
}

function assertSame(zone: Zone, text: string, step: string): void {
  for (let offset = -1; offset <= text.length + 1; offset++) {
    assert.equal(recordAt(zone, offset), scan(zone, offset), `${step}, offset ${offset}`);
  }
}

describe('hover: the record at an offset', () => {
  it('is the record a scan finds, at every offset, before and after edits', () => {
    const options = { fileName: 'z', origin: 'example.com.' };
    const a = IncrementalAnalysis.open(ZONE, options, DEFAULT_SETTINGS);
    assert.ok(a.analysis.zone.records.length >= 8);
    assertSame(a.analysis.zone, ZONE, 'as opened');
    let text = ZONE;
    // Type into a host name, insert a record, delete a line: the records move, the answers must not differ.
    for (const [at, del, ins] of [
      [text.indexOf('mail A'), 0, 'x'],
      [text.indexOf('www'), 0, 'new A 192.0.2.9\n'],
      [text.indexOf('ns1 A'), 'ns1 A 192.0.2.1\n'.length, ''],
    ] as const) {
      text = text.slice(0, at) + ins + text.slice(at + del);
      a.update(text, { start: at, oldEnd: at + del, newEnd: at + ins.length }, DEFAULT_SETTINGS);
      assertSame(a.analysis.zone, text, `after inserting ${JSON.stringify(ins)} at ${at}`);
    }
  });

  it('scans the records of a zone with $GENERATE, whose records share the ranges of their line', () => {
    const text = [
      '$ORIGIN example.com.',
      '@ SOA ns1 hm 1 1h 15m 2w 1h',
      '$GENERATE 1-3 h$ A 192.0.2.$',
      'z A 192.0.2.9',
    ].join('\n');
    const a = IncrementalAnalysis.open(text, { fileName: 'z', origin: 'example.com.' }, DEFAULT_SETTINGS);
    assertSame(a.analysis.zone, text, 'with $GENERATE');
    assert.equal(recordAt(a.analysis.zone, text.indexOf('z A'))?.owner, 'z.example.com.');
  });
});
