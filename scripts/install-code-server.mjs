// Installs code-server (the real VS Code, served to a browser) from npm into a
// cache folder, for `npm start` and the e2e tests. It is kept out of the
// project's own `npm ci` because it is ~300 MB and builds native modules.
//
//   node scripts/install-code-server.mjs          install if needed, print the binary path
//   node scripts/install-code-server.mjs --force  reinstall
//
// Where: $ZONELENS_CODE_SERVER_DIR if set, else $XDG_CACHE_HOME/zonelens/code-server-<version>
// if XDG_CACHE_HOME is set, else .cache/code-server-<version> in the repository (git-ignored).
// A finished install leaves a marker file; the next run only checks it (well under a second).
//
// What the install needs on Debian (see /work/shared/docs/TESTING.md): `libkrb5-dev` (the
// `kerberos` native module), `ripgrep` (stands in for the binary @vscode/ripgrep would
// download from GitHub), a C++ toolchain and Node's headers for the native modules.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The pinned code-server release: 4.100.x is the last line that runs on Node 20. */
export const CODE_SERVER_VERSION = '4.100.3';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The folder the pinned code-server is (or will be) installed into. */
export function codeServerDir() {
  if (process.env.ZONELENS_CODE_SERVER_DIR) return path.resolve(process.env.ZONELENS_CODE_SERVER_DIR);
  if (process.env.XDG_CACHE_HOME) {
    return path.join(process.env.XDG_CACHE_HOME, 'zonelens', `code-server-${CODE_SERVER_VERSION}`);
  }
  return path.join(root, '.cache', `code-server-${CODE_SERVER_VERSION}`);
}

/** The JavaScript entry point of the installed code-server (run it with `node`). */
export function codeServerEntry(dir = codeServerDir()) {
  return path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

const markerName = '.zonelens-installed';

/** True when a complete install of the pinned version is in `dir`. */
export function isInstalled(dir = codeServerDir()) {
  try {
    return (
      fs.readFileSync(path.join(dir, markerName), 'utf8').trim() === CODE_SERVER_VERSION &&
      fs.existsSync(codeServerEntry(dir))
    );
  } catch {
    return false;
  }
}

/**
 * Runs a command, streaming its output to our stderr (stdout of this script is
 * reserved for the path it prints). Throws with the command line on failure.
 */
function run(cmd, args, options) {
  console.error(`$ ${cmd} ${args.join(' ')}${options.cwd ? `    (in ${options.cwd})` : ''}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 2, 2], ...options });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.signal ?? `exit status ${r.status}`})`);
  }
}

/** Fails early, with the apt line to run, when a system prerequisite is missing. */
function checkPrerequisites() {
  const problems = [];
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) problems.push(`code-server ${CODE_SERVER_VERSION} needs Node 20 (this is ${process.version})`);
  const which = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim();
  if (!which('rg')) problems.push('ripgrep (`rg`) is not on PATH: apt-get install ripgrep');
  if (!fs.existsSync('/usr/include/krb5.h') && !fs.existsSync('/usr/include/krb5/krb5.h') && !which('krb5-config')) {
    problems.push('the Kerberos headers are missing: apt-get install libkrb5-dev');
  }
  if (!which('make') || !(which('g++') || which('c++'))) {
    problems.push('a C++ toolchain is missing: apt-get install build-essential python3');
  }
  if (problems.length > 0) {
    throw new Error(`cannot install code-server:\n  - ${problems.join('\n  - ')}`);
  }
  return { rg: which('rg') };
}

/** The target triple @vscode/ripgrep asks GitHub for on this machine. */
function ripgrepTarget() {
  switch (process.arch) {
    case 'x64':
      return 'x86_64-unknown-linux-musl';
    case 'arm64':
      return 'aarch64-unknown-linux-musl';
    default:
      throw new Error(`no ripgrep cache recipe for architecture ${process.arch}`);
  }
}

/**
 * @vscode/ripgrep's postinstall downloads `rg` from GitHub unless its cache folder
 * (in the temporary directory) already holds the release archive. The network here
 * reaches only npm and Debian, so we put Debian's `rg` there in the archive it
 * expects. The version comes from VS Code's own lockfile inside code-server.
 */
