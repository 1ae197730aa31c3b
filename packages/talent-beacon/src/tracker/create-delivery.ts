import { SCRIPT_BUILD, type ClientEvent } from '@talent-beacon/core';
import { createMarks } from './create-marks.js';
import { createEventQueue, type EventQueue } from './event-queue.js';
import { MAX_RETRY_DELAY, retryDelay } from './retry-delay.js';
import { createScheduler } from './scheduler.js';
import { sendBatch, TEXT, toBatches, type Batch, type Reply } from './send-batch.js';
import type { ResolvedEnv } from './tracker-env.js';

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
  add: (event: ClientEvent) => void;
  /** Sends everything queued; never rejects. */
  flush: () => Promise<void>;
  /** The page was hidden (it may be closing): send this page's events from memory now. */
  hide: () => void;
  /**
   * The page is going away, or into the back/forward cache (pagehide): beacons what is not
   * acknowledged, from memory, synchronously, then suspends the delivery until resume().
   */
  leave: () => void;
  /** Network back: forget the backoff and send. */
  online: () => void;
  /** Another tab left events behind (its beacon marks changed): look at the queue soon. */
  wake: () => void;
  /**
   * The page was frozen (or left, see leave()): nothing of the delivery may run JavaScript
   * until resume(), or the browser evicts the page from its back/forward cache (the scheduler's
   * phases).
   */
  suspend: () => void;
  /** The page is back from the back/forward cache, or thawed: goes on where it was. */
  resume: () => void;
  setConsent: (granted: boolean) => void;
  stop: () => Promise<void>;
}

/** A beacon's fate is unknown; its events are sent again after this (at most 30 s, issue #3). */
export const BEACON_GRACE = 30_000;
/** Most events in one pagehide beacon: the proxy's default `limits.maxEvents`. */
const BEACON_EVENTS = 100;
/** A batch request, its reply included, still unfinished after this counts as failed. */
const SEND_TIMEOUT = 30_000;
/** Safari can leave indexedDB.open() or a transaction pending forever. */
const IDB_TIMEOUT = 3_000;

/**
 * At-least-once delivery of queued events to the proxy (docs/design.md §1, §5), put together from:
 * the event table (this page's events and every event's own retry state), the IndexedDB queue
 * shared by the tabs (memory when it is missing or fails), the scheduler (timer, queue-wide
 * backoff, one run at a time under the tabs' flush lock), the transport (bounded fetch, beacons)
 * and two sets of synchronous marks (sent by beacon; answered but maybe not yet deleted).
 *
 * Memory holds every event of this page the proxy has not answered for, so that pagehide can
 * beacon them synchronously, including those whose IndexedDB write has not finished (a write
 * started in pagehide never finishes). IndexedDB holds every tab's events until the proxy
 * answered; the tab holding the flush lock reads it oldest first, sends batches and deletes what
 * was answered. An event answered `retry` waits by its own backoff while the others go on; a
 * failed request backs off the whole queue until anything gets through again.
 *
 * @example
 * const delivery = createDelivery({ endpoint: '/cts/events', batchSize: 20, ... }, defaultTrackerEnv());
 * delivery.add(event);
 */
