// Each event is checked once and mapped to its clientEvents.create request once, on its way
// through the proxy and through the reporter: the core's validation and the version's body
// mapping are counted through spies on the core module both paths import.
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../packages/core/src/index.js', async (importOriginal) => {
  const core = await importOriginal<typeof import('../../packages/core/src/index.js')>();
  return {
    ...core,
    validateClientEvent: vi.fn(core.validateClientEvent),
    toClientEventRequest: vi.fn(core.toClientEventRequest),
  };
});

const core = await import('../../packages/core/src/index.js');
const { createReporter } = await import('../../packages/talent-beacon-server/src/index.js');
const { NOW, post, stubFetch, testProxy, v3Event } = await import('./helpers.js');

const validate = vi.mocked(core.validateClientEvent);
const toRequest = vi.mocked(core.toClientEventRequest);

describe('each event is checked and mapped once', () => {
  beforeEach(() => {
    validate.mockClear();
    toRequest.mockClear();
  });

  it('the proxy validates each event once and sends the body it checked (v3)', async () => {
    const proxy = testProxy();
    const reply = await post(proxy.proxy, { events: [v3Event(), v3Event(), v3Event()] });
    expect(reply.json.results.map((result: { status: string }) => result.status)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
    expect(validate).toHaveBeenCalledTimes(3);
    expect(toRequest).toHaveBeenCalledTimes(3);
    expect(proxy.calls).toHaveLength(3);
  });

  it('the proxy validates each event once on v4 too, where the mapping drops fields', async () => {
    const proxy = testProxy({ apiVersion: 'v4', tenant: 'main' });
    const event = v3Event({
      parentEventId: 'p-1',
      jobEvent: { type: 'VIEW', jobs: ['projects/acme/tenants/main/jobs/1'] },
    });
    const reply = await post(proxy.proxy, { events: [event] });
    expect(reply.json.results[0]).toEqual({ eventId: event.eventId, status: 'accepted' });
    expect(validate).toHaveBeenCalledTimes(1);
    expect(toRequest).toHaveBeenCalledTimes(1);
    expect(proxy.calls[0]?.body).toEqual({
      eventId: event.eventId,
      requestId: 'req-1',
      createTime: event.createTime,
      jobEvent: event.jobEvent,
    });
  });

  it('the reporter validates and maps its event once', async () => {
    const stub = stubFetch();
    const reporter = createReporter({ project: 'acme', token: 't', fetch: stub.fetch, now: () => NOW });
    const result = await reporter.report({
      type: 'HIRED',
      jobs: ['projects/acme/jobs/1'],
      requestId: 'r',
      key: 'hire-1',
    });
    expect(result.status).toBe('reported');
    expect(validate).toHaveBeenCalledTimes(1);
    expect(toRequest).toHaveBeenCalledTimes(1);
  });
});
