/**
 * The marketplace package: `npm run package` (a production build and `vsce
 * package`) makes a .vsix that holds exactly what runs, stays small, and carries
 * the manifest fields the VS Code Marketplace and Open VSX need.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';

const root = path.resolve(__dirname, '../..');

/**
 * What the extension loads at run time, plus the docs and the icon (paths inside
 * `extension/`; vsce stores the readme and changelog in lower case, the licence as .txt).
 */
const EXPECTED = [
  'LICENSE.txt',
  'changelog.md',
  'dist/client.js',
  'dist/server.js',
  'dist/webview/panel.css',
  'dist/webview/panel.js',
  'images/icon.png',
  'language-configuration.json',
  'package.json',
  'readme.md',
  'syntaxes/dns-zone.tmLanguage.json',
].sort();

/** The entries of a zip archive, read from its central directory (no unzip needed). */
function zipEntries(file: string): { name: string; size: number }[] {
  const buf = fs.readFileSync(file);
  // The end-of-central-directory record: signature 0x06054b50, within the last 64 KiB.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'not a zip archive');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: { name: string; size: number }[] = [];
  for (let n = 0; n < count; n++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'broken central directory');
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    out.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLength), size });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}

describe('npm run package', { timeout: 180_000 }, () => {
  let vsix: string;
  let entries: { name: string; size: number }[];
  let manifest: Record<string, unknown>;

  before(() => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'zonelens-vsix-'));
    vsix = path.join(out, 'zonelens.vsix');
    // The package script with another output file, so that the working tree's zonelens.vsix is left alone.
    const r = spawnSync('npm', ['run', '--silent', 'package', '--', '-o', vsix], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, `npm run package failed:\n${r.stdout}\n${r.stderr}`);
    entries = zipEntries(vsix);
    const packaged = entries.find((e) => e.name === 'extension/package.json');
    assert.ok(packaged);
    manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  });

  it('holds exactly the bundles, grammar, language configuration, icon and docs', () => {
    const files = entries
      .map((e) => e.name)
      .filter((n) => n.startsWith('extension/'))
      .map((n) => n.slice('extension/'.length))
      .sort();
    assert.deepEqual(files, EXPECTED);
    // Besides extension/, only the VSIX's own manifest files.
    assert.deepEqual(
      entries
        .map((e) => e.name)
        .filter((n) => !n.startsWith('extension/'))
        .sort(),
      ['[Content_Types].xml', 'extension.vsixmanifest'],
    );
  });

  it('has no sources, tests, source maps or node_modules', () => {
    for (const { name } of entries) {
      assert.doesNotMatch(name, /\.ts$|\.map$|node_modules|\/test\/|\/src\//, name);
    }
  });

  it('is under 5 MB, and every bundle is minified', () => {
    const size = fs.statSync(vsix).size;
    assert.ok(size < 5 * 1024 * 1024, `${size} bytes`);
    for (const bundle of ['dist/client.js', 'dist/server.js']) {
      const text = fs.readFileSync(path.join(root, bundle), 'utf8');
      // A minified bundle has few lines for its size.
      assert.ok(text.length / text.split('\n').length > 500, `${bundle} is not minified`);
    }
  });

  it('carries what the VS Code Marketplace and Open VSX require', () => {
    for (const key of ['name', 'displayName', 'description', 'version', 'publisher', 'license', 'icon', 'repository']) {
      assert.ok(manifest[key], `package.json has no ${key}`);
    }
    assert.equal(manifest.license, 'MIT');
    assert.ok(fs.existsSync(path.join(root, 'LICENSE')), 'Open VSX needs a license file');
    const icon = fs.readFileSync(path.join(root, manifest.icon as string));
    // A PNG of 128 x 128 pixels (IHDR width and height).
    assert.equal(icon.toString('latin1', 1, 4), 'PNG');
    assert.equal(icon.readUInt32BE(16), 128);
    assert.equal(icon.readUInt32BE(20), 128);
    assert.ok((manifest.categories as string[]).includes('Programming Languages'));
    assert.ok((manifest.keywords as string[]).length <= 30, 'the Marketplace takes at most 30 keywords');
    // The namespace on Open VSX is the publisher: a lowercase identifier.
    assert.match(manifest.publisher as string, /^[a-z0-9][a-z0-9-]*$/);
    const capabilities = manifest.capabilities as Record<string, { supported: unknown; description?: string }>;
    assert.equal(capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(capabilities.untrustedWorkspaces.description);
    assert.equal(capabilities.virtualWorkspaces.supported, false);
  });
});
