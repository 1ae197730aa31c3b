import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/support/chromium.js';
import { firefoxUse } from './e2e/support/firefox.js';
import { registerInlineScript } from './scripts/rollup/inline-script.mjs';

// The specs import the emulator from source, whose inspector page imports its script as
// `?inline-script`: these hooks compile it (rollup and vitest do it with the plugin of the same file).
registerInlineScript();

// Two engines through Playwright: every spec in Chromium; the tracker's own specs (delivery,
// linking, proxy, React) in Firefox too. WebKit runs through WebDriver instead
// (e2e/webkit/, `npm run test:webkit`): Playwright's WebKit is a patched build it must download.
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  timeout: 45_000,
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results',
  use: {
    trace: 'off',
  },
  projects: [
    {
      name: 'chromium',
      use: { browserName: 'chromium', launchOptions: chromiumLaunchOptions() },
    },
    {
      name: 'firefox',
      testMatch: [
        'bfcache.spec.ts',
        'clock-skew.spec.ts',
        'delivery-smoke.spec.ts',
        'delivery.spec.ts',
        'linking.spec.ts',
        'proxy.spec.ts',
        'react.spec.ts',
      ],
      use: { browserName: 'firefox', ...firefoxUse() },
    },
  ],
});
