// Benchmark of the built <script> tracker in headless Chromium (not a test: it prints numbers,
// asserts nothing). Run with `npm run bench` (builds first). For each CPU throttling rate (CDP
// Emulation.setCPUThrottlingRate) it measures: import + init + first event, main-thread time per
// event over a burst of 10,000 events, long tasks, JS heap growth, and requests and bytes on the
// wire per 1,000 events (a local collector on 127.0.0.1 answering the §5 format).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium.js';

const BURST = 10_000;
const script = await readFile(new URL('../dist/talent-beacon.js', import.meta.url));
const page = `<!doctype html><meta charset="utf-8"><body><script>
window.longTasks = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) longTasks.push(e.duration); }).observe({ type: 'longtask' });
window.t0 = performance.now();
</script><script src="/talent-beacon.js"></script><script>
window.t1 = performance.now();
window.tracker = TalentBeacon.createTracker({ endpoint: '/cts/events', maxQueue: 20000, onError: (e) => console.log(e.message) });
tracker.view({ job: 'projects/p/tenants/t/jobs/0', requestId: 'req-0' });
window.t2 = performance.now();
</script>`;

let received = 0;
let requests = 0;
let bytes = 0;
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
  else res.writeHead(200, { 'content-type': 'text/html' }).end(page);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch(chromiumLaunchOptions());

const rows = [];
for (const rate of [1, 4]) {
  received = requests = bytes = 0;
  const context = await browser.newContext();
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await cdp.send('Performance.enable');
  await tab.goto(url);
  await tab.evaluate(() => window.tracker.flush());
  const startup = await tab.evaluate(() => ({ load: window.t1 - window.t0, init: window.t2 - window.t1 }));
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize').value;
  const heapBefore = await heap();
  const before = { requests, bytes, received };
  const burst = await tab.evaluate(async (n) => {
    window.longTasks.length = 0;
    const start = performance.now();
    for (let i = 1; i <= n; i++) tracker.view({ job: `projects/p/tenants/t/jobs/${i}`, requestId: `req-${i}` });
    const sync = performance.now() - start;
    await new Promise((r) => setTimeout(r)); // includes the coalesced IndexedDB write being queued
    return { sync, withWrite: performance.now() - start };
  }, BURST);
  while (received - before.received < BURST) await new Promise((r) => setTimeout(r, 50));
  await tab.evaluate(() => new Promise((r) => setTimeout(r, 100)));
  const longTasks = await tab.evaluate(() => window.longTasks.slice());
  await cdp.send('HeapProfiler.collectGarbage');
  const heapAfter = await heap();
  rows.push({
    cpu: `${rate}x`,
    'load script (ms)': startup.load.toFixed(1),
    'init + 1st event (ms)': startup.init.toFixed(2),
    'µs/event (sync)': ((burst.sync / BURST) * 1000).toFixed(1),
    'µs/event (+write)': ((burst.withWrite / BURST) * 1000).toFixed(1),
    'long tasks (n / ms)': `${longTasks.length} / ${Math.round(longTasks.reduce((a, b) => a + b, 0))}`,
    'heap growth (KB)': Math.round((heapAfter - heapBefore) / 1024),
    'requests /1k': ((requests - before.requests) / (BURST / 1000)).toFixed(1),
    'bytes /1k': Math.round((bytes - before.bytes) / (BURST / 1000)),
  });
  await context.close();
}
await browser.close();
server.close();
console.table(rows);
