/**
 * The lab's plumbing: a network namespace of its own (only `lo`), processes
 * started inside it and remembered so that `Namespace.destroy` can end them,
 * and waiting for events (a line on a stream, a line in a file) instead of
 * sleeping.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Options of `run`. */
export interface RunOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Runs a command to completion; throws with its output when it fails. */
export function run(cmd: string, args: readonly string[], options: RunOptions = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input: options.input, env: options.env, cwd: options.cwd });
  if (r.error !== undefined) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}:\n${r.stdout}${r.stderr}`);
  }
  return r.stdout;
}

/** A line-by-line view of a child's stdout or stderr, kept for error messages. */
class Lines {
  readonly all: string[] = [];
  private waiters: { test: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  private partial = '';

  push(chunk: string): void {
    this.partial += chunk;
    const lines = this.partial.split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      this.all.push(line);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(line)) return true;
        w.resolve(line);
        return false;
      });
    }
  }

  wait(test: (l: string) => boolean): Promise<string> {
    const seen = this.all.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }
}

/** A long-running process of the lab. */
export interface LabProcess {
  name: string;
  child: ChildProcess;
  stdout: Lines;
  stderr: Lines;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
}

/** Rejects after `ms` with `what`, so that a lab that hangs fails instead. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what()}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Resolves when the file at `file` satisfies `test` (called with its whole
 * text); re-reads it whenever its directory reports a change.
 */
export function waitForFile(file: string, test: (text: string) => boolean, ms: number, what: string): Promise<string> {
  const read = (): string => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  let watcher: fs.FSWatcher | undefined;
  const done = new Promise<string>((resolve) => {
    const check = (): boolean => {
      const text = read();
      if (!test(text)) return false;
      resolve(text);
      return true;
    };
    watcher = fs.watch(path.dirname(file), () => void check());
    check();
  });
  return withTimeout(done, ms, () => `${what} (${file})`).finally(() => watcher?.close());
}

/** A network namespace with only a loopback interface, and what runs in it. */
export class Namespace {
  private readonly processes: LabProcess[] = [];
  private created = false;

  constructor(readonly name: string) {}

  /** `/etc/netns/<name>`: `ip netns exec` bind-mounts its files over `/etc`. */
  get etcDir(): string {
    return path.join('/etc/netns', this.name);
  }

  /** Creates the namespace, brings `lo` up and points its resolver at 127.0.0.1. */
  create(): void {
    run('ip', ['netns', 'add', this.name]);
    this.created = true;
    this.exec('ip', ['link', 'set', 'lo', 'up']);
    fs.mkdirSync(this.etcDir, { recursive: true });
    // Generous timeouts: Postfix silently goes on with the AAAA records when the
    // A query times out (smtp_addr.c ignores a lookup problem while any address
    // is found), which on a loaded machine showed up as IPv6-only deliveries.
    fs.writeFileSync(path.join(this.etcDir, 'resolv.conf'), 'nameserver 127.0.0.1\noptions attempts:3 timeout:10\n');
  }

  /** The interfaces of the namespace (`ip -o link`), to prove only `lo` exists. */
  links(): string[] {
    return this.exec('ip', ['-o', 'link', 'show'])
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => l.split(':')[1].trim());
  }

  /** Runs a command inside the namespace to completion. */
  exec(cmd: string, args: readonly string[], options: RunOptions = {}): string {
    return run('ip', ['netns', 'exec', this.name, cmd, ...args], options);
  }

  /** Runs a command inside the namespace to completion without blocking; rejects with its output when it fails. */
  execAsync(cmd: string, args: readonly string[], input: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn('ip', ['netns', 'exec', this.name, cmd, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolve(out);
        else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${out}`));
      });
      child.stdin.end(input);
    });
  }

  /** Starts a long-running command inside the namespace; `destroy` ends it. */
  start(name: string, cmd: string, args: readonly string[], options: SpawnOptions = {}): LabProcess {
    const child = spawn('ip', ['netns', 'exec', this.name, cmd, ...args], {
      ...options,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that `stop` reaches the children it forks.
      detached: true,
    });
    const stdout = new Lines();
    const stderr = new Lines();
    child.stdout?.setEncoding('utf8').on('data', (d: string) => stdout.push(d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => stderr.push(d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const p: LabProcess = { name, child, stdout, stderr, exited };
    this.processes.push(p);
    return p;
  }

  /** Ends one process (and its process group) and waits for it. */
  async stop(p: LabProcess): Promise<void> {
    const i = this.processes.indexOf(p);
    if (i >= 0) this.processes.splice(i, 1);
    if (p.child.exitCode !== null || p.child.signalCode !== null) return;
    try {
      if (p.child.pid !== undefined) process.kill(-p.child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    const gone = await Promise.race([
      p.exited.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 5000)),
    ]);
    if (!gone && p.child.pid !== undefined) {
      try {
        process.kill(-p.child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await p.exited;
    }
  }

  /**
   * Ends every process still running inside the namespace (ours, and any
   * daemon they left behind), then deletes the namespace and its /etc files.
   */
  async destroy(): Promise<void> {
    for (const p of [...this.processes].reverse()) await this.stop(p);
    if (this.created) {
      // Daemons that double-forked out of our process groups (Postfix's master does not, but be sure).
      const pids = spawnSync('ip', ['netns', 'pids', this.name], { encoding: 'utf8' }).stdout ?? '';
      for (const pid of pids.split('\n').filter((l) => /^\d+$/.test(l.trim()))) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      spawnSync('ip', ['netns', 'del', this.name]);
      this.created = false;
    }
    fs.rmSync(this.etcDir, { recursive: true, force: true });
  }
}
