/**
 * The grammar loaded the way VS Code loads it (vscode-textmate with the
 * oniguruma WebAssembly engine), for tests that tokenize whole files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { INITIAL, Registry, parseRawGrammar, type IGrammar, type StackElement } from 'vscode-textmate';
import { OnigScanner, OnigString, loadWASM } from 'vscode-oniguruma';

/** Where the grammar lives, as package.json's `contributes.grammars` says. */
export const GRAMMAR_PATH = path.resolve(__dirname, '../../syntaxes/dns-zone.tmLanguage.json');

let loaded: Promise<IGrammar> | undefined;

/** The zone grammar, loaded once per process. */
export function zoneGrammar(): Promise<IGrammar> {
  loaded ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources: string[]) => new OnigScanner(sources),
        createOnigString: (s: string) => new OnigString(s),
      }),
      loadGrammar: (scope: string) =>
        Promise.resolve(
          scope === 'source.dns-zone' ? parseRawGrammar(fs.readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH) : null,
        ),
    });
    const grammar = await registry.loadGrammar('source.dns-zone');
    if (grammar === null) throw new Error(`cannot load ${GRAMMAR_PATH}`);
    return grammar;
  })();
  return loaded;
}

/** One token: its text, where it is, and its scopes (outermost first). */
export interface ScopedToken {
  line: number;
  start: number;
  text: string;
  scopes: string[];
}

/** Tokenizes a whole text line by line, carrying the state across lines as the editor does. */
export function tokenizeText(grammar: IGrammar, text: string): ScopedToken[] {
  const out: ScopedToken[] = [];
  let state: StackElement = INITIAL;
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) {
      out.push({ line: i, start: t.startIndex, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    }
    state = r.ruleStack;
  }
  return out;
}
