import type { CloseReport } from './proxy-types.js';

/**
 * A time limit that a shutdown can move earlier: the line past which no batch of a closing proxy
 * starts or waits for anything. Runtime-neutral (no AbortSignal: a busy proxy would hang
 * hundreds of listeners on one signal, and Node warns past ten).
 */
export interface Cutoff {
  /** When it is, on the proxy's clock (Infinity while the proxy is not closing). */
  readonly at: number;
  /** Calls `fn` once when the cutoff comes (at once if it has); returns a function that unsubscribes. */
  onCut(fn: () => void): () => void;
}

/** The proxy's shutdown state: what is in flight, and the cutoff every batch runs under. */
export interface Drain extends Cutoff {
  /** True from the first close() on: new batches are turned away. */
  readonly draining: boolean;
  /** Counts a batch (admitted before the drain began) until it is answered. */
  batch<T>(work: () => Promise<T>): Promise<T>;
  /** Counts one event's work, its dedupe store writes included, until it settles. */
  work<T>(work: Promise<T>): Promise<T>;
  /** Starts the drain (or moves its deadline earlier); resolves once nothing is in flight, within `deadlineMs`. */
  close(deadlineMs: number): Promise<CloseReport>;
}

/**
 * The most of a drain's time kept for the dedupe store writes that record what the last
 * batches did (done-marks, releases): the batches are cut this long before the deadline (half
 * the deadline when it is under 2 s), so the writes still land before `close()` resolves and the
 * caller closes the store. One second is a Redis round trip with a wide margin (the CLI's
 * ioredis gives up on a command after 1 s).
 */
export const STORE_RESERVE_MS = 1000;

/**
 * Creates the drain of one proxy. Nothing is cut while it runs; `close(deadlineMs)` turns new
 * batches away, cuts the batches in flight at `deadlineMs` - {@link STORE_RESERVE_MS} and resolves
 * as soon as every batch and every event's bookkeeping has finished, at `deadlineMs` at the latest.
 *
 * @example
 * const drain = createDrain(Date.now);
 * const report = await drain.close(8000); // { batches: 3, ms: 1480, unsettled: 0 }
 */
export function createDrain(
  now: () => number,
  timers: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout } = globalThis,
): Drain {
  let at = Infinity;
  let cut = false;
  let draining = false;
  let batches = 0;
  let pending = 0;
  let closing: Promise<CloseReport> | undefined;
  let cutTimer: ReturnType<typeof setTimeout> | undefined;
  let endTimer: ReturnType<typeof setTimeout> | undefined;
  let started = 0;
  let atStart = 0;
  let finish: (() => void) | undefined;
  const cutters = new Set<() => void>();

  const fire = () => {
    cut = true;
    for (const fn of [...cutters]) fn();
    cutters.clear();
  };
  const settle = () => {
    if (draining && batches === 0 && pending === 0) finish?.();
  };
  const schedule = (deadlineMs: number) => {
    const reserve = Math.min(STORE_RESERVE_MS, deadlineMs / 2);
    const cutAt = now() + deadlineMs - reserve;
    if (cutAt >= at) return;
    at = cutAt;
    timers.clearTimeout(cutTimer);
    timers.clearTimeout(endTimer);
    cutTimer = timers.setTimeout(fire, Math.max(0, cutAt - now()));
    endTimer = timers.setTimeout(() => finish?.(), Math.max(0, deadlineMs));
  };

  return {
    get at() {
      return at;
    },
    get draining() {
      return draining;
    },
    onCut(fn) {
      if (cut) {
        fn();
        return () => undefined;
      }
      cutters.add(fn);
      return () => cutters.delete(fn);
    },
    async batch(work) {
      batches++;
      try {
        return await work();
      } finally {
        batches--;
        settle();
      }
    },
    work(work) {
      pending++;
      const done = () => {
        pending--;
        settle();
      };
      work.then(done, done);
      return work;
    },
    close(deadlineMs) {
      if (closing) {
        schedule(deadlineMs);
        return closing;
      }
      draining = true;
      started = now();
      atStart = batches;
      closing = new Promise<CloseReport>((resolve) => {
        finish = () => {
          finish = undefined;
          timers.clearTimeout(cutTimer);
          timers.clearTimeout(endTimer);
          // Whatever still waits is cut now: no batch outlives the drain.
          if (!cut) fire();
          const report = { batches: atStart, ms: now() - started, unsettled: pending };
          // A task later: the runtime writes the last reply (after a few more promise steps)
          // before the caller closes the connections.
          timers.setTimeout(() => resolve(report), 0);
        };
      });
      schedule(deadlineMs);
      settle();
      return closing;
    },
  };
}
