import { withFlushLock } from './flush-lock.js';
import { MAX_RETRY_DELAY, retryDelay } from './retry-delay.js';
import type { ResolvedEnv } from './tracker-env.js';

/** When the delivery runs: one timer, the queue-wide backoff, one run at a time. */
export interface Scheduler {
  /** Runs in `ms`, not before the backoff ends; an earlier wake-up already set stays. */
  wake: (ms: number) => void;
  /** Runs now, past the backoff (after the run under way, if any). Never rejects. */
  force: () => Promise<void>;
  /**
   * The transport failed (no answer, or not the §5 reply): no timer runs for a growing delay, or
   * for the server's `Retry-After`. Returns the delay in ms.
   */
  fail: (retryAfter?: string | null) => number;
  /** The transport works (a reply came, or the page is back online): the backoff is over. */
  ok: () => void;
  /**
   * The page goes into the back/forward cache or is frozen: nothing may run until
   * {@link Scheduler.resume}. The timer is cleared (its time kept), the flush lock of the run
   * under way is released, and that run stops at its next step (`current()` turns false).
   */
  suspend: () => void;
  /** The page is back: the timer is set again for the time it had, a flush asked meanwhile runs. */
  resume: () => void;
  /** No more timers; resolves once the run under way has ended. */
  stop: () => Promise<void>;
}

// The scheduler's phases (see createScheduler).
const ACTIVE = 0;
const SUSPENDED = 1;
const STOPPED = 2;

/** What {@link createScheduler} runs and how. */
export interface SchedulerConfig {
  /**
   * One delivery run; `forced` when flush() asked for it. Runs under the tabs' flush lock while
   * `current()` is true: once it is false (the page was suspended, the lock is gone) the run
   * takes no further step (it may finish the one under way).
   */
  run(forced: boolean, current: () => boolean): Promise<unknown>;
  /** The Web Locks name shared by the tabs of one queue. */
  lock: string;
  /** The first backoff delay (the tracker's `retryDelay` option). */
  base: number;
  /** Where a run that threw is reported. */
  report(message: string): void;
}

/**
 * The delivery's clock work, as a small state machine: idle, waiting for a timer, running, or
 * running with one more run queued behind (a forced one if flush() asked while a run was under
 * way). Runs never overlap in a tab, and the Web Lock keeps them from overlapping across tabs;
 * a tab that finds the lock taken tries again after `base` ms.
 *
 * Its phase says whether anything may start: `active`; `suspended` while the page sits in the
 * back/forward cache or is frozen (a timer that fires, or a lock request granted, would run
 * JavaScript there, and Chromium evicts a cached page for that: `JavaScriptExecution`); or
 * `stopped` (destroy(): no timers, a flush still runs). Suspended, it keeps what it was asked
 * (the timer's time, a flush) and does it at resume; the run under way gives the lock back at
 * once, so that the next page (of the same origin, sharing the queue) can flush meanwhile.
 *
 * The backoff here is the queue-wide one, for transport failures only: an event the proxy
 * answered `retry` waits on its own (see the event table), the others keep going.
 *
 * @example
 * const scheduler = createScheduler(env, { run: (forced) => send(forced), lock: 'talent-beacon', base: 1000, report });
 * scheduler.wake(5000);
 */
export function createScheduler(env: ResolvedEnv, config: SchedulerConfig): Scheduler {
  const now = env.now;
  // undefined: no timer; null: one due while suspended, set at resume.
  let timer: unknown;
  let due = 0;
  let until = 0;
  let attempt = 0;
  let phase = ACTIVE;
  // Suspensions so far: a run begun before the last one is no longer current.
  let turn = 0;
  // Gives the flush lock of the run under way back, before the run ends.
  let release = (_?: unknown) => {};
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  let forced = false;

  const wake = (ms: number) => {
    if (phase == STOPPED || !env.setTimeout) return;
    // A backoff never ends more than MAX_RETRY_DELAY from now: one that does was set before
    // the clock went back, and ends that long from now instead of after the jump.
    until = Math.min(until, now() + MAX_RETRY_DELAY);
    const at = Math.max(now() + ms, until);
    // Keep a timer that fires sooner, unless it would fire inside the backoff.
    if (timer !== undefined && due <= at && due >= until) return;
    env.clearTimeout?.(timer);
    due = at;
    timer =
      phase == ACTIVE
        ? env.setTimeout(() => {
            timer = undefined;
            void start(false); // never rejects
          }, at - now())
        : null;
  };

  const start = (force: boolean): Promise<void> => {
    forced ||= force;
    if (phase == SUSPENDED) return Promise.resolve(); // resume() starts it
    if (running) {
      queued ??= running.then(() => {
        queued = undefined;
        return start(false);
      });
      return queued;
    }
    // A timer's run during the backoff waits for its end: Retry-After is the server's request,
    // not a hint. Only flush() (the page's, or the hidden page's) goes ahead of it.
    if (!forced && now() < until) {
      wake(0);
      return Promise.resolve();
    }
    const isForced = forced;
    const mine = turn;
    forced = false;
    // The lock is held until the run ends or the page is suspended, whichever comes first.
    const task = () =>
      new Promise((resolve, reject) => {
        release = resolve;
        config.run(isForced, () => turn == mine).then(resolve, reject);
      });
    running = withFlushLock(env.locks, config.lock, task)
      .then(
        (ran) => {
          if (!ran) wake(config.base); // another tab is sending: look again later
        },
        (error) => config.report(String(error)),
      )
      .then(() => {
        running = undefined;
      });
    return running;
  };

  return {
    wake,
    force: () => start(true),
    fail(retryAfter) {
      const delay = retryDelay(attempt++, config.base, env.random, retryAfter, now());
      until = now() + delay;
      wake(0);
      return delay;
    },
    ok() {
      attempt = 0;
      until = 0;
    },
    suspend() {
      if (phase != ACTIVE) return;
      phase = SUSPENDED;
      turn++;
      release();
      if (timer !== undefined) {
        env.clearTimeout?.(timer);
        timer = null;
      }
    },
    resume() {
      if (phase != SUSPENDED) return;
      phase = ACTIVE;
      if (timer === null) {
        timer = undefined;
        wake(due - now());
      }
      if (forced) void start(true);
    },
    stop() {
      phase = STOPPED;
      env.clearTimeout?.(timer);
      return Promise.resolve(running);
    },
  };
}
