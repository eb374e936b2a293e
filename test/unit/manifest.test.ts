import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

const root = path.join(__dirname, '..', '..');

interface Language {
  id: string;
  aliases?: string[];
  extensions?: string[];
  filenames?: string[];
  filenamePatterns?: string[];
  firstLine?: string;
  configuration?: string;
}
interface Command {
  command: string;
  title?: string;
  category?: string;
}
interface Setting {
  type?: string;
  description?: string;
  markdownDescription?: string;
  enum?: unknown[];
  default?: unknown;
}
interface Manifest {
  main: string;
  activationEvents: string[];
  bin: Record<string, string>;
  contributes: {
    languages: Language[];
    grammars: { language: string; scopeName: string; path: string }[];
    configuration: { title: string; properties: Record<string, Setting> };
    commands: Command[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

function language(): Language {
  const lang = manifest.contributes.languages.find((l) => l.id === 'dns-zone');
  assert.ok(lang, 'language dns-zone is contributed');
  return lang;
}

describe('package.json manifest', () => {
  test('contributes the dns-zone language with its files', () => {
    const lang = language();
    assert.deepEqual(lang.aliases, ['DNS Zone', 'BIND zone']);
    assert.deepEqual(lang.extensions, ['.zone', '.signed', '.dns', '.arpa']);
    assert.ok(!lang.extensions?.includes('.db'), '.db is left to files.associations');
    assert.deepEqual(lang.filenames, ['named.root']);
    assert.deepEqual(lang.filenamePatterns, ['**/bind/db.*', '**/named/db.*']);
    assert.ok(
      lang.configuration && fs.existsSync(path.join(root, lang.configuration)),
      'language configuration exists',
    );
    assert.deepEqual(manifest.activationEvents, ['onLanguage:dns-zone', 'onWebviewPanel:zonelens.failoverPreview']);
  });

  test('firstLine recognises zone files and dig output only', () => {
    const firstLine = new RegExp(language().firstLine ?? '(?!)');
    for (const line of [
      '$ORIGIN example.com.',
      '$TTL 1h',
      '; <<>> DiG 9.18.28-1~deb12u2-Debian <<>> example.com AXFR',
    ]) {
      assert.match(line, firstLine);
    }
    for (const line of [
      'hello',
      ' $ORIGIN example.com.',
      '; a comment',
      'example.com. 3600 IN SOA ns1 host 1 2 3 4 5',
    ]) {
      assert.doesNotMatch(line, firstLine);
    }
  });

  test('the grammar file exists and declares the contributed scope', () => {
    const [grammar] = manifest.contributes.grammars;
    assert.ok(grammar);
    assert.equal(grammar.language, 'dns-zone');
    assert.equal(grammar.scopeName, 'source.dns-zone');
    const json = JSON.parse(fs.readFileSync(path.join(root, grammar.path), 'utf8')) as { scopeName: string };
    assert.equal(json.scopeName, 'source.dns-zone');
  });

  test('every command has a title and the ZoneLens category, and is in the command table', () => {
    const table = fs.readFileSync(path.join(root, 'client', 'src', 'commands.ts'), 'utf8');
    assert.ok(manifest.contributes.commands.length > 0);
    for (const c of manifest.contributes.commands) {
      assert.match(c.command, /^zonelens\.[a-zA-Z]+$/, c.command);
      assert.ok(c.title && c.title.length > 0, `${c.command} has a title`);
      assert.equal(c.category, 'ZoneLens', `${c.command} has the ZoneLens category`);
      assert.ok(table.includes(`'${c.command}'`), `${c.command} is registered in client/src/commands.ts`);
    }
  });

  test('every setting is zonelens.* and has a description', () => {
    const props = Object.entries(manifest.contributes.configuration.properties);
    assert.ok(props.length > 0);
    for (const [key, setting] of props) {
      assert.match(key, /^zonelens\./, key);
      assert.ok((setting.markdownDescription ?? setting.description ?? '').length > 10, `${key} has a description`);
      assert.ok(setting.type, `${key} has a type`);
      if (setting.enum) assert.ok(setting.enum.includes(setting.default), `${key}'s default is one of its values`);
    }
  });

  test('entry points and bin point into dist/', () => {
    assert.equal(manifest.main, './dist/client.js');
    assert.deepEqual(manifest.bin, { zonelens: 'dist/cli.js', 'zonelens-language-server': 'dist/server.js' });
  });

  test('the settings that make ZoneLens use the network are not taken from an untrusted workspace', () => {
    const raw = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      capabilities: { untrustedWorkspaces: { supported: unknown; restrictedConfigurations?: string[] } };
    };
    const untrusted = raw.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    for (const key of ['zonelens.resolve.outOfZone', 'zonelens.resolve.servers']) {
      assert.ok(untrusted.restrictedConfigurations?.includes(key), `${key} is restricted`);
      assert.ok(manifest.contributes.configuration.properties[key], `${key} is contributed`);
    }
  });
});
