/**
 * An open document as the server keeps it: its text and where its lines
 * start, changed by the client's incremental changes.
 *
 * `vscode-languageserver-textdocument` keeps line starts in a plain array
 * and, after a change that adds or removes characters, adds the difference
 * to every later entry one by one: a keystroke near the top of a
 * million-line zone walks a million entries before the analysis starts.
 * Here the line starts are a `LineIndex` (zone/lineIndex.ts), which an edit
 * copies as a typed array (`LineIndex.edited`), and each change is handed
 * back as offsets, the form the incremental analysis takes.
 */
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { LineIndex, type Position, type Range } from './zone/lineIndex';
import type { TextEdit } from './zone/parser';

export class ZoneDocument {
  private lines: LineIndex;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    text: string,
  ) {
    this.lines = new LineIndex(text);
  }

  get lineCount(): number {
    return this.lines.lineCount;
  }

  getText(range?: Range): string {
    const text = this.lines.text;
    if (range === undefined) return text;
    return text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  positionAt(offset: number): Position {
    return this.lines.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.lines.offsetAt(position);
  }

  /**
   * Applies one content change (LSP ranges are read in the text as it is
   * before the change) and returns it as an edit of offsets, or null when
   * it replaced the whole text.
   */
  apply(change: TextDocumentContentChangeEvent): TextEdit | null {
    const old = this.lines.text;
    if (!('range' in change)) {
      this.lines = new LineIndex(change.text);
      return null;
    }
    let start = this.offsetAt(change.range.start);
    let end = this.offsetAt(change.range.end);
    // A range given end first covers the same text.
    if (end < start) [start, end] = [end, start];
    const text = old.slice(0, start) + change.text + old.slice(end);
    const edit = { start, oldEnd: end, newEnd: start + change.text.length };
    // Not tracked: the document has no use for the old text.
    this.lines = this.lines.edited(text, edit, false);
    return edit;
  }
}
