/**
 * The failover preview's host-side logic without `vscode`: it validates what
 * the webview sends, keeps the user's choices, asks the language server for
 * one simulation per profile, and posts the view to draw. `panel.ts` gives it
 * a backend (the LanguageClient) and a sink (the webview and the editor); the
 * unit tests give it fakes.
 */
import type { Location } from 'vscode-languageserver-protocol';
import type { MailDomainInfo, SimulateParams, SimulateResponse } from '../../../server/src/protocol';
import {
  PROFILE_IDS,
  defaultOptions,
  parseWebviewMessage,
  type HostMessage,
  type PersistedState,
  type PreviewOptions,
  type PreviewView,
  type ProfileResult,
  type WebviewMessage,
} from './protocol';
import { commonSuffix, summaryLines } from './summary';

/** Where the simulations come from: the language server's custom requests. */
export interface PreviewBackend {
  mailDomains(uri: string): Promise<MailDomainInfo[]>;
  simulate(params: SimulateParams): Promise<SimulateResponse | null>;
}

/** Where the results go. */
export interface PreviewSink {
  /** Posts a message to the webview. */
  post(message: HostMessage): void;
  /** Shows a record in the editor. */
  reveal(location: Location): void;
}

/** The zone document the panel follows. */
export interface PreviewDocument {
  uri: string;
  /** Shown in the panel's heading (the file name). */
  name: string;
  /** The cursor's line, to preselect the mail domain under it. */
  cursorLine?: number;
}

/** How a controller starts: the document, and optionally a domain and options (a command's argument, a restored state). */
export interface PreviewInit {
  document: PreviewDocument;
  domain?: string | null;
  options?: PreviewOptions;
  /** Delay between a document edit and the re-simulation (default 250 ms). */
  debounceMs?: number;
}

