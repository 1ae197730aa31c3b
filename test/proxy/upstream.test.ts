import { describe, expect, it } from 'vitest';
import { NOW, post, stubFetch, testProxy, v3Event } from './helpers.js';

const retryInfo = (delay: string) => ({
  error: {
    code: 429,
    message: 'Quota exceeded',
    status: 'RESOURCE_EXHAUSTED',
    details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: delay }],
  },
});
const unavailable = { error: { code: 503, message: 'The service is unavailable', status: 'UNAVAILABLE' } };

describe('upstream faults and retries', () => {
  it('retries a 429 after its RetryInfo delay and ends accepted', async () => {
    const t = testProxy({}, [{ status: 429, body: retryInfo('1s') }]);
    const e = v3Event();
    const r = await post(t.proxy, { events: [e] });
    expect(r.json.results).toEqual([{ eventId: e.eventId, status: 'accepted' }]);
    expect(t.calls).toHaveLength(2);
    expect(t.sleeps).toEqual([1000]);
    expect(t.proxy.metrics()).toMatchObject({ retried: 1, upstreamCalls: 2, accepted: 1 });
  });
  it('prefers Retry-After over RetryInfo', async () => {
    const t = testProxy({}, [{ status: 429, body: retryInfo('1s'), headers: { 'retry-after': '2' } }]);
    await post(t.proxy, { events: [v3Event()] });
    expect(t.sleeps).toEqual([2000]);
  });
  it('backs off exponentially with jitter on 503, 500 and refused connections', async () => {
    const refused = stubFetch([{ status: 503, body: unavailable }, { status: 500 }]);
    const t = testProxy({
      retry: { retries: 3, baseDelayMs: 100, maxDelayMs: 1000 },
      // The third call is refused before anything was sent: safe to send again.
      fetch: (async (input: string, init?: RequestInit) => {
        if (
          refused.calls.length === 2 &&
          !refused.script.length &&
          (refused.script.push({ status: 200, body: {} }), true)
        ) {
          refused.calls.push({ url: input, headers: {}, body: {} });
          throw new TypeError('fetch failed', {
            cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
          });
        }
        return refused.fetch(input, init);
      }) as typeof fetch,
    });
    const r = await post(t.proxy, { events: [v3Event()] });
    expect(r.json.results[0].status).toBe('accepted');
    // random() = 0.5: half of 100, 200, 400
    expect(t.sleeps).toEqual([50, 100, 200]);
    expect(refused.calls).toHaveLength(4);
  });
  it('does not send again within the batch what may have reached CTS (a drop or a timeout after sending)', async () => {
    for (const answer of ['drop', 'hang'] as const) {
      const t = testProxy({ retry: { retries: 3 }, limits: { timeoutMs: 20 } }, [answer]);
      const r = await post(t.proxy, { events: [v3Event()] });
      expect(r.json.results[0]).toMatchObject({
        status: 'retry',
        reason: expect.stringContaining('not resent in this batch, as it may have been stored'),
      });
      expect(t.calls).toHaveLength(1);
      expect(t.sleeps).toEqual([]);
    }
  });
  it('answers retry (the browser keeps the event) when retries run out, with the reason', async () => {
    const t = testProxy({ retry: { retries: 2 } }, [
      { status: 503, body: unavailable },
      { status: 500 },
      { status: 503, body: unavailable },
    ]);
    const e = v3Event();
    const r = await post(t.proxy, { events: [e] });
    expect(r.json.results[0]).toEqual({
      eventId: e.eventId,
      status: 'retry',
      reason: 'upstream 503: The service is unavailable',
    });
    expect(t.calls).toHaveLength(3);
    // Released: the browser's next try forwards it.
    const again = await post(t.proxy, { events: [e] });
    expect(again.json.results[0].status).toBe('accepted');
    expect(t.calls).toHaveLength(4);
  });
  it('does not wait longer than maxDelayMs for a server-chosen delay: answers retry at once', async () => {
    const t = testProxy({ retry: { maxDelayMs: 500 } }, [{ status: 429, body: retryInfo('30s') }]);
    const r = await post(t.proxy, { events: [v3Event()] });
    expect(r.json.results[0]).toMatchObject({ status: 'retry', reason: 'upstream 429: Quota exceeded' });
    expect(t.sleeps).toEqual([]);
    expect(t.calls).toHaveLength(1);
  });
  it('counts 409 ALREADY_EXISTS as duplicate and remembers the id', async () => {
    const t = testProxy({}, [
      { status: 409, body: { error: { code: 409, status: 'ALREADY_EXISTS', message: 'exists' } } },
    ]);
    const e = v3Event();
    expect((await post(t.proxy, { events: [e] })).json.results[0].status).toBe('duplicate');
    expect((await post(t.proxy, { events: [e] })).json.results[0].status).toBe('duplicate');
    expect(t.calls).toHaveLength(1);
  });
  it('rejects what CTS refuses with 400, quoting its message, without retrying', async () => {
    const t = testProxy({}, [
      { status: 400, body: { error: { code: 400, status: 'INVALID_ARGUMENT', message: 'Invalid requestId' } } },
    ]);
    const r = await post(t.proxy, { events: [v3Event()] });
    expect(r.json.results[0]).toMatchObject({
      status: 'rejected',
      issues: [{ rule: 'upstream', message: 'CTS answered 400: Invalid requestId' }],
    });
    expect(t.calls).toHaveLength(1);
  });
  it('answers retry on 401/403 (credentials, not the event) and logs without the token', async () => {
    const t = testProxy({}, [
      {
        status: 401,
        body: { error: { code: 401, message: 'Request had invalid authentication credentials: Bearer secret-token' } },
      },
    ]);
    const r = await post(t.proxy, { events: [v3Event()] });
    expect(r.json.results[0].status).toBe('retry');
    expect(t.calls).toHaveLength(1);
    const all = JSON.stringify(t.logs) + JSON.stringify(r.json);
    expect(all).toContain('upstream refused the credentials');
    expect(all).not.toContain('secret-token');
  });
  it('stops at the batch time limit: events not yet sent, or not yet retried, are answered retry', async () => {
    let now = NOW;
    const t = testProxy({
      limits: { concurrency: 1, batchTimeoutMs: 1000 },
      now: () => now,
      // Each call "takes" 400 ms of the proxy's clock and fails with 503.
      fetch: () => {
        now += 400;
        return Promise.resolve(new Response('{}', { status: 503 }));
      },
      sleep: async () => {},
    });
    const events = [v3Event(), v3Event(), v3Event()];
    const r = await post(t.proxy, { events });
    expect(r.json.results.map((x: { status: string }) => x.status)).toEqual(['retry', 'retry', 'retry']);
    // 3 attempts fit in 1000 ms (0, 400, 800); then nothing starts: the last event was never sent.
    expect(t.proxy.metrics().upstreamCalls).toBe(3);
    expect(r.json.results[2].reason).toMatch(/batch time limit/);
  });
  it('keeps at most `concurrency` upstream calls in flight', async () => {
    let active = 0;
    let peak = 0;
    const t = testProxy({
      limits: { concurrency: 3 },
      fetch: async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 5));
        active--;
        return new Response('{}', { status: 200 });
      },
    });
    const r = await post(t.proxy, { events: Array.from({ length: 20 }, () => v3Event()) });
    expect(r.json.results.every((x: { status: string }) => x.status === 'accepted')).toBe(true);
    expect(peak).toBe(3);
  });
});

