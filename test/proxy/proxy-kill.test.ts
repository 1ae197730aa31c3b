// A proxy process killed with SIGKILL in the middle of a call leaves its claim in Redis. The claim
// lives only as long as its batch could use it (batch deadline + CLAIM_GRACE_MS), so a restarted
// proxy forwards the browser's next copy within that bound instead of answering `retry` for the
// store's old fixed TTL (120 s). The proxy runs as the real CLI, from source, in a child process.
import type { ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLAIM_GRACE_MS } from '../../packages/talent-beacon-server/src/proxy/handle-request.js';
import { startProxyCli, type ProxyCli } from '../support/proxy-cli.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

const ORIGIN = 'http://127.0.0.1:8080';
const BATCH_TIMEOUT_MS = 3000;

let redis: RedisServer;
let upstream: Server;
let upstreamUrl = '';
// 'hold': CTS takes the call and never answers (the proxy is killed meanwhile); 'ok': 200.
let mode: 'hold' | 'ok' = 'hold';
const arrivals: { eventId: string; at: number }[] = [];
const held: ServerResponse[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  upstream = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      arrivals.push({
        eventId: (JSON.parse(body) as { clientEvent: { eventId: string } }).clientEvent.eventId,
        at: Date.now(),
      });
      if (mode === 'hold') held.push(res);
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const res of held) res.destroy();
  await new Promise((r) => {
    upstream?.close(r);
    upstream?.closeAllConnections();
  });
  await redis?.stop();
});

/** Starts `talent-beacon-server proxy --redis …` from source and resolves its URL once it listens. */
async function startProxy(): Promise<ProxyCli> {
  const proxy = await startProxyCli([
    ...['--project', 'acme', '--allow-origin', ORIGIN, '--upstream', upstreamUrl, '--token', 'dev'],
    ...['--redis', redis.url, '--port', '0', '--rate-limit', '0', '--batch-timeout', String(BATCH_TIMEOUT_MS)],
  ]);
  children.push(proxy.child);
  return proxy;
}

function send(url: string, event: object): Promise<{ status: string }> {
  return fetch(`${url}/cts/events`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify({ events: [event] }),
  })
    .then((r) => r.json() as Promise<{ results: { status: string }[] }>)
    .then((j) => j.results[0]!);
}

async function until(what: string, check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

it('a proxy SIGKILLed mid-call frees its claim within batchTimeoutMs + CLAIM_GRACE_MS; the next proxy on the same Redis forwards the next copy', async () => {
  const event = {
    eventId: `killed-${Date.now()}`,
    requestId: 'r',
    createTime: new Date().toISOString(),
    jobEvent: { type: 'VIEW', jobs: ['projects/acme/jobs/1'] },
  };
  // The replacement starts first, so a slow start (a loaded machine) is not counted as claim time.
  const [first, second] = await Promise.all([startProxy(), startProxy()]);
  const sent = Date.now();
  const lost = send(first.url, event).catch((error: unknown) => error); // never answered: the proxy dies
  await until('the first call to reach upstream', () => arrivals.length === 1, 10_000);
  const killedAt = Date.now();
  first.child.kill('SIGKILL');
  await new Promise((r) => first.child.once('exit', r));
  expect(await lost).toBeInstanceOf(Error);

  mode = 'ok';
  const answers: string[] = [];
  let forwardedAt = 0;
  while (!forwardedAt) {
    const { status } = await send(second.url, event);
    answers.push(status);
    if (status === 'accepted') forwardedAt = Date.now();
    else if (Date.now() - killedAt > 30_000) break;
    else await new Promise((r) => setTimeout(r, 100));
  }
  const bound = BATCH_TIMEOUT_MS + CLAIM_GRACE_MS;
  // The claim was taken before the first call reached upstream: it ends by then + bound.
  const claimedBy = arrivals[0]!.at;
  console.log(
    `claim freed ${forwardedAt - killedAt} ms after the SIGKILL (${forwardedAt - claimedBy} ms after the first call reached upstream, ${forwardedAt - sent} ms after the batch was sent; bound ${bound} ms after the batch arrived)`,
  );
  // Copies before then found the dead proxy's claim in Redis and were answered retry.
  expect(answers[0]).toBe('retry');
  expect(answers.at(-1)).toBe('accepted');
  expect(forwardedAt - claimedBy).toBeLessThanOrEqual(bound + 1500);
  expect(arrivals.map((a) => a.eventId)).toEqual([event.eventId, event.eventId]);
  second.child.kill('SIGTERM');
}, 150_000);
