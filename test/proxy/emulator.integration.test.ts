// The proxy through the real HTTP stack against the real local CTS emulator: no fetch stubs.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../packages/core/src/index.js';
import { createEmulator } from '../../packages/talent-beacon-emulator/src/index.js';
import { createProxy } from '../../packages/talent-beacon-server/src/proxy.js';
import type { ProxyOptions } from '../../packages/talent-beacon-server/src/proxy.js';
import { localServers } from '../support/local-servers.js';

const ORIGIN = 'http://127.0.0.1:8080';
const emulator = createEmulator({ token: 'dev' });
let upstream = '';
const servers = localServers();

beforeAll(async () => {
  upstream = await emulator.listen();
});
beforeEach(() => emulator.reset());
afterAll(async () => {
  await servers.closeAll();
  await emulator.close();
});

/** A proxy in its own http server on 127.0.0.1, forwarding to the emulator. */
async function startProxy(options: Partial<ProxyOptions> = {}) {
  const proxy = createProxy({
    project: 'acme',
    allowedOrigins: [ORIGIN],
    upstream,
    token: 'dev',
    retry: { baseDelayMs: 5, maxDelayMs: 2000 },
    ...options,
  });
  const url = `${await servers.serve((req, res) => void proxy.node(req, res))}/cts/events`;
  const send = async (events: unknown[], headers: Record<string, string> = { origin: ORIGIN }) => {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
      body: JSON.stringify({ events }),
    });
    return {
      status: r.status,
      json: (await r.json()) as {
        results: { eventId: string; status: string; issues?: unknown[] }[];
        error?: { code: string };
      },
    };
  };
  return { proxy, url, send };
}

let n = 0;
function event(jobs: string[], over: Partial<ClientEvent> = {}): ClientEvent {
  return {
    eventId: `int-${++n}-${Date.now()}`,
    requestId: 'req-1',
    createTime: new Date().toISOString(),
    jobEvent: { type: 'VIEW', jobs },
    ...over,
  };
}
const v3Jobs = ['projects/acme/jobs/1'];
const tenantJobs = ['projects/acme/tenants/main/jobs/1'];
const ids = () => emulator.clientEvents().map((e) => String(e.event.eventId));

describe('forwarding shapes', () => {
  it('v3: {clientEvent} to projects/acme with parentEventId and extraInfo', async () => {
    const { send } = await startProxy();
    const e = event(v3Jobs, { parentEventId: 'imp-1', extraInfo: { page: '1' } });
    expect((await send([e])).json.results).toEqual([{ eventId: e.eventId, status: 'accepted' }]);
    const [got] = emulator.clientEvents();
    expect(got).toMatchObject({ apiVersion: 'v3', parent: 'projects/acme', duplicate: false });
    expect(got!.event).toMatchObject({
      eventId: e.eventId,
      parentEventId: 'imp-1',
      extraInfo: { page: '1' },
      jobEvent: { type: 'VIEW', jobs: v3Jobs },
    });
  });
  it('v4beta1: {clientEvent} to the tenant, without parentEventId and extraInfo', async () => {
    const { send } = await startProxy({ apiVersion: 'v4beta1', tenant: 'main' });
    const e = event(tenantJobs, { parentEventId: 'imp-1', extraInfo: { page: '1' } });
    expect((await send([e])).json.results[0]!.status).toBe('accepted');
    const [got] = emulator.clientEvents();
    expect(got).toMatchObject({ apiVersion: 'v4beta1', parent: 'projects/acme/tenants/main' });
    expect(got!.event).not.toHaveProperty('parentEventId');
    expect(got!.event).not.toHaveProperty('extraInfo');
  });
  it('v4: the bare event to projects/acme/tenants/main', async () => {
    const { send } = await startProxy({ apiVersion: 'v4', tenant: 'main' });
    const e = event(tenantJobs, { extraInfo: { a: 'b' } });
    expect((await send([e])).json.results[0]!.status).toBe('accepted');
    const [got] = emulator.clientEvents();
    expect(got).toMatchObject({
      apiVersion: 'v4',
      parent: 'projects/acme/tenants/main',
      event: { eventId: e.eventId, jobEvent: { type: 'VIEW', jobs: tenantJobs } },
    });
    expect(got!.event).not.toHaveProperty('extraInfo');
  });
});

