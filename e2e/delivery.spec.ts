// Durable delivery in real Chromium (issue 3): each scenario tracks events in a page, makes
// something go wrong, and asserts by eventId that every tracked event reached the collector,
// counting duplicates (allowed: the proxy drops them by eventId).
import { test, expect, type Page } from '@playwright/test';
import { startTestServer, type TestServer } from './support/test-server.js';

// One server per test: a page of an earlier test that closes late must not send into this one.
let server: TestServer;
test.beforeEach(async () => {
  server = await startTestServer();
});
test.afterEach(async () => {
  await server.close();
});

type Win = {
  burst(n: number, from?: number): string[];
  tracker: { flush(): Promise<void>; setConsent(g: boolean): void };
  errors: string[];
};

const open = async (page: Page, options: Record<string, unknown> = {}) => {
  await page.goto(`${server.url}/delivery.html?o=${encodeURIComponent(JSON.stringify(options))}`);
};
const burst = (page: Page, n: number, from = 0) =>
  page.evaluate(([n, from]) => (window as unknown as Win).burst(n!, from), [n, from]);
const flush = (page: Page) => page.evaluate(() => (window as unknown as Win).tracker.flush());
const errors = (page: Page) => page.evaluate(() => (window as unknown as Win).errors);

/** Waits until every id arrived; returns {tracked, delivered, duplicates} and logs it for the report. */
async function delivered(name: string, ids: string[], timeout = 30_000) {
  await expect.poll(() => ids.filter((id) => !server.collector.counts().has(id)).length, { timeout }).toBe(0);
  const counts = server.collector.counts();
  const summary = {
    tracked: ids.length,
    delivered: ids.filter((id) => counts.has(id)).length,
    duplicates: ids.reduce((n, id) => n + (counts.get(id) ?? 1) - 1, 0),
  };
  console.log(
    `[delivery ${test.info().project.name}] ${name}: ${JSON.stringify(summary)} requests=${server.collector.requests.length}`,
  );
  expect(new Set(server.collector.events.map((e) => e.eventId))).toEqual(new Set(ids));
  return summary;
}

test('reload in the middle of a flush loses nothing', async ({ page }) => {
  server.collector.behaviour = { delayMs: 1500 };
  await open(page, { flushInterval: 100 });
  const ids = await burst(page, 30);
  await expect.poll(() => server.collector.requests.length).toBeGreaterThan(0); // first batch in flight
  server.collector.behaviour = {};
  await page.reload();
  const more = await burst(page, 5, 100);
  await delivered('reload mid-flush', [...ids, ...more]);
});

test('page.close() right after tracking: the events leave at once (visibilitychange, then the pagehide beacon)', async ({
  page,
  context,
}) => {
  await open(page);
  const ids = await burst(page, 25);
  await page.close();
  await delivered('close after tracking', ids);
  expect(context.pages()).toEqual([]);
});

// Firefox (ESR 153) hands every sendBeacon of a closing tab's pagehide `true` but drops it in
// about one close in three (16 of 50 tabs, measured with this tracker; 1 in 20 for a bare page):
// a tab's last events then waited in IndexedDB for the next visit. The tracker now sends them at
// visibilitychange, which comes first (50 of 50 arrived), and beacons at pagehide whatever is
// still unanswered; six tabs in a row make a lost send likely enough to be seen.
test('page.close() right after tracking 25 events, 6 tabs one after another', async ({ context }) => {
  const ids: string[] = [];
  for (let tab = 0; tab < 6; tab++) {
    const page = await context.newPage();
    await open(page);
    ids.push(...(await burst(page, 25, tab * 100)));
    await page.close();
  }
  await delivered('close after tracking x6', ids, 10_000);
});

test('offline for a while, then online: sent when the network is back', async ({ page, context }) => {
  await open(page, { flushInterval: 100, retryDelay: 60_000 });
  await context.setOffline(true);
  const ids = await burst(page, 8);
  await flush(page);
  await flush(page);
  expect(server.collector.events).toEqual([]);
  expect(await errors(page)).toContainEqual(expect.stringMatching(/network error, retry in/));
  await context.setOffline(false); // the online event ends the 60 s backoff
  await delivered('offline then online', ids);
});

