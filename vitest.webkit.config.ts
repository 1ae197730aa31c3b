import { defineConfig } from 'vitest/config';
import { workspaceAliases } from './scripts/workspace-sources.mjs';
import { inlineScript } from './scripts/rollup/inline-script.mjs';

// The WebKit e2e scenarios (e2e/webkit/): a real WebKit through WebDriver, one session for the
// file, the tests one after another. `npm run test:webkit`; needs the built packages (npm run build).
export default defineConfig({
  resolve: { alias: workspaceAliases },
  plugins: [inlineScript()],
  test: {
    include: ['e2e/webkit/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
