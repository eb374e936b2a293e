/**
 * The messages between the failover-preview host (client/src/preview/panel.ts)
 * and its webview (client/webview/), defined once and imported by both. Each
 * direction is a discriminated union on `type`; neither side trusts what
 * arrives: `parseWebviewMessage`, `parseHostMessage` and `parsePersistedState`
 * check every field at run time and return `undefined` for anything else.
 *
 * This module runs in the browser too: it imports types only, nothing from
 * `vscode` or Node.
 */
import type { AddressState, ProfileId, RrsetOrder, SimulateResponse } from '../../../server/src/protocol';

export type { AddressState, ProfileId, RrsetOrder };

/** The `viewType` of the panel; also the `onWebviewPanel:` activation event's suffix. */
export const VIEW_TYPE = 'zonelens.failoverPreview';

/** The sender profiles in the order of the core's `PROFILES` (a unit test holds them together). */
export const PROFILE_IDS: readonly ProfileId[] = ['rfc5321', 'postfix', 'exim', 'sendmail', 'qmail', 'first-mx'];

/** How the panel names each profile. */
export const PROFILE_LABELS: Readonly<Record<ProfileId, string>> = {
  rfc5321: 'RFC 5321',
  postfix: 'Postfix',
  exim: 'Exim',
  sendmail: 'Sendmail',
  qmail: 'qmail',
  'first-mx': 'first MX only',
};

/** Every state an address can be put in, in the order the state controls show them. */
export const ADDRESS_STATES: readonly AddressState[] = ['up', 'down', 'tempfail', 'reject'];

/** The accessible name of each state's radio button (the visible text is the part the user sees first). */
export const STATE_LABELS: Readonly<Record<AddressState, string>> = {
  up: 'up',
  down: 'down',
  tempfail: 'temp-fail 4xx',
  reject: 'reject 5xx',
};

/** What the user chose in the panel: the inputs of every simulation it runs. */
export interface PreviewOptions {
  /** The profile drawn in detail. */
  profile: ProfileId;
  /** Also draw the address × profile matrix. */
  compare: boolean;
  rrsetOrder: RrsetOrder;
  senderIpv6: boolean;
  /** States by address (or host name); an address not listed is up. */
  states: Record<string, AddressState>;
}

/** The options a new panel starts with. */
export function defaultOptions(profile: ProfileId = 'rfc5321'): PreviewOptions {
  return { profile, compare: false, rrsetOrder: 'zone', senderIpv6: true, states: {} };
}

/** One profile's simulation as the webview draws it: the server's answer without editor locations. */
export type ProfileResult = Omit<SimulateResponse, 'locations'>;

/** A mail domain of the document, for the domain picker. */
export interface DomainChoice {
  domain: string;
  mode: 'mx' | 'implicit' | 'null-mx';
}

/** Everything the webview draws, sent whole on every change. */
export interface PreviewView {
  /** The zone document the panel follows. */
  documentUri: string;
  /** Its file name, for the heading. */
  documentName: string;
  domains: DomainChoice[];
  /** The domain simulated; null when the document has no mail domain. */
  domain: string | null;
  options: PreviewOptions;
  /** One result per profile, in `PROFILE_IDS` order; empty when `domain` is null. */
  results: ProfileResult[];
  /** Plain-language lines ("With mail1 down, every sender reaches 192.0.2.2."). */
  summary: string[];
}

/** Host → webview. */
export type HostMessage =
  | { type: 'view'; view: PreviewView }
  /** Something to say instead of (or while waiting for) a view: no zone open, the server failed. */
  | { type: 'status'; text: string };

/** Webview → host. */
export type WebviewMessage =
  /** The script has loaded and listens: send the view. */
  | { type: 'ready' }
  | { type: 'selectDomain'; domain: string }
  /** A patch of address (or host) states; `up` removes the entry. */
  | { type: 'setStates'; states: Record<string, AddressState> }
  /** Every address back to up. */
  | { type: 'resetStates' }
  | { type: 'setProfile'; profile: ProfileId }
  | { type: 'setCompare'; compare: boolean }
  | { type: 'setRrsetOrder'; rrsetOrder: RrsetOrder }
  | { type: 'setSenderIpv6'; senderIpv6: boolean }
  /** Show the record of a host (its MX record) or of one of its addresses (the A/AAAA record) in the editor. */
  | { type: 'reveal'; host: string; address?: string };

/** What the webview keeps through `setState`, so that the serializer can restore the panel after a reload. */
export interface PersistedState {
  version: 1;
  documentUri: string;
  domain: string | null;
  options: PreviewOptions;
  /** The last view, drawn at once while the host computes a fresh one. */
  view?: PreviewView;
}

// ---------------------------------------------------------------------------
// Run-time checks. Each guard looks at every field the reader will touch, so
// that a message that passes cannot make the drawing code throw.

type Obj = Record<string, unknown>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
function isStr(x: unknown): x is string {
  return typeof x === 'string';
}
function isNum(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}
function isBool(x: unknown): x is boolean {
  return typeof x === 'boolean';
}
function isShare(x: unknown): x is number {
  return isNum(x) && x >= 0 && x <= 1 + 1e-9;
}
function arrayOf<T>(x: unknown, item: (y: unknown) => y is T): x is T[] {
  return Array.isArray(x) && x.every(item);
}
function isStrArray(x: unknown): x is string[] {
  return arrayOf(x, isStr);
}

/** True when `x` names a sender profile. */
export function isProfile(x: unknown): x is ProfileId {
  return isStr(x) && (PROFILE_IDS as readonly string[]).includes(x);
}
/** True when `x` is an address state. */
export function isAddressState(x: unknown): x is AddressState {
  return isStr(x) && (ADDRESS_STATES as readonly string[]).includes(x);
}
function isRrsetOrder(x: unknown): x is RrsetOrder {
  return x === 'zone' || x === 'rotated';
}
function isOutcome(x: unknown): x is 'delivered' | 'deferred' | 'bounced' {
  return x === 'delivered' || x === 'deferred' || x === 'bounced';
}

