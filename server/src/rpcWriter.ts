/**
 * How the server writes messages over a stream: JSON as vscode-jsonrpc writes
 * it, except that diagnostics published before are not encoded again.
 *
 * LSP has no partial update: after every keystroke the document's
 * diagnostics go out whole, and on a zone with thousands of findings
 * encoding them is most of a keystroke's cost. The LSP diagnostics of
 * `features/diagnostics.ts` stay the same objects while they stand (and are
 * never changed once made), and a keystroke changes few of them: the
 * diagnostics that start and end the list as they did in the document's
 * last publication are copied from its bytes in two runs, and those between
 * are pieced together from each one's UTF-8 JSON, kept beside it in a
 * `WeakMap`. The bytes are those of `JSON.stringify` of the whole message.
 */
import type { Message, NotificationMessage } from 'vscode-languageserver/node';

/** Each LSP diagnostic object's JSON in UTF-8, made on its first publication. */
const encoded = new WeakMap<object, Buffer>();
const COMMA = 0x2c;

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
  bytes: Buffer;
  /**
   * Where each diagnostic's JSON starts in `bytes`, and one more entry, where
   * one after the last would start: diagnostics `a` to `b - 1` are
   * `bytes[starts[a], starts[b] - 1)` (a comma stands before each start).
   */
  starts: number[];
}

/** The last publication of each document, by URI (a closed document's last one is its empty list). */
const published = new Map<string, Publication>();

/**
 * The largest publication kept for the next one. Kept bytes outlive the
 * young generation, and only a full collection gives them back: on a zone
 * with a million records (70 000 findings, 37 MB per publication) keeping
 * them made full collections of a large heap so frequent that the server
 * worked a fifth longer per keystroke than when copying each diagnostic's
 * JSON again. Below this size (100 000 records: 3.7 MB) keeping them takes
 * about a quarter off the server's work per keystroke.
 */
const KEEP_UP_TO = 8 << 20;

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

/**
 * The UTF-8 JSON of a message, with the JSON of its diagnostics taken from
 * the document's last publication and the cache: the same bytes as
 * `JSON.stringify`, copied once into place.
 */
export function encodeMessage(msg: Message): Buffer {
  if (!isPublishDiagnostics(msg)) return Buffer.from(JSON.stringify(msg), 'utf8');
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
  let same = 0;
  while (same < n && same < before.length && diagnostics[same] === before[same]) same++;
  let sameEnd = 0;
  while (
    sameEnd < n - same &&
    sameEnd < before.length - same &&
    diagnostics[n - 1 - sameEnd] === before[before.length - 1 - sameEnd]
  ) {
    sameEnd++;
  }
  const middle: Buffer[] = [];
  for (let i = same; i < n - sameEnd; i++) middle.push(diagnosticJson(diagnostics[i]));
  // Lengths: each run's bytes (with the commas inside it), the commas between the others.
  const old = last as Publication;
  const from = before.length - sameEnd; // where the last run starts in the last publication
  const firstRun = same > 0 ? old.starts[same] - 1 - old.starts[0] : 0;
  const lastRun = sameEnd > 0 ? old.starts[before.length] - 1 - old.starts[from] : 0;
  const commas = n === 0 ? 0 : n - 1 - Math.max(0, same - 1) - Math.max(0, sameEnd - 1);
  let length = head.length + tail.length + firstRun + lastRun + commas;
  for (const json of middle) length += json.length;
  const bytes = Buffer.allocUnsafe(length);
  // A plain array: a typed array this size is external memory, which hastens full collections.
  const starts = new Array<number>(n + 1).fill(0);
  let at = head.copy(bytes, 0);
  if (same > 0) {
    // A run moves as a block: each of its offsets by the same amount.
    const move = at - old.starts[0];
    at += old.bytes.copy(bytes, at, old.starts[0], old.starts[same] - 1);
    for (let i = 0; i < same; i++) starts[i] = old.starts[i] + move;
  }
  for (let k = 0; k < middle.length; k++) {
    const i = same + k;
    if (i > 0) bytes[at++] = COMMA;
    starts[i] = at;
    at += middle[k].copy(bytes, at);
  }
  if (sameEnd > 0) {
    if (n - sameEnd > 0) bytes[at++] = COMMA;
    const move = at - old.starts[from];
    at += old.bytes.copy(bytes, at, old.starts[from], old.starts[before.length] - 1);
    for (let k = 0; k < sameEnd; k++) starts[n - sameEnd + k] = old.starts[from + k] + move;
  }
  starts[n] = at + 1;
  tail.copy(bytes, at);
  if (typeof rest.uri === 'string') {
    // A copy of the list: the caller's array is its own to change.
    if (length <= KEEP_UP_TO) published.set(rest.uri, { diagnostics: diagnostics.slice(), bytes, starts });
    else published.delete(rest.uri);
  }
  return bytes;
}

/** A vscode-jsonrpc content-type encoder (`application/json`) that writes with `encodeMessage`. */
export const jsonEncoder = {
  name: 'application/json',
  // vscode-jsonrpc writes UTF-8 unless told otherwise, and the server does not tell it otherwise.
  encode(msg: Message): Promise<Uint8Array> {
    try {
      return Promise.resolve(encodeMessage(msg));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  },
};
