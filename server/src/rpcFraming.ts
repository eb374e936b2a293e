/**
 * A guard in front of the language server's stdin: it re-frames the LSP base
 * protocol (`Content-Length: N\r\n\r\n` + N bytes of JSON) so that one bad
 * message costs that message only.
 *
 * vscode-jsonrpc's stream reader trusts every header: after one wrong
 * `Content-Length`, the rest of that message is read as the next header, the
 * next message's body as the header after that, and so on, so the server never
 * understands another message although it keeps running. This guard:
 * - skips bytes before a header and header lines other than `Content-Length`;
 * - drops a header block with no `Content-Length`;
 * - checks that each body is JSON; when it is not (a wrong length swallowed
 *   part of the next message), it drops it and starts again at the next
 *   `Content-Length` inside it;
 * - while waiting for a body, watches for a raw `Content-Length: N` line in
 *   it: JSON cannot hold one (a string cannot hold a raw line break), so the
 *   length was too long, and the guard starts again there at once instead of
 *   waiting for bytes that may never come (a length of 10^9 would otherwise
 *   swallow every later message).
 * What comes out is each message, parsed: the guard parses every body to
 * check it, and `GuardedMessageReader` hands the result to the connection,
 * so that no message is decoded twice (a zone of a million records opens
 * with a `didOpen` of 28 MB).
 */
import { isAscii } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import {
  AbstractMessageReader,
  createConnection,
  Disposable,
  ProposedFeatures,
  type Connection,
  type DataCallback,
  type Message,
  type MessageReader,
} from 'vscode-languageserver/node';
import { SegmentedMessageWriter } from './rpcWriter';

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = Buffer.from('content-length');
/** A header block is a few dozen bytes; garbage without one is dropped beyond this. */
const MAX_HEADER_BYTES = 64 * 1024;
/** A header line that cannot occur in a JSON body. */
const RAW_HEADER = /content-length[ \t]*:[ \t]*\d+\r\n/i;
/** Enough of the body's end to find a header line split between two chunks. */
const TAIL_BYTES = 64;

/** The last `Content-Length: <digits>` of a header block, or undefined. */
function contentLength(header: string): number | undefined {
  let found: number | undefined;
  for (const m of header.matchAll(/content-length[ \t]*:[ \t]*(\d+)/gi)) found = Number(m[1]);
  return found !== undefined && Number.isSafeInteger(found) ? found : undefined;
}

/** Where the first `Content-Length` starts in `bytes` (ASCII case-insensitive); -1 if none. */
function indexOfContentLength(bytes: Buffer): number {
  const lower = Buffer.from(bytes.toString('latin1').toLowerCase(), 'latin1');
  return lower.indexOf(CONTENT_LENGTH);
}

/**
 * Reads a byte stream of LSP messages and gives out each message's parsed
 * JSON (an object stream); `onDrop` hears about every byte range it had to
 * throw away.
 */
export class MessageFramingGuard extends Transform {
  private chunks: Buffer[] = [];
  private total = 0;
  /** The body length being waited for, or -1 while reading a header. */
  private need = -1;
  /** Where a raw header line starts in the awaited body (see RAW_HEADER), or -1. */
  private resyncAt = -1;
  /** The last bytes of the awaited body scanned so far (latin1). */
  private tail = '';

