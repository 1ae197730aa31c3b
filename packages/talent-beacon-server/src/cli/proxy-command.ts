// `talent-beacon-server proxy`: runs createProxy in a Node http server until SIGTERM or Ctrl-C, then
// stops gracefully: the batches in flight are answered and recorded before it exits.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createProxy, createRedisDedupe, DEFAULT_SHUTDOWN_MS, DEFAULT_UPSTREAM } from '../proxy.js';
import type { CloseReport, DedupeStore, Proxy, ProxyOptions } from '../proxy.js';
import { ConfigError } from '@talent-beacon/core';
import type { ApiVersion } from '@talent-beacon/core';
import { openRedis, parseClusterSeeds, redisTargetOf, REDIS_OPTIONS } from './open-redis.js';
import type { RedisTarget } from './open-redis.js';

export { REDIS_OPTIONS };

/** The port the proxy listens on when --port is not given. */
export const DEFAULT_PROXY_PORT = 8788;

const help = `Usage: talent-beacon-server proxy --project P --allow-origin ORIGIN [options]

Forwards tracker batches ({"events":[…]}) to Cloud Talent Solution clientEvents.create, once per
eventId. Batches are accepted at any path; GET …/metrics serves counters as text when enabled.

Options:
  --project <id>          Google Cloud project (required)
  --tenant <id>           CTS tenant (required for v4; optional for v4beta1; not for v3)
  --api-version <v>       v3 (default) | v3p1beta1 | v4beta1 | v4
  --allow-origin <o>      an origin allowed to POST from a browser, e.g. https://jobs.example.com
                          (repeat for several; requests without Origin are always allowed)
  --upstream <url>        API root (default ${DEFAULT_UPSTREAM}); the emulator's URL in development
  --token <t>             fixed access token (development); default: Application Default Credentials
  --redis <url>           share the dedupe store between instances (needs the ioredis package)
  --redis-cluster <nodes> the same in a Redis Cluster: seed nodes, comma-separated, each
                          host:port or redis://[user:password@]host:port (rediss:// for TLS)
  --port <n>              port (default ${DEFAULT_PROXY_PORT}; 0 = any free port; PORT env var also read)
  --host <addr>           address (default 127.0.0.1; 0.0.0.0 in a container)
  --trust-proxy           client IP from X-Forwarded-For (behind Cloud Run / a load balancer):
                          the right-most entry not written by a trusted proxy
  --trusted-proxies <v>   hops appending to X-Forwarded-For (default 1, Cloud Run; 2 behind a
                          Google external Application Load Balancer) or a comma-separated list
                          of proxy IPs / CIDR ranges; implies --trust-proxy
  --event-rate-limit <n>  events per client IP per minute (default 600; 0 = off)
  --body-timeout <ms>     time limit for reading a request body (default 10000)
  --metrics-token <t>     serve GET …/metrics to "Authorization: Bearer <t>" (at least 16
                          characters; also TALENT_BEACON_METRICS_TOKEN)
  --metrics               serve GET …/metrics to anyone (default: off)
  --rate-limit <n>        requests per client IP per minute (default 120; 0 = off)
  --max-event-age <ms>    oldest accepted createTime (default 259200000 = 3 days)
  --concurrency <n>       upstream calls in flight (default 8)
  --timeout <ms>          per upstream call (default 10000)
  --batch-timeout <ms>    per batch (default 25000); also the longest a killed proxy's claims
                          block other copies of its events (plus 2 s)
  --shutdown-timeout <ms> at SIGTERM/SIGINT, the most time from the signal to the exit: finish the
                          batches in flight, record them in the dedupe store, close it (default
                          ${DEFAULT_SHUTDOWN_MS}: under the 10 s Cloud Run gives before SIGKILL; Kubernetes
                          gives 30 s by default); a second signal exits at once
  --log                   one JSON line per batch on stdout
  -h, --help              this help`;

function int(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n))
    throw new Error(`${flag} must be a whole number (got ${JSON.stringify(value)})`);
  return n;
}

