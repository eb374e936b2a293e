/**
 * The lab's scenarios: each is one zone (served by the lab's DNS server and
 * given to `zonelens simulate`) and the state of each sink address.
 *
 * Sinks live on 127.0.10.1 to 127.0.10.8 and fd00:10::1 to fd00:10::4. An address a scenario does not name
 * is a "watch" sink: it accepts and logs, and any connection to it fails the
 * scenario (the MTA went somewhere the zone does not lead).
 */
import type { AddressState } from '../../server/src/simulate/types';

/** The IPv4 sink addresses, 127.0.10.1 to 127.0.10.8 (all of 127/8 is local on lo). */
export const SINK_ADDRESSES_V4: readonly string[] = Array.from({ length: 8 }, (_, i) => `127.0.10.${i + 1}`);
/** The IPv6 sink addresses, fd00:10::1 to fd00:10::4 (unique-local; the lab adds them to the namespace's lo). */
export const SINK_ADDRESSES_V6: readonly string[] = Array.from({ length: 4 }, (_, i) => `fd00:10::${i + 1}`);
/** Every sink address. */
export const SINK_ADDRESSES: readonly string[] = [...SINK_ADDRESSES_V4, ...SINK_ADDRESSES_V6];

/** The parent of every lab zone (RFC 2606 reserves `.test`). */
export const LAB_SUFFIX = 'mta.test.';

export interface Scenario {
  /** Also the zone's first label: `<id>.mta.test.` */
  id: string;
  /** One line for the table. */
  title: string;
  /** The rule of SIMULATION.md the scenario puts to the test. */
  claim: string;
  /** The records of the zone below SOA and NS, in zone-file syntax, relative to the origin. */
  records: string[];
  /** State of each sink address used by the zone; unlisted ones used by the zone are `up`. */
  states: Readonly<Record<string, AddressState>>;
  /**
   * The Postfix and Exim profiles predict outcomes here that rule each other
   * out, so each MTA's observations must be impossible under the other's
   * profile (the lab's negative control).
   */
  separatesProfiles?: boolean;
}

/** `a` for 127.0.10.`a`. */
function ip(a: number): string {
  return `127.0.10.${a}`;
}

/** `a` for fd00:10::`a`. */
function ip6(a: number): string {
  return `fd00:10::${a}`;
}

