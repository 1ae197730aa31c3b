import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { createEmulator } from '../packages/talent-beacon-emulator/src/index.js';
import type { Emulator } from '../packages/talent-beacon-emulator/src/index.js';

// The inspector's funnel section in Chromium: the figures of a known set of events, the SVG chart,
// and a screenshot (test-results/funnel/inspector-funnel.png) to look at.
const shots = fileURLToPath(new URL('../test-results/funnel/', import.meta.url));
let emulator: Emulator;
let url: string;
const P = 'projects/demo/tenants/t';

test.beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  emulator = createEmulator({ token: 'dev' });
  url = await emulator.listen(0, '127.0.0.1');
  const call = async (path: string, body: unknown) => {
    const r = await fetch(url + path, {
      method: 'POST',
      headers: { authorization: 'Bearer dev', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await r.json()) as { metadata?: { requestId: string } };
  };
  let n = 0;
  const event = (type: string, requestId: string, job = 1) =>
    call(`/v4/${P}/clientEvents`, {
      eventId: `e${++n}`,
      requestId,
      createTime: new Date().toISOString(),
      jobEvent: { type, jobs: [`${P}/jobs/${job}`] },
    });
  const search = async () =>
    (
      await call(`/v4/${P}/jobs:search`, {
        requestMetadata: { domain: 'd', sessionId: 's', userId: 'u' },
        jobQuery: {},
      })
    ).metadata!.requestId;
  // 10 searches, 9 with an IMPRESSION; 6 views, 4 starts, 3 applications, 2 interviews, 1 hire.
  const searches: string[] = [];
  for (let i = 0; i < 10; i++) searches.push(await search());
  for (let i = 0; i < 9; i++) await event('IMPRESSION', searches[i]!, i);
  for (let i = 0; i < 6; i++) await event('VIEW', searches[i]!, i);
  for (let i = 0; i < 4; i++) await event('APPLICATION_START', searches[i]!, i);
  for (let i = 0; i < 3; i++) await event('APPLICATION_FINISH', searches[i]!, i);
  for (let i = 0; i < 2; i++) await event('INTERVIEW_GRANTED', searches[i]!, i);
  await event('HIRED', searches[0]!, 0);
  await event('NOTIFICATION', 'alert-from-elsewhere', 5);
});
test.afterAll(() => emulator?.close());

test('the inspector shows the funnel: chart, rates, checks, per-day table', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url + '/');
  const panel = page.locator('#funnel-panel');
  await expect(panel).toBeVisible({ timeout: 10_000 });
  // 7 steps, one bar each; the counts next to the bars.
  await expect(panel.locator('#funnel-chart rect')).toHaveCount(7);
  await expect(panel.locator('#funnel-chart text.n')).toHaveText(['10', '9', '6', '4', '3', '2', '1']);
  // view rate 6/9, apply rate 3/6, hire rate 1/3
  await expect(panel.locator('#funnel-rates .rate b')).toHaveText(['66.7%', '50%', '33.3%']);
  await expect(panel.locator('#funnel-checks')).toContainText('1 search(es) without an IMPRESSION');
  await expect(panel.locator('#funnel-checks')).toContainText(
    '1 event(s) whose requestId no search returned (alert-from-elsewhere)',
  );
  await expect(panel.locator('#funnel-days tr').last()).toContainText('Total');
  await panel.screenshot({ path: `${shots}inspector-funnel.png` });
  await page.screenshot({ path: `${shots}inspector-page.png` });
});
