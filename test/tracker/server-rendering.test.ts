// Server rendering, as a Next.js or Express page does it: a real `node` process (no window, no
// IndexedDB, no jsdom) imports the built package (dist/index.js, dist/react.js) and uses the
// tracker with its default environment. It must print nothing, send nothing, keep nothing alive
// and return what a browser's tracker returns.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tracker = join(root, 'packages/talent-beacon');
const J = (n: number) => `projects/p/tenants/t/jobs/${n}`;

// The newest change under these must be in dist: build (once) when dist is missing or older.
const newest = (path: string): number =>
  statSync(path).isDirectory()
    ? Math.max(0, ...readdirSync(path).map((f) => newest(join(path, f))))
    : statSync(path).mtimeMs;
const built = (file: string) =>
  existsSync(join(tracker, file)) &&
  statSync(join(tracker, file)).mtimeMs >=
    Math.max(
      newest(join(tracker, 'src')),
      newest(join(root, 'packages/core/src')),
      newest(join(root, 'rollup.config.mjs')),
    );

/** Runs `script` as an ES module in a fresh `node`; it reports its results on fd 3, so stdout and stderr are the tracker's alone. */
function runNode(
  script: string,
): Promise<{ code: number | null; stdout: string; stderr: string; results: Record<string, unknown> }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const out = { stdout: '', stderr: '', fd3: '' };
    child.stdout!.on('data', (d) => (out.stdout += d));
    child.stderr!.on('data', (d) => (out.stderr += d));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d) => (out.fd3 += d));
    // Only a guard against a hang (the failure this test is about), never a measure of speed.
    const guard = setTimeout(
      () => (child.kill(), fail(new Error(`node did not exit by itself within 15 s; stderr: ${out.stderr}`))),
      15_000,
    );
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(guard);
      done({ code, stdout: out.stdout, stderr: out.stderr, results: out.fd3 ? JSON.parse(out.fd3) : {} });
    });
  });
}

// What the child writes to fd 3: the active handles and requests besides the fd 3 pipe itself.
const REPORT = `
import { writeSync } from 'node:fs';
const resources = () => process.getActiveResourcesInfo().filter((r) => r != 'PipeWrap' && r != 'TTYWrap');
const report = (results) => writeSync(3, JSON.stringify(results));
`;

let server: Server;
const requests: string[] = [];
let endpoint = '';
beforeAll(async () => {
  if (!built('dist/index.js') || !built('dist/react.js'))
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.end('{}');
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cts/events`;
}, 180_000);
afterAll(() => new Promise<void>((closed) => server.close(() => closed())));

describe('the tracker on a server (built package, plain node, default environment)', () => {
  it('returns the events and the chain, prints and sends nothing, and lets node exit by itself', async () => {
    requests.length = 0;
    const run = await runNode(`${REPORT}
import { createTracker, ClientEventError } from ${JSON.stringify(join(tracker, 'dist/index.js'))};
const before = resources();
const J = (n) => 'projects/p/tenants/t/jobs/' + n;
const results = {};
for (const endpoint of [${JSON.stringify(endpoint)}, '/cts/events']) {
  const tracker = createTracker({ endpoint, flushInterval: 0, batchSize: 1 });
  const impression = tracker.impression({ requestId: 'REQ-1', jobs: [J(1), J(2)] });
  const view = tracker.view({ job: J(1) });
  const start = tracker.track({ type: 'APPLICATION_START', jobs: [J(1)] });
  const chain = tracker.chain(J(1));
  try {
    tracker.view({ job: 'not a job name' });
  } catch (error) {
    results.invalid = error instanceof ClientEventError;
  }
  tracker.setConsent(false);
  tracker.setConsent(true);
  await tracker.flush();
  results.resources = resources();
  await tracker.destroy();
  results[endpoint[0] == '/' ? 'relative' : 'absolute'] = { impression, view, start, chain };
}
results.before = before;
report(results);
`);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(requests).toEqual([]);
    const r = run.results as Record<string, Record<string, Record<string, unknown>>>;
    expect(r.invalid).toBe(true);
    expect(r.resources).toEqual(r.before); // no timer, socket or request left behind
    for (const { impression, view, start, chain } of [r.absolute!, r.relative!]) {
      expect(impression).toMatchObject({ requestId: 'REQ-1', jobEvent: { type: 'IMPRESSION', jobs: [J(1), J(2)] } });
      expect(view).toMatchObject({
        requestId: 'REQ-1',
        parentEventId: impression!.eventId,
        jobEvent: { type: 'VIEW', jobs: [J(1)] },
      });
      expect(start).toMatchObject({
        requestId: 'REQ-1',
        parentEventId: view!.eventId,
        jobEvent: { type: 'APPLICATION_START', jobs: [J(1)] },
      });
      expect(chain).toEqual({ requestId: 'REQ-1', eventId: start!.eventId });
    }
  });
});

describe('talent-beacon/react under renderToString (built package, plain node)', () => {
  it('renders every hook and a tracker used in render: prints, sends and throws nothing', async () => {
    requests.length = 0;
    const run = await runNode(`${REPORT}
import { createElement as h } from 'react';
import { renderToString } from 'react-dom/server';
import { TalentBeaconProvider, useImpression, useJobView, useTrackEvent, useTracker } from ${JSON.stringify(join(tracker, 'dist/react.js'))};
const before = resources();
const J = (n) => 'projects/p/tenants/t/jobs/' + n;
function Page() {
  useImpression('REQ-1', [J(1), J(2)]);
  useJobView(J(1), 'REQ-1');
  const trackEvent = useTrackEvent();
  const tracker = useTracker();
  // A page may read or record in render (a hidden field with the chain, a view): on a server
  // that creates the provider's tracker there.
  const view = tracker.view({ job: J(1), requestId: 'REQ-1' });
  const chain = tracker.chain(J(1));
  tracker.flush();
  return h('form', null, h('input', { type: 'hidden', name: 'chain', value: JSON.stringify(chain) }), h('span', null, view.jobEvent.type),
    h('button', { type: 'button', onClick: () => trackEvent({ type: 'APPLICATION_START', jobs: [J(1)] }) }, 'Apply'));
}
const html = renderToString(h(TalentBeaconProvider, { options: { endpoint: ${JSON.stringify(endpoint)}, flushInterval: 0 } }, h(Page)));
const again = renderToString(h(TalentBeaconProvider, { options: { endpoint: '/cts/events' } }, h(Page)));
report({ html, again, before, after: resources() });
`);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(requests).toEqual([]);
    const r = run.results;
    expect(r.html).toContain('Apply');
    expect(r.html).toContain('VIEW');
    expect(r.html).toContain('REQ-1'); // the chain, from the view made in render
    expect(r.again).toContain('REQ-1');
    expect(r.after).toEqual(r.before);
  });
});
