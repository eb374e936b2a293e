/**
 * The `zonelens` command (CLI.md): the analysis core, run over files from a
 * terminal or a CI pipeline.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODES, isReverseZone, loadZone, runChecks } from './checks/index';
import { fileIncludeReader, includeKey } from './includes';
import { DnsResolver, invalidServers } from './resolve';
import { DEFAULT_SETTINGS, type Level, type Settings } from './settings';
import type { LineIndex } from './zone/lineIndex';
import type { Zone } from './zone/model';
import { originFromFileName } from './zone/origin';
import { parseName } from './zone/names';
import { printLine, printRecords } from './zone/print';
import {
  formatText,
  PROFILES,
  resolveDomain,
  simulate,
  type AddressState,
  type ProfileId,
  type RrsetOrder,
} from './simulate/index';
import type { ZoneDiagnostic } from './zone/types';
import { readTextFile } from './textFile';
import { VERSION } from './version';

const USAGE = `usage: zonelens check [--origin NAME] [--format text|json|sarif] [--profile ID] [--severity CODE=LEVEL]...
                      [--resolve [--resolver IP[:PORT]]...] [--include-path DIR]... <file>...
       zonelens print [--origin NAME] [--format text|json] [--include-path DIR]... <file>
       zonelens simulate [--origin NAME] [--profile ID|all] [--down LIST] [--tempfail LIST] [--reject LIST]
                         [--rrset-order zone|rotated] [--no-ipv6] [--format text|json]
                         [--resolve [--resolver IP[:PORT]]...] [--include-path DIR]... <file> [domain]
       zonelens --version`;

const LEVELS = ['off', 'hint', 'information', 'warning', 'error'];

/** A wrong command line or unreadable file: exit 2 with a one-line reason. */
class UsageError extends Error {}

interface Options {
  origin?: string;
  format: string;
  profile: string;
  levels: Record<string, Level>;
  files: string[];
  /** `simulate`: address or host name → state. */
  states: Record<string, AddressState>;
  rrsetOrder: RrsetOrder;
  senderIpv6: boolean;
  /** `--resolve`: ask DNS about out-of-zone MX targets (resolve.ts); `--resolver` implies it. */
  resolve: boolean;
  /** `--resolver`: the DNS servers to ask; none: the system resolver. */
  resolvers: string[];
  /** `--include-path`: folders where `$INCLUDE` looks after the including file's folder, in order. */
  includePaths: string[];
}

