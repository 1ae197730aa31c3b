// Peer benchmark in headless Chromium (not a test: it prints numbers, asserts nothing).
// `npm run bench` builds this package first, then measures in ONE run, side by side:
//  - talent-beacon    this package as a site bundles it (dist/index.js), createTracker + impression
//  - search-insights  Algolia's browser library, init + one click after a search
//  - snowplow         Snowplow's browser tracker (durable localStorage queue), newTracker + one event
//  - naive            a hand-written fetch per event: the floor (no library, no queue)
// Every variant is an entry in bench/entries/ bundled by esbuild the same way (bench/bundle.js).
// Runs are interleaved: each round runs every variant once, in an order that rotates per round,
// each in a fresh browser context; the table shows medians over the rounds. Everything is
// served by one HTTP server on 127.0.0.1 that is also every library's collector, and Chromium
// resolves no other host, so nothing leaves the machine.
//
//   node bench/run.js [--rounds 7] [--cpu 4] [--variants talent-beacon,search-insights,...]
//     [--burst 10000] [--burst-rounds 1] [--burst-budget 20000] [--chunk 100] [--max-wait 15000]
//     [--unload-events 20] [--unload-rounds 3] [--settle 1000] [--json file] [--baseline dir] [--verbose]
// Startup, long tasks and heap run in every round; the burst in the first --burst-rounds, the
// navigation, tab-close and back/forward cache runs in the first --unload-rounds (they count,
// they do not time).
// About 5 minutes on 2 cores with the defaults. --baseline DIR adds a variant `baseline`: the
// talent-beacon entry built against DIR, a copy of an earlier dist/ (cp -r dist /tmp/base), so
// that a change is measured against the code before it in the same interleaved run.
//
// What each column means: see docs/benchmarks.md. "main CPU ms" (with --cpu 1 only) is the
// page's main thread CPU time (CDP ThreadTime) from before the script is added until the settle
// ends: the work behind startup, long tasks and the settle, which other processes on a busy
// machine barely move where they move the wall-clock columns by 2x: the column for A/B runs.
// (Under throttling Chromium's ThreadTime counts the throttle too: ~700 ms at 4x, useless.)
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium.js';
import { heapUsed } from './page.js';
import { BASELINE, bundleVariants, COLLECTORS, VARIANTS } from './bundle.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    burst: { type: 'string', default: process.env.BENCH_BURST ?? '10000' },
    cpu: { type: 'string', default: '4' },
    'unload-events': { type: 'string', default: '20' },
    'burst-rounds': { type: 'string', default: '1' },
    'burst-budget': { type: 'string', default: '20000' },
    chunk: { type: 'string', default: '100' },
    'unload-rounds': { type: 'string', default: '3' },
    variants: { type: 'string', default: VARIANTS.join(',') },
    settle: { type: 'string', default: '1000' },
    'max-wait': { type: 'string', default: '15000' },
    json: { type: 'string' },
    baseline: { type: 'string' },
    verbose: { type: 'boolean', short: 'v' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (args.help) {
  console.log(
    'node bench/run.js [--rounds 7] [--cpu 4] [--variants a,b] [--burst 10000] [--burst-rounds 1] [--burst-budget ms] [--chunk 100] [--max-wait ms] ' +
      '[--unload-events 20] [--unload-rounds 3] [--settle ms] [--json file] [--baseline dir] [--verbose]',
  );
  process.exit(0);
}
const ROUNDS = Number(args.rounds);
const BURST = Number(args.burst);
const CPU = Number(args.cpu);
const UNLOAD = Number(args['unload-events']);
const SETTLE = Number(args.settle); // ms after the first event that still count as load + init
const MAX_WAIT = Number(args['max-wait']); // ms at most to wait for a burst's delivery
const BURST_BUDGET = Number(args['burst-budget']); // ms of tracking at most per burst
const CHUNK = Number(args.chunk); // events per task in the burst
const BURST_ROUNDS = Number(args['burst-rounds']); // the first N rounds also run the burst
const UNLOAD_ROUNDS = Number(args['unload-rounds']); // ... and the navigation / tab-close runs
const LEFT_WAIT = 1000; // ms the collector waits for events after the page is gone
const BF_WAIT = 3000; // ms on the page after its event was delivered, before the back/forward cache run
const QUIET = 2000; // a burst's delivery is over when nothing arrived for this long
const names = args.variants.split(',').map((s) => s.trim());
for (const n of names)
  if (!VARIANTS.includes(n)) throw new Error(`unknown variant ${n}; known: ${VARIANTS.join(', ')}`);
if (args.baseline) names.push(BASELINE);

const bundles = await bundleVariants(names, { baseline: args.baseline });

// ---- the server: pages, bundles and one collector per library --------------------------------
// Events carry markers zz<K><run>_<i>zz (K: F first event, B burst, N navigation, C tab close) in
// a field each library sends as is; the collector counts distinct markers, requests and bytes.
const stats = Object.fromEntries(names.map((n) => [n, { requests: 0, bytes: 0, markers: new Set() }]));
const markerRe = /zz([A-Z]\d*_?\d*)zz/g;
function markersOf(text) {
  // Snowplow may send the self-describing event base64-encoded (ue_px): decode such fields too.
  let all = text;
  for (const m of text.matchAll(/"(?:ue_px|cx)":"([A-Za-z0-9_=-]+)"/g))
    all += Buffer.from(m[1], 'base64url').toString();
  return [...all.matchAll(markerRe)].map((m) => m[1]);
}
const page = (name, load) => `<!doctype html><meta charset="utf-8"><title>${name}</title><script>
window.BENCH = { origin: location.origin, collector: ${JSON.stringify(COLLECTORS[name])}, longTasks: [] };
new PerformanceObserver((l) => { for (const e of l.getEntries()) BENCH.longTasks.push(e.duration); }).observe({ type: 'longtask' });
addEventListener('pageshow', (e) => (BENCH.shows ??= []).push(e.persisted));
</script>${load ? `<script src="/bundle/${name}.js"></script>` : ''}<body>`;

const server = createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks);
  const url = new URL(req.url, 'http://x');
  const variant = req.method === 'POST' && names.find((n) => url.pathname.startsWith(COLLECTORS[n]));
  if (variant) {
    const s = stats[variant];
    s.requests++;
    // Bytes of the HTTP/1.1 request as sent: request line, headers, blank line, body.
    let head = `${req.method} ${req.url} HTTP/1.1\r\n`.length + 2;
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      head += req.rawHeaders[i].length + req.rawHeaders[i + 1].length + 4;
    s.bytes += head + body.length;
    const text = body.toString();
    for (const m of markersOf(text)) s.markers.add(m);
    if (variant === 'talent-beacon' || variant === BASELINE) {
      // The proxy's reply (docs/design.md §5): every event accepted.
      let events = [];
      try {
        events = JSON.parse(text).events ?? [];
      } catch {
        // not JSON: nothing to answer for
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ results: events.map((e) => ({ eventId: e.eventId, status: 'accepted' })) }));
    } else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    return;
  }
  const bundle = url.pathname.match(/^\/bundle\/([\w-]+)\.js$/);
  if (bundle && bundles[bundle[1]])
    return res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundles[bundle[1]].code);
  const pageMatch = url.pathname.match(/^\/page\/([\w-]+)$/);
  if (pageMatch && bundles[pageMatch[1]])
    return res.writeHead(200, { 'content-type': 'text/html' }).end(page(pageMatch[1], url.searchParams.has('load')));
  if (url.pathname === '/blank')
    return res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>blank</title>');
  res.writeHead(404).end();
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