/** `count` MX names at one preference, `mx<first>`… each with one address. */
function oneAddressHosts(preference: number, addresses: number[]): string[] {
  return [...addresses.map((a) => `@ MX ${preference} mx${a}`), ...addresses.map((a) => `mx${a} A ${ip(a)}`)];
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'equal-preference',
    title: 'set-up 1: two MX names, one preference, one address each',
    claim: 'Both share first attempts 50/50 between two equal-preference hosts (RFC 5321 §5.1 random order).',
    records: ['@ MX 10 mail1', '@ MX 10 mail2', `mail1 A ${ip(1)}`, `mail2 A ${ip(2)}`],
    states: {},
  },
  {
    id: 'one-name-two-addresses',
    title: 'set-up 2: one MX name with two addresses',
    claim: "Postfix and Exim both shuffle a host's addresses: 50/50 although DNS answers in zone order.",
    records: ['@ MX 10 mail', `mail A ${ip(1)}`, `mail A ${ip(2)}`],
    states: {},
  },
  {
    id: 'backup-same-servers',
    title: 'set-up 3: the two-address name at 10, the same two servers by name at 20; .1 down',
    claim:
      'Postfix lists an address once per name (no de-duplication), Exim drops repeated addresses; with .1 down both deliver at .2, in one or two attempts.',
    records: [
      '@ MX 10 mail',
      '@ MX 20 mail1',
      '@ MX 20 mail2',
      `mail A ${ip(1)}`,
      `mail A ${ip(2)}`,
      `mail1 A ${ip(1)}`,
      `mail2 A ${ip(2)}`,
    ],
    states: { [ip(1)]: 'down' },
  },
  {
    id: 'uneven-pair',
    title: 'one preference: a two-address name beside a one-address name',
    claim: 'Postfix randomises addresses, not hosts (1/3 each); Exim randomises hosts, then addresses (1/4, 1/4, 1/2).',
    records: ['@ MX 10 a', '@ MX 10 b', `a A ${ip(1)}`, `a A ${ip(2)}`, `b A ${ip(3)}`],
    states: {},
  },
  {
    id: 'primary-down',
    title: 'primary (10) not listening, backup (20) up',
    claim: 'A refused connection moves on to the next preference.',
    records: ['@ MX 10 primary', '@ MX 20 backup', `primary A ${ip(1)}`, `backup A ${ip(2)}`],
    states: { [ip(1)]: 'down' },
  },
  {
    id: 'primary-421',
    title: 'primary (10) greets 421, backup (20) up',
    claim: 'A 421 greeting moves on to the next preference.',
    records: ['@ MX 10 primary', '@ MX 20 backup', `primary A ${ip(1)}`, `backup A ${ip(2)}`],
    states: { [ip(1)]: 'tempfail' },
  },
  {
    id: 'primary-554',
    title: 'primary (10) greets 554, backup (20) up',
    claim: 'A 554 greeting moves on too (Postfix smtp_skip_5xx_greeting; Exim treats it per host).',
    records: ['@ MX 10 primary', '@ MX 20 backup', `primary A ${ip(1)}`, `backup A ${ip(2)}`],
    states: { [ip(1)]: 'reject' },
  },
  {
    id: 'both-reject',
    title: 'primary (10) and backup (20) both greet 554',
    claim:
      'After a 554 greeting from every host Exim bounces (its last attempt was a 5xx) while Postfix, which treats a 5xx greeting like a 4xx one, defers.',
    records: ['@ MX 10 primary', '@ MX 20 backup', `primary A ${ip(1)}`, `backup A ${ip(2)}`],
    states: { [ip(1)]: 'reject', [ip(2)]: 'reject' },
    separatesProfiles: true,
  },
  {
    id: 'six-in-one-tier',
    title: 'six MX names at one preference, five not listening, one up',
    claim:
      'Postfix keeps 5 of 6 addresses (smtp_mx_address_limit) and Exim stops after 5 failures (hosts_max_try): 1/6 of messages are deferred by both.',
    records: oneAddressHosts(10, [1, 2, 3, 4, 5, 6]),
    states: { [ip(1)]: 'down', [ip(2)]: 'down', [ip(3)]: 'down', [ip(4)]: 'down', [ip(5)]: 'down' },
  },
  {
    id: 'six-down-then-backup',
    title: 'six MX names at 10, all not listening; a backup at 20 up (Exim hosts_max_try jump)',
    claim:
      'After 5 failures Exim jumps to the next preference (delivered at .7 every time); Postfix never gets past the 5 addresses of preference 10 (deferred every time).',
    records: [...oneAddressHosts(10, [1, 2, 3, 4, 5, 6]), ...oneAddressHosts(20, [7])],
    states: {
      [ip(1)]: 'down',
      [ip(2)]: 'down',
      [ip(3)]: 'down',
      [ip(4)]: 'down',
      [ip(5)]: 'down',
      [ip(6)]: 'down',
    },
    separatesProfiles: true,
  },
  {
    id: 'dual-stack-pair',
    title: 'one preference: a dual-stack name (IPv6 not listening) beside an IPv4-only name',
    claim:
      "Exim puts a host's IPv6 address first and moves IPv6 ahead of IPv4 within a preference (every first attempt at fd00:10::1); Postfix shuffles all three addresses.",
    records: ['@ MX 10 mail', '@ MX 10 mail2', `mail AAAA ${ip6(1)}`, `mail A ${ip(1)}`, `mail2 A ${ip(2)}`],
    states: { [ip6(1)]: 'down' },
    separatesProfiles: true,
  },
  {
    id: 'mixed-families-seven',
    title: 'one name with three IPv6 and four IPv4 addresses, only 127.0.10.4 listening (Postfix balancing)',
    claim:
      "Postfix's smtp_balance_inet_protocols keeps 3 of the first address's family and 2 of the other; Exim tries IPv6 first and stops after 5.",
    records: [
      '@ MX 10 mail',
      ...[1, 2, 3].map((a) => `mail AAAA ${ip6(a)}`),
      ...[1, 2, 3, 4].map((a) => `mail A ${ip(a)}`),
    ],
    states: {
      [ip6(1)]: 'down',
      [ip6(2)]: 'down',
      [ip6(3)]: 'down',
      [ip(1)]: 'down',
      [ip(2)]: 'down',
      [ip(3)]: 'down',
    },
  },
  {
    id: 'null-mx',
    title: 'null MX (RFC 7505)',
    claim: 'A null MX bounces at once, with no connection (RFC 7505), beside an A record at another name.',
    records: ['@ MX 0 .', `www A ${ip(1)}`],
    states: {},
  },
  {
    id: 'implicit-mx',
    title: 'no MX, an A record at the domain (implicit MX)',
    claim: "No MX: the domain's own address is the mail exchanger (RFC 5321 §5.1).",
    records: [`@ A ${ip(1)}`],
    states: {},
  },
];

/** The absolute domain of a scenario. */
export function domainOf(s: Scenario): string {
  return `${s.id}.${LAB_SUFFIX}`;
}

/** The zone file of a scenario: SOA, NS (the lab's DNS server) and the scenario's records. */
export function zoneText(s: Scenario): string {
  return [
    `$ORIGIN ${domainOf(s)}`,
    '$TTL 60',
    '@ SOA ns hostmaster 1 3600 600 86400 60',
    '@ NS ns',
    'ns A 127.0.0.1',
    ...s.records,
    '',
  ].join('\n');
}

/** Every sink address the zone of `s` uses (in its A and AAAA records). */
export function addressesOf(s: Scenario): string[] {
  const out = new Set<string>();
  for (const r of s.records) {
    const m = /\bA{1,4}\s+(127\.0\.10\.\d+|fd00:10::\d+)$/.exec(r);
    if (m !== null) out.add(m[1]);
  }
  return [...out];
}

/** The state of every sink address in `s`: the scenario's, `up` for other used ones, `watch` for unused ones. */
export function sinkStates(s: Scenario): Record<string, AddressState | 'watch'> {
  const used = new Set(addressesOf(s));
  const out: Record<string, AddressState | 'watch'> = {};
  for (const a of SINK_ADDRESSES) out[a] = used.has(a) ? (s.states[a] ?? 'up') : 'watch';
  return out;
}
