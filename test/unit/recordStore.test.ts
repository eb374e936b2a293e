/**
 * A parse that is not resumed keeps its records as rows (`RecordStore`) and
 * makes objects when asked for: they must be the records an eager parse
 * makes, found at the right row across chunks, the same object each time.
 * The zone's lists of RRsets and references, patched after an edit, must be
 * a fresh zone's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildZone, firstRdataText, firstRecord, rrsetKey, type RRset, type Zone } from '../../server/src/zone/model';
import { parseResumable, parseZone, reparse, type ParseOptions, type ZoneRecord } from '../../server/src/zone/parser';
import { RecordRows } from '../../server/src/zone/record';
import { runChecks } from '../../server/src/checks/index';
import { DEFAULT_SETTINGS } from '../../server/src/settings';

/**
 * A zone of about `hosts` * 3 records over several `$ORIGIN`s, with fields
 * kept (MX, `$GENERATE`), read again (A, TXT, CNAME), of a type nobody knows,
 * an included file, and owners written several ways.
 */
function zone(hosts: number): { text: string; options: ParseOptions } {
  const lines = ['$TTL 3600', '@ SOA ns1 hostmaster 1 7200 900 1209600 300', '  NS ns1', 'ns1 A 192.0.2.1'];
  for (let i = 0; i < hosts; i++) {
    if (i % 5000 === 2500) lines.push(`$ORIGIN sub${i}.example.com.`);
    if (i % 5000 === 0 && i > 0) lines.push('$ORIGIN example.com.');
    lines.push(`h${i} A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    if (i % 3 === 0) lines.push(`  MX ${i % 50} mail${i % 7}`);
    if (i % 4 === 1) lines.push(`  TXT "v=spf1 -all" "n ${i}"`);
    if (i % 11 === 2) lines.push(`c${i} CNAME h${i}`);
    if (i % 997 === 5) lines.push(`x${i} TYPE65280 \\# 2 abcd`, `y${i} WEIRDTYPE some data`);
    // Owners written again elsewhere, in capitals, absolute, as `@`, with escapes.
    if (i % 13 === 3) lines.push(`H${i - 2} TXT "again, in capitals"`);
    // A blank owner after a directive repeats the owner as written before it.
    if (i % 26 === 3) lines.push('$TTL 3600', '  TXT "the owner above, in capitals"');
    if (i % 17 === 4) lines.push(`h${i}.example.com. AAAA 2001:db8::${i.toString(16)}`);
    if (i % 19 === 5) lines.push(`@ TXT "apex ${i}"`);
    if (i % 23 === 6) lines.push(`e\\046${i} A 192.0.2.3`, `E\\046${i} TXT "escaped"`);
    if (i % 4999 === 7) lines.push('$GENERATE 1-20 g$ A 192.0.2.$', '$INCLUDE part.zone');
  }
  const part = 'p1 A 192.0.2.9\n  AAAA 2001:db8::9\n';
  return {
    text: lines.join('\n') + '\n',
    options: {
      fileName: 'main.zone',
      origin: 'example.com.',
      readInclude: (name) => (name === 'part.zone' ? { ok: true, name, text: part } : assert.fail(name)),
    },
  };
}

describe('records kept as rows', () => {
  it('finds each row in the chunk `take` put it in', () => {
    const rows = new RecordRows();
    const chunks: Int32Array[] = [];
    for (let i = 0; i < 40_000; i++) {
      const at = rows.take();
      if (rows.chunk !== chunks[chunks.length - 1]) chunks.push(rows.chunk);
      assert.equal(RecordRows.chunkOfRow(i), chunks.length - 1, `chunk of row ${i}`);
      assert.equal(RecordRows.rowOffset(i), at, `offset of row ${i}`);
    }
    assert.ok(chunks.length > 8, 'past the chunks that double');
  });

  it('makes the records an eager parse makes, across chunks, origins, files and kinds of RDATA', () => {
    const { text, options } = zone(15_000);
    const lazy = parseZone(text, options);
    const eager = parseResumable(text, options).result;
    assert.ok(lazy.store !== undefined, 'a parse that is not resumed keeps a store');
    assert.equal(eager.store, undefined);
    assert.equal(lazy.store.length, eager.records.length);
    assert.ok(eager.records.length > 20_001);
    assert.ok(eager.records.some((r) => r.typeCode < 0) && eager.records.some((r) => r.generated));
    assert.ok(eager.records.some((r) => r.file === 1));
    // Some one by one, out of order (before the whole list is asked for), then all.
    for (const i of [eager.records.length - 1, 0, 8127, 8128, 16320, 20_000]) {
      assert.deepEqual(lazy.store.record(i).toJSON(), eager.records[i].toJSON(), `record ${i}`);
    }
    assert.deepEqual(
      lazy.records.map((r) => r.toJSON()),
      eager.records.map((r) => r.toJSON()),
    );
    assert.deepEqual(lazy.diagnostics, eager.diagnostics);
  });

  it('gives one object per record, whichever way it is reached', () => {
    const { text, options } = zone(3_000);
    const p = parseZone(text, options);
    const z = buildZone(p);
    const a = z.rrset('h2400.example.com.', 'A')?.records[0];
    const mx = z.rrsetsOfType('MX')[5].records[0];
    assert.ok(a !== undefined);
    assert.equal(z.rrset('h2400.example.com.', 'A')?.records[0], a);
    const all = z.records;
    assert.equal(all, p.records);
    assert.ok(all.includes(a) && all.includes(mx));
    assert.equal(all[p.records.indexOf(a)].owner, 'h2400.example.com.');
    assert.equal(z.rrset('h2400.example.com.', 'A')?.records[0], a);
  });

  it("reads an RRset's owner, type and RDATA as written without making its first record", () => {
    const { text, options } = zone(6_000);
    const p = parseZone(text, options);
    const lazy = buildZone(p);
    const eager = buildZone(parseResumable(text, options).result);
    const sets = (z: typeof lazy): RRset[] => {
      const out: RRset[] = [];
      z.forEachRRset((s) => out.push(s));
      return out;
    };
    const a = sets(lazy);
    const b = sets(eager);
    assert.equal(a.length, b.length);
    // What the store has made so far (private: this is what the views spare).
    const made = () => (p.store as unknown as { made: ZoneRecord[] }).made.length;
    const before = made();
    let written = 0;
    for (let i = 0; i < a.length; i++) {
      const [x, y] = [a[i], b[i]];
      const what = `${y.owner} ${y.type}`;
      assert.equal(x.owner, y.owner, what);
      assert.equal(x.key, y.key, what);
      assert.equal(x.typeCode, y.typeCode, what);
      if (y.typeCode >= 0) assert.equal(x.type, y.type, what);
      const t = firstRdataText(x);
      assert.deepEqual(t, firstRecord(y).rdataText(), what);
      if (t !== undefined) written++;
    }
    assert.ok(written > a.length / 2, `${written} of ${a.length} sets have their RDATA as written`);
    // Of the unknown types (whose mnemonic is the record's) and of the sets of several records (whose list holds them).
    const needed = a.filter((s, i) => b[i].typeCode < 0 || b[i].records.length > 1).length;
    assert.ok(made() - before <= needed, `made ${made() - before} records, at most ${needed}`);
    for (let i = 0; i < a.length; i++) assert.deepEqual(firstRecord(a[i]).toJSON(), firstRecord(b[i]).toJSON());
  });

  it("finds each owner's node whether or not every name the parse read is an owner's", () => {
    for (const dropped of [false, true]) {
      const lines = ['$TTL 300', '@ SOA ns hm 1 2 3 4 5'];
      for (let i = 0; i < 3000; i++) {
        lines.push(`h${i} A 192.0.2.${i % 256}`);
        // Lines whose owner is read before their RDATA is found bad: the name is read, no record kept.
        if (dropped && i % 700 === 350) lines.push(`x${i} A 300.0.0.1`, `y${i} MX`);
        if (i % 3 === 0) lines.push(`h${i >> 1} TXT "an owner seen before"`);
      }
      const text = lines.join('\n') + '\n';
      const options = { fileName: 'z', origin: 'example.' };
      const p = parseZone(text, options);
      const names = (p.store as unknown as { names: { count: number } }).names.count;
      const lazy = buildZone(p);
      const eager = buildZone(parseResumable(text, options).result);
      const nodes = [...eager.allNodes()];
      assert.equal(names > nodes.length, dropped, `${names} names, ${nodes.length} owners`);
      assert.equal([...lazy.allNodes()].length, nodes.length);
      for (const node of nodes) {
        const found = lazy.node(node.name);
        assert.equal(found?.key, node.key, node.name);
        assert.deepEqual([...found.rrsets.keys()], [...node.rrsets.keys()], node.name);
      }
      for (const missing of ['x350.example.', 'y1050.example.', 'h3000.example.'])
        assert.equal(lazy.node(missing), undefined);
    }
  });

  it('counts records per file without making them', () => {
    const { text, options } = zone(6_000);
    const p = parseZone(text, options);
    const z = buildZone(p);
    const counts = z.recordsPerFile();
    assert.ok(p.files.length > 2);
    const expected = new Array<number>(p.files.length).fill(0);
    for (const r of parseResumable(text, options).result.records) expected[r.file]++;
    assert.deepEqual(counts, expected);
  });

  it('lists the records made by $GENERATE in file order, making no other record', () => {
    const { text, options } = zone(15_000);
    const p = parseZone(text, options);
    const lazy = buildZone(p);
    const store = p.store as unknown as { all?: unknown; made: unknown[] };
    const made = store.made.length;
    const generated = lazy.generatedRecords();
    const expected = parseResumable(text, options).result.records.filter((r) => r.generated);
    assert.ok(expected.length >= 60, `only ${expected.length} records made by $GENERATE`);
    assert.deepEqual(
      generated.map((r) => r.toJSON()),
      expected.map((r) => r.toJSON()),
    );
    assert.equal(store.all, undefined, 'the whole list was made');
    assert.ok(store.made.length <= made + generated.length, `${store.made.length} records made, ${made} before`);
    assert.equal(lazy.generatedRecords(), generated, 'made once');
    // A zone with no $GENERATE has none, and an eager parse's are its records.
    assert.deepEqual(buildZone(parseZone('@ SOA ns hm 1 1 1 1 1\n', options)).generatedRecords(), []);
    const eager = buildZone(parseResumable(text, options).result);
    assert.deepEqual(
      eager.generatedRecords().map((r) => r.start),
      expected.map((r) => r.start),
    );
  });

  it('keeps every range exact on both sides of the limits of a narrow row (255 characters, 65 535)', () => {
    // Records written with `size` blanks before one of their fields, or one field `size`
    // characters long, TTL and class in either order, and where each of their tokens is.
    const lines: string[] = ['$TTL 3600', '@ SOA ns1 hostmaster 1 7200 900 1209600 300', '  NS ns1'];
    const expected: { owner: string; tokens: string[]; line: number }[] = [];
    for (const size of [1, 253, 254, 255, 256, 65_534, 65_535, 65_536]) {
      const blanks = ' '.repeat(size);
      // Character-strings of 250 characters, `size` characters in all.
      const strings = Array.from({ length: Math.ceil(size / 251) }, () => `"${'t'.repeat(248)}"`);
      const variants: { tokens: string[]; joins: string[]; blankOwner?: boolean }[] = [
        { tokens: ['3600', 'IN', 'A', '192.0.2.1'], joins: [blanks, ' ', ' ', ' '] },
        { tokens: ['3600', 'IN', 'A', '192.0.2.1'], joins: [' ', blanks, ' ', ' '] },
        { tokens: ['IN', '3600', 'A', '192.0.2.1'], joins: [' ', ' ', blanks, ' '] },
        { tokens: ['IN', '3600', 'A', '192.0.2.1'], joins: [' ', blanks, ' ', ' '] },
        { tokens: ['3600', 'A', '192.0.2.1'], joins: [' ', ' ', blanks] },
        { tokens: ['A', '192.0.2.1'], joins: [blanks, ' '] },
        { tokens: ['TXT', ...strings], joins: [' ', ...strings.map(() => ' ')] },
        { tokens: ['MX', '10', 'mail'], joins: [' ', ' ', blanks] },
        { tokens: ['A', '192.0.2.1'], joins: [blanks, ' '], blankOwner: true },
      ];
      // A type nobody knows, its mnemonic `size` characters long.
      if (size < 1000) variants.push({ tokens: ['X'.repeat(size), 'data'], joins: [' ', ' '] });
      for (const v of variants) {
        const owner = v.blankOwner ? '' : `r${expected.length}`;
        let line = owner;
        for (let k = 0; k < v.tokens.length; k++) line += v.joins[k] + v.tokens[k];
        expected.push({ owner, tokens: v.tokens, line: lines.length });
        lines.push(line);
      }
    }
    const text = lines.join('\n') + '\n';
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
    const options = { fileName: 'main.zone', origin: 'example.com.' };
    const lazy = parseZone(text, options);
    assert.deepEqual(
      lazy.diagnostics.filter((d) => d.code !== 'unknown-type'),
      [],
    );
    const resumable = parseResumable(text, options).result;
    for (const records of [lazy.records, resumable.records]) {
      const read = records.slice(2); // after the SOA and NS records
      assert.equal(read.length, expected.length);
      read.forEach((r, k) => {
        const { owner, tokens, line } = expected[k];
        const at = lineStarts[line];
        const what = `record ${k} (${tokens.map((t) => t.slice(0, 12)).join(' ')}, ${owner || 'blank owner'})`;
        const slice = (start: number, end: number) => (start < 0 ? null : text.slice(start, end));
        assert.equal(r.ownerStart, at, what);
        assert.equal(r.ownerEnd, at + owner.length, what);
        assert.equal(r.start, owner === '' ? text.indexOf('A', at) : at, what);
        assert.equal(r.end, lineStarts[line + 1] - 1, what);
        assert.equal(slice(r.ttlStart, r.ttlEnd), tokens.includes('3600') ? '3600' : null, what);
        assert.equal(slice(r.classStart, r.classEnd), tokens.includes('IN') ? 'IN' : null, what);
        assert.equal(slice(r.typeStart, r.typeEnd), r.type, what);
        assert.ok(tokens.includes(r.type), what);
        const last = r.rdata[r.rdata.length - 1];
        assert.equal(slice(last.start, last.end), tokens[tokens.length - 1], what);
      });
    }
  });

  it('keeps the ranges of records too long for a narrow row (a wide row each)', () => {
    const long = 'x'.repeat(70_000);
    // 25 000 octets of data (BIND's limit is 65 510), 75 000 characters of text.
    const txt = Array.from({ length: 100 }, (_, i) => `"${i.toString().padStart(250, 'y')}"`).join(' '.repeat(500));
    const text = [
      '$TTL 3600',
      '@ SOA ns1 hostmaster 1 7200 900 1209600 300',
      '  NS ns1',
      'ns1 A 192.0.2.1',
      // Checkpoints before the long records: an edit at the top moves them, not reads them again.
      ...Array.from({ length: 100 }, (_, i) => `f${i} A 192.0.2.${i + 10}`),
      // The type 70 000 characters after the start, past a comment inside parentheses.
      `far ( ; ${long}`,
      '  3600 IN A 192.0.2.2 )',
      // RDATA over 65 535 characters long: the end is far from the start.
      `big TXT ${txt}`,
      // A blank owner behind 70 000 blanks: the owner's empty range is far before the start.
      `${' '.repeat(70_000)}A 192.0.2.3`,
      'near A 192.0.2.4',
    ].join('\n');
    const check = (records: ZoneRecord[], before = '') => {
      const t = before + text;
      const byOwner = (o: string, type: string) =>
        records.filter((r) => r.owner === `${o}.example.com.` && r.type === type);
      const [far] = byOwner('far', 'A');
      assert.equal(far.start, t.indexOf('far ('));
      assert.equal(far.ownerEnd, far.start + 3);
      assert.equal(t.slice(far.ttlStart, far.ttlEnd), '3600');
      assert.equal(t.slice(far.classStart, far.classEnd), 'IN');
      assert.equal(t.slice(far.typeStart, far.typeEnd), 'A');
      assert.ok(far.typeStart - far.start > 70_000);
      assert.equal(t.slice(far.end - 9, far.end), '192.0.2.2');
      assert.equal(far.rdata[0].value, '192.0.2.2');
      const [big] = byOwner('big', 'TXT');
      assert.equal(big.end, t.indexOf('\n', big.start));
      assert.ok(big.end - big.start > 70_000);
      assert.equal(big.rdata.length, 100);
      assert.equal(t.slice(big.rdata[99].start, big.rdata[99].end), `"${'99'.padStart(250, 'y')}"`);
      const blank = byOwner('big', 'A')[0];
      assert.equal(blank.ownerStart, blank.ownerEnd);
      assert.equal(blank.ownerStart, t.indexOf('\n', big.start) + 1);
      assert.equal(blank.start - blank.ownerStart, 70_000);
      assert.equal(blank.ttlStart, -1);
      assert.equal(blank.classStart, -1);
      assert.equal(blank.rdata[0].value, '192.0.2.3');
      const [near] = byOwner('near', 'A');
      assert.equal(near.start, t.indexOf('near A'));
      assert.equal(near.typeEnd, near.start + 6);
      assert.equal(near.rdata[0].value, '192.0.2.4');
    };
    const options = { fileName: 'main.zone', origin: 'example.com.' };
    const lazy = parseZone(text, options);
    assert.deepEqual(lazy.diagnostics, []);
    check(lazy.records);
    const resumable = parseResumable(text, options);
    check(resumable.result.records);
    assert.deepEqual(
      lazy.records.map((r) => r.toJSON()),
      resumable.result.records.map((r) => r.toJSON()),
    );
    // An edit above them moves the wide rows with the narrow ones.
    const far = resumable.result.records.find((r) => r.owner === 'far.example.com.');
    const again = reparse(resumable, '; edit\n' + text, { start: 0, oldEnd: 0, newEnd: 7 });
    assert.ok(again !== null);
    assert.ok(again.parse.result.records.includes(far as ZoneRecord), 'the record was moved, not read again');
    check(again.parse.result.records, '; edit\n');
  });

  it('gives records that write their owner again, as a dump does, the owner as written', () => {
    // An owner written as the one before it (same characters, same origin) is taken as is, without a
    // look-up (parser.ts `repeatsPlainOwner`); another case, spelling or origin is a name of its own.
    // Over several batches of deferred look-ups, with errors and $ORIGIN between: the same records,
    // owners and problems as the resumable parse, which never takes that path.
    let seed = 5;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const owners = ['a', 'a', 'A', 'a.example.com.', 'A.Example.COM.', 'b', 'b\\.c', '*.w', '@', '', 'ab', 'a.'];
    const lines = ['$TTL 300', '@ SOA ns hm 1 2 3 4 5', '@ NS ns'];
    let last = 'a';
    for (let i = 0; i < 2000; i++) {
      const roll = next(100);
      if (roll < 2) lines.push(`$ORIGIN ${['example.com.', 'example.net.', 'Example.COM.'][next(3)]}`);
      else if (roll < 4) lines.push(`bad..name A 192.0.2.${next(256)}`);
      else {
        // Mostly the owner of the line before, written the same way.
        const owner = roll < 60 ? last : owners[next(owners.length)];
        if (owner !== '') last = owner;
        lines.push(`${owner} ${['A 192.0.2.' + next(256), 'TXT "t"', '300 IN AAAA ::1'][next(3)]}`);
      }
    }
    const text = lines.join('\n') + '\n';
    const options = { fileName: 'main.zone', origin: 'example.com.' };
    const lazy = parseZone(text, options);
    const resumable = parseResumable(text, options).result;
    assert.ok(lazy.records.length > 1800, `${lazy.records.length} records`);
    assert.deepEqual(
      lazy.records.map((r) => r.toJSON()),
      resumable.records.map((r) => r.toJSON()),
    );
    assert.deepEqual(lazy.diagnostics, resumable.diagnostics);
    // Grouped by name alike.
    const names = (zone: ReturnType<typeof buildZone>) =>
      zone.records.map((r) => `${zone.node(r.owner)?.name} ${r.owner}`);
    assert.deepEqual(names(buildZone(lazy)), names(buildZone(resumable)));
  });
});

/** The zone of `text`, then that zone patched after `edit` as the language server patches it. */
function patchedAfter(
  text: string,
  options: ParseOptions,
  edit: { start: number; oldEnd: number; newText: string },
  beforeEdit: (z: Zone) => void = () => {},
): { before: Zone; after: Zone; edited: string } {
  const resumable = parseResumable(text, options);
  const before = buildZone(resumable.result);
  beforeEdit(before);
  const edited = text.slice(0, edit.start) + edit.newText + text.slice(edit.oldEnd);
  const again = reparse(resumable, edited, {
    start: edit.start,
    oldEnd: edit.oldEnd,
    newEnd: edit.start + edit.newText.length,
  });
  assert.ok(again !== null);
  const { from, added, removed } = again.splice;
  const after = before.patched(again.parse.result, removed, again.parse.result.records.slice(from, from + added));
  assert.ok(after !== null);
  return { before, after, edited };
}

describe("a type's RRsets in the zone's order", () => {
  it('puts any of them in the order rrsetsOfType lists them, sorting a few and picking many, after an edit too', () => {
    const { text, options } = zone(3000);
    // An MX set typed near the top: its id comes after every other set's, its place before most.
    const at = text.indexOf('\nh10 A') + 1;
    const { before, after } = patchedAfter(text, options, { start: at, oldEnd: at, newText: 'new1 MX 10 mail1\n' });
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
    for (const z of [before, after]) {
      for (const type of ['MX', 'CNAME', 'TXT']) {
        const all = z.rrsetsOfType(type);
        assert.ok(all.length > 100, `${type}: ${all.length}`);
        // From none to all of them, given in a random order: the first sizes are sorted, the last picked.
        for (const share of [0, 0.002, 0.01, 0.05, 0.3, 1]) {
          const chosen = all.filter(() => next() < share || share === 1);
          const given = chosen
            .map((s) => ({ s, k: next() }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.s);
          const keys = (sets: readonly RRset[]) => sets.map((s) => `${s.key} ${s.type}`);
          assert.deepEqual(keys(z.rrsetsOfTypeAmong(type, given)), keys(chosen), `${type}, ${chosen.length} sets`);
        }
      }
      // Sets that are not the zone's own views (a test's, a view's) are sorted by their first records.
      const plain = z.rrsetsOfType('MX').map((s) => ({ ...s, key: s.key, owner: s.owner, records: s.records }));
      const reversed = [...plain].reverse();
      assert.deepEqual(
        z.rrsetsOfTypeAmong('MX', reversed).map((s) => s.key),
        plain.map((s) => s.key),
      );
    }
    assert.ok(
      after.rrsetsOfType('MX').findIndex((s) => s.key === 'new1.example.com.') < 50,
      'the new set is listed where it stands',
    );
  });
});

describe('references kept across edits', () => {
  it('are those of a zone read afresh, in reading order, after typing, deleting a block and retargeting', () => {
    const { text, options } = zone(3000);
    const blockStart = text.indexOf('\nh100 A') + 1;
    const blockEnd = text.indexOf('\nh1100 A') + 1;
    const mx = text.indexOf('  MX', text.indexOf('\nh1500 A'));
    const exchange = text.indexOf('mail', mx);
    const edits: { start: number; oldEnd: number; newText: string }[] = [
      { start: text.indexOf('\nh10 A') + 1, oldEnd: text.indexOf('\nh10 A') + 1, newText: 'new1 MX 10 mail3\n' },
      // The text after the block moves back over the place of the records deleted with it.
      { start: blockStart, oldEnd: blockEnd, newText: '' },
      { start: exchange, oldEnd: exchange + 5, newText: 'relay' },
    ];
    const targets = ['mail0', 'mail3', 'mail5', 'relay'].map((h) => `${h}.example.com.`);
    for (const edit of edits) {
      // The references are made before the edit, then patched by it.
      const { after, edited } = patchedAfter(text, options, edit, (z) => targets.forEach((t) => z.referencesTo(t)));
      const fresh = buildZone(parseZone(edited, options));
      const refs = (z: Zone, t: string) => z.referencesTo(t).map((ref) => `${ref.record.owner} ${ref.record.start}`);
      for (const t of targets) assert.deepEqual(refs(after, t), refs(fresh, t), `${t} after ${JSON.stringify(edit)}`);
    }
  });
});

describe('the RRSIG sets of a signed zone', () => {
  /**
   * Names signed the way signers write them (the type covered first, on one
   * line or across lines in parentheses), and with the type covered written
   * otherwise: in lower case, as `TYPEnnn`, and as generic `\#` data.
   */
  function signed(names: number): { text: string; generic: number } {
    const sig = (covered: string, keyTag = 215) =>
      `RRSIG ${covered} 13 2 3600 20261223095300 20261123095300 ${keyTag} example. AQIDBA==`;
    const lines = ['$TTL 300', '@ SOA ns hm 1 2 3 4 5', `  ${sig('SOA')}`, '  NS ns', `  ${sig('NS')}`];
    let generic = 0;
    for (let i = 0; i < names; i++) {
      lines.push(`h${i} A 192.0.2.${i % 256}`, `  ${sig(['A', 'a', 'TYPE1'][i % 3])}`);
      // A second signature of the A set: by its key tag 217, or as generic data (key tag 216).
      if (i % 10 === 0) lines.push(`  ${sig('TYPE1', 217)}`);
      if (i % 7 === 0) {
        lines.push('  RRSIG \\# 31 00010d0200000e106b2b99fc6b040cfc00d8076578616d706c650001020304');
        generic++;
      }
      if (i % 2 === 0)
        lines.push('  TXT "t"', '  RRSIG TXT( 13 2 3600\n 20261223095300 20261123095300 215 example.\n AQIDBA== )');
      lines.push(`  NSEC h${i + 1}.example. A TXT RRSIG NSEC`, `  ${sig('NSEC')}`);
    }
    return { text: lines.join('\n') + '\n', generic };
  }

  it('are told apart by the type covered, read in place, without making their records', () => {
    const { text, generic } = signed(2_000);
    const options = { fileName: 'z', origin: 'example.' };
    const p = parseZone(text, options);
    assert.deepEqual(p.diagnostics, []);
    const made = () => (p.store as unknown as { made: ZoneRecord[] }).made.length;
    const before = made();
    const lazy = buildZone(p);
    const madeByBuild = made() - before;
    const eager = buildZone(parseResumable(text, options).result);
    const sets = (z: Zone): string[] => {
      const out: string[] = [];
      z.forEachRRset((s) => out.push(`${s.owner} ${rrsetKey(firstRecord(s))} ${s.records.length}`));
      return out;
    };
    const expected = sets(eager);
    assert.deepEqual(sets(lazy), expected);
    assert.ok(expected.includes('h0.example. RRSIG/A 3'), 'A and TYPE1, and generic data, are one set');
    assert.ok(expected.includes('h1.example. RRSIG/A 1') && expected.includes('h2.example. RRSIG/A 1'));
    assert.ok(expected.includes('h0.example. RRSIG/TXT 1'));
    // Made by the build: the generic ones only, whose type covered is read from their fields (the lists of
    // the sets of several hold the records by number).
    const signatures = eager.rrsetsOfType('RRSIG');
    const inLists = signatures.filter((s) => s.records.length > 1).reduce((n, s) => n + s.records.length, 0);
    assert.ok(signatures.length > 5_000, `${signatures.length} RRSIG sets`);
    assert.ok(madeByBuild <= generic, `made ${madeByBuild} records, ${generic} generic (${inLists} in lists)`);
  });
});

describe('the RRsets of a zone of delegations', () => {
  /**
   * A zone shaped like a top-level domain's: every name delegated by two NS
   * records or more (some with DS records and glue), so that nearly every
   * RRset has several records. Some sets repeat a record written another
   * way (another case, relative or absolute, a number with a leading zero),
   * some records differ in TTL, and some names lack their trailing dot.
   */
  function delegations(names: number): string {
    const lines = ['$ORIGIN tld.', '$TTL 3600', '@ SOA a.nic hm 1 2 3 4 5', '  NS a.nic', 'a.nic A 192.0.2.1'];
    for (let i = 0; i < names; i++) {
      const d = `d${i}`;
      lines.push(`${d} NS ns1.hoster${i % 50}.net.`, `${d} NS ns2.hoster${i % 50}.net.`);
      if (i % 9 === 0) lines.push(`${d} NS NS1.Hoster${i % 50}.NET.`); // a copy, in capitals
      if (i % 11 === 0) lines.push(`${d} NS ns.${d}`, `${d} NS ns.${d}.tld.`, `ns.${d} A 198.51.100.${i % 250}`); // relative, then absolute
      if (i % 13 === 0) lines.push(`${d} 7200 NS ns3.hoster.net.`); // another TTL
      if (i % 17 === 0) lines.push(`${d} NS ns4.hoster.net`); // no trailing dot
      if (i % 5 === 0) lines.push(`${d} DS ${i} 13 2 ${'ab'.repeat(32)}`, `${d} DS ${i} 13 2 ${'AB'.repeat(32)}`);
      if (i % 19 === 0) lines.push(`${d} MX 10 mx.${d}`, `${d} MX 010 MX.${d}.tld.`, `mx.${d} A 192.0.2.${i % 250}`);
    }
    return lines.join('\n') + '\n';
  }

  it('are checked as an eager parse checks them, making records only for what the checks report', () => {
    const text = delegations(3_000);
    const options = { fileName: 'z', origin: 'tld.' };
    const p = parseZone(text, options);
    assert.deepEqual(p.diagnostics, []);
    const made = () => (p.store as unknown as { made: ZoneRecord[] }).made.length;
    const lazy = buildZone(p);
    const madeByBuild = made();
    const found = runChecks(lazy, DEFAULT_SETTINGS);
    const madeByChecks = made() - madeByBuild;
    const eager = runChecks(buildZone(parseResumable(text, options).result), DEFAULT_SETTINGS);
    const shown = (ds: typeof found) => ds.map((d) => `${d.start} ${d.code} ${d.message}`).sort();
    assert.deepEqual(shown(found), shown(eager));
    const count = (code: string) => found.filter((d) => d.code === code).length;
    // The copies: in capitals (1 in 9), relative and absolute (1 in 11), the DS digest's case (1 in 5), MX 10 and 010 (1 in 19).
    assert.equal(count('duplicate-record'), 334 + 273 + 600 + 158);
    assert.equal(count('rrset-ttl-mismatch'), 231);
    assert.ok(count('name-missing-trailing-dot') >= 177);
    // No record of a set of several is made to build it, and the checks make those they report on
    // (each with its first copy or its set's first record), those of the MX sets, and the DS records,
    // whose RDATA is not read in place: not the 6 000 NS records of the sets with nothing to report.
    assert.equal(madeByBuild, 0);
    const reported = found.length * 2;
    const mx = 4 * 158;
    const ds = 2 * 600;
    assert.ok(madeByChecks <= reported + mx + ds, `${madeByChecks} records made by the checks`);
  });
});
