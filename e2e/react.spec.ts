import { rm } from 'node:fs/promises';
import { test as base, expect, type Page } from '@playwright/test';
import { bundleReactApp } from './support/react-app.js';
import { startTestServer, type TestServer } from './support/test-server.js';
import { testJob as J, type SentEvent as Sent } from './support/sent-event.js';

// talent-beacon/react in a real page: e2e/pages/react/app.tsx bundled the way a site bundles its
// app, from the files the package publishes (run `npm run build` first), by bundleReactApp (also
// used by the WebKit suite). React's development build, so <StrictMode> really runs every effect
// twice.

let out = '';

// Every test gets its own collector and (Playwright's default) a fresh browser context, so
// localStorage and IndexedDB start empty and the events counted are this test's only.
const test = base.extend<{ server: TestServer }>({
  server: async ({}, use) => {
    const server = await startTestServer({ roots: [out, 'e2e/pages'] });
    await use(server);
    await server.close();
  },
});

test.beforeAll(async () => {
  out = await bundleReactApp();
});
test.afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

type TestWindow = { flushEvents?: () => Promise<void>; trackerErrors: string[]; effectRuns: number };

/** Waits until the app mounted (twice under StrictMode), then has the tracker send what it queued. */
async function flush(page: Page) {
  await page.waitForFunction(() => typeof (window as unknown as TestWindow).flushEvents == 'function');
  await page.evaluate(() => (window as unknown as TestWindow).flushEvents!());
}
const sent = (server: TestServer) => server.collector.events as unknown as Sent[];
const byType = (server: TestServer, type: string) => sent(server).filter((e) => e.jobEvent.type === type);
async function pageState(page: Page) {
  return page.evaluate(() => {
    const w = window as unknown as TestWindow;
    return { errors: w.trackerErrors, effectRuns: w.effectRuns };
  });
}

test('StrictMode app: one IMPRESSION per requestId, the VIEW under it, APPLICATION_START under the VIEW, also across reloads', async ({
  page,
  server,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  await page.goto(`${server.url}/react/index.html`);
  await expect(page.locator('#results li')).toHaveCount(3);
  await flush(page);
  expect(await pageState(page)).toEqual({ errors: [], effectRuns: 2 }); // StrictMode double-ran the effects
  const [impression, ...more] = byType(server, 'IMPRESSION');
  expect(more).toEqual([]);
  expect(impression).toMatchObject({ requestId: 'REQ-REACT-1', jobEvent: { jobs: [J(1), J(2), J(3)] } });
  expect(impression!.parentEventId).toBeUndefined();

  // Client-side navigation to the job page, then Apply.
  await page.click('#job1');
  await expect(page.locator('#title')).toHaveText('Job 1');
  await page.click('#apply');
  await expect(page.locator('#applied')).toBeVisible();
  await flush(page);
  const views = byType(server, 'VIEW');
  const starts = byType(server, 'APPLICATION_START');
  expect(views).toHaveLength(1);
  expect(starts).toHaveLength(1);
  expect(views[0]).toMatchObject({
    requestId: 'REQ-REACT-1',
    parentEventId: impression!.eventId,
    jobEvent: { jobs: [J(1)] },
  });
  expect(starts[0]).toMatchObject({
    requestId: 'REQ-REACT-1',
    parentEventId: views[0]!.eventId,
    jobEvent: { jobs: [J(1)] },
  });

  // A reload of the results: same requestId, so no second IMPRESSION (the link store remembers it).
  await page.goto(`${server.url}/react/index.html`);
  await expect(page.locator('#results li')).toHaveCount(3);
  await flush(page);
  // A job page opened by a fresh page load finds its IMPRESSION and requestId by itself.
  await page.goto(`${server.url}/react/index.html?job=2`);
  await expect(page.locator('#title')).toHaveText('Job 2');
  await flush(page);
  expect(await pageState(page)).toEqual({ errors: [], effectRuns: 2 });

  expect(byType(server, 'IMPRESSION')).toHaveLength(1);
  const view2 = byType(server, 'VIEW').filter((e) => e.jobEvent.jobs[0] === J(2));
  expect(view2).toHaveLength(1);
  expect(view2[0]).toMatchObject({ requestId: 'REQ-REACT-1', parentEventId: impression!.eventId });
  expect(sent(server)).toHaveLength(4);
  expect([...server.collector.counts().values()].every((c) => c === 1)).toBe(true);
  expect(pageErrors).toEqual([]);
});
