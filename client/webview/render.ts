/**
 * Draws a `PreviewView`: the controls, the outcome, the tiers with a state
 * control and share bars per address, the likeliest attempt sequences and,
 * in compare mode, the address × profile matrix. Every element that can hold
 * focus carries a `data-key`, so that focus survives a redraw.
 */
import {
  ADDRESS_STATES,
  PROFILE_IDS,
  PROFILE_LABELS,
  STATE_LABELS,
  formatShare,
  type AddressState,
  type PreviewView,
  type ProfileResult,
  type WebviewMessage,
} from '../src/preview/protocol';
import { el, fill, type Child } from './dom';

/** Sends a message to the host. */
export type Send = (message: WebviewMessage) => void;

/** The short text on each state's segment; the accessible name is `STATE_LABELS`. */
const STATE_SHORT: Readonly<Record<AddressState, string>> = { up: 'up', down: 'down', tempfail: '4xx', reject: '5xx' };
const STATE_TITLES: Readonly<Record<AddressState, string>> = {
  up: 'Accepts mail',
  down: 'Connection refused or timed out',
  tempfail: 'Greets with 4xx (busy, greylisting): the sender tries later or elsewhere',
  reject: 'Greets with 5xx (no service here)',
};

const HOST_STATUS: Readonly<Record<string, string>> = {
  cname: 'through a CNAME',
  'no-address': 'no address in the zone',
  'ip-literal': 'IP literal',
  'out-of-zone': 'outside the zone: addresses unknown',
  null: 'null MX target',
  unusable: 'unusable',
};

/** The number of attempt sequences drawn. */
const MAX_SEQUENCES = 6;

let groupCounter = 0;

/** A group of radio buttons styled as a segmented control: up / down / 4xx / 5xx. */
function stateControl(
  label: string,
  key: string,
  current: AddressState | undefined,
  onPick: (s: AddressState) => void,
): HTMLElement {
  const name = `state-${++groupCounter}`;
  const group = el('div', { class: 'states', role: 'radiogroup', 'aria-label': label });
  for (const s of ADDRESS_STATES) {
    const input = el('input', {
      type: 'radio',
      name,
      value: s,
      'aria-label': STATE_LABELS[s],
      'data-key': `${key}:${s}`,
      checked: current === s,
    });
    input.addEventListener('change', () => {
      if (input.checked) onPick(s);
    });
    group.appendChild(
      el('label', { class: `state state-${s}`, title: STATE_TITLES[s] }, input, el('span', {}, STATE_SHORT[s])),
    );
  }
  return group;
}

/** One labelled share bar, e.g. "first attempts ████░░ 50%". */
function shareBar(kind: 'first' | 'delivered', label: string, share: number, address: string): HTMLElement {
  return el(
    'div',
    { class: `share share-${kind}` },
    el('span', { class: 'share-label' }, label),
    el(
      'span',
      { class: 'track', role: 'img', 'aria-label': `${label}: ${formatShare(share)}` },
      fill(`fill fill-${kind}`, share),
    ),
    el('span', { class: 'num', 'data-share': kind, 'data-address': address }, formatShare(share)),
  );
}

