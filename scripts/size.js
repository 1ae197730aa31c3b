// Prints raw, gzip and brotli sizes of every browser output and fails when the <script> build
// is over its budget. Brotli at quality 11 and gzip at level 9, as a CDN would serve them.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

// Brotli bytes. Issue #2 set 4 KB when the script build held only the core validator (2.7 KB).
// With the tracker (IndexedDB queue, delivery, linking, markup) it measured ~7.9 KB; issue 15
// brought it to 7,549 B (version-free validation and option checks in the script build); the
// hidden page's request (Firefox, +95 B), the lazy startup (+136 B) and keeping unwritten events
// in localStorage when the page goes (+177 B: a chaos loss) took it back to 7,955 B; one options
// table, one localStorage marks helper, one send path for leaving pages and a table-driven
// validator brought it to 7,175 B (7,267 B with six fixes); one job-name pattern, the event table
// as state of the delivery and trims of links, markup and checks to 7,062 B. The goal is 6,000 B
// (not reached: see the feature ledger in docs/benchmarks.md); the budget guards what was saved.
// Each later change's bytes, measured alone on 7,062 B: the chain table as named records shared
// with the emulator's inspector (core/job-event-chain.ts, readability) +73 B; a wrong device
// clock (issue 25: sentAt in every body, time rules that survive a clock jump) +84 B; suspending
// the delivery in the back/forward cache (issue 24: the page is restored, not reloaded) +130 B.
// Together 7,390 B; terser's third compress pass (rollup.config.mjs) -32 B: 7,358 B. The two
// features take it 58 B past the 7,300 B the house allows for readability alone. Type-checked
// lint (issue 23: checks instead of non-null assertions, typed reads) +37 B, partly paid back by
// three terser transforms (rollup.config.mjs) -28 B: 7,367 B. (A fourth, unsafe_comps, would save
// 11 B more but rewrites comparisons whose NaN case the time rules rely on.) Terser shortens the
// internal property names of scripts/rollup/internal-properties.mjs (records and methods the
// tracker's parts hand each other, never the API, options, wire format or DOM) -99 B: 7,268 B.
// Source for readers (issue 23: names, plain statements, named slots, no split name lists; the
// rows of docs/benchmarks.md) +25 B: 7,293 B, within the 7,300 B the house allows for it. The IIFE
// extends globalThis.TalentBeacon instead of this.TalentBeacon (a module import threw) +2 B: 7,295 B.
export const BUDGETS = { 'dist/talent-beacon.js': 7297 };

// The browser package's outputs; file names below are relative to its folder.
const pkg = fileURLToPath(new URL('../packages/talent-beacon/', import.meta.url));
const files = ['dist/talent-beacon.js', 'dist/index.js', 'dist/react.js'];
if (existsSync(join(pkg, 'dist/chunks'))) {
  for (const f of readdirSync(join(pkg, 'dist/chunks'))) {
    if (f.endsWith('.js')) files.push(`dist/chunks/${f}`); // chunks shared by the browser entries
  }
}

export function measure(file) {
  const data = readFileSync(join(pkg, file));
  return {
    raw: data.length,
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const rows = files.filter((f) => existsSync(join(pkg, f))).map((f) => ({ file: f, ...measure(f) }));
if (!rows.some((r) => r.file === 'dist/talent-beacon.js')) {
  console.error('size: packages/talent-beacon/dist/talent-beacon.js is missing; run npm run build first');
  process.exit(1);
}
const pad = (s, n) => String(s).padStart(n);
console.log(
  `talent-beacon (packages/talent-beacon)\n${'file'.padEnd(40)}${pad('raw', 9)}${pad('gzip', 9)}${pad('brotli', 9)}${pad('budget', 9)}`,
);
let failed = false;
for (const r of rows) {
  const budget = BUDGETS[r.file];
  const over = budget !== undefined && r.brotli > budget;
  failed ||= over;
  console.log(
    `${r.file.padEnd(40)}${pad(r.raw, 9)}${pad(r.gzip, 9)}${pad(r.brotli, 9)}${pad(budget ?? '-', 9)}${over ? '  OVER BUDGET' : ''}`,
  );
}
if (failed) {
  console.error('size: a browser output is over its brotli budget (see above)');
  process.exit(1);
}
