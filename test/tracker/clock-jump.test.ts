// The device clock jumps while events wait (issue 25): set forward or back between two page
// loads, or while a page waits. vitest's fake Date is the device clock; `shift` moves it without
// moving the timers (which, as in a browser, count real time). No fixed date: every time is
// relative to the fake clock's start, which is the real time the test began.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMarks } from '../../packages/talent-beacon/src/tracker/create-marks.js';
import { createEventQueue } from '../../packages/talent-beacon/src/tracker/event-queue.js';
import { createTracker } from '../../packages/talent-beacon/src/tracker/create-tracker.js';
import type { ClientEvent } from '../../packages/core/src/index.js';
import { fakeProxy, JOB, settle, testEnv } from './helpers.js';

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => vi.useRealTimers());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Sets the device clock `ms` forward (negative: back); timers keep their real delays. */
const shift = (ms: number) => vi.setSystemTime(Date.now() + ms);
const ids = (requests: ClientEvent[][]) => requests.flat().map((e) => e.eventId);
const retryAll = (events: ClientEvent[]) =>
  Response.json({ results: events.map((e) => ({ eventId: e.eventId, status: 'retry' })) });

describe('the send time', () => {
  it('every batch and every beacon carries sentAt, the device clock as it leaves', async () => {
    const bodies: { sentAt: unknown; at: number }[] = [];
    const proxy = fakeProxy();
    const fetch = (url: string, init: RequestInit) => (
      bodies.push({ sentAt: JSON.parse(init.body as string).sentAt, at: Date.now() }),
      proxy.fetch(url, init)
    );
    const beacons: Blob[] = [];
    const env = testEnv({ fetch, sendBeacon: (_url, data) => (beacons.push(data as Blob), true) });
    const tracker = createTracker({ endpoint: '/e', flushInterval: 600_000 }, env);
    shift(2 * HOUR);
    tracker.view({ job: JOB, requestId: 'r' });
    await tracker.flush();
    tracker.view({ job: JOB, requestId: 'r' });
    const at = Date.now();
    env.target.dispatchEvent(new Event('pagehide'));
    expect(bodies.length).toBeGreaterThan(0);
    for (const b of bodies) expect(b.sentAt).toBe(b.at);
    expect(JSON.parse(await beacons[0]!.text()).sentAt).toBe(at);
  });
});

describe('a queue written under one clock and sent under another', () => {
  it('an event stamped ahead of the next page clock (set back since) is dated now, in IndexedDB too, not kept for the jump', async () => {
    // Page 1: clock 2 h ahead; its requests fail, so the event stays queued.
    shift(2 * HOUR);
    const env = testEnv({ fetch: fakeProxy(['network']).fetch });
    const page1 = createTracker({ endpoint: '/e', flushInterval: 10, retryDelay: 600_000, onError: () => {} }, env);
    const id = page1.view({ job: JOB, requestId: 'r' }).eventId;
    await settle(100);
    await page1.destroy();
    // Page 2: the clock was set right. Its first run sends the event dated at its load.
    shift(-2 * HOUR);
    const proxy = fakeProxy([retryAll]);
    createTracker(
      { endpoint: '/e', retryDelay: 600_000, onError: () => {} },
      { ...env, fetch: proxy.fetch, target: new EventTarget() },
    );
    await settle(5_000);
    const sent = proxy.requests.flat()[0]!;
    expect(sent.eventId).toBe(id);
    expect(Date.parse(sent.createTime)).toBeLessThanOrEqual(Date.now());
    expect(Date.now() - Date.parse(sent.createTime)).toBeLessThan(10_000);
    // Answered retry, it stays queued, dated now: maxAge counts from here.
    const stored = await createEventQueue(env.indexedDB!, 'talent-beacon', 3000, env).all();
    expect(stored.map((e) => [e.eventId, Date.parse(e.createTime) <= Date.now()])).toEqual([[id, true]]);
  });

  it('events beaconed under a clock ahead are sent by the next page at once, not after the jump', async () => {
    shift(2 * HOUR);
    const env = testEnv({ fetch: fakeProxy().fetch, sendBeacon: () => true }); // the beacon gets lost
    const page1 = createTracker({ endpoint: '/e', flushInterval: 600_000 }, env);
    await settle(); // its first look at the queue
    const id = page1.view({ job: JOB, requestId: 'r' }).eventId;
    await settle(); // written to IndexedDB
    env.target.dispatchEvent(new Event('pagehide'));
    await page1.destroy();
    shift(-2 * HOUR);
    const proxy = fakeProxy();
    createTracker({ endpoint: '/e' }, { ...env, fetch: proxy.fetch, target: new EventTarget() });
    await settle(10_000);
    expect(ids(proxy.requests)).toEqual([id]);
  });
});

describe('a clock set back while a page waits', () => {
  it('an event answered retry goes again within MAX_RETRY_DELAY (5 min), not after the jump (1 day)', async () => {
    const proxy = fakeProxy([retryAll]);
    const tracker = createTracker(
      { endpoint: '/e', flushInterval: 10, retryDelay: 1000, onError: () => {} },
      testEnv({ fetch: proxy.fetch }),
    );
    const id = tracker.view({ job: JOB, requestId: 'r' }).eventId;
    await settle(100); // answered retry: due in about a second
    shift(-DAY);
    await settle(301_000);
    expect(ids(proxy.requests)).toEqual([id, id]);
  });

  it('a queue-wide backoff ends within MAX_RETRY_DELAY (5 min), not after the jump (1 day)', async () => {
    const proxy = fakeProxy([503]);
    const tracker = createTracker(
      { endpoint: '/e', flushInterval: 10, retryDelay: 1000, onError: () => {} },
      testEnv({ fetch: proxy.fetch }),
    );
    const id = tracker.view({ job: JOB, requestId: 'r' }).eventId;
    await settle(100); // 503: the queue backs off for about a second
    shift(-DAY);
    tracker.view({ job: JOB, requestId: 'r' }); // wakes the scheduler under the new clock
    await settle(301_000);
    expect(ids(proxy.requests).filter((x) => x === id)).toHaveLength(2);
  });
});

describe('marks and links', () => {
  it('a mark whose time is after now (the clock went back since) does not count', () => {
    let now = 1e6;
    const marks = createMarks(undefined, 'k', () => now, 30_000);
    marks.add(['a']);
    now -= 1;
    expect(marks.recent().has('a')).toBe(false);
    now += 1;
    expect(marks.recent().has('a')).toBe(true);
  });

  it('a link written under a clock ahead still links on the next page, and lives linkTtl from then, not for the jump', async () => {
    const env = testEnv({ fetch: fakeProxy().fetch });
    shift(2 * HOUR);
    const page1 = createTracker({ endpoint: '/e', linkTtl: 60_000 }, env);
    const impression = page1.impression({ jobs: [JOB, JOB + '9'], requestId: 'r1' });
    await settle();
    await page1.destroy();
    shift(-2 * HOUR);
    const page2 = createTracker({ endpoint: '/e', linkTtl: 60_000 }, { ...env, target: new EventTarget() });
    expect(page2.view({ job: JOB + '9' })).toMatchObject({ requestId: 'r1', parentEventId: impression.eventId });
    await settle(61_000);
    // JOB's chain was not moved since: dated at page 2's clock when the store was written, its TTL ran out.
    expect(() => page2.view({ job: JOB })).toThrow(/requestId/);
  });
});
