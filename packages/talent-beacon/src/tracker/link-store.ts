import { ChainStep, ClientEventError, SCRIPT_BUILD, chainStep, parentStep } from '@talent-beacon/core';
import type { ClientEvent } from '@talent-beacon/core';
import type { LinkStore } from './tracker-types.js';

/** The part of Web Storage the link store uses (`localStorage` by default). */
export type LinkStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** Options of {@link createLinkStore}. */
export interface LinkStoreOptions {
  /** Milliseconds a link is kept after its chain last moved (the tracker's option of that name). */
  linkTtl: number;
  /** Entries kept at most (one per job, one per IMPRESSION); the oldest go first. */
  maxLinks: number;
  now: () => number;
  /** Where links live (the tracker's localStorage); `null` or absent for memory only (also used when it throws). */
  storage?: LinkStorage | null;
  /**
   * Whether links may be stored now (the tracker's consent); default always. Without it the
   * storage is read once, and what this page learns stays in memory until the next write with it.
   */
  storing?: () => boolean;
  /** Told when the storage refuses a write (quota); links then live in memory for this page. */
  onError?: (error: Error) => void;
}

// One JSON object under one key. Per job: [time, requestId, impressionId?, viewId?, applicationId?, finishId?]
// (the chain steps of core/job-event-chain.ts, each step a slot). Per IMPRESSION, under ' ' + requestId (a job name never
// starts with a space): [time, the event], so the one-IMPRESSION-per-search rule survives reloads.
type Entry = [number, ...unknown[]];
type Entries = Record<string, Entry>;

// The storage key of the links.
const KEY = 'talent-beacon:links';

/**
 * The link store of the tracker (docs/design.md §4): per job name, the events of its chain
 * (IMPRESSION -> VIEW -> APPLICATION_*) and the search's requestId, so that a later event on this
 * or a later page, in this or another tab, finds its parent and requestId by itself.
 *
 * WHY localStorage and not IndexedDB (which the issue names): the tracker's event methods are
 * synchronous and must return the linked event, and a job page calls `view()` before any
 * IndexedDB read could finish. localStorage is the one browser store that is synchronous, shared
 * by every same-origin tab and kept across reloads. It is bounded (`maxLinks`) and expires
 * entries (`linkTtl`); it falls back to memory when localStorage is missing, blocked or full.
 * Every operation reads the key once and parses it only when another tab changed it (the raw
 * string is compared with the last one seen), and every write merges into the freshest copy, so
 * tabs do not overwrite each other's links.
 *
 * @example
 * const links = createLinkStore({ linkTtl: 864e5, maxLinks: 500, now: Date.now, storage: localStorage });
 * links.remember(impression);                      // on the results page
 * links.link('VIEW', [job], {});                   // later, in another tab
 * // { requestId: impression.requestId, parentEventId: impression.eventId }
 */
export function createLinkStore({ linkTtl: ttl, maxLinks, now, storage, storing = () => true, onError }: LinkStoreOptions): LinkStore {
  // The string last read or written (undefined: none yet), and what it holds.
  let raw: string | null | undefined;
  let cache: Entries = {};
  const read = (): Entries => {
    try {
      const r = storage && (raw === undefined || storing()) ? storage.getItem(KEY) : raw;
      if (r !== raw) {
        raw = r;
        // Object(): JSON that is no object ("5", "null") makes an object with no entries.
        const fresh = Object(r && JSON.parse(r)) as Entries;
        // What this page knows and may not have stored (no consent yet, a full storage) stays:
        // of a key in both, the newer entry wins. (A pruned one is pruned again at the save.)
        for (const [k, mine] of Object.entries(cache)) {
          const e = get(fresh, k);
          if (!e || e[0] < mine[0]) fresh[k] = mine;
        }
        cache = fresh;
      }
    } catch {
      // Unreadable storage or foreign JSON: keep what this page knows.
    }
    return cache;
  };
  // A live entry, or undefined (also for anything malformed another script may have written).
  const get = (o: Entries, k: string) => {
    const e = o[k];
    return Array.isArray(e) && e[0] > now() - ttl ? e : undefined;
  };

  // The event of the newest filled chain slot up to `slot` (-1: none), or undefined.
  const newest = (e: Entry, slot: number) =>
    e
      .slice(2, 3 + slot)
      .reverse()
      .find(Boolean) as string | undefined;

  let dirty = false;
  const save = () => {
    dirty = false;
    read(); // what another writer stored since (a second tracker on the page, another tab) stays
    const t = now();
    cache = Object.fromEntries(
      Object.entries(cache)
        .filter(([k]) => {
          const e = get(cache, k);
          // Dated after now: written before the clock went back. Dated now, it lives linkTtl from
          // now (not for as long as the jump) and does not outrank newer links below.
          if (e) e[0] = Math.min(e[0], t);
          return e;
        })
        .sort((a, b) => b[1][0] - a[1][0])
        .slice(0, maxLinks),
    );
    try {
      const json = JSON.stringify(cache);
      if (storage && storing()) {
        storage.setItem(KEY, json);
        raw = json;
      }
    } catch (error) {
      onError?.(error as Error);
    }
  };

  return {
    link(type, jobs, explicit) {
      let { requestId, parentEventId } = explicit;
      const o = read();
      // The first job's chain, but not one of another search than the explicit requestId says.
      const e = jobs.map((job) => get(o, job)).find((e) => e && (!requestId || e[1] === requestId));
      if (e) {
        requestId = e[1] as string;
        parentEventId ??= newest(e, parentStep(type));
      }
      if (!requestId) {
        throw new ClientEventError([
          {
            path: 'requestId',
            rule: 'required',
            message: SCRIPT_BUILD
              ? `requestId: required (not found for ${jobs[0]})`
              : `requestId: not found for ${jobs[0]}; pass requestId, or report an impression() that showed this job first (on this or an earlier page)`,
          },
        ]);
      }
      return { requestId, parentEventId };
    },

    impressionFor: (requestId) => get(read(), ' ' + requestId)?.[1] as ClientEvent | undefined,

    chain(job) {
      const e = get(read(), job);
      const eventId = e && newest(e, ChainStep.FINISHED);
      return eventId ? { requestId: e[1] as string, eventId } : undefined;
    },

    remember(event) {
      const r = event.requestId;
      const { type, jobs } = event.jobEvent;
      const o = read(); // the cache itself: changed in place
      const t = now();
      const s = chainStep(type);
      if (s === ChainStep.IMPRESSION) o[' ' + r] = [t, event];
      for (const job of jobs) {
        const e = get(o, job);
        // An IMPRESSION starts a new chain; so does an event of another search.
        const x: Entry = e && e[1] === r && s !== ChainStep.IMPRESSION ? e : [t, r];
        x[0] = t;
        if (s !== ChainStep.NONE) {
          x[2 + s] = event.eventId;
          x.length = 3 + s; // a new VIEW ends the old application step
        }
        o[job] = x;
      }
      // One prune and one localStorage write per task, not per event: serializing the whole
      // store on every event cost ~1.7 ms each in a burst (bench/). The microtask runs before
      // the task ends, so no other tab and no pagehide can come in between.
      if (!dirty) {
        queueMicrotask(save);
        dirty = true;
      }
    },
  };
}
