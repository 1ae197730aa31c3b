// Child processes of a chaos run: redis-server, the emulator CLI and the proxy CLI. Every child
// is registered so that the run can kill each one by its PID at the end, even on failure.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';

const children = new Set();

/** A free TCP port on 127.0.0.1 (the proxy keeps its port across a restart). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// Children run without libfaketime: redis-server aborts its start under it.
function childEnv() {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name === 'LD_PRELOAD' || name.startsWith('FAKETIME')) delete env[name];
  return env;
}

/**
 * Starts `command args`, appends its output to `logFile`, and resolves with the first match of
 * `ready` in its output (within `timeoutMs`), or once it has spawned when `ready` is not given
 * (haproxy prints nothing when it is up: its caller checks readiness itself). Rejects if it
 * exits before.
 */
export function startChild(name, command, args, { ready, logFile, timeoutMs = 20_000 }) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const log = createWriteStream(logFile, { flags: 'a' });
  log.write(`\n--- ${new Date().toISOString()} ${name} started (pid ${child.pid}): ${command} ${args.join(' ')}\n`);
  child.once('exit', (code, signal) => log.end(`--- ${new Date().toISOString()} ${name} exited (${code ?? signal})\n`));
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk) => {
      log.write(chunk);
      if (timer === undefined) return;
      output += chunk.toString();
      const match = ready?.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    if (!ready)
      child.once('spawn', () => {
        clearTimeout(timer);
        resolve({ child, match: null });
      });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT' ? new Error(`${command} is not installed`) : error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
}

/**
 * Sends `signal` to the child by its PID and waits (at most `waitMs`, 5 s) for it to exit, then
 * SIGKILLs it. Resolves with how it ended: its exit code or signal, and whether it had to be
 * SIGKILLed after the wait (a graceful stop that overran).
 */
export async function stopChild(child, signal = 'SIGKILL', waitMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null)
    return { exit: child?.exitCode ?? child?.signalCode ?? null, forced: false };
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(child.pid, signal);
  } catch {
    return { exit: null, forced: false }; // already gone
  }
  let timer;
  await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
  clearTimeout(timer);
  const forced = child.exitCode === null && child.signalCode === null;
  if (forced) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
  }
  return { exit: child.exitCode ?? child.signalCode, forced };
}

/** Kills every child still running (by PID). */
export async function stopAllChildren() {
  await Promise.all([...children].map((child) => stopChild(child, 'SIGKILL')));
}

/** Kills every child synchronously (for process exit handlers). */
export function killAllChildrenNow() {
  for (const child of children) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

/** redis-server on a free port, no persistence. */
export async function startRedis(logFile) {
  const port = await freePort();
  const { child } = await startChild(
    'redis-server',
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      ready: /Ready to accept connections/,
      logFile,
    },
  );
  return { child, url: `redis://127.0.0.1:${port}` };
}
