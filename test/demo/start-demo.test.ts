import { createServer, type Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_TOKEN, startDemo, type RunningDemo } from '../../packages/demo/src/start-demo.js';
import { demoJobs, demoJobUpdates } from '../../packages/demo/src/demo-jobs.js';

// startDemo over real HTTP on 127.0.0.1: the emulator, the board with the real proxy, the seed.
const running: RunningDemo[] = [];
const blockers: Server[] = [];
afterAll(async () => {
  await Promise.all(running.map((d) => d.close()));
  await Promise.all(blockers.map((s) => new Promise((done) => s.close(done))));
});

async function takenPort(): Promise<number> {
  const server = createServer();
  blockers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

describe('startDemo', () => {
  it('seeds every demo job through the REST API, patches some with an updateMask, and serves the board', async () => {
    const demo = await startDemo({ port: 0, emulatorPort: 0 });
    running.push(demo);
    expect(demo.boardUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(demo.inspectorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(demo.seed.jobs).toHaveLength(demoJobs.length);
    expect(demo.seed.patched.map((j) => j.title)).toEqual(demoJobUpdates.map((u) => u.title));

    // The patch is what the emulator serves now: the new title, the other fields untouched.
    const patched = demo.seed.patched[0]!;
    const stored = await fetch(new URL(`/v4/${patched.name}`, demo.inspectorUrl), {
      headers: { authorization: `Bearer ${DEMO_TOKEN}` },
    });
    const job = (await stored.json()) as { title: string; addresses: string[]; requisitionId: string };
    expect(job.title).toBe(patched.title);
    const original = demoJobs.find((j) => j.requisitionId === job.requisitionId)!;
    expect(job.addresses).toEqual([original.address]);

    // A search through the board is a real jobs:search with its own requestId each time.
    const search = async () =>
      (await (await fetch(new URL('/api/search?q=engineer', demo.boardUrl))).json()) as {
        requestId: string;
        jobs: unknown[];
      };
    const [a, b] = [await search(), await search()];
    expect(a.jobs.length).toBeGreaterThan(0);
    expect(a.requestId).toMatch(/\S/);
    expect(b.requestId).not.toBe(a.requestId);
    // ... in the request shape CTS v4 accepts (the emulator lists what it only tolerates).
    const report = (await (await fetch(new URL('/_emulator/events', demo.inspectorUrl))).json()) as {
      tolerated: unknown[];
    };
    expect(report.tolerated).toEqual([]);

    // The three versions and the landing page (with the inspector's URL filled in).
    const landing = await (await fetch(demo.boardUrl)).text();
    expect(landing).toContain(demo.inspectorUrl);
    for (const path of ['/multi/', '/spa/', '/react/'])
      expect((await fetch(new URL(path, demo.boardUrl))).status, path).toBe(200);
  });

  it('forwards a tracker batch through the proxy to the emulator', async () => {
    const demo = await startDemo({ port: 0, emulatorPort: 0 });
    running.push(demo);
    const { requestId, jobs } = (await (await fetch(new URL('/api/search?q=nurse', demo.boardUrl))).json()) as {
      requestId: string;
      jobs: Array<{ name: string }>;
    };
    const event = {
      eventId: 'demo-test-1',
      requestId,
      createTime: new Date().toISOString(),
      jobEvent: { type: 'IMPRESSION', jobs: jobs.map((j) => j.name) },
    };
    const origin = demo.boardUrl.replace(/\/$/, '');
    const reply = await fetch(new URL('/cts/events', demo.boardUrl), {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin },
      body: JSON.stringify({ events: [event] }),
    });
    expect(reply.status).toBe(200);
    expect(((await reply.json()) as { results: unknown[] }).results).toEqual([
      expect.objectContaining({ eventId: 'demo-test-1', status: 'accepted' }),
    ]);
    expect(demo.emulator.clientEvents().map((e) => e.event.eventId)).toEqual(['demo-test-1']);
    expect(demo.emulator.clientEvents()[0]!.parent).toBe('projects/demo/tenants/lighthouse');
    // The proxy's counters are reachable through the board too.
    const metrics = await fetch(new URL('/cts/events/metrics', demo.boardUrl));
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain(`talent_beacon_events_total{status="accepted"} 1`);
  });

  it('names the taken port and the flag that changes it', async () => {
    const port = await takenPort();
    await expect(startDemo({ port, emulatorPort: 0 })).rejects.toThrow(
      `port ${port} on 127.0.0.1 is already in use; pick another one with --port <number>`,
    );
    await expect(startDemo({ port: 0, emulatorPort: port })).rejects.toThrow(
      `port ${port} on 127.0.0.1 is already in use; pick another one with --emulator-port <number>`,
    );
  });

  it('rejects bad options with the option named', async () => {
    await expect(startDemo({ port: -1 })).rejects.toThrow(/"port"/);
    await expect(startDemo({ apiVersion: 'v3' as never })).rejects.toThrow(/"apiVersion"/);
  });
});
