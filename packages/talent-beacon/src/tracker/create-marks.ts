/** Marks kept in localStorage: eventId -> a value that knows when it was set. */
export interface Marks<T = number> {
  /** Sets these ids' marks: `value(index)`, by default now. Synchronous: safe in pagehide. */
  add(ids: readonly string[], value?: (index: number) => T): void;
  /** Forgets these marks. */
  remove(ids: readonly string[]): void;
  /** The marks set less than `grace` ms ago. */
  recent(): Map<string, T>;
}

/**
 * Synchronous marks on events, kept in localStorage under `key` because writing IndexedDB in
 * pagehide can freeze Safari or never finish (idb-keyval issues #120, #165, #180). After `grace`
 * ms (by `time(value)`, the value itself by default) a mark no longer counts and is forgotten at
 * the next write; so is a mark whose time is after now (the device clock went back since). If localStorage is missing or throws (private modes, quota, sandboxed iframes)
 * the marks live in memory for this page only. The delivery keeps three sets:
 * - sent by beacon (or by the hidden page's request) at unload, whose fate is unknown: the next
 *   page does not send them again before the grace ends (the proxy drops the duplicate if the
 *   beacon arrived);
 * - answered by the proxy, whose IndexedDB delete may not have committed (a navigation can abort
 *   it): the next page deletes those instead of sending them;
 * - not yet written to IndexedDB when the page went: the events themselves, until a later page
 *   puts them there.
 *
 * @example
 * const marks = createMarks(localStorage, 'talent-beacon:beacon', Date.now, 30_000);
 * marks.add(['V1StGXR8_Z5jdHi6B-myT']);
 * marks.recent().has('V1StGXR8_Z5jdHi6B-myT'); // true for 30 s
 */
export function createMarks<T = number>(
  storage: Storage | undefined,
  key: string,
  now: () => number,
  grace: number,
  time: (value: T) => number = Number,
): Marks<T> {
  let memory: Record<string, T> = {};
  const recent = () => {
    // Without localStorage, or when it throws, the marks are this page's memory.
    let stored = memory;
    try {
      // (What is no JSON object, "null" for a missing key or "5", has no marks.)
      if (storage) stored = (JSON.parse(String(storage.getItem(key))) as Record<string, T> | null) || {};
    } catch {
      // memory
    }
    // A value time() cannot read (NaN) is never recent; nor is one after now: set under a clock
    // that has since gone back, it would otherwise count for as long as the jump (the events
    // held back by a beacon mark are then sent again: the proxy drops a duplicate).
    return new Map(
      Object.entries(stored).filter(([, value]) => {
        const age = now() - time(value);
        return age >= 0 && age < grace;
      }),
    );
  };
  const write = (ids: readonly string[], value?: (index: number) => T) => {
    if (!ids.length) return; // nothing to write: localStorage untouched
    const marks = recent();
    ids.forEach((id, index) => {
      if (value) marks.set(id, value(index));
      else marks.delete(id);
    });
    memory = Object.fromEntries(marks);
    try {
      storage?.setItem(key, JSON.stringify(memory));
    } catch {
      // memory only
    }
  };
  return {
    add: (ids, value = now as () => never) => write(ids, value),
    remove: (ids) => write(ids),
    recent,
  };
}
