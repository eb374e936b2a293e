/**
 * Reading `$INCLUDE`d files, for the language server and for the CLI. The
 * core's parser asks a reader (`IncludeReader`) for each file; these are the
 * two readers that touch the disk.
 *
 * Where a relative path is looked for, in order: the including file's folder,
 * then (server) each workspace folder, then each search path
 * (`zonelens.include.searchPaths`, or the CLI's `--include-path`). An
 * absolute path is taken as it is. The server reads only files whose real
 * path (symbolic links resolved) lies inside a workspace folder, and nothing
 * at all in an untrusted workspace; every refusal says why, at the
 * `$INCLUDE` directive.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { IncludeRead, IncludeReader, IncludeResult } from './zone/parser';
import { readTextFile } from './textFile';

/** The largest file `$INCLUDE` reads: a bigger one is reported, not read (a zone is text, not a disk image). */
export const MAX_INCLUDE_BYTES = 64 * 1024 * 1024;

/** What the server may read. */
export interface IncludeAccess {
  /** The workspace is trusted: without trust nothing is read. */
  trusted: boolean;
  /** Workspace folder URIs (or paths): only files inside them are read. */
  workspaceFolders: string[];
  /**
   * `zonelens.include.searchPaths`, asked at every read so that a settings
   * change applies at once: folders, absolute or relative to each workspace
   * folder.
   */
  searchPaths?: () => readonly string[];
}

/** A local path for a `file:` URI or a path; undefined for other schemes (nothing to read there). */
function toPath(uriOrPath: string): string | undefined {
  if (uriOrPath.startsWith('file:')) {
    try {
      return fileURLToPath(uriOrPath);
    } catch {
      return undefined;
    }
  }
  return /^[a-z][a-z0-9+.-]*:/i.test(uriOrPath) && !/^[a-z]:[\\/]/i.test(uriOrPath) ? undefined : uriOrPath;
}

/** True when `file` is `folder` or below it (both real, absolute paths). */
function inside(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function realpath(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

/** Where a `$INCLUDE` path may be: absolute as given, else below each folder, in order, without repeats. */
function candidates(p: string, folders: readonly string[]): string[] {
  if (path.isAbsolute(p)) return [path.normalize(p)];
  return [...new Set(folders.map((f) => path.resolve(f, p)))];
}

/** Reads a regular file of at most `MAX_INCLUDE_BYTES`, or says why not. */
function readRegularFile(
  written: string,
  real: string,
): { ok: true; text: string } | { ok: false; code: 'include-not-found'; message: string } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(real);
  } catch (e) {
    return { ok: false, code: 'include-not-found', message: `$INCLUDE ${written}: ${(e as Error).message}` };
  }
  // A FIFO or a device would block or never end; a folder cannot be read.
  if (!stat.isFile()) {
    return {
      ok: false,
      code: 'include-not-found',
      message: `$INCLUDE ${written}: ${real} is ${stat.isDirectory() ? 'a folder' : 'not a regular file'}`,
    };
  }
  if (stat.size > MAX_INCLUDE_BYTES) {
    return {
      ok: false,
      code: 'include-not-found',
      message: `$INCLUDE ${written}: ${real} was not read: it is ${stat.size} bytes, more than the ${MAX_INCLUDE_BYTES} an included file may have`,
    };
  }
  try {
    return { ok: true, text: readTextFile(real) };
  } catch (e) {
    return { ok: false, code: 'include-not-found', message: `$INCLUDE ${written}: ${(e as Error).message}` };
  }
}

function notFound(written: string, tried: readonly string[]): IncludeResult {
  return {
    ok: false,
    code: 'include-not-found',
    message:
      tried.length === 0
        ? `$INCLUDE ${written}: no folder to look in`
        : `$INCLUDE ${written}: no such file; tried ${tried.join(', ')}`,
  };
}

/** Where the server's reader looks for a relative path: the including file's folder, the workspace folders, the search paths. */
function searchFolders(access: IncludeAccess, roots: readonly string[], from: string): string[] {
  const fromPath = toPath(from);
  const searchPaths = (access.searchPaths?.() ?? []).flatMap((s) =>
    path.isAbsolute(s) ? [s] : roots.map((r) => path.resolve(r, s)),
  );
  return [...(fromPath === undefined ? [] : [path.dirname(fromPath)]), ...roots, ...searchPaths];
}