function parseArgs(args: string[], formats: string[], simulating = false): Options {
  const o: Options = {
    format: 'text',
    profile: 'rfc5321',
    levels: {},
    files: [],
    states: {},
    rrsetOrder: 'zone',
    senderIpv6: true,
    resolve: false,
    resolvers: [],
    includePaths: [],
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string => {
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq > 0) return a.slice(eq + 1);
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    const flag = a.startsWith('--') && a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    switch (flag) {
      case '--origin': {
        const v = value();
        const r = parseName(v.endsWith('.') ? v : v + '.', null);
        if (!r.ok) throw new UsageError(`--origin ${v}: ${r.message}`);
        o.origin = r.name;
        break;
      }
      case '--format':
        o.format = value();
        if (!formats.includes(o.format))
          throw new UsageError(`--format must be one of ${formats.join(', ')}, not '${o.format}'`);
        break;
      case '--profile': {
        o.profile = value();
        const allowed: string[] = simulating ? [...PROFILES, 'all'] : [...PROFILES];
        if (!allowed.includes(o.profile))
          throw new UsageError(`--profile must be one of ${allowed.join(', ')}, not '${o.profile}'`);
        break;
      }
      case '--down':
      case '--tempfail':
      case '--reject': {
        if (!simulating) throw new UsageError(`unknown option '${a}'`);
        const state = flag.slice(2) as AddressState;
        for (const item of value().split(',')) if (item.trim() !== '') o.states[item.trim()] = state;
        break;
      }
      case '--rrset-order': {
        if (!simulating) throw new UsageError(`unknown option '${a}'`);
        const v = value();
        if (v !== 'zone' && v !== 'rotated') throw new UsageError(`--rrset-order must be zone or rotated, not '${v}'`);
        o.rrsetOrder = v;
        break;
      }
      case '--no-ipv6':
        if (!simulating) throw new UsageError(`unknown option '${a}'`);
        o.senderIpv6 = false;
        break;
      case '--resolve':
        // `print` (neither sarif nor simulating) reads no DNS.
        if (!formats.includes('sarif') && !simulating) throw new UsageError(`unknown option '${a}'`);
        o.resolve = true;
        break;
      case '--resolver': {
        if (!formats.includes('sarif') && !simulating) throw new UsageError(`unknown option '${a}'`);
        const v = value();
        if (invalidServers([v]).length > 0) throw new UsageError(`--resolver ${v}: not IP, IP:PORT or [IPv6]:PORT`);
        o.resolvers.push(v);
        o.resolve = true;
        break;
      }
      case '--include-path': {
        const v = value();
        if (!isFolder(v)) throw new UsageError(`--include-path ${v}: no such folder`);
        o.includePaths.push(v);
        break;
      }
      case '--severity': {
        const v = value();
        const [code, level] = v.split('=');
        if (!CODES.has(code)) throw new UsageError(`--severity ${v}: no check has the code '${code}'`);
        if (level === undefined || !LEVELS.includes(level))
          throw new UsageError(`--severity ${v}: the level must be one of ${LEVELS.join(', ')}`);
        o.levels[code] = level as Level;
        break;
      }
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}'`);
        o.files.push(a);
    }
  }
  if (o.files.length === 0) throw new UsageError('no zone file given');
  return o;
}

