import type { ClientEvent } from '../core/index.js';
import { createBeaconMarks } from './beacon-marks.js';
import { createEventQueue, type EventQueue } from './event-queue.js';
import { withFlushLock } from './flush-lock.js';
import { retryDelay } from './retry-delay.js';
import { sendBatch, sendBeacons, toBatches } from './send-batch.js';
import type { TrackerEnv } from './tracker-env.js';

/** Settings of {@link createDelivery} (the tracker's options, checked and defaulted). */
export interface DeliveryConfig {
  endpoint: string;
  headers?: Record<string, string>;
  batchSize: number;
  flushInterval: number;
  maxQueue: number;
  maxAge: number;
  retryDelay: number;
  dbName: string;
  consent: boolean;
  /** Problems for onError, by kind: storage, dropped, rejected, send. */
  report(kind: string, message: string): void;
}

/** The delivery half of the tracker: queue, scheduler, transport. */
export interface Delivery {
  /** Queues an event (memory now, IndexedDB at the end of the task). */
  add(event: ClientEvent): void;
  /** Sends everything queued; never rejects. */
  flush(): Promise<void>;
  /** The page is going away: beacon what is not acknowledged, from memory, synchronously. */
  leave(): void;
  /** Network back: forget the backoff and send. */
  online(): void;
  /** Another tab left events behind (its beacon marks changed): look at the queue soon. */
  wake(): void;
  setConsent(granted: boolean): void;
  stop(): Promise<void>;
}

/** A beacon's fate is unknown; its events are sent again after this (at most 30 s, issue #3). */
export const BEACON_GRACE = 30_000;
/** A batch request still unanswered after this counts as failed (the events stay queued). */
const SEND_TIMEOUT = 30_000;
/** Safari can leave indexedDB.open() pending forever. */
const OPEN_TIMEOUT = 3_000;

/**
 * At-least-once delivery of queued events to the proxy (design §1, §5).
 *
 * Memory holds every event of this page that the proxy has not answered for (`mine`), so that
 * pagehide can beacon them synchronously, including those whose IndexedDB write has not finished
 * (a write started in pagehide never finishes). IndexedDB holds every tab's events until the
 * proxy answered; the one tab holding the flush lock reads it oldest first, sends batches and
 * deletes what was answered. An event of ours that was written and has since left IndexedDB was
 * answered through another tab and is forgotten. If IndexedDB is missing or fails, memory is the
 * queue for the rest of the page (reported once).
 *
 * @example
 * const delivery = createDelivery({ endpoint: '/cts/events', batchSize: 20, ... }, defaultTrackerEnv());
 * delivery.add(event);
 */
