/**
 * How the server writes messages over a stream: JSON as vscode-jsonrpc writes
 * it, except that a diagnostic published again is not encoded again.
 *
 * LSP has no partial update: after every keystroke the document's
 * diagnostics go out whole, and on a zone with thousands of findings
 * encoding them is most of a keystroke's cost. The LSP diagnostics of
 * `features/diagnostics.ts` stay the same objects while they stand (and are
 * never changed once made), so each one's UTF-8 JSON is kept beside it in a
 * `WeakMap` and a publication is the kept pieces copied together, the runs
 * that stand as they stood in the document's last publication copied from
 * it in one piece. The bytes are those of `JSON.stringify` of the whole message.
 */
import type { Message, NotificationMessage } from 'vscode-languageserver/node';

/** Each LSP diagnostic object's JSON in UTF-8, made on its first publication. */
const encoded = new WeakMap<object, Buffer>();

/** UTF-8 JSON of a diagnostic, from the cache when it was published before. */
function diagnosticJson(d: object): Buffer {
  let json = encoded.get(d);
  if (json === undefined) {
    json = Buffer.from(JSON.stringify(d), 'utf8');
    encoded.set(d, json);
  }
  return json;
}

function isPublishDiagnostics(msg: Message): msg is NotificationMessage & { params: { diagnostics: object[] } } {
  const n = msg as NotificationMessage;
  return (
    n.method === 'textDocument/publishDiagnostics' &&
    typeof n.params === 'object' &&
    n.params !== null &&
    Array.isArray((n.params as { diagnostics?: unknown }).diagnostics)
  );
}

/**
 * The last publication of each document: its diagnostics, its bytes, and
 * where each diagnostic's JSON starts in them (`starts[diagnostics.length]`
 * is where the list's `]` stands).
 */
interface Published {
  diagnostics: readonly object[];
  bytes: Buffer;
  starts: Int32Array;
}
const published = new Map<string, Published>();

/**
 * The UTF-8 JSON of a message, with the JSON of its diagnostics taken from
 * the cache: the same bytes as `JSON.stringify`. A keystroke changes the
 * diagnostics around it; those before and after it are the objects of the
 * document's last publication, in the same order, and their bytes are
 * copied from it in one piece each (a zone with 70 000 findings is then
 * three copies, not 140 000).
 */
export function encodeMessage(msg: Message): Buffer {
  if (!isPublishDiagnostics(msg)) return Buffer.from(JSON.stringify(msg), 'utf8');
  const { diagnostics, ...rest } = msg.params;
  // The diagnostics last, as an empty list to fill in: `…"diagnostics":[]}}`.
  const shell = JSON.stringify({ jsonrpc: msg.jsonrpc, method: msg.method, params: { ...rest, diagnostics: [] } });
  const end = shell.lastIndexOf('[]') + 1;
  const head = Buffer.from(shell.slice(0, end), 'utf8');
  const tail = Buffer.from(shell.slice(end), 'utf8');
  const { uri } = msg.params as { uri?: unknown };
  const last = typeof uri === 'string' ? published.get(uri) : undefined;
  const n = diagnostics.length;
  // The diagnostics that open and close the list as they did last time.
  let same = 0;
  let sameAtEnd = 0;
  if (last !== undefined) {
    const old = last.diagnostics;
    const max = Math.min(old.length, n);
    while (same < max && old[same] === diagnostics[same]) same++;
    while (sameAtEnd < max - same && old[old.length - 1 - sameAtEnd] === diagnostics[n - 1 - sameAtEnd]) sameAtEnd++;
  }
  const middle: Buffer[] = [];
  for (let i = same; i < n - sameAtEnd; i++) middle.push(diagnosticJson(diagnostics[i]));
  // Where each diagnostic's JSON starts, counted from the first one's.
  const starts = new Int32Array(n + 1);
  let at = 0;
  if (same > 0) {
    const s = (last as Published).starts;
    for (let i = 0; i < same; i++) starts[i] = s[i] - s[0];
    at = s[same] - s[0];
    // The copied run ends with a comma when more followed it last time.
    if (same === (last as Published).diagnostics.length) at += 1;
  }
  for (let i = 0; i < middle.length; i++) {
    starts[same + i] = at;
    at += middle[i].length + 1;
  }
  if (sameAtEnd > 0) {
    const old = last as Published;
    const from = old.diagnostics.length - sameAtEnd;
    const shift = at - (old.starts[from] - old.starts[0]);
    for (let i = 0; i < sameAtEnd; i++) starts[n - sameAtEnd + i] = old.starts[from + i] - old.starts[0] + shift;
    at = old.starts[old.diagnostics.length] - old.starts[0] + shift + 1;
  }
  // `at` counts a comma after the last diagnostic, which is not written.
  const listLength = n === 0 ? 0 : at - 1;
  starts[n] = listLength;
  const bytes = Buffer.allocUnsafe(head.length + listLength + tail.length);
  let pos = head.copy(bytes, 0);
  const writeComma = () => (bytes[pos++] = 0x2c);
  if (same > 0) {
    const old = last as Published;
    const runEnd = same === old.diagnostics.length ? old.starts[same] : old.starts[same] - 1;
    pos += old.bytes.copy(bytes, pos, old.starts[0], runEnd);
    if (same < n) writeComma();
  }
  for (let i = 0; i < middle.length; i++) {
    pos += middle[i].copy(bytes, pos);
    if (same + i < n - 1) writeComma();
  }
  if (sameAtEnd > 0) {
    const old = last as Published;
    pos += old.bytes.copy(
      bytes,
      pos,
      old.starts[old.diagnostics.length - sameAtEnd],
      old.starts[old.diagnostics.length],
    );
  }
  tail.copy(bytes, pos);
  // Offsets in the bytes of this message.
  for (let i = 0; i <= n; i++) starts[i] += head.length;
  if (typeof uri === 'string') {
    if (n === 0) published.delete(uri);
    else published.set(uri, { diagnostics, bytes, starts });
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
