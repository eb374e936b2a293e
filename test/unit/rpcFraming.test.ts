/** The guard that re-frames the language server's stdin (server/src/rpcFraming.ts), fed byte by byte and in bulk. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GuardedMessageReader, MessageFramingGuard } from '../../server/src/rpcFraming';

function frame(body: string, length = Buffer.byteLength(body)): Buffer {
  return Buffer.from(`Content-Length: ${length}\r\n\r\n${body}`);
}

/** Feeds `chunks` through a guard; resolves with the messages that came out and what was dropped. */
async function run(chunks: Buffer[]): Promise<{ bodies: unknown[]; dropped: string[] }> {
  const dropped: string[] = [];
  const guard = new MessageFramingGuard((reason) => dropped.push(reason));
  const bodies: unknown[] = [];
  guard.on('data', (m: unknown) => bodies.push(m));
  const ended = new Promise((resolve) => guard.on('end', resolve));
  for (const c of chunks) guard.write(c);
  guard.end();
  await ended;
  return { bodies, dropped };
}

const A = '{"jsonrpc":"2.0","id":1,"method":"a"}';
const B = '{"jsonrpc":"2.0","id":2,"method":"b","params":{"text":"é ü 漢字"}}';

describe('MessageFramingGuard', () => {
  it('gives out each good message, parsed, from one chunk or byte by byte', async () => {
    const all = Buffer.concat([frame(A), frame(B)]);
    const whole = await run([all]);
    assert.deepEqual(whole.bodies, [JSON.parse(A), JSON.parse(B)]);
    assert.deepEqual(whole.dropped, []);
    const bytes = await run([...all].map((b) => Buffer.from([b])));
    assert.deepEqual(bytes.bodies, whole.bodies);
    assert.deepEqual(bytes.dropped, []);
  });

  it('a body that is not JSON is dropped; the next message survives', async () => {
    const r = await run([frame('{not json'), frame(A)]);
    assert.deepEqual(r.bodies, [JSON.parse(A)]);
    assert.deepEqual(r.dropped, ['a message body of 9 bytes that is not JSON']);
  });

  it('a body of JSON null is dropped without ending the stream; other JSON values go on to the connection', async () => {
    const r = await run([frame('null'), frame('5'), frame(A)]);
    assert.deepEqual(r.bodies, [5, JSON.parse(A)]);
    assert.deepEqual(r.dropped, ['a message body that is JSON null']);
  });

  it('a body with bytes beyond ASCII is decoded as UTF-8, also when a character is split between chunks', async () => {
    const all = frame(B);
    const split = all.indexOf(Buffer.from('漢')) + 1;
    const r = await run([all.subarray(0, split), all.subarray(split)]);
    assert.deepEqual(r.bodies, [JSON.parse(B)]);
  });

  it('a Content-Length too short: the rest of that message is skipped, the next one survives', async () => {
    const r = await run([frame(B, 10), frame(A)]);
    assert.deepEqual(r.bodies, [JSON.parse(A)]);
  });

  it('a Content-Length too long: the message it swallowed part of is recovered', async () => {
    const r = await run([frame(A, A.length + 30), frame(B), frame(A)]);
    assert.deepEqual(r.bodies, [JSON.parse(B), JSON.parse(A)]);
  });

  it('other headers are dropped, a header without Content-Length skips its block', async () => {
    const typed = Buffer.from(
      `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: ${A.length}\r\n\r\n${A}`,
    );
    const r = await run([typed, Buffer.from('X-Nothing: 1\r\n\r\n'), frame(B)]);
    assert.deepEqual(r.bodies, [JSON.parse(A), JSON.parse(B)]);
    assert.deepEqual(r.dropped, ['a message header without Content-Length']);
  });

  it('megabytes of garbage without a header are dropped without holding them all', async () => {
    const garbage = Buffer.alloc(1024 * 1024, 'x');
    const r = await run([garbage, garbage, garbage, frame(A)]);
    assert.deepEqual(r.bodies, [JSON.parse(A)]);
    assert.ok(r.dropped.length >= 1);
  });

  it('a 10 MB message arriving in 64 KB chunks passes whole', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', method: 'm', params: { text: 'a'.repeat(10 * 1024 * 1024) } });
    const all = frame(big);
    const chunks: Buffer[] = [];
    for (let i = 0; i < all.length; i += 65536) chunks.push(all.subarray(i, i + 65536));
    // Speed (not quadratic in the chunks) is the bench's business, not a timed assertion here.
    const r = await run(chunks);
    assert.equal((r.bodies[0] as { params: { text: string } }).params.text.length, 10 * 1024 * 1024);
  });

  it(
    'a Content-Length of a billion does not swallow the messages after it: the guard starts again at the next header',
    { timeout: 20_000 },
    async () => {
      const dropped: string[] = [];
      const guard = new MessageFramingGuard((reason) => dropped.push(reason));
      // Without calling end(): the next message must come out while the stream stays open.
      const got = new Promise<unknown>((resolve) => guard.on('data', resolve));
      guard.write(frame(A, 1_000_000_000));
      // Byte by byte: the header's line end comes in a chunk of its own.
      for (const byte of frame(B)) guard.write(Buffer.from([byte]));
      assert.deepEqual(await got, JSON.parse(B));
      assert.deepEqual(dropped, [
        `a message body cut short at ${A.length} of its 1000000000 bytes by the next message`,
      ]);
      guard.destroy();
    },
  );
});

describe('GuardedMessageReader', () => {
  it("hands the guard's messages to the connection's callback, and says when the stream closed", async () => {
    const guard = new MessageFramingGuard();
    const reader = new GuardedMessageReader(guard);
    const got: unknown[] = [];
    const closed = new Promise<void>((resolve) => reader.onClose(() => resolve()));
    const listening = reader.listen((m) => got.push(m));
    guard.write(Buffer.concat([frame(A), frame('{bad'), frame(B)]));
    guard.end();
    await closed;
    assert.deepEqual(got, [JSON.parse(A), JSON.parse(B)]);
    listening.dispose();
    assert.equal(guard.listenerCount('data'), 0);
  });
});
