// Issue 12 E2: the emulator's event log is bounded, says what it dropped, and pages.
import { afterEach, describe, expect, it } from 'vitest';
import { parseEmulatorArgs } from '../../packages/talent-beacon-emulator/src/emulator-command.js';
import {
  createClientEventLog,
  DEFAULT_MAX_EVENTS,
} from '../../packages/talent-beacon-emulator/src/client-event-log.js';
import { createEmulator } from '../../packages/talent-beacon-emulator/src/index.js';
import { event, start, type Running } from './helpers.js';

const T = '/v4/projects/p/tenants/t';
let r: Running | undefined;
afterEach(async () => {
  await r?.emulator.close();
  r = undefined;
});

const send = (run: Running, id: string, over: Record<string, unknown> = {}) =>
  run.call('POST', `${T}/clientEvents`, event({ eventId: id, ...over }));

describe('emulator event log bounds', () => {
  it('keeps the newest maxEvents events, counts the dropped ones, and says so in /_emulator/events', async () => {
    r = await start({ maxEvents: 5 });
    for (let i = 0; i < 8; i++) expect((await send(r, `e${i}`)).status).toBe(200);
    expect(r.emulator.clientEvents().map((e) => e.event.eventId)).toEqual(['e3', 'e4', 'e5', 'e6', 'e7']);
    const report = (await r.call('GET', '/_emulator/events', undefined, null)).body;
    expect(report.counts.events).toBe(5);
    expect(report.events).toHaveLength(5);
    expect(report.log).toMatchObject({ retained: 5, dropped: 3, maxEvents: 5 });
    r.emulator.reset();
    expect((await r.call('GET', '/_emulator/events', undefined, null)).body.log).toMatchObject({
      retained: 0,
      dropped: 0,
      bytes: 0,
    });
  });

  it('keeps at most maxEventBytes (estimated), always the newest event', () => {
    const log = createClientEventLog({ clock: () => new Date(), duplicateEventIds: 'accept', maxBytes: 65_536 });
    const notes = 'n'.repeat(8000);
    for (let i = 0; i < 40; i++)
      log.accept('v4', 'projects/p/tenants/t', event({ eventId: `big-${i}`, eventNotes: notes }));
    const status = log.status();
    expect(status.bytes).toBeLessThanOrEqual(65_536);
    expect(status.retained).toBe(7); // (256 + ~8.2 KB) each
    expect(status.dropped).toBe(33);
    expect(log.list().at(-1)!.event.eventId).toBe('big-39');
  });

  it('41,000 events keep 10,000 by default: memory stays bounded', () => {
    const log = createClientEventLog({ clock: () => new Date(), duplicateEventIds: 'accept' });
    for (let i = 0; i < 41_000; i++) log.accept('v4', 'projects/p/tenants/t', event({ eventId: `e${i}` }));
    expect(log.status()).toMatchObject({ retained: DEFAULT_MAX_EVENTS, dropped: 31_000 });
    expect(log.page(0, 1).events[0]!.event.eventId).toBe('e31000');
  });

  it('finds repeated eventIds among the events kept; "reject" mode too', () => {
    const log = createClientEventLog({ clock: () => new Date(), duplicateEventIds: 'reject', maxEvents: 2 });
    log.accept('v4', 'projects/p/tenants/t', event({ eventId: 'a' }));
    expect(() => log.accept('v4', 'projects/p/tenants/t', event({ eventId: 'a' }))).toThrow(/already exists/);
    log.accept('v4', 'projects/p/tenants/t', event({ eventId: 'b' }));
    log.accept('v4', 'projects/p/tenants/t', event({ eventId: 'c' })); // drops a
    expect(() => log.accept('v4', 'projects/p/tenants/t', event({ eventId: 'a' }))).not.toThrow();
  });

  it('pages the raw events with pageSize and pageToken; a token stays valid while old events are dropped', async () => {
    r = await start({ maxEvents: 4 });
    for (const id of ['a', 'b', 'c']) await send(r, id);
    const get = (q: string) => r!.call('GET', `/_emulator/events?${q}`, undefined, null);
    const p1 = (await get('pageSize=2')).body;
    expect(p1.events.map((e: any) => e.event.eventId)).toEqual(['a', 'b']);
    expect(p1).toMatchObject({ nextPageToken: '2', more: true, log: { retained: 3, dropped: 0 } });
    expect(p1.requests).toBeUndefined();
    const p2 = (await get(`pageSize=2&pageToken=${p1.nextPageToken}`)).body;
    expect(p2.events.map((e: any) => e.event.eventId)).toEqual(['c']);
    expect(p2).toMatchObject({ nextPageToken: '3', more: false });
    // The last token also picks up what arrives later, and skips what was dropped meanwhile.
    for (const id of ['d', 'e', 'f']) await send(r, id);
    const p3 = (await get(`pageToken=${p2.nextPageToken}`)).body;
    expect(p3.events.map((e: any) => e.event.eventId)).toEqual(['d', 'e', 'f']);
    const stale = (await get('pageToken=0&pageSize=10')).body;
    expect(stale.events.map((e: any) => e.event.eventId)).toEqual(['c', 'd', 'e', 'f']);
    expect(stale.log).toMatchObject({ dropped: 2, retained: 4 });
  });

  it('answers a summary without trees or events, and 400 (google.rpc.Status) for bad paging', async () => {
    r = await start();
    await send(r, 'a');
    const summary = (await r.call('GET', '/_emulator/events?view=summary', undefined, null)).body;
    expect(Object.keys(summary).sort()).toEqual(['counts', 'faults', 'log', 'tolerated']);
    expect(summary.counts.events).toBe(1);
    for (const q of [
      'pageSize=0',
      'pageSize=1001',
      'pageSize=x',
      'pageToken=-1',
      'pageToken=abc',
      'pageToken=1e3',
      'view=tree',
    ]) {
      const res = await r.call('GET', `/_emulator/events?${q}`, undefined, null);
      expect(res.status, q).toBe(400);
      expect(res.body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    }
  });

  it('options and flags: maxEvents / --max-events, maxEventBytes / --max-event-bytes, checked', () => {
    expect(parseEmulatorArgs(['--max-events', '500', '--max-event-bytes', '1048576']).options).toEqual({
      maxEvents: 500,
      maxEventBytes: 1_048_576,
    });
    expect(() => createEmulator({ maxEvents: 0 })).toThrow(/maxEvents.*at least 1/);
    expect(() => createEmulator({ maxEventBytes: 1000 })).toThrow(/maxEventBytes.*at least 65536/);
    expect(() => parseEmulatorArgs(['--max-events', 'many'])).toThrow(/--max-events must be a number/);
  });

  it('answers a request target no URL parser reads ("//") with 404, not 500', async () => {
    r = await start();
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: Number(new URL(r!.url).port), path: '//', method: 'GET' },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(404);
  });
});
