import type { Zone } from '../zone/model';
import type { ZoneRecord } from '../zone/parser';
import { unescapeText } from '../zone/rdata/codec';
import type { RdataField } from '../zone/types';
import { diag, relatedField, type Check } from './check';
import { listWords, mxDomains } from './mxSet';

/** An SPF policy record of a name: the record, the range of its strings and the policy text. */
interface SpfPolicy {
  record: ZoneRecord;
  start: number;
  end: number;
  text: string;
}

const decoder = new TextDecoder();

/** The text of a TXT record: its character-strings joined without spaces (RFC 7208 §3.3). */
function txtText(fields: readonly RdataField[]): string {
  let s = '';
  for (const f of fields) {
    const inner = f.value.startsWith('"') && f.value.endsWith('"') ? f.value.slice(1, -1) : f.value;
    const bytes = unescapeText(inner);
    s += typeof bytes === 'string' ? inner : decoder.decode(Uint8Array.from(bytes));
  }
  return s;
}

/** The SPF policy published at `name` (TXT, or the obsolete SPF type), if there is one. */
function spfPolicy(zone: Zone, name: string): SpfPolicy | undefined {
  for (const type of ['TXT', 'SPF']) {
    for (const record of zone.rrset(name, type)?.records ?? []) {
      const fields = record.rdata.filter((f) => f.role === 'text');
      if (fields.length === 0) continue;
      const text = txtText(fields);
      if (/^v=spf1(\s|$)/i.test(text))
        return { record, start: fields[0].start, end: fields[fields.length - 1].end, text };
    }
  }
  return undefined;
}

/**
 * The terms of an SPF policy that can give `pass` to some sender (RFC 7208
 * §5): a mechanism with the `+` qualifier (the default) other than a bare
 * `mx`, which matches nothing when the only MX is null, and a `redirect=`.
 */
export function authorisingTerms(policy: string): string[] {
  const out: string[] = [];
  for (const term of policy.split(/\s+/).slice(1)) {
    if (term === '') continue;
    if (/^redirect=/i.test(term)) {
      out.push(term);
      continue;
    }
    const m = /^([+\-~?]?)(all|include|a|mx|ptr|ip4|ip6|exists)(?=$|[:/])(.*)$/i.exec(term);
    if (m === null || (m[1] !== '' && m[1] !== '+')) continue;
    if (m[2].toLowerCase() === 'mx' && !m[3].startsWith(':')) continue;
    out.push(term);
  }
  return out;
}

/** RFC 7505 §4.2: a domain that sends mail SHOULD NOT publish a null MX. */
export const check: Check = {
  code: 'null-mx-sender',
  severity: 'information',
  summary: 'a null-MX domain whose SPF policy authorises senders',
  run(zone) {
    const out = [];
    for (const domain of mxDomains(zone)) {
      const nulls = domain.entries.filter((e) => e.kind === 'null');
      // A mix of null and other MX records is null-mx-mixed's; this is about a true null MX.
      if (nulls.length === 0 || nulls.length !== domain.entries.length) continue;
      const spf = spfPolicy(zone, domain.owner);
      if (spf === undefined) continue;
      const terms = authorisingTerms(spf.text);
      if (terms.length === 0) continue;
      out.push(
        diag(
          this,
          spf.record,
          spf.start,
          spf.end,
          `${domain.label} publishes a null MX (it accepts no mail) but its SPF policy authorises senders (${listWords(terms)}): RFC 7505 §4.2 says a domain that sends mail SHOULD NOT publish a null MX, because receivers may refuse mail whose sender domain cannot take bounces back. Publish an MX if the domain sends mail, or make the policy "v=spf1 -all"`,
          { related: nulls.map((e) => relatedField(e.record, e.exchange, 'the null MX')) },
        ),
      );
    }
    return out;
  },
};
