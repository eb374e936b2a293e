/**
 * The lab's SMTP sinks, one process for all of them, run inside the lab's
 * network namespace:
 *
 *   node --import tsx test/mta/sink.ts <config.json>
 *
 * The config names a log file and a state per address. `up` accepts mail,
 * `tempfail` greets 421, `reject` greets 554, `down` does not listen (the
 * kernel refuses the connection), `watch` accepts like `up` (an address the
 * scenario's zone does not use: the lab fails the scenario if anything goes
 * there). Every connection, recipient and message is appended to the log as
 * one JSON line (see `SinkEvent`). When every sink listens, the process
 * prints `ready` on stdout; it runs until killed.
 */
import * as fs from 'node:fs';
import { SMTPServer } from 'smtp-server';

/** One line of the sink log. */
export interface SinkEvent {
  /** Milliseconds since the epoch, with sub-millisecond precision. */
  t: number;
  /** The sink's address. */
  address: string;
  event: 'connect' | 'rcpt' | 'data';
  /** `rcpt`: the recipient. */
  rcpt?: string;
  /** The client's port, to tell connections apart. */
  port: number;
}

export interface SinkConfig {
  log: string;
  states: Record<string, 'up' | 'down' | 'tempfail' | 'reject' | 'watch'>;
}

const start = Date.now() - performance.now();

function main(): void {
  const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as SinkConfig;
  const log = (e: Omit<SinkEvent, 't'>): void => {
    // Synchronous append: one process writes, so the file keeps event order.
    fs.appendFileSync(config.log, JSON.stringify({ t: start + performance.now(), ...e }) + '\n');
  };
  const listening = Object.entries(config.states).filter(([, s]) => s !== 'down');
  let pending = listening.length;
  const ready = (): void => {
    if (--pending === 0) process.stdout.write('ready\n');
  };
  if (pending === 0) process.stdout.write('ready\n');
  for (const [address, state] of listening) {
    const server = new SMTPServer({
      name: `sink-${address}`,
      banner: `sink ${address} (${state})`,
      authOptional: true,
      disableReverseLookup: true,
      // No STARTTLS: both MTAs would try it, and TLS is not what the lab measures.
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onConnect(session, callback) {
        log({ address, event: 'connect', port: session.remotePort });
        if (state === 'tempfail') {
          callback(Object.assign(new Error('sink: try again later'), { responseCode: 421 }));
        } else if (state === 'reject') {
          callback(Object.assign(new Error('sink: no SMTP service here'), { responseCode: 554 }));
        } else callback();
      },
      onRcptTo(rcpt, session, callback) {
        log({ address, event: 'rcpt', rcpt: rcpt.address.toLowerCase(), port: session.remotePort });
        callback();
      },
      onData(stream, session, callback) {
        stream.on('end', () => {
          log({ address, event: 'data', port: session.remotePort });
          callback();
        });
        stream.resume();
      },
    });
    server.on('error', (err) => {
      process.stderr.write(`sink ${address}: ${err.message}\n`);
      process.exit(1);
    });
    server.listen(25, address, ready);
  }
}

main();
