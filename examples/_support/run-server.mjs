// Starts an example's server as a child process (its own process group) and waits until it
// answers; stop() ends the group. Shared by the examples' tests.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1 (closed again: the child binds it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Spawns `command args` in `cwd` with `env`, then polls `readyUrl` until it answers with any HTTP
 * status (bounded by `timeoutMs`). Returns `{ output(), stop() }`.
 */
export async function runServer(command, args, { cwd, env, readyUrl, timeoutMs = 60_000 }) {
  let output = '';
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) assert.fail(`${command} exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(readyUrl, { signal: AbortSignal.timeout(2000) }).then(
      async (r) => (await r.arrayBuffer(), true),
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      assert.fail(`${command} did not answer ${readyUrl} within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return { output: () => output, stop };
}