function primeRipgrepCache(codeServerPkg, rgPath, tmpdir) {
  const shrinkwrap = JSON.parse(fs.readFileSync(path.join(codeServerPkg, 'lib/vscode/npm-shrinkwrap.json'), 'utf8'));
  const entry = shrinkwrap.packages?.['node_modules/@vscode/ripgrep'];
  if (!entry?.version) throw new Error('cannot find the @vscode/ripgrep version in code-server');
  // The ripgrep release @vscode/ripgrep 1.15.x downloads (its lib/postinstall.js).
  const archive = `ripgrep-v13.0.0-10-${ripgrepTarget()}.tar.gz`;
  const cacheDir = path.join(tmpdir, `vscode-ripgrep-cache-${entry.version}`);
  if (fs.existsSync(path.join(cacheDir, archive))) return;
  fs.mkdirSync(cacheDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(tmpdir, 'zonelens-rg-'));
  fs.copyFileSync(rgPath, path.join(staging, 'rg'));
  fs.chmodSync(path.join(staging, 'rg'), 0o755);
  run('tar', ['-czf', path.join(cacheDir, archive), '-C', staging, 'rg'], {});
  fs.rmSync(staging, { recursive: true, force: true });
}

/** Installs the pinned code-server into `dir`; returns the path of its entry script. */
export function installCodeServer({ dir = codeServerDir(), force = false } = {}) {
  if (!force && isInstalled(dir)) return codeServerEntry(dir);
  const started = Date.now();
  const { rg } = checkPrerequisites();
  fs.rmSync(path.join(dir, markerName), { force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'zonelens-code-server-cache', private: true }, null, 2) + '\n',
  );

  const tmpdir = os.tmpdir();
  const npmVersion = spawnSync('npm', ['--version'], { encoding: 'utf8' }).stdout.trim();
  const env = {
    ...process.env,
    TMPDIR: tmpdir,
    // Root may run install scripts only with unsafe-perm; a nested npx must not prompt.
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    // code-server's postinstall.sh reads the Node version from npm's user agent.
    npm_config_user_agent: `npm/${npmVersion} node/${process.version} ${process.platform} ${process.arch}`,
    // npm 11 runs dependency install scripts only when an allowScripts policy covers
    // them; this pinned package tree (VS Code's native modules) needs all of its own.
    npm_config_dangerously_allow_all_scripts: 'true',
  };
  // node-gyp would download Node's headers from nodejs.org; use the system's when present.
  if (!env.npm_config_nodedir && fs.existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';

  // 1. Fetch code-server and its own dependencies without running any script yet,
  //    so that the ripgrep cache can be primed before VS Code's dependencies install.
  run('npm', ['install', '--save-exact', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], { cwd: dir, env });
  const pkg = path.join(dir, 'node_modules', 'code-server');
  primeRipgrepCache(pkg, rg, tmpdir);
  // 2. The install script of code-server's one native dependency (argon2, which its
  //    password login loads at start-up even with `--auth none`).
  run('npm', ['rebuild', 'argon2'], { cwd: dir, env });
  // 3. code-server's postinstall: installs VS Code's dependencies (native modules,
  //    @vscode/ripgrep) in lib/vscode and lib/vscode/extensions. Run it ourselves,
  //    since npm may skip it (see TESTING.md).
  run('sh', ['./postinstall.sh'], { cwd: pkg, env });

  const entry = codeServerEntry(dir);
  // Its own config and data folders inside the cache: code-server writes a default
  // config file on every start and must not leave one in the user's home.
  const smokeEnv = { ...env, XDG_CONFIG_HOME: path.join(dir, 'xdg-config'), XDG_DATA_HOME: path.join(dir, 'xdg-data') };
  run(process.execPath, [entry, '--version'], { cwd: dir, env: smokeEnv });
  fs.writeFileSync(path.join(dir, markerName), CODE_SERVER_VERSION + '\n');
  console.error(
    `code-server ${CODE_SERVER_VERSION} installed in ${dir} (${Math.round((Date.now() - started) / 1000)} s)`,
  );
  return entry;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(installCodeServer({ force: process.argv.includes('--force') }));
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
