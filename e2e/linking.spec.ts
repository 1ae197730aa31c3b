import { test as base, expect, type Page } from '@playwright/test';
import { startTestServer, type TestServer } from './support/test-server.js';
import { testJob as J, type SentEvent as Sent } from './support/sent-event.js';

// Every test gets its own collector and (Playwright's default) a fresh browser context, so
// localStorage and IndexedDB start empty and the events counted are this test's only.
const test = base.extend<{ server: TestServer }>({
  server: async ({}, use) => {
    const server = await startTestServer();
    await use(server);
    await server.close();
  },
});

type TB = { TalentBeacon: { init?: unknown; flush(): Promise<void>; setConsent(g: boolean): void } };

/** Waits for the script build to be running on `page`, then sends what it queued. */
async function flush(page: Page) {
  await page.waitForFunction(() => typeof (window as unknown as TB).TalentBeacon?.init == 'function');
  await page.evaluate(() => (window as unknown as TB).TalentBeacon.flush());
}
/** The events the collector got, once there are `n` (each eventId once). */
async function received(server: TestServer, n: number): Promise<Sent[]> {
  await expect.poll(() => server.collector.events.length).toBeGreaterThanOrEqual(n);
  expect([...server.collector.counts().values()].every((c) => c === 1)).toBe(true);
  return server.collector.events as unknown as Sent[];
}
const byType = (events: Sent[], type: string) => events.filter((e) => e.jobEvent.type === type);
/**
 * The page's console warnings as text. Errors are turned into "Name: message" in the page before
 * they reach the console: over WebDriver BiDi (the firefox project) an Error argument arrives as
 * just "Error", without its message.
 */
