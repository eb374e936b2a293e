/**
 * Hands messages to an MTA over SMTP, run inside the lab's namespace:
 *
 *   node --import tsx test/mta/submit.ts <host> <port> <recipients-file>
 *
 * One message per recipient (one per line), all in one SMTP session, null
 * sender (so that no bounce goes anywhere). Exits 0 when the MTA accepted
 * every message, else prints the reply it got and exits 1.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';

/** Reads SMTP replies (multi-line ones whole) from a socket. */
function replies(socket: net.Socket): () => Promise<string> {
  let buffer = '';
  const queue: string[] = [];
  let waiting: ((r: string) => void) | null = null;
  let failed: Error | null = null;
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => {
    buffer += d;
    for (;;) {
      const m = /^(\d{3}) [^\r\n]*\r?\n/m.exec(buffer);
      if (m === null) break;
      const reply = buffer.slice(0, m.index + m[0].length);
      buffer = buffer.slice(m.index + m[0].length);
      if (waiting !== null) {
        const w = waiting;
        waiting = null;
        w(reply);
      } else queue.push(reply);
    }
  });
  socket.on('error', (e) => (failed = e));
  return () =>
    new Promise((resolve, reject) => {
      if (queue.length > 0) resolve(queue.shift() as string);
      else if (failed !== null) reject(failed);
      else {
        waiting = resolve;
        socket.once('close', () => reject(failed ?? new Error('connection closed')));
      }
    });
}

async function main(): Promise<void> {
  const [host, port, file] = process.argv.slice(2);
  const recipients = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  const socket = net.connect(Number(port), host);
  const next = replies(socket);
  const expect = async (code: string, what: string): Promise<void> => {
    const r = await next();
    if (!r.startsWith(code)) throw new Error(`${what}: ${r.trim()}`);
  };
  await expect('220', 'greeting');
  socket.write('EHLO lab.zonelens.test\r\n');
  await expect('250', 'EHLO');
  for (const rcpt of recipients) {
    socket.write('MAIL FROM:<>\r\n');
    await expect('250', 'MAIL');
    socket.write(`RCPT TO:<${rcpt}>\r\n`);
    await expect('250', `RCPT ${rcpt}`);
    socket.write('DATA\r\n');
    await expect('354', 'DATA');
    socket.write(`Subject: ZoneLens MTA lab\r\nTo: <${rcpt}>\r\n\r\nOne message of the conformance lab.\r\n.\r\n`);
    await expect('250', 'end of data');
  }
  socket.write('QUIT\r\n');
  await expect('221', 'QUIT');
  socket.end();
}

main().catch((e: Error) => {
  process.stderr.write(`submit: ${e.message}\n`);
  process.exit(1);
});
