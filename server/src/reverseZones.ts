import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isReverseZone, loadZone } from './checks/index';
import type { Settings } from './settings';
import type { Zone } from './zone/model';
import { originFromFileName } from './zone/origin';
import { readTextFile } from './textFile';

/** Files that may hold a reverse zone: the usual names of zone files. */
const CANDIDATE = /(\.(zone|arpa|rev|db|dns|signed)$)|(^db\.)|(in-addr|ip6)\.arpa/i;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out']);
const MAX_FILES = 2000;
const MAX_BYTES = 5 * 1024 * 1024;
const MAX_DEPTH = 8;

/**
 * The reverse zones (`in-addr.arpa`, `ip6.arpa`) found in the workspace
 * folders, for `mx-ptr-missing` / `mx-ptr-mismatch`. Read only in a trusted
 * workspace, bounded in files, size and depth; re-read when a file changes
 * (the server forwards watched-file events) and cached by modification time.
 */
export class WorkspaceReverseZones {
  private readonly cache = new Map<string, { mtimeMs: number; zone: Zone | null }>();
  private files: string[] | null = null;

  constructor(
    private readonly folders: string[],
    private readonly settings: () => Settings,
  ) {}

  /** Forgets the file list, so that the next call scans again (a file was created or deleted). */
  invalidate(): void {
    this.files = null;
  }

  /** The reverse zones of the workspace, except the document being checked. */
  zones(exceptUri: string): Zone[] {
    this.files ??= this.scan();
    const out: Zone[] = [];
    for (const file of this.files) {
      if (pathToFileURL(file).toString() === exceptUri) continue;
      const zone = this.load(file);
      if (zone !== null) out.push(zone);
    }
    return out;
  }

  private load(file: string): Zone | null {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return null;
    }
    const hit = this.cache.get(file);
    if (hit !== undefined && hit.mtimeMs === stat.mtimeMs) return hit.zone;
    let zone: Zone | null = null;
    if (stat.size <= MAX_BYTES) {
      const uri = pathToFileURL(file).toString();
      const z = loadZone(readTextFile(file), { fileName: uri, origin: originFromFileName(file) }, this.settings());
      zone = isReverseZone(z) ? z : null;
    }
    this.cache.set(file, { mtimeMs: stat.mtimeMs, zone });
    return zone;
  }

  private scan(): string[] {
    const found: string[] = [];
    const walk = (dir: string, depth: number): void => {
      if (depth > MAX_DEPTH || found.length >= MAX_FILES) return;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (found.length >= MAX_FILES) return;
        if (e.isDirectory()) {
          if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(path.join(dir, e.name), depth + 1);
        } else if (e.isFile() && CANDIDATE.test(e.name)) {
          found.push(path.join(dir, e.name));
        }
      }
    };
    for (const folder of this.folders) {
      if (folder.startsWith('file:')) walk(fileURLToPath(folder), 0);
    }
    return found;
  }
}
