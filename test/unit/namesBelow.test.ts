/**
 * Which names have owners below them (`NamesBelow`): the empty
 * non-terminals and the names above them, as a walk over every owner finds
 * them, as owners come and go, and in no more entries than the zone has
 * owners (a reverse zone of IPv6 addresses has twenty ancestors an owner).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parentsOfKeys } from '../../server/src/zone/nameTable';
import { isSubdomainKey, labelStarts, nameKey, ROOT } from '../../server/src/zone/names';
import { NamesBelow, topDown } from '../../server/src/zone/namesBelow';

/** The index of a set of owner keys, as the model builds it. */
function indexOf(keys: readonly string[]): NamesBelow {
  return new NamesBelow(parentsOfKeys(keys.length, (i) => keys[i]));
}

/** True when some owner lies strictly below `key`: the answer `has` must give, found by looking at every owner. */
function hasBelow(owners: Iterable<string>, key: string): boolean {
  if (key === ROOT) return false;
  for (const o of owners) if (o !== key && isSubdomainKey(o, key)) return true;
  return false;
}

/** The keys to ask about: each owner, each of its ancestors (the root too), and a few that are no one's. */
function questions(owners: Iterable<string>): Set<string> {
  const out = new Set<string>([ROOT, 'nowhere.example.', 'b.example.com.', 'xample.com.']);
  for (const o of owners) {
    const { starts, end } = labelStarts(o);
    out.add(o);
    for (const s of starts) out.add(o.slice(s, end));
    out.add('q.' + o);
  }
  return out;
}

function agrees(index: NamesBelow, owners: ReadonlySet<string> | readonly string[], what: string): void {
  for (const q of questions(owners)) assert.equal(index.has(q), hasBelow(owners, q), `${what}: ${JSON.stringify(q)}`);
}

/** A random owner key: labels of a small alphabet (so that names share ancestors), with escapes and odd characters. */
function randomKey(next: (n: number) => number): string {
  const labels = ['a', 'b', 'ab', 'x\\.y', 'x\\046y', 'a\\\\', '\u0000', 'é', '*', 'c-d', '0', 'f'];
  const depth = 1 + next(6);
  const parts: string[] = [];
  for (let i = 0; i < depth; i++) parts.push(labels[next(labels.length)]);
  const top = ['example.com.', 'example.net.', 'com.', 'ip6.arpa.'][next(4)];
  return nameKey(parts.join('.') + '.' + top);
}

function random(seed: number): (n: number) => number {
  return (n) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
}

describe('names below', () => {
  it('writes a name from the top label down, each label after its length', () => {
    assert.equal(topDown('b.example.'), '\u0007example\u0001b');
    assert.equal(topDown('com.'), '\u0003com');
    // An escaped dot is inside a label; so is an escaped backslash before a real dot.
    assert.equal(topDown('x\\.y.example.'), '\u0007example\u0004x\\.y');
    assert.equal(topDown('a\\\\.b.'), '\u0001b\u0003a\\\\');
    assert.equal(topDown('x\\046y.z.'), '\u0001z\u0006x\\046y');
    // A label of a character that is a length elsewhere stays one label.
    assert.equal(topDown('\u0001\u0001.a.'), '\u0001a\u0002\u0001\u0001');
    // A name of any length (the characters are made into a string in parts).
    const long = Array.from({ length: 3000 }, (_, i) => `l${i}`).join('.') + '.';
    const form = topDown(long);
    assert.equal(form.length, long.length); // a length for each dot
    assert.ok(form.startsWith('\u0005l2999\u0005l2998'));
    assert.ok(form.endsWith('\u0002l1\u0002l0'));
  });

  it('says which names have owners below them, as a walk over every owner does', () => {
    const owners = [
      'example.com.',
      'www.example.com.',
      'a.b.c.example.com.', // b.c and c are empty non-terminals
      'x\\.y.example.com.', // one label: y.example.com. has nothing below it
      'z.a\\.b.example.com.', // a\.b.example.com. is one label: b.example.com. has nothing below it
      '*.w.example.com.',
      'com.',
      'example.net.',
    ];
    const index = indexOf(owners);
    agrees(index, owners, 'fixed');
    assert.equal(index.has('c.example.com.'), true);
    assert.equal(index.has('b.c.example.com.'), true);
    assert.equal(index.has('a.b.c.example.com.'), false);
    assert.equal(index.has('y.example.com.'), false);
    assert.equal(index.has('b.example.com.'), false);
    assert.equal(index.has('w.example.com.'), true);
    assert.equal(index.has('ww.example.com.'), false);
    assert.equal(index.has('net.'), true);
    assert.equal(index.has(ROOT), false);
  });

  it('agrees with the walk on names with escapes, odd characters and shared ancestors', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const next = random(seed);
      const owners = Array.from({ length: 60 }, () => randomKey(next));
      agrees(indexOf(owners), new Set(owners), `seed ${seed}`);
    }
  });

  it('keeps its answers as owners come and go, one by one and many at once', () => {
    const next = random(7);
    const owners = new Map<string, number>(); // a key may be counted twice: the model counts owners, not keys
    const start = Array.from({ length: 200 }, () => randomKey(next));
    for (const k of start) owners.set(k, (owners.get(k) ?? 0) + 1);
    const index = indexOf(start);
    for (let step = 0; step < 60; step++) {
      // Mostly a few changes (spliced in and out), now and then a paste or a deletion of many (merged).
      const changes = step % 7 === 3 ? 40 + next(60) : 1 + next(4);
      for (let c = 0; c < changes; c++) {
        const present = [...owners.keys()];
        if (present.length > 0 && next(2) === 0) {
          const k = present[next(present.length)];
          const n = owners.get(k) as number;
          if (n === 1) owners.delete(k);
          else owners.set(k, n - 1);
          index.count(k, -1);
        } else {
          const k = randomKey(next);
          owners.set(k, (owners.get(k) ?? 0) + 1);
          index.count(k, 1);
        }
      }
      agrees(index, new Set(owners.keys()), `step ${step}`);
    }
  });

  it('keeps one entry per parent, not per ancestor: a reverse zone of IPv6 addresses', () => {
    // 20 000 addresses at random in a /32: each owner has 24 labels below the zone's 8, and
    // nearly every one its own parent and its own ancestors for 20 levels.
    const next = random(3);
    const owners: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const nibbles = Array.from({ length: 24 }, () => next(16).toString(16));
      owners.push(nibbles.join('.') + '.8.b.d.0.1.0.0.2.ip6.arpa.');
    }
    const index = indexOf(owners);
    assert.ok(index.size <= owners.length, `${index.size} entries for ${owners.length} owners`);
    for (const o of owners.slice(0, 200)) {
      const { starts, end } = labelStarts(o);
      for (const s of starts.slice(1)) assert.equal(index.has(o.slice(s, end)), true, o.slice(s, end));
      assert.equal(index.has(o), false);
    }
    const elsewhere = 'f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.8.b.d.0.1.0.0.2.ip6.arpa.';
    assert.equal(index.has(elsewhere), hasBelow(owners, elsewhere));
  });
});
