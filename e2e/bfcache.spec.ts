import { test as base, expect, type Page } from '@playwright/test';
import { startTestServer, type TestServer } from './support/test-server.js';
import { bfcacheRoutes } from './support/bfcache-pages.js';
import { testJob, type SentEvent } from './support/sent-event.js';

// The back/forward cache (issue 24): results -> job -> back. The browser keeps the results page
// alive when nothing of it has to run JavaScript while it is cached; the tracker must leave
// nothing pending there (a lock request, a timer, a run) and pick up again at the restore.
// Chromium's reasons come from CDP Page.backForwardCacheNotUsed and are printed when the page
// is not restored. Playwright starts Chromium with --disable-back-forward-cache: not here.
// Each case runs BFCACHE_RUNS times in each storage mode (default 2; 20 for the count).
const RUNS = Number(process.env.BFCACHE_RUNS ?? 2);
const test = base.extend({
  launchOptions: [
    async ({ launchOptions }, use) => use({ ...launchOptions, ignoreDefaultArgs: ['--disable-back-forward-cache'] }),
    { scope: 'worker' },
  ],
});

type Mode = 'indexeddb' | 'memory';
const MODES: Mode[] = ['indexeddb', 'memory']; // memory: the pages have no indexedDB

let server: TestServer;
test.beforeAll(async () => {
  server = await startTestServer({ routes: bfcacheRoutes });
});
test.afterAll(async () => {
  await server.close();
});

const sent = () => server.collector.events as unknown as SentEvent[];
const arrived = (type: string, job: string) => () =>
  sent().filter((e) => e.jobEvent.type == type && e.jobEvent.jobs.includes(job)).length;
/** How many requests carried this event (a batch, a beacon). */
const requestsWith = (id: string) => server.collector.requests.filter((r) => r.eventIds.includes(id)).length;

/**
 * One trip: the results page (its IMPRESSION), `before` (what the case does before the click,
 * the click included), the job page (its VIEW delivered), back. Returns whether the results page
 * came from the back/forward cache, and Chromium's reasons when it did not.
 */
async function trip(
  p: Page,
  mode: Mode,
  before: (p: Page) => Promise<void>,
): Promise<{ restored: boolean; reasons: string[] }> {
  const reasons: string[] = [];
  if (test.info().project.name == 'chromium') {
    const cdp = await p.context().newCDPSession(p);
    await cdp.send('Page.enable');
    cdp.on('Page.backForwardCacheNotUsed', (e) =>
      reasons.push(...e.notRestoredExplanations.map((x) => `${x.type}:${x.reason}`)),
    );
  }
  await p.goto(`${server.url}/bf/results.html${mode == 'memory' ? '?memory' : ''}`);
  await expect.poll(arrived('IMPRESSION', testJob(1))).toBe(1);
  await before(p);
  await p.waitForURL('**/bf/job.html*');
  await expect.poll(arrived('VIEW', testJob(1))).toBeGreaterThanOrEqual(1);
  // Not page.goBack(): it waits for a load event, which a page from the cache does not fire, and
  // in Firefox (BiDi) it fails on such a page; history.back() from the page works in both.
  await p.evaluate(() => history.back()).catch(() => {}); // the navigation may win the race with the answer
  // The job page has a `shows` list too: the results page's last pageshow, waited for and read
  // in one evaluation (not page.waitForURL: Firefox reports no navigation for a restored page;
  // read apart, the page could still navigate in between: Firefox once found no `shows` there).
  const last = await p.waitForFunction(() => {
    const shows = (window as unknown as { shows?: boolean[] }).shows;
    return location.pathname.endsWith('/bf/results.html') && shows?.length ? { persisted: shows.at(-1) } : undefined;
  });
  const { persisted } = (await last.jsonValue()) as { persisted: boolean };
  return { restored: persisted, reasons };
}

/** After the restore: a new VIEW of job 2 is delivered once, linked to the earlier IMPRESSION. */
async function worksAfter(p: Page, restored: boolean) {
  const view = await p.evaluate(() => {
    const tb = (window as unknown as { TalentBeacon: { view(i: object): { eventId: string; parentEventId?: string } } })
      .TalentBeacon;
    return tb.view({ job: 'projects/p/tenants/t/jobs/2' });
  });
  const impression = sent().find((e) => e.jobEvent.type == 'IMPRESSION')!;
  expect(view.parentEventId).toBe(impression.eventId);
  await expect.poll(() => sent().filter((e) => e.eventId == view.eventId).length).toBe(1);
  await p.waitForTimeout(600); // a second run of the queue would send it again
  // (Not asserted on a page loaded again, Firefox's with a send in flight: it sent such a VIEW in
  // 3 requests once in 2 runs of the memory mode; the proxy answers the copies `duplicate`.)
  if (restored) expect(requestsWith(view.eventId)).toBe(1);
}

