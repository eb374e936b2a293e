/** Every code has its documentation page (the diagnostic's `codeDescription.href`) and a line in the index. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CODES } from '../../server/src/checks/index';

const DOCS = path.resolve(__dirname, '..', '..', 'docs', 'checks');

describe('docs/checks', () => {
  const index = fs.readFileSync(path.join(DOCS, 'README.md'), 'utf8');

  for (const [code, info] of CODES) {
    it(`${code} has a page with every section, and a line in the index`, () => {
      const file = path.join(DOCS, `${code}.md`);
      assert.ok(fs.existsSync(file), `docs/checks/${code}.md exists`);
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(text.startsWith(`# \`${code}\``), 'titled with the code');
      for (const section of ['## What it means', '## Why it matters', '## Example', '## How to fix', '## References']) {
        assert.ok(text.includes(section), `has '${section}'`);
      }
      assert.ok(
        text.includes(`**Default severity:** ${info.severity}`),
        `states the default severity ${info.severity}`,
      );
      assert.ok(info.docs.endsWith(`/docs/checks/${code}.md`), 'the link points at the page');
      assert.ok(index.includes(`[\`${code}\`](${code}.md)`), 'listed in README.md');
    });
  }

  it('has no page for a code that does not exist', () => {
    for (const f of fs.readdirSync(DOCS)) {
      if (f === 'README.md') continue;
      assert.ok(CODES.has(f.replace(/\.md$/, '')), `${f} documents a registered code`);
    }
  });
});
