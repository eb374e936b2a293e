/**
 * `name-missing-trailing-dot` passes over records whose names the parse
 * found complete (`ZoneRecord.namesComplete`) without reading their fields.
 * What it reports must be what it reports when it reads every record, each
 * with its fields read first.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it, mock } from 'node:test';
import { loadZone } from '../../server/src/checks/index';
import { check } from '../../server/src/checks/name-missing-trailing-dot';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { ZoneRecord } from '../../server/src/zone/record';
import { RecordStore } from '../../server/src/zone/recordStore';
import { CORPUS, corpusEntries, readCorpusInclude } from '../corpusDir';

/** Zones, each with how many findings it has at least. */
const ZONES: [origin: string, text: string, findings: number][] = [
  [
    'example.com.',
    [
      '@ SOA ns1 hostmaster.example.com 1 1h 15m 1w 1h',
      '@ NS ns1',
      '@ NS ns2.example.net.',
      '@ MX 10 mail.example.com',
      '@ MX 20 mx.example.net',
      '@ MX 30 mail',
      '@ MX 40 @',
      '@ MX 50 mx\\.dotted',
      '@ MX 60 (',
      '   mx.shop ; a comment. with dots.',
      ' )',
      'a CNAME www.example.com',
      'b CNAME b.example.com.',
      '_sip._tcp SRV 0 5 5060 sip.example.com',
      '_sip._udp SRV 0 5 5060 sip',
      '$ORIGIN sub.example.com.',
      'c MX 10 mail.sub.example.com',
      'd MX 10 host',
      'mail A 192.0.2.1',
    ].join('\n'),
    6,
  ],
  // An origin of one label: one label written after it can repeat it.
  [
    'com.',
    [
      '@ SOA ns hm 1 1h 15m 1w 1h',
      '@ NS ns',
      '@ MX 10 com',
      'x MX 10 mail',
      'y CNAME org',
      'z CNAME com',
      'ns A 192.0.2.1',
    ].join('\n'),
    2,
  ],
  ['.', ['@ SOA ns hm 1 1h 15m 1w 1h', '@ NS ns', 'com MX 10 mx.com', 'ns A 192.0.2.1'].join('\n'), 0],
];

/** The check's findings, and what it finds when it reads every record with its fields read first. */
function bothWays(text: string, origin: string, fileName = 'z'): { got: unknown[]; want: unknown[]; skipped: number } {
  const options = { fileName, origin, readInclude: readCorpusInclude };
  const zone = loadZone(text, options, DEFAULT_SETTINGS);
  const got = check.run(zone, DEFAULT_SETTINGS, { reverseZones: [] });
  const skipped = zone.records.filter((r) => r.namesComplete).length;
  const eagerly = loadZone(text, options, DEFAULT_SETTINGS);
  for (const r of eagerly.records) void r.rdata;
  // As though the parse had noted nothing: every record of the types is read.
  const record = mock.getter(ZoneRecord.prototype, 'namesComplete', () => false);
  const store = mock.method(RecordStore.prototype, 'namesComplete', () => false);
  try {
    return { got, want: check.run(eagerly, DEFAULT_SETTINGS, { reverseZones: [] }), skipped };
  } finally {
    record.mock.restore();
    store.mock.restore();
  }
}

describe('name-missing-trailing-dot', () => {
  for (const [origin, text, findings] of ZONES) {
    it(`reports the same without reading the records whose names the parse found complete (origin ${origin})`, () => {
      const { got, want, skipped } = bothWays(text, origin);
      assert.deepEqual(got, want);
      assert.ok(want.length >= findings, JSON.stringify(want));
      // After an origin of two labels or more, some were passed over unread.
      if (origin.split('.').length > 2) assert.ok(skipped > 0, 'no record was passed over');
    });
  }

  it('reports the same on every zone of the corpus', (t) => {
    if (CORPUS === undefined) return t.skip('the public corpus is not here (see test/corpusDir.ts)');
    let skipped = 0;
    for (const c of corpusEntries()) {
      const file = path.join(CORPUS, c.file);
      const r = bothWays(fs.readFileSync(file, 'utf8'), c.origin, file);
      assert.deepEqual(r.got, r.want, c.file);
      skipped += r.skipped;
    }
    assert.ok(skipped > 1000, `${skipped} records passed over`);
  });
});
