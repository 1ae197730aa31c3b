// Bundles the React version of the demo board (site/react/*.tsx) into dist/board/react-board.js
// (served as /dist/demo/react-board.js), the way a site would bundle its own app: React and
// talent-beacon resolved as installed packages (the workspace link to packages/talent-beacon, its
// package.json exports: the very dist/index.js and dist/react.js it publishes). Run after the
// library build (`npm run build:demo`).
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import replace from '@rollup/plugin-replace';
import typescript from '@rollup/plugin-typescript';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default {
  input: here('site/react/main.tsx'),
  // The demo's event panel is a plain module served by the demo server, shared by all versions.
  external: ['/assets/event-panel.js'],
  plugins: [
    // outDir: the plugin wants the output file inside it (nothing else is written there).
    typescript({ tsconfig: here('site/tsconfig.json'), outDir: here('dist/board'), noEmitOnError: true }),
    nodeResolve({ browser: true }),
    commonjs(),
    replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
  ],
  output: { file: here('dist/board/react-board.js'), format: 'es' },
  onwarn(warning, warn) {
    // React's CJS files use `this` at the top level in a way that is harmless in ESM.
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
};