/** What the proxy command's flags mean. */
export interface ProxyCommand {
  help: boolean;
  port: number;
  host: string;
  redis?: string;
  /** Seed nodes of `--redis-cluster` (instead of `redis`). */
  redisCluster?: ReturnType<typeof parseClusterSeeds>;
  /** At SIGTERM/SIGINT, the most ms to drain and close the dedupe store (`proxy.close({ deadlineMs })`). */
  shutdownTimeoutMs: number;
  options: ProxyOptions;
}

/**
 * Reads the proxy command's flags into createProxy options, a port, a host and a Redis URL.
 * Values are then checked by createProxy itself, which names the option and the rule.
 *
 * @example
 * parseProxyArgs(['--project', 'demo', '--allow-origin', 'http://127.0.0.1:8080', '--token', 'dev']);
 * // { help: false, port: 8788, host: '127.0.0.1', options: { project: 'demo', allowedOrigins: [...], token: 'dev' } }
 */
export function parseProxyArgs(args: string[], env: Record<string, string | undefined> = {}): ProxyCommand {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      project: { type: 'string' },
      tenant: { type: 'string' },
      'api-version': { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      upstream: { type: 'string' },
      token: { type: 'string' },
      redis: { type: 'string' },
      'redis-cluster': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'trust-proxy': { type: 'boolean' },
      'trusted-proxies': { type: 'string' },
      'event-rate-limit': { type: 'string' },
      'body-timeout': { type: 'string' },
      'metrics-token': { type: 'string' },
      metrics: { type: 'boolean' },
      'rate-limit': { type: 'string' },
      'max-event-age': { type: 'string' },
      concurrency: { type: 'string' },
      timeout: { type: 'string' },
      'batch-timeout': { type: 'string' },
      'shutdown-timeout': { type: 'string' },
      log: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const port = int('--port', values.port ?? env.PORT) ?? DEFAULT_PROXY_PORT;
  if (port < 0 || port > 65535)
    throw new Error(`--port must be a whole number from 0 to 65535 (got ${values.port ?? env.PORT})`);
  const shutdownTimeoutMs = int('--shutdown-timeout', values['shutdown-timeout']) ?? DEFAULT_SHUTDOWN_MS;
  if (shutdownTimeoutMs < 0 || shutdownTimeoutMs > 600_000)
    throw new Error(
      `--shutdown-timeout must be a whole number of ms from 0 to 600000, below your platform's grace (got ${values['shutdown-timeout']})`,
    );
  const command: ProxyCommand = {
    help: values.help === true,
    port,
    host: values.host ?? '127.0.0.1',
    shutdownTimeoutMs,
    options: { project: values.project ?? '', allowedOrigins: values['allow-origin'] ?? [] },
  };
  if (command.help) return command;
  if (values.project === undefined) throw new Error('--project is required (your Google Cloud project id)');
  if (values['allow-origin'] === undefined)
    throw new Error(
      '--allow-origin is required at least once (the origin of your pages, e.g. https://jobs.example.com)',
    );
  const o = command.options;
  if (values.tenant !== undefined) o.tenant = values.tenant;
  if (values['api-version'] !== undefined) o.apiVersion = values['api-version'] as ApiVersion;
  if (values.upstream !== undefined) o.upstream = values.upstream;
  if (values.token !== undefined) o.token = values.token;
  if (values['trust-proxy']) o.trustProxy = true;
  const trusted = values['trusted-proxies'];
  if (trusted !== undefined) {
    o.trustProxy = true;
    o.trustedProxies = /^\s*\d+\s*$/.test(trusted)
      ? Number(trusted)
      : trusted
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean);
  }
  const metricsToken = values['metrics-token'] ?? env.TALENT_BEACON_METRICS_TOKEN;
  if (metricsToken !== undefined) o.metricsToken = metricsToken;
  if (values.metrics) o.metricsRoute = true;
  if (values.log) o.log = true;
  const limits = {
    rateLimit: int('--rate-limit', values['rate-limit']),
    eventRateLimit: int('--event-rate-limit', values['event-rate-limit']),
    bodyTimeoutMs: int('--body-timeout', values['body-timeout']),
    maxEventAgeMs: int('--max-event-age', values['max-event-age']),
    concurrency: int('--concurrency', values.concurrency),
    timeoutMs: int('--timeout', values.timeout),
    batchTimeoutMs: int('--batch-timeout', values['batch-timeout']),
  };
  if (Object.values(limits).some((v) => v !== undefined)) o.limits = limits;
  if (values.redis !== undefined && values['redis-cluster'] !== undefined)
    throw new ConfigError(
      'INVALID_OPTION',
      '--redis-cluster',
      '--redis and --redis-cluster exclude each other: give one Redis server or the seed nodes of one cluster',
    );
  if (values.redis !== undefined) command.redis = values.redis;
  if (values['redis-cluster'] !== undefined) command.redisCluster = parseClusterSeeds(values['redis-cluster']);
  return command;
}