// Chromium resolves no host but 127.0.0.1: a library that tried to reach the internet fails here.
const launch = chromiumLaunchOptions();
launch.args.push('--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1');
const browser = await chromium.launch(launch);
const browserVersion = browser.version();
// The back/forward cache run needs the cache, which Playwright turns off by default.
const bfBrowser = await chromium.launch({ ...launch, ignoreDefaultArgs: ['--disable-back-forward-cache'] });
// library -> Chromium's reasons (CDP Page.backForwardCacheNotUsed) each time its page was not restored
const notRestored = Object.fromEntries(names.map((n) => [n, []]));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const count = (name, prefix) => [...stats[name].markers].filter((m) => m.startsWith(prefix)).length;

async function fresh(b = browser) {
  const context = await b.newContext();
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
  return { context, tab, cdp };
}
async function metric(cdp, name) {
  return (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name).value * 1000;
}
const taskTime = (cdp) => metric(cdp, 'TaskDuration');

let runId = 0;
// --verbose: how long each part of a measurement took (wall time), on stderr.
function phases(name) {
  let t = Date.now();
  return (what) => {
    if (args.verbose) process.stderr.write(`  ${name} ${what} ${Date.now() - t} ms\n`);
    t = Date.now();
  };
}
async function measure(name, round) {
  const run = ++runId;
  const row = {};
  const phase = phases(name);
  // 1. Load + init + first event, long tasks and heap, on a page that starts without the library.
  {
    const { context, tab, cdp } = await fresh();
    await cdp.send('Performance.enable');
    await tab.goto(`${origin}/page/${name}`);
    await tab.evaluate(() => 0); // the harness's own first evaluate() allocates: not in the delta
    const before = await heapUsed(cdp);
    const cpuBefore = await metric(cdp, 'ThreadTime');
    await tab.evaluate(
      ([src, settle]) =>
        new Promise((resolve, reject) => {
          BENCH.longTasks.length = 0;
          const s = document.createElement('script');
          s.src = src;
          s.onload = () => setTimeout(resolve, settle);
          s.onerror = reject;
          document.head.append(s);
        }),
      [`/bundle/${name}.js`, SETTLE],
    );
    const page = await tab.evaluate(() => ({ startup: BENCH.first - BENCH.start, longTasks: BENCH.longTasks.slice() }));
    if (CPU === 1) row.cpu = (await metric(cdp, 'ThreadTime')) - cpuBefore;
    const after = await heapUsed(cdp);
    row.startup = page.startup;
    row.longTaskMs = page.longTasks.reduce((a, b) => a + b, 0);
    row.longTaskCount = page.longTasks.length;
    row.heapKB = (after - before) / 1024;
    await context.close();
    phase('startup');
  }
  // 2. A burst of events: main-thread time per event (the loop alone, and every task until the
  //    burst is delivered), then requests and bytes per 1,000 delivered events. flush() where the
  //    library has one, as a site would before leaving.
  if (round < BURST_ROUNDS) {
    const { context, tab, cdp } = await fresh();
    await cdp.send('Performance.enable');
    await tab.goto(`${origin}/page/${name}?load`);
    await tab.evaluate((settle) => new Promise((r) => setTimeout(r, settle)), SETTLE);
    const s = stats[name];
    const base = { requests: s.requests, bytes: s.bytes };
    const tasksBefore = await taskTime(cdp);
    // Tracked in chunks with a task boundary between them (what the libraries defer runs there),
    // until BURST events or the time box: a library whose cost grows with its queue (Snowplow
    // rewrites its whole localStorage queue per event) would otherwise hold the page for minutes.
    const burst = await tab.evaluate(
      async ([n, run, chunk, budget]) => {
        const start = performance.now();
        let sync = 0;
        let i = 1;
        while (i <= n && performance.now() - start < budget) {
          const t = performance.now();
          for (const end = Math.min(n, i + chunk - 1); i <= end; i++) BENCH.track(`zzB${run}_${i}zz`, i);
          sync += performance.now() - t;
          await new Promise((r) => setTimeout(r));
        }
        return { tracked: i - 1, sync };
      },
      [BURST, run, CHUNK, BURST_BUDGET],
    );
    row.tracked = burst.tracked;
    row.syncUs = (burst.sync / burst.tracked) * 1000;
    phase('burst loop');
    await tab.evaluate(() => BENCH.flush());
    const t0 = Date.now();
    let last = -1;
    let quietSince = Date.now();
    while (Date.now() - t0 < MAX_WAIT) {
      const got = count(name, `B${run}_`);
      if (got >= burst.tracked) break;
      if (got !== last) {
        last = got;
        quietSince = Date.now();
      } else if (Date.now() - quietSince > QUIET) break;
      await sleep(50);
    }
    row.mainUs = (((await taskTime(cdp)) - tasksBefore) / burst.tracked) * 1000;
    row.burstDelivered = count(name, `B${run}_`);
    const per1k = row.burstDelivered / 1000 || NaN;
    row.requestsPer1k = (s.requests - base.requests) / per1k;
    row.kbPer1k = (s.bytes - base.bytes) / 1024 / per1k;
    await context.close();
    phase('burst delivery');
  }
  if (round < UNLOAD_ROUNDS) {
    // 3. Delivered at navigation: UNLOAD events tracked, then the page navigates away at once.
    {
      const { context, tab } = await fresh();
      await tab.goto(`${origin}/page/${name}?load`);
      await tab
        .evaluate(
          ([n, run, settle]) =>
            new Promise((r) => setTimeout(r, settle)).then(() => {
              for (let i = 1; i <= n; i++) BENCH.track(`zzN${run}_${i}zz`, i);
              location.href = '/blank';
            }),
          [UNLOAD, run, SETTLE],
        )
        .catch(() => {}); // the navigation may destroy the context before the answer
      await tab.waitForURL(`${origin}/blank`);
      await sleep(LEFT_WAIT);
      row.navDelivered = count(name, `N${run}_`);
      await context.close();
      phase('navigation');
    }
    // 4. Delivered at tab close: UNLOAD events tracked, then the tab is closed at once.
    {
      const { context, tab } = await fresh();
      await tab.goto(`${origin}/page/${name}?load`);
      await tab.evaluate(
        ([n, run, settle]) =>
          new Promise((r) => setTimeout(r, settle)).then(() => {
            for (let i = 1; i <= n; i++) BENCH.track(`zzC${run}_${i}zz`, i);
          }),
        [UNLOAD, run, SETTLE],
      );
      await tab.close();
      await sleep(LEFT_WAIT);
      row.closeDelivered = count(name, `C${run}_`);
      await context.close();
      phase('tab close');
    }
    // 5. Restored from the back/forward cache after sending: one event tracked and delivered,
    //    BF_WAIT ms more on the page (the reply read, whatever the library does after), then a
    //    link to another page of the site and back. 1 if the page came back from the cache.
    {
      const { context, tab, cdp } = await fresh(bfBrowser);
      const reasons = [];
      await cdp.send('Page.enable');
      cdp.on('Page.backForwardCacheNotUsed', (e) => reasons.push(...e.notRestoredExplanations.map((x) => x.reason)));
      await tab.goto(`${origin}/page/${name}?load`);
      await tab.evaluate((run) => BENCH.track(`zzR${run}_1zz`, 1), run);
      await tab.evaluate(() => BENCH.flush());
      for (const t0 = Date.now(); !count(name, `R${run}_`) && Date.now() - t0 < MAX_WAIT;) await sleep(50);
      await sleep(BF_WAIT);
      await tab.evaluate(() => (location.href = '/blank'));
      await tab.waitForURL(`${origin}/blank`);
      await sleep(500);
      await tab.goBack({ waitUntil: 'commit' }); // a page from the cache fires no load event
      await tab.waitForFunction(() => window.BENCH?.shows?.length); // restored, or loaded again
      row.bfcache = (await tab.evaluate(() => BENCH.shows.at(-1))) ? 1 : 0;
      if (!row.bfcache) notRestored[name].push(reasons.join('+') || 'no reason given');
      await context.close();
      phase('bfcache');
    }
  }
  return row;
}

