import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import typescript from '@rollup/plugin-typescript';
import { rollup } from 'rollup';

const root = resolve(import.meta.dirname, '../..');
const here = (path: string) => resolve(root, path);

/**
 * Bundles e2e/pages/react/app.tsx the way a site bundles its app (React from node_modules,
 * talent-beacon from its built packages/talent-beacon/dist/react.js and its chunks; run `npm run build` first)
 * into a new temporary folder outside the repo, and returns that folder: serve it before
 * e2e/pages, so /react/index.html loads /react/app.js. React's development build, so
 * <StrictMode> really runs every effect twice. The same bundle as e2e/react.spec.ts makes.
 *
 * @example
 * const out = await bundleReactApp();
 * const server = await startTestServer({ roots: [out, 'e2e/pages'] });
 * // ... then rm(out, { recursive: true, force: true })
 */
export async function bundleReactApp(): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), 'talent-beacon-react-e2e-'));
  const bundle = await rollup({
    input: here('e2e/pages/react/app.tsx'),
    plugins: [
      {
        name: 'talent-beacon-self',
        resolveId: (id) => (id === 'talent-beacon/react' ? here('packages/talent-beacon/dist/react.js') : null),
      },
      typescript({ tsconfig: here('e2e/pages/react/tsconfig.json'), outDir: join(out, 'react'), noEmitOnError: true }),
      nodeResolve({ browser: true }),
      commonjs(),
      replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('development') } }),
    ],
    onwarn(warning, warn) {
      // React's CJS files use `this` at the top level in a way that is harmless in ESM.
      if (warning.code !== 'THIS_IS_UNDEFINED') warn(warning);
    },
  });
  await bundle.write({ dir: join(out, 'react'), entryFileNames: 'app.js', format: 'es' });
  await bundle.close();
  return out;
}
