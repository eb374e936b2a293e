/** The guard that re-frames the language server's stdin (server/src/rpcFraming.ts), fed byte by byte and in bulk. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageFramingGuard } from '../../server/src/rpcFraming';

function frame(body: string, length = Buffer.byteLength(body)): Buffer {
  return Buffer.from(`Content-Length: ${length}\r\n\r\n${body}`);
}

/** Feeds `chunks` through a guard; resolves with the bodies that came out (parsed) and what was dropped. */
async function run(chunks: Buffer[]): Promise<{ bodies: unknown[]; dropped: string[]; raw: string }> {
  const dropped: string[] = [];
  const guard = new MessageFramingGuard((reason) => dropped.push(reason));
  const out: Buffer[] = [];
  guard.on('data', (b: Buffer) => out.push(b));
  const ended = new Promise((resolve) => guard.on('end', resolve));
  for (const c of chunks) guard.write(c);
  guard.end();
  await ended;
  const raw = Buffer.concat(out).toString('utf8');
  // Read the output back with a strict parser: every frame must be exact.
  const bodies: unknown[] = [];
  let rest = Buffer.concat(out);
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    const m = /^Content-Length: (\d+)$/.exec(rest.subarray(0, end).toString('ascii'));
    assert.ok(m, `a clean header: ${rest.subarray(0, 40).toString()}`);
    const start = end + 4;
    bodies.push(JSON.parse(rest.subarray(start, start + Number(m[1])).toString('utf8')));
    rest = rest.subarray(start + Number(m[1]));
  }
  return { bodies, dropped, raw };
}

const A = '{"jsonrpc":"2.0","id":1,"method":"a"}';
const B = '{"jsonrpc":"2.0","id":2,"method":"b","params":{"text":"é ü 漢字"}}';

describe('MessageFramingGuard', () => {
  it('passes good messages through unchanged, in one chunk or byte by byte', async () => {
    const all = Buffer.concat([frame(A), frame(B)]);
    const whole = await run([all]);
    assert.deepEqual(whole.bodies, [JSON.parse(A), JSON.parse(B)]);
    assert.equal(whole.raw, all.toString('utf8'));
    const bytes = await run([...all].map((b) => Buffer.from([b])));
    assert.deepEqual(bytes.bodies, whole.bodies);
    assert.deepEqual(bytes.dropped, []);
  });

  it('a body that is not JSON is dropped; the next message survives', async () => {
    const r = await run([frame('{not json'), frame(A)]);
    assert.deepEqual(r.bodies, [JSON.parse(A)]);
    assert.deepEqual(r.dropped, ['a message body of 9 bytes that is not JSON']);
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
      const out: Buffer[] = [];
      // Without calling end(): the next message must come out while the stream stays open.
      const got = new Promise<void>((resolve) =>
        guard.on('data', (b: Buffer) => {
          out.push(b);
          if (Buffer.concat(out).includes(B)) resolve();
        }),
      );
      guard.write(frame(A, 1_000_000_000));
      for (const byte of frame(B)) guard.write(Buffer.from([byte]));
      await got;
      assert.equal(Buffer.concat(out).toString('utf8'), frame(B).toString('utf8'));
      assert.deepEqual(dropped, [
        `a message body cut short at ${A.length} of its 1000000000 bytes by the next message`,
      ]);
      guard.destroy();
    },
  );
});
