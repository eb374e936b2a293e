// The MTA log readers, on lines the lab's Postfix 3.7 and Exim 4.96 really
// wrote (so that a reader that drops or doubles an attempt is caught without
// running the lab), and the sink/MTA cross-check.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSinks } from './compare';
import { parseEximLog, parsePostfixLog } from './mtas';

const POSTFIX = `
Nov 21 12:21:08 sender postfix/smtp[23733]: connect to primary.t1.mta.test[127.0.10.1]:25: Connection refused
Nov 21 12:21:08 sender postfix/smtp[23731]: connect to primary.t1.mta.test[127.0.10.1]:25: Connection refused
Nov 21 12:21:08 sender postfix/smtp[23733]: B95F02180E6: host backup.t1.mta.test[127.0.10.2] refused to talk to me: 421 sink: try again later
Nov 21 12:21:08 sender postfix/smtp[23731]: BF7432183BB: host backup2.t1.mta.test[127.0.10.3] refused to talk to me: 554 sink: no SMTP service here
Nov 21 12:21:09 sender postfix/smtp[23733]: B95F02180E6: to=<m1@t1.mta.test>, relay=backup2.t1.mta.test[127.0.10.3]:25, delay=0.3, delays=0.01/0.01/0.29/0, dsn=4.0.0, status=deferred (host backup2.t1.mta.test[127.0.10.3] refused to talk to me: 554 sink: no SMTP service here)
Nov 21 12:21:09 sender postfix/smtp[23731]: BF7432183BB: to=<m2@t1.mta.test>, relay=backup.t1.mta.test[127.0.10.2]:25, delay=0.28, delays=0/0/0.27/0, dsn=4.0.0, status=deferred (host backup.t1.mta.test[127.0.10.2] refused to talk to me: 421 sink: try again later)
Nov 21 12:21:01 sender postfix/smtp[23729]: connect to primary.t1.mta.test[127.0.10.1]:25: Connection refused
Nov 21 12:21:01 sender postfix/smtp[23729]: F155D2183B0: to=<M5@t1.mta.test>, relay=backup2.t1.mta.test[127.0.10.3]:25, delay=0.21, delays=0.01/0.1/0.1/0, dsn=2.0.0, status=sent (250 OK: message queued)
Nov 21 12:21:02 sender postfix/smtp[23729]: connect to mx1.t1.mta.test[127.0.10.1]:25: Connection refused
Nov 21 12:21:02 sender postfix/smtp[23729]: connect to mx2.t1.mta.test[127.0.10.2]:25: Connection refused
Nov 21 12:21:02 sender postfix/smtp[23729]: 1A2B3C4D5E: to=<m6@t1.mta.test>, relay=none, delay=0.1, delays=0/0/0.1/0, dsn=4.4.1, status=deferred (connect to mx2.t1.mta.test[127.0.10.2]:25: Connection refused)
Nov 21 12:21:03 sender postfix/smtp[23728]: 2B3C4D5E6F: to=<m7@null-mx.mta.test>, relay=none, delay=0.02, delays=0/0/0.02/0, dsn=5.1.0, status=bounced (Host or domain name not found. Name service error for name=null-mx.mta.test type=MX: Malformed or unexpected name server reply)
Nov 21 12:21:04 sender postfix/smtp[23729]: 1A2B3C4D5E: to=<m6@t1.mta.test>, relay=none, delay=3600, dsn=4.4.1, status=deferred (connect to mx9.t1.mta.test[127.0.10.9]:25: Connection refused)
`;

test('parsePostfixLog: one sequence per recipient, first attempt only', () => {
  const want = new Set(['m1@t1.mta.test', 'm2@t1.mta.test', 'm5@t1.mta.test', 'm6@t1.mta.test', 'm7@null-mx.mta.test']);
  const got = parsePostfixLog(POSTFIX, want);
  assert.deepEqual(
    [...got.values()].map((o) => [o.rcpt, o.attempts, o.result]),
    [
      ['m1@t1.mta.test', ['127.0.10.1', '127.0.10.2', '127.0.10.3'], 'deferred'],
      ['m2@t1.mta.test', ['127.0.10.1', '127.0.10.3', '127.0.10.2'], 'deferred'],
      ['m5@t1.mta.test', ['127.0.10.1', '127.0.10.3'], 'delivered'],
      // The last failed connection is logged on its own line and again in the reason: once.
      ['m6@t1.mta.test', ['127.0.10.1', '127.0.10.2'], 'deferred'],
      ['m7@null-mx.mta.test', [], 'bounced'],
    ],
  );
  assert.equal(parsePostfixLog(POSTFIX, new Set(['m1@t1.mta.test'])).size, 1);
});

