/**
 * The MX checks (CHECKS.md, second table) and `name-missing-trailing-dot`:
 * for every code, a zone that triggers it with the exact range it must cover,
 * and a near-miss that must stay quiet.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, CHECKS, loadZone } from '../../server/src/checks/index';
import type { ImplicitMxFix } from '../../server/src/checks/implicit-mx';
import type { MxBackupAddsNothingFix } from '../../server/src/checks/mx-backup-adds-nothing';
import type { MxDuplicateTargetFix } from '../../server/src/checks/mx-duplicate-target';
import type { MxMultihomedHostFix } from '../../server/src/checks/mx-multihomed-host';
import type { MxTargetCnameFix } from '../../server/src/checks/mx-target-cname';
import type { MxTargetIpFix } from '../../server/src/checks/mx-target-ip';
import type { MxTargetNoAddressFix } from '../../server/src/checks/mx-target-no-address';
import type { NameMissingTrailingDotFix } from '../../server/src/checks/name-missing-trailing-dot';
import type { NullMxMixedFix } from '../../server/src/checks/null-mx-mixed';
import type { NullMxPreferenceFix } from '../../server/src/checks/null-mx-preference';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../../server/src/settings';
import type { Zone } from '../../server/src/zone/model';
import type { ZoneDiagnostic } from '../../server/src/zone/types';

const HEAD = `$TTL 1h
@ SOA ns1 hostmaster 1 1h 15m 2w 1h
  NS ns1
ns1 A 198.51.100.53
`;

interface Run {
  text: string;
  zone: Zone;
  diagnostics: ZoneDiagnostic[];
}

/** Checks `body` (after a SOA and NS) as zone `origin`. */
function check(body: string, opts: { origin?: string; settings?: Settings; reverse?: Zone[] } = {}): Run {
  const text = HEAD + body;
  const { zone, diagnostics } = analyze(
    text,
    { fileName: 'test.zone', origin: opts.origin ?? 'example.com.' },
    opts.settings ?? DEFAULT_SETTINGS,
    { reverseZones: opts.reverse ?? [] },
  );
  return { text, zone, diagnostics };
}

function only(r: Run, code: string): ZoneDiagnostic[] {
  return r.diagnostics.filter((d) => d.code === code);
}

/** The source text each diagnostic of `code` covers. */
function covers(r: Run, code: string): string[] {
  return only(r, code).map((d) => r.text.slice(d.start, d.end));
}

/** The one diagnostic of `code`, its range asserted to cover exactly `text` at its `nth` occurrence after `after`. */
function one(r: Run, code: string, text: string, after = ''): ZoneDiagnostic {
  const ds = only(r, code);
  assert.equal(ds.length, 1, `one ${code}, got ${JSON.stringify(r.diagnostics.map((d) => [d.code, d.message]))}`);
  const d = ds[0];
  const from = after === '' ? HEAD.length : r.text.indexOf(after, HEAD.length);
  assert.ok(from >= 0, `'${after}' is in the zone`);
  const at = r.text.indexOf(text, from);
  assert.equal(r.text.slice(d.start, d.end), text);
  assert.equal(d.start, at, `${code} starts at the ${text} after '${after}'`);
  return d;
}

function none(r: Run, code: string): void {
  assert.deepEqual(
    only(r, code).map((d) => d.message),
    [],
    `${code} stays quiet`,
  );
}

/** The catalogue's MX table, with default severities. */
const MX_CODES: Record<string, string> = {
  'mx-target-ip': 'error',
  'mx-target-cname': 'warning',
  'mx-target-no-address': 'error',
  'null-mx-mixed': 'error',
  'null-mx-preference': 'warning',
  'null-mx-sender': 'information',
  'mx-duplicate-target': 'warning',
  'mx-shared-address': 'warning',
  'mx-backup-adds-nothing': 'warning',
  'mx-single-address': 'information',
  'mx-multihomed-host': 'information',
  'mx-address-limit': 'warning',
  'mx-private-address': 'warning',
  'mx-ipv6-only': 'information',
  'mx-target-not-hostname': 'warning',
  'implicit-mx': 'hint',
  'mx-target-out-of-zone': 'hint',
  'mx-ptr-missing': 'information',
  'mx-ptr-mismatch': 'information',
  'name-missing-trailing-dot': 'error',
};

