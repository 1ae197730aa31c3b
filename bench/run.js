// Benchmark of the built <script> tracker in headless Chromium (not a test: it prints numbers,
// asserts nothing). Run with `npm run bench` (builds first). Variants are measured side by side
// in one run, in the same browser, at 1x and 4x CPU throttling (CDP Emulation.setCPUThrottlingRate):
//  - talent-beacon: the real script build (IndexedDB queue, linking, batching);
//  - talent-beacon, no IndexedDB: the same with window.indexedDB removed (its memory fallback);
//  - naive fetch per event: what a site writes by hand, one keepalive POST per event and no queue.
// For each: script load, init + first event, main-thread time per event over a burst of events,
// long tasks, JS heap growth, and requests and bytes on the wire per 1,000 events (a local
// collector on 127.0.0.1 answering the §5 reply format).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium.js';

const BURST = Number(process.env.BENCH_BURST ?? 10_000);
const script = await readFile(new URL('../dist/talent-beacon.js', import.meta.url));

const timing = `<script>
window.longTasks = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) longTasks.push(e.duration); }).observe({ type: 'longtask' });
window.t0 = performance.now();
</script>`;

// Each variant defines window.track(i) (one VIEW) and window.flushAll().
const variants = {
  'talent-beacon': `${timing}<script src="/talent-beacon.js"></script><script>
window.t1 = performance.now();
window.tracker = TalentBeacon.createTracker({ endpoint: '/cts/events', maxQueue: ${BURST * 2}, onError: (e) => console.log(e.message) });
window.track = (i) => tracker.view({ job: 'projects/p/tenants/t/jobs/' + i, requestId: 'req-' + i });
window.flushAll = () => tracker.flush();
track(0);
window.t2 = performance.now();
</script>`,
  'talent-beacon, no IndexedDB': `<script>Object.defineProperty(window, 'indexedDB', { value: undefined });</script>${timing}<script src="/talent-beacon.js"></script><script>
window.t1 = performance.now();
window.tracker = TalentBeacon.createTracker({ endpoint: '/cts/events', maxQueue: ${BURST * 2}, onError: () => {} });
window.track = (i) => tracker.view({ job: 'projects/p/tenants/t/jobs/' + i, requestId: 'req-' + i });
window.flushAll = () => tracker.flush();
track(0);
window.t2 = performance.now();
</script>`,
  'naive fetch per event': `${timing}<script>
window.t1 = performance.now();
window.track = (i) => {
  const event = { eventId: Math.random().toString(36).slice(2), requestId: 'req-' + i, createTime: new Date().toISOString(),
    jobEvent: { type: 'VIEW', jobs: ['projects/p/tenants/t/jobs/' + i] } };
  fetch('/cts/events', { method: 'POST', keepalive: true, headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: JSON.stringify({ events: [event] }) }).catch(() => {});
};
window.flushAll = () => Promise.resolve();
track(0);
window.t2 = performance.now();
</script>`,
};

let received = 0;
let requests = 0;
let bytes = 0;
let page = '';
const server = createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks);
  if (req.url === '/cts/events') {
    const { events } = JSON.parse(body.toString());
    requests++;
    // Request line + headers are on the wire too: count them roughly from what Node parsed.
    bytes += body.length + Object.entries(req.headers).reduce((n, [k, v]) => n + k.length + String(v).length + 4, 40);
    received += events.length;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results: events.map((e) => ({ eventId: e.eventId, status: 'accepted' })) }));
  } else if (req.url === '/talent-beacon.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
  else res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><meta charset="utf-8"><body>${page}`);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch(chromiumLaunchOptions());

const rows = [];
for (const rate of [1, 4]) {
  for (const [name, html] of Object.entries(variants)) {
    page = html;
    received = requests = bytes = 0;
    const context = await browser.newContext();
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    await cdp.send('Performance.enable');
    await tab.goto(url);
    await tab.evaluate(() => window.flushAll());
    while (received < 1) await new Promise((r) => setTimeout(r, 20));
    const startup = await tab.evaluate(() => ({ load: window.t1 - window.t0, init: window.t2 - window.t1 }));
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize').value;
    const heapBefore = await heap();
    const before = { requests, bytes, received };
    const burst = await tab.evaluate(async (n) => {
      window.longTasks.length = 0;
      const start = performance.now();
      for (let i = 1; i <= n; i++) window.track(i);
      const sync = performance.now() - start;
      await new Promise((r) => setTimeout(r)); // includes the coalesced IndexedDB / link writes
      return { sync, withWrite: performance.now() - start };
    }, BURST);
    await tab.evaluate(() => window.flushAll());
    // Wait for everything, or until nothing arrived for 5 s (the naive variant loses events).
    let last = received;
    let quietSince = Date.now();
    while (received - before.received < BURST && Date.now() - quietSince < 5_000) {
      await new Promise((r) => setTimeout(r, 50));
      if (received !== last) (last = received), (quietSince = Date.now());
    }
    await tab.evaluate(() => new Promise((r) => setTimeout(r, 100)));
    const longTasks = await tab.evaluate(() => window.longTasks.slice());
    await cdp.send('HeapProfiler.collectGarbage');
    const heapAfter = await heap();
    const per1k = BURST / 1000;
    rows.push({
      variant: name,
      cpu: `${rate}x`,
      'load script (ms)': startup.load.toFixed(1),
      'init + 1st event (ms)': startup.init.toFixed(2),
      'µs/event (sync)': ((burst.sync / BURST) * 1000).toFixed(1),
      'µs/event (+write)': ((burst.withWrite / BURST) * 1000).toFixed(1),
      'long tasks (n / ms)': `${longTasks.length} / ${Math.round(longTasks.reduce((a, b) => a + b, 0))}`,
      'heap growth (KB)': Math.round((heapAfter - heapBefore) / 1024),
      delivered: `${received - before.received}/${BURST}`,
      'requests /1k': ((requests - before.requests) / per1k).toFixed(1),
      'bytes /1k': Math.round((bytes - before.bytes) / per1k),
    });
    await context.close();
  }
}
await browser.close();
server.close();
console.log(`talent-beacon benchmark: burst of ${BURST} VIEW events per variant, headless Chromium\n`);
console.table(rows);