const EXIM = `
2026-11-21 12:21:14.933 [24078] 1xUk5i-0006GM-2v <= <> U=root P=local S=248 M8S=0 RT=0.011s id*=E1xUk5i-0006GM-2v@sender.zonelens.test T="t" from <> for e1@t1.mta.test
2026-11-21 12:21:14.962 [24079] exim user lost privilege for using -C option
2026-11-21 12:21:14.978 [24080] 1xUk5i-0006GM-2v H=primary.t1.mta.test [127.0.10.1]:25 Connection refused
2026-11-21 12:21:15.080 [24080] 1xUk5i-0006GM-2v H=backup.t1.mta.test [127.0.10.2]:25: SMTP error from remote mail server after initial connection: 421 sink: try again later
2026-11-21 12:21:15.184 [24080] 1xUk5i-0006GM-2v H=backup2.t1.mta.test [127.0.10.3]:25: SMTP error from remote mail server after initial connection: 554 sink: no SMTP service here
2026-11-21 12:21:15.221 [24079] 1xUk5i-0006GM-2v ** e1@t1.mta.test F=<> P=<> R=dnslookup T=remote_smtp H=backup2.t1.mta.test [127.0.10.3]:25 I=[127.0.0.1]:60906: SMTP error from remote mail server after initial connection: 554 sink: no SMTP service here DT=0.103s
2026-11-21 12:21:15.237 [24079] 1xUk5i-0006GM-2v Frozen (delivery error message)
2026-11-21 12:21:15.296 [24082] 1xUk5j-0006GQ-0t <= <> U=root P=local S=248 M8S=0 RT=0.007s id*=E1xUk5j-0006GQ-0t@sender.zonelens.test T="t" from <> for e2@t1.mta.test
2026-11-21 12:21:15.300 [24083] 1xUk5j-0006GQ-0t H=primary.t1.mta.test [127.0.10.1]:25 Connection refused
2026-11-21 12:21:15.310 [24083] 1xUk5j-0006GQ-0t => e2@t1.mta.test F=<> P=<> R=dnslookup T=remote_smtp H=backup2.t1.mta.test [127.0.10.3]:25 I=[127.0.0.1]:60910 C="250 OK: message queued"
2026-11-21 12:21:15.410 [24086] 1xUk5j-0006GU-1I <= <> U=root P=local S=248 M8S=0 RT=0.006s id*=E1xUk5j-0006GU-1I@sender.zonelens.test T="t" from <> for e3@t1.mta.test
2026-11-21 12:21:15.448 [24087] 1xUk5j-0006GU-1I == e3@t1.mta.test R=dnslookup T=remote_smtp defer (-54) DT=0.000s: retry time not reached for any host for 't1.mta.test'
`;

test('parseEximLog: host lines and the result line of each message', () => {
  const got = parseEximLog(EXIM, new Set(['e1@t1.mta.test', 'e2@t1.mta.test', 'e3@t1.mta.test']));
  assert.deepEqual(
    [...got.values()].map((o) => [o.rcpt, o.attempts, o.result]),
    [
      ['e1@t1.mta.test', ['127.0.10.1', '127.0.10.2', '127.0.10.3'], 'bounced'],
      ['e2@t1.mta.test', ['127.0.10.1', '127.0.10.3'], 'delivered'],
      ['e3@t1.mta.test', [], 'deferred'],
    ],
  );
});

test('checkSinks: connection counts and the receiving sink must match the MTA log', () => {
  const obs = [
    { rcpt: 'a@x', attempts: ['127.0.10.1', '127.0.10.2'], result: 'delivered' as const, detail: '' },
    { rcpt: 'b@x', attempts: ['127.0.10.2'], result: 'delivered' as const, detail: '' },
  ];
  const listening = new Set(['127.0.10.2']);
  const ok = [
    { t: 1, address: '127.0.10.2', event: 'connect' as const, port: 1 },
    { t: 2, address: '127.0.10.2', event: 'rcpt' as const, rcpt: 'a@x', port: 1 },
    { t: 3, address: '127.0.10.2', event: 'connect' as const, port: 2 },
    { t: 4, address: '127.0.10.2', event: 'rcpt' as const, rcpt: 'b@x', port: 2 },
  ];
  assert.deepEqual(checkSinks(obs, ok, listening), []);
  assert.equal(checkSinks(obs, ok.slice(0, 2), listening).length, 2);
  const stray = [...ok, { t: 5, address: '127.0.10.8', event: 'connect' as const, port: 3 }];
  assert.deepEqual(checkSinks(obs, stray, new Set([...listening, '127.0.10.8'])), [
    '127.0.10.8: the sink saw 1 connections, the MTA logged 0 attempts',
  ]);
});
