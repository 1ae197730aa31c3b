// The proxy's x-talent-beacon-device-clock header (a createTime derived from a device clock that
// was off) reaches the emulator's event log and its report, which the inspector renders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../packages/talent-beacon-emulator/src/index.js';
import { DEVICE_CLOCK_HEADER, deviceClockNote, readDeviceClockNote } from '../../packages/core/src/device-clock.js';

const emulator = createEmulator({ token: 'dev' });
let url = '';
beforeAll(async () => void (url = await emulator.listen()));
afterAll(() => emulator.close());

const post = (eventId: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/v4/projects/p/tenants/t/clientEvents`, {
    method: 'POST',
    headers: { authorization: 'Bearer dev', 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      eventId,
      requestId: 'r',
      createTime: new Date().toISOString(),
      jobEvent: { type: 'VIEW', jobs: ['projects/p/tenants/t/jobs/1'] },
    }),
  });

describe('the device clock note', () => {
  it('round-trips, and anything malformed reads as no note', () => {
    const note = { offsetMs: -345_600_000, deviceCreateTime: '2026-01-01T08:00:00.000Z' };
    expect(readDeviceClockNote(deviceClockNote(note))).toEqual(note);
    for (const bad of [
      undefined,
      ['x'],
      '',
      'offset-ms=1',
      'offset-ms=x; device-create-time=2026-01-01T08:00:00Z',
      `offset-ms=1; device-create-time=${'1'.repeat(41)}`,
      'offset-ms=1; device-create-time=<b>',
    ])
      expect(readDeviceClockNote(bad)).toBeUndefined();
  });

  it('is kept with the stored event and shown in the report, only when the proxy sent it', async () => {
    emulator.reset();
    const note = { offsetMs: 7_200_000, deviceCreateTime: '2026-01-01T14:00:00.000Z' };
    expect((await post('derived', { [DEVICE_CLOCK_HEADER]: deviceClockNote(note) })).status).toBe(200);
    expect((await post('plain')).status).toBe(200);
    expect(emulator.clientEvents().map((e) => [e.event.eventId, e.deviceClock])).toEqual([
      ['derived', note],
      ['plain', undefined],
    ]);
    const report = await (await fetch(`${url}/_emulator/events`)).json();
    const nodes = JSON.stringify(report);
    expect(nodes).toContain('"deviceClock":{"offsetMs":7200000,"deviceCreateTime":"2026-01-01T14:00:00.000Z"}');
  });
});