describe('registry', () => {
  it('registers every MX code of the catalogue with its default severity', () => {
    for (const [code, severity] of Object.entries(MX_CODES)) {
      const c = CHECKS.find((x) => x.code === code);
      assert.ok(c, `${code} is registered`);
      assert.equal(c.severity, severity, `${code} defaults to ${severity}`);
      assert.ok(c.summary.length > 10, `${code} has a summary`);
    }
  });

  it('codes are unique', () => {
    assert.equal(new Set(CHECKS.map((c) => c.code)).size, CHECKS.length);
  });
});

describe('mx-target-ip', () => {
  it('flags an IPv4 literal target and offers a new host name', () => {
    const r = check('@ MX 10 192.0.2.25\n');
    const d = one(r, 'mx-target-ip', '192.0.2.25', 'MX');
    assert.equal(d.severity, 'error');
    assert.match(d.message, /192\.0\.2\.25 .*IP address.*RFC 5321 §5\.1/);
    const data = d.data as MxTargetIpFix;
    assert.equal(data.address, '192.0.2.25');
    assert.equal(data.family, 4);
    assert.equal(data.host, 'mx1');
    assert.equal(data.hostName, 'mx1.example.com.');
    assert.equal(data.createHost, true);
    assert.equal(r.text.slice(data.exchange.start, data.exchange.end), '192.0.2.25');
    assert.equal(r.text.slice(data.record.start, data.record.end), '@ MX 10 192.0.2.25');
  });

  it('flags an IPv6 literal and points at a host that already has the address', () => {
    const r = check('@ MX 10 [IPv6:2001:db8::25]\nmail AAAA 2001:db8::25\n');
    const d = one(r, 'mx-target-ip', '[IPv6:2001:db8::25]');
    const data = d.data as MxTargetIpFix;
    assert.equal(data.host, 'mail');
    assert.equal(data.createHost, false);
    assert.equal(d.related?.length, 1);
  });

  it('near-miss: host names that start with digits are names', () => {
    const r = check('@ MX 10 1.mail\n@ MX 20 192-0-2-1\n1.mail A 192.0.2.1\n192-0-2-1 A 192.0.2.2\n');
    none(r, 'mx-target-ip');
  });
});

describe('mx-target-cname', () => {
  it('flags a CNAME target and gives the canonical name', () => {
    const r = check('@ MX 10 smtp\nsmtp CNAME mail\nmail A 192.0.2.25\n');
    const d = one(r, 'mx-target-cname', 'smtp', 'MX 10');
    assert.equal(d.severity, 'warning');
    const data = d.data as MxTargetCnameFix;
    assert.equal(data.canonical, 'mail.example.com.');
    assert.equal(data.text, 'mail');
    assert.equal(d.related?.length, 1);
    none(r, 'mx-target-no-address');
  });

  it('flags a target below a DNAME', () => {
    const r = check('@ MX 10 mx.old\nold DNAME new.example.com.\nmx.new A 192.0.2.25\n');
    const d = one(r, 'mx-target-cname', 'mx.old', 'MX 10');
    assert.equal((d.data as MxTargetCnameFix).canonical, 'mx.new.example.com.');
  });

  it('follows a wildcard CNAME', () => {
    const r = check('@ MX 10 smtp\n* CNAME mail\nmail A 192.0.2.25\n');
    one(r, 'mx-target-cname', 'smtp', 'MX 10');
    none(r, 'mx-target-no-address');
  });

  it('near-miss: the MX names the host itself', () => {
    const r = check('@ MX 10 mail\nwww CNAME mail\nmail A 192.0.2.25\n');
    none(r, 'mx-target-cname');
  });
});

