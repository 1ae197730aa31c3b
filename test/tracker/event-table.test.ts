import { describe, expect, it } from 'vitest';
import { createEventTable } from '../../src/browser/tracker/event-table.js';
import type { ClientEvent } from '../../src/core/index.js';

const ev = (eventId: string): ClientEvent => ({
  eventId,
  requestId: 'r',
  createTime: '1970-01-01T00:00:00.000Z',
  jobEvent: { type: 'VIEW', jobs: ['projects/p/jobs/1'] },
});

describe('createEventTable', () => {
  it('holds this page events in tracked order, memory-only ones first, and evicts the oldest over max', () => {
    const table = createEventTable(3, () => 0);
    expect(['a', 'b', 'c'].map((id) => table.add(ev(id)))).toEqual([undefined, undefined, undefined]);
    table.written(['a', 'x']); // x is not ours: ignored
    expect(table.mine().map((e) => e.eventId)).toEqual(['b', 'c', 'a']);
    expect(table.add(ev('d'))).toEqual(ev('a'));
    // Evicted, but still written: the delivery drops it (deleting it from IndexedDB) and forgets it.
    expect([table.isMine('a'), table.isWritten('a'), table.isMine('d')]).toEqual([false, true, true]);
    table.forget(['a']);
    expect(table.isWritten('a')).toBe(false);
    table.forget(['b']);
    expect(table.mine().map((e) => e.eventId)).toEqual(['c', 'd']);
  });
  it('gives each event answered retry its own count and due time', () => {
    let t = 1000;
    const table = createEventTable(10, () => t);
    const delays: number[] = [];
    const delay = (n: number) => (delays.push(n), 100 * 2 ** n);
    table.retry('a', delay);
    table.retry('a', delay);
    table.retry('b', delay);
    expect(delays).toEqual([0, 1, 0]);
    const all = [ev('a'), ev('b'), ev('c')];
    expect(table.split(all, t)).toEqual({ ready: [ev('c')], waiting: [ev('a'), ev('b')], next: 1100 });
    t = 1150;
    expect(table.split(all, t)).toEqual({ ready: [ev('b'), ev('c')], waiting: [ev('a')], next: 1200 });
    table.forget(['a']);
    expect(table.split(all, t).waiting).toEqual([]);
  });
  it('forgets the backoff of an event no longer queued (answered through another tab)', () => {
    const table = createEventTable(10, () => 0);
    table.retry('gone', () => 500);
    table.split([ev('other')], 0);
    expect(table.split([ev('gone')], 0).ready).toEqual([ev('gone')]);
  });
});
