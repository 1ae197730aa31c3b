import { describe, expect, it } from 'vitest';
import { ClientEventError, type ClientEvent, type JobEventTypeName } from '../../packages/core/src/index.js';
import { createLinkStore, type LinkStorage } from '../../packages/talent-beacon/src/tracker/link-store.js';

// Link writes are coalesced in a microtask; awaiting a resolved promise runs after it.
const endOfTask = () => Promise.resolve();

const J1 = 'projects/p/tenants/t/jobs/1';
const J2 = 'projects/p/tenants/t/jobs/2';
let ids = 0;
const event = (type: JobEventTypeName, jobs: string[], requestId: string, parentEventId?: string): ClientEvent => ({
  eventId: `e${++ids}`,
  requestId,
  createTime: new Date(0).toISOString(),
  jobEvent: { type, jobs },
  ...(parentEventId ? { parentEventId } : {}),
});

/** A Web Storage stand-in that two stores can share, like two tabs of one origin. */
function memoryStorage(): LinkStorage & { data: Map<string, string>; writes: number } {
  const data = new Map<string, string>();
  return {
    data,
    writes: 0,
    getItem: (k) => data.get(k) ?? null,
    setItem(k, v) {
      this.writes++;
      data.set(k, String(v));
    },
  };
}

function setup(storage: LinkStorage | null = memoryStorage(), clock = { t: 1_000 }, maxEntries = 500) {
  const store = createLinkStore({ linkTtl: 60_000, maxLinks: maxEntries, now: () => clock.t, storage });
  /** Links, builds and remembers an event the way the tracker does. */
  const send = (
    type: JobEventTypeName,
    jobs: string[],
    explicit: { requestId?: string; parentEventId?: string } = {},
  ) => {
    const linked = store.link(type, jobs, explicit);
    const e = event(type, jobs, linked.requestId!, linked.parentEventId);
    store.remember(e);
    return e;
  };
  const impress = (requestId: string, jobs: string[]) => {
    const e = event('IMPRESSION', jobs, requestId);
    store.remember(e);
    return e;
  };
  return { store, send, impress, clock, storage };
}