function controls(view: PreviewView, send: Send): HTMLElement {
  const domain = el('select', { 'data-key': 'domain', 'aria-label': 'Mail domain' });
  for (const d of view.domains) {
    const note = d.mode === 'implicit' ? ' (implicit MX)' : d.mode === 'null-mx' ? ' (null MX)' : '';
    domain.appendChild(el('option', { value: d.domain, selected: d.domain === view.domain }, d.domain + note));
  }
  domain.disabled = view.domains.length === 0;
  domain.addEventListener('change', () => send({ type: 'selectDomain', domain: domain.value }));

  const profile = el('select', { 'data-key': 'profile', 'aria-label': 'Sender profile' });
  for (const p of PROFILE_IDS) {
    profile.appendChild(el('option', { value: p, selected: p === view.options.profile }, PROFILE_LABELS[p]));
  }
  profile.addEventListener('change', () => {
    const picked = PROFILE_IDS.find((p) => p === profile.value);
    if (picked) send({ type: 'setProfile', profile: picked });
  });

  const check = (key: string, text: string, checked: boolean, on: (v: boolean) => void, title: string): HTMLElement => {
    const input = el('input', { type: 'checkbox', 'data-key': key, checked });
    input.addEventListener('change', () => on(input.checked));
    return el('label', { class: 'check', title }, input, el('span', {}, text));
  };

  const reset = el('button', { type: 'button', class: 'secondary', 'data-key': 'reset' }, 'All up');
  reset.disabled = Object.keys(view.options.states).length === 0;
  reset.addEventListener('click', () => send({ type: 'resetStates' }));

  return el(
    'div',
    { class: 'controls', role: 'group', 'aria-label': 'Simulation settings' },
    el('label', { class: 'field' }, el('span', {}, 'Domain'), domain),
    el('label', { class: 'field' }, el('span', {}, 'Sender'), profile),
    check(
      'compare',
      'Compare all profiles',
      view.options.compare,
      (v) => send({ type: 'setCompare', compare: v }),
      'Show every sender side by side',
    ),
    check(
      'rrset',
      'Round-robin DNS',
      view.options.rrsetOrder === 'rotated',
      (v) => send({ type: 'setRrsetOrder', rrsetOrder: v ? 'rotated' : 'zone' }),
      'DNS answers RRsets in rotating order (BIND rrset-order cyclic)',
    ),
    check(
      'ipv6',
      'Sender has IPv6',
      view.options.senderIpv6,
      (v) => send({ type: 'setSenderIpv6', senderIpv6: v }),
      'Off: the sender ignores every AAAA record',
    ),
    reset,
  );
}

function outcome(r: ProfileResult): HTMLElement {
  const parts: ['delivered' | 'deferred' | 'bounced', number][] = [
    ['delivered', r.outcome.delivered],
    ['deferred', r.outcome.deferred],
    ['bounced', r.outcome.bounced],
  ];
  const label = parts.map(([k, v]) => `${k} ${formatShare(v)}`).join(', ');
  return el(
    'section',
    { class: 'card outcome', 'aria-labelledby': 'h-outcome' },
    el('h2', { id: 'h-outcome' }, `Outcome · ${PROFILE_LABELS[r.profile]}`),
    el(
      'div',
      { class: 'stack', role: 'img', 'aria-label': `Outcome: ${label}` },
      ...parts.map(([k, v]) => fill(`seg seg-${k}`, v)),
    ),
    el(
      'ul',
      { class: 'legend' },
      ...parts.map(([k, v]) =>
        el(
          'li',
          {},
          el('span', { class: `swatch seg-${k}`, 'aria-hidden': 'true' }),
          `${k} `,
          el('strong', { 'data-outcome': k }, formatShare(v)),
        ),
      ),
      el(
        'li',
        { class: 'attempts' },
        'expected attempts ',
        el('strong', { 'data-expected-attempts': '' }, String(Math.round(r.expectedAttempts * 100) / 100)),
      ),
    ),
    r.exact ? null : el('p', { class: 'note' }, 'Shares sampled (more than 8 entries at one preference).'),
  );
}