describe('mx-target-no-address', () => {
  it('flags a target that does not exist, and one without addresses', () => {
    const r = check('@ MX 10 ghost\n@ MX 20 bare\nbare TXT "no address"\n');
    const ds = only(r, 'mx-target-no-address');
    assert.deepEqual(covers(r, 'mx-target-no-address'), ['ghost', 'bare']);
    assert.match(ds[0].message, /NXDOMAIN/);
    assert.match(ds[1].message, /no A or AAAA/);
    assert.equal((ds[0].data as MxTargetNoAddressFix).target, 'ghost.example.com.');
    assert.equal((ds[0].data as MxTargetNoAddressFix).exists, false);
    assert.equal((ds[1].data as MxTargetNoAddressFix).exists, true);
    assert.match(ds[0].message, /bounces/);
  });

  it('near-miss: AAAA only, a wildcard with an address, a delegated name, another zone', () => {
    const r = check(
      '@ MX 10 six\n@ MX 20 any\n@ MX 30 mx.sub\n@ MX 40 mx.example.net.\n' +
        'six AAAA 2001:db8::1\n*.w A 192.0.2.9\nany CNAME x.w\nsub NS ns.sub\nns.sub A 192.0.2.10\n',
    );
    none(r, 'mx-target-no-address');
  });
});

describe('null MX', () => {
  it('null-mx-mixed: a null MX beside another, with the null MX for the fixes and the other as related', () => {
    const r = check('@ MX 0 .\n@ MX 10 mail\nmail A 192.0.2.25\n');
    const d = one(r, 'null-mx-mixed', '.', 'MX 0');
    const data = d.data as NullMxMixedFix;
    assert.equal(r.text.slice(data.nullMx.start, data.nullMx.end), '@ MX 0 .');
    assert.deepEqual(
      d.related?.map((s) => r.text.slice(s.start, s.end)),
      ['mail'],
    );
  });

  it('null-mx-preference: the preference, not the line', () => {
    const r = check('@ MX 10 .\n');
    const d = one(r, 'null-mx-preference', '10', 'MX');
    const data = d.data as NullMxPreferenceFix;
    assert.equal(r.text.slice(data.preference.start, data.preference.end), '10');
  });

  it('null-mx-sender: an SPF policy that authorises senders', () => {
    const r = check('@ MX 0 .\n@ TXT "v=spf1 ip4:192.0.2.0/24" " -all"\n');
    const d = one(r, 'null-mx-sender', '"v=spf1 ip4:192.0.2.0/24" " -all"');
    assert.equal(d.severity, 'information');
    assert.match(d.message, /ip4:192\.0\.2\.0\/24/);
  });

  it('near-miss: a null MX alone, with a policy that authorises no one', () => {
    for (const spf of ['v=spf1 -all', 'v=spf1 ~all', 'v=spf1 mx -all', 'v=spf1 -ip4:192.0.2.1 -all']) {
      const r = check(`@ MX 0 .\n@ TXT "${spf}"\n`);
      for (const code of ['null-mx-mixed', 'null-mx-preference', 'null-mx-sender', 'mx-target-no-address']) {
        none(r, code);
      }
    }
  });
});

describe('mx-duplicate-target', () => {
  it('flags the higher-preference copy and offers to remove it', () => {
    const r = check('@ MX 10 mail\n@ MX 20 mail.example.com.\nmail A 192.0.2.25\n');
    const d = one(r, 'mx-duplicate-target', 'mail.example.com.', 'MX 20');
    const data = d.data as MxDuplicateTargetFix;
    assert.equal(r.text.slice(data.remove.start, data.remove.end), '@ MX 20 mail.example.com.');
    assert.match(d.message, /Postfix/);
  });

  it('near-miss: two hosts; the same record twice is duplicate-record', () => {
    const r = check('@ MX 10 mail\n@ MX 10 mail\n@ MX 20 mail2\nmail A 192.0.2.25\nmail2 A 192.0.2.26\n');
    none(r, 'mx-duplicate-target');
    assert.equal(only(r, 'duplicate-record').length, 1);
  });
});

describe('mx-shared-address', () => {
  it('flags two MX hosts on one address', () => {
    const r = check(
      '@ MX 10 mail1\n@ MX 10 mail3\n@ MX 20 mail2\nmail1 A 192.0.2.1\nmail3 A 192.0.2.1\nmail2 A 192.0.2.2\n',
    );
    const d = one(r, 'mx-shared-address', 'mail3', 'MX 10');
    assert.match(d.message, /mail1 and mail3 are both 192\.0\.2\.1/);
    assert.match(d.message, /one server, not two/);
    assert.ok((d.related?.length ?? 0) >= 3, 'points at the other MX and both A records');
  });

  it('near-miss: distinct addresses, dual stack, one host listed once', () => {
    const r = check(
      '@ MX 10 mail1\n@ MX 10 mail2\nmail1 A 192.0.2.1\nmail1 AAAA 2001:db8::1\nmail2 A 192.0.2.2\nmail2 AAAA 2001:db8::2\n',
    );
    none(r, 'mx-shared-address');
  });
});

