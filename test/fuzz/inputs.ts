/**
 * Inputs for the robustness tests: fast-check arbitraries (any unicode, zone
 * token soup, binary) and a seeded mutation engine over real zones (the
 * public corpus and `examples/`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { IncludeReader } from '../../server/src/zone/parser';
import { CORPUS } from '../corpusDir';

const ROOT = path.resolve(__dirname, '../..');

/** Tokens that have broken parsers before: structure, escapes, directives, extremes. */
export const TRICKY: readonly string[] = [
  '(',
  ')',
  '((',
  '))',
  '"',
  '""',
  '"\\"',
  '\\',
  '\\\\',
  '\\"',
  '\\(',
  '\\065',
  '\\999',
  '\\0',
  ';',
  '@',
  '*',
  '.',
  '..',
  '\\.',
  '$ORIGIN',
  '$ORIGIN .',
  '$TTL',
  '$TTL 0',
  '$TTL 4294967296',
  '$INCLUDE',
  '$INCLUDE self.zone',
  '$INCLUDE other.zone sub',
  '$INCLUDE "quoted name.zone"',
  '$GENERATE',
  '$GENERATE 0-4294967295 h$ A 192.0.2.$',
  '$GENERATE 1-10/0 h$ A 192.0.2.$',
  '$GENERATE 1-3 h${0,3,x} CNAME ${-5,2,o}',
  '$GENERATE 1-2 ${2147483647} A 192.0.2.1',
  '${',
  '$',
  'IN',
  'CH',
  'HS',
  'CLASS65535',
  'TYPE65535',
  'TYPE0',
  'A',
  'AAAA',
  'MX',
  'SOA',
  'NS',
  'CNAME',
  'TXT',
  'PTR',
  'SRV',
  'CAA',
  'TLSA',
  'SVCB',
  'HTTPS',
  'LOC',
  'APL',
  'NSEC',
  'RRSIG',
  'DNSKEY',
  'WKS',
  'ANY',
  '\\#',
  '\\# 0',
  '\\# 4 c0000201',
  '\\# 99999999 00',
  '0',
  '-1',
  '65535',
  '65536',
  '4294967295',
  '4294967296',
  '18446744073709551616',
  '99999999999999999999999999999999',
  '1e308',
  'NaN',
  '1w2d3h4m5s',
  '999999999w',
  '192.0.2.1',
  '0.0.0.0',
  '255.255.255.256',
  '::',
  '::ffff:192.0.2.1',
  '2001:db8::1',
  '1:2:3:4:5:6:7:8:9',
  'mail',
  'mail.',
  'example.com',
  'example.com.',
  'in-addr.arpa.',
  '1.2.0.192.in-addr.arpa.',
  'x'.repeat(64),
  ('a'.repeat(63) + '.').repeat(4),
  '\t',
  ' ',
  '\n',
  '\r\n',
  '\r',
  '\u0000',
  '\uFEFF',
  '\uD800',
  '\uDC00',
  '😀',
  'é',
  '\u202E',
];

/** A small seeded random number generator (mulberry32): the same seed gives the same inputs. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** The seed of input `index` of run `seed`: inputs can be made again one by one (to save a hang). */
export function inputSeed(seed: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ index;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A zone to start mutating from. */
export interface Seed {
  name: string;
  text: string;
}

/** Every zone of the public corpus (when present) and of `examples/`, sorted by name. */
export function loadSeeds(): Seed[] {
  const out: Seed[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, `${prefix}${e.name}/`);
      else if (e.isFile() && e.name !== 'MANIFEST.tsv' && !e.name.endsWith('.md')) {
        out.push({ name: `${prefix}${e.name}`, text: fs.readFileSync(p, 'utf8') });
      }
    }
  };
  if (CORPUS !== undefined) walk(CORPUS, 'corpus/');
  walk(path.join(ROOT, 'examples'), 'examples/');
  return out;
}

/** A piece of a text: from a random line, some lines, so that large seeds stay quick to fuzz. */
function window(rng: Rng, text: string, maxLines: number): string {
  if (text.length < 4096) return text;
  const lines = text.split('\n');
  const count = 1 + rng.int(maxLines);
  const from = rng.int(Math.max(1, lines.length - count));
  // Keep the head (often $TTL, $ORIGIN and the SOA) half the time: checks about the apex need it.
  const head = rng.chance(0.5) ? lines.slice(0, Math.min(from, 8)).join('\n') + '\n' : '';
  return head + lines.slice(from, from + count).join('\n');
}

