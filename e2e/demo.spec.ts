import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test, expect, type Page } from '@playwright/test';
import { startDemo, type RunningDemo } from '../packages/demo/src/start-demo.js';

// The demo walk: the same function `npm start` (talent-beacon-demo) runs (emulator + real proxy + board +
// seed), on free ports; each board version in a fresh browser context (empty IndexedDB and link
// store). The assertions read the emulator's JSON route, i.e. what "CTS" received.
// Needs the built bundles (npm test builds them first: npm run build && npm run build:demo).

const screens = fileURLToPath(new URL('../test-results/demo-screens/', import.meta.url));
let demo: RunningDemo;

test.beforeAll(async () => {
  const reactBundle = fileURLToPath(new URL('../packages/demo/dist/board/react-board.js', import.meta.url));
  if (!existsSync(reactBundle))
    throw new Error(`${reactBundle} is missing: run \`npm run build && npm run build:demo\` first`);
  mkdirSync(screens, { recursive: true });
  demo = await startDemo({ port: 0, emulatorPort: 0 });
});
test.afterAll(async () => {
  await demo?.close();
});

interface TreeNode {
  eventId: string;
  type: string;
  jobs: string[];
  children: TreeNode[];
}
interface Report {
  requests: Array<{ requestId: string | null; known: boolean; roots: TreeNode[]; warnings: Array<{ code: string }> }>;
  events: Array<{
    event: { eventId: string; requestId?: string; jobEvent: { type: string; jobs: string[] } };
    duplicate: boolean;
  }>;
  /** Requests the emulator answered although CTS would refuse them (e.g. v4 `pageSize`). */
  tolerated: Array<{ message: string }>;
}

async function report(): Promise<Report> {
  const response = await fetch(new URL('/_emulator/events', demo.inspectorUrl));
  expect(response.status).toBe(200);
  return (await response.json()) as Report;
}

/** Waits until the emulator holds IMPRESSION -> VIEW(job) -> APPLICATION_START(job) for requestId. */
async function chainArrived(requestId: string, job: string): Promise<Report> {
  await expect
    .poll(
      async () => {
        const types = (await report()).events
          .filter((e) => e.event.requestId === requestId)
          .map((e) => e.event.jobEvent.type);
        return ['IMPRESSION', 'VIEW', 'APPLICATION_START'].every((t) => types.includes(t));
      },
      { message: `the chain of ${requestId} / ${job} reaches the emulator`, timeout: 20_000 },
    )
    .toBe(true);
  return report();
}

/** The assertions, on what the emulator received. */
function expectChain(
  data: Report,
  requestId: string,
  job: string,
): { impression: string; view: string; start: string } {
  // The job's VIEW and APPLICATION_START carry the search's requestId (the link store found it
  // on a later page); none arrived without one, and nothing arrived twice.
  const mine = data.events.filter((e) => e.event.requestId === requestId);
  expect(data.events.filter((e) => !e.event.requestId)).toEqual([]);
  expect(mine.filter((e) => e.duplicate)).toEqual([]);
  for (const type of ['VIEW', 'APPLICATION_START']) {
    expect(
      mine.filter((e) => e.event.jobEvent.type === type).map((e) => e.event.jobEvent.jobs),
      type,
    ).toEqual([[job]]);
  }
  expect(mine.filter((e) => e.event.jobEvent.type === 'IMPRESSION')).toHaveLength(1);

  const group = data.requests.find((g) => g.requestId === requestId);
  expect(group, `the inspector groups requestId ${requestId}`).toBeDefined();
  expect(group!.known).toBe(true); // a requestId the emulator's jobs:search handed out
  expect(group!.warnings.map((w) => w.code)).toEqual([]);
  expect(group!.roots).toHaveLength(1);
  const impression = group!.roots[0]!;
  expect(impression.type).toBe('IMPRESSION');
  expect(impression.jobs).toContain(job);
  const view = impression.children.find((c) => c.type === 'VIEW');
  expect(view, 'the VIEW hangs under the IMPRESSION').toBeDefined();
  expect(view!.jobs).toEqual([job]);
  const start = view!.children.find((c) => c.type === 'APPLICATION_START');
  expect(start, 'the APPLICATION_START hangs under the VIEW').toBeDefined();
  expect(start!.jobs).toEqual([job]);
  return { impression: impression.eventId, view: view!.eventId, start: start!.eventId };
}

/** The rows of the page's event panel: what the tracker queued, with the parents it set. */
async function panelRows(
  page: Page,
): Promise<Array<{ eventId: string; type: string; parent: string; requestId: string; state: string }>> {
  return page.locator('.tb-panel tbody tr').evaluateAll((rows) =>
    rows.map((row) => ({
      eventId: row.getAttribute('data-event-id') ?? '',
      type: row.querySelector('.tb-type')?.textContent ?? '',
      parent: row.children[2]?.getAttribute('title') ?? '',
      requestId: row.children[3]?.getAttribute('title') ?? '',
      state: row.getAttribute('data-state') ?? '',
    })),
  );
}

