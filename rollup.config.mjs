// Bundles what `tsc -b` emitted into dist/lib (tsc type-checks and writes .d.ts; rollup only
// bundles). Three outputs with different rules:
//  - browser ESM (index, react): dependencies stay external, for the site's own bundler;
//  - the IIFE for <script>: idb-keyval and nanoid bundled in, minified, global TalentBeacon;
//  - Node ESM (proxy, emulator, server, cli): every dependency and builtin external.
import { existsSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import { inlineScript } from './scripts/rollup/inline-script.mjs';

const lib = (side, name) => `dist/lib/${side}/${name}.js`;
const present = (side, names) => Object.fromEntries(names.filter((n) => existsSync(lib(side, n))).map((n) => [n, lib(side, n)]));

const browserExternal = ['idb-keyval', 'nanoid', 'react', 'react/jsx-runtime', 'react-dom'];
const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const isBare = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');

// Chunk names carry content hashes: without this, chunks of earlier builds pile up in dist/
// (and would be published and measured by the size check).
for (const dir of ['dist/chunks', 'dist/node']) rmSync(dir, { recursive: true, force: true });

const configs = [
  {
    input: present('browser', ['index', 'react']),
    external: (id) => browserExternal.some((d) => id === d || id.startsWith(`${d}/`)),
    output: { dir: 'dist', format: 'es', chunkFileNames: 'chunks/[name]-[hash].js' },
  },
  {
    input: lib('browser', 'script'),
    // browser: true picks nanoid's browser build; without it nanoid brings in node:crypto.
    plugins: [
      // src/core/script-build.ts: true here only, so terse messages and version-free validation
      // (the prose and the per-version branches are then dead code the minifier drops).
      replace({
        include: '**/core/script-build.js',
        values: { 'SCRIPT_BUILD = false': 'SCRIPT_BUILD = true' },
        delimiters: ['', ''],
        preventAssignment: false,
      }),
      nodeResolve({ browser: true }),
      // A third compress pass: -32 B brotli on 7,390 B (measured at the merge of issues 24 and 25).
      terser({ ecma: 2020, compress: { passes: 3 } }),
    ],
    output: { file: 'dist/talent-beacon.js', format: 'iife', name: 'TalentBeacon', extend: true },
  },
];

const nodeInputs = present('node', ['proxy', 'proxy-edge', 'emulator', 'server', 'cli']);
if (Object.keys(nodeInputs).length > 0) {
  configs.push({
    input: nodeInputs,
    external: (id) => nodeBuiltins.has(id) || isBare(id),
    plugins: [inlineScript()],
    output: { dir: 'dist', format: 'es', chunkFileNames: 'node/[name]-[hash].js' },
  });
}

export default configs;
