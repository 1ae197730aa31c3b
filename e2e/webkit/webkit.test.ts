// The tracker in WebKit (WebKitGTK's MiniBrowser through WebDriver, see webkit-driver.ts): the
// delivery and linking scenarios that matter most for Safari-class engines, with the assertions
// of e2e/delivery.spec.ts and e2e/linking.spec.ts in Chromium and Firefox: every tracked eventId
// reached the collector, nothing else did, duplicates counted (allowed: the proxy drops them).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { By } from 'selenium-webdriver';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { awaitInPage, resultInPage } from './in-page.js';
import { refusedStorageRoutes } from './refused-storage.js';
import { startWebKit, type WebKit } from './webkit-driver.js';
import { testJob as J, type SentEvent as Sent } from '../support/sent-event.js';

let webkit: WebKit;
// One server per test, so one origin per test: IndexedDB, localStorage and Web Locks start empty,
// and a window of an earlier test that sends late does not count here.
let server: TestServer;

beforeAll(async () => {
  webkit = await startWebKit();
}, 60_000);
afterAll(async () => {
  await webkit?.quit();
});
beforeEach(async () => {
  server = await startTestServer({ routes: refusedStorageRoutes });
});
afterEach(async () => {
  // Back to the one home window, on a blank page, before the server goes.
  const { driver, home } = webkit;
  for (const handle of await driver.getAllWindowHandles()) {
    if (handle === home) continue;
    await driver.switchTo().window(handle);
    await driver.close();
  }
  await driver.switchTo().window(home);
  await driver.get('about:blank');
  await server.close();
});

const d = () => webkit.driver;
const open = (options: Record<string, unknown> = {}, page = '/delivery.html') =>
  d().get(`${server.url}${page}?o=${encodeURIComponent(JSON.stringify(options))}`);
const burst = (n: number, from = 0) =>
  d().executeScript<string[]>('return window.burst(arguments[0], arguments[1])', n, from);
const errors = () => d().executeScript<string[]>('return window.errors');
const inPage = (expression: string) => awaitInPage(d(), expression);
/** Opens a new tab (or window) on `url` and returns its handle; the driver stays in it. */
async function newTab(url: string, type: 'tab' | 'window' = 'tab'): Promise<string> {
  await d().switchTo().newWindow(type);
  await d().get(url);
  return d().getWindowHandle();
}

/** Waits until every id arrived; returns {tracked, delivered, duplicates} and logs it for the report. */
async function delivered(name: string, ids: string[], timeout = 30_000) {
  await expect
    .poll(() => ids.filter((id) => !server.collector.counts().has(id)).length, { timeout, interval: 100 })
    .toBe(0);
  const counts = server.collector.counts();
  const summary = {
    tracked: ids.length,
    delivered: ids.filter((id) => counts.has(id)).length,
    duplicates: ids.reduce((n, id) => n + (counts.get(id) ?? 1) - 1, 0),
  };
  console.log(`[delivery webkit] ${name}: ${JSON.stringify(summary)} requests=${server.collector.requests.length}`);
  expect(new Set(server.collector.events.map((e) => e.eventId))).toEqual(new Set(ids));
  return summary;
}

