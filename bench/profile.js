// Where a variant's startup goes: a CPU profile (CDP Profiler, 4x CPU throttling, headless
// Chromium) of running its bench entry (import + init + first event, the "startup ms" column of
// bench/run.js), over several fresh pages, summed. The bundle is built like the benchmark's but
// not minified and from tsc's per-file output (dist/lib), so functions keep their names and
// their src/ files.
//
//   node bench/profile.js [--variant talent-beacon] [--runs 7] [--cpu 4] [--top 25] [--interval 50]
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium.js';
import { insertScript } from './page.js';
import { bundleVariants } from './bundle.js';

const { values: args } = parseArgs({
  options: {
    variant: { type: 'string', default: 'talent-beacon' },
    runs: { type: 'string', default: '7' },
    cpu: { type: 'string', default: '4' },
    top: { type: 'string', default: '25' },
    interval: { type: 'string', default: '100' }, // µs between samples
  },
});
const name = args.variant;
const { code } = (await bundleVariants([name], { minify: false, perFile: true }))[name];

// Which module each line of the unminified bundle comes from (esbuild writes "// path" above each).
const moduleOfLine = [];
let current = '(bench entry)';
const lines = code.split('\n');
for (const l of lines) {
  const m = l.match(/^\s*\/\/ (\S+\.[cm]?js)$/);
  if (m)
    current = m[1]
      .replace(/^.*node_modules\//, '')
      .replace(/^packages\/([^/]+)\/dist\/lib\//, 'packages/$1/src/')
      .replace(/\.js$/, '.ts');
  moduleOfLine.push(current);
}

const server = createServer((req, res) => {
  if (req.url === '/bundle.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(code);
  if (req.url === '/')
    return res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(`<!doctype html><script>window.BENCH = { origin: location.origin, collector: '/collect' };</script>`);
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"results":[]}'); // any collector
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const launch = chromiumLaunchOptions();
launch.args.push('--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1');
const browser = await chromium.launch(launch);

const self = new Map(); // key -> µs
const total = new Map(); // function name -> µs inclusive (outermost frame only)
let all = 0; // µs sampled with the bundle's code on the stack (its evaluation and its callbacks)
let outside = 0; // µs sampled otherwise (compiling the script before it runs, the page, the harness)
let startup = 0;
const runs = Number(args.runs);
for (let r = 0; r < runs; r++) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(args.cpu) });
  await tab.goto(origin);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: Number(args.interval) });
  await cdp.send('Profiler.start');
  await insertScript(tab, '/bundle.js');
  const { profile } = await cdp.send('Profiler.stop');
  startup += await tab.evaluate(() => BENCH.first - BENCH.start);
  await context.close();

  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const dt = new Map();
  profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0)));
  const label = (n) => {
    const f = n.callFrame;
    if (!f.url.endsWith('/bundle.js')) return f.functionName || (f.url ? `(anonymous) ${f.url}` : '(anonymous)');
    // Anonymous functions are named by the start of their source line.
    const fn = f.functionName || `(anonymous: ${lines[f.lineNumber]?.trim().slice(0, 50)})`;
    return `${fn}  [${moduleOfLine[f.lineNumber] ?? '?'}]`;
  };
  for (const [id, us] of dt) {
    const n = nodes.get(id);
    if (n.callFrame.functionName === '(idle)') continue;
    let ours = false;
    for (let p = id; p !== undefined && !ours; p = parent.get(p))
      ours = nodes.get(p).callFrame.url.endsWith('/bundle.js');
    if (!ours) {
      outside += us;
      continue;
    }
    all += us;
    self.set(label(n), (self.get(label(n)) ?? 0) + us);
    // Inclusive: every distinct function on the stack once (recursion counted once).
    const seen = new Set();
    for (let p = id; p !== undefined; p = parent.get(p)) {
      const l = label(nodes.get(p));
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + us);
    }
  }
}
await browser.close();
server.close();

const top = Number(args.top);
const ms = (us) => (us / 1000 / runs).toFixed(2).padStart(8);
const pct = (us) => `${((100 * us) / all).toFixed(1).padStart(5)} %`;
console.log(
  `${name}: CPU profile of import + init + first event at ${args.cpu}x, ${runs} runs; per run: ${ms(all).trim()} ms sampled with the bundle on the stack, ` +
    `${ms(outside).trim()} ms other (script compile before it runs, page, harness), startup mark ${(startup / runs).toFixed(1)} ms (inflated by the profiler)\n`,
);
console.log('self time (ms per run, share of sampled time):');
for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)} ${pct(us)}  ${k}`);
console.log('\ninclusive time of functions in the bundle (ms per run):');
for (const [k, us] of [...total]
  .filter(([k]) => k.includes('['))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top))
  console.log(`${ms(us)} ${pct(us)}  ${k}`);
const byModule = new Map();
for (const [k, us] of self) {
  const m = k.match(/\[([^\]]+)\]$/);
  const mod = m ? m[1] : k.startsWith('(') ? k.split(' ')[0] : '(browser APIs / V8 builtins)';
  byModule.set(mod, (byModule.get(mod) ?? 0) + us);
}
console.log('\nself time by module (ms per run):');
for (const [k, us] of [...byModule].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${ms(us)} ${pct(us)}  ${k}`);
