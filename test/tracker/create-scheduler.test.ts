import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createScheduler } from '../../src/browser/tracker/scheduler.js';
import { testEnv } from './helpers.js';

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => vi.useRealTimers());

function setup(run: (forced: boolean) => Promise<unknown> = async () => undefined) {
  const runs: Array<{ at: number; forced: boolean }> = [];
  const start = Date.now();
  const env = testEnv();
  const scheduler = createScheduler(env, {
    run: (forced) => (runs.push({ at: Date.now() - start, forced }), run(forced)),
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
    const { scheduler, runs } = setup((forced) => (forced ? Promise.resolve() : new Promise<void>((r) => (release = r))));
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
});
