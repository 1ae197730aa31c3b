// The Cloud Run example: the Dockerfile's CMD, run exactly (its own node) from this example's
// installed tree as PID 1 of a new PID namespace, which is what a container's entrypoint is
// (`unshare --pid --fork --mount-proc`; `podman run` cannot start containers on the machines this
// runs on). Against the real emulator and a real redis-server on 127.0.0.1: the checks every
// example passes, then a rollout's SIGTERM in the middle of a batch: the batch is answered, the
// process exits within Cloud Run's 10 s grace, and the same batch sent again through a new
// instance is answered duplicate, stored once. Needs root (unshare) and redis-server: it fails,
// never skips, without them.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { createEmulator } from 'talent-beacon-emulator';
import { checkProxy, clientEvent, PROJECT, postBatch, RATE_LIMIT } from '../_support/check-proxy.mjs';

const here = new URL('.', import.meta.url).pathname;
const emulator = createEmulator();
const children = [];
let upstream;
let redis;
let redisUrl = '';

/** The CMD of the Dockerfile (exec form: a JSON array). */
function dockerCmd() {
  const line = readFileSync(new URL('Dockerfile', import.meta.url), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('CMD '));
  return JSON.parse(line.slice(4));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Waits for `pattern` in a child's output, bounded. */
function waitFor(child, pattern, ms, what) {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms:\n${output}`)), ms);
    const onData = (chunk) => {
      output += chunk;
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${what}: exited (${code ?? signal}) first:\n${output}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${what}: ${error.message}`));
    });
  });
}

before(async () => {
  upstream = await emulator.listen(0, '127.0.0.1');
  const port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(redis);
  await waitFor(redis, /Ready to accept connections/, 10_000, 'redis-server (Debian: apt-get install -y redis-server)');
  redisUrl = `redis://127.0.0.1:${port}`;
});

after(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await emulator.close();
});

/**
 * Runs the Dockerfile's CMD in this folder (WORKDIR /app holds the same tree), with the flags a
 * test needs appended (a later value of a flag wins): loopback, any port, the emulator, Redis.
 * `pid1`: as PID 1 of a new PID namespace. Resolves the proxy's URL and the pid to signal.
 */
async function startCmd({ pid1 }) {
  const [program, ...args] = dockerCmd();
  assert.equal(program, 'node', 'the CMD runs node itself (npm and npx do not pass SIGTERM on)');
  const flags = [
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--project',
    PROJECT,
    '--upstream',
    upstream,
    '--token',
    'dev',
    '--redis',
    redisUrl,
  ];
  const command = [process.execPath, ...args, ...flags, '--rate-limit', String(RATE_LIMIT)];
  const child = pid1
    ? spawn('unshare', ['--kill-child', '--pid', '--fork', '--mount-proc', ...command], {
        cwd: here,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    : spawn(command[0], command.slice(1), { cwd: here, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const [, url] = await waitFor(child, /listening at (http:\/\/\S+?)\/?\s/, 30_000, 'the proxy');
  let pid = child.pid;
  if (pid1) {
    // unshare --fork does not pass signals on: signal its child, PID 1 inside the namespace.
    pid = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
    const nspid = /^NSpid:\s+(.*)$/m
      .exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]
      .trim()
      .split(/\s+/);
    assert.deepEqual(nspid, [String(pid), '1'], 'the proxy is PID 1 of its namespace');
  }
  return { url: `${url}/cts/events`, pid, exited, output: () => output };
}

test('unshare --pid works here (root): the PID-1 test below must not be skipped', () => {
  const r = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `unshare --pid --fork --mount-proc failed (needs root): ${r.stderr || r.error}`);
});

test('the CMD as PID 1: accepted, duplicate, preflight, 403, stored once, rate limit per client (X-Forwarded-For)', async () => {
  const proxy = await startCmd({ pid1: true });
  await checkProxy({ url: proxy.url, emulator, clientHeaders: (ip) => ({ 'x-forwarded-for': ip }) });
  process.kill(proxy.pid, 'SIGTERM');
  assert.equal((await proxy.exited).code, 0);
});

test('the CMD as PID 1 at SIGTERM mid-batch: answered, exits within the grace, nothing stored twice', async () => {
  const proxy = await startCmd({ pid1: true });
  const events = [clientEvent('IMPRESSION'), clientEvent('VIEW'), clientEvent('VIEW')];
  const ids = events.map((e) => e.eventId);
  emulator.setFaults({ latencyMs: 2000 });
  const answer = postBatch(proxy.url, events, { headers: { 'x-forwarded-for': '198.51.100.20' } });
  // Well inside the emulator's 2 s: the batch is in flight.
  await new Promise((r) => setTimeout(r, 700));
  const termAt = Date.now();
  process.kill(proxy.pid, 'SIGTERM');
  const first = await answer;
  const exit = await proxy.exited;
  emulator.setFaults({});
  assert.equal(first.status, 200, first.text);
  assert.deepEqual(
    first.json.results.map((r) => r.status),
    ['accepted', 'accepted', 'accepted'],
  );
  assert.equal(exit.code, 0, proxy.output());
  assert.ok(exit.at - termAt < 10_000, `exited ${exit.at - termAt} ms after SIGTERM: Cloud Run kills at 10 s`);
  assert.match(proxy.output(), /stopped after \d+ ms: 1 batches were in flight, drained in \d+ ms; Redis closed/);
  console.log(`PID 1 proxy: exit ${exit.at - termAt} ms after SIGTERM: ${/stopped after .*/.exec(proxy.output())[0]}`);

  const next = await startCmd({ pid1: false });
  const again = await postBatch(next.url, events, { headers: { 'x-forwarded-for': '198.51.100.21' } });
  assert.deepEqual(
    again.json.results.map((r) => r.status),
    ['duplicate', 'duplicate', 'duplicate'],
  );
  const stored = emulator.clientEvents().filter((c) => ids.includes(c.event.eventId));
  assert.equal(stored.length, 3, 'each event stored once');
  process.kill(next.pid, 'SIGTERM');
  await next.exited;
});