async function consoleWarnings(page: Page): Promise<string[]> {
  const warnings: string[] = [];
  await page.addInitScript(() => {
    const warn = console.warn.bind(console);
    console.warn = (...args: unknown[]) =>
      warn(...args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : a)));
  });
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  return warnings;
}
function noPageErrors(page: Page) {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

test('results page -> job page -> Apply: VIEW and APPLICATION_START arrive linked to their parents', async ({
  page,
  server,
}) => {
  const errors = noPageErrors(page);
  await page.goto(`${server.url}/linking/results.html`);
  await flush(page);
  const [impression] = await received(server, 1);
  expect(impression).toMatchObject({ requestId: 'REQ-1', jobEvent: { type: 'IMPRESSION', jobs: [J(1), J(2), J(3)] } });
  expect(impression!.parentEventId).toBeUndefined();

  await page.click('#job1');
  await page.waitForURL('**/job.html?id=1');
  await flush(page);
  await page.click('#apply');
  await flush(page);
  const events = await received(server, 3);
  const [view] = byType(events, 'VIEW');
  const [start] = byType(events, 'APPLICATION_START');
  expect(view).toMatchObject({ requestId: 'REQ-1', parentEventId: impression!.eventId, jobEvent: { jobs: [J(1)] } });
  expect(start).toMatchObject({ requestId: 'REQ-1', parentEventId: view!.eventId, jobEvent: { jobs: [J(1)] } });
  expect(events).toHaveLength(3);
  expect(errors).toEqual([]);
});

test('an application form carries the job chain to the server: requestId and the APPLICATION_FINISH the submit click tracked', async ({
  page,
}) => {
  const posted: string[] = [];
  const server = await startTestServer({
    routes: (req, res, body) => {
      if (req.url !== '/apply') return false;
      posted.push(body.toString());
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Thanks</title>');
      return true;
    },
  });
  try {
    const errors = noPageErrors(page);
    await page.goto(`${server.url}/linking/results.html`);
    await flush(page);
    await page.click('#job1');
    await page.waitForURL('**/job.html?id=1');
    await flush(page);
    await page.click('#apply');
    await page.goto(`${server.url}/linking/apply.html?id=1`);
    await page.waitForFunction(() => typeof (window as unknown as TB).TalentBeacon?.init == 'function');
    await Promise.all([page.waitForURL('**/apply'), page.click('#send')]);
    expect(posted).toHaveLength(1);
    const chain = JSON.parse(new URLSearchParams(posted[0]).get('cts-chain')!);
    const events = await received(server, 4);
    const [impression] = byType(events, 'IMPRESSION');
    const [finish] = byType(events, 'APPLICATION_FINISH');
    expect(chain).toEqual({ requestId: 'REQ-1', eventId: finish!.eventId });
    expect(finish).toMatchObject({
      requestId: impression!.requestId,
      parentEventId: byType(events, 'APPLICATION_START')[0]!.eventId,
    });
    expect(errors).toEqual([]);
  } finally {
    await server.close();
  }
});

test('the job page opened in a new tab finds the IMPRESSION of the results tab', async ({ page, context, server }) => {
  await page.goto(`${server.url}/linking/results.html`);
  await flush(page);
  const [impression] = await received(server, 1);
  const [tab] = await Promise.all([context.waitForEvent('page'), page.click('#job2')]);
  const errors = noPageErrors(tab);
  await tab.waitForLoadState();
  await flush(tab);
  await tab.click('#apply');
  await flush(tab);
  const events = await received(server, 3);
  const [view] = byType(events, 'VIEW');
  const [start] = byType(events, 'APPLICATION_START');
  expect(view).toMatchObject({ requestId: 'REQ-1', parentEventId: impression!.eventId, jobEvent: { jobs: [J(2)] } });
  expect(start).toMatchObject({ requestId: 'REQ-1', parentEventId: view!.eventId });
  // A click on the results tab after that still links to its IMPRESSION.
  await page.click('#save3');
  await flush(page);
  const [bookmark] = byType(await received(server, 4), 'BOOKMARK');
  expect(bookmark).toMatchObject({
    requestId: 'REQ-1',
    parentEventId: impression!.eventId,
    jobEvent: { jobs: [J(3)] },
  });
  expect(errors).toEqual([]);
});

test('one IMPRESSION per requestId, also across a reload', async ({ page, server }) => {
  await page.goto(`${server.url}/linking/results.html`);
  await flush(page);
  await received(server, 1);
  await page.reload();
  await flush(page);
  // The reloaded page's impression() returned the stored event and queued nothing; a VIEW
  // proves the page ran its markup and sent what it had.
  await page.evaluate(() =>
    (window as unknown as { TalentBeacon: { view(i: object): void } }).TalentBeacon.view({
      job: 'projects/p/tenants/t/jobs/3',
    }),
  );
  await flush(page);
  const events = await received(server, 2);
  expect(byType(events, 'IMPRESSION')).toHaveLength(1);
  expect(byType(events, 'VIEW')[0]!.parentEventId).toBe(byType(events, 'IMPRESSION')[0]!.eventId);
});

test('a SPA: lists inserted after load are reported, the job view and Apply link to them', async ({ page, server }) => {
  const errors = noPageErrors(page);
  await page.goto(`${server.url}/linking/spa.html`);
  await flush(page);
  expect(server.collector.events).toEqual([]);
  await page.click('#search');
  await page.waitForSelector('[data-cts-request-id="SPA-1"] li');
  await flush(page);
  const [imp1] = await received(server, 1);
  expect(imp1).toMatchObject({ requestId: 'SPA-1', jobEvent: { type: 'IMPRESSION', jobs: [J(11), J(12)] } });

  await page.click('[data-open="12"]');
  await page.click('#apply');
  await flush(page);
  let events = await received(server, 3);
  const [view] = byType(events, 'VIEW');
  expect(view).toMatchObject({ requestId: 'SPA-1', parentEventId: imp1!.eventId, jobEvent: { jobs: [J(12)] } });
  expect(byType(events, 'APPLICATION_START')[0]).toMatchObject({ requestId: 'SPA-1', parentEventId: view!.eventId });

  // A second search renders a new list: a second IMPRESSION with its own requestId.
  await page.click('#search');
  await page.waitForSelector('[data-cts-request-id="SPA-2"] li');
  await flush(page);
  events = await received(server, 4);
  expect(byType(events, 'IMPRESSION').map((e) => [e.requestId, e.jobEvent.jobs])).toEqual([
    ['SPA-1', [J(11), J(12)]],
    ['SPA-2', [J(21), J(22)]],
  ]);
  expect(errors).toEqual([]);
});

test('calls made before the script loaded (the TalentBeacon.q stub) are replayed in order and linked', async ({
  page,
  server,
}) => {
  const errors = noPageErrors(page);
  const warnings = await consoleWarnings(page);
  await page.goto(`${server.url}/linking/stub.html`);
  await flush(page);
  const events = await received(server, 3);
  expect(events.map((e) => e.jobEvent.type)).toEqual(['IMPRESSION', 'VIEW', 'APPLICATION_START']);
  const [imp, view, start] = events;
  expect(view).toMatchObject({ requestId: 'REQ-STUB', parentEventId: imp!.eventId });
  expect(start).toMatchObject({ requestId: 'REQ-STUB', parentEventId: view!.eventId });
  expect(
    await page.evaluate(() => (window as unknown as { TalentBeacon: { q: unknown[] } }).TalentBeacon.q.length),
  ).toBe(0);
  expect(errors).toEqual([]);
  expect(warnings.join('\n')).toMatch(/not a job name/); // the bad queued call, reported
});

test('bad markup is reported on the console, never thrown into the page; good markup still works', async ({
  page,
  server,
}) => {
  const errors = noPageErrors(page);
  const warnings = await consoleWarnings(page);
  await page.goto(`${server.url}/linking/bad.html`);
  await page.click('#unknown');
  await flush(page);
  const events = await received(server, 1);
  expect(events.map((e) => [e.jobEvent.type, e.requestId])).toEqual([['IMPRESSION', 'REQ-OK']]);
  expect(errors).toEqual([]);
  await expect.poll(() => warnings.join('\n')).toMatch(/jobs\/1/);
  const all = warnings.join('\n');
  expect(all).toMatch(/APPLY_NOW/);
  // The script build's terse form (the ESM build says more): field, rule and the job.
  expect(all).toMatch(/requestId: required \(not found for projects\/p\/jobs\/404\)/);
  await expect(page.locator('#after')).toBeVisible();
});

test('data-consent="false": nothing is sent until setConsent(true)', async ({ page, server }) => {
  await page.goto(`${server.url}/linking/consent.html`);
  await flush(page);
  expect(server.collector.requests).toEqual([]);
  await page.evaluate(() => (window as unknown as TB).TalentBeacon.setConsent(true));
  await flush(page);
  const [imp] = await received(server, 1);
  expect(imp).toMatchObject({ requestId: 'REQ-C', jobEvent: { type: 'IMPRESSION' } });
});
