import { defineConfig } from 'vitest/config';
import { workspaceAliases } from './scripts/workspace-sources.mjs';
import { inlineScript } from './scripts/rollup/inline-script.mjs';

// Unit tests only: fast, in Node (or jsdom per file with `// @vitest-environment jsdom`).
// Everything that needs a real browser lives in e2e/ and runs in Chromium through Playwright.
export default defineConfig({
  // The packages by name, from source (tsconfig.base.json's paths): no build needed.
  resolve: { alias: workspaceAliases },
  plugins: [inlineScript()],
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
