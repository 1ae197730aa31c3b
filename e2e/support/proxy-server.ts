import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxy } from '../../packages/talent-beacon-server/src/proxy.js';

/** A running proxy: its events URL and how to stop it. */
export interface ProxyServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the real proxy (project p, tenant t, v4, token 'dev') on 127.0.0.1 in front of
 * `upstream`, allowing pages of `allowedOrigins`: the proxy of the e2e proxy scenarios, in
 * Playwright (e2e/proxy.spec.ts) and in WebKit (e2e/webkit/proxy.test.ts).
 *
 * @example
 * const proxy = await startProxyServer([site.url], await emulator.listen());
 * // ... the page's tracker posts to proxy.url
 * await proxy.close();
 */
export async function startProxyServer(allowedOrigins: string[], upstream: string): Promise<ProxyServer> {
  const proxy = createProxy({ project: 'p', tenant: 't', apiVersion: 'v4', allowedOrigins, upstream, token: 'dev' });
  const server = createServer((req, res) => void proxy.node(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cts/events`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