/** A plain object of states; keys like `__proto__` are refused so that the map stays a plain record. */
function isStates(x: unknown): x is Record<string, AddressState> {
  if (!isObj(x) || Object.getPrototypeOf(x) !== Object.prototype) return false;
  return Object.entries(x).every(([k, v]) => k.length > 0 && k !== '__proto__' && isAddressState(v));
}

function isOptions(x: unknown): x is PreviewOptions {
  return (
    isObj(x) &&
    isProfile(x.profile) &&
    isBool(x.compare) &&
    isRrsetOrder(x.rrsetOrder) &&
    isBool(x.senderIpv6) &&
    isStates(x.states)
  );
}

function isHost(x: unknown): boolean {
  return isObj(x) && isStr(x.name) && isStr(x.status) && isStrArray(x.addresses);
}
function isTier(x: unknown): boolean {
  return isObj(x) && isNum(x.preference) && Array.isArray(x.hosts) && x.hosts.every(isHost);
}
function isAddressShare(x: unknown): boolean {
  return (
    isObj(x) &&
    isStr(x.address) &&
    isStrArray(x.hosts) &&
    isAddressState(x.state) &&
    isShare(x.firstAttempt) &&
    isShare(x.tried) &&
    isShare(x.delivered)
  );
}
function isSequence(x: unknown): boolean {
  return isObj(x) && isStrArray(x.attempts) && isShare(x.probability) && isOutcome(x.result);
}

/** True when `x` has the shape of a simulation result (as the server sends it, locations aside). */
export function isProfileResult(x: unknown): x is ProfileResult {
  if (!isObj(x)) return false;
  const o = x.outcome;
  return (
    isStr(x.domain) &&
    isProfile(x.profile) &&
    isStr(x.mode) &&
    isBool(x.exact) &&
    Array.isArray(x.tiers) &&
    x.tiers.every(isTier) &&
    Array.isArray(x.addresses) &&
    x.addresses.every(isAddressShare) &&
    isObj(o) &&
    isShare(o.delivered) &&
    isShare(o.deferred) &&
    isShare(o.bounced) &&
    isNum(x.expectedAttempts) &&
    Array.isArray(x.sequences) &&
    x.sequences.every(isSequence)
  );
}

function isDomainChoice(x: unknown): x is DomainChoice {
  return isObj(x) && isStr(x.domain) && (x.mode === 'mx' || x.mode === 'implicit' || x.mode === 'null-mx');
}

function isView(x: unknown): x is PreviewView {
  return (
    isObj(x) &&
    isStr(x.documentUri) &&
    isStr(x.documentName) &&
    arrayOf(x.domains, isDomainChoice) &&
    (x.domain === null || isStr(x.domain)) &&
    isOptions(x.options) &&
    arrayOf(x.results, isProfileResult) &&
    isStrArray(x.summary)
  );
}

/** A message from the webview, or undefined when it is not one (wrong type, missing or ill-typed field). */
export function parseWebviewMessage(x: unknown): WebviewMessage | undefined {
  if (!isObj(x)) return undefined;
  switch (x.type) {
    case 'ready':
    case 'resetStates':
      return { type: x.type };
    case 'selectDomain':
      return isStr(x.domain) && x.domain.length > 0 ? { type: 'selectDomain', domain: x.domain } : undefined;
    case 'setStates':
      return isStates(x.states) ? { type: 'setStates', states: { ...x.states } } : undefined;
    case 'setProfile':
      return isProfile(x.profile) ? { type: 'setProfile', profile: x.profile } : undefined;
    case 'setCompare':
      return isBool(x.compare) ? { type: 'setCompare', compare: x.compare } : undefined;
    case 'setRrsetOrder':
      return isRrsetOrder(x.rrsetOrder) ? { type: 'setRrsetOrder', rrsetOrder: x.rrsetOrder } : undefined;
    case 'setSenderIpv6':
      return isBool(x.senderIpv6) ? { type: 'setSenderIpv6', senderIpv6: x.senderIpv6 } : undefined;
    case 'reveal':
      if (!isStr(x.host) || x.host.length === 0) return undefined;
      if (x.address === undefined) return { type: 'reveal', host: x.host };
      return isStr(x.address) ? { type: 'reveal', host: x.host, address: x.address } : undefined;
    default:
      return undefined;
  }
}

/** A message from the host, or undefined when it is not one. */
export function parseHostMessage(x: unknown): HostMessage | undefined {
  if (!isObj(x)) return undefined;
  if (x.type === 'view' && isView(x.view)) return { type: 'view', view: x.view };
  if (x.type === 'status' && isStr(x.text)) return { type: 'status', text: x.text };
  return undefined;
}

/** The webview's saved state, or undefined when it is missing or not ours (older version, damaged). */
export function parsePersistedState(x: unknown): PersistedState | undefined {
  if (!isObj(x) || x.version !== 1 || !isStr(x.documentUri) || !isOptions(x.options)) return undefined;
  if (x.domain !== null && !isStr(x.domain)) return undefined;
  const state: PersistedState = { version: 1, documentUri: x.documentUri, domain: x.domain, options: x.options };
  if (isView(x.view)) state.view = x.view;
  return state;
}

/** A share as the panel prints it: one decimal, no trailing `.0` (0.5 → `50%`, 1/3 → `33.3%`). */
export function formatShare(p: number): string {
  return `${Math.round(p * 1000) / 10}%`;
}
