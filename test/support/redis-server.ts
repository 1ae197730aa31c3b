import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A redis-server started for tests on 127.0.0.1, without persistence. */
export interface RedisServer {
  url: string;
  port: number;
  /** The redis-server process, e.g. to freeze it with SIGSTOP. */
  pid: number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The environment for redis-server: ours without libfaketime. Under `faketime '+400 days' npx
 * vitest run` (how the suite proves it does not depend on today's date) libfaketime is preloaded
 * into every child, and redis-server aborts its start on it ("Unexpected recursive calls to
 * clock_gettime()"). Redis only sees relative TTLs (SET PX), so a server on the real clock beside
 * a client on a shifted one is just two machines whose clocks differ.
 */
function serverEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name === 'LD_PRELOAD' || name.startsWith('FAKETIME')) delete env[name];
  return env;
}

/**
 * Starts a real `redis-server` on a free 127.0.0.1 port (no RDB/AOF files) and resolves once it
 * accepts connections. Fails, never skips, when redis-server is not installed: the Redis tests
 * are part of the proof that several proxy instances forward each event once.
 *
 * @example
 * const redis = await startRedisServer(); // afterAll(() => redis.stop())
 */
export async function startRedisServer(onPort?: number): Promise<RedisServer> {
  const port = onPort ?? (await freePort());
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: serverEnv(),
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let ready = false;
  await new Promise<void>((resolve, reject) => {
    let output = '';
    // A server that never became ready is stopped here: nobody gets its stop() (two such servers,
    // hung under libfaketime, were found still running hours after the test run).
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start within 10 s:\n${output}`));
    }, 10_000);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new Error('redis-server is not installed: install it (Debian: apt-get install -y redis-server; .ci/run does this) to run the Redis dedupe tests')
          : error,
      );
    });
    child.on('exit', (code) => {
      if (ready) return;
      clearTimeout(timer);
      reject(new Error(`redis-server exited with code ${code}:\n${output}`));
    });
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        ready = true;
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