function readText(file: string): string {
  try {
    return readTextFile(file);
  } catch (e) {
    throw new UsageError(
      `cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
  }
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * What the output needs of one checked file. It holds no zone: once the
 * checks have run, a large zone's model is garbage, and the collector does
 * not have to trace it again while the output is written.
 */
interface FileReport {
  file: string;
  origin: string | null;
  records: number;
  diagnostics: ZoneDiagnostic[];
  /** Offset to line/character conversion of the file. */
  lines: LineIndex;
}

function settingsOf(o: Options): Settings {
  return { ...DEFAULT_SETTINGS, checks: o.levels };
}

function loadFile(file: string, o: Options): Zone {
  return loadZone(
    readText(file),
    {
      fileName: file,
      origin: o.origin ?? originFromFileName(file),
      // Relative to the including file's folder, then the --include-path folders (includes.ts).
      readInclude: fileIncludeReader(o.includePaths),
      fileKey: includeKey(file),
    },
    settingsOf(o),
  );
}

/** One report per file of the zone (the file given and what it includes). */
function reportsOf(zone: Zone, diagnostics: ZoneDiagnostic[]): FileReport[] {
  const counts = zone.recordsPerFile();
  return zone.files.map((f, index) => ({
    file: f.name,
    origin: zone.origin,
    records: counts[index],
    diagnostics: zone.files.length === 1 ? diagnostics : diagnostics.filter((d) => d.file === index),
    lines: zone.lineIndex(index),
  }));
}

/**
 * Checks every file given. Zones in the reverse trees among them serve the
 * others as context (`mx-ptr-missing`, `mx-ptr-mismatch`).
 */
function checkFiles(o: Options): FileReport[] {
  const settings = settingsOf(o);
  const zones = o.files.map((f) => loadFile(f, o));
  const reverse = zones.filter(isReverseZone);
  const external = o.resolve ? dns : undefined;
  return zones.flatMap((zone) =>
    reportsOf(zone, runChecks(zone, settings, { reverseZones: reverse.filter((r) => r !== zone), external })),
  );
}

function lspDiagnostic(r: FileReport, d: ZoneDiagnostic) {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    range: r.lines.range(d.start, d.end),
  };
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

function sarif(reports: FileReport[]): unknown {
  const used = [...new Set(reports.flatMap((r) => r.diagnostics.map((d) => d.code)))].sort();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'zonelens',
            version: VERSION,
            informationUri: 'https://github.com/zonelens/zonelens',
            rules: used.map((code) => ({
              id: code,
              helpUri: CODES.get(code)?.docs,
              defaultConfiguration: { level: SARIF_LEVEL[CODES.get(code)?.severity ?? 'warning'] },
            })),
          },
        },
        results: reports.flatMap((r) =>
          r.diagnostics.map((d) => {
            const { start, end } = lspDiagnostic(r, d).range;
            return {
              ruleId: d.code,
              ruleIndex: used.indexOf(d.code),
              level: SARIF_LEVEL[d.severity],
              message: { text: d.message },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: r.file.split(path.sep).join('/') },
                    region: {
                      startLine: start.line + 1,
                      startColumn: start.character + 1,
                      endLine: end.line + 1,
                      endColumn: end.character + 1,
                    },
                  },
                },
              ],
            };
          }),
        ),
      },
    ],
  };
}

function cmdCheck(args: string[], out: (s: string) => void): number {
  const o = parseArgs(args, ['text', 'json', 'sarif']);
  const reports = checkFiles(o);
  const failed = reports.some((r) => r.diagnostics.some((d) => d.severity === 'error'));
  if (o.format === 'json') {
    const files = reports.map((r) => ({
      file: r.file,
      origin: r.origin,
      records: r.records,
      diagnostics: r.diagnostics.map((d) => lspDiagnostic(r, d)),
    }));
    out(JSON.stringify({ version: 1, files }, null, 2) + '\n');
  } else if (o.format === 'sarif') {
    out(JSON.stringify(sarif(reports), null, 2) + '\n');
  } else {
    // Written in chunks of about 64 KB: a large zone can have tens of megabytes
    // of diagnostics, and one string (and one buffer) of them all is memory
    // the process would otherwise need at its peak.
    let chunk = '';
    for (const r of reports) {
      for (const d of r.diagnostics) {
        const p = r.lines.positionAt(d.start);
        chunk += `${r.file}:${p.line + 1}:${p.character + 1}: ${d.severity} ${d.code}: ${d.message}\n`;
        if (chunk.length >= 65536) {
          out(chunk);
          chunk = '';
        }
      }
    }
    if (chunk.length > 0) out(chunk);
  }
  return failed ? 1 : 0;
}

function cmdPrint(args: string[], out: (s: string) => void): number {
  const o = parseArgs(args, ['text', 'json']);
  if (o.files.length > 1) throw new UsageError('print takes one file');
  const zone = loadFile(o.files[0], o);
  const records = printRecords(zone);
  if (o.format === 'json') {
    out(JSON.stringify(records, null, 2) + '\n');
  } else {
    const CHUNK = 10000;
    for (let i = 0; i < records.length; i += CHUNK) {
      out(
        records
          .slice(i, i + CHUNK)
          .map(printLine)
          .join('\n') + '\n',
      );
    }
  }
  return runChecks(zone, settingsOf(o)).some((d) => d.severity === 'error') ? 1 : 0;
}

/**
 * Host names in `--down` & co. are read like names in the zone: `mail1` is
 * relative to the origin unless the zone has `mail1.` itself; addresses stay
 * as they are.
 */
function hostStates(zone: Zone, given: Record<string, AddressState>): Record<string, AddressState> {
  const out: Record<string, AddressState> = {};
  for (const [key, state] of Object.entries(given)) {
    const isAddress = key.includes(':') || /^\d+(\.\d+){3}$/.test(key);
    if (isAddress || key.endsWith('.') || zone.node(key + '.') !== undefined) out[key] = state;
    else out[resolveDomain(zone, key) ?? key] = state;
  }
  return out;
}

function cmdSimulate(args: string[], out: (s: string) => void): number {
  const o = parseArgs(args, ['text', 'json'], true);
  if (o.files.length > 2) throw new UsageError('simulate takes one file and at most one domain');
  const [file, given] = o.files;
  const zone = loadFile(file, o);
  const domain = resolveDomain(zone, given);
  if (domain === null)
    throw new UsageError(`no domain given and ${file} has no origin: name the domain or use --origin`);
  const profiles: ProfileId[] = o.profile === 'all' ? [...PROFILES] : [o.profile as ProfileId];
  const states = hostStates(zone, o.states);
  const results = profiles.map((profile) =>
    simulate(zone, domain, {
      profile,
      states,
      rrsetOrder: o.rrsetOrder,
      senderIpv6: o.senderIpv6,
      external: o.resolve ? dns : undefined,
    }),
  );
  if (results[0].mode === 'none') {
    const why = zone.node(domain) === undefined ? 'no such name' : 'no MX and no address records';
    throw new UsageError(`${domain} has nothing to simulate in ${file}: ${why}`);
  }
  if (o.format === 'json') out(JSON.stringify(o.profile === 'all' ? results : results[0], null, 2) + '\n');
  else out(results.map(formatText).join('\n'));
  return 0;
}

/** Runs the command line; returns the exit status. */
export function main(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  const [cmd, ...args] = argv;
  try {
    switch (cmd) {
      case 'check':
        return cmdCheck(args, out);
      case 'print':
        return cmdPrint(args, out);
      case 'simulate':
        return cmdSimulate(args, out);
      case '--help':
      case '-h':
      case 'help':
        out(USAGE + '\n');
        return 0;
      case '--version':
      case '-v':
        out(`zonelens ${VERSION}\n`);
        return 0;
      case undefined:
        throw new UsageError('no command given');
      default:
        throw new UsageError(`unknown command '${cmd}'`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(`zonelens: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
}

/**
 * `--resolve`: the DNS answers `main` uses. Filled before `main` runs (see
 * `resolveFirst`), because the checks are synchronous and only read a cache.
 */
let dns: DnsResolver | undefined;

/**
 * With `--resolve`, checks the files once to learn which out-of-zone names
 * they need, waits for DNS (2 s at most per query), and again for the names
 * the answers lead to (CNAME chains), until no new question comes up; `main`
 * then finds every answer in the cache. Bad options are left for `main` to report.
 */
async function resolveFirst(argv: string[]): Promise<void> {
  const [cmd, ...args] = argv;
  if (cmd !== 'check' && cmd !== 'simulate') return;
  let o: Options;
  try {
    o = parseArgs(args, cmd === 'check' ? ['text', 'json', 'sarif'] : ['text', 'json'], cmd === 'simulate');
  } catch {
    return;
  }
  if (!o.resolve) return;
  dns = new DnsResolver({ servers: o.resolvers });
  const files = cmd === 'simulate' ? o.files.slice(0, 1) : o.files;
  for (let round = 0; round < 10; round++) {
    const asked = dns.stats.queries;
    try {
      checkFiles({ ...o, files });
    } catch {
      return; // an unreadable file: main says so
    }
    await dns.idle();
    if (dns.stats.queries === asked) return;
  }
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  void resolveFirst(argv).then(() => {
    process.exitCode = main(
      argv,
      (s) => writeAll(1, s),
      (s) => writeAll(2, s),
    );
    // Nothing is left to ask; a query still in flight must not keep the process alive.
    dns?.dispose();
  });
}

/**
 * Writes straight to a file descriptor, so large outputs are not buffered
 * twice. A pipe may take part of a write, or refuse it for now (EAGAIN) when
 * the parent made it non-blocking: retry until all is taken. A closed pipe
 * (`| head`) ends the process quietly.
 */
function writeAll(fd: number, s: string): void {
  let buf = Buffer.from(s);
  while (buf.length > 0) {
    try {
      buf = buf.subarray(fs.writeSync(fd, buf));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
      if (code !== 'EAGAIN') throw e;
    }
  }
}
