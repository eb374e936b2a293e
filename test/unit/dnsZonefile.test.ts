import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import dnsZonefile from 'dns-zonefile';
import {
  COMMENT_KEY,
  DNS_ZONEFILE_TYPES,
  DnsZonefileImportError,
  formatExport,
  fromDnsZonefile,
  toDnsZonefile,
} from '../../server/src/zone/dnsZonefile';
import { parseZone, type ParseResult, type ZoneRecord } from '../../server/src/zone/parser';
import { formatRdata } from '../../server/src/zone/rdata/index';

const examples = path.join(__dirname, '..', '..', 'examples');

/** A record as a name server sees it: owner, TTL, class, type and RDATA, case-folded owner. */
function key(r: ZoneRecord): string {
  return `${r.owner.toLowerCase()} ${r.ttl} ${r.classCode} ${r.type} ${formatRdata(r.type, r.rdata)}`;
}

function parse(text: string, fileName = 'test.zone', origin?: string): ParseResult {
  return parseZone(text, { fileName, origin });
}

/** The records dns-zonefile's format can hold: class IN, its types, the first SOA. */
function representable(p: ParseResult): string[] {
  let soa = false;
  return p.records
    .filter((r) => {
      if (r.classCode !== 1 || !DNS_ZONEFILE_TYPES.includes(r.type)) return false;
      if (r.type !== 'SOA') return true;
      const first = !soa;
      soa = true;
      return first;
    })
    .map(key)
    .sort();
}

