import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../../packages/demo/src/listen.js';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

describe('listen', () => {
  it('resolves the URL of a free port', async () => {
    const server = createServer();
    servers.push(server);
    expect(await listen(server, 0, '127.0.0.1', '--port')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('names the taken port and the flag that changes it', async () => {
    const first = createServer();
    servers.push(first);
    const url = await listen(first, 0, '127.0.0.1', '--port');
    const port = Number(new URL(url).port);
    const second = createServer();
    await expect(listen(second, port, '127.0.0.1', '--emulator-port')).rejects.toThrow(
      `port ${port} on 127.0.0.1 is already in use; pick another one with --emulator-port <number> (or --emulator-port 0 for any free port)`,
    );
  });
});
