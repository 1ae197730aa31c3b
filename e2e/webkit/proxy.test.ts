// The real tracker in WebKit -> the proxy on another origin (real CORS, fetch, keepalive fetch and
// sendBeacon) -> the CTS emulator, as e2e/proxy.spec.ts does in Chromium and Firefox. No stubs.
// Its own WebKit session (see webkit-driver.ts); the files run one after another.
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { createEmulator } from '../../packages/talent-beacon-emulator/src/index.js';
import { startProxyServer, type ProxyServer } from '../support/proxy-server.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { awaitInPage, queuedEvents } from './in-page.js';
import { startWebKit, type WebKit } from './webkit-driver.js';

let webkit: WebKit;
let site: TestServer;
const emulator = createEmulator({ token: 'dev' });
// The proxies of the last beforeAll (replaced, not added to: see e2e/proxy.spec.ts).
let proxies: ProxyServer[] = [];
let allowedProxy = '';
let foreignProxy = '';

beforeAll(async () => {
  site = await startTestServer();
  const upstream = await emulator.listen();
  proxies = [
    await startProxyServer([site.url], upstream),
    await startProxyServer(['https://jobs.example.com'], upstream),
  ];
  [allowedProxy, foreignProxy] = proxies.map((p) => p.url) as [string, string];
  webkit = await startWebKit();
}, 60_000);
afterAll(async () => {
  await webkit?.quit();
  await Promise.all(proxies.map((p) => p.close()));
  await emulator.close();
  await site?.close();
});
// One site for the file, so one origin: each test starts on a blank page with the tracker's
// IndexedDB and localStorage emptied (nothing left from the test before), and an empty emulator.
beforeEach(async () => {
  await d().get(`${site.url}/delivery.html?o=${encodeURIComponent(JSON.stringify({ consent: false }))}`);
  await awaitInPage(
    d(),
    `new Promise((resolve, reject) => { localStorage.clear(); const r = indexedDB.deleteDatabase('talent-beacon'); r.onsuccess = resolve; r.onerror = () => reject(r.error); })`,
  );
  await d().get('about:blank');
  emulator.reset();
});
afterEach(async () => {
  await d().get('about:blank');
});

const d = () => webkit.driver;
const open = (endpoint: string, extra: Record<string, unknown> = {}) =>
  d().get(`${site.url}/delivery.html?o=${encodeURIComponent(JSON.stringify({ endpoint, ...extra }))}`);
const burst = (n: number, from = 0) =>
  d().executeScript<string[]>('return window.burst(arguments[0], arguments[1])', n, from);
const flush = () => awaitInPage(d(), 'window.tracker.flush()');
const errors = () => d().executeScript<string[]>('return window.errors');
const received = () => emulator.clientEvents().map((e) => String(e.event.eventId));

/** Logs {tracked, delivered, duplicates} of what reached the emulator, as the delivery tests do. */
function report(name: string, ids: string[]) {
  const got = received();
  const summary = {
    tracked: ids.length,
    delivered: ids.filter((id) => got.includes(id)).length,
    duplicates: got.length - new Set(got).size,
  };
  console.log(`[delivery webkit] ${name}: ${JSON.stringify(summary)}`);
}

test('cross-origin fetch from an allowed origin: each event reaches CTS once and leaves the queue', async () => {
  await open(allowedProxy);
  const ids = await burst(5);
  await flush();
  expect(received().sort()).toEqual([...ids].sort());
  expect(emulator.clientEvents().every((e) => e.apiVersion === 'v4' && e.parent === 'projects/p/tenants/t')).toBe(true);
  expect(await queuedEvents(d())).toBe(0);
  expect(await errors()).toEqual([]);
  // Flushing again sends nothing new: nothing is left, and nothing is doubled upstream.
  await flush();
  expect(received()).toHaveLength(5);
  report('proxy cross-origin fetch', ids);
});

test('the events of a page navigating away cross origins (text/plain, no preflight) and are forwarded', async () => {
  // Nothing is sent before the page leaves (flushInterval 10 min): what arrives left at
  // visibilitychange (keepalive fetch) or pagehide (beacon).
  await open(allowedProxy, { flushInterval: 600_000 });
  const ids = await burst(3, 10);
  await d().get('about:blank');
  await expect.poll(() => received().sort(), { timeout: 10_000, interval: 100 }).toEqual([...ids].sort());
  report('proxy navigation away', ids);
});

test('a page on an origin the proxy does not allow gets 403: nothing forwarded, the events stay queued', async () => {
  await open(foreignProxy);
  await burst(2, 20);
  await awaitInPage(d(), 'window.tracker.flush().catch(() => undefined)');
  expect(received()).toEqual([]);
  expect(await queuedEvents(d())).toBe(2);
});

test('an event naming another project is rejected and reported; the rest go through', async () => {
  await open(allowedProxy);
  const good = await d().executeScript<string>(
    "return window.tracker.view({ job: 'projects/p/tenants/t/jobs/1', requestId: 'r1' }).eventId",
  );
  await d().executeScript("window.tracker.view({ job: 'projects/victim/tenants/t/jobs/1', requestId: 'r1' })");
  await flush();
  expect(received()).toEqual([good]);
  expect(await queuedEvents(d())).toBe(0);
  expect((await errors()).join('\n')).toContain('projects/victim/tenants/t/jobs/1');
});