test('multi-page board (script tag + data-cts-*): search, open a result, apply, close mid-way', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(new URL('/multi/?q=engineer', demo.boardUrl).href);
  const list = page.locator('ol.results[data-cts-request-id]');
  await expect(list.locator('li')).not.toHaveCount(0);
  const requestId = (await list.getAttribute('data-cts-request-id'))!;
  const job = (await list.locator('li').first().getAttribute('data-cts-job'))!;
  // The panel sees the IMPRESSION leave and reach the emulator.
  await expect(page.locator('.tb-panel tr[data-state="delivered"] .tb-type', { hasText: 'IMPRESSION' })).toBeVisible({
    timeout: 15_000,
  });
  await page.screenshot({ path: `${screens}multi-results.png` });

  await list.locator('li').first().locator('.job-title a').click();
  await expect(page.locator(`main[data-cts-view="${job}"]`)).toBeVisible();
  await expect(page.locator('.tb-panel tr[data-state="delivered"] .tb-type', { hasText: 'VIEW' })).toBeVisible({
    timeout: 15_000,
  });
  await page.screenshot({ path: `${screens}multi-job.png` });

  await page.getByRole('link', { name: 'Apply now' }).click();
  await expect(page).toHaveURL(/\/apply$/);
  await page.close(); // mid-way: the form is never submitted
  const ids = expectChain(await chainArrived(requestId, job), requestId, job);
  expect(ids.view).not.toBe(ids.impression);
  await context.close();
});

for (const version of ['spa', 'react'] as const) {
  test(`${version} board: search, open a result, apply, close mid-way`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const searched = page.waitForResponse((r) => r.url().includes('/api/search?'));
    await page.goto(new URL(`/${version}/`, demo.boardUrl).href);
    // Search like a person: type, press Enter; the results are inserted after load.
    const firstSearch = (await (await searched).json()) as { requestId: string };
    await page.getByLabel('Search jobs').fill('nurse');
    const nurseSearch = page.waitForResponse((r) => r.url().includes('/api/search?q=nurse'));
    await page.getByLabel('Search jobs').press('Enter');
    const result = (await (await nurseSearch).json()) as {
      requestId: string;
      jobs: Array<{ name: string; title: string }>;
    };
    expect(result.requestId).not.toBe(firstSearch.requestId); // every search is a new requestId
    expect(result.jobs.length).toBeGreaterThan(0);
    const requestId = result.requestId;
    const job = result.jobs[0]!.name;
    await expect(page.locator('.results .job-card')).toHaveCount(result.jobs.length);
    await expect(page.locator('.tb-panel tr[data-state="delivered"] .tb-type', { hasText: 'IMPRESSION' })).toHaveCount(
      2,
      { timeout: 15_000 },
    );
    if (version === 'react') await page.screenshot({ path: `${screens}react-results.png` });

    await page.locator('.results .job-title a').first().click();
    await expect(page.getByRole('heading', { level: 1, name: result.jobs[0]!.title })).toBeVisible();
    await expect(page.locator('.tb-panel tr[data-state="delivered"] .tb-type', { hasText: 'VIEW' })).toBeVisible({
      timeout: 15_000,
    });
    if (version === 'spa') await page.screenshot({ path: `${screens}spa-job.png` });

    await page.getByRole('button', { name: 'Apply now' }).click();
    await expect(page.getByRole('button', { name: 'Submit application' })).toBeVisible();
    // What the tracker built, as the panel lists it: the parents the proxy will drop for v4.
    const rows = await panelRows(page);
    await page.close(); // mid-way: APPLICATION_START may still be queued; it must leave by beacon

    const data = await chainArrived(requestId, job);
    const ids = expectChain(data, requestId, job);
    const row = (id: string) => rows.find((r) => r.eventId === id);
    expect(row(ids.impression)?.type).toBe('IMPRESSION');
    expect(row(ids.view)).toMatchObject({ type: 'VIEW', parent: ids.impression, requestId });
    expect(row(ids.start)).toMatchObject({ type: 'APPLICATION_START', parent: ids.view, requestId });
    // Nothing this page queued was lost: every row reached the emulator.
    const received = new Set(data.events.map((e) => e.event.eventId));
    expect(rows.filter((r) => !received.has(r.eventId))).toEqual([]);
    await context.close();
  });
}