export function createDelivery(config: DeliveryConfig, env: ResolvedEnv): Delivery {
  const now = env.now;
  // The event table: this page's events the proxy has not answered for, in the order tracked
  // (at most maxQueue: the oldest goes beyond), and which of them IndexedDB holds (their write
  // committed); pagehide beacons the others first, they exist nowhere else. And for any event the
  // proxy answered `retry` (this page's or another tab's, read from IndexedDB): its count of such
  // answers and when it may go again. An event's backoff never holds back the others.
  const pending = new Map<string, ClientEvent>();
  const written = new Set<string>();
  // An event's `retry` answers so far, and when it may be sent again.
  const backoff = new Map<string, { retries: number; due: number }>();
  /** This page's unanswered events, the memory-only ones first, each group in tracked order. */
  const mine = () => [...pending.values()].sort((a, b) => +written.has(a.eventId) - +written.has(b.eventId));
  /** Answered, dropped, or gone from IndexedDB (another tab's flush answered them). */
  const forget = (ids: Iterable<string>) => {
    for (const id of ids) {
      pending.delete(id);
      written.delete(id);
      backoff.delete(id);
    }
  };
  const marks = createMarks(env.localStorage, config.dbName + ':beacon', now, BEACON_GRACE);
  // Answered events whose IndexedDB delete may not have committed yet: a page that navigates
  // right after the proxy's reply can lose the delete, and the next page would send them again.
  // The synchronous mark, cleared once the delete committed, tells that page to delete instead.
  const answered = createMarks(env.localStorage, config.dbName + ':answered', now, config.maxAge);
  // undefined: not opened yet (nothing touches IndexedDB before consent); null: memory only.
  let queue: EventQueue | null | undefined;
  let toWrite: ClientEvent[] = [];
  let overflow: ClientEvent[] = [];
  let consent = config.consent;
  // This page's events in a request right now (a run's batch or hide()'s): not put in another.
  const sending = new Set<string>();

  const ids = (events: ClientEvent[]) => events.map((e) => e.eventId);
  const fallBack = (why: string) => {
    queue = null;
    config.report('storage', `IndexedDB ${why}: queueing in memory for this page`);
  };
  const lost = (error: Error) => {
    if (queue) fallBack(`failed (${error})`);
  };
  const store = () => {
    if (queue === undefined) {
      if (env.indexedDB) queue = createEventQueue(env.indexedDB, config.dbName, IDB_TIMEOUT, env);
      else fallBack('unavailable');
    }
    return queue;
  };
  const remove = (ids: string[]) => {
    // Memory only since IndexedDB failed: the events written before still sit there, so the
    // mark (kept, no delete can clear it) tells the next page to delete them, not resend them.
    const left = queue === null ? ids.filter((id) => written.has(id)) : ids;
    forget(ids);
    unspill(ids);
    if (left.length && queue !== undefined) {
      answered.add(left);
      queue?.del(left).then(() => answered.remove(left), lost);
    }
  };
  const drop = (events: ClientEvent[], why: string) => {
    remove(ids(events));
    // Messages are terse in the script build (SCRIPT_BUILD): what happened and the numbers.
    if (events.length)
      config.report(
        'dropped',
        SCRIPT_BUILD ? `dropped ${events.length} (${why})` : `dropped ${events.length} events (${why})`,
      );
  };

  /** Into this page's table; the oldest event is dropped beyond maxQueue (at the next write). */
  const keep = (event: ClientEvent) => {
    pending.set(event.eventId, event);
    const [oldest] = pending.values();
    if (pending.size > config.maxQueue && oldest) {
      pending.delete(oldest.eventId);
      overflow.push(oldest);
    }
  };
  const write = () => {
    const batch = toWrite.filter((event) => pending.has(event.eventId));
    toWrite = [];
    drop(overflow, 'maxQueue');
    overflow = [];
    // No store is opened without consent or without events.
    const opened = consent && batch.length && store();
    if (opened)
      opened.put(batch).then(() => {
        for (const event of batch) if (pending.has(event.eventId)) written.add(event.eventId); // not if answered meanwhile
        unspill(ids(batch));
      }, lost);
  };

  // This page's events whose IndexedDB write has not committed (a tab closed right after
  // tracking): kept in localStorage, which is synchronous, when the page is hidden or goes away,
  // until a later page adopts them into IndexedDB. Without it they existed only in the dying
  // page's requests, whose answers nobody reads: one answered `retry` was lost (chaos suite,
  // seed 1). The adopting page may send them again; the proxy drops the duplicate. Kept until
  // maxAge, by createTime (one after now, written before the clock went back, counts as now:
  // adopted, then dated now by load()); a record without an eventId (not ours) is not adopted.
  const unwritten = createMarks<ClientEvent>(
    env.localStorage,
    config.dbName + ':unwritten',
    now,
    config.maxAge,
    (event) => (typeof event?.eventId == 'string' ? Math.min(Date.parse(event.createTime), now()) : NaN),
  );
  const spilledHere = new Set<string>();
  const spill = () => {
    const events = mine().filter((event) => !written.has(event.eventId));
    for (const event of events) spilledHere.add(event.eventId);
    unwritten.add(ids(events), (i) => events[i] as ClientEvent); // i < events.length
  };
  // Written or answered after all (the page lived on): not for a later page to send again.
  const unspill = (list: string[]) => unwritten.remove(list.filter((id) => spilledHere.delete(id)));
  let adopted = false;

  /** Every queued event (IndexedDB's and this page's), oldest first, within maxAge and maxQueue. */
  const load = async (): Promise<ClientEvent[]> => {
    const before = mine().filter((e) => written.has(e.eventId));
    // Records without an eventId (another script's, under the same name) cannot be sent or
    // answered; left in the list they threw here and stopped every flush.
    const all = await store()
      ?.all()
      .then(
        (all) => all.filter((e) => typeof e?.eventId == 'string'),
        (error: Error) => void lost(error),
      );
    let list = all ?? [];
    if (all) {
      // Answered: deleted now (remove() marks them again until the delete commits); the marks of
      // those deleted already are spent.
      const done = answered.recent();
      answered.remove([...done.keys()]);
      remove(ids(all.filter((e) => done.has(e.eventId))));
      list = all.filter((e) => !done.has(e.eventId));
    }
    const read = new Set(ids(list));
    // Ours, written, and gone from IndexedDB: another tab's flush was answered for them.
    if (all) forget(ids(before).filter((id) => !read.has(id)));
    for (const event of mine()) if (!read.has(event.eventId)) list.push(event);
    const time = now();
    // Tracked under a clock that has since gone back: its age is unknown, so it is dated now
    // (the proxy then dates it at its arrival), in IndexedDB too, so that maxAge counts from
    // now instead of keeping it for as long as the jump.
    for (const event of list)
      if (Date.parse(event.createTime) > time) {
        event.createTime = new Date(time).toISOString();
        queue?.put([event]).catch(lost);
      }
    // An unreadable createTime (NaN) is not young, so it is dropped instead of staying forever,
    // and before the sort, whose order a NaN would leave to the engine (and maxQueue drops the
    // first of that order).
    const young = (event: ClientEvent) => time - Date.parse(event.createTime) <= config.maxAge;
    drop(
      list.filter((e) => !young(e)),
      'maxAge',
    );
    list = list.filter(young).sort((a, b) => Date.parse(a.createTime) - Date.parse(b.createTime));
    drop(list.splice(0, list.length - config.maxQueue), 'maxQueue');
    const recent = marks.recent();
    const ready = list.filter((e) => !recent.has(e.eventId));
    // Again when the oldest mark's grace ends (not a full grace from now: this page may have
    // opened well after the beacon).
    if (ready.length < list.length) soon(Math.min(...recent.values()) + BEACON_GRACE - time);
    return ready;
  };

  /**
   * One run: sends what is due, batch by batch, oldest first. The events the proxy answered
   * `retry` wait by their own backoff and the run goes on with the rest; a forced run (flush())
   * sends the waiting ones too, last. A failed request ends the run and backs off the queue.
   */
  const run = async (forced: boolean, current: () => boolean) => {
    if (!consent) return; // a timer set before setConsent(false)
    if (!adopted) {
      adopted = true;
      // What earlier pages spilled goes into IndexedDB (memory only: into this page's table, and
      // this page sends it). No await when there is none: runs keep their timing. Not this
      // page's own: a page hidden before its first run spilled them and still holds them (they
      // stay spilled until a later page adopts them).
      const spilled = new Map([...unwritten.recent()].filter(([id]) => !pending.has(id)));
      if (spilled.size) {
        if (
          !(await store()
            ?.put([...spilled.values()])
            .then(() => true, lost))
        )
          spilled.forEach(keep);
        unwritten.remove([...spilled.keys()]); // another page may have spilled meanwhile
      }
    }
    let list = await load();
    // Those answered `retry` wait by their own backoff (whose end a forced run does not wait
    // for); the backoff of an event no longer queued (answered through another tab) is forgotten.
    // No due time is set further ahead than MAX_RETRY_DELAY: one that is was set before the
    // clock went back, and is due that long from now instead of after the jump.
    const listed = new Set(ids(list));
    const time = now();
    for (const [id, wait] of backoff)
      if (!listed.has(id)) backoff.delete(id);
      else wait.due = Math.min(wait.due, time + MAX_RETRY_DELAY);
    const dueAt = (event: ClientEvent) => backoff.get(event.eventId)?.due ?? 0;
    const waiting = list.filter((event) => dueAt(event) > time);
    list = list.filter((event) => dueAt(event) <= time);
    if (forced) list = list.concat(waiting);
    else if (waiting.length) soon(Math.min(...waiting.map(dueAt)) - time);
    let max = config.batchSize;
    // No next batch once the page was suspended.
    while (consent && current()) {
      // Not those hide() sent meanwhile; none left, no batch: the run is done.
      list = list.filter((event) => !sending.has(event.eventId));
      const [batch] = toBatches(list.slice(0, max), max, now());
      if (!batch) break;
      const size = batch.ids.length;
      const reply = await post(batch);
      const { status } = reply;
      if (reply.results) {
        settle(batch, reply);
        list = list.slice(size);
      } else if (status == 400 || status == 413) {
        // One bad or big event must not block the others: halve until it is alone, then drop it.
        if (size > 1) max = Math.ceil(size / 2);
        else drop(list.splice(0, 1), SCRIPT_BUILD ? 'HTTP ' + status : `proxy answered ${status} for it alone`);
      } else {
        const delay = scheduler.fail(reply.retryAfter);
        config.report('send', `${status ? 'HTTP ' + status : 'network error'}, retry in ${delay} ms`);
        return;
      }
    }
  };

  /** Sends one batch (its events are `sending` meanwhile); resolves with the reply. */
  const post = (batch: Batch): Promise<Reply> => {
    for (const id of batch.ids) sending.add(id);
    return sendBatch(env, config.endpoint, config.headers, batch, SEND_TIMEOUT).then((reply) => {
      for (const id of batch.ids) sending.delete(id);
      return reply;
    });
  };

  /** A §5 reply: answered events are done; those answered `retry` or left out wait by their own backoff. */
  const settle = (batch: Batch, reply: Reply) => {
    scheduler.ok();
    const sent = new Set(batch.ids);
    const done: string[] = [];
    for (const result of reply.results ?? []) {
      // Ours and answered once (a second answer for the same event counts as none).
      if (result?.status == 'retry' || !sent.delete(result?.eventId)) continue;
      done.push(result.eventId);
      if (result.status == 'rejected')
        config.report(
          'rejected',
          `${SCRIPT_BUILD ? '' : 'proxy rejected event '}${result.eventId}: ${JSON.stringify(result.issues)}`,
        );
    }
    remove(done);
    for (const id of sent) {
      const retries = backoff.get(id)?.retries ?? 0;
      backoff.set(id, {
        retries: retries + 1,
        due: now() + retryDelay(retries, config.retryDelay, env.random, reply.retryAfter, now()),
      });
    }
    if (sent.size) {
      config.report('send', SCRIPT_BUILD ? 'retry ' + sent.size : `proxy answered retry for ${sent.size} events`);
      soon(0);
    }
  };

  /**
   * The page was hidden (`leaving` false) or goes away: this page's unanswered events leave now,
   * from memory, in as few requests as fit (BEACON_EVENTS, 60 KB). Firefox (ESR 153) often drops
   * the pagehide beacon of a closing tab (16 of 50 tabs lost it, measured), while a request
   * started at visibilitychange, which comes first, arrived 50 of 50. So the hidden page sends by
   * keepalive fetch, not waiting for IndexedDB (a closing page may never get back from it): if
   * the page lives on (a tab switch), the reply is read as usual and nothing is sent twice. Marked
   * meanwhile, so that other tabs and the next page wait for the grace; the older events follow
   * from IndexedDB (a forced run).
   *
   * At pagehide they go by sendBeacon (Firefox reliably sends only the first beacon of a closing
   * tab) and are marked. Events beaconed at an earlier pagehide (back/forward cache) are not sent
   * again, but those of a request still unanswered are: a closing Firefox tab can drop either
   * (the proxy drops duplicates). A refused beacon (over the 64 KiB keepalive quota, or no
   * sendBeacon) goes by keepalive fetch, unmarked: whether it leaves is unknowable here (over the
   * quota it rejects later), so the next page sends these again at once.
   */
  const depart = (leaving: boolean) => {
    if (!consent) return;
    spill();
    const recent = marks.recent();
    // An event in a request right now goes again only at pagehide; the others unless marked.
    const events = mine().filter((event) => (sending.has(event.eventId) ? leaving : !recent.has(event.eventId)));
    for (const batch of toBatches(events, Math.max(config.batchSize, BEACON_EVENTS), now())) {
      let beaconed: boolean | undefined;
      try {
        beaconed = leaving && env.sendBeacon?.(config.endpoint, new Blob([batch.body], { type: TEXT }));
      } catch {
        // no sendBeacon, or it threw (a bad URL): fetch instead
      }
      if (beaconed) {
        marks.add(batch.ids);
        for (const id of batch.ids) sending.delete(id); // sent twice now: not a third time at the next pagehide
        continue;
      }
      if (!leaving) marks.add(batch.ids);
      void post(batch).then((reply) => {
        marks.remove(batch.ids);
        if (reply.results) settle(batch, reply);
        else soon(0); // alive after all: the run sends them, with its backoff
      });
    }
    if (!leaving) void scheduler.force(); // and the older events, from IndexedDB
  };

  const scheduler = createScheduler(env, {
    run,
    lock: config.dbName,
    base: config.retryDelay,
    report: (message) => config.report('send', message),
  });
  const soon = (ms: number) => {
    if (consent) scheduler.wake(ms);
  };

  // Events left by earlier pages go with the first flush, at most 5 s after the page starts:
  // not at once, where opening IndexedDB, reading it and the marks and sending would compete with
  // the page's own start (bench: -25 KB of heap and one long task less in the first second).
  // This page's own events are not kept waiting by it: batchSize, flush() and hiding send them.
  soon(Math.min(config.flushInterval, 5_000));
  return {
    add(event) {
      keep(event);
      // Written at the end of this task (one transaction for all its events), not later: a tab
      // closed right after tracking would otherwise leave the event only in pagehide's beacon,
      // whose answer nobody reads; a `retry` answered to it would lose the event (chaos suite,
      // seed 1, when the write waited for a task of its own).
      toWrite.push(event);
      if (toWrite.length == 1) queueMicrotask(write);
      soon(pending.size >= config.batchSize ? 0 : config.flushInterval);
    },
    flush: scheduler.force, // the run sends nothing without consent
    hide: () => depart(false),
    leave() {
      depart(true);
      scheduler.suspend();
    },
    online() {
      scheduler.ok();
      soon(0);
    },
    // The run reads the marks and waits for their grace to end before sending the events.
    wake: () => soon(0),
    suspend: scheduler.suspend,
    resume: scheduler.resume,
    setConsent(granted) {
      if (granted == consent) return;
      consent = granted;
      if (granted) {
        toWrite = mine();
        write();
        soon(0);
      } else {
        pending.clear();
        written.clear();
        backoff.clear();
        toWrite = [];
        store()?.clear().catch(lost);
      }
    },
    stop: scheduler.stop,
  };
}
