// talent-beacon-server/proxy: the server piece between the browser tracker and Cloud Talent Solution (docs/design.md §7).
// This is the Node build (the package's default export condition); fetch runtimes without Node
// built-ins (workerd, Vercel / Next.js Edge) resolve to ./proxy-edge.ts instead.
import { createProxy as buildProxy } from './proxy/create-proxy.js';
import { loadGoogleAuth } from './proxy/load-google-auth.js';
import type { Proxy, ProxyOptions } from './proxy/proxy-types.js';

export * from './proxy/exports.js';

/**
 * Creates the proxy between the browser tracker and CTS: CORS, limits, validation, the configured
 * project and tenant, dedupe by eventId, one `clientEvents.create` per new event, and a per-event
 * answer (`accepted`, `duplicate`, `rejected`, `retry`). Without `token` or `auth` it authorizes
 * with google-auth-library's Application Default Credentials (loaded at the first upstream call).
 *
 * @example
 * import http from 'node:http';
 * import { createProxy } from 'talent-beacon-server/proxy';
 * const proxy = createProxy({ project: 'my-project', allowedOrigins: ['https://jobs.example.com'] });
 * http.createServer((req, res) => (req.url === '/cts/events' ? proxy.node(req, res) : res.writeHead(404).end())).listen(8080);
 */
export function createProxy(options: ProxyOptions): Proxy {
  return buildProxy(options, loadGoogleAuth);
}
