/** The client's restart policy for a language server that stops on its own (client/src/restartPolicy.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_RESTART_LIMITS, RestartPolicy } from '../../client/src/restartPolicy';

const MINUTE = 60_000;

/** A policy on a clock the test moves by hand. */
function policy(limits = DEFAULT_RESTART_LIMITS): { p: RestartPolicy; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { p: new RestartPolicy(limits, () => t), advance: (ms) => (t += ms) };
}

describe('restart policy', () => {
  it('defaults: at most 4 restarts in 3 minutes', () => {
    assert.deepEqual(DEFAULT_RESTART_LIMITS, { maxRestarts: 4, windowMs: 3 * MINUTE });
  });

  it('restarts and tells the user once, then restarts quietly up to the limit', () => {
    const { p, advance } = policy();
    assert.deepEqual(p.stopped(), { restart: true, notify: 'restarted', recent: 1 });
    advance(10_000);
    assert.deepEqual(p.stopped(), { restart: true, notify: undefined, recent: 2 });
    advance(10_000);
    assert.deepEqual(p.stopped(), { restart: true, notify: undefined, recent: 3 });
    advance(10_000);
    assert.deepEqual(p.stopped(), { restart: true, notify: undefined, recent: 4 });
  });

  it('the fifth stop within the window: no restart, the user is told it stays down, once', () => {
    const { p, advance } = policy();
    for (let i = 0; i < 4; i++) {
      assert.equal(p.stopped().restart, true);
      advance(30_000);
    }
    assert.deepEqual(p.stopped(), { restart: false, notify: 'gave-up', recent: 4 });
    // Having given up, it stays down and quiet, even once the window has passed.
    advance(10 * MINUTE);
    assert.deepEqual(p.stopped(), { restart: false, recent: 0 });
  });

  it('the window slides: stops older than 3 minutes no longer count', () => {
    const { p, advance } = policy();
    for (let i = 0; i < 4; i++) {
      assert.equal(p.stopped().restart, true);
      advance(50_000);
    }
    // Now at 200 s: the first stop (at 0) is out of the window; those at 50, 100 and 150 s are in.
    const d = p.stopped();
    assert.equal(d.restart, true);
    assert.equal(d.recent, 4);
    assert.equal(d.notify, undefined, 'told once already');
    advance(1_000);
    assert.equal(p.stopped().notify, 'gave-up', 'at 201 s, the stops at 50, 100, 150 and 200 s are within 3 minutes');
  });

  it('a stop exactly one window after another does not count it', () => {
    const { p, advance } = policy({ maxRestarts: 1, windowMs: MINUTE });
    assert.equal(p.stopped().restart, true);
    advance(MINUTE - 1);
    assert.equal(p.stopped().restart, false);
    const { p: q, advance: move } = policy({ maxRestarts: 1, windowMs: MINUTE });
    assert.equal(q.stopped().restart, true);
    move(MINUTE);
    assert.equal(q.stopped().restart, true);
  });

  it('a restart by hand starts afresh: restarts allowed and the user told again', () => {
    const { p } = policy();
    for (let i = 0; i < 4; i++) p.stopped();
    assert.equal(p.stopped().notify, 'gave-up');
    p.reset();
    assert.deepEqual(p.stopped(), { restart: true, notify: 'restarted', recent: 1 });
  });
});
