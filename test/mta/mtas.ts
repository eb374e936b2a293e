/**
 * The two real MTAs of the lab, each with a private configuration, spool and
 * log inside the lab's folder, run inside the lab's namespace, and a reader
 * of each one's log that turns it into one connection sequence per message.
 *
 * Both are configured to deliver to the lab domains by MX lookup with their
 * default address handling, and to keep no state between messages that
 * would change the next message's choice (see each `start`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Outcome } from '../../server/src/simulate/types';
import { run, waitForFile, type Namespace } from './netns';
import type { MtaId } from './simulation';
import type { Unpacked } from './install';

/** What one message's first delivery attempt did, as the MTA logged it. */
export interface Observation {
  rcpt: string;
  /** The addresses connected to, in order. */
  attempts: string[];
  result: Outcome;
  /** The MTA's own words for the result (for the report when something disagrees). */
  detail: string;
}

/** A running MTA. */
export interface Mta {
  id: MtaId;
  /** `Postfix 3.7.11 (Debian 3.7.11-0+deb12u1)`. */
  version: string;
  /** Sends one message to each recipient and returns what the first attempt of each did. */
  deliver(recipients: readonly string[]): Promise<Observation[]>;
}

const REPO = path.resolve(__dirname, '..', '..');
const SUBMIT = path.join(__dirname, 'submit.ts');
/** The log gets the last message's result within this time, or the lab fails. */
const DELIVERY_TIMEOUT_MS = 300_000;

// ---------------------------------------------------------------- Postfix

/**
 * Reads Postfix's maillog into one observation per recipient, first
 * delivery attempt only. The smtp client logs every failed connection as its
 * own line (`connect to host[ip]:25: …`, without queue ID) and every refused
 * greeting but the last (`QID: host host[ip] refused to talk to me: …`),
 * then one line per recipient `QID: to=<rcpt>, relay=…,
 * status=sent|deferred|bounced (…)` whose relay (sent) names the address
 * that took the message and whose reason names a last refused greeting. An
 * smtp process handles one delivery at a time, so lines are grouped by its
 * process ID.
 */
export function parsePostfixLog(text: string, recipients: ReadonlySet<string>): Map<string, Observation> {
  const out = new Map<string, Observation>();
  const pending = new Map<string, string[]>();
  const addr = /\[([0-9a-fA-F:.]+)\]/;
  for (const line of text.split('\n')) {
    const m = /postfix\/(\w+)\[(\d+)\]: (?:([0-9A-F]+): )?(.*)$/.exec(line);
    if (m === null) continue;
    const [, daemon, pid, , rest] = m;
    const key = `${daemon}[${pid}]`;
    const fail = /^(?:connect to \S+\[[0-9a-fA-F:.]+\]:\d+: |host \S+\[[0-9a-fA-F:.]+\] refused to talk to me: )/.exec(
      rest,
    );
    if (fail !== null) {
      const a = addr.exec(rest) as RegExpExecArray;
      pending.set(key, [...(pending.get(key) ?? []), a[1]]);
      continue;
    }
    const final = /^to=<([^>]*)>, (?:orig_to=<[^>]*>, )?relay=([^,]*),.* status=(sent|deferred|bounced) \((.*)\)$/.exec(
      rest,
    );
    if (final === null) continue;
    const [, rcpt, relay, status, reason] = final;
    const attempts = pending.get(key) ?? [];
    pending.delete(key);
    if (!recipients.has(rcpt.toLowerCase()) || out.has(rcpt.toLowerCase())) continue;
    if (status === 'sent') {
      const a = addr.exec(relay);
      if (a !== null) attempts.push(a[1]);
    } else {
      // A failed connection is always logged on its own line (above); a refused
      // greeting only when another address follows: the last one is in the reason.
      const last = /^host \S+\[([0-9a-fA-F:.]+)\] /.exec(reason);
      if (last !== null) attempts.push(last[1]);
    }
    out.set(rcpt.toLowerCase(), {
      rcpt: rcpt.toLowerCase(),
      attempts,
      result: status === 'sent' ? 'delivered' : (status as Outcome),
      detail: reason,
    });
  }
  return out;
}

