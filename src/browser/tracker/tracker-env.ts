import type { Transport } from './send-batch.js';

/**
 * Everything the tracker takes from its environment. Each field defaults to the page's own
 * (see {@link defaultTrackerEnv}); tests pass their own (fake timers, fake-indexeddb, a fetch to
 * a local server) instead of patching globals. A missing field means "not available": no
 * `indexedDB` -> memory queue, no `sendBeacon` -> keepalive fetch, no `setTimeout` -> no timers
 * (server rendering), no `target` -> no page listeners.
 */
export interface TrackerEnv extends Transport {
  /** Where pagehide, visibilitychange and online are listened for (window). */
  target?: EventTarget;
  /** For `visibilityState` on visibilitychange. */
  document?: { visibilityState: string };
  indexedDB?: IDBFactory;
  /** Synchronous store of the 'sent by beacon' marks. */
  localStorage?: Storage;
  locks?: LockManager;
  now?: () => number;
  random?: () => number;
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

/**
 * The page's environment, feature-detected; on a server (no `window`) only the clock, so that
 * creating a tracker during server rendering queues in memory and starts no timer or listener.
 * Getters that throw (localStorage in sandboxed iframes, indexedDB in some private modes) count
 * as missing.
 *
 * @example
 * const env = { ...defaultTrackerEnv(), fetch: myFetch };
 */
export function defaultTrackerEnv(): TrackerEnv {
  const w = typeof window == 'object' ? window : undefined;
  const get = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch {
      return undefined;
    }
  };
  const n = w?.navigator;
  return w
    ? {
        target: w,
        document: w.document,
        fetch: (url, init) => w.fetch(url, init),
        sendBeacon: n!.sendBeacon && ((url, data) => n!.sendBeacon(url, data)),
        indexedDB: get(() => w.indexedDB),
        localStorage: get(() => w.localStorage),
        locks: n!.locks,
        setTimeout: (callback, ms) => w.setTimeout(callback, ms),
        clearTimeout: (handle) => w.clearTimeout(handle as number),
      }
    : {};
}
