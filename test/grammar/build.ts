/**
 * Writes syntaxes/dns-zone.tmLanguage.json from grammarSource.ts, formatted as
 * prettier formats it (so `npm run lint` stays clean):
 *
 *   npx tsx test/grammar/build.ts
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as prettier from 'prettier';
import { buildGrammar } from './grammarSource';

/** Where the grammar lives, as package.json's `contributes.grammars` says. */
export const GRAMMAR_PATH = path.resolve(__dirname, '../../syntaxes/dns-zone.tmLanguage.json');

async function main(): Promise<void> {
  const options = (await prettier.resolveConfig(GRAMMAR_PATH)) ?? {};
  const text = await prettier.format(JSON.stringify(buildGrammar()), { ...options, filepath: GRAMMAR_PATH });
  fs.writeFileSync(GRAMMAR_PATH, text);
  console.log(`wrote ${path.relative(process.cwd(), GRAMMAR_PATH)} (${text.length} characters)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