/** The host-side state machine of one failover-preview panel. */
export class PreviewController {
  private document: PreviewDocument;
  private domain: string | null;
  private options: PreviewOptions;
  private readonly debounceMs: number;
  /** The last results with their editor locations, for `reveal`. */
  private responses: SimulateResponse[] = [];
  /** The domain picker's list as last posted. */
  private lastDomains: PreviewView['domains'] = [];
  // Every refresh takes a number; a response that comes back after a newer refresh started is dropped.
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly backend: PreviewBackend,
    private readonly sink: PreviewSink,
    init: PreviewInit,
  ) {
    this.document = init.document;
    this.domain = init.domain ?? null;
    this.options = init.options ? cloneOptions(init.options) : defaultOptions();
    this.debounceMs = init.debounceMs ?? 250;
  }

  /** The document followed now. */
  get documentUri(): string {
    return this.document.uri;
  }

  /** What the webview saves so that the serializer can restore this panel. */
  persisted(): PersistedState {
    return { version: 1, documentUri: this.document.uri, domain: this.domain, options: cloneOptions(this.options) };
  }

  /**
   * Handles one message from the webview. Returns false (and does nothing)
   * when the message is not a valid `WebviewMessage`; returns the promise of
   * the refresh it started otherwise, so that callers and tests can wait.
   */
  handleMessage(raw: unknown): false | Promise<void> {
    const message = parseWebviewMessage(raw);
    if (message === undefined) return false;
    return this.apply(message);
  }

  private apply(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        return this.refresh();
      case 'selectDomain':
        this.domain = m.domain;
        // States name addresses of the old domain's hosts; they mean nothing for another domain.
        this.options.states = {};
        return this.refresh();
      case 'setStates':
        for (const [key, state] of Object.entries(m.states)) {
          if (state === 'up') delete this.options.states[key];
          else this.options.states[key] = state;
        }
        return this.refresh();
      case 'resetStates':
        this.options.states = {};
        return this.refresh();
      case 'setProfile':
        this.options.profile = m.profile;
        // Every profile is simulated on each refresh; a new pick only changes what is drawn in detail.
        return this.repost();
      case 'setCompare':
        this.options.compare = m.compare;
        return this.repost();
      case 'setRrsetOrder':
        this.options.rrsetOrder = m.rrsetOrder;
        return this.refresh();
      case 'setSenderIpv6':
        this.options.senderIpv6 = m.senderIpv6;
        return this.refresh();
      case 'reveal': {
        const location = this.locate(m.host, m.address);
        if (location !== undefined) this.sink.reveal(location);
        return Promise.resolve();
      }
    }
  }

  /** Follows another document (the user switched to another zone file). */
  setDocument(document: PreviewDocument): Promise<void> {
    if (document.uri !== this.document.uri) {
      this.domain = null;
      this.options.states = {};
    }
    this.document = document;
    return this.refresh();
  }

  /** The followed document changed: re-simulate once the edits pause. */
  documentChanged(): void {
    if (this.disposed) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, this.debounceMs);
  }

  /** Stops pending work; later responses are ignored. */
  dispose(): void {
    this.disposed = true;
    this.generation++;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Asks for the mail domains and one simulation per profile, then posts the view. Never rejects. */
  async refresh(): Promise<void> {
    if (this.disposed) return;
    const generation = ++this.generation;
    try {
      const uri = this.document.uri;
      const domains = await this.backend.mailDomains(uri);
      if (generation !== this.generation) return;
      this.domain = pickDomain(domains, this.domain, this.document.cursorLine);
      const domain = this.domain;
      let responses: SimulateResponse[] = [];
      if (domain !== null) {
        const answers = await Promise.all(
          PROFILE_IDS.map((profile) => this.backend.simulate(this.params(domain, profile))),
        );
        if (generation !== this.generation) return;
        responses = answers.filter((r): r is SimulateResponse => r !== null);
      }
      this.responses = responses;
      this.post({
        type: 'view',
        view: this.view(
          domains.map((d) => ({ domain: d.domain, mode: d.mode })),
          responses.map(withoutLocations),
        ),
      });
    } catch (err) {
      if (generation !== this.generation) return;
      this.post({ type: 'status', text: `The simulation failed: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  /** The parameters of the `zonelens/simulate` request for one profile. */
  params(domain: string, profile: PreviewOptions['profile']): SimulateParams {
    return {
      textDocument: { uri: this.document.uri },
      domain,
      profile,
      states: { ...this.options.states },
      rrsetOrder: this.options.rrsetOrder,
      senderIpv6: this.options.senderIpv6,
    };
  }

  private view(domains: PreviewView['domains'], results: ProfileResult[]): PreviewView {
    return {
      documentUri: this.document.uri,
      documentName: this.document.name,
      domains,
      domain: this.domain,
      options: cloneOptions(this.options),
      results,
      // Names read relative to the part all mail domains share (the zone, usually): "mail1", not "mail1.example.com".
      summary: summaryLines(
        results,
        commonSuffix([...domains.map((d) => d.domain), ...(this.domain ? [this.domain] : [])]),
      ),
    };
  }

  // Redraws with the results at hand (a display option changed).
  private repost(): Promise<void> {
    if (this.responses.length === 0) return this.refresh();
    this.post({
      type: 'view',
      view: this.view(this.lastDomains, this.responses.map(withoutLocations)),
    });
    return Promise.resolve();
  }

  private post(message: HostMessage): void {
    if (this.disposed) return;
    if (message.type === 'view') this.lastDomains = message.view.domains;
    this.sink.post(message);
  }

  /** The record of a host (its MX record, else its first address record) or of one of its addresses. */
  private locate(host: string, address: string | undefined): Location | undefined {
    const preferred = this.responses.find((r) => r.profile === this.options.profile);
    const order = preferred ? [preferred, ...this.responses.filter((r) => r !== preferred)] : this.responses;
    const key = host.toLowerCase();
    for (const r of order) {
      for (let i = 0; i < r.tiers.length; i++) {
        const hosts = r.tiers[i].hosts;
        for (let j = 0; j < hosts.length; j++) {
          if (hosts[j].name.toLowerCase() !== key) continue;
          const where = r.locations[i]?.[j];
          if (where === undefined) continue;
          if (address === undefined) return where.record ?? where.addresses[0];
          const k = hosts[j].addresses.indexOf(address);
          if (k >= 0 && where.addresses[k] !== undefined) return where.addresses[k];
        }
      }
    }
    return undefined;
  }
}

/** The domain to show: the one asked for if the document still has it, else the one under the cursor, else the first. */
export function pickDomain(
  domains: readonly MailDomainInfo[],
  wanted: string | null,
  cursorLine?: number,
): string | null {
  if (wanted !== null) {
    const w = wanted.toLowerCase();
    const found = domains.find((d) => d.domain.toLowerCase() === w || d.domain.toLowerCase() === w + '.');
    if (found) return found.domain;
  }
  if (cursorLine !== undefined) {
    const under = domains.find((d) =>
      d.locations.some((l) => l.range.start.line <= cursorLine && cursorLine <= l.range.end.line),
    );
    if (under) return under.domain;
  }
  return domains[0]?.domain ?? null;
}

function withoutLocations(r: SimulateResponse): ProfileResult {
  const { locations: _locations, ...rest } = r;
  return rest;
}

function cloneOptions(o: PreviewOptions): PreviewOptions {
  return { ...o, states: { ...o.states } };
}
