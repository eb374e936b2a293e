/** The manifest's `zonelens.*` settings and the server's `Settings` type describe the same keys (ARCHITECTURE.md rule 7). */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, parseSettings } from '../../server/src/settings';

interface Property {
  type?: string;
  default?: unknown;
  markdownDescription?: string;
  scope?: string;
}

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, Property> } };
};
const properties = manifest.contributes.configuration.properties;

/** Keys the client alone reads (they never reach the server). */
const CLIENT_ONLY = new Set(['zonelens.trace.server']);

/** The dotted keys of the settings object: `checks` is one key (a map), other objects are walked. */
function keys(obj: Record<string, unknown>, prefix = 'zonelens'): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(obj)) {
    const key = `${prefix}.${k}`;
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && k !== 'checks') {
      for (const [kk, vv] of keys(v as Record<string, unknown>, key)) out.set(kk, vv);
    } else out.set(key, v);
  }
  return out;
}

describe('settings contract', () => {
  const ours = keys(DEFAULT_SETTINGS as unknown as Record<string, unknown>);

  it('every Settings field is contributed with the same default and a markdownDescription', () => {
    for (const [key, value] of ours) {
      const p = properties[key];
      assert.ok(p, `${key} is in package.json`);
      assert.deepEqual(p.default, value, `${key} defaults alike`);
      assert.ok((p.markdownDescription ?? '').length > 20, `${key} has a markdownDescription`);
    }
  });

  it('every contributed server setting is a Settings field', () => {
    for (const key of Object.keys(properties)) {
      if (CLIENT_ONLY.has(key)) continue;
      assert.ok(ours.has(key), `${key} is read by parseSettings`);
    }
  });

  it('parseSettings reads zonelens.mx.privateAddressesOk and keeps the default for junk', () => {
    assert.equal(parseSettings({ mx: { privateAddressesOk: true } }).mx.privateAddressesOk, true);
    assert.equal(parseSettings({ mx: { privateAddressesOk: 'yes' } }).mx.privateAddressesOk, false);
    assert.deepEqual(parseSettings(undefined), DEFAULT_SETTINGS);
  });

  it('parseSettings reads zonelens.include.searchPaths: strings kept (trimmed), anything else dropped', () => {
    assert.deepEqual(parseSettings({ include: { searchPaths: [' includes ', '/srv/zones', 3, '', null] } }).include, {
      searchPaths: ['includes', '/srv/zones'],
    });
    assert.deepEqual(parseSettings({ include: { searchPaths: 'includes' } }).include.searchPaths, []);
    assert.deepEqual(parseSettings({ include: 'x' }).include.searchPaths, []);
    assert.equal(properties['zonelens.include.searchPaths']?.type, 'array');
  });

  it('parseSettings reads zonelens.resolve: outOfZone a boolean, servers strings (trimmed), junk dropped', () => {
    assert.deepEqual(
      parseSettings({ resolve: { outOfZone: true, servers: [' 127.0.0.1:5353 ', 7, '', '::1'] } }).resolve,
      {
        outOfZone: true,
        servers: ['127.0.0.1:5353', '::1'],
      },
    );
    assert.deepEqual(parseSettings({ resolve: { outOfZone: 'yes', servers: '127.0.0.1' } }).resolve, {
      outOfZone: false,
      servers: [],
    });
    assert.equal(properties['zonelens.resolve.outOfZone']?.type, 'boolean');
    assert.equal(properties['zonelens.resolve.servers']?.type, 'array');
  });
});
