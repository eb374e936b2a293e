/**
 * Folding ranges of a zone's main file: records written over several lines
 * (parentheses), `$ORIGIN` sections (from the directive to the last line
 * before the next one) and blocks of two or more comment lines.
 *
 * Linear in the text, without splitting it into lines: an editor asks again
 * after each pause in typing, and a large zone has a million lines. At most
 * `maxItems` ranges (`zonelens.maxItemsComputed`), the first in the file.
 */
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import { zoneSource } from '../fixes/source';
import { firstFrom, type Zone } from '../zone/model';
import { inTextOrder, type ZoneRecord } from '../zone/parser';

/** The folding ranges of the zone's main file. `baseOrigin` is the origin the file was read with; `maxItems` 0: all. */
export function foldingRanges(zone: Zone, baseOrigin: string | null, maxItems = 0): FoldingRange[] {
  const src = zoneSource(zone, baseOrigin);
  const li = zone.lineIndex(0);
  const text = src.text(0);
  const out: FoldingRange[] = [];

  // Records over several lines: each line with a `(` (found by `indexOf`) and the record that starts
  // on it, read to its end; only those with a line break inside are looked up in the line table.
  const records: readonly ZoneRecord[] = inTextOrder(zone) ? zone.records : src.records(0);
  for (let at = text.indexOf('('); at >= 0; at = text.indexOf('(', at + 1)) {
    const lineStart = src.lineStart(0, at);
    const lineEnd = nextLineBreak(text, at);
    const r = records[firstFrom(records, lineStart, (x) => x.start)] as ZoneRecord | undefined;
    if (r !== undefined && (lineEnd < 0 || r.start < lineEnd)) {
      const ext = src.extent(r);
      const end = Math.max(ext.contentEnd, r.end);
      if (hasLineBreak(text, ext.lineStart, end)) {
        const startLine = li.positionAt(ext.lineStart).line;
        const endLine = li.positionAt(end).line;
        if (endLine > startLine) out.push({ startLine, endLine });
      }
    }
    if (lineEnd < 0) break;
    at = lineEnd; // the rest of the line is done
  }

  // $ORIGIN sections: up to the last line with content before the next $ORIGIN.
  const origins = zone.directives
    .filter((d) => d.file === 0 && d.name === '$ORIGIN')
    .map((d) => li.positionAt(d.start).line)
    .sort((a, b) => a - b);
  origins.forEach((startLine, i) => {
    let endLine = (i + 1 < origins.length ? origins[i + 1] : li.lineCount) - 1;
    while (endLine > startLine && blankLine(text, li.lineStart(endLine))) endLine--;
    if (endLine > startLine) out.push({ startLine, endLine, kind: FoldingRangeKind.Region });
  });

  // Blocks of comment lines: each `;` that is the first thing on its line, found by `indexOf`.
  let blockStart = -1;
  let blockEnd = -1;
  const closeBlock = (): void => {
    if (blockEnd > blockStart) out.push({ startLine: blockStart, endLine: blockEnd, kind: FoldingRangeKind.Comment });
  };
  for (let at = text.indexOf(';'); at >= 0; at = text.indexOf(';', at + 1)) {
    const lineStart = startOfLine(text, at);
    if (lineStart < 0) continue; // something before it on its line
    const line = li.positionAt(lineStart).line;
    if (line === blockEnd) continue; // a second `;` on a comment line
    if (line !== blockEnd + 1 || blockStart < 0) {
      closeBlock();
      blockStart = line;
    }
    blockEnd = line;
    // The rest of the line is comment.
    const nl = nextLineBreak(text, at);
    if (nl < 0) break;
    at = nl;
  }
  closeBlock();

  out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  return maxItems > 0 && out.length > maxItems ? out.slice(0, maxItems) : out;
}

function isLineBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d;
}

/** Space, tab, vertical tab, form feed. */
function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c;
}

function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isLineBreak(text.charCodeAt(i))) return true;
  return false;
}

/** The offset of the line break at or after `from`, or -1. */
function nextLineBreak(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (isLineBreak(text.charCodeAt(i))) return i;
  return -1;
}

/** The start of the line of `at` when only blanks come before `at` on it, else -1. */
function startOfLine(text: string, at: number): number {
  let i = at;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (isLineBreak(c)) break;
    if (!isBlank(c)) return -1;
    i--;
  }
  return i;
}

/** True when the line starting at `start` holds only blanks. */
function blankLine(text: string, start: number): boolean {
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isLineBreak(c)) return true;
    if (!isBlank(c)) return false;
  }
  return true;
}
