import { createEmulator } from '../../packages/talent-beacon-emulator/src/index.js';
import type { Emulator, EmulatorOptions } from '../../packages/talent-beacon-emulator/src/index.js';

/** A started emulator on 127.0.0.1:0 and a fetch helper with a Bearer token. */
export interface Running {
  emulator: Emulator;
  url: string;
  call(method: string, path: string, body?: unknown, token?: string | null): Promise<{ status: number; body: any }>;
}

export async function start(options: EmulatorOptions = {}): Promise<Running> {
  const emulator = createEmulator(options);
  const url = await emulator.listen();
  return {
    emulator,
    url,
    async call(method, path, body, token = 'test-token') {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token !== null) headers.authorization = `Bearer ${token}`;
      const response = await fetch(`${url}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}

export const event = (over: Record<string, unknown> = {}) => ({
  eventId: 'ev-1',
  requestId: 'req-1',
  createTime: '2026-11-22T10:00:00.000Z',
  jobEvent: { type: 'VIEW', jobs: ['projects/p/tenants/t/jobs/1'] },
  ...over,
});

export const v3event = (over: Record<string, unknown> = {}) =>
  event({ jobEvent: { type: 'VIEW', jobs: ['projects/p/jobs/1'] }, ...over });
