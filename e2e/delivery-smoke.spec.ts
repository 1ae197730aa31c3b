import { test, expect } from '@playwright/test';
import { queuedEvents } from './support/queued-events.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
test.beforeAll(async () => {
  server = await startTestServer();
});
test.afterAll(async () => {
  await server.close();
});

test('events tracked in Chromium reach the collector once, through IndexedDB and fetch', async ({ page }) => {
  await page.goto(`${server.url}/delivery.html`);
  const ids = await page.evaluate(() => (window as any).burst(5) as string[]);
  await page.evaluate(() => (window as any).tracker.flush());
  expect([...server.collector.counts().entries()].sort()).toEqual(ids.map((id) => [id, 1]).sort());
  const left = await queuedEvents(page);
  expect(left).toBe(0);
  expect(await page.evaluate(() => (window as any).errors)).toEqual([]);
});
