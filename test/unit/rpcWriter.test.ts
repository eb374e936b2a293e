/**
 * The server's writer reuses the JSON of diagnostics published before: what
 * it writes must be byte for byte what `JSON.stringify` of the message gives.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Message } from 'vscode-languageserver/node';
import { analyze } from '../../server/src/checks/index';
import { toLspDiagnostics } from '../../server/src/features/diagnostics';
import { encodeMessage } from '../../server/src/rpcWriter';
import { DEFAULT_SETTINGS } from '../../server/src/settings';

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
      assert.equal(encodeMessage(msg).toString('utf8'), JSON.stringify(msg));
    }
  });

  it('leaves every other message to JSON.stringify', () => {
    const messages = [
      { jsonrpc: '2.0', id: 1, result: { contents: { kind: 'markdown', value: '[]' } } },
      { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'diagnostics: []' } },
      { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'x', diagnostics: 'not a list' } },
    ] as unknown as Message[];
    for (const msg of messages) assert.equal(encodeMessage(msg).toString('utf8'), JSON.stringify(msg));
  });
});
