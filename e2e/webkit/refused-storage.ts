import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

// WebDriver classic has no "add init script": a page whose IndexedDB is refused is served with a
// script in front of everything else, the way a private mode or a blocked-storage setting
// presents it to the page before any of its own scripts run.
const SCRIPTS = {
  // Some private modes: no IndexedDB at all.
  'idb-missing': `Object.defineProperty(window, 'indexedDB', { value: undefined });`,
  // Blocked storage: open() throws.
  'idb-throws': `IDBFactory.prototype.open = function () { throw new DOMException('The user denied permission to access the database.', 'UnknownError'); };`,
} as const;

const pages = resolve(import.meta.dirname, '../pages');

/**
 * A test-server route: `/idb-missing/<page>` and `/idb-throws/<page>` serve `e2e/pages/<page>`
 * with the refusal injected as the first script of `<head>`.
 *
 * @example
 * const server = await startTestServer({ routes: refusedStorageRoutes });
 * await driver.get(`${server.url}/idb-throws/delivery.html`);
 */
export async function refusedStorageRoutes(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const match = /^\/(idb-missing|idb-throws)\/([\w-]+\.html)$/.exec(url.pathname);
  if (!match) return false;
  const html = await readFile(resolve(pages, match[2]!), 'utf8');
  const script = SCRIPTS[match[1] as keyof typeof SCRIPTS];
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html.replace('<head>', `<head><script>${script}</script>`));
  return true;
}