export function createDelivery(c: DeliveryConfig, env: TrackerEnv): Delivery {
  const now = env.now!;
  const mine = new Map<string, ClientEvent>();
  const written = new Set<string>();
  const marks = createBeaconMarks(env.localStorage, c.dbName + ':beacon', now, BEACON_GRACE);
  // undefined: not opened yet (nothing touches IndexedDB before consent); null: memory only.
  let queue: EventQueue | null | undefined;
  let toWrite: ClientEvent[] = [];
  let overflow: string[] = [];
  let consent = c.consent;
  let stopped = false;
  let attempt = 0;
  let until = 0;
  let due = 0;
  let timer: unknown;
  let forced = false;
  let busy: Promise<void> | undefined;
  let next: Promise<void> | undefined;

  const fallBack = (why: string) => {
    queue = null;
    c.report('storage', `IndexedDB ${why}: queueing in memory for this page`);
  };
  const lost = (error: unknown) => queue && fallBack(`failed (${error})`);
  const store = () => {
    if (queue === undefined) {
      if (env.indexedDB) queue = createEventQueue(env.indexedDB, c.dbName, OPEN_TIMEOUT, env.setTimeout ?? (() => 0));
      else fallBack('unavailable');
    }
    return queue;
  };
  // Answered events whose IndexedDB delete may not have committed yet: a page that navigates
  // right after the proxy's reply can lose the delete, and the next page would send them again.
  // The synchronous mark, cleared once the delete committed, tells that page to delete instead.
  const answered = createBeaconMarks(env.localStorage, c.dbName + ':answered', now, c.maxAge);
  const remove = (ids: string[]) => {
    // Memory only since IndexedDB failed: the events written before still sit there, so the
    // mark (kept, no delete can clear it) tells the next page to delete them, not resend them.
    const left = queue === null ? ids.filter((id) => written.has(id)) : ids;
    for (const id of ids) mine.delete(id), written.delete(id);
    if (left.length && queue !== undefined) {
      answered.add(left);
      queue?.del(left).then(() => answered.remove(left), lost);
    }
  };
  const drop = (ids: string[], why: string) => {
    remove(ids);
    if (ids.length) c.report('dropped', `dropped ${ids.length} events (${why})`);
  };

  const schedule = (ms: number) => {
    if (!consent || stopped || !env.setTimeout) return;
    const at = Math.max(now() + ms, until);
    if (timer !== undefined && due <= at && due >= until) return;
    env.clearTimeout?.(timer);
    due = at;
    timer = env.setTimeout(() => {
      timer = undefined;
      go();
    }, at - now());
  };

  const write = () => {
    const batch = toWrite.filter((e) => mine.has(e.eventId));
    toWrite = [];
    drop(overflow, 'maxQueue');
    overflow = [];
    const q = consent && batch.length && store();
    if (q) q.put(batch).then(() => batch.forEach((e) => mine.has(e.eventId) && written.add(e.eventId)), lost);
  };

  const load = async (): Promise<ClientEvent[]> => {
    const before = [...written];
    const q = store();
    let list: ClientEvent[] = [];
    let read = false;
    if (q) {
      // Records without an eventId (another script's, under the same name) cannot be sent or
      // answered; left in the list they threw here and stopped every flush.
      list = await q.all().then((all) => ((read = true), all.filter((e) => typeof e?.eventId == 'string')), (error) => (lost(error), []));
    }
    if (read) {
      const done = answered.recent();
      const again = list.filter((e) => done.has(e.eventId)).map((e) => e.eventId);
      list = list.filter((e) => !done.has(e.eventId));
      for (const id of again) done.delete(id);
      if (done.size) answered.remove([...done.keys()]); // deleted already: those marks are spent
      remove(again);
    }
    const ids = new Set(list.map((e) => e.eventId));
    if (read) for (const id of before) if (!ids.has(id)) mine.delete(id), written.delete(id);
    for (const e of mine.values()) if (!ids.has(e.eventId)) list.push(e);
    list.sort((a, b) => (a.createTime < b.createTime ? -1 : +(a.createTime > b.createTime)));
    const t = now();
    // An unreadable createTime (NaN) is not young, so it is dropped instead of staying forever.
    const young = (e: ClientEvent) => t - Date.parse(e.createTime) <= c.maxAge;
    const old = list.filter((e) => !young(e));
    list = list.filter(young);
    drop(old.map((e) => e.eventId), 'maxAge');
    drop(list.splice(0, Math.max(0, list.length - c.maxQueue)).map((e) => e.eventId), 'maxQueue');
    const recent = marks.recent();
    const ready = list.filter((e) => !recent.has(e.eventId));
    // Again when the oldest mark's grace ends (not a full grace from now: this page may have
    // opened well after the beacon).
    if (ready.length < list.length) schedule(Math.min(...recent.values()) + BEACON_GRACE - t);
    return ready;
  };

  const backoff = (response?: Response) => {
    const delay = retryDelay(attempt++, c.retryDelay, env.random!, response?.headers.get('retry-after'), now());
    until = now() + delay;
    c.report('send', `${response ? 'HTTP ' + response.status : 'network error'}, retry in ${delay} ms`);
    schedule(0);
  };

  const run = async () => {
    // A timer's flush that queued up behind the failed attempt waits until the backoff ends:
    // Retry-After is the server's request, not a hint. Only flush() (the page's or the hidden
    // page's), `online` and pagehide's beacons go ahead of it.
    if (!forced && now() < until) return schedule(0);
    forced = false;
    let list = await load();
    let max = c.batchSize;
    while (list.length && consent) {
      const batch = toBatches(list.slice(0, max), max)[0]!;
      const sent = new Set(batch.events.map((e) => e.eventId));
      let response: Response | undefined;
      let results: unknown;
      try {
        // A request that never settles (a stalled proxy or network) would hold the flush lock,
        // and with it every tab's delivery: past SEND_TIMEOUT it counts as a network error.
        // The timer is cleared as soon as the request settles: a pending one would keep the
        // settled race, and with it the Response, alive for 30 s per batch.
        let stall: unknown;
        response = await Promise.race([
          sendBatch(env, c.endpoint, c.headers, batch),
          new Promise<never>((_, reject) => (stall = env.setTimeout?.(() => reject(Error('timeout')), SEND_TIMEOUT))),
        ]).finally(() => env.clearTimeout?.(stall));
        if (response.status == 200) results = (await response.json()).results;
      } catch {
        // network error, timeout, or a 200 that is not JSON: all are retried
      }
      const status = response?.status;
      if (Array.isArray(results)) {
        const done: string[] = [];
        let retry = false;
        for (const r of results as Array<{ eventId: string; status: string; issues?: unknown }>) {
          if (!sent.has(r?.eventId)) continue;
          if (r.status == 'retry') retry = true;
          else done.push(r.eventId);
          if (r.status == 'rejected') c.report('rejected', `proxy rejected event ${r.eventId}: ${JSON.stringify(r.issues)}`);
        }
        remove(done);
        list = list.filter((e) => !sent.has(e.eventId));
        // An event the reply does not mention is kept and retried like a `retry`.
        if (retry || done.length < sent.size) return backoff(response);
        attempt = until = 0;
      } else if ((status == 400 || status == 413) && batch.events.length > 1) {
        // One bad or big event must not block the others: halve until it is alone.
        max = Math.ceil(batch.events.length / 2);
      } else if (status == 400 || status == 413) {
        drop([list.shift()!.eventId], `proxy answered ${status} for it alone`);
      } else return backoff(response);
    }
  };

  const go = (): Promise<void> =>
    busy
      ? (next ??= busy.then(() => ((next = undefined), go())))
      : (busy = withFlushLock(env.locks, c.dbName, run)
          .then(
            // Another tab holds the lock: try again later; a forced flush that did not run
            // must not let a later timer run skip the backoff.
            (ran) => ran || ((forced = false), mine.size && schedule(c.flushInterval)),
            (error) => c.report('send', String(error)),
          )
          .then(() => (busy = undefined)));

  schedule(0); // events left by earlier pages
  return {
    add(event) {
      mine.set(event.eventId, event);
      if (mine.size > c.maxQueue) {
        const oldest = mine.keys().next().value!;
        mine.delete(oldest);
        overflow.push(oldest);
      }
      if (toWrite.push(event) == 1) queueMicrotask(write);
      schedule(mine.size >= c.batchSize ? 0 : c.flushInterval);
    },
    flush: () => (consent ? ((forced = true), go()) : Promise.resolve()),
    leave() {
      if (!consent) return;
      const recent = marks.recent();
      const pending = [...mine.values()].filter((e) => !recent.has(e.eventId));
      // Not yet in IndexedDB first: over the keepalive quota the others still wait there for the
      // next page, these exist nowhere else (a stable sort keeps each group's order).
      pending.sort((a, b) => +written.has(a.eventId) - +written.has(b.eventId));
      marks.add(sendBeacons(env, c.endpoint, pending, c.batchSize));
    },
    online() {
      until = 0;
      schedule(0);
    },
    // The run reads the marks and waits for their grace to end before sending the events.
    wake: () => schedule(0),
    setConsent(granted) {
      if (granted == consent) return;
      consent = granted;
      if (granted) {
        toWrite = [...mine.values()];
        write();
        schedule(0);
      } else {
        env.clearTimeout?.(timer);
        timer = undefined;
        mine.clear();
        written.clear();
        toWrite = [];
        store()?.clear().catch(lost);
      }
    },
    stop() {
      stopped = true;
      env.clearTimeout?.(timer);
      timer = undefined;
      return Promise.resolve(busy).then(() => undefined);
    },
  };
}
