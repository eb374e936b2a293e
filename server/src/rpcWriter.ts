/**
 * How the server writes messages over a stream: JSON as vscode-jsonrpc writes
 * it, except that a diagnostic published again is not encoded again.
 *
 * LSP has no partial update: after every keystroke the document's
 * diagnostics go out whole, and on a zone with thousands of findings
 * encoding them is most of a keystroke's cost. The LSP diagnostics of
 * `features/diagnostics.ts` stay the same objects while they stand (and are
 * never changed once made), so each one's UTF-8 JSON is kept beside it in a
 * `WeakMap` and a publication is the kept pieces copied together. The bytes
 * are those of `JSON.stringify` of the whole message.
 */
import type { Message, NotificationMessage } from 'vscode-languageserver/node';

/** Each LSP diagnostic object's JSON in UTF-8, made on its first publication. */
const encoded = new WeakMap<object, Buffer>();
const COMMA = Buffer.from(',');

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
 * The UTF-8 JSON of a message, with the JSON of its diagnostics taken from
 * the cache: the same bytes as `JSON.stringify`, copied once into place.
 */
export function encodeMessage(msg: Message): Buffer {
  if (!isPublishDiagnostics(msg)) return Buffer.from(JSON.stringify(msg), 'utf8');
  const { diagnostics, ...rest } = msg.params;
  // The diagnostics last, as an empty list to fill in: `…"diagnostics":[]}}`.
  const shell = JSON.stringify({ jsonrpc: msg.jsonrpc, method: msg.method, params: { ...rest, diagnostics: [] } });
  const end = shell.lastIndexOf('[]') + 1;
  const parts: Buffer[] = [Buffer.from(shell.slice(0, end), 'utf8')];
  for (let i = 0; i < diagnostics.length; i++) {
    if (i > 0) parts.push(COMMA);
    parts.push(diagnosticJson(diagnostics[i]));
  }
  parts.push(Buffer.from(shell.slice(end), 'utf8'));
  return Buffer.concat(parts);
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
