import type { TrackerEnv } from './tracker-env.js';

/**
 * Settles like `promise`, or rejects with `Error(what + ' timed out')` after `ms`: every await of
 * a flush is bounded (a request whose body never ends, an IndexedDB transaction that never
 * settles), so one stalled step cannot hold the flush lock, and with it every tab's delivery.
 * The timer is cleared as soon as the promise settles: a pending one would keep the promise's
 * value (a Response, a list of events) alive until it fired. Without timers (server rendering)
 * the promise is returned as it is.
 *
 * @example
 * const response = await within(env, fetch('/cts/events', init), 30_000, 'request');
 */
export function within<T>(
  timers: Pick<TrackerEnv, 'setTimeout' | 'clearTimeout'>,
  promise: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  const set = timers.setTimeout;
  if (!set) return promise;
  let timer: unknown;
  const timeout = new Promise<never>((_, reject) => {
    timer = set(() => reject(Error(what + ' timed out')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => timers.clearTimeout?.(timer));
}
