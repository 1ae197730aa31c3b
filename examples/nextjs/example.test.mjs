// The Next.js example, installed from the packed tarball and built with `next build` (the runner
// runs the build script): `next start` on 127.0.0.1 serves the proxy as a route handler on the
// Node runtime (/cts/events) and on the Edge runtime (/cts/edge-events), against the real
// emulator, and renders the page that uses the React hooks on the server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createEmulator } from 'talent-beacon-emulator';
import { checkProxy, ORIGIN, PROJECT, RATE_LIMIT } from '../_support/check-proxy.mjs';
import { freePort } from '../_support/run-server.mjs';

const emulator = createEmulator();
let server;
let output = '';
let base;

before(async () => {
  await emulator.listen(0, '127.0.0.1');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    CTS_PROJECT: PROJECT,
    ALLOWED_ORIGINS: ORIGIN,
    CTS_TOKEN: 'dev',
    CTS_UPSTREAM: emulator.url,
    RATE_LIMIT: String(RATE_LIMIT),
  };
  const next = join(import.meta.dirname, 'node_modules', '.bin', 'next');
  server = spawn(next, ['start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: import.meta.dirname,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.on('data', (c) => (output += c));
  server.stderr.on('data', (c) => (output += c));
  const deadline = Date.now() + 60_000;
  for (;;) {
    assert.equal(server.exitCode, null, `next start exited:\n${output}`);
    if (/Ready in/.test(output)) break;
    assert.ok(Date.now() < deadline, `next start was not ready within 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});

after(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    process.kill(-server.pid, 'SIGTERM');
    const timer = setTimeout(() => process.kill(-server.pid, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  await emulator.close();
});

test('the page with the React hooks renders on the server', async () => {
  const before = output.length;
  const response = await fetch(`${base}/`, { signal: AbortSignal.timeout(30_000) });
  const html = await response.text();
  assert.equal(response.status, 200);
  assert.match(html, /<h1>Jobs<\/h1>/);
  assert.match(html, /Nurse/);
  assert.match(html, /Welder/);
  // For the record (README): what the server printed while rendering it.
  const printed = output.slice(before).trim();
  console.log(`server log while rendering the page: ${printed ? `\n${printed}` : '(nothing)'}`);
});

// Behind a balancer (Vercel, Cloud Run, nginx) X-Forwarded-For carries the visitor's address.
const clientHeaders = (ip) => ({ 'x-forwarded-for': ip });

test('route handler, Node runtime: accepted, duplicate, preflight, 403, stored once, rate limit per client', async () => {
  await checkProxy({ url: `${base}/cts/events`, emulator, clientHeaders });
});

test('route handler, Edge runtime: the same', async () => {
  await checkProxy({ url: `${base}/cts/edge-events`, emulator, clientHeaders });
});

test("the Edge runtime's bundle is talent-beacon-server/proxy's fetch-runtime build, without google-auth-library", () => {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.js')) files.push(path);
    }
  };
  walk(join(import.meta.dirname, '.next', 'server', 'edge'));
  const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');
  // The fetch-runtime build's own error (its default credentials are none).
  assert.match(text, /option "token" or "auth" is required in fetch runtimes/);
  assert.doesNotMatch(text, /class GoogleAuth\b|gcp-metadata|google-auth-library\/build/);
});