function tiers(view: PreviewView, r: ProfileResult, send: Send): HTMLElement {
  const shares = new Map(r.addresses.map((a) => [a.address, a]));
  const seen = new Set<string>();
  const section = el(
    'section',
    { class: 'card servers', 'aria-labelledby': 'h-servers' },
    el('h2', { id: 'h-servers' }, 'Servers'),
    el(
      'p',
      { class: 'hint' },
      'Set a state per address (or per host) and watch where the mail goes. Click a name to show its record.',
    ),
  );
  if (r.tiers.length === 0) section.appendChild(el('p', { class: 'empty' }, 'No mail exchanger: nowhere to deliver.'));
  for (const tier of r.tiers) {
    const box = el(
      'section',
      { class: 'tier', 'aria-label': `Preference ${tier.preference}` },
      el('h3', {}, `Preference ${tier.preference}`),
    );
    for (const host of tier.hosts) {
      const reveal = el(
        'button',
        {
          type: 'button',
          class: 'link host-name',
          'data-key': `host:${host.name}`,
          title: 'Show the MX record',
          'aria-label': `Show the record of ${host.name}`,
        },
        host.name,
      );
      reveal.addEventListener('click', () => send({ type: 'reveal', host: host.name }));
      const head = el(
        'div',
        { class: 'host-head' },
        reveal,
        HOST_STATUS[host.status] ? el('span', { class: 'badge' }, HOST_STATUS[host.status]) : null,
      );
      if (host.addresses.length > 1) {
        const states = host.addresses.map((a) => shares.get(a)?.state ?? view.options.states[a] ?? 'up');
        const common = states.every((s) => s === states[0]) ? states[0] : undefined;
        head.appendChild(
          stateControl(`State of every address of ${host.name}`, `hoststate:${host.name}`, common, (s) =>
            send({ type: 'setStates', states: Object.fromEntries(host.addresses.map((a) => [a, s])) }),
          ),
        );
      }
      const rows: Child[] = host.addresses.map((address) => {
        const share = shares.get(address);
        const state = share?.state ?? view.options.states[address] ?? 'up';
        // An address reached through two hosts is one server: the second control says so in its name.
        const label = seen.has(address) ? `State of ${address} via ${host.name}` : `State of ${address}`;
        seen.add(address);
        const button = el(
          'button',
          {
            type: 'button',
            class: 'link mono',
            'data-key': `addr:${host.name}:${address}`,
            title: 'Show the address record',
            'aria-label': `Show the record of ${address}`,
          },
          address,
        );
        button.addEventListener('click', () => send({ type: 'reveal', host: host.name, address }));
        return el(
          'div',
          { class: `address state-is-${state}` },
          button,
          stateControl(label, `state:${host.name}:${address}`, state, (s) =>
            send({ type: 'setStates', states: { [address]: s } }),
          ),
          el(
            'div',
            { class: 'bars' },
            shareBar('first', 'first attempts', share?.firstAttempt ?? 0, address),
            shareBar('delivered', 'deliveries', share?.delivered ?? 0, address),
          ),
        );
      });
      box.appendChild(el('div', { class: 'host' }, head, ...rows));
    }
    section.appendChild(box);
  }
  return section;
}

function sequences(r: ProfileResult): HTMLElement | null {
  if (r.sequences.length === 0) return null;
  const states = new Map(r.addresses.map((a) => [a.address, a.state]));
  const list = el('ol', { class: 'sequences' });
  for (const s of r.sequences.slice(0, MAX_SEQUENCES)) {
    const steps: Child[] = [];
    s.attempts.forEach((a, i) => {
      if (i > 0) steps.push(el('span', { class: 'arrow', 'aria-hidden': 'true' }, '→'));
      steps.push(el('span', { class: `step state-is-${states.get(a) ?? 'up'}` }, a));
    });
    if (s.attempts.length === 0) steps.push(el('span', { class: 'step none' }, 'no attempt'));
    steps.push(el('span', { class: 'arrow', 'aria-hidden': 'true' }, '⇒'));
    steps.push(el('span', { class: `end end-${s.result}` }, s.result));
    const path = s.attempts.length > 0 ? s.attempts.join(', then ') : 'no attempt';
    list.appendChild(
      el(
        'li',
        { class: 'sequence', 'aria-label': `${formatShare(s.probability)}: ${path}; ${s.result}` },
        el('span', { class: 'prob' }, formatShare(s.probability)),
        el('span', { class: 'steps' }, ...steps),
      ),
    );
  }
  const more = r.sequences.length > MAX_SEQUENCES ? `, ${MAX_SEQUENCES} of ${r.sequences.length}` : '';
  return el(
    'section',
    { class: 'card', 'aria-labelledby': 'h-seq' },
    el('h2', { id: 'h-seq' }, `Likeliest attempt sequences${more}`),
    list,
  );
}

/** The most common value of a row, to mark the cells that differ from it. */
function majority(values: readonly number[]): number {
  let best = values[0] ?? 0;
  let bestCount = 0;
  for (const v of values) {
    const n = values.filter((w) => Math.abs(w - v) < 5e-4).length;
    if (n > bestCount) [best, bestCount] = [v, n];
  }
  return best;
}

