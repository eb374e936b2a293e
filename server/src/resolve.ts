/**
 * Out-of-zone resolution (`zonelens.resolve.outOfZone`, `zonelens check
 * --resolve`): the one place where ZoneLens touches the network. It answers
 * the core's `ExternalNames` questions from a cache and asks DNS for what the
 * cache lacks, in the background:
 * - node:dns `Resolver`, with the configured servers or the system's;
 * - a 2 s timeout per query, one try; no answer is `unknown`, never an error;
 * - a cache that keeps each answer for its TTL (A/AAAA), or a fixed bound
 *   where Node does not tell the TTL (CNAME, NXDOMAIN, NODATA, failures);
 * - at most 8 queries in flight, the rest queued;
 * - `onAnswer` when an answer changes what the checks would see, so that the
 *   server checks again the documents that asked that question.
 */
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Settings } from './settings';
import type { ExternalAddress, ExternalAnswer, ExternalNames } from './zone/external';
import { absoluteName } from './zone/names';

/** Per query (RFC 1536 suggests a few seconds; a check must not wait longer for the network). */
export const QUERY_TIMEOUT_MS = 2000;
/** Queries in flight at once; the others wait in a queue. */
export const MAX_IN_FLIGHT = 8;

/** How long answers without a TTL from Node are kept (seconds). */
const CNAME_TTL = 300;
const NEGATIVE_TTL = 60;
/** Timeouts, SERVFAIL, REFUSED: asked again after this long, not at every keystroke. */
const FAILURE_TTL = 30;
/**
 * Bounds on any TTL: at least a few seconds, so that an answer with TTL 0
 * cannot make the re-check it causes ask again (and again); at most a day.
 */
const MIN_TTL = 5;
const MAX_TTL = 86_400;

type Question = 'A' | 'AAAA' | 'CNAME';

interface Entry<T> {
  answer: ExternalAnswer<T>;
  /** Milliseconds on the resolver's clock. */
  expires: number;
}

/** What a `DnsResolver` is built with. */
export interface DnsResolverOptions {
  /** `IP`, `IP:port` or `[IPv6]:port`; empty: the system resolver. Check them first with `invalidServers`. */
  servers?: readonly string[];
  timeoutMs?: number;
  maxInFlight?: number;
  /** The clock, in milliseconds (tests move it by hand). */
  now?: () => number;
  /** Called with the question (`questionKey`) when an answer arrives that differs from what was known before. */
  onAnswer?: (question: string) => void;
}

/** Counters for tests and logs. */
export interface ResolverStats {
  /** Queries sent. */
  queries: number;
  inFlight: number;
  /** The most queries ever in flight at once. */
  maxInFlight: number;
  queued: number;
}

/** The entries of `servers` that are not `IP`, `IP:port` or `[IPv6]:port`. */
export function invalidServers(servers: readonly string[]): string[] {
  return servers.filter((s) => {
    const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(s);
    if (bracketed !== null) return isIP(bracketed[1]) !== 6 || !validPort(bracketed[2]);
    if (isIP(s) !== 0) return false;
    const v4 = /^([\d.]+):(\d{1,5})$/.exec(s);
    return v4 === null || isIP(v4[1]) !== 4 || !validPort(v4[2]);
  });
}

function validPort(port: string | undefined): boolean {
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
}

/** The cache key of a name: lower case, no trailing dot (as node:dns wants it). */
function hostKey(name: string): string {
  const n = name.endsWith('.') ? name.slice(0, -1) : name;
  return n.toLowerCase();
}

/** One question to DNS, as the cache and `onAnswer` name it: `A mail.example.net`. */
export function questionKey(question: Question, name: string): string {
  return `${question} ${hostKey(name)}`;
}

function errorCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
}

/** Asks DNS about out-of-zone names and caches the answers; see the file's comment. */
export class DnsResolver implements ExternalNames {
  private readonly resolver: Resolver;
  private readonly cache = new Map<string, Entry<unknown>>();
  private readonly pending = new Set<string>();
  private readonly queue: { question: Question; host: string }[] = [];
  private readonly maxInFlight: number;
  private readonly now: () => number;
  private readonly onAnswer: (question: string) => void;
  private idleWaiters: (() => void)[] = [];
  private disposed = false;
  readonly stats: ResolverStats = { queries: 0, inFlight: 0, maxInFlight: 0, queued: 0 };

