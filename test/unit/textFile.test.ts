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
      // Read in more than one call, and made into a string kept outside the heap.
      Buffer.from('h1 A 192.0.2.1 ; a line of the zone\n'.repeat(100_000)),
      Buffer.concat([Buffer.from('x TXT "'.repeat(50_000)), Buffer.from('é\n')]),
    ];
    cases.forEach((bytes, i) => {
      const file = path.join(dir, `${i}.zone`);
      fs.writeFileSync(file, bytes);
      assert.equal(readTextFile(file), fs.readFileSync(file, 'utf8'), `case ${i}`);
    });
    assert.throws(() => readTextFile(path.join(dir, 'missing.zone')), { code: 'ENOENT' });
    assert.throws(() => readTextFile(dir), { code: 'EISDIR' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('reads a file whose size the system does not know beforehand', { skip: !fs.existsSync('/proc/self/status') }, () => {
  // Files of /proc say they are empty: their text is made as they are read.
  assert.equal(fs.statSync('/proc/self/status').size, 0);
  assert.match(readTextFile('/proc/self/status'), /^Name:.*\n[^]*VmRSS:/);
});