describe('dns-zonefile export and import', () => {
  for (const file of fs.readdirSync(examples).filter((f) => f.endsWith('.zone'))) {
    test(`round trip of examples/${file}: export, import, the same records`, () => {
      const text = fs.readFileSync(path.join(examples, file), 'utf8');
      const original = parse(text, file);
      assert.ok(original.records.length > 0);
      const exported = toDnsZonefile(original);
      const json = formatExport(exported, file);
      const imported = fromDnsZonefile(json, `${file}.json`);
      assert.deepEqual(imported.leftOut, []);
      const again = parse(imported.text, `${file}.json`);
      assert.deepEqual(
        again.diagnostics.filter((d) => d.severity === 'error'),
        [],
      );
      assert.deepEqual(again.records.map(key).sort(), representable(original));
      // Every record is either in the JSON or listed as left out.
      const leftRecords = exported.leftOut.filter((l) => l.kind === 'record').length;
      assert.equal(exported.exported + leftRecords, original.records.length);
    });
  }

  test('the JSON has the shape dns-zonefile itself reads and writes', () => {
    const text = fs.readFileSync(path.join(examples, 'example.com.zone'), 'utf8');
    const exported = toDnsZonefile(parse(text));
    // dns-zonefile's own parser, over its own generator's output of our JSON, gives our entries back.
    const reparsed = dnsZonefile.parse(dnsZonefile.generate(exported.json));
    assert.deepEqual(reparsed.mx, exported.json.mx);
    assert.deepEqual(reparsed.ns, exported.json.ns);
    assert.deepEqual(reparsed.a, exported.json.a);
    assert.deepEqual(reparsed.txt, exported.json.txt);
    assert.equal(reparsed.soa?.serial, exported.json.soa?.serial);
    assert.equal(reparsed.$origin, exported.json.$origin);
  });

  test('imports what dns-zonefile parsed from a zone file, with the same records', () => {
    const text = [
      '$ORIGIN shop.example.',
      '$TTL 600',
      '@ 3600 IN SOA ns1 hostmaster 7 3600 900 1209600 300',
      '@ IN NS ns1',
      '@ IN MX 10 mail',
      '@ IN MX 20 backup.example.net.',
      'ns1 IN A 192.0.2.53',
      'mail 120 IN A 192.0.2.25',
      'mail IN AAAA 2001:db8::25',
      'www IN CNAME @',
      '@ IN TXT "v=spf1 mx -all"',
      '_sip._tcp IN SRV 10 60 5060 sip',
      'sip IN A 192.0.2.60',
      '@ IN CAA 0 issue "ca.example.net"',
      '',
    ].join('\n');
    const json = JSON.stringify(dnsZonefile.parse(text));
    const imported = fromDnsZonefile(json, 'shop.json');
    assert.deepEqual(imported.leftOut, []);
    assert.deepEqual(parse(imported.text).records.map(key).sort(), parse(text).records.map(key).sort());
  });

  test('reports every record the format cannot hold, with its line and reason', () => {
    const text = [
      '$ORIGIN odd.example.', // 1
      '$TTL 300', // 2
      '@ SOA ns1 hostmaster 1 3600 900 1209600 300', // 3
      '  NS ns1', // 4
      '  MX 10 mail', // 5
      'ns1 A 192.0.2.53', // 6
      'mail A 192.0.2.25', // 7
      'mail SSHFP 1 1 0123456789abcdef0123456789abcdef01234567', // 8
      '@ HINFO "PC" "Linux"', // 9
      '$GENERATE 1-3 host$ A 192.0.2.$', // 10
      '$INCLUDE hosts.inc', // 11
      '',
    ].join('\n');
    const p = parseZone(text, {
      fileName: 'odd.zone',
      readInclude: () => ({ ok: false, code: 'include-denied', message: 'not read: untrusted' }),
    });
    const r = toDnsZonefile(p);
    assert.deepEqual(
      r.leftOut.map((l) => [l.line, l.reason]),
      [
        [8, "type SSHFP is not in dns-zonefile's format"],
        [9, "type HINFO is not in dns-zonefile's format"],
        [11, 'the included file was not read, so its records are not in the export'],
      ],
    );
    assert.equal(r.leftOut[0].text, 'mail SSHFP 1 1 0123456789abcdef0123456789abcdef01234567');
    assert.deepEqual(
      r.notes.map((n) => n.line),
      [10],
    );
    // The $GENERATE'd records are written out.
    assert.deepEqual(
      r.json.a?.map((a) => a.name),
      ['ns1', 'mail', 'host1', 'host2', 'host3'],
    );
    const json = JSON.parse(formatExport(r, 'odd.zone')) as Record<string, unknown>;
    const comment = json[COMMENT_KEY] as string[];
    assert.ok(comment.some((c) => c.includes('line 8: mail SSHFP') && c.includes('not in dns-zonefile')));
    assert.ok(comment.some((c) => c.includes('line 11: $INCLUDE hosts.inc')));
  });

  test('leaves out a second SOA and lines that did not load', () => {
    const text = [
      '$ORIGIN c.example.',
      '@ 300 IN SOA ns1 hm 1 2 3 4 5',
      '@ 300 IN SOA ns2 hm 2 2 3 4 5',
      '@ 300 IN NS ns1',
      'v 300 CH TXT "chaos"',
      'ns1 300 IN A 192.0.2.1',
      '',
    ].join('\n');
    const r = toDnsZonefile(parse(text));
    assert.deepEqual(
      r.leftOut.map((l) => [l.line, l.reason.slice(0, 20)]),
      [
        [3, 'a second SOA: the fo'],
        [5, 'not loaded: class CH'],
      ],
    );
    assert.equal(r.json.soa?.mname, 'ns1');
  });

  test('leaves out every record of a class other than IN', () => {
    const text = '$ORIGIN version.bind.\n@ 0 CH TXT "9.18"\n@ 0 CH NS ns\n';
    const r = toDnsZonefile(parse(text));
    assert.equal(r.exported, 0);
    assert.deepEqual(
      r.leftOut.map((l) => l.reason),
      ['class CH: the format writes every record as IN', 'class CH: the format writes every record as IN'],
    );
  });

  test('keeps TTLs exactly, including 0 (which generate() would drop)', () => {
    const text = '$ORIGIN t.example.\n@ 300 NS ns1\nns1 0 A 192.0.2.1\nns2 300 A 192.0.2.2\nns3 86400 A 192.0.2.3\n';
    const original = parse(text);
    const back = fromDnsZonefile(JSON.stringify(toDnsZonefile(original).json));
    assert.deepEqual(parse(back.text).records.map(key).sort(), original.records.map(key).sort());
  });

  test('an import without SOA or $origin works; names stay as written', () => {
    const r = fromDnsZonefile(JSON.stringify({ a: [{ name: 'www.example.org.', ip: '192.0.2.80', ttl: 60 }] }));
    assert.deepEqual(r.leftOut, []);
    const recs = parse(r.text).records;
    assert.deepEqual(recs.map(key), ['www.example.org. 60 1 A 192.0.2.80']);
  });

  test('bad JSON is reported, never generated', () => {
    assert.throws(() => fromDnsZonefile('{ not json', 'x.json'), DnsZonefileImportError);
    assert.throws(() => fromDnsZonefile('[1, 2]', 'x.json'), DnsZonefileImportError);
    assert.throws(() => fromDnsZonefile('null', 'x.json'), DnsZonefileImportError);
  });

  test('entries that would be written wrongly are listed and left out', () => {
    const r = fromDnsZonefile(
      JSON.stringify({
        $origin: 'x.example.',
        $ttl: 300,
        mx: [
          { name: '@', preference: 10, host: 'mail' },
          { name: '@', preference: 'ten', host: 'mail2' },
          // A line break would smuggle a record in.
          { name: '@', preference: 20, host: 'evil\n@ IN NS attacker.example.' },
        ],
        a: 'not a list',
        dnskey: [{ name: '@', flags: 257 }],
        txt: [{ name: '@', txt: 'unquoted words' }],
      }),
    );
    assert.ok(
      r.leftOut.some((l) => l.startsWith('mx[1]: preference')),
      r.leftOut.join('\n'),
    );
    assert.ok(
      r.leftOut.some((l) => l.startsWith('mx[2]: host contains a line break')),
      r.leftOut.join('\n'),
    );
    assert.ok(r.leftOut.includes('a is not a list'));
    assert.ok(r.leftOut.some((l) => l.startsWith('"dnskey" (1 entries): not part of')));
    const recs = parse(r.text, 'x.zone', 'x.example.').records;
    assert.deepEqual(recs.map(key).sort(), [
      'x.example. 300 1 MX 10 mail.x.example.',
      'x.example. 300 1 TXT "unquoted words"',
    ]);
    assert.ok(!r.text.includes('attacker'), 'the smuggled record is not written');
    // The comment at the top lists what was not imported.
    assert.match(r.text, /^; Not imported \(4\):$/m);
  });
});
