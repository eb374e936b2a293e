/**
 * The conformance lab: a network namespace holding a real DNS server, the
 * SMTP sinks and real Postfix and Exim, and the run of every scenario on
 * both MTAs. `Lab.open` builds it, `Lab.runScenario` measures one scenario
 * on one MTA, `Lab.close` removes everything (call it in a finally/after).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkSinks, fitTests, sequenceRows, type Comparison } from './compare';
import { NSD, startNsd } from './dns';
import { ensureUsers, unpackExim, unpackPostfix } from './install';
import { startExim, startPostfix, type Mta } from './mtas';
import { Namespace, run, withTimeout, type LabProcess } from './netns';
import { SCENARIOS, SINK_ADDRESSES_V6, domainOf, sinkStates, zoneText, type Scenario } from './scenarios';
import { BUILT_CLI, sequenceProbability, simulateCli, type MtaId } from './simulation';
import type { SinkConfig, SinkEvent } from './sink';

const SINK = path.join(__dirname, 'sink.ts');
const REPO = path.resolve(__dirname, '..', '..');

/** Why the lab cannot run here, or null. Checked before anything is created. */
export function preflight(): string | null {
  if (process.platform !== 'linux') return `the lab needs Linux network namespaces (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'the lab must run as root (ip netns, binding port 25, running MTAs)';
  for (const tool of ['/usr/sbin/ip', '/usr/bin/apt-get', '/usr/bin/dpkg', NSD]) {
    if (!fs.existsSync(tool) && !fs.existsSync(tool.replace('/usr', ''))) return `${tool} is missing`;
  }
  return null;
}

export class Lab {
  readonly log: string[] = [];
  private sinks: LabProcess | null = null;
  private mtas: Mta[] = [];

  private constructor(
    readonly ns: Namespace,
    readonly dir: string,
  ) {}

  /** Builds the namespace, the DNS server and both MTAs. On failure, removes what it built and rethrows. */
  static async open(): Promise<Lab> {
    const why = preflight();
    if (why !== null) throw new Error(`MTA lab cannot run: ${why}`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zonelens-mta-'));
    // The MTAs' own users must reach their folders below it.
    fs.chmodSync(dir, 0o755);
    const lab = new Lab(new Namespace(`zonelens-mta-${process.pid}`), dir);
    try {
      await lab.build();
      return lab;
    } catch (e) {
      await lab.close();
      throw e;
    }
  }

  /** The lab's copy of dist/cli.js. */
  private get cli(): string {
    return path.join(this.dir, 'cli.js');
  }

  private async build(): Promise<void> {
    if (!fs.existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run npm run build first`);
    fs.copyFileSync(BUILT_CLI, this.cli);
    const stale = removeStaleNamespaces();
    if (stale.length > 0) this.log.push(`removed namespaces of killed runs: ${stale.join(', ')}`);
    const created = ensureUsers();
    if (created.length > 0) this.log.push(`created ${created.join(', ')}`);
    const postfixPkg = unpackPostfix();
    const eximPkg = unpackExim();

    this.ns.create();
    const links = this.ns.links();
    if (links.join(',') !== 'lo') throw new Error(`the namespace should hold only lo, it holds ${links.join(', ')}`);
    // All of 127/8 is local on lo already; the IPv6 sink addresses are added to it.
    for (const a of SINK_ADDRESSES_V6) this.ns.exec('ip', ['-6', 'addr', 'add', `${a}/128`, 'dev', 'lo', 'nodad']);
    // Prove that binding to the sink addresses works before relying on it.
    for (const a of ['127.0.10.8', SINK_ADDRESSES_V6[SINK_ADDRESSES_V6.length - 1]]) {
      this.ns.exec(process.execPath, [
        '-e',
        `require('net').createServer().listen(25, '${a}', function () { this.close(); })`,
      ]);
    }

    const zonesDir = path.join(this.dir, 'zones');
    fs.mkdirSync(zonesDir);
    const zones = new Map<string, string>();
    for (const s of SCENARIOS) {
      const file = path.join(zonesDir, `${s.id}.zone`);
      fs.writeFileSync(file, zoneText(s));
      zones.set(domainOf(s), file);
    }
    await startNsd(this.ns, path.join(this.dir, 'nsd'), zones);
    this.checkDns();

    this.mtas = [
      await startPostfix(this.ns, postfixPkg, path.join(this.dir, 'postfix')),
      startExim(this.ns, eximPkg, path.join(this.dir, 'exim')),
    ];
    this.log.push(...this.mtas.map((m) => m.version));
  }

  /** The MTAs, Postfix first. */
  get mtaList(): readonly Mta[] {
    return this.mtas;
  }

  /** Asks the lab's DNS, from inside the namespace and through its resolv.conf, for each scenario's MX set. */
  private checkDns(): void {
    const script = `
      const dns = require('dns').promises;
      (async () => {
        for (const d of process.argv.slice(1)) {
          const mx = await dns.resolveMx(d).catch((e) => e.code);
          console.log(d + ' ' + JSON.stringify(mx));
        }
      })();`;
    const out = this.ns.exec(process.execPath, ['-e', script, ...SCENARIOS.map(domainOf)]);
    for (const s of SCENARIOS) {
      const line = out.split('\n').find((l) => l.startsWith(`${domainOf(s)} `)) ?? '';
      const hasMx = s.records.some((r) => /^@ MX /.test(r));
      const got = line.slice(domainOf(s).length + 1);
      if (hasMx ? !got.startsWith('[') : got !== '"ENODATA"')
        throw new Error(`lab DNS answers ${domainOf(s)} with ${got}`);
    }
  }

  /** Restarts the sinks with the states of `s`, logging to `log`. */
  private async setSinks(s: Scenario, log: string): Promise<void> {
    if (this.sinks !== null) await this.ns.stop(this.sinks);
    const config: SinkConfig = { log, states: sinkStates(s) };
    const file = `${log}.json`;
    fs.writeFileSync(file, JSON.stringify(config));
    fs.writeFileSync(log, '');
    const p = this.ns.start('sinks', process.execPath, ['--import', 'tsx', SINK, file], { cwd: REPO });
    this.sinks = p;
    const died = p.exited.then((code) => {
      throw new Error(`sinks exited with ${code}:\n${p.stderr.all.join('\n')}`);
    });
    await withTimeout(
      Promise.race([p.stdout.wait((l) => l === 'ready'), died]),
      60_000,
      () => `sinks not ready:\n${p.stderr.all.join('\n')}`,
    );
  }

  /** Sends `n` messages to the scenario's domain through `mta` and compares what happened with the simulation. */
  async runScenario(s: Scenario, mta: Mta, n: number): Promise<Comparison> {
    const t0 = performance.now();
    const domain = domainOf(s);
    const sinkLog = path.join(this.dir, `sinks-${s.id}-${mta.id}.log`);
    await this.setSinks(s, sinkLog);
    const recipients = Array.from({ length: n }, (_, i) => `${mta.id}-${i + 1}@${domain.slice(0, -1)}`);
    const observations = await mta.deliver(recipients);
    // Each sink logs a connection before answering it, so the sink log is complete once the MTA has logged every result.
    const events = fs
      .readFileSync(sinkLog, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as SinkEvent);
    const listening = new Set(
      Object.entries(sinkStates(s))
        .filter(([, st]) => st !== 'down')
        .map(([a]) => a),
    );
    const zoneFile = path.join(this.dir, 'zones', `${s.id}.zone`);
    const text = zoneText(s);
    const against = (profile: MtaId): Comparison => {
      const simulation = simulateCli(this.cli, zoneFile, domain, profile, s.states);
      const sequences = sequenceRows(observations);
      for (const row of sequences) {
        row.probability = sequenceProbability(text, domain, profile, s.states, row.attempts, row.result);
      }
      return {
        scenario: s.id,
        mta: mta.id,
        version: mta.version,
        n,
        simulation,
        sequences,
        ...fitTests(simulation, observations),
        sinkMismatches: [],
        seconds: 0,
      };
    };
    return {
      ...against(mta.id),
      sinkMismatches: checkSinks(observations, events, listening),
      seconds: (performance.now() - t0) / 1000,
      control: against(mta.id === 'postfix' ? 'exim' : 'postfix'),
    };
  }

  /** Ends every process of the lab, deletes the namespace and the lab's folder. Safe to call twice. */
  async close(): Promise<void> {
    this.sinks = null;
    await this.ns.destroy();
    // ZONELENS_MTA_KEEP=1 keeps the folder (configurations, MTA and sink logs) to look into a failure.
    if (process.env.ZONELENS_MTA_KEEP === '1') console.log(`lab: kept ${this.dir}`);
    else fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The `ip netns` names of the lab still present (for the test that cleanup worked). */
export function leftoverNamespaces(): string[] {
  return run('ip', ['netns', 'list'])
    .split('\n')
    .map((l) => l.split(' ')[0])
    .filter((n) => n.startsWith('zonelens-mta-'));
}

/**
 * Removes namespaces of earlier lab runs that were killed before their
 * cleanup ran: those whose creating process is gone and that hold no
 * process. A namespace of a lab still running is left alone.
 */
export function removeStaleNamespaces(): string[] {
  const removed: string[] = [];
  for (const name of leftoverNamespaces()) {
    const pid = Number(name.slice('zonelens-mta-'.length));
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      // No such process: the run that made it is over.
    }
    if (alive || run('ip', ['netns', 'pids', name]).trim() !== '') continue;
    run('ip', ['netns', 'del', name]);
    fs.rmSync(path.join('/etc/netns', name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