test('3 failures (500, 503, dropped connection) then success, retried with backoff', async ({ page }) => {
  server.collector.plan = [{ status: 500 }, { status: 503 }, { drop: true }];
  await open(page, { flushInterval: 50, retryDelay: 100 });
  const ids = await burst(page, 7);
  await delivered('3 failures then success', ids);
  expect(server.collector.requests.map((r) => r.status)).toEqual([500, 503, -1, 200]);
});

test('429 with Retry-After: waits as told, then delivers', async ({ page }) => {
  server.collector.behaviour = { status: 429, times: 1, retryAfter: 1 };
  await open(page, { flushInterval: 50, retryDelay: 60_000 });
  const ids = await burst(page, 4);
  await delivered('429 Retry-After', ids);
  const [first, second] = server.collector.requests;
  expect(first!.status).toBe(429);
  expect(second!.status).toBe(200);
  // Lower bound only: it must not retry before the server said so (backoff alone would be 60 s).
  expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
});

test('two tabs tracking at once, closed in either order: nothing lost', async ({ context }) => {
  // A closing tab's beacon can be lost (Firefox: ~1 in 4); its events, marked as beaconed, then
  // wait the 30 s beacon grace in IndexedDB before the open tab sends them. Nothing is lost, but
  // the wait must cover the grace (seen once in a clean-clone CI run in Firefox).
  test.setTimeout(90_000);
  const [a, b, c] = [await context.newPage(), await context.newPage(), await context.newPage()];
  await Promise.all([
    open(a, { flushInterval: 100 }),
    open(b, { flushInterval: 100 }),
    open(c, { flushInterval: 100 }),
  ]);
  const [ia, ib] = await Promise.all([burst(a, 40, 0), burst(b, 40, 1000)]);
  await a.close();
  const ib2 = await burst(b, 3, 2000);
  await b.close();
  const ic = await burst(c, 3, 3000);
  await delivered('two tabs (+ a third left open)', [...ia, ...ib, ...ib2, ...ic], 60_000);
});

test('IndexedDB missing: memory queue, reported once, events delivered', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
  await open(page, { flushInterval: 50 });
  const ids = await burst(page, 12);
  await delivered('IndexedDB missing', ids);
  expect(await errors(page)).toEqual(['talent-beacon: IndexedDB unavailable: queueing in memory for this page']);
});

test('IndexedDB open() throws: reopened once, then memory, events delivered', async ({ page }) => {
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'UnknownError');
    };
  });
  await open(page, { flushInterval: 50 });
  const ids = await burst(page, 12);
  await delivered('IndexedDB open throws', ids);
  const e = await errors(page);
  expect(e).toHaveLength(1);
  expect(e[0]).toMatch(/IndexedDB failed .*queueing in memory/);
});

test('in a sandboxed iframe (opaque origin: Web Locks and IndexedDB refuse with SecurityError), events are still delivered', async ({
  page,
}) => {
  await open(page, { consent: false }); // the host page; its own tracker stays idle
  await page.evaluate(
    (src) => {
      const frame = document.createElement('iframe');
      frame.sandbox.add('allow-scripts'); // no allow-same-origin: the frame's origin is opaque
      frame.src = src;
      document.body.append(frame);
    },
    `/delivery.html?o=${encodeURIComponent(JSON.stringify({ flushInterval: 50 }))}`,
  );
  await expect.poll(() => page.frames().length).toBe(2);
  const frame = page.frames()[1]!;
  await frame.waitForFunction(() => 'burst' in window);
  const ids = await frame.evaluate(() => (window as unknown as Win).burst(4));
  // The collector sends no CORS headers, so the origin-null page cannot read the answers and
  // retries: duplicates are allowed here, a missing event is not.
  await delivered('sandboxed iframe', ids);
});

test('1,000 events in one burst: all delivered in a bounded number of requests', async ({ page }) => {
  await open(page, { flushInterval: 100 });
  const ids = await burst(page, 1000);
  await delivered('1000-event burst', ids);
  expect(server.collector.requests.length).toBeLessThanOrEqual(Math.ceil(1000 / 20) + 3);
});

test('consent: false touches neither IndexedDB nor the network until setConsent(true)', async ({ page }) => {
  await open(page, { flushInterval: 50, consent: false });
  const ids = await burst(page, 3);
  await flush(page);
  await page.waitForTimeout(300);
  expect(server.collector.requests).toEqual([]);
  expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toEqual([]);
  await page.evaluate(() => (window as unknown as Win).tracker.setConsent(true));
  await delivered('consent granted later', ids);
});
