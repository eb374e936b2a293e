/** `readTextFile` gives what UTF-8 decoding gives, whatever the bytes. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { it } from 'node:test';
import { readTextFile } from '../../server/src/textFile';

it('reads a file as UTF-8 decoding does: ASCII, other UTF-8, a byte-order mark, bytes that are not UTF-8', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zonelens-text-'));
  try {
    const cases: Buffer[] = [
      Buffer.from('$ORIGIN example.com.\n@ MX 10 mail\nmail A 192.0.2.1\n'),
      Buffer.from('; café\nmail TXT "naïve ☃ 𝄞"\n'),
      Buffer.from('\ufeff@ A 192.0.2.1\n'),
      Buffer.from([0x40, 0x20, 0x54, 0x58, 0x54, 0x20, 0xff, 0xfe, 0x80, 0x0a, 0xc3]),
      Buffer.alloc(0),
    ];
    cases.forEach((bytes, i) => {
      const file = path.join(dir, `${i}.zone`);
      fs.writeFileSync(file, bytes);
      assert.equal(readTextFile(file), fs.readFileSync(file, 'utf8'), `case ${i}`);
    });
    assert.throws(() => readTextFile(path.join(dir, 'missing.zone')), { code: 'ENOENT' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
