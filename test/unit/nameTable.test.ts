/**
 * The owner names of a parse into a store are kept once each, most of them
 * where they are written (`NameTable`): one id per name whatever its
 * writing, found by key as a string, and the same answers as the strings
 * `parseName` makes.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { hashKey, NameTable, parentsOfKeys } from '../../server/src/zone/nameTable';
import { isPlainName, isSubdomainKey, labelStarts, nameKey, parseName } from '../../server/src/zone/names';
import type { ParentRuns } from '../../server/src/zone/namesBelow';

/** Interns `written` (a plain name written in `text` at `at`) as the parser does. */
function intern(names: NameTable, text: string, at: number, written: string, origin: string | null): number {
  assert.equal(text.slice(at, at + written.length), written);
  assert.ok(isPlainName(text, at, at + written.length, origin), `${written} is plain`);
  return internOne(names, text, at, at + written.length, origin);
}

/** The id of the name written at `start`..`end` in `text`, looked up on its own: taken and settled at once. */
function internOne(names: NameTable, text: string, start: number, end: number, origin: string | null): number {
  const deferred = names.defer(text, start, end, origin);
  names.settle();
  return names.settledId(deferred);
}

/** How many owners each parent has, from the runs `parentsOf` and `parentsOfKeys` give. */
function owners(runs: ParentRuns): Map<string, number> {
  const out = new Map<string, number>();
  runs.keys.forEach((key, i) => out.set(key, (out.get(key) ?? 0) + runs.owners[i]));
  return new Map([...out].sort());
}

/** The same, key by key: a key's parent is its labels after the first (the root and the names just below it have none). */
function parentsByKey(keys: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const key of keys) {
    const { starts, end } = labelStarts(key);
    if (starts.length < 2) continue;
    const parent = key.slice(starts[1], end);
    out.set(parent, (out.get(parent) ?? 0) + 1);
  }
  return new Map([...out].sort());
}

function parsed(written: string, origin: string | null): string {
  const r = parseName(written, origin);
  assert.ok(r.ok);
  return r.name;
}

