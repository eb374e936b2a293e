/**
 * The server's writer reuses the JSON of diagnostics published before: what
 * it writes must be byte for byte what `JSON.stringify` of the message gives.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import type { Message } from 'vscode-languageserver/node';
import { analyze } from '../../server/src/checks/index';
import { toLspDiagnostics } from '../../server/src/features/diagnostics';
import { encodeMessage, SegmentedMessageWriter } from '../../server/src/rpcWriter';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { prng } from '../../server/src/simulate/engine';

const ZONE = [
  '$ORIGIN example.com.',
  '@ SOA ns1 hm 1 1h 15m 2w 1h',
  '  NS ns1',
  '  MX 10 mail.example.com', // a missing trailing dot (with fix data)
  '  MX 20 192.0.2.1',
  'ns1 A 192.0.2.53',
  'ünï "\\"<b>"',
  'h1 MX 10 mail2',
  'mail2 AAAA 2001:db8::2',
].join('\n');

function publish(uri: string, version: number | undefined, diagnostics: unknown[]): Message {
  return {
    jsonrpc: '2.0',
    method: 'textDocument/publishDiagnostics',
    params: { uri, version, diagnostics },
  } as Message;
}

describe('rpcWriter: encodeMessage', () => {
  it('writes what JSON.stringify writes, the first time and when the diagnostics are published again', () => {
    const [{ diagnostics }] = toLspDiagnostics(
      analyze(ZONE, { fileName: 'z', origin: 'example.com.' }, DEFAULT_SETTINGS),
    );
    assert.ok(diagnostics.length >= 4, `only ${diagnostics.length} diagnostics`);
    assert.ok(diagnostics.some((d) => d.data !== undefined && d.relatedInformation === undefined));
    const uri = 'file:///zones/a "b"\\c ü.zone';
    for (const msg of [
      publish(uri, 3, diagnostics),
      publish(uri, 4, diagnostics), // the same objects again: from the cache
      publish(uri, undefined, [diagnostics[1], diagnostics[0]]),
      publish(uri, 5, []),
    ]) {
      assert.equal(Buffer.concat(encodeMessage(msg)).toString('utf8'), JSON.stringify(msg));
    }
  });

  it('writes what JSON.stringify writes over a series of publications that keep, drop and add diagnostics', () => {
    // Publications that keep, drop, replace, insert and reorder diagnostics at the start, in the
    // middle and at the end, for two documents in turn, with versions of 1 to 4 digits.
    const next = prng(5);
    const pick = (n: number) => Math.floor(next() * n);
    const made = (i: number) => ({
      range: { start: { line: i, character: 0 }, end: { line: i, character: pick(30) } },
      severity: 1 + pick(4),
      code: 'mx-test',
      message: `finding ${i} ${'ü"\\'.slice(0, pick(4))}`,
    });
    let count = 0;
    const lists = new Map<string, object[]>([
      ['file:///a.zone', []],
      ['file:///b "ü".zone', []],
    ]);
    for (let step = 0; step < 600; step++) {
      const uri = step % 7 < 5 ? 'file:///a.zone' : 'file:///b "ü".zone';
      const list = (lists.get(uri) as object[]).slice();
      const at = pick(list.length + 1);
      const kind = pick(6);
      if (kind === 0) list.splice(at, pick(3), ...Array.from({ length: pick(4) }, () => made(count++)));
      else if (kind === 1) list.splice(0, pick(2), made(count++));
      else if (kind === 2) list.push(made(count++));
      else if (kind === 3) list.splice(at, 1);
      else if (kind === 4 && list.length > 1) list.reverse();
      else if (step % 50 === 0) list.length = 0;
      lists.set(uri, list);
      const msg = publish(uri, [undefined, 7, 42, 1234][pick(4)], list);
      const segments = encodeMessage(msg);
      assert.equal(Buffer.concat(segments).toString('utf8'), JSON.stringify(msg), `step ${step}`);
      // Cut and added to at every step, the segments are joined again before they become many.
      assert.ok(segments.length <= 64, `step ${step}: ${segments.length} segments`);
    }
  });

  it('writes the diagnostics that did not change as views of the last publication, not copies', () => {
    const list = Array.from({ length: 1000 }, (_, i) => ({ range: i, message: `finding ${i}` }));
    const uri = 'file:///views.zone';
    const first = encodeMessage(publish(uri, 1, list));
    const memory = new Set(first.map((s) => s.buffer));
    // One diagnostic in the middle replaced: the runs before and after it are the first publication's memory.
    const changed = list.slice();
    changed[500] = { range: 500, message: 'changed' };
    const second = encodeMessage(publish(uri, 2, changed));
    let shared = 0;
    for (const s of second) if (memory.has(s.buffer)) shared += s.length;
    const total = second.reduce((n, s) => n + s.length, 0);
    assert.ok(shared > 0.95 * total, `only ${shared} of ${total} bytes are views of the first publication`);
    assert.equal(Buffer.concat(second).toString('utf8'), JSON.stringify(publish(uri, 2, changed)));
  });

  it('leaves every other message to JSON.stringify', () => {
    const messages = [
      { jsonrpc: '2.0', id: 1, result: { contents: { kind: 'markdown', value: '[]' } } },
      { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'diagnostics: []' } },
      { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'x', diagnostics: 'not a list' } },
    ] as unknown as Message[];
    for (const msg of messages) assert.equal(Buffer.concat(encodeMessage(msg)).toString('utf8'), JSON.stringify(msg));
  });
});

describe('rpcWriter: SegmentedMessageWriter', () => {
  it('frames each message as vscode-jsonrpc does, its segments in order', async () => {
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c));
    const writer = new SegmentedMessageWriter(sink);
    const list = Array.from({ length: 50 }, (_, i) => ({ range: i, message: `ü ${i}` }));
    const messages = [
      publish('file:///w.zone', 1, list),
      { jsonrpc: '2.0', id: 7, result: null } as Message,
      publish('file:///w.zone', 2, [...list.slice(0, 20), { range: 99, message: 'new' }, ...list.slice(21)]),
    ];
    for (const msg of messages) await writer.write(msg);
    let bytes = Buffer.concat(chunks);
    for (const msg of messages) {
      const split = bytes.indexOf('\r\n\r\n');
      const header = bytes.subarray(0, split).toString('ascii');
      const body = Buffer.from(JSON.stringify(msg), 'utf8');
      assert.equal(header, `Content-Length: ${body.length}`);
      assert.ok(bytes.subarray(split + 4, split + 4 + body.length).equals(body));
      bytes = bytes.subarray(split + 4 + body.length);
    }
    assert.equal(bytes.length, 0);
  });

  it('reports a failed write to the connection and rejects', async () => {
    const sink = new PassThrough();
    const writer = new SegmentedMessageWriter(sink);
    const errors: unknown[] = [];
    writer.onError((e) => errors.push(e));
    sink.destroy();
    await assert.rejects(writer.write({ jsonrpc: '2.0', id: 1, result: null } as Message));
    assert.ok(errors.length >= 1);
  });
});
