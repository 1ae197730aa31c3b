// The upstream module on its own: forwardEvent sends the checked request as it is and names
// every `retry` with a code; createUpstream wraps it in the dedupe store's claim. CTS's answers
// come from a fetch stub; timeouts, refused and broken connections from real sockets on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryDedupe } from '../../packages/talent-beacon-server/src/proxy.js';
import type { CheckedEvent } from '../../packages/talent-beacon-server/src/proxy/check-event.js';
import { checkEvent } from '../../packages/talent-beacon-server/src/proxy/check-event.js';
import type { ForwarderOptions, ForwardOutcome } from '../../packages/talent-beacon-server/src/proxy/upstream/index.js';
import {
  createForwarder,
  createUpstream,
  forwardEvent,
  RetryReason,
} from '../../packages/talent-beacon-server/src/proxy/upstream/index.js';
import type { DedupeStore } from '../../packages/talent-beacon-server/src/proxy.js';
import { NOW, stubFetch, v3Event, type Answer } from './helpers.js';

const RULES = {
  apiVersion: 'v3' as const,
  project: 'acme',
  maxEventAgeMs: 3_600_000,
  maxClockSkewMs: 300_000,
  now: () => NOW,
};

function checked(): CheckedEvent {
  const result = checkEvent(v3Event(), RULES);
  if ('issues' in result) throw new Error(result.issues[0]?.message);
  return result.checked;
}

