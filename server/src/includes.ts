import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { IncludeReader } from './zone/parser';

export interface IncludeAccess {
  /** The workspace is trusted: without trust nothing is read. */
  trusted: boolean;
  /** Workspace folder URIs: only files inside them are read. */
  workspaceFolders: string[];
}

function toPath(uriOrPath: string): string | undefined {
  if (uriOrPath.startsWith('file:')) return fileURLToPath(uriOrPath);
  return /^[a-z][a-z0-9+.-]*:/i.test(uriOrPath) ? undefined : uriOrPath;
}

function inside(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Reads `$INCLUDE`d files for the language server: relative to the including
 * file's folder, then to each workspace folder; only inside the workspace
 * folders (symbolic links resolved before the check), only when trusted.
 * File names are returned as `file:` URIs, so diagnostics land on them.
 */
export function workspaceIncludeReader(access: IncludeAccess): IncludeReader {
  const roots = access.workspaceFolders.map(toPath).filter((p): p is string => p !== undefined);
  const realRoots = roots.map((r) => {
    try {
      return fs.realpathSync(r);
    } catch {
      return r;
    }
  });
  return (p, from) => {
    if (!access.trusted) {
      return { ok: false, code: 'include-denied', message: `$INCLUDE ${p} was not read: the workspace is not trusted` };
    }
    const fromPath = toPath(from);
    const bases = [...(fromPath === undefined ? [] : [path.dirname(fromPath)]), ...roots];
    for (const base of bases) {
      const candidate = path.resolve(base, p);
      let real: string;
      try {
        real = fs.realpathSync(candidate);
      } catch {
        continue;
      }
      if (!realRoots.some((r) => inside(real, r))) {
        return {
          ok: false,
          code: 'include-denied',
          message: `$INCLUDE ${p} was not read: ${candidate} is outside the workspace folders`,
        };
      }
      try {
        return { ok: true, name: pathToFileURL(real).toString(), text: fs.readFileSync(real, 'utf8') };
      } catch (e) {
        return { ok: false, code: 'include-not-found', message: `$INCLUDE ${p}: ${(e as Error).message}` };
      }
    }
    return {
      ok: false,
      code: 'include-not-found',
      message: `$INCLUDE ${p}: no such file next to this one or in the workspace`,
    };
  };
}