  constructor(private readonly onDrop: (reason: string) => void = () => undefined) {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.need !== -1) this.scan(chunk, this.total);
    this.chunks.push(chunk);
    this.total += chunk.length;
    try {
      this.pump();
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  /** Everything buffered as one Buffer (bodies are joined once, when complete). */
  private takeAll(): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.total);
    this.chunks = [];
    this.total = 0;
    return all;
  }

  private keep(rest: Buffer): void {
    if (rest.length > 0) {
      this.chunks = [rest];
      this.total = rest.length;
    }
  }

  /** Looks for a raw header line in `bytes`, which start at `offset` of the awaited body; each byte is scanned once. */
  private scan(bytes: Buffer, offset: number): void {
    if (this.resyncAt !== -1) return;
    // A header line ends with a line feed: bytes without one (most of a large body) only add to the tail.
    if (bytes.indexOf(0x0a) === -1) {
      this.tail = (this.tail + bytes.subarray(-TAIL_BYTES).toString('latin1')).slice(-TAIL_BYTES);
      return;
    }
    const text = this.tail + bytes.toString('latin1');
    const m = RAW_HEADER.exec(text);
    if (m !== null) this.resyncAt = offset - this.tail.length + m.index;
    else this.tail = text.slice(-TAIL_BYTES);
  }

  private pump(): void {
    for (;;) {
      if (this.need === -1) {
        if (this.total === 0) return;
        const head = this.takeAll();
        const end = head.indexOf(HEADER_END);
        if (end === -1) {
          if (head.length > MAX_HEADER_BYTES) {
            // Keep a tail that may hold the start of a real header.
            this.onDrop(`${head.length - 64} bytes with no message header`);
            this.keep(head.subarray(head.length - 64));
          } else this.keep(head);
          return;
        }
        const length = contentLength(head.subarray(0, end).toString('latin1'));
        this.keep(head.subarray(end + HEADER_END.length));
        if (length === undefined) {
          this.onDrop('a message header without Content-Length');
          continue;
        }
        this.need = length;
        this.resyncAt = -1;
        this.tail = '';
        if (this.total > 0) this.scan(this.chunks[0], 0);
      }
      if (this.total < this.need) {
        if (this.resyncAt === -1) return;
        // A header inside the body: the length was too long; start again at that header.
        const all = this.takeAll();
        this.onDrop(`a message body cut short at ${this.resyncAt} of its ${this.need} bytes by the next message`);
        this.need = -1;
        this.keep(all.subarray(this.resyncAt));
        continue;
      }
      const all = this.takeAll();
      const body = all.subarray(0, this.need);
      let rest = all.subarray(this.need);
      this.need = -1;
      const message = parsed(body);
      // (`null` would end an object stream; it is no message either.)
      if (message === null) this.onDrop('a message body that is JSON null');
      else if (message !== undefined) this.push(message);
      else {
        // A wrong length: the body may have swallowed the start of the next message.
        const next = indexOfContentLength(body);
        this.onDrop(`a message body of ${body.length} bytes that is not JSON`);
        if (next !== -1) rest = Buffer.concat([body.subarray(next), rest]);
      }
      this.keep(rest);
    }
  }
}

/**
 * The JSON value of a body, or undefined when it is not JSON. A body of
 * ASCII only is made into a string byte for byte, which costs a third of
 * UTF-8 decoding.
 */
function parsed(body: Buffer): Message | null | undefined {
  try {
    return JSON.parse(body.toString(isAscii(body) ? 'latin1' : 'utf8')) as Message | null;
  } catch {
    return undefined;
  }
}

/** The connection's reader of what a `MessageFramingGuard` gives out. */
export class GuardedMessageReader extends AbstractMessageReader implements MessageReader {
  constructor(private readonly guard: MessageFramingGuard) {
    super();
    guard.on('error', (e: Error) => this.fireError(e));
    guard.on('end', () => this.fireClose());
  }

  listen(callback: DataCallback): Disposable {
    this.guard.on('data', callback);
    return Disposable.create(() => this.guard.off('data', callback));
  }
}

/**
 * The server's connection as its command line asks (`--stdio`, `--node-ipc`,
 * `--socket=N`, `--pipe=NAME`); over stdio, behind a `MessageFramingGuard`
 * that reports what it drops in the client's log, and writing with
 * `rpcWriter.ts`.
 */
export function createServerConnection(argv: readonly string[] = process.argv): Connection {
  if (!argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  // The guard reports through the connection it feeds: made first, told later.
  const log: { connection?: Connection } = {};
  const guard = new MessageFramingGuard((reason) => log.connection?.console.warn(`ZoneLens: ignored ${reason}`));
  log.connection = createConnection(
    ProposedFeatures.all,
    new GuardedMessageReader(process.stdin.pipe(guard)),
    // Diagnostics published again are not encoded again (rpcWriter.ts).
    new SegmentedMessageWriter(process.stdout),
  );
  return log.connection;
}
