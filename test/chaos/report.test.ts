// The chaos suite's verdict: which repeats a fault explains, and which are bugs ('other').
import { describe, expect, it } from 'vitest';
import { buildReport, passed, tableRow } from '../../scripts/chaos/report.js';

const K = 100_000; // the proxy's SIGKILL
const tracked = (...ids: string[]) => new Map(ids.map((id) => [id, {}]));
const at = (eventId: string, t: number, answerDropped = false) => ({ eventId, at: t, answerDropped });

describe('chaos report', () => {
  it('counts stored once, lost, untracked, and attributes each duplicate to its cause', () => {
    const report = buildReport({
      tracked: tracked('once', 'lost', 'dropped', 'mid-call', 'open-post', 'late', 'restart'),
      stored: [
        at('once', 1000),
        at('dropped', 2000, true),
        at('dropped', 3000), // CTS stored it, the answer was lost
        at('mid-call', K + 100),
        at('mid-call', K + 30_000), // stored within the latency after the kill
        at('open-post', K - 5000),
        at('open-post', K + 40_000), // its browser POST was open at the kill
        at('late', K - 5000),
        at('late', K + 40_000), // forwarded long before, POST closed: a bug with Redis
        at('restart', K - 20_000),
        at('restart', K + 35_000),
        at('stranger', 4000),
      ],
      kills: [K],
      posts: [
        { ids: new Set(['open-post']), start: K - 6000, end: null },
        { ids: new Set(['late', 'restart']), start: K - 30_000, end: K - 4000 },
      ],
      latencyMs: 150,
    });
    expect(report).toMatchObject({
      tracked: 7,
      storedOnce: 1,
      lost: ['lost'],
      untracked: 1,
      extraCopies: 5,
      answerDroppedFaults: 1,
      inFlightAtKills: [1],
    });
    expect(report.duplicates).toEqual({
      'answer-lost': ['dropped'],
      'proxy-killed': ['mid-call', 'open-post'],
      'proxy-stopped': [],
      'proxy-restart': [],
      other: ['late', 'restart'],
    });
    expect(tableRow({ seed: 7, redis: 'on', duplicateEventIds: 'accept' }, report, null, 60_000)).toBe(
      '| 7 | 1 | on | accept | 7 | 1 | 1 | 1 | 2 | 0 | 0 | 2 | not reached in 60 s |',
    );
    expect(passed(report)).toBe(false);
  });
  it('with the memory store, a copy forwarded before the kill and again after it is the restart forgetting', () => {
    const report = buildReport({
      tracked: tracked('restart'),
      stored: [at('restart', K - 20_000), at('restart', K + 35_000)],
      kills: [K],
      posts: [],
      latencyMs: 150,
      memoryStore: true,
    });
    expect(report.duplicates['proxy-restart']).toEqual(['restart']);
    // Both copies after the kill: nothing explains it.
    const after = buildReport({
      tracked: tracked('x'),
      stored: [at('x', K + 5000), at('x', K + 9000)],
      kills: [K],
      posts: [],
      latencyMs: 150,
      memoryStore: true,
    });
    expect(after.duplicates.other).toEqual(['x']);
  });
  it('behind a balancer, counts a POST open at a kill only if the killed instance had it (or nobody answered it)', () => {
    const report = buildReport({
      tracked: tracked('killed-one', 'other-one', 'no-answer'),
      stored: [
        at('killed-one', K - 5000),
        at('killed-one', K + 40_000),
        at('other-one', K - 5000),
        at('other-one', K + 40_000),
        at('no-answer', K - 5000),
        at('no-answer', K + 40_000),
      ],
      kills: [{ at: K, server: 'p2' }],
      posts: [
        { ids: new Set(['killed-one']), start: K - 6000, end: K + 10, server: 'p2' }, // haproxy's 502
        { ids: new Set(['other-one']), start: K - 6000, end: K + 10, server: 'p1' }, // p1 answered it
        { ids: new Set(['no-answer']), start: K - 6000, end: null },
      ],
      latencyMs: 150,
    });
    expect(report.duplicates['proxy-killed']).toEqual(['killed-one', 'no-answer']);
    expect(report.duplicates.other).toEqual(['other-one']);
  });
  it('puts duplicates of a graceful stop (SIGTERM) in their own class, which fails the run', () => {
    const S = 200_000; // SIGTERM; the process exited 3 s later
    const report = buildReport({
      tracked: tracked('drained-late', 'open', 'before'),
      stored: [
        at('drained-late', S + 2900), // stored while the stopping instance still ran
        at('drained-late', S + 40_000),
        at('open', S - 8000),
        at('open', S + 40_000),
        at('before', S - 8000), // answered long before the stop
        at('before', S + 40_000),
      ],
      kills: [],
      stops: [{ at: S, exitedAt: S + 3000, server: 'p3' }],
      posts: [
        { ids: new Set(['open']), start: S - 9000, end: S + 2000, server: 'p3' },
        { ids: new Set(['before']), start: S - 9000, end: S - 7000, server: 'p3' },
      ],
      latencyMs: 150,
    });
    expect(report.duplicates['proxy-stopped']).toEqual(['drained-late', 'open']);
    expect(report.duplicates.other).toEqual(['before']);
    expect(report.inFlightAtStops).toEqual([1]);
    expect(tableRow({ seed: 3, proxies: 3, redis: 'on', duplicateEventIds: 'accept' }, report, 12_300, 60_000)).toBe(
      '| 3 | 3 | on | accept | 3 | 0 | 0 | 0 | 0 | 2 | 0 | 1 | 12.3 s |',
    );
    const clean = buildReport({
      tracked: tracked('x'),
      stored: [at('x', S + 5)],
      kills: [],
      stops: [{ at: S, exitedAt: S + 3000 }],
      posts: [],
      latencyMs: 150,
    });
    expect(passed(clean)).toBe(true);
    expect(passed({ ...clean, duplicates: { ...clean.duplicates, 'proxy-stopped': ['x'] } })).toBe(false);
  });
});
