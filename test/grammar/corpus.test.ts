/**
 * The grammar against real zones and hostile lines.
 *
 * On every zone of the public corpus that BIND accepts (BIND's verdict is in
 * the corpus MANIFEST):
 * - no token gets an `invalid` scope;
 * - the grammar agrees with the parser: each record's owner, TTL, class and
 *   type tokens get the scopes of those roles, and for the types the grammar
 *   reads field by field, each RDATA field gets a scope of its kind (name,
 *   number, address, string, blob) and, where the grammar names the same
 *   role, that role. This catches a chain of states that lost its place (a
 *   field coloured as the one before it).
 *
 * And no line makes the grammar's regular expressions backtrack
 * catastrophically or go quadratic: 100 kB lines of each token shape.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseZone } from '../../server/src/zone/parser';
import type { FieldKind } from '../../server/src/zone/types';
import { CORPUS, readCorpusInclude } from '../corpusDir';
import { typeGroups } from './grammarSource';
import { type ScopedToken, tokenizeText, zoneGrammar } from './tokenizer';

/** The scope a field of each kind must have (a prefix of one of its scopes). */
const KIND_SCOPE: Partial<Record<FieldKind, string[]>> = {
  name: ['entity.name.function'],
  int: ['constant.numeric', 'support.constant'], // algorithms may be mnemonics (RSASHA1)
  ttl: ['constant.numeric'],
  time: ['constant.numeric'],
  ipv4: ['constant.numeric.address.ipv4'],
  ipv6: ['constant.numeric.address.ipv6'],
  text: ['string.quoted.double', 'string.unquoted'],
  base64: ['string.unquoted.base64'],
  hex: ['string.unquoted.hex', 'constant.language.empty'],
  base32: ['string.unquoted.base32'],
};

/** Parser role → grammar role, where the two name one thing differently. */
const ROLE_ALIAS: Record<string, string> = { exchange: 'target' };

/** The tokens of each line, for finding the one at an offset. */
class TokenIndex {
  private readonly byLine: ScopedToken[][] = [];
  private readonly lineStarts = [0];

  constructor(text: string, tokens: ScopedToken[]) {
    const re = /\r\n|\r|\n/g;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) this.lineStarts.push(m.index + m[0].length);
    for (const t of tokens) (this.byLine[t.line] ??= []).push(t);
  }

  /** Line (0-based) and column of an offset. */
  position(offset: number): { line: number; col: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, col: offset - this.lineStarts[lo] };
  }

  /** The token covering an offset. */
  at(offset: number): ScopedToken | undefined {
    const { line, col } = this.position(offset);
    return this.byLine[line]?.find((t) => t.start <= col && col < t.start + t.text.length);
  }
}

/** Corpus zones BIND accepts; `fragment` for `$INCLUDE` fragments (zone text, but not parsed alone). */
function bindAcceptedZones(): { file: string; origin: string; fragment: boolean }[] {
  if (CORPUS === undefined) return [];
  const rows = fs.readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  return rows
    .map((r) => r.split('\t'))
    .filter((c) => c[5] === 'yes')
    .map((c) => ({ file: c[0], origin: c[4], fragment: /\$INCLUDE fragment/.test(c[6] ?? '') }));
}