  constructor(options: DnsResolverOptions = {}) {
    this.resolver = new Resolver({ timeout: options.timeoutMs ?? QUERY_TIMEOUT_MS, tries: 1 });
    const servers = options.servers ?? [];
    if (servers.length > 0) {
      const bad = invalidServers(servers);
      if (bad.length > 0) throw new TypeError(`not a DNS server address: ${bad.join(', ')}`);
      this.resolver.setServers([...servers]);
    }
    this.maxInFlight = Math.max(1, options.maxInFlight ?? MAX_IN_FLIGHT);
    this.now = options.now ?? Date.now;
    this.onAnswer = options.onAnswer ?? (() => undefined);
  }

  addresses(name: string): ExternalAnswer<ExternalAddress[]> {
    const v6 = this.lookup<ExternalAddress[]>('AAAA', name);
    const v4 = this.lookup<ExternalAddress[]>('A', name);
    if (v4.state === 'nxdomain' || v6.state === 'nxdomain') return { state: 'nxdomain' };
    const found = [...(v6.state === 'known' ? v6.value : []), ...(v4.state === 'known' ? v4.value : [])];
    // One family known with addresses is enough to say the host has some.
    if (found.length > 0 || (v4.state === 'known' && v6.state === 'known')) return { state: 'known', value: found };
    return { state: 'unknown' };
  }

  cname(name: string): ExternalAnswer<string | null> {
    return this.lookup<string | null>('CNAME', name);
  }

  /** Resolves once nothing is queued or in flight (the CLI waits for it before checking again). */
  idle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Cancels what is in flight and forgets the queue; answers still arriving are dropped. */
  dispose(): void {
    this.disposed = true;
    this.queue.length = 0;
    this.resolver.cancel();
  }

  /** The cached answer (stale ones too, while they are asked again), asking DNS when it is missing or expired. */
  private lookup<T>(question: Question, name: string): ExternalAnswer<T> {
    const host = hostKey(name);
    const key = questionKey(question, host);
    const entry = this.cache.get(key) as Entry<T> | undefined;
    if ((entry === undefined || entry.expires <= this.now()) && !this.pending.has(key) && !this.disposed) {
      this.pending.add(key);
      this.queue.push({ question, host });
      this.stats.queued = this.queue.length;
      this.pump();
    }
    return entry?.answer ?? { state: 'unknown' };
  }

