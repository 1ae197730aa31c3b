import type { ClientEvent } from '../../core/index.js';

/**
 * Every event the delivery knows of and its state:
 * - this page's events the proxy has not answered for, in the order tracked, each either only in
 *   memory or also written to IndexedDB (pagehide beacons the memory-only ones first: they exist
 *   nowhere else);
 * - for any event the proxy answered `retry` (this page's or another tab's, read from IndexedDB),
 *   its own count of such answers and when it may go again. An event's backoff never holds
 *   back the events beside or behind it.
 */
export interface EventTable {
  /** Adds an event of this page; returns the oldest one if that made too many. */
  add(event: ClientEvent): ClientEvent | undefined;
  /** Their IndexedDB write has committed. */
  written(ids: readonly string[]): void;
  /** Answered, dropped, or gone from IndexedDB (another tab's flush answered them): forget them. */
  forget(ids: Iterable<string>): void;
  /** This page's unanswered events, the memory-only ones first, each group in tracked order. */
  mine(): ClientEvent[];
  isMine(id: string): boolean;
  isWritten(id: string): boolean;
  /** The proxy answered `retry` for this event: it waits `delay(its count of retries so far)` ms. */
  retry(id: string, delay: (retries: number) => number): void;
  /**
   * Splits events (in order) into those that may go at `t` and those still waiting, and forgets
   * the backoff of any event not in `events` (answered elsewhere). `next` is when the first
   * waiting one may go (Infinity: none waits).
   */
  split(events: readonly ClientEvent[], t: number): { ready: ClientEvent[]; waiting: ClientEvent[]; next: number };
  clear(): void;
}

/**
 * Creates the delivery's {@link EventTable}, holding at most `max` events of this page (the
 * tracker's `maxQueue`).
 *
 * @example
 * const table = createEventTable(1000);
 * table.add(event);
 * table.retry(event.eventId, (n) => 1000 * 2 ** n);
 */
export function createEventTable(max: number, now: () => number): EventTable {
  const pending = new Map<string, ClientEvent>();
  const stored = new Set<string>();
  // eventId -> [its count of `retry` answers, when it may go again]
  const backoff = new Map<string, [number, number]>();
  const at = (e: ClientEvent) => backoff.get(e.eventId)?.[1] ?? 0;
  return {
    add(event) {
      const [oldest] = pending.set(event.eventId, event).values();
      if (pending.size > max) {
        pending.delete(oldest!.eventId);
        return oldest;
      }
    },
    written: (ids) => ids.forEach((id) => pending.has(id) && stored.add(id)),
    forget(ids) {
      for (const id of ids) {
        pending.delete(id);
        stored.delete(id);
        backoff.delete(id);
      }
    },
    mine: () => [...pending.values()].sort((a, b) => +stored.has(a.eventId) - +stored.has(b.eventId)),
    isMine: (id) => pending.has(id),
    isWritten: (id) => stored.has(id),
    retry(id, delay) {
      const retries = backoff.get(id)?.[0] ?? 0;
      backoff.set(id, [retries + 1, now() + delay(retries)]);
    },
    split(events, t) {
      const ids = new Set(events.map((e) => e.eventId));
      for (const id of backoff.keys()) if (!ids.has(id)) backoff.delete(id);
      const waiting = events.filter((e) => at(e) > t);
      return { ready: events.filter((e) => at(e) <= t), waiting, next: waiting.reduce((next, e) => Math.min(next, at(e)), Infinity) };
    },
    clear() {
      pending.clear();
      stored.clear();
      backoff.clear();
    },
  };
}
