// Bundles the extension's entry points with esbuild.
//
//   node esbuild.mjs               development build (sourcemaps, not minified)
//   node esbuild.mjs --production  minified build, as `vsce package` runs it
//   node esbuild.mjs --watch       rebuild on change
//
// An entry point whose source file does not exist yet is skipped with a note, so
// that the build works while the project is being assembled.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const shebang = { js: '#!/usr/bin/env node' };
/** The package's version, which the CLI (`--version`, SARIF) and the server (`serverInfo`) report. */
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** @type {{ name: string, entry: string, outfile: string, options: esbuild.BuildOptions, executable?: boolean }[]} */
const targets = [
  {
    name: 'client',
    entry: 'client/src/extension.ts',
    outfile: 'dist/client.js',
    // `vscode` is provided by the extension host at run time.
    options: { platform: 'node', format: 'cjs', external: ['vscode'] },
  },
  {
    name: 'server',
    entry: 'server/src/server.ts',
    outfile: 'dist/server.js',
    options: { platform: 'node', format: 'cjs', banner: shebang },
    executable: true,
  },
  {
    name: 'cli',
    entry: 'server/src/cli.ts',
    outfile: 'dist/cli.js',
    options: { platform: 'node', format: 'cjs', banner: shebang },
    executable: true,
  },
  {
    // The failover preview's webview: a browser bundle; its CSS import becomes dist/webview/panel.css.
    // dist/webview/ is the panel's only localResourceRoot.
    name: 'webview',
    entry: 'client/webview/main.ts',
    outfile: 'dist/webview/panel.js',
    options: { platform: 'browser', format: 'iife', target: 'chrome114' },
  },
];

/** Makes the output executable after every successful build (bin entries). */
function chmodPlugin(outfile) {
  return {
    name: 'chmod',
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length === 0 && fs.existsSync(outfile)) fs.chmodSync(outfile, 0o755);
      });
    },
  };
}

/** Prints one line per rebuild in watch mode, so a problem matcher can follow it. */
function logPlugin(name) {
  return {
    name: 'log',
    setup(build) {
      build.onStart(() => console.log(`[watch] ${name}: build started`));
      build.onEnd((result) => {
        for (const e of result.errors) {
          const loc = e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : '';
          console.error(`✘ [ERROR] ${loc}${e.text}`);
        }
        console.log(`[watch] ${name}: build finished`);
      });
    },
  };
}

const contexts = [];
for (const t of targets) {
  if (!fs.existsSync(path.join(root, t.entry))) {
    console.log(`note: ${t.entry} does not exist yet; skipping ${t.outfile}`);
    continue;
  }
  const plugins = [];
  if (t.executable) plugins.push(chmodPlugin(path.join(root, t.outfile)));
  if (watch) plugins.push(logPlugin(t.name));
  contexts.push(
    await esbuild.context({
      absWorkingDir: root,
      entryPoints: [t.entry],
      outfile: t.outfile,
      bundle: true,
      target: 'node20',
      sourcemap: true,
      sourcesContent: false,
      minify: production,
      define: { ZONELENS_VERSION: JSON.stringify(version) },
      logLevel: watch ? 'silent' : 'warning',
      plugins,
      ...t.options,
    }),
  );
}

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  let failed = false;
  for (const c of contexts) {
    try {
      await c.rebuild();
    } catch {
      // esbuild has already printed the errors.
      failed = true;
    }
    await c.dispose();
  }
  if (failed) process.exit(1);
  console.log(`built ${contexts.length} bundle(s)${production ? ' (production)' : ''}`);
}