// [name, what happens before the click, restored in Firefox]. Firefox (ESR 153) keeps no page
// with a request in flight in its cache, the tracker's keepalive fetch included: that page is
// loaded again (asserted, so that a change shows), and the tracker works on it too.
const cases: Array<[string, (p: Page) => Promise<void>, boolean?]> = [
  [
    'after its events were sent and answered',
    async (p) => {
      await p.waitForTimeout(500); // the reply read, the IndexedDB delete done
      await p.click('#job');
    },
  ],
  [
    'with a send in flight at the click (slow proxy answer)',
    async (p) => {
      server.collector.plan.push({ delayMs: 1500 });
      const id = await p.evaluate(
        () =>
          (window as unknown as { TalentBeacon: { view(i: object): { eventId: string } } }).TalentBeacon.view({
            job: 'projects/p/tenants/t/jobs/2',
          }).eventId,
      );
      await expect.poll(() => requestsWith(id)).toBe(1); // the request is out, its answer 1.5 s away
      await p.click('#job');
      // Firefox loads the results page again (it keeps no page with a request in flight): its
      // memory-mode tracker may send this VIEW more than once (the in-flight fetch, the pagehide
      // beacon, the spill adopted by the next page); the proxy answers copies `duplicate`.
      if (test.info().project.name == 'firefox')
        await expect.poll(arrived('VIEW', testJob(2))).toBeGreaterThanOrEqual(1);
      else await expect.poll(arrived('VIEW', testJob(2))).toBe(1);
    },
    false,
  ],
  [
    'right after a tracked event (tracked and clicked in one task)',
    async (p) => {
      const id = await p.evaluate(() => {
        const view = (
          window as unknown as { TalentBeacon: { view(i: object): { eventId: string } } }
        ).TalentBeacon.view({
          job: 'projects/p/tenants/t/jobs/2',
        });
        document.getElementById('job')!.click();
        return view.eventId;
      });
      await expect.poll(() => sent().filter((e) => e.eventId == id).length).toBe(1); // the pagehide beacon
      // Durable too, until an answer is read: spilled to localStorage at pagehide, or in IndexedDB.
      await p.waitForURL('**/bf/job.html*');
      const kept = await p.evaluate(async (id) => {
        // (Firefox keeps no sessionStorage written in pagehide: there, the spill as the job page
        // found it, before its tracker adopts it.)
        if ((sessionStorage.getItem('spilled') ?? localStorage.getItem('talent-beacon:unwritten'))?.includes(id))
          return 'spilled';
        if (!window.indexedDB) return 'lost';
        const db = await new Promise<IDBDatabase>(
          (resolve) =>
            (indexedDB.open('talent-beacon').onsuccess = (e) => resolve((e.target as IDBOpenDBRequest).result)),
        );
        const key = await new Promise(
          (resolve) =>
            (db.transaction('events').objectStore('events').getKey(id).onsuccess = (e) =>
              resolve((e.target as IDBRequest).result)),
        );
        db.close();
        return key == id ? 'in IndexedDB' : 'lost';
      }, id);
      expect(kept).not.toMatch(/^lost/);
    },
  ],
];

for (const mode of MODES) {
  for (const [name, before, firefox = true] of cases) {
    test(`${mode}: the results page is restored from the back/forward cache ${name}, and the tracker works after`, async ({
      browser,
    }) => {
      test.setTimeout(30_000 + RUNS * 15_000);
      const tally: string[] = [];
      for (let run = 0; run < RUNS; run++) {
        server.collector.reset();
        const context = await browser.newContext();
        const p = await context.newPage();
        const { restored, reasons } = await trip(p, mode, before);
        tally.push(restored ? 'restored' : `not restored (${reasons.join(', ') || 'no reason given'})`);
        await worksAfter(p, restored);
        await context.close();
      }
      console.log(
        `${test.info().project.name} ${mode}, ${name}: ${tally.filter((t) => t == 'restored').length} of ${RUNS} restored`,
      );
      const expected =
        test.info().project.name == 'firefox' && !firefox ? 'not restored (no reason given)' : 'restored';
      expect(tally).toEqual(Array(RUNS).fill(expected));
    });
  }
}
