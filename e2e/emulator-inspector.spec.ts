// The emulator as users start it (`talent-beacon-emulator`, the built CLI), fed through its REST
// API, and its inspector page checked in Chromium: visible trees, warnings, live refresh.
import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
let child: ChildProcess;
let url: string;
const P = '/v4/projects/demo/tenants/board';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  if (!existsSync(`${root}packages/talent-beacon-emulator/dist/cli.js`))
    throw new Error('packages/talent-beacon-emulator/dist/cli.js is missing: run `npm run build` first');
  child = spawn(process.execPath, ['packages/talent-beacon-emulator/bin/talent-beacon-emulator.js', '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before listening: ${out}`)));
  });
});

test.afterAll(async () => {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});

async function call(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: 'Bearer dev', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
  return json;
}

let at = Date.parse('2026-11-22T10:00:00.000Z');
const send = (type: string, jobs: string[], requestId: string, eventId: string) =>
  call('POST', `${P}/clientEvents`, {
    eventId,
    requestId,
    createTime: new Date((at += 1500)).toISOString(),
    jobEvent: { type, jobs },
  });

test('the inspector shows impression -> view -> application trees and the dashboard warnings', async ({
  page,
}, testInfo) => {
  const company = await call('POST', `${P}/companies`, { displayName: 'Lakeside Health', externalId: 'lakeside' });
  const titles = ['Registered Nurse', 'Night Nurse', 'Nurse Practitioner', 'Warehouse Driver'];
  const jobs: string[] = [];
  for (const [i, title] of titles.entries()) {
    jobs.push(
      (
        await call('POST', `${P}/jobs`, {
          company: company.name,
          requisitionId: `R-${i}`,
          title,
          description: `${title} job`,
        })
      ).name,
    );
  }
  const meta = { domain: 'board.example', sessionId: 's', userId: 'u' };
  const nurse = await call('POST', `${P}/jobs:search`, { requestMetadata: meta, jobQuery: { query: 'nurse' } });
  const r1 = nurse.metadata.requestId as string;
  const shown = nurse.matchingJobs.map((m: any) => m.job.name) as string[];
  expect(shown).toHaveLength(3);
  // A healthy chain...
  await send('IMPRESSION', shown, r1, 'imp-1');
  await send('VIEW', [shown[0]!], r1, 'view-1');
  await send('APPLICATION_START', [shown[0]!], r1, 'start-1');
  await send('APPLICATION_FINISH', [shown[0]!], r1, 'finish-1');
  // ...and the mistakes the dashboard flags.
  await send('APPLICATION_START_FROM_SEARCH', [shown[1]!], r1, 'sfs-1');
  await send('VIEW', [shown[1]!], r1, 'view-after-sfs');
  const driver = await call('POST', `${P}/jobs:search`, { requestMetadata: meta, jobQuery: { query: 'driver' } });
  const r2 = driver.metadata.requestId as string;
  await send('IMPRESSION', [jobs[3]!], r2, 'imp-2');
  await send('IMPRESSION', [jobs[3]!], r2, 'imp-2b');
  await send('VIEW', [jobs[3]!], r2, 'view-2');
  await send('APPLICATION_START', [jobs[3]!], r2, 'start-2');
  await send('APPLICATION_QUICK_SUBMISSION', [jobs[3]!], r2, 'quick-2');
  await send('VIEW', ['projects/demo/tenants/board/jobs/9999'], 'made-up-request', 'ghost');
  // v4 has no pageSize (it is maxPageSize): tolerated, but listed as something CTS refuses.
  await call('POST', `${P}/jobs:search`, { requestMetadata: meta, jobQuery: { query: 'nurse' }, pageSize: 2 });

  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url);
  await expect(page.locator('#n-events')).toHaveText('12');
  await expect(page.locator('#n-requests')).toHaveText('3');

  const first = page.locator('section.req', { hasText: r1 });
  await expect(first).toContainText('“nurse”');
  await expect(first).toContainText('requestId from a search');
  // The tree: the IMPRESSION holds the VIEW, which holds the START, which holds the FINISH.
  const chain = first.locator('ul.tree > li').first();
  await expect(chain.locator(':scope > .node .type')).toHaveText('IMPRESSION');
  await expect(chain.locator(':scope > ul > li > .node .eid').first()).toHaveText('view-1');
  await expect(chain.locator(':scope > ul > li > ul > li > .node .eid').first()).toHaveText('start-1');
  await expect(chain.locator(':scope > ul > li > ul > li > ul > li > .node .eid')).toHaveText('finish-1');
  await expect(first.locator('.rw')).toContainText('VIEW_AFTER_START_FROM_SEARCH');

  const second = page.locator('section.req', { hasText: r2 });
  await expect(second.locator('.rw')).toContainText('MULTIPLE_IMPRESSIONS');
  await expect(second.locator('.rw')).toContainText('QUICK_SUBMISSION_WITH_START_FINISH');

  const ghost = page.locator('section.req', { hasText: 'made-up-request' });
  await expect(ghost).toContainText('unknown requestId');
  await expect(ghost.locator('.rw')).toContainText('UNKNOWN_REQUEST_ID');
  await expect(ghost.locator('.rw')).toContainText('UNKNOWN_JOB');
  await expect(ghost.locator('.rw')).toContainText('NO_PARENT');
  await expect(page.locator('#warnings li')).toHaveCount(6);
  await expect(page.locator('#tolerated-panel')).toContainText('v4 calls it "maxPageSize"');

  await page.screenshot({ path: testInfo.outputPath('inspector.png'), fullPage: true });
  await testInfo.attach('inspector', { path: testInfo.outputPath('inspector.png'), contentType: 'image/png' });

  // Live: a new event shows up without a reload; the filter narrows the list.
  await send('BOOKMARK', [shown[2]!], r1, 'bookmark-live');
  await expect(page.locator('#n-events')).toHaveText('13');
  await expect(first).toContainText('bookmark-live');
  await page.fill('#filter', 'made-up');
  await expect(page.locator('section.req')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('the JSON route lists the same data, and faults show on the page', async ({ page }) => {
  const report = await (await fetch(`${url}/_emulator/events`)).json();
  expect(report.counts.events).toBe(13);
  expect(report.requests).toHaveLength(3);
  expect(report.warnings.map((w: any) => w.code).sort()).toEqual([
    'MULTIPLE_IMPRESSIONS',
    'NO_PARENT',
    'QUICK_SUBMISSION_WITH_START_FINISH',
    'UNKNOWN_JOB',
    'UNKNOWN_REQUEST_ID',
    'VIEW_AFTER_START_FROM_SEARCH',
  ]);
  expect(report.events[0]).toMatchObject({
    apiVersion: 'v4',
    parent: 'projects/demo/tenants/board',
    duplicate: false,
    event: { eventId: 'imp-1' },
  });
  await fetch(`${url}/_emulator/faults`, { method: 'PUT', body: JSON.stringify({ rate503: 0.25, script: ['429'] }) });
  await page.goto(url);
  await expect(page.locator('#faults')).toHaveText(/25% 503 · next calls: 429/);
  // The page's own Reset button (a same-origin POST, after a confirm).
  page.once('dialog', (dialog) => void dialog.accept());
  await page.click('#reset');
  await expect(page.locator('#n-events')).toHaveText('0');
  await expect(page.locator('.empty')).toContainText('No client events yet');
  await expect(page.locator('#faults')).toBeHidden();
});
