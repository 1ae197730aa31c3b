// Issue 12, the validation part of the proxy: D1 (a deeply nested value beside a valid event),
// D6 (id lengths), D7 (job names with hidden characters), D8 (a v4 proxy and v4 events).
import { describe, expect, it } from 'vitest';
import { NOW, post, testProxy, v3Event } from './helpers.js';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const v4Event = (over: Record<string, unknown> = {}) => ({
  ...v3Event({ jobEvent: { type: 'VIEW', jobs: ['projects/acme/tenants/main/jobs/1'] } }),
  ...over,
});

describe('the proxy answers every event of a batch, whatever is beside it', () => {
  it('a deeply nested value beside a valid event: 200, the valid one accepted, the bad one rejected with a bounded value, counted in metrics', async () => {
    const t = testProxy();
    const good = v3Event();
    const raw = `{"events":[${JSON.stringify(good)},{"eventId":${nested(5000)}},{"eventId":"deep-2","requestId":"r","createTime":"${new Date(NOW).toISOString()}","jobEvent":{"type":"VIEW","jobs":[${nested(5000)}]}}]}`;
    for (let attempt = 0; attempt < 2; attempt++) {
      const r = await post(t.proxy, null, { raw });
      expect(r.status).toBe(200);
      expect(r.json.results[0]).toMatchObject({
        eventId: good.eventId,
        status: attempt === 0 ? 'accepted' : 'duplicate',
      });
      expect(r.json.results[1]).toMatchObject({ eventId: null, status: 'rejected' });
      expect(r.json.results[1].issues[0]).toMatchObject({ path: 'eventId', rule: 'type', value: 'an array of 1' });
      expect(r.json.results[2]).toMatchObject({
        eventId: 'deep-2',
        status: 'rejected',
        issues: [{ path: 'jobEvent.jobs[0]', rule: 'job-name', value: 'an array of 1' }],
      });
    }
    expect(t.calls).toHaveLength(1);
    expect(t.proxy.metrics()).toMatchObject({ received: 6, accepted: 1, duplicate: 1, rejected: 4 });
    expect(t.proxy.metricsText()).toContain('talent_beacon_events_total{status="rejected"} 4');
  });

  it('long values are described by length and prefix, never echoed whole', async () => {
    const t = testProxy();
    const long = `projects/other/jobs/${'9'.repeat(20_000)}`;
    const r = await post(t.proxy, { events: [v3Event({ jobEvent: { type: 'VIEW', jobs: [long] } })] });
    const [project] = r.json.results[0].issues as Array<{
      path: string;
      rule: string;
      message: string;
      value: unknown;
    }>;
    expect(project).toMatchObject({
      path: 'jobEvent.jobs[0]',
      rule: 'project',
      value: `"projects/other/jobs/${'9'.repeat(37)}"… (20020 chars)`,
    });
    expect(project!.message.length).toBeLessThan(300);
    const big = await post(t.proxy, { events: [v3Event({ eventId: 'x'.repeat(20_000) })] });
    const [issue] = big.json.results[0].issues;
    expect(issue).toMatchObject({
      path: 'eventId',
      rule: 'max-bytes',
      limit: 255,
      value: `"${'x'.repeat(57)}"… (20000 chars)`,
    });
    expect(JSON.stringify(big.json).length).toBeLessThan(20_000 + 1000); // the eventId itself, once, in the result
  });

  it('eventIds over 255 bytes never reach upstream or the dedupe store', async () => {
    const t = testProxy();
    const r = await post(t.proxy, {
      events: [
        v3Event({ eventId: 'e'.repeat(256) }),
        v3Event({ parentEventId: 'p'.repeat(256) }),
        v3Event({ requestId: 'r'.repeat(1025) }),
        v3Event({ eventId: 'e'.repeat(255) }),
      ],
    });
    expect(r.json.results.map((x: { status: string }) => x.status)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'accepted',
    ]);
    expect(t.calls).toHaveLength(1);
  });

  it('job names with hidden characters or . / .. segments are rejected, not forwarded', async () => {
    const t = testProxy();
    const hidden = ['\u007f', '\u0085', '\u200b', '\u200d', '\u202e', '\u2066', '\ufeff', '\ufffd', '\ud800'];
    const events = [
      ...hidden.map((c) => v3Event({ jobEvent: { type: 'VIEW', jobs: [`projects/acme/jobs/1${c}`] } })),
      v3Event({ jobEvent: { type: 'VIEW', jobs: ['projects/acme/jobs/..'] } }),
      v3Event({ jobEvent: { type: 'VIEW', jobs: ['projects/acme/jobs/.'] } }),
    ];
    const r = await post(t.proxy, { events });
    expect(
      r.json.results.every(
        (x: { status: string; issues: Array<{ rule: string }> }) =>
          x.status === 'rejected' && x.issues[0]!.rule === 'job-name',
      ),
    ).toBe(true);
    expect(t.calls).toHaveLength(0);
  });
});

describe('a proxy applies its own version, not v3 rules first', () => {
  it('a v4 proxy forwards eventNotes (a v4 and v4beta1 field)', async () => {
    const t = testProxy({ apiVersion: 'v4', tenant: 'main' });
    const r = await post(t.proxy, { events: [v4Event({ eventNotes: 'bookmarked: close to home' })] });
    expect(r.json.results[0]).toMatchObject({ status: 'accepted' });
    expect(t.calls[0]!.body).toMatchObject({ eventNotes: 'bookmarked: close to home' });
  });

  it('a v4beta1 proxy forwards eventNotes inside clientEvent; a v3 proxy refuses it as not a v3 field', async () => {
    const b = testProxy({ apiVersion: 'v4beta1', tenant: 'main' });
    const ok = await post(b.proxy, { events: [v4Event({ eventNotes: 'n' })] });
    expect(ok.json.results[0]).toMatchObject({ status: 'accepted' });
    expect(b.calls[0]!.body).toMatchObject({ clientEvent: { eventNotes: 'n' } });
    const v3 = testProxy();
    const r = await post(v3.proxy, { events: [v3Event({ eventNotes: 'n' })] });
    expect(r.json.results[0]).toMatchObject({
      status: 'rejected',
      issues: [{ path: 'eventNotes', rule: 'api-version' }],
    });
    expect(v3.calls).toHaveLength(0);
  });

  it('a missing requestId is refused by our own documented rule, discarded-by-cts, not a v3 "required" rule', async () => {
    const t = testProxy({ apiVersion: 'v4', tenant: 'main' });
    const { requestId: _r, ...noRequest } = v4Event();
    const r = await post(t.proxy, { events: [noRequest] });
    const [issue] = r.json.results[0].issues;
    expect(issue).toMatchObject({ path: 'requestId', rule: 'discarded-by-cts' });
    expect(issue.message).toContain('CTS discards events without a valid requestId');
    expect(t.calls).toHaveLength(0);
  });
});

describe('an internal failure shows in /metrics', () => {
  it('counts a request the runtime answers 500 (route threw) under code 500', async () => {
    let broken = false;
    const t = testProxy({
      now: () => {
        if (broken) throw new Error('clock gone');
        return NOW;
      },
    });
    broken = true;
    await expect(post(t.proxy, { events: [v3Event()] })).rejects.toThrow('clock gone');
    broken = false;
    expect(t.proxy.metrics().requests).toMatchObject({ 500: 1 });
  });
});
