/**
 * The hostile inputs of issue 10, made once for the unit test that checks
 * their diagnostics (test/unit/pathological.test.ts) and for the script that
 * times them (`measure.ts`): a 5 MB TXT line, 200 000 open and 200 000 stray
 * parentheses, 1 MB of random bytes, `"\"` repeated, a 5 000-label name,
 * `$GENERATE 0-4294967295`, a file including itself and an include cycle of
 * three files; and issue 9's zones that made the MX analysis quadratic.
 */
import type { IncludeReader } from '../../server/src/zone/parser';
import { Rng } from './inputs';

/** A zone head every case starts from (SOA, NS, $TTL): the checks then see a real zone. */
export const HEAD = '$TTL 1h\n@ SOA ns1 hostmaster 1 1h 15m 2w 1h\n  NS ns1\nns1 A 192.0.2.53\n';

/** In-memory files for the include cases; counts the reads, so a test can see nothing is read twice. */
export class MemoryFiles {
  reads = 0;
  constructor(private readonly files: Record<string, string>) {}

  readonly reader: IncludeReader = (p) => {
    this.reads++;
    const text = this.files[p];
    return text === undefined
      ? { ok: false, code: 'include-not-found', message: `$INCLUDE ${p}: no such file` }
      : { ok: true, name: p, text };
  };
}

/** One hostile input: the main file's text, how it is read, and its size in words. */
export interface Case {
  name: string;
  text: string;
  fileName: string;
  files?: MemoryFiles;
}

const MB = 1024 * 1024;

export const TXT_5MB = (): Case => ({
  name: 'a 5 MB TXT line',
  fileName: 'example.com.zone',
  text: `${HEAD}big TXT "${'a'.repeat(5 * MB)}"\n`,
});

export const OPEN_PARENS = (): Case => ({
  name: '200 000 open parentheses',
  fileName: 'example.com.zone',
  text: `${HEAD}x A ${'('.repeat(200_000)} 192.0.2.1\n`,
});

export const STRAY_PARENS = (): Case => ({
  name: '200 000 stray )',
  fileName: 'example.com.zone',
  text: `${HEAD}x A 192.0.2.1 ${')'.repeat(200_000)}\n`,
});

export const RANDOM_BYTES = (): Case => {
  const rng = new Rng(10);
  const bytes = Buffer.alloc(MB);
  for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(256);
  // As an editor shows a binary file: bytes that are not UTF-8 become U+FFFD.
  return { name: '1 MB of random bytes', fileName: 'example.com.zone', text: bytes.toString('utf8') };
};

export const QUOTE_BACKSLASH = (): Case => ({
  name: '"\\" repeated (300 000 times in a TXT record)',
  fileName: 'example.com.zone',
  text: `${HEAD}x TXT ${'"\\"'.repeat(300_000)}\n`,
});

export const QUOTE_BACKSLASH_LINE = (): Case => ({
  name: '"\\" repeated (a 900 000-character line of it)',
  fileName: 'example.com.zone',
  text: `${HEAD}${'"\\"'.repeat(300_001)}\n`,
});

export const LONG_NAME = (): Case => ({
  name: 'a 5 000-label name',
  fileName: 'example.com.zone',
  text: `${HEAD}${'a.'.repeat(5000)} A 192.0.2.1\n`,
});

export const HUGE_GENERATE = (): Case => ({
  name: '$GENERATE 0-4294967295',
  fileName: 'example.com.zone',
  text: `${HEAD}$GENERATE 0-4294967295 host$ A 192.0.2.1\n`,
});

export const SELF_INCLUDE = (): Case => {
  const text = `${HEAD}$INCLUDE example.com.zone\nwww A 192.0.2.80\n`;
  return {
    name: 'a file including itself',
    fileName: 'example.com.zone',
    text,
    files: new MemoryFiles({ 'example.com.zone': text }),
  };
};

export const INCLUDE_CYCLE = (): Case => {
  const files = {
    'a.zone': `${HEAD}$INCLUDE b.zone\nwww A 192.0.2.80\n`,
    'b.zone': 'b A 192.0.2.2\n$INCLUDE c.zone\n',
    'c.zone': 'c A 192.0.2.3\n$INCLUDE a.zone\n',
  };
  return {
    name: 'an include cycle of three files',
    fileName: 'a.zone',
    text: files['a.zone'],
    files: new MemoryFiles(files),
  };
};

/** `10.x.y.z`, the i-th private IPv4 address. */
function privateV4(i: number): string {
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

/** Lines made from 0…n-1. */
function lines(n: number, line: (i: number) => string): string {
  return Array.from({ length: n }, (_, i) => line(i)).join('');
}

/*
 * Zones built to make the MX analysis quadratic (issue 9): a list per
 * diagnostic that grows with the number of diagnostics, or work per tier
 * over every tier. Real zones have a few MX records per domain.
 */

export const TIERS_ONE_ADDRESS = (n = 2000): Case => ({
  name: `${n} MX tiers of one domain, every host on one address`,
  fileName: 'example.com.zone',
  text: HEAD + lines(n, (i) => `@ MX ${i + 1} h${i}\nh${i} A 10.0.0.1\n`),
});

export const TIERS_IPV6_ONLY = (n = 2000): Case => ({
  name: `${n} MX tiers of one domain, IPv6-only hosts`,
  fileName: 'example.com.zone',
  text: HEAD + lines(n, (i) => `@ MX ${i + 1} h${i}\nh${i} AAAA 2001:db8::${i.toString(16)}\n`),
});

export const NULL_MIX = (n = 1000): Case => ({
  name: `${n} null MX beside ${n} other MX records`,
  fileName: 'example.com.zone',
  text: HEAD + lines(n, (i) => `shop MX ${i} .\nshop MX ${i} h${i}.example.net.\n`),
});

export const FANOUT = (n = 500): Case => ({
  name: `${n} domains on one MX host of ${n} private addresses`,
  fileName: 'example.com.zone',
  text: HEAD + lines(n, (i) => `mail A ${privateV4(i)}\n`) + lines(n, (i) => `d${i} MX 10 mail\n`),
});

export const RRSIG_TYPES = (n = 5000): Case => ({
  name: `${n} RRSIG records covering distinct types at one name`,
  fileName: 'example.com.zone',
  text: HEAD + lines(n, (i) => `x RRSIG TYPE${1000 + i} 8 3 3600 20300101000000 20200101000000 1 example.com. AAAA\n`),
});

/** The hostile MX zones, each at the size the unit test reads. */
export const MX_CASES: readonly (() => Case)[] = [
  () => TIERS_ONE_ADDRESS(),
  () => TIERS_IPV6_ONLY(),
  () => NULL_MIX(),
  () => FANOUT(),
  () => RRSIG_TYPES(),
];

/** Every case, in the order. */
export const CASES: readonly (() => Case)[] = [
  TXT_5MB,
  OPEN_PARENS,
  STRAY_PARENS,
  RANDOM_BYTES,
  QUOTE_BACKSLASH,
  QUOTE_BACKSLASH_LINE,
  LONG_NAME,
  HUGE_GENERATE,
  SELF_INCLUDE,
  INCLUDE_CYCLE,
  ...MX_CASES,
];
