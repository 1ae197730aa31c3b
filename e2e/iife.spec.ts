import { test, expect } from '@playwright/test';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
test.beforeAll(async () => {
  server = await startTestServer();
});
test.afterAll(async () => {
  await server.close();
});

test('the <script> build exposes TalentBeacon.validateClientEvent in a real page', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/iife.html`);
  const result = await page.evaluate(() => {
    const TB = (window as unknown as { TalentBeacon: typeof import('../packages/talent-beacon/src/index.js') })
      .TalentBeacon;
    const valid = TB.validateClientEvent({
      eventId: 'e1',
      requestId: 'r1',
      createTime: new Date().toISOString(),
      jobEvent: { type: TB.JobEventType.VIEW, jobs: ['projects/p/tenants/t/jobs/1'] },
    });
    const invalid = TB.validateClientEvent({
      eventId: 'e1',
      requestId: '',
      createTime: 'yesterday',
      extraInfo: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])),
      jobEvent: { type: 'VIEW', jobs: ['jobs/1'] },
    });
    const error = new TB.ClientEventError(invalid);
    return {
      valid,
      rules: invalid.map((i) => `${i.path}:${i.rule}`),
      messages: invalid.map((i) => i.message),
      isError: error instanceof Error,
      name: error.name,
      id: TB.createEventId(),
    };
  });
  expect(errors).toEqual([]);
  expect(result.valid).toEqual([]);
  expect(result.rules).toEqual([
    'requestId:not-empty',
    'createTime:rfc3339',
    'extraInfo:max-keys',
    'jobEvent.jobs[0]:job-name',
  ]);
  // The script build's messages are terse, but each names the field, the rule, the limit and the value.
  expect(result.messages).toEqual([
    'requestId: not-empty (got "")',
    'createTime: rfc3339 RFC 3339 (got "yesterday")',
    'extraInfo: max-keys 20 (got 21)',
    'jobEvent.jobs[0]: job-name projects/{project}/tenants/{tenant}/jobs/{job} or projects/{project}/jobs/{job} (got "jobs/1")',
  ]);
  expect(result.isError).toBe(true);
  expect(result.name).toBe('ClientEventError');
  expect(result.id).toMatch(/^[A-Za-z0-9_-]{21}$/);
});

test('the global TalentBeacon has every method of the script API, chain included', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/iife.html`);
  const result = await page.evaluate(() => {
    const TB = (window as any).TalentBeacon;
    const methods = ['impression', 'view', 'track', 'chain', 'flush', 'setConsent', 'init'].filter(
      (m) => typeof TB[m] != 'function',
    );
    TB.init({ endpoint: '/cts/events', flushInterval: 600_000 });
    const job = 'projects/p/tenants/t/jobs/1';
    const view = TB.view({ job, requestId: 'r1' });
    return { methods, chain: TB.chain(job), view: { requestId: view.requestId, eventId: view.eventId } };
  });
  expect(errors).toEqual([]);
  expect(result.methods).toEqual([]); // none missing
  expect(result.chain).toEqual(result.view);
});

test("imported as a module (a bundler's import of talent-beacon/talent-beacon.js), the script build defines the global and throws nothing", async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/iife-module.html`);
  const loaded = await page.waitForFunction(() => (window as unknown as { loaded?: true | string }).loaded);
  expect(await loaded.jsonValue()).toBe(true);
  const methods = await page.evaluate(() =>
    ['createTracker', 'validateClientEvent', 'init', 'view'].filter(
      (m) => typeof (window as any).TalentBeacon?.[m] == 'function',
    ),
  );
  // Before, rollup's wrapper read `this.TalentBeacon` with `this` undefined: a TypeError, no global.
  expect(errors).toEqual([]);
  expect(methods).toEqual(['createTracker', 'validateClientEvent', 'init', 'view']);
});

test('the browser outputs contain no Node code', async () => {
  const { readFile, readdir } = await import('node:fs/promises');
  const dist = 'packages/talent-beacon/dist';
  const files = [`${dist}/talent-beacon.js`, `${dist}/index.js`];
  for (const extra of [`${dist}/react.js`]) {
    try {
      await readFile(extra);
      files.push(extra);
    } catch {
      // the react entry lands with the linking issue
    }
  }
  const chunks = await readdir(`${dist}/chunks`).catch(() => [] as string[]);
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    expect(text, file).not.toMatch(/\bnode:|\bBuffer\b|\bprocess\./);
    // Imports of browser files must not reach Node-only chunks either.
    for (const chunk of chunks) {
      if (text.includes(`chunks/${chunk}`)) {
        const chunkText = await readFile(`${dist}/chunks/${chunk}`, 'utf8');
        expect(chunkText, chunk).not.toMatch(/\bnode:|\bBuffer\b|\bprocess\./);
      }
    }
  }
});
