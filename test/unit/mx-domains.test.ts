/**
 * `mxDomains`: entries share what a target written the same way leads to
 * (`WrittenTarget`), which must not carry a target over to a record whose
 * origin, or whose `$GENERATE` counter, makes the same text another name;
 * and a domain makes its tiers only when asked.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { loadZone } from '../../server/src/checks/index';
import { mxDomains } from '../../server/src/checks/mxSet';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { parseResumable, reparse } from '../../server/src/zone/parser';
import { buildZone } from '../../server/src/zone/model';

/** Every domain's entries as `owner: target@preference addresses`, in order. */
function entries(text: string): string[] {
  const zone = loadZone(text, { fileName: 'z', origin: 'example.' }, DEFAULT_SETTINGS);
  return mxDomains(zone).flatMap((d) =>
    d.entries.map((e) => `${d.owner}: ${e.target}@${e.preference} ${e.addresses.map((a) => a.value).join(',')}`),
  );
}

it('the same written target under two origins is two targets', () => {
  const text = [
    '$TTL 300',
    '@ SOA ns hm 1 2 3 4 5',
    '$ORIGIN a.example.',
    'mail A 192.0.2.1',
    'd1 MX 10 mail',
    '$ORIGIN b.example.',
    'mail A 192.0.2.2',
    'd2 MX 10 mail',
    'd3 MX 20 ( mail )',
    '$ORIGIN a.example.',
    'd4 MX 10 mail',
    'd5 MX 30 (',
    '  mail )',
    '',
  ].join('\n');
  assert.deepEqual(entries(text), [
    'd1.a.example.: mail.a.example.@10 192.0.2.1',
    'd2.b.example.: mail.b.example.@10 192.0.2.2',
    'd3.b.example.: mail.b.example.@20 192.0.2.2',
    'd4.a.example.: mail.a.example.@10 192.0.2.1',
    'd5.a.example.: mail.a.example.@30 192.0.2.1',
  ]);
});

it('one $GENERATE template written once is as many targets as the range', () => {
  const text = [
    '$TTL 300',
    '@ SOA ns hm 1 2 3 4 5',
    '$GENERATE 1-3 mail$ A 192.0.2.$',
    '$GENERATE 1-3 d$ MX "10 mail$"',
    'd4 MX 10 mail2',
    '',
  ].join('\n');
  assert.deepEqual(entries(text), [
    'd1.example.: mail1.example.@10 192.0.2.1',
    'd2.example.: mail2.example.@10 192.0.2.2',
    'd3.example.: mail3.example.@10 192.0.2.3',
    'd4.example.: mail2.example.@10 192.0.2.2',
  ]);
});

it('a target written the same way is resolved again in a zone an edit changed', () => {
  let text = '$TTL 300\n@ SOA ns hm 1 2 3 4 5\nmail A 192.0.2.1\nd1 MX 10 mail\nd2 MX 10 mail\n';
  const parse = parseResumable(text, { fileName: 'z', origin: 'example.' });
  const before = mxDomains(buildZone(parse.result));
  assert.deepEqual(
    before.map((d) => d.entries[0].addresses.map((a) => a.value)),
    [['192.0.2.1'], ['192.0.2.1']],
  );
  // `$ORIGIN` typed before d2: the same text now names another host, which has no address.
  const at = text.indexOf('d2');
  const insert = '$ORIGIN sub.example.\n';
  const next = text.slice(0, at) + insert + text.slice(at);
  const done = reparse(parse, next, { start: at, oldEnd: at, newEnd: at + insert.length });
  assert.ok(done !== null);
  text = next;
  const after = mxDomains(buildZone(done.parse.result));
  assert.deepEqual(
    after.map((d) => [
      d.entries[0].target,
      d.entries[0].addresses.length,
      text.slice(d.entries[0].exchange.start, d.entries[0].exchange.end),
    ]),
    [
      ['mail.example.', 1, 'mail'],
      ['mail.sub.example.', 0, 'mail'],
    ],
  );
});

it('tiers are made when asked for, in order, without null MX', () => {
  const text = [
    '$TTL 300',
    '@ SOA ns hm 1 2 3 4 5',
    'one MX 10 mail',
    'none MX 0 .',
    'three MX 20 b',
    'three MX 10 a',
    'three MX 20 c',
    'mail A 192.0.2.1',
    '',
  ].join('\n');
  const zone = loadZone(text, { fileName: 'z', origin: 'example.' }, DEFAULT_SETTINGS);
  const tiers = (owner: string) => {
    const d = mxDomains(zone).find((x) => x.owner === `${owner}.example.`);
    assert.ok(d !== undefined);
    return { backup: d.hasBackup, tiers: d.tiers.map((t) => [t.preference, t.entries.map((e) => e.written)]) };
  };
  assert.deepEqual(tiers('one'), { backup: false, tiers: [[10, ['mail']]] });
  assert.deepEqual(tiers('none'), { backup: false, tiers: [] });
  assert.deepEqual(tiers('three'), {
    backup: true,
    tiers: [
      [10, ['a']],
      [20, ['b', 'c']],
    ],
  });
  const d = mxDomains(zone)[0];
  assert.equal(d.tiers, d.tiers, 'made once');
});
