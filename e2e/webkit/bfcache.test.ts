// The back/forward cache in WebKit (WebKitGTK's MiniBrowser through WebDriver): results -> job ->
// back, as e2e/bfcache.spec.ts does in Chromium. WebDriver has no CDP: whether the page came
// back from WebKit's page cache is read from the page itself (`pageshow.persisted`, recorded in
// `window.shows`), and WebKit gives no reason when it did not.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { By } from 'selenium-webdriver';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { bfcacheRoutes } from '../support/bfcache-pages.js';
import { testJob as J, type SentEvent } from '../support/sent-event.js';
import { startWebKit, type WebKit } from './webkit-driver.js';

let webkit: WebKit;
let server: TestServer;
beforeAll(async () => {
  webkit = await startWebKit();
  server = await startTestServer({ routes: bfcacheRoutes });
}, 60_000);
afterAll(async () => {
  await webkit?.driver.get('about:blank');
  await server?.close();
  await webkit?.quit();
});

const d = () => webkit.driver;
const sent = () => server.collector.events as unknown as SentEvent[];
const arrived = (type: string, job: string) => () =>
  sent().filter((e) => e.jobEvent.type == type && e.jobEvent.jobs.includes(job)).length;

describe('the back/forward cache in WebKit', () => {
  for (const mode of ['indexeddb', 'memory']) {
    test(`${mode}: after its events were sent and answered, the results page comes back from the page cache and the tracker works`, async () => {
      server.collector.reset();
      // A new search for this origin: the link store keeps one IMPRESSION per requestId.
      await d().get(`${server.url}/bf/none`);
      await d().executeScript('localStorage.clear()');
      await d().get(`${server.url}/bf/results.html${mode == 'memory' ? '?memory' : ''}`);
      await expect.poll(arrived('IMPRESSION', J(1)), { timeout: 10_000 }).toBe(1);
      await new Promise((r) => setTimeout(r, 500)); // the reply read
      await d().findElement(By.id('job')).click();
      await expect.poll(arrived('VIEW', J(1)), { timeout: 10_000 }).toBe(1);
      await d().navigate().back();
      const shows = await d().executeScript<boolean[]>('return window.shows');
      console.log(`[bfcache webkit] ${mode}: pageshow.persisted ${JSON.stringify(shows)}`);
      expect(shows).toEqual([false, true]);
      const view = await d().executeScript<{ eventId: string; parentEventId: string }>(
        `return TalentBeacon.view({ job: '${J(2)}' })`,
      );
      expect(view.parentEventId).toBe(sent().find((e) => e.jobEvent.type == 'IMPRESSION')!.eventId);
      await expect.poll(() => sent().filter((e) => e.eventId == view.eventId).length, { timeout: 10_000 }).toBe(1);
    });
  }
});