  private pump(): void {
    while (this.stats.inFlight < this.maxInFlight && this.queue.length > 0) {
      const job = this.queue.shift();
      if (job === undefined) break;
      this.stats.queued = this.queue.length;
      this.stats.inFlight++;
      this.stats.queries++;
      this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.stats.inFlight);
      void this.ask(job.question, job.host).then(({ answer, ttl }) => {
        this.stats.inFlight--;
        const key = questionKey(job.question, job.host);
        this.pending.delete(key);
        if (!this.disposed) {
          const before = this.cache.get(key);
          const seconds = Math.min(MAX_TTL, Math.max(MIN_TTL, ttl));
          this.cache.set(key, { answer, expires: this.now() + seconds * 1000 });
          if (answer.state !== 'unknown' && JSON.stringify(before?.answer) !== JSON.stringify(answer)) {
            try {
              this.onAnswer(key);
            } catch {
              // The listener's fault must not stop the queue.
            }
          }
          this.pump();
        }
        if (this.pending.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
    }
  }

  /** One query; never rejects. */
  private async ask(question: Question, host: string): Promise<{ answer: ExternalAnswer<unknown>; ttl: number }> {
    try {
      if (question === 'CNAME') {
        const targets = await this.resolver.resolveCname(host);
        const target = targets[0];
        return {
          answer: { state: 'known', value: target === undefined ? null : absoluteName(target) },
          ttl: CNAME_TTL,
        };
      }
      const records =
        question === 'A'
          ? await this.resolver.resolve4(host, { ttl: true })
          : await this.resolver.resolve6(host, { ttl: true });
      const family = question === 'A' ? 4 : 6;
      const value: ExternalAddress[] = records.map((r) => ({ address: r.address, family }));
      const ttl = records.length === 0 ? NEGATIVE_TTL : Math.min(...records.map((r) => r.ttl));
      return { answer: { state: 'known', value }, ttl };
    } catch (err) {
      switch (errorCode(err)) {
        case 'ENODATA': // the name exists, without this type
          return { answer: { state: 'known', value: question === 'CNAME' ? null : [] }, ttl: NEGATIVE_TTL };
        case 'ENOTFOUND': // NXDOMAIN
          return { answer: { state: 'nxdomain' }, ttl: NEGATIVE_TTL };
        default: // ETIMEOUT, ESERVFAIL, EREFUSED, ECONNREFUSED, ECANCELLED, …: nothing learnt
          return { answer: { state: 'unknown' }, ttl: FAILURE_TTL };
      }
    }
  }
}

/**
 * The server's side of resolution: a `DnsResolver` while the settings ask for
 * one and the workspace is trusted, none otherwise (and then nothing is sent).
 * It remembers which document asked which question, so that an answer
 * re-checks only the documents that need it.
 */
export class OutOfZoneResolution {
  /** Set at initialization; an untrusted workspace never resolves. */
  trusted = false;
  private resolver: DnsResolver | undefined;
  private serversKey = '';
  private warned = '';
  /** Question key → URIs of the documents whose analysis asked it. */
  private readonly askedBy = new Map<string, Set<string>>();

  /**
   * @param onAnswer an answer changed what the checks see: check these documents again.
   * @param warn tells the user about servers that cannot be used.
   */
  constructor(
    private readonly onAnswer: (uris: ReadonlySet<string>) => void,
    private readonly warn: (message: string) => void,
  ) {}

  /**
   * What the checks and the simulation of document `uri` may learn about
   * out-of-zone names under these settings; undefined when resolution is off.
   */
  names(settings: Settings, uri: string): ExternalNames | undefined {
    const resolver = this.current(settings);
    if (resolver === undefined) return undefined;
    const note = (question: Question, name: string) => {
      const key = questionKey(question, name);
      let uris = this.askedBy.get(key);
      if (uris === undefined) this.askedBy.set(key, (uris = new Set()));
      uris.add(uri);
    };
    return {
      addresses: (name) => {
        note('A', name);
        note('AAAA', name);
        return resolver.addresses(name);
      },
      cname: (name) => {
        note('CNAME', name);
        return resolver.cname(name);
      },
    };
  }

  /** The document is closed: its questions no longer matter to it. */
  forget(uri: string): void {
    for (const [key, uris] of this.askedBy) if (uris.delete(uri) && uris.size === 0) this.askedBy.delete(key);
  }

  private current(settings: Settings): DnsResolver | undefined {
    if (!this.trusted || !settings.resolve.outOfZone) {
      this.dispose();
      return undefined;
    }
    const servers = settings.resolve.servers;
    const key = JSON.stringify(servers);
    if (this.resolver !== undefined && key === this.serversKey) return this.resolver;
    this.dispose();
    const bad = invalidServers(servers);
    if (bad.length > 0) {
      // The user named servers: falling back to the system resolver would ask someone else.
      if (this.warned !== key) {
        this.warn(
          `zonelens.resolve.servers: not a DNS server address: ${bad.join(', ')}; out-of-zone names are not resolved`,
        );
      }
      this.warned = key;
      return undefined;
    }
    this.resolver = new DnsResolver({
      servers,
      onAnswer: (question) => {
        const uris = this.askedBy.get(question);
        if (uris !== undefined && uris.size > 0) this.onAnswer(uris);
      },
    });
    this.serversKey = key;
    return this.resolver;
  }

  dispose(): void {
    this.resolver?.dispose();
    this.resolver = undefined;
    this.serversKey = '';
  }
}