describe('grammar on the public corpus', () => {
  const groups = typeGroups();
  const zones = bindAcceptedZones();
  it('has zones to read', { skip: CORPUS === undefined ? 'no corpus (set ZONELENS_CORPUS)' : false }, () => {
    assert.ok(zones.length > 100, `only ${zones.length} zones BIND accepts`);
  });

  for (const z of zones) {
    it(z.file, async () => {
      const grammar = await zoneGrammar();
      const file = path.join(CORPUS ?? '', z.file);
      const text = fs.readFileSync(file, 'utf8');
      const tokens = tokenizeText(grammar, text);
      const index = new TokenIndex(text, tokens);
      const where = (offset: number): string => {
        const p = index.position(offset);
        return `${z.file}:${p.line + 1}:${p.col + 1}`;
      };

      const invalid = tokens
        .filter((t) => t.scopes.some((s) => s.startsWith('invalid')))
        .map((t) => `${z.file}:${t.line + 1}:${t.start + 1} ${JSON.stringify(t.text)} ${t.scopes.join(' ')}`);
      assert.deepEqual(invalid.slice(0, 20), [], `${invalid.length} tokens are scoped invalid`);
      if (z.fragment) return;

      const parsed = parseZone(text, { fileName: file, origin: z.origin, readInclude: readCorpusInclude });
      const problems: string[] = [];
      let checked = 0;
      const expect = (offset: number, what: string, prefixes: string[], role?: string): void => {
        const t = index.at(offset);
        const scope = t?.scopes.find((s) => prefixes.some((p) => s.startsWith(p)));
        checked++;
        if (scope === undefined || (role !== undefined && !scope.includes(`.${role}.`))) {
          problems.push(
            `${where(offset)} ${what}: wanted ${prefixes.join(' or ')}${role !== undefined ? ` (${role})` : ''}, ` +
              `got ${JSON.stringify(t?.text)} ${t?.scopes.slice(1).join(' ') ?? 'no token'}`,
          );
        }
      };
      for (const r of parsed.records) {
        if (r.file !== 0 || r.generated) continue;
        if (r.ownerEnd > r.ownerStart) expect(r.ownerStart, 'owner', ['entity.name.tag.owner']);
        if (r.ttlStart >= 0) expect(r.ttlStart, 'TTL', ['constant.numeric.ttl']);
        if (r.classStart >= 0) expect(r.classStart, 'class', ['support.type.class']);
        expect(r.typeStart, 'type', ['storage.type.rr']);
        const group = groups.find((g) => g.types.includes(r.type));
        if (group === undefined || group.id === 'other') continue;
        const first = r.rdata[0];
        if (first !== undefined && /^\\#[ \t]+[0-9]/.test(text.slice(first.start, first.start + 16))) {
          // RFC 3597 data, decoded by the parser into the type's own fields. (`TXT \# text` is text.)
          expect(first.start, 'generic data', ['keyword.other.generic-rdata']);
          continue;
        }
        for (const field of r.rdata) {
          const prefixes = KIND_SCOPE[field.kind];
          if (prefixes === undefined) continue;
          const role = ROLE_ALIAS[field.role] ?? field.role;
          expect(field.start, `${r.type} ${field.role}`, prefixes, group.roles.includes(role) ? role : undefined);
        }
      }
      assert.deepEqual(problems.slice(0, 20), [], `${problems.length} of ${checked} tokens disagree with the parser`);
      assert.ok(
        checked >= parsed.records.filter((r) => r.file === 0 && !r.generated).length,
        'every record was checked',
      );
    });
  }
});

/** 100 kB lines of one shape each, the kinds a regular expression could choke on. */
const K100 = 100_000;
const fill = (unit: string, prefix = '', suffix = ''): string =>
  prefix + unit.repeat(Math.ceil((K100 - prefix.length - suffix.length) / unit.length)) + suffix;
const HOSTILE: Record<string, string> = {
  'TXT with many strings holding ;': fill(' "a;b\\"c"', 'big IN TXT'),
  'one base64 token': fill('Ab+/', 'key IN DNSKEY 257 3 8 ', '=='),
  'owner of escapes, no final dot': fill('\\065'),
  'target of escapes, no final dot': fill('\\065', '@ IN CNAME '),
  'target of escaped dots': fill('a\\.', '@ IN NS '),
  'owner of backslashes': fill('\\\\'),
  'unterminated string': fill('x;\\"', 'txt TXT "'),
  'digits in the TTL place': fill('7', 'ttl '),
  'dotted digits where an address belongs': fill('1.', 'a A '),
  'colons where an address belongs': fill(':1', 'aaaa AAAA '),
  'hex where a salt belongs': fill('ab', 'h NSEC3 1 0 10 '),
  'many words of unknown type': fill(' x1', 'u FOO'),
  'many parentheses': fill('( ', 'p TXT ') + ')'.repeat(K100 / 2),
  'many stray parentheses': fill(') '),
  '$GENERATE template': fill('${1,', '$GENERATE 1-2 a$ A '),
  'svc params': fill(' alpn="h2,h3"', 'h HTTPS 1 . '),
  'generic data': fill('0a', 'g TYPE65534 \\# 50000 '),
  'SOA fields out of shape': fill(' x', '@ SOA a b'),
};

describe('grammar on 100 kB lines', () => {
  for (const [what, line] of Object.entries(HOSTILE)) {
    // A regex that backtracks without end shows here as a hang; how fast the grammar is
    // belongs to the bench, not to a timed assertion (house rule).
    it(what, async () => {
      const grammar = await zoneGrammar();
      const tokens = tokenizeText(grammar, `${line}\nnext A 192.0.2.1\n`);
      // The line after is still read as a record of its own, unless parentheses are still open.
      const next = tokens.find((t) => t.line === 1 && t.text === 'next');
      if (!line.startsWith('p TXT'))
        assert.ok(
          next?.scopes.some((s) => s.startsWith('entity.name.tag.owner')),
          what,
        );
    });
  }
});
