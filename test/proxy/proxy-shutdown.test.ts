// A rollout or a scale-in stops a proxy with SIGTERM while batches are in flight (issue 21). The
// CLI proxy runs as a real process (from source) with a real redis-server, in front of a slow
// CTS stand-in on 127.0.0.1 that stores each call on arrival and answers it later: SIGTERM comes
// while every call is on the wire. Every batch must still get its per-event answers, the process
// must exit well within the 10 s grace of Cloud Run and Kubernetes, and a copy the browser sends
// again through a new instance on the same Redis, after every claim would have expired, must be
// answered `duplicate` without reaching CTS: nothing stored twice because of a stop. Also as PID
// 1 of a PID namespace (`unshare --pid --fork --mount-proc`), as in a container.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLAIM_GRACE_MS } from '../../packages/talent-beacon-server/src/proxy/handle-request.js';
import { startProxyCli, type ProxyCli } from '../support/proxy-cli.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

const ORIGIN = 'http://127.0.0.1:8080';
const BATCH_TIMEOUT_MS = 5000;
const root = fileURLToPath(new URL('../..', import.meta.url));
const register = pathToFileURL(fileURLToPath(new URL('../support/ts-register.mjs', import.meta.url))).href;

let redis: RedisServer;
let upstream: Server;
let upstreamUrl = '';
// How long the CTS stand-in takes to answer a call it has stored.
let answerAfterMs = 1500;
const stored = new Map<string, number>();
const children: ChildProcess[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  upstream = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const id = (JSON.parse(body) as { clientEvent: { eventId: string } }).clientEvent.eventId;
      stored.set(id, (stored.get(id) ?? 0) + 1);
      setTimeout(
        () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ eventId: id })),
        answerAfterMs,
      );
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

beforeEach(() => {
  answerAfterMs = 1500;
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await new Promise((r) => {
    upstream?.close(r);
    upstream?.closeAllConnections();
  });
  await redis?.stop();
});

/** Starts `talent-beacon-server proxy --redis …` from source; `pid1` runs it as PID 1 of a new PID namespace. */
async function startProxy(options: { pid1?: boolean } = {}): Promise<ProxyCli> {
  const proxy = await startProxyCli(
    [
      ...[
        '--project',
        'acme',
        '--allow-origin',
        ORIGIN,
        '--upstream',
        upstreamUrl,
        '--token',
        'dev',
        '--redis',
        redis.url,
        '--port',
        '0',
      ],
      ...[
        '--rate-limit',
        '0',
        '--event-rate-limit',
        '0',
        '--concurrency',
        '16',
        '--batch-timeout',
        String(BATCH_TIMEOUT_MS),
      ],
    ],
    options,
  );
  children.push(proxy.child);
  if (options.pid1) {
    const nspid = /^NSpid:\s+(.*)$/m
      .exec(readFileSync(`/proc/${proxy.pid}/status`, 'utf8'))![1]!
      .trim()
      .split(/\s+/);
    expect(nspid).toEqual([String(proxy.pid), '1']);
  }
  return proxy;
}

let seq = 0;
function batchOf(n: number): object[] {
  const tag = `${process.pid}-${Date.now()}-${seq++}`;
  return Array.from({ length: n }, (_, i) => ({
    eventId: `stop-${tag}-${i}`,
    requestId: 'r',
    createTime: new Date().toISOString(),
    jobEvent: { type: 'VIEW', jobs: ['projects/acme/jobs/1'] },
  }));
}

type Answer = { status: number; results: { eventId: string; status: string }[] } | { error: string };

async function post(url: string, events: object[]): Promise<Answer> {
  try {
    const response = await fetch(`${url}/cts/events`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ events }),
    });
    const json = (await response.json()) as { results?: { eventId: string; status: string }[] };
    return { status: response.status, results: json.results ?? [] };
  } catch (error) {
    return { error: String((error as { cause?: unknown }).cause ?? error) };
  }
}

async function until(what: string, check: () => boolean, ms: number, output?: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}${output ? `; the proxy wrote:\n${output()}` : ''}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function statuses(answers: Answer[]): string[] {
  return answers.flatMap((a) => ('results' in a ? a.results.map((r) => r.status) : [`socket error: ${a.error}`]));
}

/**
 * The issue's scenario: 15 events in 3 batches through a proxy with Redis, SIGTERM while every
 * call is on the wire, then the same batches again through a new instance once every claim
 * would have expired. Returns what a test asserts (and logs the figures for the README).
 */
async function scenario(options: { pid1?: boolean }) {
  const [first, second] = await Promise.all([startProxy(options), startProxy()]);
  const batches = [batchOf(5), batchOf(5), batchOf(5)];
  const ids = batches.flat().map((e) => (e as { eventId: string }).eventId);
  const sentAt = Date.now();
  const answers = Promise.all(batches.map((b) => post(first.url, b)));
  await until('all 15 calls to reach the upstream', () => ids.every((id) => stored.has(id)), 10_000, first.output);
  const termAt = Date.now();
  process.kill(first.pid, 'SIGTERM');
  const firstAnswers = await answers;
  const exit = await first.exited;
  // Every claim the first instance took is gone by now, whatever it did: a claim lasts at most
  // the batch deadline + CLAIM_GRACE_MS from its batch's arrival.
  await new Promise((r) => setTimeout(r, Math.max(0, sentAt + BATCH_TIMEOUT_MS + CLAIM_GRACE_MS + 200 - Date.now())));
  const resent = await Promise.all(batches.map((b) => post(second.url, b)));
  const twice = ids.filter((id) => stored.get(id)! > 1).length;
  console.log(
    `${options.pid1 ? 'PID 1: ' : ''}SIGTERM mid-batch: first answers [${[...new Set(statuses(firstAnswers))].join(', ')}], exit ${exit.code ?? exit.signal} ${exit.at - termAt} ms after SIGTERM; resend through a new instance: [${[...new Set(statuses(resent))].join(', ')}]; stored twice: ${twice} of ${ids.length}`,
  );
  console.log(
    first
      .output()
      .split('\n')
      .filter((l) => /talent-beacon proxy: /.test(l))
      .join('\n'),
  );
  second.child.kill('SIGTERM');
  await second.exited;
  return { first, firstAnswers, exit, termAt, resent, ids, twice };
}

