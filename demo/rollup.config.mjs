// Bundles the React version of the demo board (demo/react/*.tsx) into dist/demo/react-board.js,
// the way a site would bundle its own app: React and talent-beacon from their built packages.
// Run after the library build (`npm run build:demo`), because it bundles dist/index.js and
// dist/react.js, the very files the package publishes.
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import replace from '@rollup/plugin-replace';
import typescript from '@rollup/plugin-typescript';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

// 'talent-beacon' resolves to this package itself; point both entries at its built outputs.
const self = {
  name: 'talent-beacon-self',
  resolveId(id) {
    if (id === 'talent-beacon') return here('../dist/index.js');
    if (id === 'talent-beacon/react') return here('../dist/react.js');
    return null;
  },
};

export default {
  input: here('react/main.tsx'),
  // The demo's event panel is a plain module served by the demo server, shared by all versions.
  external: ['/assets/event-panel.js'],
  plugins: [
    self,
    // outDir: the plugin wants the output file inside it (nothing else is written there).
    typescript({ tsconfig: here('tsconfig.json'), outDir: here('../dist/demo'), noEmitOnError: true }),
    nodeResolve({ browser: true }),
    commonjs(),
    replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
  ],
  output: { file: here('../dist/demo/react-board.js'), format: 'es' },
  onwarn(warning, warn) {
    // React's CJS files use `this` at the top level in a way that is harmless in ESM.
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
};