describe('upstream faults', () => {
  it('429 with RetryInfo and 503 are retried; a drop (the answer may be lost) is not resent in the batch; stored once', async () => {
    emulator.setFaults({ script: ['429', '503', 'drop', 'ok'], retryDelaySeconds: 0.01 });
    const { send, proxy } = await startProxy();
    const e = event(v3Jobs);
    expect((await send([e])).json.results[0]!).toMatchObject({
      status: 'retry',
      reason: expect.stringContaining('not resent in this batch'),
    });
    expect(proxy.metrics().retried).toBe(2);
    expect((await send([e])).json.results[0]!.status).toBe('accepted');
    expect(ids()).toEqual([e.eventId]);
  });
  it('faults beyond the retries end in retry; the browser resends and it is stored once', async () => {
    emulator.setFaults({ script: ['503', '503', '503'] });
    const { send } = await startProxy({ retry: { retries: 2, baseDelayMs: 5 } });
    const e = event(v3Jobs);
    expect((await send([e])).json.results[0]!.status).toBe('retry');
    expect(ids()).toEqual([]);
    expect((await send([e])).json.results[0]!.status).toBe('accepted');
    expect((await send([e])).json.results[0]!.status).toBe('duplicate');
    expect(ids()).toEqual([e.eventId]);
  });
  it('under random 429/503/drops, a browser resending its retry events loses none and doubles none', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    emulator.setFaults({ rate429: 0.25, rate503: 0.25, dropRate: 0.15, retryDelaySeconds: 0.01, random });
    const { send } = await startProxy({
      retry: { retries: 1, baseDelayMs: 2 },
      limits: { rateLimit: 0, timeoutMs: 2000 },
    });
    let pending = Array.from({ length: 60 }, () => event(v3Jobs));
    const all = pending.map((e) => e.eventId);
    let rounds = 0;
    for (; rounds < 30 && pending.length > 0; rounds++) {
      const { json } = await send(pending);
      const keep = new Set(json.results.filter((r) => r.status === 'retry').map((r) => r.eventId));
      expect(json.results.every((r) => r.status !== 'rejected')).toBe(true);
      pending = pending.filter((e) => keep.has(e.eventId));
    }
    expect(pending).toEqual([]);
    expect(rounds).toBeGreaterThan(1); // the faults did bite: some events needed the browser's retry
    expect(ids().sort()).toEqual([...all].sort());
  });
  it('the case no proxy can close: CTS stored the event but the answer was lost', async () => {
    emulator.setFaults({ script: ['drop-after-store'] });
    const { send } = await startProxy();
    const e = event(v3Jobs);
    // The proxy does not send it again in the same batch (it may have been stored, as here)...
    expect((await send([e])).json.results[0]!.status).toBe('retry');
    expect(emulator.clientEvents().map((x) => x.duplicate)).toEqual([false]);
    // ...but the browser's later retry cannot be told apart from a lost request: documented in
    // docs/proxy.md, it stores the event again; the emulator flags the repeat.
    expect((await send([e])).json.results[0]!.status).toBe('accepted');
    expect(emulator.clientEvents().map((x) => x.duplicate)).toEqual([false, true]);
  });
  it('an upstream that refuses the token gets retry, never a lost event', async () => {
    const { send } = await startProxy({ token: 'wrong' });
    const e = event(v3Jobs);
    expect((await send([e])).json.results[0]).toMatchObject({ status: 'retry' });
    expect(ids()).toEqual([]);
  });
  it('409 ALREADY_EXISTS from an emulator that rejects repeats counts as duplicate', async () => {
    const strict = createEmulator({ duplicateEventIds: 'reject' });
    const strictUrl = await strict.listen();
    try {
      const first = await startProxy({ upstream: strictUrl });
      const second = await startProxy({ upstream: strictUrl });
      const e = event(v3Jobs);
      expect((await first.send([e])).json.results[0]!.status).toBe('accepted');
      // A second proxy with its own memory store: CTS's 409 still gives duplicate.
      expect((await second.send([e])).json.results[0]!.status).toBe('duplicate');
      expect(strict.clientEvents()).toHaveLength(1);
    } finally {
      await strict.close();
    }
  });
});

describe('hostile inputs through HTTP', () => {
  it('forwards nothing for a foreign origin, a huge body, malformed JSON or another project', async () => {
    const { send, url } = await startProxy();
    expect((await send([event(v3Jobs)], { origin: 'https://evil.example' })).status).toBe(403);
    const big = await fetch(url, {
      method: 'POST',
      headers: { origin: ORIGIN },
      body: JSON.stringify({ events: [event(v3Jobs, { extraInfo: { x: 'y'.repeat(80_000) } })] }),
    });
    expect(big.status).toBe(413);
    const bad = await fetch(url, { method: 'POST', headers: { origin: ORIGIN }, body: '{"events":[{' });
    expect(bad.status).toBe(400);
    const other = await send([event(['projects/victim/jobs/1'])]);
    expect(other.json.results[0]).toMatchObject({
      status: 'rejected',
      issues: [expect.objectContaining({ rule: 'project' })],
    });
    const get = await fetch(url, { headers: { origin: ORIGIN } });
    expect(get.status).toBe(405);
    const old = await send([
      event(v3Jobs, { createTime: '2020-01-01T00:00:00Z' }),
      event(v3Jobs, { createTime: new Date(Date.now() + 3_600_000).toISOString() }),
    ]);
    expect(old.json.results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(ids()).toEqual([]);
  });
  it('rate-limits a client with 429 + Retry-After, and forwards __proto__ keys as plain extraInfo keys', async () => {
    const { send, url } = await startProxy({ limits: { rateLimit: 2 } });
    const raw = `{"events":[{"eventId":"proto-int","requestId":"r","createTime":"${new Date().toISOString()}","jobEvent":{"type":"VIEW","jobs":["projects/acme/jobs/1"]},"extraInfo":{"__proto__":"x"}}]}`;
    const first = await fetch(url, { method: 'POST', headers: { origin: ORIGIN }, body: raw });
    expect(((await first.json()) as { results: { status: string }[] }).results[0]!.status).toBe('accepted');
    expect(Object.keys(emulator.clientEvents()[0]!.event.extraInfo as object)).toEqual(['__proto__']);
    expect((await send([])).status).toBe(200);
    const limited = await fetch(url, {
      method: 'POST',
      headers: { origin: ORIGIN },
      body: JSON.stringify({ events: [event(v3Jobs)] }),
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(ids()).toEqual(['proto-int']);
  });
});
