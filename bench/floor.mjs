// The floor: the least work any checker written in JavaScript does on a zone
// file, timed on this machine. It reads the file, finds each record's owner,
// TTL/class words, type and RDATA (with quotes, escapes, comments and
// parentheses), interns the owners in a hash table (case-insensitive) and
// writes one row of numbers per record. It makes no string per record, checks
// nothing, builds no RRsets and reports nothing, so a real check of the same
// zone cannot be faster. docs/performance.md compares it with issue 9's
// targets.
//
//   node bench/floor.mjs [zone]   (default: the 1M-record benchmark zone)

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const file = process.argv[2] ?? path.join(root, 'bench/.cache/synthetic-1000000.zone');

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const SEMI = 0x3b;
const OPEN = 0x28;
const CLOSE = 0x29;
const BACKSLASH = 0x5c;
const DOLLAR = 0x24;

/** Type codes of the mnemonics the benchmark zones use, by their upper-case bytes packed into a number. */
const TYPES = new Map(
  [
    ['A', 1],
    ['NS', 2],
    ['CNAME', 5],
    ['SOA', 6],
    ['PTR', 12],
    ['MX', 15],
    ['TXT', 16],
    ['AAAA', 28],
    ['SRV', 33],
    ['CAA', 257],
  ].map(([name, code]) => [pack(Buffer.from(name), 0, name.length), code]),
);

/** Up to six bytes, upper-cased, as one number (0 for a longer word). */
function pack(buf, start, end) {
  if (end - start > 6) return 0;
  let v = 0;
  for (let i = start; i < end; i++) v = v * 256 + (buf[i] & 0xdf);
  return v;
}

const isBlank = (c) => c === SPACE || c === TAB || c === CR;

const t0 = performance.now();
const buf = fs.readFileSync(file);
const t1 = performance.now();

const n = buf.length;
const ROW = 6;
let rows = new Int32Array(ROW * 65536);
let slots = new Int32Array(1 << 16);
let keyStart = new Int32Array(1 << 15);
let keyLen = new Int32Array(1 << 15);
let keyHash = new Int32Array(1 << 15);
let names = 0;
let records = 0;
let owner = -1;
let depth = 0;

/** `a` twice as long, its entries kept. */
function grown(a) {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** True when the owner words at `a` and `b`, `len` bytes each, are the same name but for case. */
function sameName(a, b, len) {
  for (let k = 0; k < len; k++) if ((buf[a + k] | 0x20) !== (buf[b + k] | 0x20)) return false;
  return true;
}

/** The id of the owner word at `start` (`len` bytes, hashed `h`), a new one when it is new. */
function intern(start, len, h) {
  const mask = slots.length - 1;
  for (let p = h & mask; ; p = (p + 1) & mask) {
    const s = slots[p];
    if (s === 0) break;
    const id = s - 1;
    if (keyHash[id] === h && keyLen[id] === len && sameName(keyStart[id], start, len)) return id;
  }
  const id = names++;
  if (id === keyStart.length) {
    keyStart = grown(keyStart);
    keyLen = grown(keyLen);
    keyHash = grown(keyHash);
  }
  keyStart[id] = start;
  keyLen[id] = len;
  keyHash[id] = h;
  if (2 * names > slots.length) {
    slots = new Int32Array(slots.length * 2);
    const m = slots.length - 1;
    for (let k = 0; k < names; k++) {
      let p = keyHash[k] & m;
      while (slots[p] !== 0) p = (p + 1) & m;
      slots[p] = k + 1;
    }
  } else {
    let p = h & mask;
    while (slots[p] !== 0) p = (p + 1) & mask;
    slots[p] = id + 1;
  }
  return id;
}

let i = 0;
while (i < n) {
  const lineStart = i;
  let c = buf[i];
  // Comment lines, blank lines and directives: to the end of the line.
  if (c === SEMI || c === DOLLAR || c === LF) {
    while (i < n && buf[i] !== LF) i++;
    i++;
    continue;
  }
  // The owner: a word at the start of the line, or the one before.
  if (!isBlank(c)) {
    let h = 0x811c9dc5;
    const start = i;
    while (i < n && !isBlank((c = buf[i])) && c !== LF) {
      h = Math.imul(h ^ (c | 0x20), 0x01000193);
      i++;
    }
    owner = intern(start, i - start, h);
  }
  // TTL and class words, then the type.
  let type = -1;
  for (;;) {
    while (i < n && isBlank((c = buf[i]))) i++;
    if (i >= n || c === LF || c === SEMI) break;
    const start = i;
    while (i < n && !isBlank((c = buf[i])) && c !== LF) i++;
    const code = TYPES.get(pack(buf, start, i));
    if (code !== undefined) {
      type = code;
      break;
    }
  }
  // The RDATA: to the end of the line, or of the parentheses.
  const rdataStart = i;
  while (i < n) {
    c = buf[i];
    if (c === QUOTE) {
      for (i++; i < n && buf[i] !== QUOTE; i++) if (buf[i] === BACKSLASH) i++;
    } else if (c === BACKSLASH) i++;
    else if (c === SEMI) {
      while (i < n && buf[i] !== LF) i++;
      if (depth === 0) break;
      continue;
    } else if (c === OPEN) depth++;
    else if (c === CLOSE) depth--;
    else if (c === LF && depth === 0) break;
    i++;
  }
  if (type >= 0) {
    if (records * ROW === rows.length) rows = grown(rows);
    const r = records++ * ROW;
    rows[r] = owner;
    rows[r + 1] = type;
    rows[r + 2] = lineStart;
    rows[r + 3] = rdataStart;
    rows[r + 4] = i;
  }
  i++;
}
const t2 = performance.now();

console.log(
  `${path.basename(file)}: ${records} records, ${names} owner names; ` +
    `read ${(t1 - t0).toFixed(0)} ms, scan ${(t2 - t1).toFixed(0)} ms, ` +
    `process so far ${(process.uptime() * 1000).toFixed(0)} ms`,
);
