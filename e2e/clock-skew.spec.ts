// A device whose clock is wrong (issue 25): the script tag's tracker in a page whose clock
// Playwright sets ahead or behind (page.clock.setSystemTime: Date only, the page's timers stay
// real) -> the real proxy on 127.0.0.1 -> the CTS emulator. The true time is this machine's
// clock when the event is tracked; every event must be stored once, dated within 60 s of it.
import { test, expect, type Page } from '@playwright/test';
import { createEmulator } from '../packages/talent-beacon-emulator/src/index.js';
import { queuedEvents } from './support/queued-events.js';
import { startProxyServer, type ProxyServer } from './support/proxy-server.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

let site: TestServer;
let proxy: ProxyServer;
const emulator = createEmulator({ token: 'dev' });

test.beforeAll(async () => {
  site = await startTestServer();
  proxy = await startProxyServer([site.url], await emulator.listen());
});
test.afterAll(async () => {
  await proxy.close();
  await emulator.close();
  await site.close();
});

/** Sets the page's clock `offset` ms off this machine's (0: right). */
const skew = (page: Page, offset: number) => page.clock.setSystemTime(Date.now() + offset);
const open = (page: Page, endpoint: string, extra: Record<string, unknown> = {}) =>
  page.goto(`${site.url}/delivery.html?o=${encodeURIComponent(JSON.stringify({ endpoint, ...extra }))}`);
/** The emulator's copies of these events: eventId -> createTime, and how many copies in all. */
const stored = (ids: string[]) => {
  const mine = emulator.clientEvents().filter((e) => ids.includes(String(e.event.eventId)));
  return {
    count: mine.length,
    times: new Map(mine.map((e) => [String(e.event.eventId), Date.parse(String(e.event.createTime))])),
  };
};
/** One row of the table, in the test's output. */
const row = (clock: string, ids: string[], errors: string[]) =>
  console.log(`| ${clock} | ${stored(ids).times.size} / ${ids.length} | ${errors.length ? errors[0] : '—'} |`);

const CLOCKS: Array<[string, number]> = [
  ['right', 0],
  ['10 minutes ahead', 10 * MIN],
  ['2 hours ahead', 2 * HOUR],
  ['4 days behind', -4 * DAY],
];

for (const [name, offset] of CLOCKS) {
  test(`a device clock ${name}: each event is stored once, dated within 60 s of the true time`, async ({ page }) => {
    await skew(page, offset);
    await open(page, proxy.url);
    const tracked = Date.now();
    const ids = await page.evaluate(() => (window as any).burst(3) as string[]);
    await page.evaluate(() => (window as any).tracker.flush());
    const errors = await page.evaluate(() => (window as any).errors as string[]);
    row(name, ids, errors);
    const { count, times } = stored(ids);
    expect(count).toBe(3);
    for (const id of ids) expect(Math.abs(times.get(id)! - tracked)).toBeLessThan(60_000);
    expect(errors).toEqual([]);
    expect(await queuedEvents(page)).toBe(0);
    // The emulator knows from the proxy's header which times were derived, and by how much.
    const notes = emulator
      .clientEvents()
      .filter((e) => ids.includes(String(e.event.eventId)))
      .map((e) => e.deviceClock);
    if (offset === 0) expect(notes).toEqual([undefined, undefined, undefined]);
    else for (const note of notes) expect(Math.abs(note!.offsetMs - offset)).toBeLessThan(5_000);
  });
}

test('the inspector shows that a createTime was derived, and by how much the device clock was off', async ({
  page,
}) => {
  await skew(page, 2 * HOUR);
  await open(page, proxy.url);
  await page.evaluate(() => (window as any).burst(1));
  await page.evaluate(() => (window as any).tracker.flush());
  await page.clock.setSystemTime(Date.now());
  await page.goto(emulator.url);
  await expect(page.getByText(/derived: device clock off by \+7(199|200) s/).first()).toBeVisible();
});

// Two page loads: the first tracks while its proxy cannot be reached (the events stay in
// IndexedDB), the device clock changes, and the second page sends them.
const JUMPS: Array<[string, number, number]> = [
  ['2 hours ahead, then set right', 2 * HOUR, 0],
  ['10 minutes ahead, then 4 days behind', 10 * MIN, -4 * DAY],
  ['4 days behind on both pages', -4 * DAY, -4 * DAY],
];

for (const [name, before, after] of JUMPS) {
  test(`a queue written under one clock and sent under another (${name}): stored once, within 60 s`, async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await skew(page, before);
    // Nothing listens on port 9: the first page's requests and beacons all fail.
    await open(page, 'http://127.0.0.1:9/cts/events', { flushInterval: 600_000 });
    const tracked = Date.now();
    const ids = await page.evaluate(() => (window as any).burst(3) as string[]);
    await page.evaluate(() => (window as any).tracker.flush());
    expect(await queuedEvents(page)).toBe(3);
    await page.goto('about:blank');
    await skew(page, after);
    await open(page, proxy.url);
    // Under the same clock the second page waits for the 30 s grace of the first page's beacon
    // marks (the beacons may have arrived); a mark dated after now (the clock went back) is void.
    const errors: string[] = [];
    try {
      await expect.poll(() => stored(ids).count, { timeout: 45_000 }).toBe(3);
    } finally {
      errors.push(...(await page.evaluate(() => (window as any).errors as string[])));
      row(name, ids, errors);
    }
    const { count, times } = stored(ids);
    expect(count).toBe(3);
    for (const id of ids) expect(Math.abs(times.get(id)! - tracked)).toBeLessThan(60_000);
    expect(errors).toEqual([]);
    expect(await queuedEvents(page)).toBe(0);
  });
}
