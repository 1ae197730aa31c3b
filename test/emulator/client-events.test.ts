import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { event, start, v3event, type Running } from './helpers.js';

let r: Running;
beforeAll(async () => {
  r = await start();
});
afterAll(() => r.emulator.close());
beforeEach(() => r.emulator.reset());

describe('clientEvents.create paths and bodies', () => {
  it('v3 and v3p1beta1 take {clientEvent} at /vX/projects/P/clientEvents and return the event', async () => {
    for (const v of ['v3', 'v3p1beta1']) {
      const ev = v3event({ eventId: `e-${v}`, parentEventId: 'imp-1', extraInfo: { page: '2' } });
      const res = await r.call('POST', `/${v}/projects/p/clientEvents`, { clientEvent: ev });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(ev);
    }
    expect(r.emulator.clientEvents().map((e) => [e.apiVersion, e.parent])).toEqual([
      ['v3', 'projects/p'],
      ['v3p1beta1', 'projects/p'],
    ]);
  });

  it('v4beta1 takes {clientEvent} with a tenant parent and with the default-tenant parent', async () => {
    const a = await r.call('POST', '/v4beta1/projects/p/tenants/t/clientEvents', {
      clientEvent: event({ eventId: 'a' }),
    });
    const b = await r.call('POST', '/v4beta1/projects/p/clientEvents', { clientEvent: v3event({ eventId: 'b' }) });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(r.emulator.clientEvents().map((e) => e.parent)).toEqual(['projects/p/tenants/t', 'projects/p']);
  });

  it('v4 takes the bare ClientEvent and refuses the wrapped form', async () => {
    const ok = await r.call('POST', '/v4/projects/p/tenants/t/clientEvents', event({ eventNotes: 'n' }));
    expect(ok.status).toBe(200);
    const wrapped = await r.call('POST', '/v4/projects/p/tenants/t/clientEvents', { clientEvent: event() });
    expect(wrapped.status).toBe(400);
    expect(wrapped.body.error.status).toBe('INVALID_ARGUMENT');
    expect(wrapped.body.error.message).toContain('clientEvent');
  });

  it('accepts enum numbers (REST fallback enum-encoding=int) and stores names', async () => {
    const res = await r.call(
      'POST',
      '/v4/projects/p/tenants/t/clientEvents?$alt=json%3Benum-encoding=int',
      event({ jobEvent: { type: 4, jobs: ['projects/p/tenants/t/jobs/1'] } }),
    );
    expect(res.status).toBe(200);
    expect(res.body.jobEvent.type).toBe('APPLICATION_START');
    expect(r.emulator.clientEvents()[0]!.event).toMatchObject({ jobEvent: { type: 'APPLICATION_START' } });
  });

  it('applies per-version rules: no parentEventId/extraInfo in v4beta1/v4, NOT_INTERESTED only in v3', async () => {
    const parent = await r.call('POST', '/v4/projects/p/tenants/t/clientEvents', event({ parentEventId: 'x' }));
    expect(parent.status).toBe(400);
    expect(parent.body.error.message).toContain('parentEventId');
    const extra = await r.call('POST', '/v4beta1/projects/p/tenants/t/clientEvents', {
      clientEvent: event({ extraInfo: { a: 'b' } }),
    });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toContain('clientEvent.extraInfo');
    const notInterested4 = await r.call(
      'POST',
      '/v4/projects/p/tenants/t/clientEvents',
      event({ jobEvent: { type: 16, jobs: ['projects/p/tenants/t/jobs/1'] } }),
    );
    expect(notInterested4.status).toBe(400);
    expect(notInterested4.body.error.message).toContain('NOT_INTERESTED');
    const notInterested3 = await r.call('POST', '/v3/projects/p/clientEvents', {
      clientEvent: v3event({ jobEvent: { type: 'NOT_INTERESTED', jobs: ['projects/p/jobs/1'] } }),
    });
    expect(notInterested3.status).toBe(200);
    expect(r.emulator.clientEvents()).toHaveLength(1);
  });

  it('answers invalid events with google.rpc.Status naming the field, and a BadRequest detail', async () => {
    const res = await r.call('POST', '/v3/projects/p/clientEvents', {
      clientEvent: v3event({ createTime: 'yesterday' }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(res.body.error.message).toContain('clientEvent.createTime');
    expect(res.body.error.details[0]).toMatchObject({
      '@type': 'type.googleapis.com/google.rpc.BadRequest',
      fieldViolations: [{ field: 'clientEvent.createTime' }],
    });
    const v4name = await r.call(
      'POST',
      '/v4/projects/p/tenants/t/clientEvents',
      event({ jobEvent: { type: 'VIEW', jobs: ['projects/p/jobs/1'] } }),
    );
    expect(v4name.status).toBe(400);
    expect(v4name.body.error.message).toContain('jobEvent.jobs[0]');
    const badJson = await r.call('POST', '/v4/projects/p/tenants/t/clientEvents', '{"eventId":');
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.message).toMatch(/Invalid JSON payload/);
    expect(r.emulator.clientEvents()).toHaveLength(0);
  });

  it('answers wrong paths 404 and a missing Bearer token 401, as google.rpc.Status', async () => {
    for (const path of [
      '/v4/projects/p/clientEvents',
      '/v3/projects/p/tenants/t/clientEvents',
      '/v5/projects/p/clientEvents',
      '/v4/projects/p/tenants/t/clientEvent',
    ]) {
      const res = await r.call('POST', path, event());
      expect(res.status, path).toBe(404);
      expect(res.body.error.status).toBe('NOT_FOUND');
    }
    const noToken = await r.call('POST', '/v4/projects/p/tenants/t/clientEvents', event(), null);
    expect(noToken.status).toBe(401);
    expect(noToken.body.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
    const empty = await r.call('POST', '/v4/projects/p/tenants/t/clientEvents', event(), '');
    expect(empty.status).toBe(401);
    expect(r.emulator.clientEvents()).toHaveLength(0);
  });

  it('accepts and flags a repeated eventId by default', async () => {
    await r.call('POST', '/v4/projects/p/tenants/t/clientEvents', event());
    const again = await r.call('POST', '/v4/projects/p/tenants/t/clientEvents', event());
    expect(again.status).toBe(200);
    expect(r.emulator.clientEvents().map((e) => e.duplicate)).toEqual([false, true]);
  });
});

describe('mounting and copies', () => {
  it('handler serves the same API from another Node server', async () => {
    const { createServer } = await import('node:http');
    const server = createServer(r.emulator.handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const res = await fetch(`http://127.0.0.1:${port}/v4/projects/p/tenants/t/clientEvents`, {
        method: 'POST',
        headers: { authorization: 'Bearer x' },
        body: JSON.stringify(event({ eventId: 'mounted' })),
      });
      expect(res.status).toBe(200);
      expect(r.emulator.clientEvents().map((e) => e.event.eventId)).toEqual(['mounted']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('clientEvents() returns copies', async () => {
    await r.call('POST', '/v4/projects/p/tenants/t/clientEvents', event());
    (r.emulator.clientEvents()[0]!.event as { eventId: string }).eventId = 'changed';
    expect(r.emulator.clientEvents()[0]!.event.eventId).toBe('ev-1');
  });
});

describe('emulator options', () => {
  it('a pinned token refuses other tokens; duplicateEventIds "reject" answers 409 ALREADY_EXISTS', async () => {
    const strict = await start({
      token: 'secret',
      duplicateEventIds: 'reject',
      clock: () => new Date('2026-01-01T00:00:00Z'),
    });
    try {
      const wrong = await strict.call('POST', '/v4/projects/p/tenants/t/clientEvents', event(), 'other');
      expect(wrong.status).toBe(401);
      const ok = await strict.call('POST', '/v4/projects/p/tenants/t/clientEvents', event(), 'secret');
      expect(ok.status).toBe(200);
      const again = await strict.call('POST', '/v4/projects/p/tenants/t/clientEvents', event(), 'secret');
      expect(again.status).toBe(409);
      expect(again.body.error.status).toBe('ALREADY_EXISTS');
      expect(strict.emulator.clientEvents()).toEqual([
        expect.objectContaining({ receivedAt: '2026-01-01T00:00:00.000Z', duplicate: false }),
      ]);
    } finally {
      await strict.emulator.close();
    }
  });

  it('rejects bad options with a ConfigError naming the option', async () => {
    const { createEmulator } = await import('../../packages/talent-beacon-emulator/src/index.js');
    expect(() => createEmulator({ duplicateEventIds: 'drop' as never })).toThrow(/duplicateEventIds/);
    expect(() => createEmulator({ faults: { rate429: 2 } })).toThrow(/rate429.*at most 1/);
    expect(() => createEmulator({ faults: { script: ['500' as never] } })).toThrow(/script\[0\]/);
    expect(() => createEmulator({ tokn: 'x' } as never)).toThrow(/unknown option "tokn"/);
  });
});
