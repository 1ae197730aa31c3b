import { withFlushLock } from './flush-lock.js';
import { MAX_RETRY_DELAY, retryDelay } from './retry-delay.js';
import type { TrackerEnv } from './tracker-env.js';

/** When the delivery runs: one timer, the queue-wide backoff, one run at a time. */
export interface Scheduler {
  /** Runs in `ms`, not before the backoff ends; an earlier wake-up already set stays. */
  wake(ms: number): void;
  /** Runs now, past the backoff (after the run under way, if any). Never rejects. */
  force(): Promise<void>;
  /**
   * The transport failed (no answer, or not the §5 reply): no timer runs for a growing delay, or
   * for the server's `Retry-After`. Returns the delay in ms.
   */
  fail(retryAfter?: string | null): number;
  /** The transport works (a reply came, or the page is back online): the backoff is over. */
  ok(): void;
  /** No more timers; resolves once the run under way has ended. */
  stop(): Promise<void>;
}

/** What {@link createScheduler} runs and how. */
export interface SchedulerConfig {
  /** One delivery run; `forced` when flush() asked for it. Runs under the tabs' flush lock. */
  run(forced: boolean): Promise<unknown>;
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
 * The backoff here is the queue-wide one, for transport failures only: an event the proxy
 * answered `retry` waits on its own (see the event table), the others keep going.
 *
 * @example
 * const scheduler = createScheduler(env, { run: (forced) => send(forced), lock: 'talent-beacon', base: 1000, report });
 * scheduler.wake(5000);
 */
export function createScheduler(env: TrackerEnv, c: SchedulerConfig): Scheduler {
  const now = env.now!;
  let timer: unknown;
  let due = 0;
  let until = 0;
  let attempt = 0;
  let stopped = false;
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  let forced = false;

  const wake = (ms: number) => {
    if (stopped || !env.setTimeout) return;
    // A backoff never ends more than MAX_RETRY_DELAY from now: one that does was set before
    // the clock went back, and ends that long from now instead of after the jump.
    until = Math.min(until, now() + MAX_RETRY_DELAY);
    const at = Math.max(now() + ms, until);
    // Keep a timer that fires sooner, unless it would fire inside the backoff.
    if (timer !== undefined && due <= at && due >= until) return;
    env.clearTimeout?.(timer);
    due = at;
    timer = env.setTimeout(() => {
      timer = undefined;
      start(false);
    }, at - now());
  };

  const start = (force: boolean): Promise<void> => {
    forced ||= force;
    if (running) return (queued ??= running.then(() => ((queued = undefined), start(false))));
    // A timer's run during the backoff waits for its end: Retry-After is the server's request,
    // not a hint. Only flush() (the page's, or the hidden page's) goes ahead of it.
    if (!forced && now() < until) return (wake(0), Promise.resolve());
    const f = forced;
    forced = false;
    return (running = withFlushLock(env.locks, c.lock, () => c.run(f))
      .then(
        (ran) => ran || wake(c.base), // another tab is sending: look again later
        (error) => c.report(String(error)),
      )
      .then(() => void (running = undefined)));
  };

  return {
    wake,
    force: () => start(true),
    fail(retryAfter) {
      const delay = retryDelay(attempt++, c.base, env.random!, retryAfter, now());
      until = now() + delay;
      wake(0);
      return delay;
    },
    ok: () => void (attempt = until = 0),
    stop() {
      stopped = true;
      env.clearTimeout?.(timer);
      return Promise.resolve(running);
    },
  };
}
