import { existsSync } from 'node:fs';

/**
 * How the `firefox` project launches Firefox. Playwright cannot download its own browsers on
 * machines without internet, so `FIREFOX_PATH` (default: Debian's `/usr/bin/firefox-esr` when it
 * exists) is driven over WebDriver BiDi (Playwright's `moz-firefox` channel: a stock Firefox, no
 * patched build). Elsewhere Playwright's own Firefox is used (`npx playwright install firefox`).
 *
 * The BiDi commands Playwright sends must exist in that Firefox: Playwright 1.65 sends
 * `emulation.setMediaFeaturesOverride` on every new context, which Firefox ESR 153 does not know,
 * hence the 1.64.1 pin in package.json (see docs/development.md, Browsers).
 */
export function firefoxUse(): {
  channel?: string;
  launchOptions: { executablePath?: string; firefoxUserPrefs: Record<string, string | number | boolean> };
} {
  const path = process.env.FIREFOX_PATH ?? (existsSync('/usr/bin/firefox-esr') ? '/usr/bin/firefox-esr' : undefined);
  // Nothing of Mozilla's to reach at start (closed network here).
  const firefoxUserPrefs = {
    'app.update.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
  };
  return path
    ? { channel: 'moz-firefox', launchOptions: { executablePath: path, firefoxUserPrefs } }
    : { launchOptions: { firefoxUserPrefs } };
}
