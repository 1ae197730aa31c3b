// The Deno example, installed from the packed tarball (Deno from the registry's `deno` package),
// served by `deno run` on 127.0.0.1 against the real emulator.
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createEmulator } from 'talent-beacon-emulator';
import { checkProxy, ORIGIN, PROJECT, RATE_LIMIT } from '../_support/check-proxy.mjs';
import { freePort, runServer } from '../_support/run-server.mjs';

const emulator = createEmulator();
let server;
let url;

before(async () => {
  await emulator.listen(0, '127.0.0.1');
  const port = await freePort();
  url = `http://127.0.0.1:${port}/cts/events`;
  const env = {
    ...process.env,
    DENO_NO_UPDATE_CHECK: '1',
    DENO_NO_PROMPT: '1',
    PORT: String(port),
    DO_NOT_TRACK: '1',
    CTS_PROJECT: PROJECT,
    ALLOWED_ORIGINS: ORIGIN,
    CTS_TOKEN: 'dev',
    CTS_UPSTREAM: emulator.url,
    RATE_LIMIT: String(RATE_LIMIT),
  };
  const deno = join(import.meta.dirname, 'node_modules', '.bin', 'deno');
  server = await runServer(deno, ['run', '--allow-net', '--allow-env', 'server.js'], {
    cwd: import.meta.dirname,
    env,
    readyUrl: `http://127.0.0.1:${port}/`,
  });
});

after(async () => {
  await server?.stop();
  await emulator.close();
});

test('Deno.serve: accepted, duplicate, preflight, 403, stored once, rate limit on the peer address', async () => {
  await checkProxy({ url, emulator });
});
