// A device whose clock is wrong (issue 25): the proxy re-dates each event by the time it waited on
// the device, sentAt - createTime, both read on the device's clock, and judges the derived time.
// Every clock here is injected (NOW, the proxy's `now`); nothing reads the real one.
import { describe, expect, it } from 'vitest';
import {
  CLOCK_TOLERANCE_MS,
  deriveCreateTime,
  isDeviceTime,
  readDeviceClock,
} from '../../packages/core/src/device-clock.js';
import { createReporter } from '../../packages/talent-beacon-server/src/index.js';
import { NOW, post, testProxy, v3Event } from './helpers.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

/** An event the device stamped `waited` ms before it sent the batch, on a clock `offset` ms off. */
const onDevice = (offset: number, waited: number) => v3Event({ createTime: iso(NOW + offset - waited) });

describe('readDeviceClock and deriveCreateTime', () => {
  it('re-dates an event to the arrival minus the wait the device measured, whatever its offset', () => {
    for (const offset of [10 * MIN, 2 * HOUR, -4 * DAY, -30 * 365 * DAY]) {
      const clock = readDeviceClock(NOW + offset, NOW)!;
      expect(clock.offsetMs).toBe(offset);
      expect(deriveCreateTime(iso(NOW + offset - 30_000), clock)).toBe(iso(NOW - 30_000));
    }
  });

  it('leaves a clock within the tolerance alone (5 s), and corrects one just beyond it', () => {
    expect(CLOCK_TOLERANCE_MS).toBe(5000);
    expect(readDeviceClock(NOW + 5000, NOW)).toBeUndefined();
    expect(readDeviceClock(NOW - 5000, NOW)).toBeUndefined();
    expect(readDeviceClock(NOW + 5001, NOW)?.offsetMs).toBe(5001);
    expect(readDeviceClock(NOW - 5001, NOW)?.offsetMs).toBe(-5001);
  });

  it('reads only a finite number of epoch ms within a Date range as a send time', () => {
    for (const bad of [
      undefined,
      null,
      '2026-11-23T08:00:00Z',
      String(NOW),
      NaN,
      Infinity,
      8.64e15 + 1,
      {},
      [NOW],
      true,
    ]) {
      expect(isDeviceTime(bad)).toBe(false);
      expect(readDeviceClock(bad, NOW)).toBeUndefined();
    }
    expect(isDeviceTime(0)).toBe(true);
  });

  it('is never after the arrival: a createTime after sentAt (a clock set back meanwhile, a bogus sentAt) waited 0', () => {
    const clock = readDeviceClock(NOW - 4 * DAY, NOW)!;
    expect(deriveCreateTime(iso(NOW + HOUR), clock)).toBe(iso(NOW));
    expect(deriveCreateTime(iso(NOW - 4 * DAY + 1), clock)).toBe(iso(NOW));
    // sentAt 0 (1970): every event is dated at its arrival.
    expect(deriveCreateTime(iso(NOW - 1000), readDeviceClock(0, NOW)!)).toBe(iso(NOW));
  });

  it('keeps the wait as measured, however long, and never leaves the range of a Date', () => {
    const clock = readDeviceClock(NOW + 2 * HOUR, NOW)!;
    expect(deriveCreateTime(iso(NOW + 2 * HOUR - 5 * DAY), clock)).toBe(iso(NOW - 5 * DAY));
    // A bogus sentAt at the end of time and a createTime of year 1: the earliest Date, no RangeError.
    expect(deriveCreateTime('0001-01-01T00:00:00Z', readDeviceClock(8.64e15, NOW)!)).toBe(iso(-8.64e15));
  });
});

