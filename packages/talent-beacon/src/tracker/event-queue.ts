import { promisifyRequest } from 'idb-keyval';
import type { ClientEvent } from '@talent-beacon/core';
import type { TrackerEnv } from './tracker-env.js';
import { within } from './within.js';

/** The persistent part of the queue: events by eventId in an IndexedDB object store. */
export interface EventQueue {
  /** Writes events in ONE transaction (callers coalesce a task's events into one call). */
  put(events: readonly ClientEvent[]): Promise<unknown>;
  /** Every queued event (of every tab), in no particular order. */
  all(): Promise<ClientEvent[]>;
  del(ids: readonly string[]): Promise<unknown>;
  clear(): Promise<unknown>;
}

/**
 * The IndexedDB queue: its own database (`dbName`, object store `events`, key = eventId),
 * hardened for what fails in the field:
 * - opening can hang forever (Safari, a blocked upgrade): it fails after `timeout` ms;
 * - so can a transaction (Safari; a page being frozen): each fails after `timeout` ms too, and
 *   counts as a lost connection;
 * - a connection can be closed or lost mid-session (Safari closes idle ones; "Connection is
 *   closing" errors): an operation that fails closes its connection, opens a fresh one and
 *   tries once more (operations pending on the same lost connection share the fresh one); a
 *   second failure rejects, and the caller falls back to memory for the session.
 * The IDBFactory is passed in (tests inject fake-indexeddb; idb-keyval's createStore would use
 * the global one and has no timeout).
 *
 * @example
 * const queue = createEventQueue(indexedDB, 'talent-beacon', 3000, { setTimeout, clearTimeout });
 * await queue.put([event]);
 */
export function createEventQueue(
  idb: IDBFactory,
  dbName: string,
  timeout: number,
  timers: Pick<TrackerEnv, 'setTimeout' | 'clearTimeout'>,
): EventQueue {
  let db: Promise<IDBDatabase> | undefined;
  // A connection the browser closes (Safari closes idle ones) is opened anew by the next
  // operation; one that opens after the time limit is closed unused.
  const open = () => {
    if (!db) {
      // In the executor: where IndexedDB is denied (an opaque origin) open() throws.
      const opened = new Promise<IDBDatabase>((resolve) => {
        const request = idb.open(dbName);
        request.onupgradeneeded = () => request.result.createObjectStore('events');
        resolve(promisifyRequest(request));
      });
      db = within(timers, opened, timeout, 'IndexedDB').then((connection) => {
        connection.onclose = () => {
          db = undefined;
        };
        return connection;
      });
      db.catch(() =>
        opened.then(
          (connection) => connection.close(),
          () => 0,
        ),
      );
    }
    return db;
  };
  // One transaction on the events store, bounded in time: `op` makes its requests and returns
  // the one whose result is wanted (none: the transaction's completion). Of idb-keyval only
  // promisifyRequest is used: its setMany/values/delMany/clear would carry its default store
  // (another database, never opened here) into the script build.
  const tx = <T>(mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest<T> | void) =>
    open().then((connection) => {
      const store = connection.transaction('events', mode).objectStore('events');
      return within(timers, promisifyRequest<T>(op(store) || store.transaction), timeout, 'IndexedDB');
    });
  const run = <T>(op: () => Promise<T>): Promise<T> => {
    const used = open();
    return op().catch(() => {
      // Not reopened yet by another operation that failed on it
      if (db == used) {
        used.then(
          (connection) => connection.close(),
          () => 0,
        );
        db = undefined;
      }
      return op();
    });
  };
  return {
    put: (events) => run(() => tx('readwrite', (store) => events.forEach((event) => store.put(event, event.eventId)))),
    all: () => run(() => tx<ClientEvent[]>('readonly', (store) => store.getAll())),
    del: (ids) => run(() => tx('readwrite', (store) => ids.forEach((id) => store.delete(id)))),
    clear: () => run(() => tx('readwrite', (store) => void store.clear())),
  };
}