function matrix(view: PreviewView): HTMLElement {
  const results = view.results;
  const addresses: string[] = [];
  for (const r of results) for (const a of r.addresses) if (!addresses.includes(a.address)) addresses.push(a.address);
  const head = el(
    'tr',
    {},
    el('th', { scope: 'col' }, 'Address'),
    ...results.map((r) =>
      el(
        'th',
        { scope: 'col', class: r.profile === view.options.profile ? 'current' : undefined },
        PROFILE_LABELS[r.profile],
      ),
    ),
  );
  const body = el('tbody', {});
  for (const address of addresses) {
    const cells = results.map((r) => r.addresses.find((a) => a.address === address));
    const firstMajor = majority(cells.map((c) => c?.firstAttempt ?? 0));
    const delivMajor = majority(cells.map((c) => c?.delivered ?? 0));
    body.appendChild(
      el(
        'tr',
        {},
        el('th', { scope: 'row', class: 'mono' }, address),
        ...cells.map((c, i) => {
          if (c === undefined) return el('td', { class: 'unused', title: 'Not used by this sender' }, '—');
          const differs = Math.abs(c.firstAttempt - firstMajor) >= 5e-4 || Math.abs(c.delivered - delivMajor) >= 5e-4;
          return el(
            'td',
            {
              class: differs ? 'differs' : undefined,
              'data-profile': results[i].profile,
              'data-address': address,
              title: differs ? 'Differs from most senders' : undefined,
            },
            el(
              'span',
              { class: 'cell-line' },
              el('span', { class: 'track mini' }, fill('fill fill-first', c.firstAttempt)),
              el('span', { class: 'num' }, formatShare(c.firstAttempt)),
            ),
            el(
              'span',
              { class: 'cell-line' },
              el('span', { class: 'track mini' }, fill('fill fill-delivered', c.delivered)),
              el('span', { class: 'num' }, formatShare(c.delivered)),
            ),
            differs ? el('span', { class: 'sr-only' }, ' (differs from most senders)') : null,
          );
        }),
      ),
    );
  }
  const foot = el('tfoot', {});
  for (const k of ['delivered', 'deferred', 'bounced'] as const) {
    const major = majority(results.map((r) => r.outcome[k]));
    foot.appendChild(
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, k),
        ...results.map((r) => {
          const differs = Math.abs(r.outcome[k] - major) >= 5e-4;
          return el('td', { class: differs ? 'differs' : undefined }, formatShare(r.outcome[k]));
        }),
      ),
    );
  }
  foot.appendChild(
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, 'attempts'),
      ...results.map((r) => el('td', {}, String(Math.round(r.expectedAttempts * 100) / 100))),
    ),
  );
  return el(
    'section',
    { class: 'card compare', 'aria-labelledby': 'h-compare' },
    el('h2', { id: 'h-compare' }, 'Every sender side by side'),
    el(
      'p',
      { class: 'hint' },
      'Per address: first attempts (upper bar) and deliveries (lower bar). Marked cells differ from most senders.',
    ),
    el(
      'div',
      { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': 'Address by profile matrix', 'data-key': 'matrix' },
      el('table', { class: 'matrix' }, el('thead', {}, head), body, foot),
    ),
  );
}

/** The whole panel body for a view. */
export function renderView(view: PreviewView, send: Send): HTMLElement {
  groupCounter = 0;
  const root = el('div', { class: 'view' });
  root.appendChild(
    el(
      'header',
      {},
      el('h1', {}, 'MX failover preview ', el('span', { class: 'doc' }, view.documentName)),
      controls(view, send),
    ),
  );
  const r: ProfileResult | undefined = view.results.find((x) => x.profile === view.options.profile) ?? view.results[0];
  if (view.domain === null || r === undefined) {
    root.appendChild(
      el(
        'p',
        { class: 'empty' },
        view.domain === null
          ? 'This zone has no MX record and no address at its apex: no domain of it receives mail.'
          : 'The language server has nothing to simulate for this domain.',
      ),
    );
    return root;
  }
  root.appendChild(outcome(r));
  root.appendChild(tiers(view, r, send));
  const seq = sequences(r);
  if (seq) root.appendChild(seq);
  if (view.options.compare) root.appendChild(matrix(view));
  return root;
}
