import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createScheduler } from '../../packages/talent-beacon/src/tracker/scheduler.js';
import { testEnv } from './helpers.js';

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => vi.useRealTimers());

function setup(
  run: (forced: boolean, current: () => boolean) => Promise<unknown> = () => Promise.resolve(),
  locks?: LockManager,
) {
  const runs: Array<{ at: number; forced: boolean }> = [];
  const start = Date.now();
  const env = testEnv({ locks });
  const scheduler = createScheduler(env, {
    run: (forced, current) => (runs.push({ at: Date.now() - start, forced }), run(forced, current)),
    lock: 'l',
    base: 1000,
    report: () => {},
  });
  return { scheduler, runs };
}

describe('createScheduler', () => {
  it('keeps the sooner of two wake-ups', async () => {
    const { scheduler, runs } = setup();
    scheduler.wake(500);
    scheduler.wake(2000);
    scheduler.wake(100);
    await vi.advanceTimersByTimeAsync(3000);
    expect(runs).toEqual([{ at: 100, forced: false }]);
  });
  it('never overlaps runs: a force during a run runs once after it, forced', async () => {
    let release = () => {};
    const { scheduler, runs } = setup((forced) =>
      forced ? Promise.resolve() : new Promise<void>((r) => (release = r)),
    );
    scheduler.wake(0);
    await vi.advanceTimersByTimeAsync(0);
    const a = scheduler.force();
    const b = scheduler.force();
    expect(runs).toHaveLength(1);
    release();
    await Promise.all([a, b]);
    expect(runs.map((r) => r.forced)).toEqual([false, true]);
  });
  it('a failure holds timer runs back for the backoff, but not a forced run; ok() ends it', async () => {
    const { scheduler, runs } = setup();
    expect(scheduler.fail()).toBe(750); // random 0.5: 0.75 x base
    scheduler.wake(10);
    await vi.advanceTimersByTimeAsync(700);
    expect(runs).toEqual([]);
    await scheduler.force();
    expect(runs).toEqual([{ at: 700, forced: true }]);
    await vi.advanceTimersByTimeAsync(100);
    expect(runs.map((r) => r.at)).toEqual([700, 750]);
    expect(scheduler.fail('5')).toBe(5000); // at 800; Retry-After wins
    scheduler.ok();
    scheduler.wake(10);
    await vi.advanceTimersByTimeAsync(10);
    expect(runs.map((r) => r.at)).toEqual([700, 750, 810]);
  });
  it('stop() cancels the timer and waits for the run under way', async () => {
    const { scheduler, runs } = setup();
    scheduler.wake(100);
    await scheduler.stop();
    scheduler.wake(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toEqual([]);
  });
  it('suspended (back/forward cache, frozen), starts nothing; resumed, sets the timer for its time again and runs a flush asked meanwhile', async () => {
    const { scheduler, runs } = setup();
    scheduler.wake(1000);
    await vi.advanceTimersByTimeAsync(400);
    scheduler.suspend();
    expect(vi.getTimerCount()).toBe(0); // nothing left to fire in the cache
    scheduler.wake(0);
    await scheduler.force();
    await vi.advanceTimersByTimeAsync(2000);
    expect(runs).toEqual([]);
    scheduler.resume();
    await vi.advanceTimersByTimeAsync(0);
    // The flush, then the timer that came due in the cache.
    expect(runs).toEqual([
      { at: 2400, forced: true },
      { at: 2400, forced: false },
    ]);
    scheduler.suspend();
    vi.advanceTimersByTime(100);
    scheduler.wake(300); // due at 2800
    scheduler.resume();
    scheduler.resume(); // twice (resume, then pageshow): one timer
    await vi.advanceTimersByTimeAsync(299);
    expect(runs).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs.map((r) => r.at)).toEqual([2400, 2400, 2800]);
  });
  it('suspended during a run: gives the flush lock back at once, and the run is no longer current', async () => {
    const held: string[] = [];
    // A lock manager that grants at once and records when the lock is given back.
    const locks = {
      request: (name: string, _options: unknown, callback: (lock: unknown) => Promise<unknown>) => {
        held.push(name);
        return callback({ name }).finally(() => held.splice(held.indexOf(name), 1));
      },
    } as unknown as LockManager;
    const finish: Array<() => void> = [];
    let current = () => true;
    const { scheduler, runs } = setup((_, c) => ((current = c), new Promise<void>((r) => finish.push(r))), locks);
    scheduler.wake(0);
    await vi.advanceTimersByTimeAsync(0);
    expect([runs.length, held, current()]).toEqual([1, ['l'], true]);
    scheduler.suspend();
    await vi.advanceTimersByTimeAsync(0);
    expect([held, current()]).toEqual([[], false]);
    scheduler.resume();
    const next = scheduler.force(); // the next run, under the lock again, while the old one ends its step
    await vi.advanceTimersByTimeAsync(0);
    expect([runs.length, held, current()]).toEqual([2, ['l'], true]); // the new run's
    finish.forEach((f) => f());
    await next;
    expect(held).toEqual([]);
  });
});
