/**
 * How the server writes messages over a stream: JSON as vscode-jsonrpc writes
 * it, except that diagnostics published before are neither encoded nor
 * copied again.
 *
 * LSP has no partial update: after every keystroke the document's
 * diagnostics go out whole, and on a zone with thousands of findings
 * encoding them is most of a keystroke's cost. The LSP diagnostics of
 * `features/diagnostics.ts` stay the same objects while they stand (and are
 * never changed once made), and a keystroke changes few of them. A message
 * is written as a list of byte segments: the diagnostics that start and end
 * the list as they did in the document's last publication are that
 * publication's segments (views of the same memory, not copies), and those
 * between are pieced together from each one's UTF-8 JSON, kept beside it in
 * a `WeakMap`. The bytes are those of `JSON.stringify` of the whole message.
 */
import {
  AbstractMessageWriter,
  type Message,
  type MessageWriter,
  type NotificationMessage,
} from 'vscode-languageserver/node';
import { sameEnds } from './checks/incremental';

/** Each LSP diagnostic object's JSON in UTF-8, made on its first publication. */
const encoded = new WeakMap<object, Buffer>();
const COMMA = 0x2c;
const COMMA_BYTES = Buffer.from(',');

/** UTF-8 JSON of a diagnostic, from the cache when it was published before. */
function diagnosticJson(d: object): Buffer {
  let json = encoded.get(d);
  if (json === undefined) {
    json = Buffer.from(JSON.stringify(d), 'utf8');
    encoded.set(d, json);
  }
  return json;
}

/** A document's last publication: its diagnostics, its bytes and where each diagnostic's JSON lies in them. */
interface Publication {
  diagnostics: readonly object[];
  /** The message's bytes, in segments that later publications share. */
  segments: Buffer[];
  /**
   * Where each diagnostic's JSON starts in the bytes, and one more entry,
   * where one after the last would start: diagnostics `a` to `b - 1` are
   * bytes `[starts[a], starts[b] - 1)` (a comma stands before each start).
   */
  starts: number[];
}

/** The last publication of each document, by URI (a closed document's last one is its empty list). */
const published = new Map<string, Publication>();

/**
 * Most segments a kept publication may have. Each keystroke cuts the last
 * publication's segments around the diagnostics that changed and adds a
 * few; past this many, the next publication is joined into one buffer (a
 * copy of the whole, once in a while instead of at every keystroke), which
 * also lets go of the memory of the segments' unused parts.
 */
const MAX_SEGMENTS = 64;

function isPublishDiagnostics(
  msg: Message,
): msg is NotificationMessage & { params: { uri: unknown; diagnostics: object[] } } {
  const n = msg as NotificationMessage;
  return (
    n.method === 'textDocument/publishDiagnostics' &&
    typeof n.params === 'object' &&
    n.params !== null &&
    Array.isArray((n.params as { diagnostics?: unknown }).diagnostics)
  );
}

/** Appends to `out` the bytes `[from, to)` of the concatenation of `segments`, as views of them. */
function pushRange(out: Buffer[], segments: readonly Buffer[], from: number, to: number): void {
  let at = 0;
  for (const s of segments) {
    const end = at + s.length;
    if (end > from && at < to) out.push(s.subarray(Math.max(from, at) - at, Math.min(to, end) - at));
    if (end >= to) return;
    at = end;
  }
}

/**
 * The UTF-8 JSON of a message in segments, the JSON of its diagnostics taken
 * from the document's last publication and the cache: their concatenation
 * is the bytes of `JSON.stringify`.
 */