describe('the proxy with a device clock that is off', () => {
  it.each([
    ['10 minutes ahead', 10 * MIN],
    ['2 hours ahead', 2 * HOUR],
    ['4 days behind', -4 * DAY],
  ])('accepts and forwards the derived createTime of a device %s', async (_, offset) => {
    const t = testProxy();
    const events = [onDevice(offset, 1000), onDevice(offset, 90_000)];
    const { json } = await post(t.proxy, { events, sentAt: NOW + offset });
    expect(json.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'accepted']);
    expect(t.calls.map((c) => (c.body.clientEvent as { createTime: string }).createTime)).toEqual([
      iso(NOW - 1000),
      iso(NOW - 90_000),
    ]);
    // The eventId is the device's: a resend of the same event stays a duplicate.
    expect(t.calls.map((c) => (c.body.clientEvent as { eventId: string }).eventId)).toEqual(
      events.map((e) => e.eventId),
    );
    const again = await post(t.proxy, { events, sentAt: NOW + offset + 60_000 });
    expect(again.json.results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(t.calls).toHaveLength(2);
  });

  it('logs both times of every re-dated event and the offset, counts them, and tells the upstream', async () => {
    const t = testProxy({ metricsRoute: true });
    const event = onDevice(2 * HOUR, 1000);
    await post(t.proxy, { events: [event], sentAt: NOW + 2 * HOUR });
    const line = t.logs.find((l) => l.msg === 'talent-beacon proxy: batch')!;
    expect(line).toMatchObject({
      deviceClockOffsetMs: 2 * HOUR,
      sentAt: iso(NOW + 2 * HOUR),
      derived: [{ eventId: event.eventId, deviceCreateTime: event.createTime, createTime: iso(NOW - 1000) }],
    });
    expect(t.proxy.metrics().derived).toBe(1);
    expect(t.proxy.metricsText()).toContain('talent_beacon_events_redated_total 1');
    expect(t.calls[0]!.headers['x-talent-beacon-device-clock']).toBe(
      `offset-ms=${2 * HOUR}; device-create-time=${event.createTime}`,
    );
  });

  it('applies the windows to the derived time: a wait beyond maxEventAgeMs is rejected, naming both times', async () => {
    const t = testProxy();
    const event = onDevice(2 * HOUR, 3 * DAY + MIN);
    const { json } = await post(t.proxy, { events: [event], sentAt: NOW + 2 * HOUR });
    expect(json.results[0]).toMatchObject({
      status: 'rejected',
      issues: [{ path: 'createTime', rule: 'time-window', limit: 3 * DAY }],
    });
    expect(json.results[0].issues[0].message).toContain(
      `derived ${iso(NOW - 3 * DAY - MIN)} from the device's createTime ${event.createTime}`,
    );
    expect(t.calls).toHaveLength(0);
    expect(t.logs.find((l) => l.msg === 'talent-beacon proxy: batch')).toMatchObject({
      derived: [{ eventId: event.eventId, rejected: true }],
    });
  });

  it('judges a body without sentAt, or with one that names no time, exactly as before', async () => {
    for (const extra of [{}, { sentAt: 'yesterday' }, { sentAt: null }]) {
      const t = testProxy();
      const ahead = v3Event({ createTime: iso(NOW + 10 * MIN) });
      const right = v3Event();
      const { json } = await post(t.proxy, { events: [ahead, right], ...extra });
      expect(json.results.map((r: { status: string }) => r.status)).toEqual(['rejected', 'accepted']);
      expect(json.results[0].issues[0].message).toContain(`more than 300000 ms in the future (got ${ahead.createTime}`);
      expect((t.calls[0]!.body.clientEvent as { createTime: string }).createTime).toBe(right.createTime);
      expect(t.calls[0]!.headers['x-talent-beacon-device-clock']).toBeUndefined();
      const line = t.logs.find((l) => l.msg === 'talent-beacon proxy: batch')!;
      expect(line.derived).toBeUndefined();
      if ('sentAt' in extra) expect(line.sentAtIgnored).toBeDefined();
    }
  });

  it('keeps the device createTime when the clock is within the tolerance', async () => {
    const t = testProxy();
    const event = v3Event({ createTime: iso(NOW - 4000) });
    await post(t.proxy, { events: [event], sentAt: NOW + 4000 });
    expect((t.calls[0]!.body.clientEvent as { createTime: string }).createTime).toBe(event.createTime);
    expect(t.proxy.metrics().derived).toBe(0);
  });
});

describe('server-side reporting', () => {
  it("keeps the caller's createTime (no device clock to correct)", async () => {
    const t = testProxy();
    const reporter = createReporter({
      project: 'acme',
      token: 'secret-token',
      fetch: t.fetch,
      now: () => NOW,
      sleep: () => Promise.resolve(),
    });
    const createTime = iso(NOW - 2 * HOUR);
    await reporter.report({ type: 'VIEW', jobs: ['projects/acme/jobs/1'], requestId: 'r1', createTime });
    expect((t.calls[0]!.body.clientEvent as { createTime: string }).createTime).toBe(createTime);
    expect(t.calls[0]!.headers['x-talent-beacon-device-clock']).toBeUndefined();
  });
});
