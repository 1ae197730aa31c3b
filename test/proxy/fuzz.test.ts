// The short run of the proxy fuzzer (issue 12, item 2): a few hundred generated bodies through a
// real proxy (createProxy in the CLI's server, over HTTP on 127.0.0.1) to the real emulator. The
// long run (10,000+ bodies, CLI processes, RSS) is `npm run fuzz:proxy`.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProxyServer } from '../../packages/talent-beacon-server/src/cli/proxy-command.js';
import { createEmulator } from '../../packages/talent-beacon-emulator/src/index.js';
import type { Emulator } from '../../packages/talent-beacon-emulator/src/index.js';
import { createProxy } from '../../packages/talent-beacon-server/src/proxy.js';
import { FUZZ_ORIGIN, FUZZ_PROJECT, problemsOf, runProxyFuzz } from './fuzz/proxy-fuzz.js';

let emulator: Emulator;
let server: Server;
let proxyUrl: string;

beforeAll(async () => {
  emulator = createEmulator({ token: 'fuzz' });
  await emulator.listen(0, '127.0.0.1');
  const proxy = createProxy({
    project: FUZZ_PROJECT,
    allowedOrigins: [FUZZ_ORIGIN],
    upstream: emulator.url,
    token: 'fuzz',
    limits: { rateLimit: 0, eventRateLimit: 0 },
  });
  server = createProxyServer(proxy);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  proxyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  await emulator.close();
});

describe('proxy fuzz (short run)', () => {
  it('the checker knows a valid event from invalid ones', () => {
    const now = Date.now();
    const window = { oldest: now - 86_400_000, newest: now + 60_000 };
    const ok = {
      eventId: 'e1',
      requestId: 'r',
      createTime: new Date(now).toISOString(),
      jobEvent: { type: 'VIEW', jobs: ['projects/acme/jobs/1'] },
    };
    expect(problemsOf(ok, window)).toEqual([]);
    expect(problemsOf({ ...ok, parentEventId: 'e1' }, window)).toEqual(['parentEventId']);
    expect(problemsOf({ ...ok, createTime: '2026-02-30T10:00:00Z' }, window)).toEqual(['createTime format']);
    expect(problemsOf({ ...ok, createTime: new Date(now - 2 * 86_400_000).toISOString() }, window)[0]).toMatch(
      /outside the window/,
    );
    expect(problemsOf({ ...ok, jobEvent: { type: 'VIEW', jobs: ['projects/acme/jobs/a\u200bb'] } }, window)[0]).toMatch(
      /job id/,
    );
    expect(problemsOf({ ...ok, jobEvent: { type: 'VIEW', jobs: ['projects/other/jobs/1'] } }, window)[0]).toMatch(
      /job name/,
    );
    expect(problemsOf({ ...ok, extraInfo: { a: 1 } }, window)).toEqual(['extraInfo value not a string']);
    expect(problemsOf({ ...ok, more: 1 }, window)).toEqual(['unknown field more']);
  });
  it('300 seeded bodies: no 5xx, no hang, nothing invalid forwarded', async () => {
    const report = await runProxyFuzz({
      proxyUrl,
      emulatorUrl: emulator.url,
      bodies: 300,
      seed: 12,
      concurrency: 6,
      chunk: 100,
    });
    expect(report.examples).toEqual([]);
    expect(report).toMatchObject({
      bodies: 300,
      fiveXX: 0,
      hangs: 0,
      invalidForwarded: 0,
      upstreamRejected: 0,
      unchecked: 0,
    });
    // The run did forward events, and refused others.
    expect(report.stored).toBeGreaterThan(100);
    expect(report.results.rejected).toBeGreaterThan(100);
    expect(report.stored).toBeLessThanOrEqual(report.results.accepted!); // a body may carry one event twice
  }, 30_000);
});
