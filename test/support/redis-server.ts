import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** A redis-server started for tests on 127.0.0.1, without persistence. */
export interface RedisServer {
  url: string;
  port: number;
  /** The redis-server process, e.g. to freeze it with SIGSTOP. */
  pid: number;
  stop(): Promise<void>;
}

function freePort(port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(port, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

// A cluster node also listens on its bus port, its port + 10000: both must be free.
async function freeClusterPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await freePort();
    if (port + 10_000 > 65_535) continue;
    if (
      await freePort(port + 10_000).then(
        () => true,
        () => false,
      )
    )
      return port;
  }
  throw new Error('no free port pair (port, port + 10000) for a Redis Cluster node on 127.0.0.1');
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
export async function startRedisServer(onPort?: number, extraArgs: string[] = []): Promise<RedisServer> {
  const port = onPort ?? (await freePort());
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: serverEnv(),
    },
  );
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
          ? new Error(
              'redis-server is not installed: install it (Debian: apt-get install -y redis-server; .ci/run does this) to run the Redis dedupe tests',
            )
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

/** A local Redis Cluster of masters without replicas, for tests. */
export interface RedisCluster {
  /** The masters, each a redis-server (stop one to take its slots away). */
  nodes: RedisServer[];
  /** `host:port` of every master, e.g. for `--redis-cluster`. */
  seeds: string[];
  /** Starts the stopped master `i` again on its port with its node file: it takes its slots back. */
  restart(i: number): Promise<void>;
  stop(): Promise<void>;
}

const run = promisify(execFile);

/**
 * Starts `masters` (3) real `redis-server --cluster-enabled yes` on free 127.0.0.1 ports (their
 * node files in a temp dir), joins them with `redis-cli --cluster create … --cluster-replicas 0
 * --cluster-yes` and resolves once every node reports `cluster_state:ok`. Fails, never skips,
 * without redis-server and redis-cli (Debian: redis-server, which .ci/run installs, has both).
 *
 * @example
 * const cluster = await startRedisCluster(); // afterAll(() => cluster.stop())
 * const client = new Cluster(cluster.seeds.map((s) => `redis://${s}`));
 */
export async function startRedisCluster(masters = 3): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'tb-redis-cluster-'));
  // A short node timeout: a stopped master is marked failed (and its slots uncovered) in 2 s.
  const args = (port: number) => [
    '--cluster-enabled',
    'yes',
    '--cluster-config-file',
    join(dir, `nodes-${port}.conf`),
    '--cluster-node-timeout',
    '2000',
    '--dir',
    dir,
  ];
  const nodes: RedisServer[] = [];
  const stopAll = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      const port = await freeClusterPort();
      nodes.push(await startRedisServer(port, args(port)));
    }
    const seeds = nodes.map((n) => `127.0.0.1:${n.port}`);
    await run('redis-cli', ['--cluster', 'create', ...seeds, '--cluster-replicas', '0', '--cluster-yes'], {
      env: serverEnv(),
      timeout: 20_000,
    });
    await clusterOk(nodes);
    return {
      nodes,
      seeds,
      async restart(i) {
        const port = nodes[i]!.port;
        nodes[i] = await startRedisServer(port, args(port));
        await clusterOk(nodes);
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

// Every node sees every slot covered (within 20 s).
async function clusterOk(nodes: RedisServer[]): Promise<void> {
  const end = Date.now() + 20_000;
  for (;;) {
    const states = await Promise.all(
      nodes.map((n) =>
        run('redis-cli', ['-p', String(n.port), 'cluster', 'info'], { env: serverEnv(), timeout: 2000 }).then(
          (r) => /cluster_state:ok/.test(r.stdout),
          () => false,
        ),
      ),
    );
    if (states.every(Boolean)) return;
    if (Date.now() > end)
      throw new Error(`the Redis Cluster did not reach cluster_state:ok within 20 s (${states.join(', ')})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
