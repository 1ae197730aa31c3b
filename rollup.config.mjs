// Bundles what `tsc -b` emitted into each package's dist/lib (tsc type-checks and writes .d.ts;
// rollup only bundles), one package at a time:
//  - talent-beacon: browser ESM (index, react) with idb-keyval, nanoid and React left to the
//    site's bundler, and the IIFE for <script> with idb-keyval and nanoid inside, minified;
//  - talent-beacon-server, talent-beacon-emulator and the demo: Node ESM, every dependency and
//    builtin external;
//  - the .d.ts of every public entry, bundled, so no published type refers to the unpublished core.
// The shared core (@talent-beacon/core, packages/core) is bundled into each package that uses it:
// written once, shipped once per package, never installed on its own.
import { rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';
import { inlineScript } from './scripts/rollup/inline-script.mjs';
import { INTERNAL_PROPERTIES } from './scripts/rollup/internal-properties.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const lib = (pkg, name) => here(`packages/${pkg}/dist/lib/${name}.js`);
const types = (pkg, name) => here(`packages/${pkg}/dist/lib/${name}.d.ts`);
const dist = (pkg) => here(`packages/${pkg}/dist`);
const inputs = (pkg, names, at = lib) => Object.fromEntries(names.map((name) => [name, at(pkg, name)]));

// The core by its workspace name, to what tsc emitted for it (code) or its declarations (types).
const CORE = { '@talent-beacon/core': 'lib/index', '@talent-beacon/core/node': 'node/index' };
const core = (extension) => ({
  name: 'talent-beacon-core',
  resolveId: (id) => (id in CORE ? here(`packages/core/dist/${CORE[id]}${extension}`) : null),
});

const browserExternal = ['idb-keyval', 'nanoid', 'react', 'react/jsx-runtime', 'react-dom'];
const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const isBare = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');
const nodeExternal = (id) => !(id in CORE) && (nodeBuiltins.has(id) || isBare(id));

// Outputs of earlier builds (chunk names carry content hashes) would otherwise pile up in dist/
// and be published; dist/lib is tsc's and stays.
for (const pkg of ['talent-beacon', 'talent-beacon-server', 'talent-beacon-emulator', 'demo']) {
  for (const entry of ['chunks', 'index.js', 'react.js', 'talent-beacon.js', 'proxy.js', 'proxy-edge.js', 'cli.js']) {
    rmSync(`${dist(pkg)}/${entry}`, { recursive: true, force: true });
  }
  for (const name of ['index', 'react', 'talent-beacon', 'proxy', 'proxy-edge'])
    rmSync(`${dist(pkg)}/${name}.d.ts`, { force: true });
}

/**
 * Node ESM of one package: every bare import stays external except the core. inlineScript: a
 * browser script imported as text (`./x.js?inline-script`, the emulator's inspector page).
 */
const nodeBundle = (pkg, names) => ({
  input: inputs(pkg, names),
  external: nodeExternal,
  plugins: [core('.js'), inlineScript()],
  output: { dir: dist(pkg), format: 'es', chunkFileNames: 'chunks/[name]-[hash].js' },
});

/**
 * The public entries' declarations of one package, bundled with the core's they use. `input`:
 * entry names, or an object of output name -> declaration file; `keep`: relative imports left as
 * they are (a file beside the output).
 */
const typesBundle = (pkg, input, keep = []) => ({
  input: Array.isArray(input) ? inputs(pkg, input, types) : input,
  external: (id) => keep.includes(id) || nodeExternal(id),
  plugins: [core('.d.ts'), dts()],
  output: { dir: dist(pkg), format: 'es', chunkFileNames: 'chunks/[name]-[hash].d.ts' },
});

/**
 * Makes the script build's IIFE extend `globalThis.<name>` instead of `this.<name>` (rollup writes
 * `this`, which a module scope leaves undefined). Fails the build when rollup's wrapper changes.
 */
const globalNamespace = (name) => ({
  name: 'global-namespace',
  renderChunk(code) {
    const wrapper = `this.${name}=this.${name}||{}`;
    if (!code.includes(wrapper)) throw new Error(`global-namespace: rollup's IIFE wrapper "${wrapper}" not found`);
    return { code: code.replace(wrapper, `globalThis.${name}=globalThis.${name}||{}`), map: null };
  },
});

export default [
  {
    input: inputs('talent-beacon', ['index', 'react']),
    external: (id) => browserExternal.some((d) => id === d || id.startsWith(`${d}/`)),
    plugins: [core('.js')],
    output: { dir: dist('talent-beacon'), format: 'es', chunkFileNames: 'chunks/[name]-[hash].js' },
  },
  {
    input: lib('talent-beacon', 'script'),
    plugins: [
      core('.js'),
      // packages/core/src/script-build.ts: true here only, so terse messages and version-free
      // validation (the prose and the per-version branches are then dead code the minifier drops).
      replace({
        include: '**/core/dist/lib/script-build.js',
        values: { 'SCRIPT_BUILD = false': 'SCRIPT_BUILD = true' },
        delimiters: ['', ''],
        preventAssignment: false,
      }),
      // browser: true picks nanoid's browser build; without it nanoid brings in node:crypto.
      nodeResolve({ browser: true }),
      // A third compress pass: -32 B brotli on 7,390 B (measured at the merge of issues 24 and 25).
      // Three "unsafe" transforms, -25 B on 7,395 B (type-checked lint, issue 23): each is unsafe
      // only for code this bundle does not have. Object-literal functions become methods (-15 B)
      // and function expressions arrows (-2 B): neither is ever called with `new` (the bundle
      // news only its two Error classes and Map/Set) nor reads `this`. Unused parameters are
      // dropped (-8 B): nothing reads a function's `length`. Not unsafe_comps (-11 B): it rewrites
      // !(a <= b) as a > b, which differs when an operand is NaN, and the tracker's time rules
      // rely on NaN failing a check (an unreadable createTime counts as too old).
      // mangle.properties: the internal names of scripts/rollup/internal-properties.mjs, -99 B
      // together (7,367 -> 7,268 B). builtins: true lets it take names a browser object also has
      // (parent, default, required, stop...): the bundle reads none of them from one.
      terser({
        ecma: 2020,
        compress: { passes: 3, unsafe_methods: true, unsafe_arrows: true, keep_fargs: false },
        mangle: { properties: { builtins: true, regex: new RegExp(`^(${INTERNAL_PROPERTIES.join('|')})$`) } },
      }),
      // Rollup's IIFE adds its exports to `this.TalentBeacon`: `this` is the window in a classic
      // script but undefined in a module (a bundler's `import 'talent-beacon/talent-beacon.js'`),
      // where that line threw a TypeError into the page. globalThis is the window in both.
      globalNamespace('TalentBeacon'),
    ],
    output: { file: `${dist('talent-beacon')}/talent-beacon.js`, format: 'iife', name: 'TalentBeacon', extend: true },
  },
  typesBundle('talent-beacon', ['index', 'react']),
  // The script build's types: the global it defines (src/script-global.ts), typed by the package's
  // own index.d.ts, which it imports as it is (`./index.js`: the output sits beside it).
  typesBundle('talent-beacon', { 'talent-beacon': types('talent-beacon', 'script-global') }, ['./index.js']),
  nodeBundle('talent-beacon-server', ['index', 'proxy', 'proxy-edge', 'cli']),
  typesBundle('talent-beacon-server', ['index', 'proxy', 'proxy-edge']),
  nodeBundle('talent-beacon-emulator', ['index', 'cli']),
  typesBundle('talent-beacon-emulator', ['index']),
  nodeBundle('demo', ['cli']),
];