/**
 * The server's reader: relative to the including file's folder, then each
 * workspace folder, then each search path; only inside the workspace folders
 * (symbolic links resolved before the check), only when trusted. Included
 * files are named by the `file:` URI of their real path, so diagnostics land
 * on them, and keyed by their real path for cycle detection (see
 * `includeKey` for the main file's key).
 */
export function workspaceIncludeReader(access: IncludeAccess): IncludeReader {
  const roots = access.workspaceFolders.map(toPath).filter((p): p is string => p !== undefined);
  const realRoots = roots.map((r) => realpath(r) ?? path.resolve(r));
  return (p, from) => {
    if (!access.trusted) {
      return {
        ok: false,
        code: 'include-denied',
        message: `$INCLUDE ${p} was not read: the workspace is not trusted (ZoneLens reads no other file until you trust it)`,
      };
    }
    if (realRoots.length === 0) {
      return {
        ok: false,
        code: 'include-denied',
        message: `$INCLUDE ${p} was not read: no workspace folder is open, and ZoneLens reads files only inside one`,
      };
    }
    const tried: string[] = [];
    let outside: { candidate: string; real: string } | undefined;
    for (const candidate of candidates(p, searchFolders(access, roots, from))) {
      tried.push(candidate);
      const real = realpath(candidate);
      if (real === undefined) continue;
      // A file outside the workspace is not read, but a later folder may still hold one inside.
      if (!realRoots.some((r) => inside(real, r))) {
        outside ??= { candidate, real };
        continue;
      }
      const got = readRegularFile(p, real);
      if (!got.ok) return got;
      return { ok: true, name: pathToFileURL(real).toString(), text: got.text, key: real };
    }
    if (outside !== undefined) {
      const via = outside.real === outside.candidate ? '' : ` (a symbolic link to ${outside.real})`;
      return {
        ok: false,
        code: 'include-denied',
        message: `$INCLUDE ${p} was not read: ${outside.candidate}${via} is outside the workspace folders`,
      };
    }
    return notFound(p, tried);
  };
}

/**
 * The files whose creation, change or deletion can change what the server's
 * reader answered to `reads`: each place it looked inside the workspace
 * folders (a file that appears in an earlier place is read instead, a
 * missing one may appear), and the real path of each file it read (which a
 * symbolic link may hide). Nothing in an untrusted workspace, which reads
 * nothing. The server asks the editor to watch them (`includeWatch.ts`).
 */
export function includeWatchPaths(access: IncludeAccess, reads: readonly IncludeRead[]): string[] {
  if (!access.trusted) return [];
  const roots = access.workspaceFolders.map(toPath).filter((p): p is string => p !== undefined);
  const within = roots.map((r) => path.resolve(r));
  const paths = new Set<string>();
  for (const { path: p, fromFile, result } of reads) {
    for (const candidate of candidates(p, searchFolders(access, roots, fromFile))) {
      if (within.some((r) => inside(candidate, r))) paths.add(candidate);
    }
    if (result.ok && result.key !== undefined) paths.add(result.key);
  }
  return [...paths];
}

/**
 * The CLI's reader: relative to the including file's folder, then each
 * `--include-path` folder; any readable regular file (the user named the
 * files on the command line). Included files are named by their path
 * relative to the current folder, as the user would type it.
 */
export function fileIncludeReader(includePaths: readonly string[]): IncludeReader {
  return (p, from) => {
    const folders = [path.dirname(path.resolve(from)), ...includePaths.map((d) => path.resolve(d))];
    const tried: string[] = [];
    for (const candidate of candidates(p, folders)) {
      tried.push(path.relative(process.cwd(), candidate) || candidate);
      const real = realpath(candidate);
      if (real === undefined) continue;
      const got = readRegularFile(p, real);
      if (!got.ok) return got;
      return { ok: true, name: path.relative(process.cwd(), candidate) || candidate, text: got.text, key: real };
    }
    return notFound(p, tried);
  };
}

/**
 * The key a reader above gives a file (its real path), for the main file of
 * a parse (`ParseOptions.fileKey`): a zone that includes itself is then seen
 * as a cycle at once, whatever name it was opened under.
 */
export function includeKey(uriOrPath: string): string | undefined {
  const p = toPath(uriOrPath);
  return p === undefined ? undefined : realpath(p);
}
