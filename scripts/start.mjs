// `npm start`: ZoneLens in a real VS Code, in the browser. Builds and packages the
// extension, installs code-server into a cache folder the first time (a few
// minutes; see scripts/install-code-server.mjs), installs the .vsix into a
// private profile, and serves VS Code on 127.0.0.1 with examples/ open. Runs
// until Ctrl-C.
//
//   npm start                 port 8080, or any free port when 8080 is taken
//   PORT=9000 npm start       that port
//
// The profile (settings, extensions, code-server's log) lives in .cache/start/.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {
  ensureCodeServer,
  packageExtension,
  prepareProfile,
  profileSettings,
  root,
  startCodeServer,
} from './codeServer.mjs';
import { CODE_SERVER_VERSION, isInstalled } from './install-code-server.mjs';

/** True when nothing listens on 127.0.0.1:port yet. */
function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function main() {
  const folder = path.join(root, 'examples');
  const profileDir = path.join(root, '.cache', 'start');
  fs.mkdirSync(profileDir, { recursive: true });

  if (!isInstalled()) {
    console.log(
      `Installing code-server ${CODE_SERVER_VERSION} (once, into a cache folder; this takes a few minutes)...`,
    );
  }
  const entry = ensureCodeServer();

  console.log('Building and packaging the extension...');
  const vsix = packageExtension();
  // The demo profile trusts its folder (no trust prompt) and opens no welcome page.
  const profile = prepareProfile({ entry, dir: profileDir, vsix, settings: profileSettings({ trusted: true }) });

  const wanted = Number(process.env.PORT ?? 8080);
  const port = Number.isInteger(wanted) && wanted > 0 && (await portIsFree(wanted)) ? wanted : 0;
  const logFile = path.join(profileDir, 'code-server.log');
  const log = fs.createWriteStream(logFile);
  let server;
  try {
    server = await startCodeServer({ entry, profile, folder, port, log });
  } catch (err) {
    console.error(`error: ${err.message}; code-server's log: ${logFile}`);
    process.exit(1);
  }

  const url = `${server.url}/?folder=${encodeURIComponent(folder)}`;
  console.log(`
ZoneLens is running in VS Code (code-server ${CODE_SERVER_VERSION}) with examples/ open:

    ${url}

Open that address in a browser. Try: the Problems panel (mx-targets.example.zone has
one mistake per line), hover an MX record, the light bulb on a diagnostic, and
"ZoneLens: Show MX Failover Preview" from the command palette (F1).
code-server's log: ${path.relative(root, logFile)}. Press Ctrl-C to stop.`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping code-server...');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  const { code, signal } = await server.ended;
  if (!stopping) {
    console.error(`code-server stopped by itself (${signal ?? `exit status ${code}`}); see ${logFile}`);
    process.exit(1);
  }
}

await main();
