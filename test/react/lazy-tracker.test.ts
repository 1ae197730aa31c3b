import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../packages/core/src/index.js';
import { lazyTracker } from '../../packages/talent-beacon/src/react/lazy-tracker.js';
import { fakeTracker } from '../linking/fake-tracker.js';

const JOB = 'projects/p/tenants/t/jobs/1';

/** Timers run by hand: `tick()` fires what is due, so "within the same tick" is explicit. */
function manualTimers() {
  const due = new Map<number, () => void>();
  let n = 0;
  return {
    setTimeout: (callback: () => void) => (due.set(++n, callback), n),
    clearTimeout: (handle: unknown) => void due.delete(handle as number),
    tick() {
      const now = [...due.values()];
      due.clear();
      for (const f of now) f();
    },
  };
}

describe('lazyTracker', () => {
  it('hands out a stand-in with every method of a tracker and creates nothing until used or mounted', () => {
    let made = 0;
    const lazy = lazyTracker(
      () => (made++, fakeTracker()),
      () => {},
    );
    expect(Object.keys(lazy.tracker).sort()).toEqual([
      'chain',
      'destroy',
      'flush',
      'impression',
      'setConsent',
      'track',
      'view',
    ]);
    expect(made).toBe(0);
  });

  it('a release followed by a mount in the same tick (StrictMode) keeps the one tracker', () => {
    const made: Array<ReturnType<typeof fakeTracker>> = [];
    const timers = manualTimers();
    const lazy = lazyTracker(
      () => (made.push(fakeTracker()), made.at(-1)!),
      () => {},
      timers,
    );
    const release = lazy.mount();
    release();
    lazy.mount();
    timers.tick();
    lazy.tracker.impression({ requestId: 'R', jobs: [JOB] });
    expect(made).toHaveLength(1);
    expect(made[0]!.calls).toEqual(['impression']);
  });

  it('a release with no mount after it destroys the tracker; a later mount creates a new one', () => {
    const made: Array<ReturnType<typeof fakeTracker>> = [];
    const timers = manualTimers();
    const lazy = lazyTracker(
      () => (made.push(fakeTracker()), made.at(-1)!),
      () => {},
      timers,
    );
    lazy.mount()();
    timers.tick();
    expect(made[0]!.calls).toEqual(['destroy']);
    lazy.mount(); // e.g. <Activity> showing the tree again
    expect(made).toHaveLength(2);
  });

  it('reports a creation error from mount and throws it from event methods (the hooks report those)', () => {
    const errors: Error[] = [];
    const lazy = lazyTracker(
      () => {
        throw new ConfigError('INVALID_OPTION', 'endpoint', 'endpoint: must be a string');
      },
      (e) => errors.push(e),
      manualTimers(),
    );
    expect(() => lazy.mount()).not.toThrow();
    expect(errors.map((e) => (e as ConfigError).option)).toEqual(['endpoint']);
    expect(() => lazy.tracker.view({ job: JOB, requestId: 'R' })).toThrow(ConfigError);
  });
});