/** A random offset in `text`, preferring token boundaries (blanks, line ends) half the time. */
function offsetIn(rng: Rng, text: string): number {
  const p = rng.int(text.length + 1);
  if (rng.chance(0.5)) {
    const m = /[\s()";]/.exec(text.slice(p, p + 64));
    if (m !== null) return p + m.index;
  }
  return p;
}

function randomChar(rng: Rng): string {
  switch (rng.int(4)) {
    case 0:
      return String.fromCharCode(0x20 + rng.int(0x5f)); // printable ASCII
    case 1:
      return String.fromCharCode(rng.int(0x20)); // control characters
    case 2:
      return String.fromCharCode(rng.int(0x10000)); // any UTF-16 unit, lone surrogates too
    default:
      return rng.pick(['(', ')', '"', '\\', ';', ' ', '\t', '\n', '$', '.', '@']);
  }
}

/** One mutation of `text`; `other` is another seed, for splicing. */
function mutateOnce(rng: Rng, text: string, other: string): string {
  const a = offsetIn(rng, text);
  const b = Math.min(text.length, a + 1 + rng.int(rng.chance(0.8) ? 16 : 256));
  switch (rng.int(10)) {
    case 0: {
      // Replace characters.
      let s = '';
      for (let i = 0, n = 1 + rng.int(4); i < n; i++) s += randomChar(rng);
      return text.slice(0, a) + s + text.slice(a + s.length);
    }
    case 1:
      return text.slice(0, a) + text.slice(b); // delete a range
    case 2:
      return text.slice(0, b) + text.slice(a, b) + text.slice(b); // duplicate a range
    case 3:
    case 4: {
      // Insert a tricky token, with or without blanks around it.
      const t = rng.pick(TRICKY);
      const pad = rng.chance(0.7) ? ' ' : '';
      return text.slice(0, a) + pad + t + pad + text.slice(a);
    }
    case 5: {
      // Splice a piece of another zone in.
      const o = rng.int(other.length + 1);
      return text.slice(0, a) + other.slice(o, o + 1 + rng.int(512)) + text.slice(b);
    }
    case 6: {
      // Repeat a token many times (deep parentheses, long names, long lines).
      const t = rng.pick(['(', ')', '"', '\\', 'a.', '$INCLUDE self.zone\n', 'x ', '\t', '\n', ' A 192.0.2.1\n']);
      return text.slice(0, a) + t.repeat(1 + rng.int(rng.chance(0.9) ? 64 : 4096)) + text.slice(a);
    }
    case 7: {
      // Swap two lines, or duplicate one.
      const lines = text.split('\n');
      const i = rng.int(lines.length);
      const j = rng.int(lines.length);
      if (rng.chance(0.5)) [lines[i], lines[j]] = [lines[j], lines[i]];
      else lines.splice(j, 0, lines[i]);
      return lines.join('\n');
    }
    case 8: {
      // Change a number: to an extreme, or by one.
      const m = /\d+/.exec(text.slice(a));
      if (m === null) return text;
      const at = a + m.index;
      const n = rng.pick([
        '0',
        '1',
        '65535',
        '65536',
        '2147483647',
        '2147483648',
        '4294967295',
        '4294967296',
        '1e9',
        '-1',
      ]);
      return text.slice(0, at) + n + text.slice(at + m[0].length);
    }
    default: {
      // Line ends: CRLF, CR alone, none.
      const ends = ['\r\n', '\r', '', '\n\n'];
      return text.slice(0, a) + text.slice(a).replace('\n', rng.pick(ends));
    }
  }
}

/** The input for one seeded mutation: a real zone (or part of one) with one to eight mutations stacked. */
export function mutate(rng: Rng, seeds: readonly Seed[]): string {
  let text = window(rng, rng.pick(seeds).text, 60);
  const other = window(rng, rng.pick(seeds).text, 40);
  for (let i = 0, n = 1 + rng.int(rng.chance(0.7) ? 3 : 8); i < n; i++) text = mutateOnce(rng, text, other);
  return text;
}

// --- the fuzzer's inputs ---------------------------------------------------------

/** Includes for the fuzzer: `self.zone` is the file itself (a cycle), `other.zone` a small zone, the rest missing. */
export function fuzzIncludeReader(main: string): IncludeReader {
  return (p) => {
    if (p.includes('self')) return { ok: true, name: 'fuzz.zone', text: main };
    if (p.includes('other')) return { ok: true, name: 'other.zone', text: '$INCLUDE self.zone\nhost A 192.0.2.9\n' };
    return { ok: false, code: 'include-not-found', message: `$INCLUDE ${p}: not in the fuzzer's files` };
  };
}

/** What input `index` is: its text and how it is read. */
export interface FuzzInput {
  text: string;
  origin: string | undefined;
  /**
   * The text as it reads after each of one to three more mutations, each
   * made to the one before: what the language server's analysis around an
   * edit is run through (`exerciseEdits`).
   */
  edited: string[];
}

/** Makes input `index` of run `seed` (a pure function of both). */
export function makeInput(seeds: readonly Seed[], seed: number, index: number): FuzzInput {
  const rng = new Rng(inputSeed(seed, index));
  const origin = rng.chance(0.6) ? rng.pick(['example.com.', 'example.', '2.0.192.in-addr.arpa.', '.']) : undefined;
  const kind = rng.next();
  let text: string;
  if (kind < 0.9) {
    text = mutate(rng, seeds);
  } else if (kind < 0.95) {
    // Tricky-token soup.
    const parts: string[] = [];
    for (let i = 0, n = rng.int(80); i < n; i++) parts.push(rng.pick(TRICKY), rng.pick([' ', '\t', '\n', '']));
    text = parts.join('');
  } else {
    // Random UTF-16 units.
    let s = '';
    for (let i = 0, n = rng.int(600); i < n; i++)
      s += String.fromCharCode(rng.chance(0.8) ? rng.int(128) : rng.int(0x10000));
    text = s;
  }
  // Drawn after the text, which stays what it was for each seed and index.
  const edited: string[] = [];
  for (let i = 0, n = 1 + rng.int(3), last = text; i < n; i++) {
    last = mutateOnce(rng, last, window(rng, rng.pick(seeds).text, 20));
    edited.push(last);
  }
  return { text, origin, edited };
}

// --- fast-check arbitraries ------------------------------------------------

/** Any string of UTF-16 code units: lone surrogates, controls, every plane. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 400 }),
);

/** Bytes read as a file would be (UTF-8 with replacement characters, or Latin-1). */
export const binaryText: fc.Arbitrary<string> = fc
  .tuple(fc.uint8Array({ maxLength: 1024 }), fc.boolean())
  .map(([bytes, utf8]) => Buffer.from(bytes).toString(utf8 ? 'utf8' : 'latin1'));

const word = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.stringMatching(/^[a-z0-9-]{1,12}(\.[a-z0-9-]{1,12}){0,3}\.?$/),
  fc.nat({ max: 100000 }).map(String),
  fc.bigInt({ min: 0n, max: 1n << 70n }).map(String),
);
const gap = fc.constantFrom(' ', '\t', '\n', '\r\n', '  ', ' ; comment\n', '\n\t');

