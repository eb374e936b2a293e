/**
 * The committed grammar is the one its source builds, and it knows every
 * record type the parser knows, in any case, plus TYPEnnn and CLASSnnn.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { RDATA_TYPES } from '../../server/src/zone/rdata';
import { buildGrammar } from './grammarSource';
import { GRAMMAR_PATH, tokenizeText, zoneGrammar } from './tokenizer';

describe('syntaxes/dns-zone.tmLanguage.json', () => {
  it('is what test/grammar/grammarSource.ts builds (run `npx tsx test/grammar/build.ts` after editing it)', () => {
    const committed: unknown = JSON.parse(fs.readFileSync(GRAMMAR_PATH, 'utf8'));
    assert.deepEqual(committed, JSON.parse(JSON.stringify(buildGrammar())));
  });

  it('names every rule it includes', () => {
    const grammar = buildGrammar() as { repository: Record<string, unknown> };
    const text = JSON.stringify(grammar);
    const used = new Set([...text.matchAll(/"include":"#([^"]+)"/g)].map((m) => m[1]));
    const missing = [...used].filter((name) => !(name in grammar.repository));
    assert.deepEqual(missing, []);
    const unused = Object.keys(grammar.repository).filter((name) => !used.has(name));
    assert.deepEqual(unused, []);
  });
});

/** The scopes of the token that starts at `col` of the only line of `line`. */
async function scopesAt(line: string, col: number): Promise<string[]> {
  const tokens = tokenizeText(await zoneGrammar(), line);
  return tokens.find((t) => t.start === col)?.scopes ?? [];
}

describe('record types', () => {
  it(`highlights all ${RDATA_TYPES.length} types the parser reads, upper and lower case`, async () => {
    assert.ok(RDATA_TYPES.length >= 79);
    const missed: string[] = [];
    for (const t of RDATA_TYPES) {
      for (const spelling of [t.mnemonic, t.mnemonic.toLowerCase()]) {
        const scopes = await scopesAt(`owner 300 IN ${spelling} \\# 0`, 13);
        if (!scopes.includes('storage.type.rr.dns-zone')) missed.push(`${spelling}: ${scopes.join(' ')}`);
      }
    }
    assert.deepEqual(missed, []);
  });

  it('highlights TYPEnnn and CLASSnnn, and not a word that only starts like a type', async () => {
    assert.ok((await scopesAt('x CLASS1 TYPE65534 \\# 0', 9)).includes('storage.type.rr.dns-zone'));
    assert.ok((await scopesAt('x CLASS1 TYPE65534 \\# 0', 2)).includes('support.type.class.generic.dns-zone'));
    assert.ok(!(await scopesAt('x MXX 10 mail', 2)).includes('storage.type.rr.dns-zone'));
    assert.ok(!(await scopesAt('x TYPE 10 mail', 2)).includes('storage.type.rr.dns-zone'));
  });
});