describe('upstream error bodies never carry the credentials to the browser or the log', () => {
  // Some gateways echo the request's headers in their error bodies; the text reaches reason/issues.
  const echo = (status: number) => ({
    status,
    body: {
      error: { code: status, message: 'bad request; headers: authorization: Bearer secret-token; raw secret-token' },
    },
  });
  it.each([503, 400, 404, 403])('upstream %i echoing the Authorization header', async (status) => {
    const t = testProxy({ retry: { retries: 0 } }, [echo(status)]);
    const r = await post(t.proxy, { events: [v3Event()] });
    expect(JSON.stringify(r.json)).not.toContain('secret-token');
    expect(JSON.stringify(r.json)).toContain('[redacted]');
    expect(JSON.stringify(t.logs)).not.toContain('secret-token');
  });
});

describe('409 ABORTED (a conflict, retryable) is not a duplicate', () => {
  it('answers retry and releases the claim, so the next try forwards the event', async () => {
    const t = testProxy({ retry: { retries: 0 } }, [
      { status: 409, body: { error: { code: 409, status: 'ABORTED', message: 'concurrent modification' } } },
    ]);
    const e = v3Event();
    expect((await post(t.proxy, { events: [e] })).json.results[0]).toMatchObject({ status: 'retry' });
    expect((await post(t.proxy, { events: [e] })).json.results[0].status).toBe('accepted');
    expect(t.calls).toHaveLength(2);
  });
});
