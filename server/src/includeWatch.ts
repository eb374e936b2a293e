/**
 * Asks the editor to watch the files that the open zones' `$INCLUDE`s read or
 * looked for (`includeWatchPaths`), by registering
 * `workspace/didChangeWatchedFiles` for them (LSP dynamic registration), so
 * that saving an included file, or creating a missing one, analyses the
 * zones again at once. The registration follows the set of files: it is
 * replaced only when the set changes.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DidChangeWatchedFilesRegistrationOptions, Disposable, FileSystemWatcher } from 'vscode-languageserver';
import type { IncludeRead } from './zone/parser';

/** A name as a glob that matches it: glob characters become `?` (any one character, the name's own among them). */
function literal(name: string): string {
  return name.replace(/[*?[\]{},]/g, '?');
}

/**
 * One watcher per folder, for the files of `paths` in it. With
 * `relativePatterns` (the client's `relativePatternSupport`), a pattern
 * relative to the folder's URI; otherwise an absolute glob.
 */
export function watchersFor(paths: readonly string[], relativePatterns: boolean): FileSystemWatcher[] {
  const byFolder = new Map<string, string[]>();
  for (const p of paths) {
    const folder = path.dirname(p);
    const names = byFolder.get(folder) ?? [];
    names.push(literal(path.basename(p)));
    byFolder.set(folder, names);
  }
  return [...byFolder].map(([folder, names]) => {
    const pattern = names.length === 1 ? names[0] : `{${names.join(',')}}`;
    return {
      globPattern: relativePatterns
        ? { baseUri: pathToFileURL(folder).toString(), pattern }
        : `${literal(folder.replace(/\\/g, '/'))}/${pattern}`,
    };
  });
}

/** The registration of the watched include files, kept in step with the set of files. */
export class IncludeWatch {
  /** The lists of reads the files were found for last (see `update`). */
  private reads: readonly (readonly IncludeRead[])[] = [];
  /** The files registered last, sorted and joined. */
  private registered = '';
  /** The current registration, once the client has answered (undefined: none, or the client refused). */
  private registration: Promise<Disposable | undefined> = Promise.resolve(undefined);

  /** `pathsOf`: the files to watch for one zone's reads (`includeWatchPaths`). */
  constructor(
    private readonly register: (options: DidChangeWatchedFilesRegistrationOptions) => Promise<Disposable>,
    private readonly relativePatterns: boolean,
    private readonly pathsOf: (reads: readonly IncludeRead[]) => string[],
  ) {}

  /**
   * Watches the files of `reads`, each open zone's (`IncrementalAnalysis.includeReads`), and nothing
   * else: registers them anew when they are not what is registered. The lists a zone keeps while it
   * is analysed around its edits are the same objects: then nothing is looked at again.
   */
  update(reads: readonly (readonly IncludeRead[])[]): void {
    const lists = reads.filter((r) => r.length > 0);
    if (lists.length === this.reads.length && lists.every((r, i) => r === this.reads[i])) return;
    this.reads = lists;
    const sorted = [...new Set(lists.flatMap(this.pathsOf))].sort();
    const key = sorted.join('\n');
    if (key === this.registered) return;
    this.registered = key;
    const watchers = watchersFor(sorted, this.relativePatterns);
    // In turn: the old registration goes before the new one is asked for.
    this.registration = this.registration.then(async (old) => {
      old?.dispose();
      if (watchers.length === 0) return undefined;
      // A client that refuses keeps the old behaviour: included files are read again at the next edit.
      return this.register({ watchers }).catch(() => undefined);
    });
  }
}