/** Postfix from its unpacked package: master in the foreground, a private config directory. */
export async function startPostfix(ns: Namespace, pkg: Unpacked, dir: string): Promise<Mta> {
  const R = pkg.root;
  const libs = path.join(R, 'usr/lib/postfix');
  const queue = path.join(dir, 'queue');
  const data = path.join(dir, 'data');
  const maillog = path.join(dir, 'log', 'maillog');
  fs.mkdirSync(path.dirname(maillog), { recursive: true });
  // The queue as post-install(1) would make it (owners and modes from postfix-files).
  fs.mkdirSync(queue, { recursive: true });
  fs.chmodSync(queue, 0o755);
  for (const d of [
    'incoming',
    'active',
    'bounce',
    'defer',
    'deferred',
    'flush',
    'hold',
    'corrupt',
    'saved',
    'trace',
    'private',
  ]) {
    fs.mkdirSync(path.join(queue, d), { recursive: true, mode: 0o700 });
    run('chown', ['postfix', path.join(queue, d)]);
  }
  for (const [d, mode] of [
    ['public', 0o710],
    ['maildrop', 0o730],
  ] as const) {
    fs.mkdirSync(path.join(queue, d), { recursive: true });
    fs.chmodSync(path.join(queue, d), mode);
    run('chown', ['postfix:postdrop', path.join(queue, d)]);
  }
  fs.mkdirSync(path.join(queue, 'pid'), { recursive: true });
  fs.mkdirSync(data, { recursive: true });
  run('chown', ['postfix', data]);
  fs.writeFileSync(
    path.join(dir, 'main.cf'),
    [
      '# ZoneLens MTA lab: Postfix defaults for choosing MX addresses; everything else private.',
      'compatibility_level = 3.6',
      `queue_directory = ${queue}`,
      `data_directory = ${data}`,
      `daemon_directory = ${R}/usr/lib/postfix/sbin`,
      `command_directory = ${R}/usr/sbin`,
      `shlib_directory = ${libs}`,
      `meta_directory = ${R}/etc/postfix`,
      // master starts every daemon with a clean environment: pass the unpacked libraries on.
      `import_environment = MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C POSTLOG_SERVICE POSTLOG_HOSTNAME LD_LIBRARY_PATH=${libs}`,
      `maillog_file = ${maillog}`,
      `maillog_file_prefixes = ${path.dirname(maillog)}`,
      'mail_owner = postfix',
      'setgid_group = postdrop',
      'myhostname = sender.zonelens.test',
      'mydomain = zonelens.test',
      'mydestination =',
      'local_recipient_maps =',
      'alias_maps =',
      'alias_database =',
      'relayhost =',
      // Only 127.0.0.1 is "myself": the sinks on 127.0.10.x are other hosts.
      'inet_interfaces = 127.0.0.1',
      'inet_protocols = all',
      'mynetworks = 127.0.0.1/32',
      'smtp_host_lookup = dns',
      'smtp_tls_security_level = none',
      'biff = no',
      // Each delivery must choose its addresses afresh: no reuse of a cached connection…
      'smtp_connection_cache_on_demand = no',
      // …and no destination declared dead after failed deliveries (qmgr would then defer without trying).
      'default_destination_concurrency_failed_cohort_limit = 1000000',
      // One attempt per message: deferred mail is not retried while the lab runs.
      'minimal_backoff_time = 3600s',
      'maximal_backoff_time = 7200s',
      'queue_run_delay = 3600s',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'master.cf'),
    [
      '# service type private unpriv chroot wakeup maxproc command',
      '127.0.0.1:2525 inet n - n - - smtpd',
      'pickup unix n - n 60 1 pickup',
      'cleanup unix n - n - 0 cleanup',
      'qmgr unix n - n 300 1 qmgr',
      'rewrite unix - - n - - trivial-rewrite',
      'bounce unix - - n - 0 bounce',
      'defer unix - - n - 0 bounce',
      'trace unix - - n - 0 bounce',
      'verify unix - - n - 1 verify',
      'flush unix n - n - 0 flush',
      'smtp unix - - n - - smtp',
      'relay unix - - n - - smtp',
      'showq unix n - n - - showq',
      'error unix - - n - - error',
      'retry unix - - n - - error',
      'discard unix - - n - - discard',
      'anvil unix - - n - 1 anvil',
      'scache unix - - n - 1 scache',
      'postlog unix-dgram n - n - 1 postlogd',
      '',
    ].join('\n'),
  );
  const env = { ...process.env, LD_LIBRARY_PATH: libs };
  const mailVersion = run(path.join(R, 'usr/sbin/postconf'), ['-c', dir, '-h', 'mail_version'], { env }).trim();
  const master = ns.start('postfix master', path.join(R, 'usr/lib/postfix/sbin/master'), ['-c', dir, '-d'], { env });
  const died = master.exited.then((code) => {
    throw new Error(`postfix master exited with ${code}:\n${master.stderr.all.join('\n')}`);
  });
  await Promise.race([waitForFile(maillog, (t) => /daemon started/.test(t), 30_000, 'postfix master start'), died]);

  const deliver = async (recipients: readonly string[]): Promise<Observation[]> => {
    const file = path.join(dir, `rcpt-${Date.now()}.txt`);
    fs.writeFileSync(file, recipients.join('\n') + '\n');
    ns.exec(process.execPath, ['--import', 'tsx', SUBMIT, '127.0.0.1', '2525', file], { cwd: REPO });
    const want = new Set(recipients.map((r) => r.toLowerCase()));
    const done = waitForFile(
      maillog,
      (t) => parsePostfixLog(t, want).size === want.size,
      DELIVERY_TIMEOUT_MS,
      `postfix: a result for each of ${want.size} messages`,
    );
    const text = await Promise.race([done, died]);
    const got = parsePostfixLog(text, want);
    return recipients.map((r) => got.get(r.toLowerCase()) as Observation);
  };
  return { id: 'postfix', version: `Postfix ${mailVersion} (Debian ${pkg.packageVersion})`, deliver };
}