describe('owner names kept once', () => {
  it('gives one id to a name however it is written, and says when the writing differs', () => {
    const names = new NameTable();
    const text = 'mail MAIL mail.bench mail.bench.example. Mail.Bench.Example. www';
    const mail = intern(names, text, 0, 'mail', 'bench.example.');
    assert.equal(names.exact, true);
    assert.equal(intern(names, text, 0, 'mail', 'bench.example.'), mail);
    assert.equal(names.exact, true, 'the same writing');
    assert.equal(intern(names, text, 5, 'MAIL', 'bench.example.'), mail);
    assert.equal(names.exact, false, 'another case');
    assert.equal(intern(names, text, 10, 'mail.bench', 'example.'), mail);
    assert.equal(names.exact, true, 'the labels split otherwise between the text and the origin, written the same');
    assert.equal(intern(names, text, 21, 'mail.bench.example.', 'other.'), mail);
    assert.equal(names.exact, true, 'absolute');
    assert.equal(intern(names, text, 41, 'Mail.Bench.Example.', null), mail);
    assert.equal(names.exact, false);
    assert.equal(intern(names, text, 0, 'mail', 'Bench.Example.'), mail);
    assert.equal(names.exact, false, 'the origin written in another case');
    assert.equal(names.internName('MAIL.bench.example.'), mail);
    assert.equal(names.exact, false);
    assert.equal(names.internName('mail.bench.example.'), mail);
    assert.equal(names.exact, true);
    const www = intern(names, text, 61, 'www', 'bench.example.');
    assert.notEqual(www, mail);
    assert.equal(names.count, 2);
    // The name as first written, and its key.
    assert.equal(names.name(mail), 'mail.bench.example.');
    assert.equal(names.key(mail), 'mail.bench.example.');
    assert.equal(names.find('mail.bench.example.', hashKey('mail.bench.example.')), mail);
    assert.equal(names.find('www.bench.example.', hashKey('www.bench.example.')), www);
    assert.equal(names.find('ww.bench.example.', hashKey('ww.bench.example.')), -1);
  });

  it('keeps names under the root, and names given as strings, with the keys parseName gives', () => {
    const names = new NameTable();
    const text = 'a b. A';
    const a = intern(names, text, 0, 'a', '.');
    assert.equal(names.name(a), 'a.');
    assert.equal(intern(names, text, 5, 'A', '.'), a);
    assert.equal(names.exact, false);
    const b = intern(names, text, 2, 'b.', null);
    assert.equal(names.key(b), 'b.');
    const escaped = names.internName('a\\.b.example.');
    assert.notEqual(escaped, a);
    assert.equal(names.key(escaped), 'a\\.b.example.');
    assert.equal(names.find('a\\.b.example.', hashKey('a\\.b.example.')), escaped);
    const upper = names.internName('UP.example.');
    assert.equal(names.name(upper), 'UP.example.');
    assert.equal(names.key(upper), 'up.example.');
    assert.equal(intern(names, 'up', 0, 'up', 'EXAMPLE.'), upper);
    assert.equal(names.exact, false);
  });

  it('tells wildcards and names outside an ancestor in place, as the keys do', () => {
    const names = new NameTable();
    const text = '* *.w x*.w *. a.b.c. deep.sub other. Mail.Example.COM. xexample.com. com. ample';
    const cases: [number, string, string | null][] = [
      [0, '*', 'example.com.'],
      [2, '*.w', 'example.com.'],
      [6, 'x*.w', 'example.com.'],
      [11, '*.', null],
      [14, 'a.b.c.', null],
      [21, 'deep.sub', 'example.com.'],
      [21, 'deep.sub', 'com.'],
      [21, 'deep.sub', 'net.'],
      [21, 'deep.sub', '.'],
      [30, 'other.', null],
      [37, 'Mail.Example.COM.', null],
      [55, 'xexample.com.', null],
      [69, 'com.', null],
      [74, 'ample', 'sub.example.com.'],
      [74, 'ample', 'ex.'],
      // An origin with an escaped dot before `example.com.` is not below it; an escaped backslash
      // before a dot leaves the dot a label's end.
      [74, 'ample', 'a\\.example.com.'],
      [21, 'deep.sub', 'x\\\\.example.com.'],
    ];
    for (const [at, written, origin] of cases) {
      const id = intern(names, text, at, written, origin);
      const key = nameKey(parsed(written, origin));
      assert.equal(names.key(id), key, written);
      assert.equal(names.isWildcard(id), key.startsWith('*.'), `wildcard ${key}`);
      for (const ancestor of ['example.com.', 'com.', 'sub.example.com.', 'c.', 'b.c.', 'net.', 'ample.com.', 'ex.']) {
        assert.equal(names.isUnder(id, ancestor), isSubdomainKey(key, ancestor), `${key} under ${ancestor}`);
      }
    }
  });

  it('finds the parents of names, most of them in place, as their keys give them', () => {
    // One-label names are counted by their origin; deeper and absolute ones by their parent read in
    // place (the same as the last name's, or another of its length); escaped ones by their keys.
    const names = new NameTable();
    const text = 'h1 h2 H3 deep.sub a.b.c. ample x\\.y x.B.c. y.d.e.';
    const cases: [number, string, string | null][] = [
      [0, 'h1', 'example.com.'],
      [3, 'h2', 'example.com.'],
      [6, 'H3', 'Example.COM.'],
      [0, 'h1', 'sub.example.com.'],
      [9, 'deep.sub', 'example.com.'],
      [18, 'a.b.c.', null],
      [36, 'x.B.c.', null],
      [43, 'y.d.e.', null],
      [25, 'ample', '.'],
      [25, 'ample', 'ex.'],
    ];
    const ids = cases.map(([at, written, origin]) => intern(names, text, at, written, origin));
    ids.push(names.internName('x\\.y.example.com.'), names.internName('example.com.'));
    const got = owners(names.parentsOf(ids));
    assert.deepEqual(got, parentsByKey(ids.map((id) => names.key(id))));
    assert.equal(got.get('example.com.'), 4); // h1, h2, H3 and x\.y
    assert.equal(got.get('sub.example.com.'), 2);
  });

  it('finds the parents of keys, a run of one parent at a time, as key by key', () => {
    // Runs of one parent, a parent that comes back after another, parents of one length, escaped
    // dots (in the first label and further on), names just below the root and the root itself.
    const keys = [
      'a.example.com.',
      'b.example.com.',
      'c.example.net.',
      'd.example.com.',
      'x\\.y.example.com.',
      'x\\046y.example.com.',
      'z.a\\.b.example.com.',
      'deep.sub.example.com.',
      '*.sub.example.com.',
      'example.com.',
      'com.',
      '.',
      'e.example.com.',
    ];
    const runs = parentsOfKeys(keys.length, (i) => keys[i]);
    const got = owners(runs);
    assert.deepEqual(got, parentsByKey(keys));
    assert.equal(got.get('example.com.'), 6);
    assert.equal(got.get('a\\.b.example.com.'), 1);
    // a, b (one run), c, d and the two escaped ones (another), z, deep and *, example.com., e.
    assert.deepEqual(runs.owners, [2, 1, 3, 1, 2, 1, 1]);
  });

  for (const [maxContext, kept] of [
    [undefined, 'in place'],
    [100, 'as strings past the 100th context'],
  ] as const) {
    it(`agrees with a map of keys on many names, origins and writings, as the table grows (names kept ${kept})`, () => {
      let seed = 11;
      const next = (n: number) => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return (seed >>> 8) % n;
      };
      const origins = ['example.com.', 'Example.COM.', 'sub.example.com.', 'com.', '.', 'x-1.net.'];
      const labels = ['a', 'B', 'mail', 'MX', 'h1', 'h2', 'c_3', '*', 'w-w', 'x/y'];
      const names = new NameTable(maxContext);
      names.reserve(16);
      const byKey = new Map<string, { id: number; first: string }>();
      // Several texts, as with included files.
      const texts: string[] = [];
      for (let i = 0; i < 30_000; i++) {
        const count = 1 + next(3);
        const parts: string[] = [];
        for (let k = 0; k < count; k++)
          parts.push(labels[next(labels.length)] + (next(4) === 0 ? String(next(500)) : ''));
        let written = parts.join('.');
        const origin = origins[next(origins.length)];
        if (next(5) === 0) written += '.';
        const text = `${'x'.repeat(next(3))} ${written} `;
        texts.push(text);
        const at = text.indexOf(' ') + 1;
        const name = parsed(written, origin);
        const key = nameKey(name);
        const id =
          next(10) === 0
            ? names.internName(name)
            : internOne(names, texts[texts.length - 1], at, at + written.length, origin);
        const known = byKey.get(key);
        if (known === undefined) {
          assert.equal(id, byKey.size, `a new id for ${name}`);
          byKey.set(key, { id, first: name });
          assert.equal(names.exact, true);
        } else {
          assert.equal(id, known.id, `${name} is ${known.first}`);
          assert.equal(names.exact, name === known.first, `${name} written as ${known.first}?`);
        }
      }
      assert.equal(names.count, byKey.size);
      assert.ok(byKey.size > 5000, `${byKey.size} names`);
      // Trimmed when the parse is over: the same answers, and room again for a name more.
      names.trim();
      for (const [key, { id, first }] of byKey) {
        assert.equal(names.find(key, hashKey(key)), id, key);
        assert.equal(names.name(id), first);
        assert.equal(names.key(id), key);
        assert.equal(names.isWildcard(id), key.startsWith('*.'));
      }
      const text = ' late.one ';
      const late = internOne(names, text, 1, 9, 'example.com.');
      assert.equal(late, byKey.size);
      assert.equal(names.name(late), 'late.one.example.com.');
      assert.equal(names.find('late.one.example.com.', hashKey('late.one.example.com.')), late);
    });
  }

  it('settles names taken to look up later as one by one: the same ids, the same writings', () => {
    let seed = 5;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const origins = ['example.com.', 'EXAMPLE.com.', 'sub.example.com.', '.'];
    const labels = ['a', 'B', 'mail', 'h1', 'H1', '*', 'w-w'];
    const oneByOne = new NameTable();
    const batched = new NameTable();
    let waiting: { deferred: number; id: number; exact: boolean; name: string }[] = [];
    const settle = () => {
      batched.settle();
      for (const w of waiting) {
        assert.equal(batched.settledId(w.deferred), w.id, w.name);
        assert.equal(batched.settledExact(w.deferred), w.exact, w.name);
        assert.equal(batched.settledName(w.deferred), w.name);
      }
      waiting = [];
    };
    for (let i = 0; i < 20_000; i++) {
      let written = labels[next(labels.length)] + String(next(300));
      if (next(3) === 0) written += '.' + labels[next(labels.length)];
      const origin = origins[next(origins.length)];
      if (next(6) === 0) written += '.';
      const text = ` ${written}`;
      const id = internOne(oneByOne, text, 1, text.length, origin);
      const name = parsed(written, origin);
      if (next(50) === 0) {
        // A name given as a string settles the others first (ids in the order names appear).
        settle();
        assert.equal(batched.internName(name), id);
        continue;
      }
      if (batched.deferredFull) settle();
      const deferred = batched.defer(text, 1, text.length, origin);
      assert.ok(deferred < -1);
      waiting.push({ deferred, id, exact: oneByOne.exact, name });
    }
    settle();
    assert.equal(batched.count, oneByOne.count);
    assert.ok(oneByOne.count > 2000, `${oneByOne.count} names`);
  });

  it('draws its hash per process, so names made to collide under a known multiplier spread out', () => {
    // Two labels of eight characters with equal hashes under the multiplier of
    // an earlier release, then 4 096 names of twelve such labels each: equal
    // hashes under that multiplier, all of them (the look-ups would compare
    // each new name with every one before it).
    const known = 0x01000193;
    const poly = (s: string) => {
      let h = 0;
      for (let i = 0; i < s.length; i++) h = (Math.imul(h, known) + s.charCodeAt(i)) | 0;
      return h;
    };
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    let seed = 7;
    while (pair === undefined) {
      let block = '';
      for (let i = 0; i < 8; i++) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        block += ((seed >>> 8) % 36).toString(36);
      }
      const other = seen.get(poly(block));
      if (other !== undefined && other !== block) pair = [other, block];
      else seen.set(poly(block), block);
    }
    const text: string[] = [];
    for (let i = 0; i < 4096; i++) {
      let name = '';
      for (let b = 0; b < 12; b++) name += (b % 4 === 0 && b > 0 ? '.' : '') + pair[(i >> b) & 1];
      text.push(name);
    }
    assert.equal(new Set(text.map(poly)).size, 1, 'the names collide under the known multiplier');
    const joined = text.join(' ');
    const proto = NameTable.prototype as unknown as { sameAsWritten: (...args: unknown[]) => number };
    const compare = proto.sameAsWritten;
    let compared = 0;
    proto.sameAsWritten = function (this: unknown, ...args: unknown[]) {
      compared++;
      return compare.apply(this, args);
    };
    try {
      const names = new NameTable();
      for (let i = 0, at = 0; i < text.length; at += text[i].length + 1, i++) {
        assert.equal(intern(names, joined, at, text[i], 'example.'), i);
      }
      assert.equal(names.count, text.length);
      assert.ok(compared < text.length, `${compared} names compared in place for ${text.length} new names`);
    } finally {
      proto.sameAsWritten = compare;
    }
    // Another process hashes the same names otherwise.
    const source = path.resolve(__dirname, '..', '..', 'server', 'src', 'zone', 'nameTable.ts');
    const probe = ['example.com.', 'mail.example.com.', text[0] + '.example.'];
    const theirs = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `const { hashKey } = require(${JSON.stringify(source)}); console.log(JSON.stringify(${JSON.stringify(probe)}.map(hashKey)))`,
      ],
      { encoding: 'utf8' },
    );
    assert.notDeepEqual(JSON.parse(theirs), probe.map(hashKey));
  });
});
