// The chaos suite's verdict: which repeats a fault explains, and which are bugs ('other').
import { describe, expect, it } from 'vitest';
import { buildReport, tableRow } from '../../scripts/chaos/report.js';

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
    expect(report).toMatchObject({ tracked: 7, storedOnce: 1, lost: ['lost'], untracked: 1, extraCopies: 5, answerDroppedFaults: 1, inFlightAtKills: [1] });
    expect(report.duplicates).toEqual({
      'answer-lost': ['dropped'],
      'proxy-killed': ['mid-call', 'open-post'],
      'proxy-restart': [],
      other: ['late', 'restart'],
    });
    expect(tableRow({ seed: 7, redis: 'on', duplicateEventIds: 'accept' }, report, null, 60_000)).toBe(
      '| 7 | on | accept | 7 | 1 | 1 | 1 | 2 | 0 | 2 | not reached in 60 s |',
    );
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
});