function options(
  over: Partial<ForwarderOptions> = {},
  script: Answer[] = [],
): ForwarderOptions & { calls: ReturnType<typeof stubFetch>['calls'] } {
  const stub = stubFetch(script);
  return {
    project: 'acme',
    upstream: 'http://127.0.0.1:1',
    token: 'secret-token',
    timeoutMs: 1000,
    maxResponseBytes: 65_536,
    fetch: stub.fetch,
    now: () => NOW,
    sleep: () => Promise.resolve(),
    random: () => 0.5,
    retry: { retries: 1 },
    log: () => undefined,
    calls: stub.calls,
    ...over,
  };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(onRequest: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(onRequest);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function codeOf(outcome: ForwardOutcome): string {
  return outcome.status === 'retry' ? outcome.code : outcome.status;
}

describe('forwardEvent', () => {
  it('sends the checked request byte for byte to its path', async () => {
    const event = checked();
    const forwarding = options();
    expect(await forwardEvent(createForwarder(forwarding), event.request)).toEqual({ status: 'accepted' });
    expect(forwarding.calls).toHaveLength(1);
    expect(forwarding.calls[0]?.url).toBe('http://127.0.0.1:1/v3/projects/acme/clientEvents');
    expect(JSON.stringify(forwarding.calls[0]?.body)).toBe(event.request.body);
  });

  it('names each retry with a code: rate-limited, status-5xx, conflict, auth, redirect, unexpected-answer', async () => {
    const cases: Array<[Answer[], string]> = [
      [[{ status: 429 }, { status: 429 }], RetryReason.rateLimited],
      [[{ status: 503 }, { status: 500 }], RetryReason.status5xx],
      [
        [
          { status: 409, body: { error: { status: 'ABORTED' } } },
          { status: 409, body: { error: { status: 'ABORTED' } } },
        ],
        RetryReason.conflict,
      ],
      [[{ status: 401 }], RetryReason.auth],
      [[{ status: 403 }], RetryReason.auth],
      [[{ status: 302, headers: { location: 'https://elsewhere.example' } }], RetryReason.redirect],
      [[{ status: 200, body: [] }], RetryReason.unexpectedAnswer],
    ];
    for (const [script, code] of cases) {
      const outcome = await forwardEvent(createForwarder(options({}, script)), checked().request);
      expect([script[0], codeOf(outcome)]).toEqual([script[0], code]);
    }
  });

  it('409 ALREADY_EXISTS is duplicate, 400 is rejected with CTS message', async () => {
    expect(
      await forwardEvent(
        createForwarder(options({}, [{ status: 409, body: { error: { status: 'ALREADY_EXISTS' } } }])),
        checked().request,
      ),
    ).toEqual({
      status: 'duplicate',
    });
    const rejected = await forwardEvent(
      createForwarder(options({}, [{ status: 400, body: { error: { message: 'bad job' } } }])),
      checked().request,
    );
    expect(rejected).toMatchObject({
      status: 'rejected',
      issues: [{ rule: 'upstream', message: 'CTS answered 400: bad job' }],
    });
  });

  it('no-credentials when the auth client fails; the message never shows the token', async () => {
    const auth = { getAccessToken: async () => Promise.reject(new Error('metadata server down')) };
    const outcome = await forwardEvent(createForwarder(options({ token: undefined, auth })), checked().request);
    expect(outcome).toMatchObject({
      status: 'retry',
      code: RetryReason.noCredentials,
      reason: expect.stringContaining('metadata server down'),
    });
  });

  it('deadline names the caller time limit; shutdown when a cutoff comes first', async () => {
    const past = await forwardEvent(
      createForwarder(options({ timeLimit: 'the report time limit (limits.reportTimeoutMs)' })),
      checked().request,
      {
        deadline: NOW,
      },
    );
    expect(past).toEqual({
      status: 'retry',
      code: RetryReason.deadline,
      reason: 'the report time limit (limits.reportTimeoutMs) ran out before this event was sent',
    });
    const cutoff = { at: NOW, onCut: () => () => undefined };
    const cut = await forwardEvent(createForwarder(options()), checked().request, { deadline: NOW + 1000, cutoff });
    expect(codeOf(cut)).toBe(RetryReason.shutdown);
  });

  it('timeout (a real server that never answers), connection-lost (a real reset), network (a refused port)', async () => {
    const hanging = await listen(() => undefined);
    const timedOut = await forwardEvent(
      createForwarder(options({ upstream: hanging, fetch: undefined, now: Date.now, timeoutMs: 100 })),
      checked().request,
    );
    expect(timedOut).toMatchObject({
      code: RetryReason.timeout,
      reason: expect.stringContaining('may have been stored'),
    });

    const resetting = await listen((request) => request.socket.destroy());
    const lost = await forwardEvent(
      createForwarder(options({ upstream: resetting, fetch: undefined, now: Date.now })),
      checked().request,
    );
    expect(codeOf(lost)).toBe(RetryReason.connectionLost);

    const closed = await listen(() => undefined);
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const refused = await forwardEvent(
      createForwarder(options({ upstream: closed, fetch: undefined, now: Date.now })),
      checked().request,
    );
    expect(refused).toMatchObject({
      code: RetryReason.network,
      reason: expect.stringContaining('upstream unreachable'),
    });
  });
});

describe('createUpstream', () => {
  function upstream(dedupe: DedupeStore, script: Answer[] = []) {
    const forwarding = options({}, script);
    return { upstream: createUpstream({ ...forwarding, dedupe, who: 'test' }), calls: forwarding.calls };
  }

  it('claims, sends once, and answers duplicate for an id already done', async () => {
    const dedupe = createMemoryDedupe();
    const { upstream: sender, calls } = upstream(dedupe);
    const event = checked();
    expect(await sender.send(event, { deadline: NOW + 1000 })).toEqual({ status: 'accepted' });
    expect(await sender.send(event, { deadline: NOW + 1000 })).toEqual({ status: 'duplicate' });
    expect(calls).toHaveLength(1);
  });

  it('in-flight while another sender holds the claim; dedupe-unavailable when the store fails', async () => {
    const dedupe = createMemoryDedupe();
    const event = checked();
    await dedupe.claim(event.eventId);
    expect(codeOf(await upstream(dedupe).upstream.send(event, { deadline: NOW + 1000 }))).toBe(RetryReason.inFlight);
    const broken: DedupeStore = {
      claim: () => Promise.reject(new Error('down')),
      complete: () => Promise.resolve(),
      release: () => Promise.resolve(),
    };
    expect(codeOf(await upstream(broken).upstream.send(event, { deadline: NOW + 1000 }))).toBe(
      RetryReason.dedupeUnavailable,
    );
  });

  it('releases the claim after a retry, so the next try sends it; runs the call through the queue', async () => {
    const dedupe = createMemoryDedupe();
    const { upstream: sender, calls } = upstream(dedupe, [{ status: 503 }, { status: 503 }]);
    const event = checked();
    let queued = 0;
    const queue = (call: () => Promise<ForwardOutcome>) => {
      queued++;
      return call();
    };
    expect(codeOf(await sender.send(event, { deadline: NOW + 1000, queue }))).toBe(RetryReason.status5xx);
    expect(await sender.send(event, { deadline: NOW + 1000, queue })).toEqual({ status: 'accepted' });
    expect([queued, calls.length]).toEqual([2, 3]);
  });
});

describe('public names', () => {
  it('RetryReason is exported by talent-beacon/proxy (both builds) and talent-beacon/server, as the upstream module has it', async () => {
    const entries = await Promise.all([
      import('../../packages/talent-beacon-server/src/proxy.js'),
      import('../../packages/talent-beacon-server/src/proxy-edge.js'),
      import('../../packages/talent-beacon-server/src/index.js'),
    ]);
    for (const entry of entries) expect(entry.RetryReason).toBe(RetryReason);
  });
});
