import { parseName } from './names';

const SUFFIXES = ['.zone', '.db', '.signed', '.dns', '.txt'];

/**
 * The origin a file name suggests (CLI.md): `example.com.zone`,
 * `example.com.db`, `db.example.com` and `example.com` all give
 * `example.com.`. Only names with at least two labels count, so that
 * `zone.txt` or `named.root`-like files get no origin by guesswork.
 */
export function originFromFileName(path: string): string | undefined {
  let base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  for (let changed = true; changed;) {
    changed = false;
    for (const s of SUFFIXES) {
      if (base.length > s.length && base.toLowerCase().endsWith(s)) {
        base = base.slice(0, -s.length);
        changed = true;
      }
    }
  }
  if (base.toLowerCase().startsWith('db.')) base = base.slice(3);
  if (base.endsWith('.')) base = base.slice(0, -1);
  if (!base.includes('.') || base === 'named.root' || base === 'root.hints') return undefined;
  const r = parseName(base + '.', null);
  return r.ok ? r.name : undefined;
}
