/**
 * When to restart a language server that stopped on its own, and when to tell
 * the user. Pure (the clock is passed in), so that unit tests can drive it;
 * `Ctx` applies its decisions to the LanguageClient.
 */

/** What to do after the server stopped unexpectedly. */
export interface RestartDecision {
  /** Start the server again. */
  restart: boolean;
  /**
   * What to tell the user: `restarted` the first time (once, not on every
   * crash), `gave-up` when the limit is reached and the server stays down;
   * undefined when there is nothing new to say.
   */
  notify?: 'restarted' | 'gave-up';
  /** Restarts within the window, this one included (for messages and the log). */
  recent: number;
}

/** The limits of a `RestartPolicy`. */
export interface RestartLimits {
  /** At most this many restarts within `windowMs` (default 4). */
  maxRestarts: number;
  /** The sliding window, in milliseconds (default 3 minutes). */
  windowMs: number;
}

/** At most 4 restarts in 3 minutes; the fifth stop in that time leaves the server down. */
export const DEFAULT_RESTART_LIMITS: RestartLimits = { maxRestarts: 4, windowMs: 3 * 60_000 };

/**
 * Counts unexpected stops in a sliding window: a server that keeps crashing
 * on the same file would otherwise restart forever and flood the user with
 * messages.
 */
export class RestartPolicy {
  private restarts: number[] = [];
  private told = false;
  private gaveUp = false;

  constructor(
    readonly limits: RestartLimits = DEFAULT_RESTART_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The server stopped without being asked to: restart it or not, and what to say. */
  stopped(): RestartDecision {
    const t = this.now();
    this.restarts = this.restarts.filter((at) => t - at < this.limits.windowMs);
    if (this.gaveUp) return { restart: false, recent: this.restarts.length };
    if (this.restarts.length >= this.limits.maxRestarts) {
      this.gaveUp = true;
      return { restart: false, notify: 'gave-up', recent: this.restarts.length };
    }
    this.restarts.push(t);
    const notify = this.told ? undefined : 'restarted';
    this.told = true;
    return { restart: true, notify, recent: this.restarts.length };
  }

  /** The user restarted the server by hand: start counting (and telling) afresh. */
  reset(): void {
    this.restarts = [];
    this.told = false;
    this.gaveUp = false;
  }
}
