/**
 * Folding ranges of a zone's main file: records written over several lines
 * (parentheses), `$ORIGIN` sections (from the directive to the last line
 * before the next one) and blocks of two or more comment lines.
 */
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import { zoneSource } from '../fixes/source';
import type { Zone } from '../zone/model';

/** The folding ranges of the zone's main file. `baseOrigin` is the origin the file was read with. */
export function foldingRanges(zone: Zone, baseOrigin: string | null): FoldingRange[] {
  const src = zoneSource(zone, baseOrigin);
  const li = zone.lineIndex(0);
  const text = src.text(0);
  const lines = text.split(/\r\n|\r|\n/);
  const out: FoldingRange[] = [];

  // Records over several lines.
  for (const r of src.records(0)) {
    const ext = src.extent(r);
    const start = li.positionAt(ext.lineStart).line;
    const end = li.positionAt(Math.max(ext.contentEnd, r.end)).line;
    if (end > start) out.push({ startLine: start, endLine: end });
  }

  // $ORIGIN sections: up to the last line with content before the next $ORIGIN.
  const origins = zone.directives
    .filter((d) => d.file === 0 && d.name === '$ORIGIN')
    .map((d) => li.positionAt(d.start).line)
    .sort((a, b) => a - b);
  origins.forEach((startLine, i) => {
    let endLine = (i + 1 < origins.length ? origins[i + 1] : lines.length) - 1;
    while (endLine > startLine && lines[endLine].trim() === '') endLine--;
    if (endLine > startLine) out.push({ startLine, endLine, kind: FoldingRangeKind.Region });
  });

  // Blocks of comment lines.
  let blockStart = -1;
  for (let i = 0; i <= lines.length; i++) {
    const isComment = i < lines.length && lines[i].trimStart().startsWith(';');
    if (isComment && blockStart < 0) blockStart = i;
    if (!isComment && blockStart >= 0) {
      if (i - 1 > blockStart) out.push({ startLine: blockStart, endLine: i - 1, kind: FoldingRangeKind.Comment });
      blockStart = -1;
    }
  }
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
