// proxy.close(): the drain for users who mount proxy.fetch or proxy.node in their own server
// (issue 21). Real HTTP on 127.0.0.1 for the upstream and for proxy.node, the real clock.
import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../packages/core/src/index.js';
import { createProxyServer } from '../../packages/talent-beacon-server/src/cli/proxy-command.js';
import { createMemoryDedupe, createProxy } from '../../packages/talent-beacon-server/src/proxy.js';
import type { DedupeStore, Proxy } from '../../packages/talent-beacon-server/src/proxy.js';
import { localServers } from '../support/local-servers.js';

const ORIGIN = 'https://jobs.example.com';
const servers = localServers();
afterEach(() => servers.closeAll());
const upstreams = localServers();
afterAll(() => upstreams.closeAll());

// The CTS stand-in: each call is stored on arrival and answered after `delay` ms ('hang': never,
// until the proxy aborts it).
const calls = new Map<string, number>();
let delay: number | 'hang' = 300;
const held: ServerResponse[] = [];
const upstream = upstreams.serve((req: IncomingMessage, res: ServerResponse) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    const id = (JSON.parse(body) as { clientEvent: { eventId: string } }).clientEvent.eventId;
    calls.set(id, (calls.get(id) ?? 0) + 1);
    if (delay === 'hang') held.push(res);
    else setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), delay);
  });
});
afterAll(() => held.forEach((r) => r.destroy()));

/** Waits until the upstream has the call of `id` (bounded by the test's timeout). */
async function arrived(id: string): Promise<void> {
  while (!calls.has(id)) await new Promise((r) => setTimeout(r, 5));
}

let n = 0;
const event = () => ({
  eventId: `close-${Date.now()}-${n++}`,
  requestId: 'r',
  createTime: new Date().toISOString(),
  jobEvent: { type: 'VIEW', jobs: ['projects/acme/jobs/1'] },
});

// A store whose writes take a while, as a remote one does: close() must wait for them.
function slowStore(store: DedupeStore, ms: number) {
  const writes = { done: 0 };
  return {
    writes,
    store: {
      claim: (id, o) => store.claim(id, o),
      complete: async (id) => {
        await new Promise((r) => setTimeout(r, ms));
        await store.complete(id);
        writes.done++;
      },
      release: (id) => store.release(id),
    } satisfies DedupeStore,
  };
}

async function proxyOn(dedupe: DedupeStore, over: object = {}): Promise<Proxy> {
  return createProxy({
    project: 'acme',
    allowedOrigins: [ORIGIN],
    upstream: await upstream,
    token: 't',
    dedupe,
    ...over,
  });
}

const post = (proxy: Proxy, events: object[]) =>
  proxy.fetch(
    new Request('http://proxy.test/cts/events', {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'text/plain' },
      body: JSON.stringify({ events }),
    }),
  );
const results = async (response: Response) =>
  ((await response.json()) as { results: { status: string; reason?: string }[] }).results;

