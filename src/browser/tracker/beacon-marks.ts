/** The 'sent by beacon' marks: eventId -> when it was handed to sendBeacon. */
export interface BeaconMarks {
  /** Marks these events as just sent by beacon. Synchronous: safe in pagehide. */
  add(ids: readonly string[]): void;
  /** Forgets these marks. */
  remove(ids: readonly string[]): void;
  /** The ids marked less than `grace` ms ago, with when they were marked. */
  recent(): Map<string, number>;
}

/**
 * Remembers which events were sent by beacon at unload, so the next page does not send them
 * again at once (it cannot know whether the beacon arrived; the proxy drops the duplicate if it
 * did). Kept in a synchronous store (localStorage) because writing IndexedDB in pagehide can
 * freeze Safari or never finish (idb-keyval issues #120, #165, #180). After `grace` ms a mark no
 * longer counts: the event, still queued, is sent again. If localStorage is missing or throws
 * (private modes, quota, sandboxed iframes) the marks live in memory for this page only.
 * The delivery also uses a second set of marks for events the proxy answered whose IndexedDB
 * delete has not committed yet (a navigation can abort it): the next page deletes those.
 *
 * @example
 * const marks = createBeaconMarks(localStorage, 'talent-beacon:beacon', Date.now, 30_000);
 * marks.add(['V1StGXR8_Z5jdHi6B-myT']);
 * marks.recent().has('V1StGXR8_Z5jdHi6B-myT'); // true for 30 s
 */
export function createBeaconMarks(storage: Storage | undefined, key: string, now: () => number, grace: number): BeaconMarks {
  let memory: Record<string, number> = {};
  const read = (): Record<string, number> => {
    try {
      return JSON.parse(storage!.getItem(key)!) || {};
    } catch {
      return memory;
    }
  };
  const fresh = (marks: Record<string, number>, t: number) => Object.keys(marks).filter((id) => t - marks[id]! < grace);
  const write = (ids: readonly string[], t: number | undefined) => {
    const marks = read();
    const kept: Record<string, number> = {};
    for (const id of fresh(marks, now())) kept[id] = marks[id]!;
    for (const id of ids) {
      if (t === undefined) delete kept[id];
      else kept[id] = t;
    }
    memory = kept;
    try {
      storage!.setItem(key, JSON.stringify(kept));
    } catch {
      // memory only
    }
  };
  return {
    add: (ids) => write(ids, now()),
    remove: (ids) => write(ids, undefined),
    recent: () => {
      const marks = read();
      return new Map(fresh(marks, now()).map((id) => [id, marks[id]!]));
    },
  };
}
