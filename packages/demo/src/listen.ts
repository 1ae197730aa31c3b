import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Starts `server` on host:port and resolves its URL. A port that is taken becomes an error that
 * names the port and the command-line flag that changes it, instead of a bare EADDRINUSE.
 *
 * @example
 * const url = await listen(server, 8080, '127.0.0.1', '--port'); // 'http://127.0.0.1:8080'
 */
export function listen(server: Server, port: number, host: string, flag: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(describeListenError(error, port, host, flag));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address() as AddressInfo;
      resolve(`http://${urlHost(host)}:${address.port}`);
    });
  });
}

/**
 * Rewrites a listen error (EADDRINUSE, EACCES) into one a newcomer can act on.
 *
 * @example
 * describeListenError(error, 8080, '127.0.0.1', '--port').message;
 * // 'port 8080 on 127.0.0.1 is already in use; pick another one with --port <number> (or --port 0 for any free port)'
 */
export function describeListenError(error: unknown, port: number, host: string, flag: string): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE' || /EADDRINUSE/.test(String(error))) {
    return new Error(
      `port ${port} on ${host} is already in use; pick another one with ${flag} <number> (or ${flag} 0 for any free port)`,
      { cause: error },
    );
  }
  if (code === 'EACCES') {
    return new Error(`not allowed to listen on port ${port} on ${host}; use a port above 1023 with ${flag} <number>`, {
      cause: error,
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
