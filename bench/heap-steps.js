// The "heap KB" column of bench/run.js split by step: what loading the bundle, initialising and
// the first event each add, for talent-beacon and search-insights, plus a few probes (the first
// event without IndexedDB, touching `navigator` alone). Each step is its own small entry,
// bundled like bench/bundle.js does (esbuild, minified IIFE, browser platform, ES2020), inserted
// into a blank page in a fresh browser context; heap = CDP Runtime.getHeapUsage after two forced
// GCs, 1 s after the script ran, minus before it was inserted. Rounds are interleaved (every
// step once per round) and the medians printed. No CPU throttling: heap does not depend on it.
//
//   node bench/heap-steps.js [--rounds 5] [--settle 1000]
// `npm run build` first (talent-beacon resolves to this package's dist/index.js).
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium.js';
import { heapUsed, insertScript } from './page.js';

const { values: args } = parseArgs({
  options: { rounds: { type: 'string', default: '5' }, settle: { type: 'string', default: '1000' } },
});

const tb = `import { createTracker } from 'talent-beacon';`;
const tbTracker = (env = '') => `${tb} window.t = createTracker({ endpoint: location.origin + '/collect/' }${env});`;
const impression = `window.t.impression({ requestId: 'zzF0zz', jobs: ['projects/p/tenants/t/jobs/1'] });`;
const si = `import aa from 'search-insights'; window.aa = aa;`;
const siInit = `${si} aa('init', { appId: 'BENCHAPPID', apiKey: 'bench-search-key', host: location.origin + '/collect/si' });`;
const siClick = `aa('clickedObjectIDsAfterSearch', { index: 'jobs', eventName: 'Job clicked', queryID: 'zzF0zz', objectIDs: ['job-1'], positions: [1] });`;

/** step name -> entry source. The same calls as bench/entries/, one step more each. */
const STEPS = {
  'empty script': `window.x = 1;`,
  'touch navigator only': `window.x = navigator.sendBeacon;`,
  'talent-beacon: import': `import * as tb from 'talent-beacon'; window.tb = tb;`,
  'talent-beacon: + createTracker': tbTracker(),
  'talent-beacon: + first event': `${tbTracker()} ${impression}`,
  'talent-beacon: + first event, no IndexedDB': `${tbTracker(', { indexedDB: undefined }')} ${impression}`,
  'search-insights: import': si,
  'search-insights: + init': siInit,
  'search-insights: + first event': `${siInit} ${siClick}`,
};

const bench = fileURLToPath(new URL('.', import.meta.url));
const code = {};
for (const [name, contents] of Object.entries(STEPS)) {
  const result = await build({
    stdin: { contents, resolveDir: bench, loader: 'js' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    logLevel: 'error',
  });
  code[name] = result.outputFiles[0].text;
}

const names = Object.keys(STEPS);
const server = createServer((req, res) => {
  const name = req.url.startsWith('/bundle/') && decodeURIComponent(req.url.slice(8));
  if (name && code[name]) {
    res.setHeader('content-type', 'text/javascript');
    return res.end(code[name]);
  }
  if (req.url === '/page') {
    res.setHeader('content-type', 'text/html');
    return res.end('<!doctype html><title>heap steps</title>');
  }
  req.resume(); // a collector: every POST answered as the proxy would, with no events
  res.setHeader('content-type', 'application/json');
  res.end('{"results":[]}');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch(chromiumLaunchOptions());

const runs = Object.fromEntries(names.map((n) => [n, []]));
try {
  for (let round = 0; round < Number(args.rounds); round++) {
    // Rotate the order each round so no step always runs first (see bench/run.js).
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await page.goto(`${origin}/page`);
      await page.evaluate(() => 0); // the harness's own first evaluate() allocates: not in the delta
      const before = await heapUsed(cdp);
      await insertScript(page, `/bundle/${encodeURIComponent(name)}`, Number(args.settle));
      runs[name].push(((await heapUsed(cdp)) - before) / 1024);
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const empty = median(runs['empty script']);
console.log(`${'step'.padEnd(44)}${'heap KB'.padStart(9)}${'over empty'.padStart(12)}${'raw B'.padStart(9)}`);
for (const name of names) {
  const m = median(runs[name]);
  console.log(
    `${name.padEnd(44)}${m.toFixed(1).padStart(9)}${(m - empty).toFixed(1).padStart(12)}${String(code[name].length).padStart(9)}`,
  );
}