describe('createLinkStore', () => {
  it('links IMPRESSION -> VIEW -> APPLICATION_START -> APPLICATION_FINISH and inherits the requestId', () => {
    const { send, impress } = setup();
    const imp = impress('R1', [J1, J2]);
    const view = send('VIEW', [J2]);
    const start = send('APPLICATION_START', [J2]);
    const finish = send('APPLICATION_FINISH', [J2]);
    expect([view.parentEventId, view.requestId]).toEqual([imp.eventId, 'R1']);
    expect([start.parentEventId, start.requestId]).toEqual([view.eventId, 'R1']);
    expect([finish.parentEventId, finish.requestId]).toEqual([start.eventId, 'R1']);
  });

  it('links BOOKMARK, NOT_INTERESTED, VIEW_REDIRECT and *_FROM_SEARCH to the IMPRESSION even after a VIEW', () => {
    const { send, impress } = setup();
    const imp = impress('R1', [J1]);
    send('VIEW', [J1]);
    for (const type of [
      'BOOKMARK',
      'NOT_INTERESTED',
      'VIEW_REDIRECT',
      'APPLICATION_START_FROM_SEARCH',
      'APPLICATION_REDIRECT_FROM_SEARCH',
    ] as const) {
      expect(send(type, [J1]).parentEventId, type).toBe(imp.eventId);
    }
  });

  it('links an application without a VIEW to the IMPRESSION, and QUICK_SUBMISSION / REDIRECT to the VIEW', () => {
    const { send, impress } = setup();
    const imp = impress('R1', [J1, J2]);
    expect(send('APPLICATION_START', [J1]).parentEventId).toBe(imp.eventId);
    const view = send('VIEW', [J2]);
    expect(send('APPLICATION_QUICK_SUBMISSION', [J2]).parentEventId).toBe(view.eventId);
    const view2 = send('VIEW', [J2]); // a new VIEW ends the previous application step
    expect(send('APPLICATION_REDIRECT', [J2]).parentEventId).toBe(view2.eventId);
  });

  it('links APPLICATION_FINISH to a START_FROM_SEARCH, and HIRED to the newest event of the chain', () => {
    const { send, impress } = setup();
    impress('R1', [J1]);
    const start = send('APPLICATION_START_FROM_SEARCH', [J1]);
    const finish = send('APPLICATION_FINISH', [J1]);
    expect(finish.parentEventId).toBe(start.eventId);
    expect(send('HIRED', [J1]).parentEventId).toBe(finish.eventId);
    // A new application step ends the finished one: HIRED then links to the new START.
    const again = send('APPLICATION_START', [J1]);
    expect(send('HIRED', [J1]).parentEventId).toBe(again.eventId);
  });

  it('hands a job chain to the server: requestId and the newest of FINISH, START, VIEW, IMPRESSION (docs/design.md §9)', () => {
    const { store, send, impress } = setup();
    expect(store.chain(J1)).toBeUndefined();
    const impression = impress('R1', [J1, J2]);
    expect(store.chain(J1)).toEqual({ requestId: 'R1', eventId: impression.eventId });
    const view = send('VIEW', [J1]);
    expect(store.chain(J1)).toEqual({ requestId: 'R1', eventId: view.eventId });
    const start = send('APPLICATION_START', [J1]);
    expect(store.chain(J1)).toEqual({ requestId: 'R1', eventId: start.eventId });
    const finish = send('APPLICATION_FINISH', [J1]);
    expect(store.chain(J1)).toEqual({ requestId: 'R1', eventId: finish.eventId });
    send('BOOKMARK', [J1]); // not a chain link
    expect(store.chain(J1)!.eventId).toBe(finish.eventId);
    expect(store.chain(J2)).toEqual({ requestId: 'R1', eventId: impression.eventId });
  });

  it('lets explicit parentEventId and requestId win', () => {
    const { send, impress } = setup();
    impress('R1', [J1]);
    expect(send('VIEW', [J1], { parentEventId: 'mine' })).toMatchObject({ parentEventId: 'mine', requestId: 'R1' });
    // Another search's requestId: the R1 chain is not this event's chain, so no parent from it.
    const other = send('VIEW', [J1], { requestId: 'R2' });
    expect(other.requestId).toBe('R2');
    expect(other.parentEventId).toBeUndefined();
    // ...and from now on the job's chain is R2's.
    expect(send('APPLICATION_START', [J1])).toMatchObject({ requestId: 'R2', parentEventId: other.eventId });
  });

  it('starts a new chain when the job is shown by a new search', () => {
    const { send, impress } = setup();
    impress('R1', [J1]);
    send('VIEW', [J1]);
    const imp2 = impress('R2', [J1]);
    expect(send('APPLICATION_START', [J1])).toMatchObject({ requestId: 'R2', parentEventId: imp2.eventId });
  });

  it('throws a ClientEventError naming the fix when no requestId is found anywhere', () => {
    const { store } = setup();
    let error: unknown;
    try {
      store.link('VIEW', [J1], {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClientEventError);
    const issue = (error as ClientEventError).issues[0]!;
    expect([issue.path, issue.rule]).toEqual(['requestId', 'required']);
    expect(issue.message).toContain(J1);
    expect(issue.message).toMatch(/pass requestId, or report an impression\(\)/);
    // An explicit requestId is enough without any history.
    expect(store.link('VIEW', [J1], { requestId: 'R9' })).toEqual({ requestId: 'R9', parentEventId: undefined });
  });

  it('remembers one IMPRESSION per requestId, and returns the same object on this page', () => {
    const { store, impress } = setup();
    expect(store.impressionFor('R1')).toBeUndefined();
    const imp = impress('R1', [J1]);
    expect(store.impressionFor('R1')).toBe(imp);
  });

  it('shares links between stores on one storage (tabs, reloads), merging instead of overwriting', async () => {
    const storage = memoryStorage();
    const tabA = setup(storage);
    const tabB = setup(storage);
    // Each await ends a task: writes are coalesced to one per task, as tabs run in their own tasks.
    const imp = tabA.impress('R1', [J1]);
    await endOfTask();
    const imp2 = tabB.impress('R2', [J2]); // B read A's write first, so A's link survives
    await endOfTask();
    expect(tabB.send('VIEW', [J1])).toMatchObject({ requestId: 'R1', parentEventId: imp.eventId });
    await endOfTask();
    expect(tabA.send('VIEW', [J2])).toMatchObject({ requestId: 'R2', parentEventId: imp2.eventId });
    await endOfTask();
    // A reload: a brand-new store on the same storage still knows the IMPRESSION.
    const reloaded = setup(storage);
    expect(reloaded.store.impressionFor('R1')).toEqual(imp);
  });

  it('forgets links after the TTL', () => {
    const { store, impress, send, clock } = setup();
    impress('R1', [J1]);
    clock.t += 59_999;
    expect(send('VIEW', [J1]).requestId).toBe('R1'); // also refreshes the chain's time
    clock.t += 60_000;
    expect(store.impressionFor('R1')).toBeUndefined();
    expect(() => store.link('VIEW', [J1], {})).toThrow(ClientEventError);
  });

  it('writes storage once per task, however many events the task reports', async () => {
    const storage = memoryStorage();
    const { impress, send } = setup(storage);
    for (let i = 0; i < 50; i++) impress(`R${i}`, [`projects/p/jobs/${i}`]);
    expect(send('VIEW', ['projects/p/jobs/7']).requestId).toBe('R7'); // linked before the write
    expect(storage.writes).toBe(0);
    await endOfTask();
    expect(storage.writes).toBe(1);
    expect(setup(storage).send('VIEW', ['projects/p/jobs/9']).requestId).toBe('R9');
  });

  it('keeps at most maxLinks entries, dropping the oldest', async () => {
    const storage = memoryStorage();
    const { store, impress, clock } = setup(storage, { t: 1_000 }, 4);
    impress('R1', [J1]); // 2 entries: the job and the impression
    clock.t++;
    impress('R2', ['projects/p/jobs/3']);
    clock.t++;
    impress('R3', ['projects/p/jobs/4']);
    await endOfTask();
    expect(Object.keys(JSON.parse(storage.data.get('talent-beacon:links')!))).toHaveLength(4);
    expect(store.impressionFor('R1')).toBeUndefined();
    expect(store.impressionFor('R3')).toBeDefined();
  });

  it('works in memory without storage, and when storage throws', async () => {
    const { send, impress } = setup(null);
    const imp = impress('R1', [J1]);
    expect(send('VIEW', [J1]).parentEventId).toBe(imp.eventId);

    const errors: Error[] = [];
    const broken: LinkStorage = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    const store = createLinkStore({
      linkTtl: 1000,
      maxLinks: 10,
      now: () => 1,
      storage: broken,
      onError: (e) => errors.push(e),
    });
    store.remember(event('IMPRESSION', [J1], 'R1'));
    await endOfTask();
    expect(store.link('VIEW', [J1], {}).requestId).toBe('R1');
    expect(errors.map((e) => e.name)).toEqual(['QuotaExceededError']);

    const unreadable: LinkStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => undefined,
    };
    const store2 = createLinkStore({ linkTtl: 1000, maxLinks: 10, now: () => 1, storage: unreadable });
    store2.remember(event('IMPRESSION', [J1], 'R1'));
    expect(store2.link('VIEW', [J1], {}).requestId).toBe('R1');
  });

  it('ignores malformed data another script left under its key', () => {
    const storage = memoryStorage();
    storage.data.set('talent-beacon:links', JSON.stringify({ [J1]: null, [J2]: 'x', ' R1': 5 }));
    const { store } = setup(storage);
    expect(store.impressionFor('R1')).toBeUndefined();
    expect(() => store.link('VIEW', [J1, J2], {})).toThrow(ClientEventError);
    storage.data.set('talent-beacon:links', '{not json');
    expect(store.link('VIEW', [J1], { requestId: 'R' }).requestId).toBe('R');
  });

  it('keeps links in memory without storage (the default)', () => {
    const store = createLinkStore({ linkTtl: 1000, maxLinks: 10, now: () => 1 });
    store.remember(event('IMPRESSION', [J1], 'R1'));
    expect(store.link('VIEW', [J1], {}).requestId).toBe('R1');
  });

  it('while storing() is false, reads the storage once and writes nothing; its next write stores all it learned', async () => {
    const storage = memoryStorage();
    setup(storage).impress('R0', [J2]);
    await endOfTask();
    let storing = false;
    const store = createLinkStore({ linkTtl: 60_000, maxLinks: 10, now: () => 1_000, storage, storing: () => storing });
    const imp = event('IMPRESSION', [J1], 'R1');
    store.remember(imp);
    await endOfTask();
    expect(storage.writes).toBe(1);
    expect(store.link('VIEW', [J2], {}).requestId).toBe('R0'); // what was stored before
    expect(store.link('VIEW', [J1], {}).parentEventId).toBe(imp.eventId);
    storing = true;
    store.remember(event('VIEW', [J1], 'R1', imp.eventId));
    await endOfTask();
    expect(storage.writes).toBe(2);
    expect(Object.keys(JSON.parse(storage.data.get('talent-beacon:links')!)).sort()).toEqual(
      [' R0', ' R1', J1, J2].sort(),
    );
  });

  it('takes JSON that is no object under its key for no links', () => {
    const storage = memoryStorage();
    for (const json of ['5', 'null', '"x"', '[1]']) {
      storage.data.set('talent-beacon:links', json);
      expect(setup(storage).store.impressionFor('R1')).toBeUndefined();
    }
  });
});
