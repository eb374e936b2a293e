/**
 * Edits sent as ranges (as editors send them) are analysed around the edit
 * (checks/incremental.ts); the diagnostics the server publishes for each
 * version must be those of the same text opened fresh.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DidChangeTextDocumentNotification,
  type Diagnostic,
  type Position,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { startClient, type TestClient } from './client';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');

/** The LSP position of an offset. */
function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Diagnostics with the document's URI taken out of related locations, so that two URIs compare. */
function normalized(list: Diagnostic[], uri: string): unknown {
  return JSON.parse(JSON.stringify(list).split(JSON.stringify(uri).slice(1, -1)).join('<doc>'));
}

describe('language server: incremental edits', () => {
  let client: TestClient;

  before(async () => {
    client = await startClient();
  });

  after(async () => {
    await client.stop();
  });

  it('publishes, for every version of range edits, what a fresh open of that text publishes', async () => {
    const name = 'mx-failover.example.zone';
    let text = fs.readFileSync(path.join(EXAMPLES, name), 'utf8');
    const uri = `file:///edited/${name}`;
    client.open(uri, text);
    await client.diagnostics(uri, (p) => p.version === 1);
    // Edits in the records of the MX hosts: a host renamed character by character, an
    // address broken and repaired, a line pasted, a line ending deleted and typed again.
    const host = text.indexOf('\nmail3 ') + 1;
    assert.ok(host > 0, 'the example has no mail3 host');
    const edits: { at: number; remove: number; insert: string }[] = [
      { at: host + 3, remove: 0, insert: 'x' },
      { at: host + 4, remove: 0, insert: 'y' },
      { at: host + 3, remove: 2, insert: '' },
      { at: text.indexOf('.', host) + 1, remove: 0, insert: '9' },
      { at: text.indexOf('.', host) + 1, remove: 1, insert: '' },
      { at: host, remove: 0, insert: 'www A 192.0.2.77\n' },
      { at: host - 1, remove: 1, insert: '' },
      { at: host - 1, remove: 0, insert: '\n' },
    ];
    let version = 1;
    for (const e of edits) {
      version++;
      const change: TextDocumentContentChangeEvent = {
        range: { start: positionAt(text, e.at), end: positionAt(text, e.at + e.remove) },
        text: e.insert,
      };
      text = text.slice(0, e.at) + e.insert + text.slice(e.at + e.remove);
      const v = version;
      const edited = client.diagnostics(uri, (p) => p.version === v);
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [change],
      });
      const got = await edited;
      const freshUri = `file:///fresh${version}/${name}`;
      client.open(freshUri, text);
      const fresh = await client.diagnostics(freshUri);
      client.close(freshUri);
      assert.deepEqual(
        normalized(got.diagnostics, uri),
        normalized(fresh.diagnostics, freshUri),
        `after edit ${version - 1}: ${JSON.stringify(e)}`,
      );
    }
  });

  it('applies several changes of one notification in order', async () => {
    const name = 'example.com.zone';
    const original = fs.readFileSync(path.join(EXAMPLES, name), 'utf8');
    const uri = `file:///multi/${name}`;
    client.open(uri, original);
    await client.diagnostics(uri, (p) => p.version === 1);
    // Two changes: the second one's range is in the text the first one made.
    const at = original.indexOf('\nwww') + 1;
    assert.ok(at > 0, 'the example has no www record');
    const first = 'mail2 MX 10 nowhere\n';
    const text = original.slice(0, at) + first + 'x' + original.slice(at);
    const changes: TextDocumentContentChangeEvent[] = [
      { range: { start: positionAt(original, at), end: positionAt(original, at) }, text: first },
      { range: { start: positionAt(text, at + first.length), end: positionAt(text, at + first.length) }, text: 'x' },
    ];
    const edited = client.diagnostics(uri, (p) => p.version === 2);
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: changes,
    });
    const got = await edited;
    const freshUri = `file:///multi-fresh/${name}`;
    client.open(freshUri, text);
    const fresh = await client.diagnostics(freshUri);
    assert.ok(
      got.diagnostics.some((d) => d.range.start.line === positionAt(text, at).line),
      'the inserted MX record has no diagnostic: the edit was not applied',
    );
    assert.deepEqual(normalized(got.diagnostics, uri), normalized(fresh.diagnostics, freshUri));
  });
});