describe('mx-backup-adds-nothing', () => {
  const setup3 =
    '@ MX 10 mail\n@ MX 20 mail1\n@ MX 20 mail2\nmail A 192.0.2.1\nmail A 192.0.2.2\nmail1 A 192.0.2.1\nmail2 A 192.0.2.2\n';

  it('flags set-up 3 of the discussion on the backup tier preference', () => {
    const r = check(setup3);
    const d = one(r, 'mx-backup-adds-nothing', '20', 'MX 20');
    assert.match(d.message, /mail and mail1 are both 192\.0\.2\.1/);
    assert.match(d.message, /backup tier 20 reaches no server that tier 10 does not/);
    const data = d.data as MxBackupAddsNothingFix;
    assert.equal(data.preference, 20);
    assert.deepEqual(
      data.remove.map((s) => r.text.slice(s.start, s.end)),
      ['@ MX 20 mail1', '@ MX 20 mail2'],
    );
    // The shared addresses are this diagnostic's story: mx-shared-address does not repeat it.
    none(r, 'mx-shared-address');
  });

  it('uses the words of the issue for a single shared address', () => {
    const r = check(
      '@ MX 10 mail1\n@ MX 10 mail2\n@ MX 20 mail3\nmail1 A 172.16.10.1\nmail2 A 172.16.10.2\nmail3 A 172.16.10.1\n',
    );
    const d = one(r, 'mx-backup-adds-nothing', '20', 'MX 20');
    assert.match(
      d.message,
      /^mail1 and mail3 are both 172\.16\.10\.1: the backup tier 20 reaches no server that tier 10 does not/,
    );
  });

  it('near-miss: a backup tier with one new address adds something', () => {
    const r = check(setup3 + 'mail2 A 192.0.2.3\n');
    none(r, 'mx-backup-adds-nothing');
  });

  it('near-miss: an out-of-zone backup may be anything', () => {
    const r = check('@ MX 10 mail\n@ MX 20 backup.example.net.\nmail A 192.0.2.1\n');
    none(r, 'mx-backup-adds-nothing');
  });
});

describe('mx-single-address', () => {
  it('flags a domain whose MX hosts together reach one address', () => {
    const r = check('@ MX 10 mail\nmail A 192.0.2.1\n');
    const d = one(r, 'mx-single-address', 'mail', 'MX 10');
    assert.match(d.message, /one address, 192\.0\.2\.1/);
    assert.match(d.message, /no failover/);
  });

  it('near-miss: dual stack, two hosts, or a host in another zone', () => {
    none(check('@ MX 10 mail\nmail A 192.0.2.1\nmail AAAA 2001:db8::1\n'), 'mx-single-address');
    none(check('@ MX 10 mail\n@ MX 20 mail2\nmail A 192.0.2.1\nmail2 A 192.0.2.2\n'), 'mx-single-address');
    none(check('@ MX 10 mail\n@ MX 20 mx.example.net.\nmail A 192.0.2.1\n'), 'mx-single-address');
  });
});

describe('mx-multihomed-host', () => {
  it('flags set-up 2 of the discussion and explains each profile', () => {
    const r = check('@ MX 10 mail\nmail A 192.0.2.1\nmail A 192.0.2.2\n');
    const d = one(r, 'mx-multihomed-host', 'mail', 'MX 10');
    assert.match(d.message, /Postfix and Exim shuffle/);
    assert.match(d.message, /first attempt to 192\.0\.2\.1/);
    assert.match(d.message, /one MX name per address at the same preference/);
    const data = d.data as MxMultihomedHostFix;
    assert.equal(data.count, 2);
    assert.equal(data.host, 'mail.example.com.');
    assert.equal(data.preference, 10);
  });

  it('near-miss: one IPv4 and one IPv6 address is dual stack', () => {
    none(check('@ MX 10 mail\nmail A 192.0.2.1\nmail AAAA 2001:db8::1\n'), 'mx-multihomed-host');
  });
});

