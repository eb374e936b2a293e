/**
 * A stand-in for the \`vscode\` module, for tests of client code that needs
 * only events, documents, edits and messages. Importing this file makes
 * \`require('vscode')\` return it, so it must be imported before the client
 * code; its API object is complete at load time (bundlers copy a module's
 * properties when it is first imported).
 */
import assert from 'node:assert/strict';
import Module from 'node:module';
import type { TextDocumentWillSaveEvent } from 'vscode';

type Listener<T> = (e: T) => void;

export class Emitter<T> {
  private readonly listeners: Listener<T>[] = [];
  event = (l: Listener<T>) => {
    this.listeners.push(l);
    return { dispose: () => this.listeners.splice(this.listeners.indexOf(l), 1) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
}

export class Range {
  readonly start: { line: number; character: number };
  readonly end: { line: number; character: number };
  constructor(sl: number, sc: number, el: number, ec: number) {
    this.start = { line: sl, character: sc };
    this.end = { line: el, character: ec };
  }
}

export interface Edit {
  range: Range;
  newText: string;
}

export const SaveReason = { Manual: 1, AfterDelay: 2, FocusOut: 3 };

/** The parts of the `vscode` API client/src/serial.ts and config.ts use. */
export const vscodeFake = {
  mode: 'never',
  saves: [] as string[],
  questions: [] as { message: string; answer: (choice: string | undefined) => void }[],
  waiters: [] as (() => void)[],
  events: {
    open: new Emitter<FakeDocumentLike>(),
    close: new Emitter<FakeDocumentLike>(),
    willSave: new Emitter<TextDocumentWillSaveEvent>(),
    didSave: new Emitter<FakeDocumentLike>(),
  },
  documents: [] as FakeDocumentLike[],
  api: {} as Record<string, unknown>,
};
vscodeFake.api = {
  TextDocumentSaveReason: SaveReason,
  Range,
  TextEdit: { replace: (range: Range, newText: string): Edit => ({ range, newText }) },
  Uri: { parse: (s: string) => ({ toString: () => s }) },
  WorkspaceEdit: class {
    readonly edits: { uri: string; edit: Edit }[] = [];
    replace(uri: { toString(): string }, range: Range, newText: string): void {
      this.edits.push({ uri: uri.toString(), edit: { range, newText } });
    }
  },
  workspace: {
    get textDocuments() {
      return vscodeFake.documents;
    },
    onDidOpenTextDocument: vscodeFake.events.open.event,
    onDidCloseTextDocument: vscodeFake.events.close.event,
    onWillSaveTextDocument: vscodeFake.events.willSave.event,
    onDidSaveTextDocument: vscodeFake.events.didSave.event,
    getConfiguration: () => ({ get: (key: string) => (key === 'serial.bumpOnSave' ? vscodeFake.mode : undefined) }),
    asRelativePath: () => 'example.com.zone',
    applyEdit: (we: { edits: { uri: string; edit: Edit }[] }) => {
      for (const { uri, edit } of we.edits) vscodeFake.documents.find((d) => d.uri.toString() === uri)?.apply([edit]);
      return Promise.resolve(true);
    },
  },
  window: {
    activeTextEditor: undefined as unknown,
    showInformationMessage: (message: string) =>
      new Promise<string | undefined>((answer) => {
        vscodeFake.questions.push({ message, answer });
        for (const w of vscodeFake.waiters.splice(0)) w();
      }),
    showWarningMessage: (message: string) => assert.fail(`unexpected warning: ${message}`),
    setStatusBarMessage: () => ({ dispose() {} }),
  },
};

/** Resolves when the extension asks the user something. */
export function nextQuestion(): Promise<void> {
  return new Promise((resolve) => vscodeFake.waiters.push(resolve));
}

// `import * as vscode from 'vscode'` in the client code gets the stand-in.
const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
const load = loader._load.bind(Module);
loader._load = (request, parent, isMain) => (request === 'vscode' ? vscodeFake.api : load(request, parent, isMain));

/** What the stand-in needs of a test's documents. */
export interface FakeDocumentLike {
  uri: { toString(): string };
  apply(edits: readonly Edit[]): void;
}
