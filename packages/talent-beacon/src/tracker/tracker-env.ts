import { SCRIPT_BUILD } from '@talent-beacon/core';
import type { Transport } from './send-batch.js';

/**
 * Everything the tracker takes from its environment. Each field defaults to the page's own
 * (see {@link defaultTrackerEnv}); tests pass their own (fake timers, fake-indexeddb, a fetch to
 * a local server) instead of patching globals. A missing field means "not available": no
 * `indexedDB` -> memory queue, no `sendBeacon` -> keepalive fetch, no `setTimeout` -> no timers
 * (server rendering), no `target` -> no page listeners.
 */
export interface TrackerEnv extends Transport {
  /**
   * Server rendering: the tracker validates, links (in memory) and returns its events, and keeps,
   * sends, schedules and prints nothing. Set by {@link defaultTrackerEnv} without a `window`.
   */
  server?: boolean;
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
 * A {@link TrackerEnv} as the delivery uses it: the clock and the random source always there
 * (createTracker fills in `Date.now` and `Math.random`), so that no caller asserts them.
 */
export type ResolvedEnv = TrackerEnv & Required<Pick<TrackerEnv, 'now' | 'random'>>;

/**
 * The page's environment, feature-detected; on a server (no `window`) `{ server: true }`, so that
 * a tracker created during server rendering sends and stores nothing and starts no timer or
 * listener (see createInertDelivery).
 * Getters that throw (localStorage in sandboxed iframes, indexedDB in some private modes) count
 * as missing. `localStorage` is {@link lazyStorage}: the page's own is first touched when the
 * tracker first reads or writes it, not when the tracker is created.
 *
 * @example
 * const env = { ...defaultTrackerEnv(), fetch: myFetch };
 */
export function defaultTrackerEnv(): TrackerEnv {
  // The script build only runs in pages: it leaves the server case out.
  if (typeof window != 'object') return { ...(!SCRIPT_BUILD && { server: true }) };
  const page = window;
  const navigator = page.navigator;
  return {
    target: page,
    document: page.document,
    fetch: (url, init) => page.fetch(url, init),
    sendBeacon: navigator.sendBeacon && ((url, data) => navigator.sendBeacon(url, data)),
    indexedDB: attempt(() => page.indexedDB),
    localStorage: lazyStorage(() => page.localStorage),
    locks: navigator.locks,
    setTimeout: (callback, ms) => page.setTimeout(callback, ms),
    clearTimeout: (handle) => page.clearTimeout(handle as number),
  };
}

const attempt = <T>(read: () => T): T | undefined => {
  try {
    return read();
  } catch {
    return undefined;
  }
};

/**
 * A stand-in for `localStorage` that reaches the real one (`open()`) on its first call, and
 * keeps the values in memory for this page when there is none or `open()` throws. WHY: the
 * first touch of `window.localStorage` makes Chromium load the origin's whole storage area
 * through a synchronous IPC (~10-15 ms at 4x CPU throttling, bench/), and creating a tracker
 * needs nothing from it; the first event that needs a link, or a beacon mark, pays it.
 * Memory is what every user of the env does anyway when localStorage is missing (the link
 * store, the beacon marks), so behaviour is the same either way. Errors of the real store
 * (quota) are thrown as they are.
 *
 * @example
 * const storage = lazyStorage(() => window.localStorage);
 * storage.setItem('k', 'v'); // window.localStorage is touched here, not above
 */
export function lazyStorage(open: () => Storage | undefined): Storage {
  let real: Storage | null | undefined;
  const memory = new Map<string, string>();
  const store = () => {
    if (real === undefined) real = attempt(open) ?? null;
    return real;
  };
  return {
    getItem: (key: string) => {
      const opened = store();
      return opened ? opened.getItem(key) : (memory.get(key) ?? null);
    },
    setItem: (key: string, value: string) => {
      const opened = store();
      if (opened) opened.setItem(key, value);
      else memory.set(key, String(value));
    },
    removeItem: (key: string) => {
      const opened = store();
      if (opened) opened.removeItem(key);
      else memory.delete(key);
    },
  } as Storage;
}
