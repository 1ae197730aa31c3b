// The real tracker in Chromium -> the proxy on another origin (real CORS, fetch and sendBeacon)
// -> the CTS emulator. No stubs anywhere.
import { test, expect, type Page } from '@playwright/test';
import { createEmulator } from '../packages/talent-beacon-emulator/src/index.js';
import { queuedEvents } from './support/queued-events.js';
import { startProxyServer, type ProxyServer } from './support/proxy-server.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let site: TestServer;
const emulator = createEmulator({ token: 'dev' });
// The proxies of the last beforeAll: with fullyParallel, Playwright runs beforeAll and afterAll
// again when a worker comes back to this file after another one, so they are replaced, not added
// to (added to, the tests went on posting to the first, closed proxies: connection refused).
let proxies: ProxyServer[] = [];
let allowedProxy = '';
let foreignProxy = '';

test.beforeAll(async () => {
  site = await startTestServer();
  const upstream = await emulator.listen();
  proxies = [
    await startProxyServer([site.url], upstream),
    await startProxyServer(['https://jobs.example.com'], upstream),
  ];
  [allowedProxy, foreignProxy] = proxies.map((p) => p.url) as [string, string];
});
test.beforeEach(() => emulator.reset());
test.afterAll(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  await emulator.close();
  await site.close();
});

const open = (page: Page, endpoint: string, extra: Record<string, unknown> = {}) =>
  page.goto(`${site.url}/delivery.html?o=${encodeURIComponent(JSON.stringify({ endpoint, ...extra }))}`);
const queued = (page: Page) => queuedEvents(page);
const received = () => emulator.clientEvents().map((e) => String(e.event.eventId));

test('cross-origin fetch from an allowed origin: each event reaches CTS once and leaves the queue', async ({
  page,
}) => {
  await open(page, allowedProxy);
  const ids = await page.evaluate(() => (window as any).burst(5) as string[]);
  await page.evaluate(() => (window as any).tracker.flush());
  expect(received().sort()).toEqual([...ids].sort());
  expect(emulator.clientEvents().every((e) => e.apiVersion === 'v4' && e.parent === 'projects/p/tenants/t')).toBe(true);
  expect(await queued(page)).toBe(0);
  expect(await page.evaluate(() => (window as any).errors)).toEqual([]);
  // Flushing again sends nothing new: nothing is left, and nothing is doubled upstream.
  await page.evaluate(() => (window as any).tracker.flush());
  expect(received()).toHaveLength(5);
});

test('the events of a page navigating away cross origins (text/plain, no preflight) and are forwarded', async ({
  page,
}) => {
  // Firefox ESR 153 lost the pagehide beacon in 2-3 of 8 navigations; the request the tracker
  // now starts at visibilitychange (before pagehide) arrived in 10 of 10.
  await open(page, allowedProxy, { flushInterval: 600_000 });
  const ids = await page.evaluate(() => (window as any).burst(3, 10) as string[]);
  await page.goto('about:blank');
  await expect.poll(() => received().sort(), { timeout: 10_000 }).toEqual([...ids].sort());
});

test('a page on an origin the proxy does not allow gets 403: nothing forwarded, the events stay queued', async ({
  page,
}) => {
  await open(page, foreignProxy);
  await page.evaluate(() => (window as any).burst(2, 20));
  await page.evaluate(() => (window as any).tracker.flush().catch(() => undefined));
  expect(received()).toEqual([]);
  expect(await queued(page)).toBe(2);
});

test('an event naming another project is rejected and reported; the rest go through', async ({ page }) => {
  await open(page, allowedProxy);
  const good = await page.evaluate(
    () => (window as any).tracker.view({ job: 'projects/p/tenants/t/jobs/1', requestId: 'r1' }).eventId as string,
  );
  await page.evaluate(() => (window as any).tracker.view({ job: 'projects/victim/tenants/t/jobs/1', requestId: 'r1' }));
  await page.evaluate(() => (window as any).tracker.flush());
  expect(received()).toEqual([good]);
  expect(await queued(page)).toBe(0);
  const errors = await page.evaluate(() => (window as any).errors as string[]);
  expect(errors.join('\n')).toContain('projects/victim/tenants/t/jobs/1');
});
