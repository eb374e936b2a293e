// Runs ZoneLens inside a real VS Code served to the browser (code-server), for
// `npm start` and the e2e tests: packages the extension, prepares a private
// profile (user settings + extensions folder) with the .vsix installed, and
// starts code-server on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installCodeServer } from './install-code-server.mjs';

/** The repository's root folder. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where `npm run package` writes the extension. */
export const vsixPath = path.join(root, 'zonelens.vsix');

/**
 * Builds and packages the extension (`npm run package`: a production build and
 * `vsce package`), returning the .vsix path. Its output is shown only on failure.
 */
export function packageExtension() {
  fs.rmSync(vsixPath, { force: true });
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0 || !fs.existsSync(vsixPath)) {
    throw new Error(`npm run package failed (exit status ${r.status}):\n${r.stdout}${r.stderr}`);
  }
  return vsixPath;
}

/**
 * User settings of the private profile: no welcome page or walkthrough, no
 * telemetry, update or recommendation traffic, so the zone files are what one sees.
 * `trusted: false` keeps workspace trust on without a start-up prompt, so the
 * folder opens in restricted mode; `trusted: true` turns trust off, which in VS
 * Code means every folder of this (throw-away) profile is trusted.
 */
export function profileSettings({ trusted }) {
  return {
    'security.workspace.trust.enabled': !trusted,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.banner': 'never',
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'chat.commandCenter.enabled': false,
    'workbench.colorTheme': 'Default Dark Modern',
  };
}

/**
 * A private code-server profile below `dir`: `user-data` (settings), `extensions`
 * (ZoneLens only) and the XDG folders code-server writes its own config into, so
 * that nothing lands in the user's home.
 */
export function profilePaths(dir) {
  return {
    dir,
    userDataDir: path.join(dir, 'user-data'),
    extensionsDir: path.join(dir, 'extensions'),
    configFile: path.join(dir, 'config.yaml'),
    xdgConfig: path.join(dir, 'xdg-config'),
    xdgData: path.join(dir, 'xdg-data'),
  };
}

function codeServerEnv(profile) {
  return { ...process.env, XDG_CONFIG_HOME: profile.xdgConfig, XDG_DATA_HOME: profile.xdgData };
}

function commonArgs(profile) {
  return [
    '--config',
    profile.configFile,
    '--user-data-dir',
    profile.userDataDir,
    '--extensions-dir',
    profile.extensionsDir,
  ];
}

/**
 * Writes the profile's settings and installs the .vsix into its extensions folder
 * (replacing an earlier install of the same version). Returns the profile's paths.
 */
export function prepareProfile({ entry, dir, vsix, settings }) {
  const profile = profilePaths(dir);
  for (const d of [profile.userDataDir, profile.extensionsDir, profile.xdgConfig, profile.xdgData]) {
    fs.mkdirSync(d, { recursive: true });
  }
  // Authentication and binding come from the command line; the file only stops
  // code-server from writing a default one (with a generated password) elsewhere.
  fs.writeFileSync(profile.configFile, 'auth: none\ncert: false\n');
  fs.mkdirSync(path.join(profile.userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(profile.userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
  const r = spawnSync(process.execPath, [entry, ...commonArgs(profile), '--install-extension', vsix, '--force'], {
    env: codeServerEnv(profile),
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    throw new Error(`installing ${path.basename(vsix)} into code-server failed:\n${r.stdout}${r.stderr}`);
  }
  return profile;
}

/**
 * Starts code-server for `folder` on 127.0.0.1 (`port` 0: any free port) and
 * resolves once it listens, with its URL and a `stop()` that ends it. Its log
 * goes to `log` (a writable stream) when given.
 */
export function startCodeServer({ entry, profile, folder, port = 0, log }) {
  const args = [
    entry,
    ...commonArgs(profile),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    folder,
  ];
  // In a process group of its own, so that stop() ends code-server's helpers too
  // (file watcher, extension hosts), which outlive a signal to the main process.
  const child = spawn(process.execPath, args, {
    env: codeServerEnv(profile),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let exited = false;
  const ended = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    });
  });
  const stop = async () => {
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
    }
    await ended;
    // Helpers that were still shutting down when the main process exited.
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // The group is gone: nothing left.
    }
  };
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk) => {
      const text = chunk.toString();
      log?.write(text);
      seen += text;
      // code-server prints the address it really bound (a port of 0 becomes a free one).
      const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(seen);
      if (m) {
        seen = '';
        resolve({ url: m[1], process: child, stop, ended });
      } else if (seen.length > 65536) {
        seen = seen.slice(-4096);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    void ended.then(({ code, signal }) =>
      reject(new Error(`code-server exited before listening (${signal ?? `exit status ${code}`})`)),
    );
  });
}

/** Installs code-server if needed (a no-op when it is) and returns its entry script. */
export function ensureCodeServer() {
  return installCodeServer();
}
