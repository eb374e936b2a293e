/**
 * Names as the user wrote them. The parser keeps every name absolute; the
 * checks that propose new text (or judge the text itself) need to know which
 * origin a relative name was completed with, and how to write a name back in
 * the same place.
 */
import type { Zone } from '../zone/model';
import { nameKey, nameLabels, relativize, ROOT } from '../zone/names';
import { TLDS } from './data/tlds';

/** The labels of a name as written (escapes kept), and whether it ended with a dot. */
export function writtenLabels(text: string): { labels: string[]; absolute: boolean } {
  if (text === '.' || text === '@') return { labels: [], absolute: text === '.' };
  const absolute = text.endsWith('.') && !text.endsWith('\\.');
  return { labels: nameLabels(absolute ? text : text + '.'), absolute };
}

/**
 * The origin a relative name was completed with: its absolute value less the
 * labels it was written with. Null when the name was written absolute.
 */
export function originOf(text: string, value: string): string | null {
  if (text === '@') return value;
  const w = writtenLabels(text);
  if (w.absolute) return null;
  const all = nameLabels(value);
  if (all.length < w.labels.length) return null;
  const rest = all.slice(w.labels.length);
  return rest.length === 0 ? ROOT : rest.join('.') + '.';
}

/**
 * How to write `name` where a name completed with `origin` stood: relative
 * when it is below that origin (`@` for the origin itself), else absolute.
 */
export function writeName(name: string, origin: string | null): string {
  if (origin === null || origin === ROOT) return name;
  return relativize(name, origin);
}

/**
 * True when a name written without its trailing dot already ended with the
 * origin it was completed with (`mail.example.com` in `example.com.` became
 * `mail.example.com.example.com.`).
 */
export function repeatsOrigin(text: string, value: string): boolean {
  const origin = originOf(text, value);
  if (origin === null || origin === ROOT || text === '@') return false;
  const written = writtenLabels(text).labels.map(nameKey);
  const tail = nameLabels(origin).map(nameKey);
  return written.length >= tail.length && tail.every((l, i) => written[written.length - tail.length + i] === l);
}

/**
 * Why a name written without its trailing dot looks like a mistake:
 * `repeats` when it already ended with the origin (an error), `tld` when it
 * has two or more labels and ends in a top-level domain while the name it
 * became does not exist in the zone (a warning), null when neither.
 */
export function missingTrailingDot(zone: Zone, text: string, value: string): 'repeats' | 'tld' | null {
  if (text === '@' || text.endsWith('.')) return null;
  // One label written (`mail`) after an origin of two or more: it cannot repeat the
  // origin, nor end in a top-level domain. Most relative names are such; no labels built.
  if (!text.includes('.') && labelCount(value) > 2) return null;
  // `repeatsOrigin` and `originOf` in one pass: the labels of text and value are split once
  // (this runs for every name field of a zone).
  const written = writtenLabels(text).labels;
  const all = nameLabels(value);
  // The origin the name was completed with is the value's last `tail` labels.
  const tail = all.length - written.length;
  if (tail <= 0) return null; // no origin, or the root
  if (written.length >= tail) {
    let repeats = true;
    for (let i = 0; i < tail && repeats; i++) {
      repeats = nameKey(written[written.length - tail + i]) === nameKey(all[written.length + i]);
    }
    if (repeats) return 'repeats';
  }
  if (written.length < 2 || !TLDS.has(nameKey(written[written.length - 1]))) return null;
  // A relative name that exists in the zone was most likely meant relative (`www.shop` beside its own records).
  return zone.node(value) === undefined ? 'tld' : null;
}

/** `nameLabels(name).length`, counted in place. */
export function labelCount(name: string): number {
  let n = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x5c) {
      const d = name.charCodeAt(i + 1);
      i += d >= 0x30 && d <= 0x39 ? 3 : 1;
    } else if (c === 0x2e) n++;
  }
  return name === ROOT ? 0 : n;
}