describe('proxy.close() (fetch)', () => {
  it('answers new batches 503 + Retry-After, finishes the batch in flight, and resolves only after its done-marks are written', async () => {
    delay = 300;
    const shared = createMemoryDedupe();
    const slow = slowStore(shared, 200);
    const proxy = await proxyOn(slow.store);
    const events = [event(), event(), event()];
    const inFlight = post(proxy, events);
    for (const e of events) await arrived(e.eventId);
    const closed = proxy.close({ deadlineMs: 5000 });
    expect(proxy.closing).toBe(true);

    const late = event();
    const refused = await post(proxy, [late]);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('SHUTTING_DOWN');
    const preflight = await proxy.fetch(
      new Request('http://proxy.test/cts/events', { method: 'OPTIONS', headers: { origin: ORIGIN } }),
    );
    expect(preflight.status).toBe(204);

    expect((await results(await inFlight)).map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const report = await closed;
    // The done-marks were written before close() resolved: the caller may close the store now.
    expect(slow.writes.done).toBe(3);
    expect(report).toMatchObject({ batches: 1, unsettled: 0 });
    expect(calls.has(late.eventId)).toBe(false);
    // Another instance on the same store finds them done.
    const other = await proxyOn(shared);
    expect((await results(await post(other, events))).map((r) => r.status)).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    expect(events.map((e) => calls.get(e.eventId))).toEqual([1, 1, 1]);
    // A second close() is the same drain.
    expect(await proxy.close()).toBe(report);
  });

  it('at the deadline: the call on the wire is aborted and its claim left to expire; the event that waited for a slot is released', async () => {
    delay = 'hang';
    const shared = createMemoryDedupe();
    const proxy = await proxyOn(shared, { limits: { concurrency: 1 } });
    const [onWire, waiting] = [event(), event()];
    const answer = post(proxy, [onWire, waiting]);
    await arrived(onWire.eventId);
    const started = Date.now();
    // Cutoff at 1000 - 500 ms (half the deadline under 2 s), resolved by 1000 ms at the latest.
    const report = await proxy.close({ deadlineMs: 1000 });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(report).toMatchObject({ batches: 1, unsettled: 0 });
    const [a, b] = await results(await answer);
    expect(a).toMatchObject({ status: 'retry', reason: expect.stringMatching(/shutting down/) });
    expect(b).toMatchObject({ status: 'retry', reason: expect.stringMatching(/shutting down/) });
    expect(calls.has(waiting.eventId)).toBe(false);

    delay = 0;
    const other = await proxyOn(shared);
    const again = await results(await post(other, [onWire, waiting]));
    // The cut call may have been stored: nobody sends a copy while its claim lives.
    expect(again[0]).toMatchObject({ status: 'retry', reason: 'another request is forwarding this eventId' });
    // Nothing of the waiting one was sent: its claim was released, the copy goes through once.
    expect(again[1]).toMatchObject({ status: 'accepted' });
    expect(calls.get(waiting.eventId)).toBe(1);
  });

  it('waits past the cutoff for a store write still under way, so the caller closes the store after it', async () => {
    delay = 300;
    const shared = createMemoryDedupe();
    const slow = slowStore(shared, 500);
    const proxy = await proxyOn(slow.store);
    const e = event();
    const answer = post(proxy, [e]);
    await arrived(e.eventId);
    // Cutoff at 500 ms: the upstream answers at ~300 ms, the done-mark takes until ~800 ms.
    const report = await proxy.close({ deadlineMs: 1000 });
    expect(slow.writes.done).toBe(1);
    expect(report.unsettled).toBe(0);
    // The browser was answered at the cutoff, before the write: `retry`, and its copy is a duplicate.
    expect((await results(await answer))[0]!.status).toBe('retry');
    const other = await proxyOn(shared);
    expect((await results(await post(other, [e])))[0]!.status).toBe('duplicate');
    expect(calls.get(e.eventId)).toBe(1);
  });

  it('names the option, the rule and the value of a bad deadline', async () => {
    const proxy = await proxyOn(createMemoryDedupe());
    expect(() => proxy.close({ deadlineMs: -1 })).toThrow(ConfigError);
    expect(() => proxy.close({ deadlineMs: -1 })).toThrow(/proxy\.close: option "deadlineMs".*-1/);
    expect(() => proxy.close({ deadlineMs: 'soon' as never })).toThrow(/deadlineMs/);
    expect(() => proxy.close({ deadline: 5 } as never)).toThrow(/unknown option "deadline"/);
    expect(proxy.closing).toBe(false);
  });
});

describe('proxy.close() (node)', () => {
  it('answers with Connection: close while draining, a new batch 503 + Retry-After', async () => {
    delay = 300;
    const proxy = await proxyOn(createMemoryDedupe());
    const base = await servers.serve(createProxyServer(proxy));
    const send = (events: object[]) =>
      new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
        (resolve, reject) => {
          const req = request(
            `${base}/cts/events`,
            { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'text/plain' } },
            (res) => {
              let body = '';
              res.on('data', (c: Buffer) => (body += c.toString()));
              res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
            },
          );
          req.on('error', reject);
          req.end(JSON.stringify({ events }));
        },
      );
    const first = event();
    const inFlight = send([first]);
    await arrived(first.eventId);
    const closed = proxy.close();
    const refused = await send([event()]);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.headers.connection).toBe('close');
    const done = await inFlight;
    expect(done.status).toBe(200);
    expect(done.headers.connection).toBe('close');
    expect(JSON.parse(done.body).results[0].status).toBe('accepted');
    expect((await closed).batches).toBe(1);
  });
});
