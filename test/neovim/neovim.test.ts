/**
 * A second editor: the built language server under Neovim (Debian's 0.7,
 * headless), configured with vim.lsp.start_client + buf_attach_client as the
 * README shows. Neovim receives the diagnostics and a hover.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '../..');
const SERVER = path.join(root, 'dist', 'server.js');

interface Report {
  diagnostics: {
    code?: string;
    source?: string;
    severity?: number;
    message: string;
    range: { start: { line: number } };
  }[];
  neovim_diagnostics: number;
  hover: { contents: { kind?: string; value: string } | string } | null;
  hover_provider: boolean;
  /** The titles of the code lenses, once Neovim resolved them. */
  lenses: string[];
  errors: string[];
  exit?: { code: number; signal: number };
}

/** Runs a Lua driver of this folder in headless Neovim and returns the JSON report it writes. */
function runNeovim<T>(driver: string, env: Record<string, string>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zonelens-nvim-'));
  const out = path.join(dir, 'report.json');
  const child = spawn(
    'nvim',
    ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${path.join(__dirname, driver)}`],
    {
      env: {
        ...process.env,
        ...env,
        ZONELENS_OUT: out,
        // A private state folder: no shada or log in the user's home.
        XDG_STATE_HOME: dir,
        XDG_DATA_HOME: dir,
        XDG_CACHE_HOME: dir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!fs.existsSync(out)) {
        reject(new Error(`nvim exited (${code}) without a report:\n${stderr}`));
        return;
      }
      resolve(JSON.parse(fs.readFileSync(out, 'utf8')) as T);
    });
  });
}

/** The client driven step by step (lsp.lua): start_client, buf_attach_client, then a hover at `hover`. */
function runLsp(zone: string, hover: string): Promise<Report> {
  return runNeovim<Report>('lsp.lua', { ZONELENS_SERVER: SERVER, ZONELENS_ZONE: zone, ZONELENS_HOVER: hover });
}

/** The Lua block after "**Neovim**" in README.md. */
function readmeNeovimConfig(): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const m = /\*\*Neovim\*\*[\s\S]*?```lua\n([\s\S]*?)```/.exec(readme);
  assert.ok(m, 'README.md has no Neovim configuration');
  return m[1];
}

describe('Neovim 0.7 as the client', { timeout: 60_000 }, () => {
  it('receives the diagnostics and a hover with the delivery order', async () => {
    const zone = path.join(root, 'examples', 'mx-targets.example.zone');
    // Line 19 `literal    MX    10 192.0.2.25`; hover on the MX record of `alias` (line 20).
    const report = await runLsp(zone, '20:12');
    assert.deepEqual(report.errors, []);
    assert.equal(report.hover_provider, true);
    const codes = report.diagnostics.map((d) => d.code).sort();
    for (const code of ['mx-target-ip', 'mx-target-cname', 'mx-target-no-address', 'mx-duplicate-target']) {
      assert.ok(codes.includes(code), `no ${code} in ${codes.join(', ')}`);
    }
    assert.ok(report.diagnostics.every((d) => d.source === 'zonelens'));
    const ip = report.diagnostics.find((d) => d.code === 'mx-target-ip');
    assert.equal(ip?.range.start.line, 18);
    // Neovim turned every published diagnostic into one of its own.
    assert.equal(report.neovim_diagnostics, report.diagnostics.length);
    assert.ok(report.hover !== null, 'no hover');
    const contents = report.hover.contents;
    const text = typeof contents === 'string' ? contents : contents.value;
    // Markdown: the hyphen comes escaped.
    assert.match(text, /Mail to alias\.mx\\?-targets\.example\./);
    // The delivery order: preference 10 (smtp, an alias of mail) before 20.
    assert.match(text, /\| 10 \| smtp \| 192\.0\.2\.25 \| 100% \|[^\n]*\n\| 20 \| mail2 \| 192\.0\.2\.26 \| 0% \|/);
    // The server shut down when Neovim stopped the client.
    assert.equal(report.exit?.code, 0);
  });

  it('reports a zone without mistakes with no diagnostics', async () => {
    const report = await runLsp(path.join(root, 'examples', 'equal-preference.example.zone'), '13:9');
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.diagnostics, []);
    const contents = report.hover?.contents;
    assert.ok(contents !== undefined);
    assert.match(typeof contents === 'string' ? contents : contents.value, /Mail to equal\\?-preference\.example\./);
    // The code lens, which comes without a title: Neovim asks for it (codeLens/resolve).
    assert.deepEqual(report.lenses, ['1 tier · 2 hosts · 2 addresses · survives 1 address down']);
  });

  it("runs the README's configuration: zone files get the server and its diagnostics", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zonelens-nvim-readme-'));
    const config = path.join(dir, 'init.lua');
    fs.writeFileSync(config, readmeNeovimConfig());
    // `zonelens-language-server` on PATH, as `npm link` would put it there.
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(
      path.join(bin, 'zonelens-language-server'),
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(SERVER)} "$@"\n`,
      { mode: 0o755 },
    );
    const report = await runNeovim<{
      errors: string[];
      filetype: string;
      clients: number;
      diagnostics: { lnum: number; message: string; source: string }[];
    }>('readme.lua', {
      ZONELENS_CONFIG: config,
      ZONELENS_ZONE: path.join(root, 'examples', 'mx-targets.example.zone'),
      PATH: `${bin}:${process.env.PATH ?? ''}`,
    });
    assert.deepEqual(report.errors, []);
    assert.equal(report.filetype, 'dns-zone');
    assert.equal(report.clients, 1);
    assert.ok(report.diagnostics.some((d) => d.lnum === 18 && /192\.0\.2\.25 .* is an IP address/.test(d.message)));
  });
});
