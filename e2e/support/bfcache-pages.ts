import type { IncomingMessage, ServerResponse } from 'node:http';
import { testJob } from './sent-event.js';

// The pages of the back/forward cache scenarios (e2e/bfcache.spec.ts, e2e/webkit/bfcache.test.ts):
// a results page (an IMPRESSION from its markup, a link to job 1) and the job page (its VIEW,
// tracked by a tracker of its own: same origin, same queue, same flush lock). Both record every
// pageshow's `persisted` in `window.shows`, and at pagehide (after the tracker's listener) what
// the tracker spilled to localStorage, in sessionStorage `spilled`. With `?memory` a page has no
// indexedDB (the tracker queues in memory).
const page = (body: string, memory: boolean) => `<!doctype html><html><head><meta charset="utf-8"><title>bfcache</title>
<script>${memory ? 'Object.defineProperty(window, "indexedDB", { value: undefined });' : ''}
addEventListener('pageshow', (e) => (window.shows ??= []).push(e.persisted));</script></head><body>${body}
<script src="/talent-beacon.js" data-endpoint="/cts/events" data-flush-interval="400"></script>
<script>addEventListener('pagehide', () => sessionStorage.setItem('spilled', localStorage.getItem('talent-beacon:unwritten') ?? ''), true);</script>
</body></html>`;
const results = (memory: boolean) =>
  page(
    `<ul data-cts-request-id="req-1"><li data-cts-job="${testJob(1)}">Job 1</li><li data-cts-job="${testJob(2)}">Job 2</li></ul>
<a id="job" href="/bf/job.html${memory ? '?memory' : ''}">Job 1</a>`,
    memory,
  );
const job = (memory: boolean) => page(`<div data-cts-view="${testJob(1)}">Job 1</div>`, memory);

/**
 * Test-server routes for /bf/results.html and /bf/job.html (`?memory` for the memory queue),
 * served without `Cache-Control: no-store`: the test server's static files carry it, and
 * Chromium never keeps such a page in its back/forward cache.
 *
 * @example
 * const server = await startTestServer({ routes: bfcacheRoutes });
 * await page.goto(`${server.url}/bf/results.html?memory`);
 */
export function bfcacheRoutes(req: IncomingMessage, res: ServerResponse): boolean {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const html = { '/bf/results.html': results, '/bf/job.html': job }[url.pathname];
  if (!html) return false;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html(url.searchParams.has('memory')));
  return true;
}
