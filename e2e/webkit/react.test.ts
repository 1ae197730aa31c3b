// talent-beacon/react in WebKit: the StrictMode app of e2e/react.spec.ts (e2e/pages/react/app.tsx,
// bundled here from dist/ like a site bundles it) with the same assertions. Its own WebKit
// session (see webkit-driver.ts); the files run one after another.
import { readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { By } from 'selenium-webdriver';
import { bundleReactApp } from '../support/react-app.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { awaitInPage } from './in-page.js';
import { startWebKit, type WebKit } from './webkit-driver.js';
import { testJob as J, type SentEvent as Sent } from '../support/sent-event.js';

let webkit: WebKit;
let server: TestServer;
let out = '';

// WebDriver classic has no page-error event: the page is served with a first script that keeps
// the page's uncaught errors and rejections in window.pageErrors.
const CATCH = `<script>window.pageErrors = []; addEventListener('error', (e) => pageErrors.push(e.message)); addEventListener('unhandledrejection', (e) => pageErrors.push(String(e.reason)));</script>`;
async function reactPage(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== '/react/index.html') return false;
  const html = await readFile(resolve(import.meta.dirname, '../pages/react/index.html'), 'utf8');
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html.replace('<head>', `<head>${CATCH}`));
  return true;
}

beforeAll(async () => {
  out = await bundleReactApp();
  server = await startTestServer({ roots: [out, 'e2e/pages'], routes: reactPage });
  webkit = await startWebKit();
}, 60_000);
afterAll(async () => {
  await webkit?.quit();
  await server?.close();
  if (out) await rm(out, { recursive: true, force: true });
});

const d = () => webkit.driver;
const sent = () => server.collector.events as unknown as Sent[];
const byType = (type: string) => sent().filter((e) => e.jobEvent.type === type);
const results = () =>
  expect.poll(async () => (await d().findElements(By.css('#results li'))).length, { timeout: 10_000 }).toBe(3);
const title = (text: string) =>
  expect
    .poll(
      () =>
        d()
          .findElement(By.id('title'))
          .then(
            (e) => e.getText(),
            () => '',
          ),
      { timeout: 10_000 },
    )
    .toBe(text);

/** Waits until the app mounted (twice under StrictMode), then has the tracker send what it queued. */
async function flush() {
  await expect
    .poll(() => d().executeScript<boolean>("return typeof window.flushEvents == 'function'"), { timeout: 10_000 })
    .toBe(true);
  await awaitInPage(d(), 'window.flushEvents()');
}
const pageState = () =>
  d().executeScript<{ errors: string[]; effectRuns: number }>(
    'return { errors: window.trackerErrors, effectRuns: window.effectRuns }',
  );
const pageErrors = () => d().executeScript<string[]>('return window.pageErrors');

test('StrictMode app: one IMPRESSION per requestId, the VIEW under it, APPLICATION_START under the VIEW, also across reloads', async () => {
  await d().get(`${server.url}/react/index.html`);
  await results();
  await flush();
  expect(await pageState()).toEqual({ errors: [], effectRuns: 2 }); // StrictMode double-ran the effects
  const [impression, ...more] = byType('IMPRESSION');
  expect(more).toEqual([]);
  expect(impression).toMatchObject({ requestId: 'REQ-REACT-1', jobEvent: { jobs: [J(1), J(2), J(3)] } });
  expect(impression!.parentEventId).toBeUndefined();

  // Client-side navigation to the job page, then Apply.
  await d().findElement(By.id('job1')).click();
  await title('Job 1');
  await d().findElement(By.id('apply')).click();
  await expect.poll(async () => (await d().findElements(By.id('applied'))).length, { timeout: 10_000 }).toBe(1);
  await flush();
  const views = byType('VIEW');
  const starts = byType('APPLICATION_START');
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
  expect(await pageErrors()).toEqual([]);

  // A reload of the results: same requestId, so no second IMPRESSION (the link store remembers it).
  await d().get(`${server.url}/react/index.html`);
  await results();
  await flush();
  expect(await pageErrors()).toEqual([]);
  // A job page opened by a fresh page load finds its IMPRESSION and requestId by itself.
  await d().get(`${server.url}/react/index.html?job=2`);
  await title('Job 2');
  await flush();
  expect(await pageState()).toEqual({ errors: [], effectRuns: 2 });

  expect(byType('IMPRESSION')).toHaveLength(1);
  const view2 = byType('VIEW').filter((e) => e.jobEvent.jobs[0] === J(2));
  expect(view2).toHaveLength(1);
  expect(view2[0]).toMatchObject({ requestId: 'REQ-REACT-1', parentEventId: impression!.eventId });
  expect(sent()).toHaveLength(4);
  const counts = server.collector.counts();
  expect([...counts.values()].every((c) => c === 1)).toBe(true);
  expect(await pageErrors()).toEqual([]);
  console.log(
    `[delivery webkit] React StrictMode: ${JSON.stringify({ tracked: 4, delivered: counts.size, duplicates: sent().length - counts.size })}`,
  );
});