describe('delivery in WebKit', () => {
  test('reload in the middle of a flush loses nothing', async () => {
    server.collector.behaviour = { delayMs: 1500 };
    await open({ flushInterval: 100 });
    const ids = await burst(30);
    await expect.poll(() => server.collector.requests.length, { timeout: 10_000 }).toBeGreaterThan(0); // first batch in flight
    server.collector.behaviour = {};
    await d().navigate().refresh();
    const more = await burst(5, 100);
    await delivered('reload mid-flush', [...ids, ...more]);
  });

  test('a tab closed right after tracking: the events leave by beacon', async () => {
    await newTab(`${server.url}/delivery.html`);
    const ids = await burst(25);
    await d().close();
    await d().switchTo().window(webkit.home);
    await delivered('close after tracking', ids);
    expect(await d().getAllWindowHandles()).toEqual([webkit.home]);
  });

  test('3 failures (500, 503, dropped connection) then success, retried with backoff', async () => {
    server.collector.plan = [{ status: 500 }, { status: 503 }, { drop: true }];
    await open({ flushInterval: 50, retryDelay: 100 });
    const ids = await burst(7);
    await delivered('3 failures then success', ids);
    expect(server.collector.requests.map((r) => r.status)).toEqual([500, 503, -1, 200]);
  });

  test('429 with Retry-After: waits as told, then delivers', async () => {
    server.collector.behaviour = { status: 429, times: 1, retryAfter: 1 };
    await open({ flushInterval: 50, retryDelay: 60_000 });
    const ids = await burst(4);
    await delivered('429 Retry-After', ids);
    const [first, second] = server.collector.requests;
    expect(first!.status).toBe(429);
    expect(second!.status).toBe(200);
    // Lower bound only: it must not retry before the server said so (backoff alone would be 60 s).
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
  });

  test('two windows tracking at once, closed in either order: nothing lost', async () => {
    const url = `${server.url}/delivery.html?o=${encodeURIComponent(JSON.stringify({ flushInterval: 100 }))}`;
    const a = await newTab(url, 'window');
    const b = await newTab(url, 'window');
    const c = await newTab(url, 'window');
    await d().switchTo().window(a);
    const ia = await burst(40, 0);
    await d().switchTo().window(b);
    const ib = await burst(40, 1000);
    await d().switchTo().window(a);
    await d().close();
    await d().switchTo().window(b);
    const ib2 = await burst(3, 2000);
    await d().close();
    await d().switchTo().window(c);
    const ic = await burst(3, 3000);
    await delivered('two windows (+ a third left open)', [...ia, ...ib, ...ib2, ...ic]);
  });

  test('1,000 events in one burst: all delivered in a bounded number of requests', async () => {
    await open({ flushInterval: 100 });
    const ids = await burst(1000);
    await delivered('1000-event burst', ids);
    expect(server.collector.requests.length).toBeLessThanOrEqual(Math.ceil(1000 / 20) + 3);
  });

  test('IndexedDB missing: memory queue, reported once, events delivered', async () => {
    await open({ flushInterval: 50 }, '/idb-missing/delivery.html');
    expect(await d().executeScript('return window.indexedDB')).toBeNull();
    const ids = await burst(12);
    await delivered('IndexedDB missing', ids);
    expect(await errors()).toEqual(['talent-beacon: IndexedDB unavailable: queueing in memory for this page']);
  });

  test('IndexedDB open() throws: reopened once, then memory, events delivered', async () => {
    await open({ flushInterval: 50 }, '/idb-throws/delivery.html');
    const ids = await burst(12);
    await delivered('IndexedDB open throws', ids);
    const e = await errors();
    expect(e).toHaveLength(1);
    expect(e[0]).toMatch(/IndexedDB failed .*queueing in memory/);
  });

  test('in a sandboxed iframe (opaque origin: Web Locks and IndexedDB refuse), events are still delivered', async () => {
    await open({ consent: false }); // the host page; its own tracker stays idle
    await d().executeScript(
      `const frame = document.createElement('iframe');
       frame.sandbox.add('allow-scripts'); // no allow-same-origin: the frame's origin is opaque
       frame.src = arguments[0];
       document.body.append(frame);`,
      `/delivery.html?o=${encodeURIComponent(JSON.stringify({ flushInterval: 50 }))}`,
    );
    await d()
      .switchTo()
      .frame(await d().findElement(By.css('iframe')));
    await expect
      .poll(() => d().executeScript<boolean>("return typeof window.burst == 'function'"), { timeout: 10_000 })
      .toBe(true);
    expect(await d().executeScript('return window.origin')).toBe('null');
    const ids = await burst(4);
    // The collector sends no CORS headers, so the origin-null page cannot read the answers and
    // retries: duplicates are allowed here, a missing event is not.
    await delivered('sandboxed iframe', ids);
    await d().switchTo().defaultContent();
  });

  test('consent: false touches neither IndexedDB nor the network until setConsent(true)', async () => {
    await open({ flushInterval: 50, consent: false });
    const ids = await burst(3);
    await inPage('window.tracker.flush()');
    await new Promise((r) => setTimeout(r, 300));
    expect(server.collector.requests).toEqual([]);
    expect(await resultInPage(d(), 'indexedDB.databases().then((list) => list.map((db) => db.name))')).toEqual([]);
    await d().executeScript('window.tracker.setConsent(true)');
    await delivered('consent granted later', ids);
  });
});