/**
 * The Node server of the CLI, with time limits a public endpoint needs (Node's defaults let a
 * client take 60 s for its headers and 300 s for its request): headers within 10 s, the whole
 * request within 30 s (the proxy's own body limit, limits.bodyTimeoutMs, answers first), checked
 * every second.
 *
 * @example
 * createProxyServer(proxy).listen(8788, '127.0.0.1');
 */
export function createProxyServer(
  proxy: Pick<Proxy, 'node'>,
  timeouts: { headersTimeoutMs?: number; requestTimeoutMs?: number } = {},
): Server {
  const server = createServer(
    {
      headersTimeout: timeouts.headersTimeoutMs ?? 10_000,
      requestTimeout: timeouts.requestTimeoutMs ?? 30_000,
      connectionsCheckingInterval: 1000,
    },
    (req, res) => void proxy.node(req, res),
  );
  return server;
}

async function redisDedupe(
  target: RedisTarget,
): Promise<{ dedupe: DedupeStore; description: string; close(): Promise<unknown> }> {
  const redis = await openRedis(target, 'talent-beacon-server proxy');
  // Listen only once Redis answers (or after connectTimeout): without the offline queue, every
  // batch that came before the connection was answered `retry` (the store was "unavailable").
  await redis
    .ready(REDIS_OPTIONS.connectTimeout)
    .catch(() =>
      console.error(
        `talent-beacon proxy: redis: not connected after ${REDIS_OPTIONS.connectTimeout} ms; starting anyway (events are answered retry until it is)`,
      ),
    );
  return {
    dedupe: createRedisDedupe({ client: redis.client }),
    description: redis.description,
    close: () => redis.close(),
  };
}

/** What {@link stopServer} stops. */
export interface Running {
  server: Server;
  proxy: Pick<Proxy, 'close'>;
  /** Closes the dedupe store's client (Redis QUIT), after the drain. */
  closeStore?: () => Promise<unknown>;
}

/** What stopServer keeps of its deadline after proxy.close: 0.5 s for connections, 1 s for the store's close. */
export const STOP_RESERVE_MS = 1500;

/**
 * Stops the proxy's server gracefully within `deadlineMs` in all: no new connection is accepted,
 * idle keep-alive connections are closed (and each one that becomes idle, every 100 ms), every
 * batch in flight is answered (`proxy.close`, whose answers carry `Connection: close`, within
 * `deadlineMs` - {@link STOP_RESERVE_MS}), then the connections left are closed (0.5 s at most)
 * and the dedupe store (`closeStore`, which must bound itself to 1 s), only once nothing can write
 * to it any more.
 *
 * @example
 * process.once('SIGTERM', async () => { await stopServer({ server, proxy, closeStore: () => redis.quit() }, 8000); process.exit(0); });
 */
export async function stopServer(running: Running, deadlineMs: number): Promise<CloseReport> {
  const { server, proxy, closeStore } = running;
  // Called once the last connection has ended.
  const ended = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  try {
    const report = await proxy.close({ deadlineMs: Math.max(0, deadlineMs - STOP_RESERVE_MS) });
    // Every batch is answered, with Connection: close: its connection ends once the answer is
    // sent. Any connection left after that is owed no answer.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([ended, new Promise<void>((resolve) => (timer = setTimeout(resolve, 500)))]);
    clearTimeout(timer);
    server.closeAllConnections();
    await closeStore?.();
    return report;
  } finally {
    clearInterval(idle);
  }
}