describe('mx-address-limit', () => {
  it('flags the tier Postfix never reaches', () => {
    const r = check(
      '@ MX 10 a\n@ MX 10 b\n@ MX 20 c\n@ MX 30 d\n' +
        'a A 192.0.2.11\na A 192.0.2.12\nb A 192.0.2.13\nb A 192.0.2.14\nc A 192.0.2.15\nd A 192.0.2.16\n',
    );
    const d = one(r, 'mx-address-limit', '30', 'MX 30');
    assert.match(d.message, /tier 30/);
    assert.match(d.message, /Postfix \(smtp_mx_address_limit = 5\)/);
  });

  it("follows Postfix's IPv4/IPv6 balancing", () => {
    // Six entries, one of them IPv6: Postfix keeps the IPv6 one and the first four IPv4.
    const r = check(
      '@ MX 10 a\n@ MX 10 b\n@ MX 20 c\n@ MX 30 d\n' +
        'a A 192.0.2.11\na A 192.0.2.12\nb A 192.0.2.13\nb A 192.0.2.14\nc A 192.0.2.15\nd AAAA 2001:db8::16\n',
    );
    const d = one(r, 'mx-address-limit', '20', 'MX 20');
    assert.match(d.message, /balancing/);
  });

  it('names Exim when a tier sits behind more than 45 higher levels', () => {
    let body = '@ MX 1 a\n' + [11, 12, 13, 14, 15].map((n) => `a A 192.0.2.${n}\n`).join('');
    for (let p = 2; p <= 52; p++) body += `@ MX ${p} h${p}\nh${p} A 198.51.100.${p}\n`;
    const r = check(body);
    const ds = only(r, 'mx-address-limit');
    const exim = ds.filter((d) => d.message.includes('Exim'));
    assert.deepEqual(
      exim.map((d) => r.text.slice(d.start, d.end)),
      ['47', '48', '49', '50', '51', '52'],
    );
    assert.equal(ds.length, 51, 'Postfix misses every tier after the first');
  });

  it('near-miss: five addresses in front of nothing, or the backup fifth', () => {
    none(
      check(
        '@ MX 10 a\n@ MX 10 b\n@ MX 20 c\na A 192.0.2.11\na A 192.0.2.12\nb A 192.0.2.13\nb A 192.0.2.14\nc A 192.0.2.15\n',
      ),
      'mx-address-limit',
    );
  });
});

describe('records the file repeats', () => {
  // A name server keeps one copy (RFC 2181 §5): the MX checks see what senders see, and duplicate-record reports the copies.
  it('count once against Postfix’s limit', () => {
    const r = check(
      '@ MX 10 mx1\n@ MX 10 mx1\n@ MX 10 MX1\n@ MX 20 mx2\n' +
        'mx1 A 192.0.2.10\nmx1 A 192.0.2.11\nmx2 A 192.0.2.12\nmx2 A 192.0.2.13\n',
    );
    none(r, 'mx-address-limit');
    assert.equal(only(r, 'duplicate-record').length, 2);
  });

  it('are one host, whatever the case or form they are written in', () => {
    const r = check('@ MX 10 mail\n@ MX 010 m\\097il\n@ MX 10 M\\065IL\nmail A 192.0.2.10\n');
    const d = one(r, 'mx-single-address', 'mail');
    assert.match(d.message, /its only MX host mail\)/);
    assert.equal(only(r, 'duplicate-record').length, 2);
  });

  it('are reported on the first copy only', () => {
    const r = check('@ MX 10 192.0.2.1\n@ MX 10 192.0.2.1\n@ MX 20 mx.example.net.\n@ MX 20 MX.example.net.\n');
    one(r, 'mx-target-ip', '192.0.2.1');
    one(r, 'mx-target-out-of-zone', 'mx.example.net.');
  });
});

