// What createTracker() and the first event do not do at once (issue 15: startup no slower than
// search-insights): touch localStorage, add the listeners that only wake the delivery.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '../../packages/talent-beacon/src/tracker/create-tracker.js';
import { lazyStorage } from '../../packages/talent-beacon/src/tracker/tracker-env.js';
import { fakeProxy, JOB, settle, testEnv } from './helpers.js';

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => vi.useRealTimers());

/** An EventTarget that records which listener types are added and removed. */
function recordingTarget() {
  const target = new EventTarget();
  const added: string[] = [];
  const removed: string[] = [];
  const add = target.addEventListener.bind(target);
  const remove = target.removeEventListener.bind(target);
  target.addEventListener = (type, listener, options) => (added.push(type), add(type, listener, options));
  target.removeEventListener = (type, listener, options) => (removed.push(type), remove(type, listener, options));
  return { target, added, removed };
}

describe('lazyStorage', () => {
  it('opens the real storage on the first call, not before, and only once', () => {
    const data = new Map<string, string>();
    const open = vi.fn(
      () =>
        ({
          getItem: (k: string) => data.get(k) ?? null,
          setItem: (k: string, v: string) => void data.set(k, v),
        }) as Storage,
    );
    const storage = lazyStorage(open);
    expect(open).not.toHaveBeenCalled();
    storage.setItem('k', 'v');
    expect(storage.getItem('k')).toBe('v');
    expect(data.get('k')).toBe('v');
    expect(open).toHaveBeenCalledTimes(1);
  });
  it('keeps values in memory for the page when there is no storage or opening it throws', () => {
    for (const open of [
      () => undefined,
      () => (({}) as Window).localStorage,
      () => {
        throw new DOMException('denied', 'SecurityError');
      },
    ]) {
      const storage = lazyStorage(open);
      expect(storage.getItem('k')).toBe(null);
      storage.setItem('k', 'v');
      expect(storage.getItem('k')).toBe('v');
      storage.removeItem('k');
      expect(storage.getItem('k')).toBe(null);
    }
  });
  it('passes the real storage errors on (quota), for the caller to fall back', () => {
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    } as unknown as Storage;
    expect(() => lazyStorage(() => full).setItem('k', 'v')).toThrow('full');
  });
});

// The page's lifecycle listeners, added at once: leaving, hiding, and the back/forward cache.
const PAGE = ['pagehide', 'visibilitychange', 'freeze', 'resume', 'pageshow'];

describe('createTracker at startup', () => {
  it('touches no localStorage until an event needs it', () => {
    const env = testEnv();
    const getItem = vi.spyOn(env.localStorage!, 'getItem');
    const setItem = vi.spyOn(env.localStorage!, 'setItem');
    const tracker = createTracker({ endpoint: '/e' }, env);
    expect(getItem).not.toHaveBeenCalled();
    expect(setItem).not.toHaveBeenCalled();
    tracker.impression({ requestId: 'r', jobs: [JOB] }); // one IMPRESSION per search: looks it up
    expect(getItem).toHaveBeenCalled();
  });
  it('adds pagehide and visibilitychange at once, online and storage in a task of their own', async () => {
    const { target, added } = recordingTarget();
    createTracker({ endpoint: '/e' }, testEnv({ target }));
    expect(added).toEqual(PAGE);
    await settle();
    expect(added.sort()).toEqual(['online', ...PAGE, 'storage'].sort());
  });
  it('the late listeners work once added: online sends what waited for the backoff', async () => {
    let online = false;
    const proxy = fakeProxy();
    const { target } = recordingTarget();
    const env = testEnv({
      target,
      fetch: (url, init) => (online ? proxy.fetch(url, init) : Promise.reject(new TypeError('offline'))),
    });
    const tracker = createTracker({ endpoint: '/e', retryDelay: 60_000, onError: () => {} }, env);
    const id = tracker.view({ job: JOB, requestId: 'r' }).eventId;
    await settle(5_100); // the first flush (5 s) failed: backing off for about a minute
    online = true;
    target.dispatchEvent(new Event('online'));
    await settle(100);
    expect(proxy.requests.flat().map((e) => e.eventId)).toEqual([id]);
  });
  it('destroyed before its late listeners were added, it adds none and removes what it added', async () => {
    const { target, added, removed } = recordingTarget();
    const tracker = createTracker({ endpoint: '/e' }, testEnv({ target }));
    await tracker.destroy();
    await settle(1_000);
    expect(added).toEqual(PAGE);
    expect(removed.sort()).toEqual([...PAGE].sort());
  });
  it('opens no IndexedDB before the first event; what earlier pages left goes with the first flush, 5 s after start', async () => {
    const env = testEnv({ fetch: () => Promise.reject(new TypeError('offline')) });
    const earlier = createTracker({ endpoint: '/e', onError: () => {} }, env);
    const left = earlier.view({ job: JOB, requestId: 'r' }).eventId;
    await settle(); // written to IndexedDB; the page goes before its first flush
    await earlier.destroy();

    const proxy = fakeProxy();
    const open = vi.spyOn(env.indexedDB!, 'open');
    const next = createTracker(
      { endpoint: '/e', flushInterval: 600_000 },
      { ...env, fetch: proxy.fetch, target: new EventTarget() },
    );
    await settle(4_900);
    expect(open).not.toHaveBeenCalled();
    expect(proxy.requests).toEqual([]);
    await settle(200);
    expect(open).toHaveBeenCalled();
    expect(proxy.requests.flat().map((e) => e.eventId)).toEqual([left]);
    await next.destroy();
  });
  it('a shorter flushInterval brings the first flush forward', async () => {
    const proxy = fakeProxy();
    const tracker = createTracker({ endpoint: '/e', flushInterval: 1_000 }, testEnv({ fetch: proxy.fetch }));
    const id = tracker.view({ job: JOB, requestId: 'r' }).eventId;
    await settle(900);
    expect(proxy.requests).toEqual([]);
    await settle(200);
    expect(proxy.requests.flat().map((e) => e.eventId)).toEqual([id]);
  });
  it('without timers (server rendering, a bare env) the listeners are added at once', () => {
    const { target, added } = recordingTarget();
    createTracker({ endpoint: '/e' }, testEnv({ target, setTimeout: undefined, clearTimeout: undefined }));
    expect(added.sort()).toEqual(['online', ...PAGE, 'storage'].sort());
  });
});