function expectGraceful(r: Awaited<ReturnType<typeof scenario>>): void {
  // Every client got its per-event answers, not a socket error.
  expect(statuses(r.firstAnswers)).toEqual(Array(15).fill('accepted'));
  expect(r.exit.code).toBe(0);
  expect(r.exit.at - r.termAt).toBeLessThan(10_000);
  expect(r.first.output()).toMatch(/SIGTERM: shutting down/);
  expect(r.first.output()).toMatch(/stopped after \d+ ms: 3 batches were in flight, drained in \d+ ms; Redis closed/);
  expect(r.first.output()).not.toMatch(/dedupe store failed/);
  // The resend finds every event done: answered duplicate, and CTS has each exactly once.
  expect(statuses(r.resent)).toEqual(Array(15).fill('duplicate'));
  expect(r.ids.map((id) => stored.get(id))).toEqual(Array(15).fill(1));
}

describe('SIGTERM while batches are in flight (talent-beacon-server proxy --redis)', () => {
  it('answers every batch, exits within the grace, and a resend through a new instance stores nothing twice', async () => {
    expectGraceful(await scenario({}));
  }, 90_000);

  it('does the same as PID 1 of a PID namespace (a container), which has no default signal actions', async () => {
    // No skip: CI runs as root on the same kind of machine, where unshare works.
    expect(
      () => execFileSync('unshare', ['--pid', '--fork', '--mount-proc', 'true'], { stdio: 'pipe' }),
      'unshare --pid must work here (root)',
    ).not.toThrow();
    expectGraceful(await scenario({ pid1: true }));
  }, 90_000);

  it('refuses new connections during the drain; the batch in flight is still answered', async () => {
    answerAfterMs = 2500;
    const proxy = await startProxy();
    const port = Number(new URL(proxy.url).port);
    const events = batchOf(2);
    const answer = post(proxy.url, events);
    await until(
      'the calls to reach the upstream',
      () => events.every((e) => stored.has((e as { eventId: string }).eventId)),
      10_000,
      proxy.output,
    );
    process.kill(proxy.pid, 'SIGTERM');
    await until('the drain to begin', () => /shutting down/.test(proxy.output()), 5000, proxy.output);
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve('connected')));
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
    expect(statuses([await answer])).toEqual(['accepted', 'accepted']);
    expect((await proxy.exited).code).toBe(0);
  }, 60_000);

  it('stops at a SIGTERM that comes while it waits for Redis, before it listens, also as PID 1', async () => {
    // A port nothing listens on: the proxy waits up to 2 s for Redis before it listens. Before
    // the fix its handlers came after that wait, and PID 1 has no default action for SIGTERM:
    // the signal was lost and the proxy ran on until SIGKILL.
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const args = [
      process.execPath,
      '--import',
      register,
      'packages/talent-beacon-server/src/cli.ts',
      'proxy',
      '--project',
      'acme',
      '--allow-origin',
      ORIGIN,
    ];
    args.push('--upstream', upstreamUrl, '--token', 'dev', '--port', '0', '--redis', `redis://127.0.0.1:${closed}`);
    const child = spawn('unshare', ['--kill-child', '--pid', '--fork', '--mount-proc', ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      child.once('exit', (code) => resolve({ code, at: Date.now() })),
    );
    // The first refused connection is printed while the proxy waits for Redis.
    await until(
      'the proxy to try Redis',
      () => /redis: .*ECONNREFUSED/.test(output),
      30_000,
      () => output,
    );
    const pid = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
    const termAt = Date.now();
    process.kill(pid, 'SIGTERM');
    const exit = await Promise.race([exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 8000))]);
    expect(exit, `still running 8 s after SIGTERM:\n${output}`).not.toBeNull();
    expect(exit!.code).toBe(0);
    expect(exit!.at - termAt).toBeLessThan(8000);
    expect(output).toMatch(/SIGTERM while starting: stopped before listening/);
    expect(output).not.toMatch(/listening at/);
  }, 60_000);

  it('exits at once, non-zero, at a second signal', async () => {
    answerAfterMs = 30_000;
    const proxy = await startProxy();
    const events = batchOf(1);
    const answer = post(proxy.url, events);
    await until(
      'the call to reach the upstream',
      () => stored.has((events[0] as { eventId: string }).eventId),
      10_000,
      proxy.output,
    );
    process.kill(proxy.pid, 'SIGTERM');
    await until('the drain to begin', () => /shutting down/.test(proxy.output()), 5000, proxy.output);
    const secondAt = Date.now();
    process.kill(proxy.pid, 'SIGINT');
    const exit = await proxy.exited;
    expect(exit.code).toBe(130);
    // At once: long before the drain's deadline (8 s) or the upstream's answer (30 s).
    expect(exit.at - secondAt).toBeLessThan(3000);
    expect(proxy.output()).toMatch(/SIGINT during the shutdown: exiting at once/);
    expect('error' in (await answer)).toBe(true);
  }, 60_000);
});
