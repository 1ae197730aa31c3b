// Builds every benchmark variant the same way: its entry in bench/entries/ bundled by esbuild
// (browser platform, IIFE, ES2020, minified), with a banner that marks the script's start.
// Each entry resolves its library the way a site's bundler would (package exports, browser
// conditions); talent-beacon resolves to this package's own build (dist/index.js).
import { build } from 'esbuild';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export const VARIANTS = ['talent-beacon', 'search-insights', 'snowplow', 'naive'];
/** With --baseline DIR: talent-beacon built from DIR (a saved copy of dist/), run beside the rest. */
export const BASELINE = 'baseline';

/** The collector path each variant posts to (the server routes and counts by it). */
export const COLLECTORS = {
  'talent-beacon': '/collect/talent-beacon',
  'search-insights': '/collect/search-insights/',
  snowplow: '/com.snowplowanalytics.snowplow/tp2',
  naive: '/collect/naive',
  [BASELINE]: '/collect/baseline',
};

export function sizes(code) {
  const data = Buffer.from(code);
  return {
    raw: data.length,
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/**
 * { name: { code, size: { raw, gzip, brotli } } }. For profiles: minify false keeps names, and
 * perFile resolves talent-beacon to tsc's per-file output (dist/lib) instead of rollup's chunk,
 * so each function's module (= its src/ file) shows in the bundle.
 */
export async function bundleVariants(names = VARIANTS, { minify = true, perFile = false, baseline } = {}) {
  const out = {};
  for (const name of names) {
    // The baseline variant: talent-beacon's entry against a saved copy of an earlier dist/.
    const base = name === BASELINE;
    const result = await build({
      entryPoints: [fileURLToPath(new URL(`./entries/${base ? 'talent-beacon' : name}.js`, import.meta.url))],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      minify,
      keepNames: false,
      legalComments: 'none',
      // Dead bare imports in dist/index.js (rollup hoists `import 'nanoid'`) warn; not ours here.
      logLevel: 'error',
      banner: { js: 'window.BENCH.start=performance.now();' },
      alias: base
        ? { 'talent-beacon': resolve(baseline, 'index.js') }
        : perFile
          ? { 'talent-beacon': fileURLToPath(new URL('../packages/talent-beacon/dist/lib/index.js', import.meta.url)) }
          : {},
      // A baseline copied out of the tree still resolves its dependencies from this one.
      nodePaths: [fileURLToPath(new URL('../node_modules', import.meta.url))],
    });
    const code = result.outputFiles[0].text;
    out[name] = { code, size: sizes(code) };
  }
  return out;
}
