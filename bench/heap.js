// Where a variant's heap goes: the "heap KB" column of bench/run.js taken apart. In headless
// Chromium, for each variant: a page without the library, a heap snapshot (after forced GC), the
// variant's bundle inserted, 1 s (--settle), GC, a second snapshot; the nodes of the second that
// the first lacks, summed by V8 node type and by type + name (script text is an ExternalString,
// bytecode a BytecodeArray, machine code of regexes and baseline-compiled functions an
// InstructionStream, API templates a FunctionTemplateInfo, ...). `--who NAME` prints, for the
// new nodes whose name contains NAME, who holds them (a few retainers up), to find which regex
// or function a block of code belongs to. No CPU throttling: heap does not depend on it.
//
//   node bench/heap.js [--variants talent-beacon,search-insights] [--settle 1000] [--top 25]
//     [--who InstructionStream] [--depth 4] [--baseline dir]
// Bundles as bench/run.js does (bench/bundle.js); `npm run build` first for talent-beacon.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium.js';
import { insertScript } from './page.js';
import { BASELINE, bundleVariants, VARIANTS } from './bundle.js';

const { values: args } = parseArgs({
  options: {
    variants: { type: 'string', default: 'talent-beacon,search-insights' },
    settle: { type: 'string', default: '1000' },
    top: { type: 'string', default: '25' },
    who: { type: 'string' },
    depth: { type: 'string', default: '4' },
    baseline: { type: 'string' },
  },
});
const names = args.variants.split(',').map((s) => s.trim());
for (const n of names)
  if (!VARIANTS.includes(n)) throw new Error(`unknown variant ${n}; known: ${VARIANTS.join(', ')}`);
if (args.baseline) names.push(BASELINE);
const bundles = await bundleVariants(names, { baseline: args.baseline });

// One page, the bundles, and a collector that answers every POST as the proxy would (no events).
const server = createServer((req, res) => {
  const name = req.url.startsWith('/bundle/') && decodeURIComponent(req.url.slice(8));
  if (name && bundles[name]) {
    res.setHeader('content-type', 'text/javascript');
    return res.end(bundles[name].code);
  }
  if (req.url === '/page') {
    res.setHeader('content-type', 'text/html');
    return res.end(
      `<!doctype html><script>window.BENCH={origin:location.origin,collector:'/collect/',longTasks:[]};</script>`,
    );
  }
  req.resume();
  res.setHeader('content-type', 'application/json');
  res.end('{"results":[]}');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch(chromiumLaunchOptions());

/** A heap snapshot as Map(id -> [type, name, selfSize]), plus each node's retainers' ids. */
async function snapshot(cdp) {
  const chunks = [];
  const collect = (e) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', collect);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', collect);
  const s = JSON.parse(chunks.join(''));
  const fields = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const n = fields.length;
  const [ti, ni, ii, si, ci] = ['type', 'name', 'id', 'self_size', 'edge_count'].map((f) => fields.indexOf(f));
  const en = s.snapshot.meta.edge_fields.length;
  const eto = s.snapshot.meta.edge_fields.indexOf('to_node');
  const nodes = new Map();
  const retainers = new Map();
  for (let i = 0, e = 0; i < s.nodes.length; i += n) {
    const id = s.nodes[i + ii];
    nodes.set(id, [types[s.nodes[i + ti]], String(s.strings[s.nodes[i + ni]]), s.nodes[i + si]]);
    for (let k = 0; k < s.nodes[i + ci]; k++, e += en) {
      const to = s.nodes[s.edges[e + eto] + ii];
      if (!retainers.has(to)) retainers.set(to, []);
      retainers.get(to).push(id);
    }
  }
  return { nodes, retainers };
}

const kb = (bytes) => (bytes / 1024).toFixed(1);
const sorted = (o) => Object.entries(o).sort((a, b) => b[1] - a[1]);
for (const name of names) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await page.goto(`${origin}/page`);
  await page.evaluate(() => 0); // the harness's own first evaluate() allocates: not in the delta
  await cdp.send('HeapProfiler.enable');
  const before = await snapshot(cdp);
  const used0 = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  await insertScript(page, `/bundle/${encodeURIComponent(name)}`, Number(args.settle));
  await cdp.send('HeapProfiler.collectGarbage');
  const used1 = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  const after = await snapshot(cdp);
  await context.close();

  const byType = {};
  const byName = {};
  const held = {};
  for (const [id, [type, label, size]] of after.nodes) {
    if (before.nodes.has(id)) continue;
    byType[type] = (byType[type] ?? 0) + size;
    const key = `${type}: ${label.slice(0, 60)}`;
    byName[key] = (byName[key] ?? 0) + size;
    if (args.who && label.includes(args.who)) {
      const path = [];
      const seen = new Set([id]);
      for (let d = 0, at = id; d < Number(args.depth); d++) {
        const up = (after.retainers.get(at) ?? []).find((r) => !seen.has(r));
        if (up === undefined) break;
        seen.add((at = up));
        const [t, l] = after.nodes.get(up);
        path.push(`${t}: ${l.slice(0, 40)}`);
      }
      const k = path.join(' <- ') || '(no retainer)';
      held[k] = (held[k] ?? 0) + size;
    }
  }
  console.log(`\n${name}: heap used +${kb(used1 - used0)} KB (Runtime.getHeapUsage); new nodes by type, KB:`);
  console.log(
    '  ' +
      sorted(byType)
        .map(([k, v]) => `${k} ${kb(v)}`)
        .join(', '),
  );
  for (const [k, v] of sorted(byName).slice(0, Number(args.top))) console.log(`  ${kb(v).padStart(6)}  ${k}`);
  if (args.who) {
    console.log(`  held by (--who ${args.who}):`);
    for (const [k, v] of sorted(held).slice(0, Number(args.top))) console.log(`  ${kb(v).padStart(6)}  ${k}`);
  }
}
await browser.close();
server.close();