test('the inspector shows the chains that arrived', async ({ browser }) => {
  // Its own walk, so this test does not depend on the order the others ran in.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(new URL('/multi/?q=driver', demo.boardUrl).href);
  const list = page.locator('ol.results[data-cts-request-id]');
  const requestId = (await list.getAttribute('data-cts-request-id'))!;
  const job = (await list.locator('li').first().getAttribute('data-cts-job'))!;
  await list.locator('li').first().locator('.job-title a').click();
  await page.getByRole('link', { name: 'Apply now' }).click();
  await expect(page).toHaveURL(/\/apply$/);
  const data = await chainArrived(requestId, job);
  expectChain(data, requestId, job);
  // The board spoke CTS v4 as CTS would accept it: nothing merely tolerated by the emulator.
  expect(data.tolerated).toEqual([]);

  await page.goto(demo.inspectorUrl);
  await expect(page.getByText(requestId).first()).toBeVisible({ timeout: 10_000 });
  await expect(page.getByText('APPLICATION_START').first()).toBeVisible();
  await page.screenshot({ path: `${screens}inspector.png`, fullPage: false });
  await context.close();
});

test('back office: an application made here is marked interviewed and hired; INTERVIEW_GRANTED and HIRED arrive under it with the search requestId (v4: inferred)', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(new URL('/multi/?q=nurse', demo.boardUrl).href);
  const list = page.locator('ol.results[data-cts-request-id]');
  const requestId = (await list.getAttribute('data-cts-request-id'))!;
  const job = (await list.locator('li').first().getAttribute('data-cts-job'))!;
  await list.locator('li').first().locator('.job-title a').click();
  await expect(page.locator(`main[data-cts-view="${job}"]`)).toBeVisible();
  await page.getByRole('link', { name: 'Apply now' }).click();
  await expect(page).toHaveURL(/\/apply$/);
  await page.getByLabel('Full name').fill('Ada Lovelace');
  await page.getByRole('button', { name: 'Submit application' }).click();
  await expect(page).toHaveURL(/\/applied$/);

  // The form carried the chain: the search's requestId and the APPLICATION_FINISH's eventId.
  const application = demo.backOffice.list().find((a) => a.job === job && a.applicant === 'Ada Lovelace')!;
  expect(application.chain?.requestId).toBe(requestId);
  await expect
    .poll(
      async () =>
        (await report()).events.some(
          (e) => e.event.eventId === application.chain?.eventId && e.event.jobEvent.type === 'APPLICATION_FINISH',
        ),
      {
        timeout: 15_000,
      },
    )
    .toBe(true);

  await page.goto(new URL('/backoffice', demo.boardUrl).href);
  const row = page.locator(`tr[data-application="${application.id}"]`);
  await expect(row.locator('.chain-request-id')).toHaveText(requestId);
  await row.getByRole('button', { name: 'Interviewed' }).click();
  await expect(row.locator('.report[data-type="INTERVIEW_GRANTED"]')).toHaveAttribute('data-status', 'reported');
  await row.getByRole('button', { name: 'Hired' }).click();
  await expect(row.locator('.report[data-type="HIRED"]')).toHaveAttribute('data-status', 'reported');
  await expect(row.getByRole('button', { name: 'Hired' })).toBeDisabled(); // reported once
  await page.screenshot({ path: `${screens}back-office.png` });

  // In the emulator: under the application (v4 has no parentEventId: the parent is inferred from
  // the job and the order), with the search's requestId.
  const data = await report();
  const hired = data.events.filter((e) => e.event.jobEvent.type === 'HIRED' && e.event.jobEvent.jobs[0] === job);
  expect(hired.map((e) => e.event.requestId)).toEqual([requestId]);
  const group = data.requests.find((g) => g.requestId === requestId)!;
  expect(group.known).toBe(true);
  const find = (nodes: TreeNode[], id: string): TreeNode | undefined =>
    nodes.map((n) => (n.eventId === id ? n : find(n.children, id))).find(Boolean);
  const finish = find(group.roots, application.chain!.eventId)!;
  expect(finish.type).toBe('APPLICATION_FINISH');
  expect(finish.children.map((c) => c.type).sort()).toEqual(['HIRED', 'INTERVIEW_GRANTED']);
  expect(finish.children.every((c) => (c as TreeNode & { inferredParent: boolean }).inferredParent)).toBe(true);
  expect(group.warnings.map((w) => w.code)).toEqual([]);

  // The inspector's tree and funnel show them.
  await page.goto(demo.inspectorUrl);
  await expect(page.locator('#funnel-panel')).toBeVisible({ timeout: 10_000 });
  await expect(page.locator('#funnel-chart text.n').last()).not.toHaveText('0');
  const card = page.locator(`section.req[id="req-${encodeURIComponent(requestId)}"]`);
  await expect(card.locator('.type.t-HIRED')).toBeVisible();
  await card.locator('.type.t-HIRED').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${screens}inspector-hired.png` });
  await context.close();
});