/** The exit code of a process ended by `signal` (128 + its number, as a shell reports it). */
function signalExitCode(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? 130 : 143;
}

/**
 * Runs the proxy until SIGINT or SIGTERM, printing where it listens (never the token).
 *
 * @example
 * await run(['--project', 'demo', '--upstream', 'http://127.0.0.1:8790', '--token', 'dev', '--allow-origin', 'http://127.0.0.1:8080']);
 */
export async function run(args: string[]): Promise<void> {
  const command = parseProxyArgs(args, process.env);
  if (command.help) {
    console.log(help);
    return;
  }
  // Handlers of our own, from the start: they are also what makes a signal stop the process at
  // all when it runs as PID 1 of a container (the kernel gives PID 1 no default action for
  // SIGTERM or SIGINT), and a signal that comes while Redis is connecting must not be lost.
  let stopping: NodeJS.Signals | undefined;
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const first = (received: NodeJS.Signals) => {
    process.off('SIGINT', first);
    process.off('SIGTERM', first);
    const again = (next: NodeJS.Signals) => {
      console.error(
        `talent-beacon proxy: ${next} during the shutdown: exiting at once; batches in flight are not answered`,
      );
      process.exit(signalExitCode(next));
    };
    process.on('SIGINT', again);
    process.on('SIGTERM', again);
    stopping = received;
    onSignal(received);
  };
  process.on('SIGINT', first);
  process.on('SIGTERM', first);

  const target = redisTargetOf(command);
  const redis = target ? await redisDedupe(target) : undefined;
  if (stopping) {
    console.log(`talent-beacon proxy: ${stopping} while starting: stopped before listening`);
    await redis?.close();
    process.exit(0);
  }
  const proxy = createProxy(redis ? { ...command.options, dedupe: redis.dedupe } : command.options);
  const server = createProxyServer(proxy);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(command.port, command.host, () => resolve());
    });
  } catch (error) {
    await redis?.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new Error(
        `port ${command.port} on ${command.host} is already in use; pick another one with --port <number> (or --port 0 for any free port)`,
        {
          cause: error,
        },
      );
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${command.host.includes(':') ? `[${command.host}]` : command.host}:${port}`;
  const o = command.options;
  console.log(`talent-beacon-server proxy listening at ${url}/`);
  console.log(
    `  forwarding to ${o.upstream ?? DEFAULT_UPSTREAM} (${o.apiVersion ?? 'v3'}, project ${o.project}${o.tenant ? `, tenant ${o.tenant}` : ''})`,
  );
  console.log(`  auth:       ${o.token !== undefined ? 'fixed token (--token)' : 'Application Default Credentials'}`);
  console.log(`  dedupe:     ${redis ? redis.description : 'in memory'}`);
  console.log(`  origins:    ${o.allowedOrigins.join(', ')}`);
  console.log(
    `  metrics:    ${o.metricsToken !== undefined ? `GET ${url}/metrics with the bearer token` : o.metricsRoute ? `GET ${url}/metrics (open to anyone)` : 'off (--metrics-token <t> to serve them)'}`,
  );
  console.log('Press Ctrl-C to stop.');
  const signal = stopping ?? (await new Promise<NodeJS.Signals>((resolve) => (onSignal = resolve)));
  const started = Date.now();
  console.log(
    `talent-beacon proxy: ${signal}: shutting down; finishing the batches in flight within ${command.shutdownTimeoutMs} ms (a second signal exits at once)`,
  );
  const report = await stopServer(
    { server, proxy, ...(redis ? { closeStore: () => redis.close() } : {}) },
    command.shutdownTimeoutMs,
  );
  console.log(
    `talent-beacon proxy: stopped after ${Date.now() - started} ms: ${report.batches} batches were in flight, drained in ${report.ms} ms${report.unsettled ? ` (${report.unsettled} events still unsettled: their claims expire by themselves)` : ''}${redis ? '; Redis closed' : ''}`,
  );
  // Exit now: an idle keep-alive socket to the upstream must not keep the process (PID 1 of a
  // container, until SIGKILL) alive after its work is done.
  process.exit(0);
}