/** Zone-like token soup: record words, names, numbers and tricky tokens, with blanks and line ends between. */
export const tokenSoup: fc.Arbitrary<string> = fc
  .array(fc.tuple(word, gap), { maxLength: 60 })
  .map((parts) => parts.map(([w, g]) => w + g).join(''));

const host = fc.constantFrom(
  '@',
  'mail',
  'mx1',
  'mx2',
  'www',
  'ns1',
  'a.b',
  'mail.example.com',
  'mail.example.com.',
  'other.test.',
  '.',
  '*',
);
const ipv4 = fc.oneof(fc.ipV4(), fc.constantFrom('10.0.0.1', '127.0.0.1', '192.0.2.1', '192.0.2.2', '0.0.0.0'));
const ipv6 = fc.oneof(fc.ipV6(), fc.constantFrom('2001:db8::1', '::1', 'fe80::1', '::ffff:192.0.2.1'));
const pref = fc.oneof(fc.constantFrom('0', '10', '20', '65535'), fc.nat({ max: 70000 }).map(String));

/** RDATA that fits the type most of the time (so the MX checks, fixes and simulation see real data), else word soup. */
function rdataFor(type: string): fc.Arbitrary<string> {
  const fitting: Record<string, fc.Arbitrary<string>> = {
    A: ipv4,
    AAAA: ipv6,
    MX: fc.tuple(pref, host).map(([p, h]) => `${p} ${h}`),
    CNAME: host,
    NS: host,
    PTR: host,
    SOA: fc.constant('ns1 hostmaster 1 3600 900 604800 300'),
    TXT: fc.constantFrom('"v=spf1 -all"', '"v=spf1 mx ~all"', '"hello" "world"', '""'),
    SRV: fc.tuple(pref, pref, pref, host).map((xs) => xs.join(' ')),
  };
  const own = fitting[type];
  const soup = fc.array(word, { maxLength: 7 }).map((ws) => ws.join(' '));
  return own === undefined ? soup : fc.oneof({ arbitrary: own, weight: 4 }, { arbitrary: soup, weight: 1 });
}

/** Plausible records: owner, TTL, class, type and mostly fitting RDATA, on lines; the checks see a real zone. */
export const recordSoup: fc.Arbitrary<string> = fc
  .array(
    fc
      .tuple(
        fc.constantFrom('@', '', 'mail', 'mx1', 'mx2', 'www', '*', 'a.b', 'example.com.', 'other.test.'),
        fc.constantFrom('', '', '300', '1h', '0'),
        fc.constantFrom('', '', 'IN'),
        fc.constantFrom('A', 'A', 'AAAA', 'MX', 'MX', 'MX', 'CNAME', 'NS', 'SOA', 'TXT', 'PTR', 'SRV', 'TYPE99'),
      )
      .chain(([owner, ttl, cls, type]) => rdataFor(type).map((data) => [owner, ttl, cls, type, data].join(' '))),
    { maxLength: 25 },
  )
  .map(
    (lines) =>
      '$TTL 1h\n@ SOA ns1 hostmaster 1 3600 900 604800 300\n@ NS ns1\nns1 A 192.0.2.53\n' + lines.join('\n') + '\n',
  );

/** Any of the above. */
export const anyZoneInput: fc.Arbitrary<string> = fc.oneof(anyText, binaryText, tokenSoup, recordSoup);