// ---------------------------------------------------------------- Exim

/**
 * Reads Exim's mainlog into one observation per recipient. Exim logs every
 * failed host with the message ID (`ID H=host [ip]:25 Connection refused`,
 * `ID H=host [ip]:25: SMTP error … after initial connection: 421 …`), and
 * the result as `ID => rcpt … H=host [ip]:25` (delivered), `ID ** rcpt`
 * (bounced) or `ID == rcpt` (deferred); `ID <= … for rcpt` ties the ID to
 * the recipient.
 */
export function parseEximLog(text: string, recipients: ReadonlySet<string>): Map<string, Observation> {
  const rcptOf = new Map<string, string>();
  const attempts = new Map<string, string[]>();
  const out = new Map<string, Observation>();
  const hostAddr = /\bH=\S+ \[([0-9a-fA-F:.]+)\]/;
  for (const line of text.split('\n')) {
    const m = /^\S+ \S+ (?:\[\d+\] )?([0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2,4}) (.*)$/.exec(line);
    if (m === null) continue;
    const [, id, rest] = m;
    if (rest.startsWith('<= ')) {
      const f = / for (\S+)$/.exec(rest);
      if (f !== null) rcptOf.set(id, f[1].toLowerCase());
      continue;
    }
    const result = /^(=>|\*\*|==) (\S+) (.*)$/.exec(rest);
    if (result !== null) {
      const rcpt = result[2].toLowerCase();
      if (!recipients.has(rcpt) || out.has(rcpt)) continue;
      const list = attempts.get(id) ?? [];
      if (result[1] === '=>') {
        const a = hostAddr.exec(result[3]);
        if (a !== null) list.push(a[1]);
      }
      out.set(rcpt, {
        rcpt,
        attempts: list,
        result: result[1] === '=>' ? 'delivered' : result[1] === '**' ? 'bounced' : 'deferred',
        detail: result[3],
      });
      continue;
    }
    if (rest.startsWith('H=')) {
      const a = hostAddr.exec(rest);
      if (a !== null && !out.has(rcptOf.get(id) ?? '')) attempts.set(id, [...(attempts.get(id) ?? []), a[1]]);
    }
  }
  return out;
}

/** Exim deliveries run this many at a time, each worker with its own spool (and so its own hints database). */
const EXIM_WORKERS = 4;