describe('mx-private-address', () => {
  const body = '@ MX 10 mail\n@ MX 20 office\nmail A 198.51.100.25\noffice A 10.1.2.3\n';

  it('flags the address, not the MX', () => {
    const d = one(check(body), 'mx-private-address', '10.1.2.3');
    assert.match(d.message, /private \(RFC 1918\) range 10\.0\.0\.0\/8/);
    assert.equal(d.related?.length, 1);
  });

  it('flags documentation addresses outside documentation zones, and ULA', () => {
    const r = check('@ MX 10 mail\nmail A 192.0.2.25\nmail AAAA fd00::25\n', { origin: 'zonelens.dev.' });
    assert.deepEqual(covers(r, 'mx-private-address'), ['192.0.2.25', 'fd00::25']);
  });

  it('near-miss: the setting, public addresses, documentation addresses in an example zone', () => {
    none(check(body, { settings: parseSettings({ mx: { privateAddressesOk: true } }) }), 'mx-private-address');
    none(check('@ MX 10 mail\nmail A 192.0.2.25\n'), 'mx-private-address');
    none(check('@ MX 10 mail\nmail A 198.51.100.25\n', { origin: 'example.org.' }), 'mx-private-address');
  });
});

describe('mx-ipv6-only', () => {
  it('flags an IPv6-only host and says where IPv4 senders go', () => {
    const r = check('@ MX 10 six\n@ MX 20 mail\nsix AAAA 2001:db8::6\nmail A 198.51.100.25\n');
    const d = one(r, 'mx-ipv6-only', 'six', 'MX 10');
    assert.match(d.message, /straight to tier 20/);
  });

  it('near-miss: dual stack', () => {
    none(check('@ MX 10 mail\nmail A 198.51.100.25\nmail AAAA 2001:db8::25\n'), 'mx-ipv6-only');
  });
});

describe('mx-target-not-hostname', () => {
  it('flags an underscore and a leading hyphen', () => {
    const r = check('@ MX 10 mail_1\n@ MX 20 -mail\nmail_1 A 198.51.100.1\n-mail A 198.51.100.2\n');
    assert.deepEqual(covers(r, 'mx-target-not-hostname'), ['mail_1', '-mail']);
  });

  it('near-miss: hyphens inside, digits, IDNA labels', () => {
    const r = check(
      '@ MX 10 mail-1\n@ MX 20 xn--mll-hoa\n@ MX 30 1mx\nmail-1 A 198.51.100.1\nxn--mll-hoa A 198.51.100.2\n1mx A 198.51.100.3\n',
    );
    none(r, 'mx-target-not-hostname');
  });
});

describe('implicit-mx', () => {
  it('flags the apex address when there is no MX', () => {
    const r = check('@ A 198.51.100.80\nwww CNAME @\n');
    const d = one(r, 'implicit-mx', '198.51.100.80');
    assert.equal(d.severity, 'hint');
    const data = d.data as ImplicitMxFix;
    assert.equal(data.apex, 'example.com.');
    assert.equal(r.text.slice(data.after.start, data.after.end), '@ A 198.51.100.80');
  });

  it('near-miss: an MX (even null), or no apex address', () => {
    none(check('@ A 198.51.100.80\n@ MX 0 .\n'), 'implicit-mx');
    none(check('www A 198.51.100.80\n'), 'implicit-mx');
  });
});

describe('mx-target-out-of-zone', () => {
  it('hints at a target in another zone', () => {
    const r = check('@ MX 10 mx.example.net.\n');
    one(r, 'mx-target-out-of-zone', 'mx.example.net.');
  });

  it('hints at a delegated target without glue', () => {
    const r = check('@ MX 10 mx.sub\nsub NS ns.example.net.\n');
    const d = one(r, 'mx-target-out-of-zone', 'mx.sub', 'MX');
    assert.match(d.message, /delegated zone sub\.example\.com\./);
  });

  it('near-miss: an in-zone target', () => {
    none(check('@ MX 10 mail\nmail A 198.51.100.25\n'), 'mx-target-out-of-zone');
  });
});

