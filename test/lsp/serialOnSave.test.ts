/**
 * `zonelens.serial.bumpOnSave` and the Bump SOA Serial command
 * (client/src/serial.ts) against the real built server. The client code runs
 * on a small stand-in for the `vscode` module (events, documents, edits and
 * messages as VS Code delivers them); its requests go over JSON-RPC to
 * `dist/server.js`, so the edits are the server's real answers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TextDocumentWillSaveEvent } from 'vscode';
// First: the stand-in for `vscode` must be in place before the client code loads.
import { nextQuestion, SaveReason, vscodeFake, type Edit } from './vscodeStub';
import { bumpSerialCommand, SerialOnSave } from '../../client/src/serial';
import { bumpSerial, localDay } from '../../server/src/zone/serial';
import { startClient, type TestClient } from './client';

/** A text document as the extension sees it, kept in step with the server. */
class FakeDocument {
  readonly languageId = 'dns-zone';
  isClosed = false;
  isDirty = false;
  version = 1;
  readonly uri: { toString(): string; fsPath: string };
  constructor(
    private readonly uriText: string,
    private text: string,
    private readonly server: TestClient,
  ) {
    this.uri = { toString: () => uriText, fsPath: '/tmp/example.com.zone' };
    server.open(uriText, text, 1);
  }
  getText(): string {
    return this.text;
  }
  setText(text: string): void {
    this.text = text;
    this.version++;
    this.isDirty = true;
    this.server.change(this.uriText, text, this.version);
  }
  apply(edits: readonly Edit[]): void {
    const lines = this.text.split('\n');
    for (const e of edits) {
      assert.equal(e.range.start.line, e.range.end.line);
      const l = lines[e.range.start.line];
      lines[e.range.start.line] = l.slice(0, e.range.start.character) + e.newText + l.slice(e.range.end.character);
    }
    this.setText(lines.join('\n'));
  }
  /** A save as VS Code makes it: participants first (their edits applied), then saved. */
  async save(reason = SaveReason.Manual): Promise<boolean> {
    const waits: Promise<Edit[]>[] = [];
    vscodeFake.events.willSave.fire({
      document: this,
      reason,
      waitUntil: (p: Promise<Edit[]>) => waits.push(p),
    } as unknown as TextDocumentWillSaveEvent);
    for (const w of waits) this.apply(await w);
    this.isDirty = false;
    vscodeFake.saves.push(this.text);
    vscodeFake.events.didSave.fire(this);
    return true;
  }
}

const ZONE = `$ORIGIN example.com.
$TTL 1h
@       IN  SOA   ns1 hostmaster (
                2024010101 ; serial
                1h 15m 2w 1h )
        IN  NS    ns1
ns1     IN  A     192.0.2.53
`;
const URI = 'file:///tmp/zonelens-serial/example.com.zone';

function serialOf(text: string): number {
  return Number(/(\d{10}) ; serial/.exec(text)?.[1]);
}

describe('client: bump the SOA serial', () => {
  let server: TestClient;
  let doc: FakeDocument;
  let watcher: { dispose(): void };

  before(async () => {
    server = await startClient();
    doc = new FakeDocument(URI, ZONE, server);
    vscodeFake.documents.push(doc);
    await server.diagnostics(URI);
    const ctx = {
      languageClient: { sendRequest: (type: never, params: never) => server.connection.sendRequest(type, params) },
      output: { appendLine: () => undefined },
    };
    watcher = new SerialOnSave(ctx as never);
    (vscodeFake as { ctx?: unknown }).ctx = ctx;
  });
  after(async () => {
    watcher.dispose();
    await server.stop();
  });

  const today = localDay(new Date());

  it('always: a save without changes leaves the serial alone', async () => {
    vscodeFake.mode = 'always';
    await doc.save();
    assert.equal(serialOf(doc.getText()), 2024010101);
  });

  it('always: a save after a change bumps the serial as part of the save', async () => {
    doc.setText(doc.getText() + 'www     IN  A     192.0.2.80\n');
    await doc.save();
    const want = bumpSerial(2024010101, today).to;
    assert.equal(serialOf(doc.getText()), want);
    assert.equal(serialOf(vscodeFake.saves[vscodeFake.saves.length - 1]), want, 'the saved text holds the bump');
  });

  it('always: an auto-save does not bump; its change counts at the next explicit save', async () => {
    const before = serialOf(doc.getText());
    doc.setText(doc.getText() + 'ftp     IN  A     192.0.2.21\n');
    await doc.save(SaveReason.AfterDelay);
    assert.equal(serialOf(doc.getText()), before);
    await doc.save();
    assert.equal(serialOf(doc.getText()), bumpSerial(before, today).to);
  });

  it('always: undoing back to the saved text is no change', async () => {
    const saved = doc.getText();
    doc.setText(saved + 'tmp IN A 192.0.2.1\n');
    doc.setText(saved);
    await doc.save();
    assert.equal(doc.getText(), saved);
  });

  it('always: a serial changed by hand since the last save is left alone', async () => {
    doc.setText(doc.getText().replace(/\d{10} ; serial/, '2030010100 ; serial'));
    await doc.save();
    assert.equal(serialOf(doc.getText()), 2030010100);
  });

  it('never: nothing happens', async () => {
    vscodeFake.mode = 'never';
    doc.setText(doc.getText() + 'a IN A 192.0.2.2\n');
    await doc.save();
    assert.equal(serialOf(doc.getText()), 2030010100);
  });

  it('ask: after the save a question; accepting bumps and saves again, without a second question', async () => {
    vscodeFake.mode = 'ask';
    doc.setText(doc.getText() + 'b IN A 192.0.2.3\n');
    const asked = nextQuestion();
    const saves = vscodeFake.saves.length;
    await doc.save();
    assert.equal(serialOf(vscodeFake.saves[saves]), 2030010100, 'the save itself is not held');
    await asked;
    const q = vscodeFake.questions.shift();
    assert.match(q?.message ?? '', /Bump its SOA serial \(2030010100 → 2030010101\)/);
    const savedAgain = new Promise<void>((resolve) => {
      const sub = vscodeFake.events.didSave.event(() => {
        sub.dispose();
        resolve();
      });
    });
    q?.answer('Bump Serial');
    await savedAgain;
    assert.equal(serialOf(doc.getText()), 2030010101);
    assert.equal(serialOf(vscodeFake.saves[vscodeFake.saves.length - 1]), 2030010101);
    assert.equal(doc.isDirty, false);
    assert.equal(vscodeFake.questions.length, 0);
  });

  it('ask: declining leaves the serial, and the same changes are not asked about again', async () => {
    doc.setText(doc.getText() + 'c IN A 192.0.2.4\n');
    const asked = nextQuestion();
    await doc.save();
    await asked;
    vscodeFake.questions.shift()?.answer('Not Now');
    assert.equal(serialOf(doc.getText()), 2030010101);
    // A save with nothing new: no question. The check of the text is synchronous once the save is
    // done; a turn of the event loop lets any question that was coming arrive.
    await doc.save();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(vscodeFake.questions.length, 0);
  });

  it('the command bumps the serial of the active zone', async () => {
    (vscodeFake.api.window as { activeTextEditor: unknown }).activeTextEditor = { document: doc };
    const shown = nextQuestion();
    await bumpSerialCommand((vscodeFake as unknown as { ctx: never }).ctx);
    await shown;
    assert.equal(serialOf(doc.getText()), 2030010102);
    assert.match(vscodeFake.questions.shift()?.message ?? '', /SOA serial 2030010101 → 2030010102/);
  });
});