/** The configuration file of one Exim worker. */
function eximConfig(exim: string, spool: string, logDir: string): string {
  return [
    '# ZoneLens MTA lab: Exim defaults for choosing MX hosts; everything else private.',
    // Exim re-executes itself to deliver: the unpacked binary, not /usr/sbin/exim4.
    `exim_path = ${exim}`,
    'primary_hostname = sender.zonelens.test',
    `spool_directory = ${spool}`,
    `log_file_path = ${logDir}/%slog`,
    'log_selector = +all -arguments',
    // Only 127.0.0.1 is "myself": the sinks on 127.0.10.x are other hosts.
    'local_interfaces = <; 127.0.0.1',
    'keep_environment =',
    'never_users =',
    'trusted_users = root',
    '',
    'begin routers',
    'dnslookup:',
    '  driver = dnslookup',
    '  transport = remote_smtp',
    // Debian ignores 0.0.0.0 and 127.0.0.0/8 targets; the lab lives on 127.0.10.x.
    '  ignore_target_hosts = <; 0.0.0.0',
    '  self = send',
    '  no_more',
    '',
    'begin transports',
    'remote_smtp:',
    '  driver = smtp',
    '  allow_localhost',
    '  hosts_avoid_tls = *',
    '  # hosts_max_try and hosts_max_try_hardlimit at their defaults (5, 50)',
    '',
    'begin retry',
    '*  *  F,1h,1h',
    '',
  ].join('\n');
}

/**
 * Exim from its unpacked package, with private configuration files; one
 * foreground delivery (`-odi`) per message, `EXIM_WORKERS` at a time.
 */
export function startExim(ns: Namespace, pkg: Unpacked, dir: string): Mta {
  const exim = path.join(pkg.root, 'usr/sbin/exim4');
  const workers = Array.from({ length: EXIM_WORKERS }, (_, k) => {
    const wdir = path.join(dir, `worker-${k + 1}`);
    const spool = path.join(wdir, 'spool');
    const logDir = path.join(wdir, 'log');
    fs.mkdirSync(spool, { recursive: true });
    fs.mkdirSync(logDir, { recursive: true });
    const conf = path.join(wdir, 'exim.conf');
    fs.writeFileSync(conf, eximConfig(exim, spool, logDir));
    // Exim runs as Debian-exim while delivering; its configuration must stay root's.
    run('chown', ['-R', 'Debian-exim:Debian-exim', spool, logDir]);
    return { conf, spool, mainlog: path.join(logDir, 'mainlog') };
  });
  const version = /Exim version (\S+)/.exec(run(exim, ['-C', workers[0].conf, '-bV']))?.[1] ?? '?';
  const message = 'Subject: ZoneLens MTA lab\n\nOne message of the conformance lab.\n';

  const deliver = async (recipients: readonly string[]): Promise<Observation[]> => {
    const queue = [...recipients];
    await Promise.all(
      workers.map(async (w) => {
        for (let rcpt = queue.shift(); rcpt !== undefined; rcpt = queue.shift()) {
          // Exim remembers failed hosts in its hints database and skips them until
          // their retry time: each message must start afresh, as the simulation does.
          fs.rmSync(path.join(w.spool, 'db'), { recursive: true, force: true });
          // -odi: receive, then deliver in the foreground; it returns after the first attempt.
          await ns.execAsync(exim, ['-C', w.conf, '-odi', '-f', '', rcpt], message);
        }
      }),
    );
    // Each run above returned after its delivery attempt: the logs are complete.
    const text = workers.map((w) => fs.readFileSync(w.mainlog, 'utf8')).join('\n');
    const want = new Set(recipients.map((r) => r.toLowerCase()));
    const got = parseEximLog(text, want);
    const missing = recipients.filter((r) => !got.has(r.toLowerCase()));
    if (missing.length > 0) throw new Error(`exim logged no result for ${missing.slice(0, 5).join(', ')}`);
    return recipients.map((r) => got.get(r.toLowerCase()) as Observation);
  };
  return { id: 'exim', version: `Exim ${version} (Debian ${pkg.packageVersion})`, deliver };
}