const byType = (type: string) => (server.collector.events as unknown as Sent[]).filter((e) => e.jobEvent.type === type);

/** Waits for the script build to be running, then sends what it queued. */
async function flushScript() {
  await expect
    .poll(
      () => d().executeScript<boolean>("return typeof (window.TalentBeacon && window.TalentBeacon.init) == 'function'"),
      { timeout: 10_000 },
    )
    .toBe(true);
  await inPage('window.TalentBeacon.flush()');
}
/** The events the collector got, once there are `n`, each eventId once. */
async function received(n: number): Promise<Sent[]> {
  await expect.poll(() => server.collector.events.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(n);
  expect([...server.collector.counts().values()].every((c) => c === 1)).toBe(true);
  return server.collector.events as unknown as Sent[];
}

describe('linking in WebKit', () => {
  test('results page -> job page -> Apply: VIEW and APPLICATION_START arrive linked to their parents', async () => {
    await d().get(`${server.url}/linking/results.html`);
    await flushScript();
    const [impression] = await received(1);
    expect(impression).toMatchObject({
      requestId: 'REQ-1',
      jobEvent: { type: 'IMPRESSION', jobs: [J(1), J(2), J(3)] },
    });
    expect(impression!.parentEventId).toBeUndefined();

    await d().findElement(By.id('job1')).click();
    await expect.poll(() => d().getCurrentUrl(), { timeout: 10_000 }).toMatch(/\/linking\/job\.html\?id=1$/);
    await flushScript();
    await d().findElement(By.id('apply')).click();
    await flushScript();
    const events = await received(3);
    const [view] = byType('VIEW');
    const [start] = byType('APPLICATION_START');
    expect(view).toMatchObject({ requestId: 'REQ-1', parentEventId: impression!.eventId, jobEvent: { jobs: [J(1)] } });
    expect(start).toMatchObject({ requestId: 'REQ-1', parentEventId: view!.eventId, jobEvent: { jobs: [J(1)] } });
    expect(events).toHaveLength(3);
    console.log(
      `[linking webkit] two-page chain: ${JSON.stringify({ tracked: 3, delivered: server.collector.counts().size, duplicates: events.length - server.collector.counts().size })}`,
    );
  });

  test('the job page opened in a new tab finds the IMPRESSION of the results tab', async () => {
    await d().get(`${server.url}/linking/results.html`);
    await flushScript();
    const [impression] = await received(1);
    const before = await d().getAllWindowHandles();
    await d().findElement(By.id('job2')).click(); // target=_blank
    await expect
      .poll(async () => (await d().getAllWindowHandles()).length, { timeout: 10_000 })
      .toBe(before.length + 1);
    const tab = (await d().getAllWindowHandles()).find((h) => !before.includes(h))!;
    await d().switchTo().window(tab);
    await flushScript();
    await d().findElement(By.id('apply')).click();
    await flushScript();
    await received(3);
    const [view] = byType('VIEW');
    const [start] = byType('APPLICATION_START');
    expect(view).toMatchObject({ requestId: 'REQ-1', parentEventId: impression!.eventId, jobEvent: { jobs: [J(2)] } });
    expect(start).toMatchObject({ requestId: 'REQ-1', parentEventId: view!.eventId });
  });
});
