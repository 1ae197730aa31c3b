// The Express example against the real emulator over HTTP on 127.0.0.1, installed from the
// packed tarball: mounted as the example does (proxy first), and behind express.json() +
// express.text() (a site whose body parsers run for every path).
import { after, before, test } from 'node:test';
import express from 'express';
import { createProxy } from 'talent-beacon-server/proxy';
import { createEmulator } from 'talent-beacon-emulator';
import { checkProxy, ORIGIN, PROJECT, RATE_LIMIT } from '../_support/check-proxy.mjs';
import { createApp } from './server.js';

const emulator = createEmulator();
const servers = [];
let options;

before(async () => {
  const upstream = await emulator.listen(0, '127.0.0.1');
  options = {
    project: PROJECT,
    allowedOrigins: [ORIGIN],
    token: 'dev',
    upstream,
    limits: { rateLimit: RATE_LIMIT },
    log: false,
  };
});

after(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await emulator.close();
});

async function serve(app) {
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${server.address().port}/cts/events`;
}

test('the example app: accepted, duplicate, preflight, 403, stored once, rate limit per client', async () => {
  await checkProxy({ url: await serve(createApp(options)), emulator });
});

test('behind express.json() and express.text(): the same', async () => {
  const app = express();
  app.use(express.json(), express.text());
  app.use('/cts/events', createProxy(options).node);
  await checkProxy({ url: await serve(app), emulator });
});
