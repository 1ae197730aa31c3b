import type { Page } from '@playwright/test';

/**
 * How many events the page's tracker still holds in IndexedDB (database 'talent-beacon', store
 * 'events'): what is neither delivered nor dropped yet.
 *
 * @example
 * expect(await queuedEvents(page)).toBe(0);
 */
export function queuedEvents(page: Page, dbName = 'talent-beacon'): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const r = indexedDB.open(name);
        r.onerror = () => reject(r.error ?? new Error(`IndexedDB: cannot open ${name}`));
        r.onsuccess = () => {
          const c = r.result.transaction('events').objectStore('events').count();
          c.onsuccess = () => resolve(c.result);
        };
      }),
    dbName,
  );
}
