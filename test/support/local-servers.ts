// Real HTTP servers on 127.0.0.1 for the tests (real sockets, no fetch stubs), on free ports, and
// one call that closes them all. closeAllConnections() first: close() alone waits for every
// keep-alive connection a client left open (fetch keeps them), and the suite would hang.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalServers {
  /** Listens on a free port of 127.0.0.1; resolves to the origin, `http://127.0.0.1:PORT`. */
  serve(handler: RequestListener | Server): Promise<string>;
  /** Closes every server served since the last call (for afterEach or afterAll). */
  closeAll(): Promise<void>;
}

/**
 * @example
 * const servers = localServers();
 * afterAll(servers.closeAll);
 * const origin = await servers.serve((req, res) => res.end('ok'));
 */
export function localServers(): LocalServers {
  const servers: Server[] = [];
  return {
    async serve(handler) {
      const server = typeof handler == 'function' ? createServer(handler) : handler;
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async closeAll() {
      await Promise.all(
        servers
          .splice(0)
          .map((s) => new Promise<void>((resolve) => (s.closeAllConnections(), s.close(() => resolve())))),
      );
    },
  };
}