const results = Object.fromEntries(names.map((n) => [n, []]));
const started = Date.now();
for (let round = 0; round < ROUNDS; round++) {
  const order = names.map((_, i) => names[(i + round) % names.length]);
  for (const name of order) results[name].push(await measure(name, round));
  process.stderr.write(
    `round ${round + 1}/${ROUNDS} (${order.join(', ')}) ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
  );
}
await browser.close();
await bfBrowser.close();
server.close();

const median = (xs) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const keys = [
  ...new Set(
    Object.values(results)
      .flat()
      .flatMap((r) => Object.keys(r)),
  ),
];
const med = Object.fromEntries(
  names.map((n) => [n, Object.fromEntries(keys.map((k) => [k, median(results[n].map((r) => r[k] ?? NaN))]))]),
);

const fmt = (x, d = 0) =>
  x === undefined || Number.isNaN(x)
    ? '–'
    : x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const columns = [
  ['library', (n) => n],
  ['raw B', (n) => fmt(bundles[n].size.raw)],
  ['gzip B', (n) => fmt(bundles[n].size.gzip)],
  ['brotli B', (n) => fmt(bundles[n].size.brotli)],
  ['startup ms', (n) => fmt(med[n].startup, 1)],
  ['long tasks ms (n)', (n) => `${fmt(med[n].longTaskMs)} (${fmt(med[n].longTaskCount)})`],
  ['heap KB', (n) => fmt(med[n].heapKB)],
  ['main CPU ms', (n) => fmt(med[n].cpu, 1)],
  ['µs/event sync', (n) => fmt(med[n].syncUs, 1)],
  ['µs/event main', (n) => fmt(med[n].mainUs, 1)],
  ['req/1k', (n) => fmt(med[n].requestsPer1k, 1)],
  ['KB/1k', (n) => fmt(med[n].kbPer1k)],
  [`burst tracked /${BURST}`, (n) => fmt(med[n].tracked)],
  ['delivered', (n) => fmt(med[n].burstDelivered)],
  [`at navigation /${UNLOAD}`, (n) => fmt(med[n].navDelivered)],
  [`at tab close /${UNLOAD}`, (n) => fmt(med[n].closeDelivered)],
  // Not a median: in how many of the runs the page came back from the back/forward cache.
  [
    'bfcache after send',
    (n) => `${results[n].filter((r) => r.bfcache).length}/${results[n].filter((r) => 'bfcache' in r).length}`,
  ],
];
const cells = [columns.map(([h]) => h), ...names.map((n) => columns.map(([, f]) => f(n)))];
const widths = columns.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
const line = (r) => `| ${r.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
console.log(
  `\nPeer benchmark: headless Chromium ${browserVersion}, ${CPU}x CPU throttling, ${ROUNDS} interleaved rounds (medians), burst ${BURST}, ${UNLOAD} events before leaving`,
);
console.log(line(cells[0]));
console.log(`|${widths.map((w, i) => (i ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|')}|`);
for (const r of cells.slice(1)) console.log(line(r));
for (const n of names)
  if (notRestored[n].length)
    console.log(`${n}: not restored from the back/forward cache (Chromium's reasons): ${notRestored[n].join(', ')}`);
if (med['talent-beacon'] && med['search-insights']) {
  const a = med['talent-beacon'];
  const b = med['search-insights'];
  const ratio = (x, y) => (y > 0 ? `${(x / y).toFixed(2)}x` : x > 0 ? '∞ (0 for search-insights)' : '1x (both 0)');
  const n = med.naive;
  const over = (k) => (n ? ratio(a[k] - n[k], b[k] - n[k]) : '–');
  console.log(
    `\ntalent-beacon / search-insights: startup ${ratio(a.startup, b.startup)}, long tasks ${ratio(a.longTaskMs, b.longTaskMs)}, heap ${ratio(a.heapKB, b.heapKB)}${CPU === 1 ? `, main CPU ${ratio(a.cpu, b.cpu)}` : ''}, brotli size ${ratio(bundles['talent-beacon'].size.brotli, bundles['search-insights'].size.brotli)}`,
  );
  // The naive variant is the floor every page pays (the first request, the harness): above it,
  // what the libraries themselves add.
  if (n)
    console.log(
      `above the naive floor: startup ${over('startup')}, long tasks ${over('longTaskMs')}, heap ${over('heapKB')}`,
    );
}
if (med['talent-beacon'] && med[BASELINE]) {
  const a = med['talent-beacon'];
  const b = med[BASELINE];
  const r = (k) => (b[k] > 0 ? `${(a[k] / b[k]).toFixed(2)}x` : '–');
  console.log(
    `talent-beacon / baseline (${args.baseline}): startup ${r('startup')}, long tasks ${r('longTaskMs')}, heap ${r('heapKB')}${CPU === 1 ? `, main CPU ${r('cpu')}` : ''}`,
  );
}
console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
if (args.json)
  writeFileSync(
    args.json,
    JSON.stringify(
      { args, sizes: Object.fromEntries(names.map((n) => [n, bundles[n].size])), results, medians: med },
      null,
      2,
    ),
  );
