/**
 * Real Postfix and real Exim from Debian, side by side. The two packages
 * conflict, so neither is installed: each `.deb` is fetched with
 * `apt-get download` into a cache directory and unpacked there with `dpkg -x`
 * (no maintainer script runs, no service starts, no debconf question). Their
 * shared libraries are Debian's ordinary ones (see docs/conformance.md for
 * the list CI installs).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { run } from './netns';

/** Where the packages are downloaded and unpacked (`ZONELENS_MTA_CACHE` overrides). */
export const CACHE_DIR = process.env.ZONELENS_MTA_CACHE ?? '/var/cache/zonelens-mta';

/** An unpacked MTA. */
export interface Unpacked {
  /** The folder `dpkg -x` wrote (holds usr/, etc/, …). */
  root: string;
  /** Debian package version, e.g. `3.7.11-0+deb12u1`. */
  packageVersion: string;
}

/** The .deb of `pkg` in the cache, downloaded first if missing. */
function debOf(pkg: string): string {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const find = (): string | undefined =>
    fs
      .readdirSync(CACHE_DIR)
      .filter((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'))
      .sort()
      .pop();
  let deb = find();
  if (deb === undefined) {
    // apt drops privileges to _apt for downloads; the cache is root's, so download into a folder _apt may write.
    const tmp = fs.mkdtempSync(path.join(CACHE_DIR, 'download-'));
    fs.chmodSync(tmp, 0o777);
    try {
      run('sh', ['-c', `cd "${tmp}" && apt-get download ${pkg}`]);
      for (const f of fs.readdirSync(tmp)) fs.renameSync(path.join(tmp, f), path.join(CACHE_DIR, f));
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    deb = find();
    if (deb === undefined) throw new Error(`apt-get download ${pkg} left no .deb in ${CACHE_DIR}`);
  }
  return path.join(CACHE_DIR, deb);
}

/** Unpacks `packages` into `CACHE_DIR/<name>` (once per package version). */
function unpack(name: string, packages: string[]): Unpacked {
  const debs = packages.map(debOf);
  const packageVersion = run('dpkg-deb', ['-f', debs[0], 'Version']).trim();
  const root = path.join(CACHE_DIR, name);
  const stamp = path.join(root, '.unpacked');
  const want = debs.map((d) => path.basename(d)).join('\n');
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== want) {
    fs.rmSync(root, { recursive: true, force: true });
    fs.mkdirSync(root, { recursive: true });
    for (const deb of debs) run('dpkg', ['-x', deb, root]);
    fs.writeFileSync(stamp, want);
  }
  return { root, packageVersion };
}

/**
 * Postfix: its binaries look for their own libraries in /usr/lib/postfix
 * (RUNPATH), so the lab passes LD_LIBRARY_PATH; the dynamic loader ignores
 * that for set-group-id programs, so the private copies of `postdrop` and
 * `postqueue` lose that bit (the lab runs as root and needs no privilege).
 */
export function unpackPostfix(): Unpacked {
  const u = unpack('postfix', ['postfix']);
  for (const f of ['usr/sbin/postdrop', 'usr/sbin/postqueue']) {
    const p = path.join(u.root, f);
    fs.chmodSync(p, fs.statSync(p).mode & 0o777 & ~0o2000);
  }
  return u;
}

/** Exim: the daemon package (the binary) and exim4-base (its helper programs). */
export function unpackExim(): Unpacked {
  return unpack('exim', ['exim4-daemon-light', 'exim4-base']);
}

function exists(db: 'passwd' | 'group', name: string): boolean {
  return fs
    .readFileSync(`/etc/${db}`, 'utf8')
    .split('\n')
    .some((l) => l.startsWith(`${name}:`));
}

/**
 * The system users the two MTAs switch to (the maintainer scripts that would
 * create them do not run under `dpkg -x`): `postfix` and group `postdrop`,
 * `Debian-exim`. Returns the names it created.
 */
export function ensureUsers(): string[] {
  const created: string[] = [];
  if (!exists('group', 'postdrop')) {
    run('groupadd', ['--system', 'postdrop']);
    created.push('group postdrop');
  }
  for (const user of ['postfix', 'Debian-exim']) {
    if (exists('passwd', user)) continue;
    run('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--home-dir',
      '/nonexistent',
      '--shell',
      '/usr/sbin/nologin',
      user,
    ]);
    created.push(`user ${user}`);
  }
  return created;
}
