import { existsSync } from 'node:fs';

/**
 * Launch options for Chromium in tests and benchmarks. Playwright cannot download its own
 * browsers on machines without internet, so `CHROMIUM_PATH` (default: Debian's
 * `/usr/bin/chromium` when it exists) is used; elsewhere Playwright's own browser is used.
 * The flags keep Chromium from reaching out to Google at start (closed network here).
 */
export function chromiumLaunchOptions(): { executablePath?: string; args: string[] } {
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
