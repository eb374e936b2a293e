/**
 * `name-missing-trailing-dot` passes over records whose RDATA, as written,
 * can hold no such name without reading their fields. What it reports must
 * be what it reports when every record's fields were read first.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadZone } from '../../server/src/checks/index';
import { check } from '../../server/src/checks/name-missing-trailing-dot';
import { DEFAULT_SETTINGS } from '../../server/src/settings';

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
    ['@ SOA ns hm 1 1h 15m 1w 1h', '@ NS ns', '@ MX 10 com', 'x MX 10 mail', 'y CNAME org', 'ns A 192.0.2.1'].join(
      '\n',
    ),
    1,
  ],
  ['.', ['@ SOA ns hm 1 1h 15m 1w 1h', '@ NS ns', 'com MX 10 mx.com', 'ns A 192.0.2.1'].join('\n'), 0],
];

describe('name-missing-trailing-dot', () => {
  for (const [origin, text, findings] of ZONES) {
    it(`reports the same without reading the fields of most records (origin ${origin})`, () => {
      const lazily = loadZone(text, { fileName: 'z', origin }, DEFAULT_SETTINGS);
      const got = check.run(lazily, DEFAULT_SETTINGS, { reverseZones: [] });
      const read = lazily.records.filter((r) => r.rdataText() === undefined).length;
      const eagerly = loadZone(text, { fileName: 'z', origin }, DEFAULT_SETTINGS);
      for (const r of eagerly.records) void r.rdata;
      const want = check.run(eagerly, DEFAULT_SETTINGS, { reverseZones: [] });
      assert.deepEqual(got, want);
      assert.ok(want.length >= findings, want.map((d) => d.message).join('\n'));
      // After an origin of two labels or more, some were passed over unread.
      if (origin.split('.').length > 2)
        assert.ok(read < lazily.records.length, `${read} of ${lazily.records.length} records were read`);
    });
  }
});