describe('mx-ptr-missing and mx-ptr-mismatch', () => {
  const forward =
    '@ MX 10 mail1\n@ MX 10 mail2\n@ MX 20 mail3\nmail1 A 198.51.100.1\nmail2 A 198.51.100.2\nmail3 A 198.51.100.3\nwww A 198.51.100.80\n';
  const reverse = (ptrs: string): Zone =>
    loadZone(
      `$TTL 1h\n@ SOA ns1.example.com. hostmaster.example.com. 1 1h 15m 2w 1h\n  NS ns1.example.com.\n${ptrs}`,
      { fileName: '100.51.198.in-addr.arpa.zone', origin: '100.51.198.in-addr.arpa.' },
      DEFAULT_SETTINGS,
    );

  it('flags an address without PTR and one whose PTR does not resolve back', () => {
    const rz = reverse('1 PTR mail1.example.com.\n3 PTR www.example.com.\n');
    const r = check(forward, { reverse: [rz] });
    const missing = one(r, 'mx-ptr-missing', '198.51.100.2');
    assert.match(missing.message, /2\.100\.51\.198\.in-addr\.arpa\./);
    const mismatch = one(r, 'mx-ptr-mismatch', '198.51.100.3');
    assert.match(mismatch.message, /www\.example\.com\. has 198\.51\.100\.80/);
    assert.match(mismatch.message, /100\.51\.198\.in-addr\.arpa\.zone line 5/);
  });

  it('near-miss: no reverse zone at hand, correct PTRs, PTR names in other zones', () => {
    none(check(forward), 'mx-ptr-missing');
    const ok = check(forward, {
      reverse: [reverse('1 PTR mail1.example.com.\n2 PTR mail2.example.com.\n3 PTR smtp.example.net.\n')],
    });
    none(ok, 'mx-ptr-missing');
    none(ok, 'mx-ptr-mismatch');
  });
});

describe('name-missing-trailing-dot', () => {
  it('error when the text already ends with the origin, in every name field', () => {
    const text = `$TTL 1h
@ SOA ns1.example.com hostmaster.example.com. 1 1h 15m 2w 1h
  NS ns1
  MX 10 mail.example.com
ns1 A 198.51.100.53
mail A 198.51.100.25
`;
    const { zone, diagnostics } = analyze(text, { fileName: 't.zone', origin: 'example.com.' }, DEFAULT_SETTINGS);
    const r: Run = { text, zone, diagnostics };
    assert.deepEqual(covers(r, 'name-missing-trailing-dot'), ['ns1.example.com', 'mail.example.com']);
    const mx = only(r, 'name-missing-trailing-dot')[1];
    assert.equal(mx.severity, 'error');
    assert.match(mx.message, /mail\.example\.com\.example\.com\./);
    const data = mx.data as NameMissingTrailingDotFix;
    assert.equal(data.text, 'mail.example.com.');
    assert.equal(text.slice(data.replace.start, data.replace.end), 'mail.example.com');
    // The missing dot explains the missing address: no second error for the same mistake.
    none(r, 'mx-target-no-address');
  });

  it('warning when the text ends in a top-level domain', () => {
    const r = check('@ MX 10 mx.example.net\nwww CNAME shop.example.org\n');
    const ds = only(r, 'name-missing-trailing-dot');
    assert.deepEqual(covers(r, 'name-missing-trailing-dot'), ['mx.example.net', 'shop.example.org']);
    assert.ok(ds.every((d) => d.severity === 'warning'));
    none(r, 'mx-target-no-address');
  });

  it('follows $ORIGIN changes', () => {
    const r = check('$ORIGIN sub.example.com.\n@ MX 10 mail.sub.example.com\nmail A 198.51.100.25\n');
    const d = one(r, 'name-missing-trailing-dot', 'mail.sub.example.com');
    assert.equal(d.severity, 'error');
  });

  it('near-miss: relative names, absolute names, a relative name that exists', () => {
    const r = check(
      '@ MX 10 mail\n@ MX 20 mail2.example.com.\nwww CNAME www.shop\nwww.shop A 198.51.100.80\nmail A 198.51.100.25\nmail2 A 198.51.100.26\n',
    );
    none(r, 'name-missing-trailing-dot');
  });
});

describe('severity overrides', () => {
  it('zonelens.checks changes or silences an MX code', () => {
    const body = '@ MX 10 192.0.2.25\n';
    const lowered = check(body, { settings: parseSettings({ checks: { 'mx-target-ip': 'warning' } }) });
    assert.equal(only(lowered, 'mx-target-ip')[0]?.severity, 'warning');
    none(check(body, { settings: parseSettings({ checks: { 'mx-target-ip': 'off' } }) }), 'mx-target-ip');
  });
});