export function encodeMessage(msg: Message): Buffer[] {
  if (!isPublishDiagnostics(msg)) return [Buffer.from(JSON.stringify(msg), 'utf8')];
  const { diagnostics, ...rest } = msg.params;
  // The diagnostics last, as an empty list to fill in: `…"diagnostics":[]}}`.
  const shell = JSON.stringify({ jsonrpc: msg.jsonrpc, method: msg.method, params: { ...rest, diagnostics: [] } });
  const cut = shell.lastIndexOf('[]') + 1;
  const head = Buffer.from(shell.slice(0, cut), 'utf8');
  const tail = Buffer.from(shell.slice(cut), 'utf8');
  const n = diagnostics.length;
  // The runs at the start and at the end that the last publication had too.
  const last = typeof rest.uri === 'string' ? published.get(rest.uri) : undefined;
  const before = last?.diagnostics ?? [];
  const { head: same, tail: sameEnd } = sameEnds(before, diagnostics);
  const old = last as Publication;
  const from = before.length - sameEnd; // where the last run starts in the last publication
  // A plain array: a typed array this size is external memory, which hastens full collections.
  const starts = new Array<number>(n + 1).fill(0);
  const segments: Buffer[] = [head];
  let at = head.length;
  if (same > 0) {
    // A run moves as a block: each of its offsets by the same amount.
    const move = at - old.starts[0];
    pushRange(segments, old.segments, old.starts[0], old.starts[same] - 1);
    for (let i = 0; i < same; i++) starts[i] = old.starts[i] + move;
    at += old.starts[same] - 1 - old.starts[0];
  }
  if (same < n - sameEnd) {
    // The diagnostics between the runs, each after a comma (but the first of all), in one buffer.
    const jsons: Buffer[] = [];
    let length = 0;
    for (let i = same; i < n - sameEnd; i++) {
      const json = diagnosticJson(diagnostics[i]);
      jsons.push(json);
      length += json.length + (i > 0 ? 1 : 0);
    }
    const middle = Buffer.allocUnsafe(length);
    let m = 0;
    for (let k = 0; k < jsons.length; k++) {
      const i = same + k;
      if (i > 0) middle[m++] = COMMA;
      starts[i] = at + m;
      m += jsons[k].copy(middle, m);
    }
    segments.push(middle);
    at += length;
  }
  if (sameEnd > 0) {
    if (n - sameEnd > 0) {
      segments.push(COMMA_BYTES);
      at++;
    }
    const move = at - old.starts[from];
    pushRange(segments, old.segments, old.starts[from], old.starts[before.length] - 1);
    for (let k = 0; k < sameEnd; k++) starts[n - sameEnd + k] = old.starts[from + k] + move;
    at += old.starts[before.length] - 1 - old.starts[from];
  }
  starts[n] = at + 1;
  segments.push(tail);
  const out = segments.length > MAX_SEGMENTS ? [Buffer.concat(segments)] : segments;
  // A copy of the list: the caller's array is its own to change.
  if (typeof rest.uri === 'string')
    published.set(rest.uri, { diagnostics: diagnostics.slice(), segments: out, starts });
  return out;
}

/**
 * Writes messages to a stream as vscode-jsonrpc's stream writer does
 * (`Content-Length` header, UTF-8 JSON), each as the segments
 * `encodeMessage` gives, in one vectored write.
 */
export class SegmentedMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  constructor(private readonly out: NodeJS.WritableStream & { cork(): void; uncork(): void }) {
    super();
    out.on('error', (error: Error) => this.fireError(error));
    out.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    let segments: Buffer[];
    try {
      segments = encodeMessage(msg);
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      this.fireError(error);
      return Promise.reject(error);
    }
    let length = 0;
    for (const s of segments) length += s.length;
    return new Promise((resolve, reject) => {
      this.out.cork();
      this.out.write(`Content-Length: ${length}\r\n\r\n`, 'ascii');
      for (let i = 0; i < segments.length - 1; i++) this.out.write(segments[i]);
      this.out.write(segments[segments.length - 1], (error) => {
        if (error === null || error === undefined) return resolve();
        this.errorCount++;
        this.fireError(error, msg, this.errorCount);
        reject(error);
      });
      this.out.uncork();
    });
  }

  end(): void {
    this.out.end();
  }
}
