// Same launch options as e2e/support/chromium.ts, in plain JS for the benchmark and the chaos
// suite (scripts/chaos.js), which run without a TS loader:
// CHROMIUM_PATH, else Debian's /usr/bin/chromium when present, else Playwright's own browser.
import { existsSync } from 'node:fs';

export function chromiumLaunchOptions() {
  const path = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  return path ? { executablePath: path, args } : { args };
}
