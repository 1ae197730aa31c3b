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

// One JSON object under one key, of entries that are arrays (short in storage, and the format
// earlier versions stored). Per job: [time, requestId, impressionId?, viewId?, applicationId?,
// finishId?], the eventId of each chain step of core/job-event-chain.ts in its slot (STEPS +
// the step). Per IMPRESSION, under ' ' + requestId (a job name never starts with a space):
// [time, the event], so the one-IMPRESSION-per-search rule survives reloads.
type Entry = [number, ...unknown[]];
type Entries = Record<string, Entry>;

// The slots of an entry: when its chain last moved; the search's requestId (per job) or the
// IMPRESSION event (per IMPRESSION); the first chain step's eventId (per job).
const TIME = 0;
const REQUEST_ID = 1;
const IMPRESSION_EVENT = 1;
const STEPS = 2;

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
export function createLinkStore({
  linkTtl: ttl,
  maxLinks,
  now,
  storage,
  storing = () => true,
  onError,
}: LinkStoreOptions): LinkStore {
  // The string last read or written (undefined: none yet), and what it holds.
  let raw: string | null | undefined;
  let cache: Entries = {};
  const read = (): Entries => {
    try {
      const stored = storage && (raw === undefined || storing()) ? storage.getItem(KEY) : raw;
      if (stored !== raw) {
        raw = stored;
        // Object(): JSON that is no object ("5", "null") makes an object with no entries.
        const fresh = Object(stored && JSON.parse(stored)) as Entries;
        // What this page knows and may not have stored (no consent yet, a full storage) stays:
        // of a key in both, the newer entry wins. (A pruned one is pruned again at the save.)
        for (const [key, mine] of Object.entries(cache)) {
          const theirs = get(fresh, key);
          if (!theirs || theirs[TIME] < mine[TIME]) fresh[key] = mine;
        }
        cache = fresh;
      }
    } catch {
      // Unreadable storage or foreign JSON: keep what this page knows.
    }
    return cache;
  };
  // A live entry, or undefined (also for anything malformed another script may have written).
  const get = (entries: Entries, key: string) => {
    const entry = entries[key];
    return Array.isArray(entry) && entry[TIME] > now() - ttl ? entry : undefined;
  };

  // The eventId of the newest filled chain step up to `step` (NONE: none), or undefined.
  const newest = (entry: Entry, step: number) =>
    entry
      .slice(STEPS, STEPS + step + 1)
      .reverse()
      .find(Boolean) as string | undefined;

  let dirty = false;
  const save = () => {
    dirty = false;
    read(); // what another writer stored since (a second tracker on the page, another tab) stays
    const time = now();
    cache = Object.fromEntries(
      Object.entries(cache)
        .filter(([key]) => {
          const entry = get(cache, key);
          // Dated after now: written before the clock went back. Dated now, it lives linkTtl from
          // now (not for as long as the jump) and does not outrank newer links below.
          if (entry) entry[TIME] = Math.min(entry[TIME], time);
          return entry;
        })
        .sort(([, a], [, b]) => b[TIME] - a[TIME])
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
      const entries = read();
      // The first job's chain, but not one of another search than the explicit requestId says.
      const chain = jobs
        .map((job) => get(entries, job))
        .find((entry) => entry && (!requestId || entry[REQUEST_ID] === requestId));
      if (chain) {
        requestId = chain[REQUEST_ID] as string;
        parentEventId ??= newest(chain, parentStep(type));
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

    impressionFor: (requestId) => get(read(), ' ' + requestId)?.[IMPRESSION_EVENT] as ClientEvent | undefined,

    chain(job) {
      const entry = get(read(), job);
      const eventId = entry && newest(entry, ChainStep.FINISHED);
      return eventId ? { requestId: entry[REQUEST_ID] as string, eventId } : undefined;
    },

    remember(event) {
      const requestId = event.requestId;
      const { type, jobs } = event.jobEvent;
      const entries = read(); // the cache itself: changed in place
      const time = now();
      const step = chainStep(type);
      if (step === ChainStep.IMPRESSION) entries[' ' + requestId] = [time, event];
      for (const job of jobs) {
        const entry = get(entries, job);
        // An IMPRESSION starts a new chain; so does an event of another search.
        const chain: Entry =
          entry && entry[REQUEST_ID] === requestId && step !== ChainStep.IMPRESSION ? entry : [time, requestId];
        chain[TIME] = time;
        if (step !== ChainStep.NONE) {
          const slot = STEPS + step;
          chain[slot] = event.eventId;
          chain.length = slot + 1; // a new VIEW ends the old application step
        }
        entries[job] = chain;
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
