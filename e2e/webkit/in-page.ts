import type { WebDriver } from 'selenium-webdriver';

// What the WebKit test files run inside the page through WebDriver (no page.evaluate here).

/**
 * Runs `expression` (a promise) in the current page or frame and waits for it; throws what it
 * rejected with.
 *
 * @example
 * await awaitInPage(driver, 'window.tracker.flush()');
 */
export async function awaitInPage(driver: WebDriver, expression: string): Promise<void> {
  await resultInPage(driver, expression);
}

/**
 * Runs `expression` (a value or a promise) in the current page or frame and returns what it
 * resolved to (JSON-like values only); throws what it rejected with.
 *
 * @example
 * const names = await resultInPage<string[]>(driver, 'indexedDB.databases().then((l) => l.map((d) => d.name))');
 */
export async function resultInPage<T>(driver: WebDriver, expression: string): Promise<T> {
  const answer = await driver.executeAsyncScript<{ value?: T; error?: string }>(
    `const done = arguments[arguments.length - 1]; Promise.resolve().then(() => ${expression}).then((value) => done({ value }), (e) => done({ error: String(e && e.message || e) }));`,
  );
  if (answer.error !== undefined) throw new Error(answer.error);
  return answer.value as T;
}

/**
 * How many events the page's tracker still holds in IndexedDB (database 'talent-beacon', store
 * 'events'): what is neither delivered nor dropped yet. The WebDriver twin of
 * e2e/support/queued-events.ts.
 *
 * @example
 * expect(await queuedEvents(driver)).toBe(0);
 */
export function queuedEvents(driver: WebDriver, dbName = 'talent-beacon'): Promise<number> {
  return resultInPage<number>(
    driver,
    `new Promise((resolve, reject) => {
      const r = indexedDB.open(${JSON.stringify(dbName)});
      r.onerror = () => reject(r.error);
      r.onsuccess = () => {
        const c = r.result.transaction('events').objectStore('events').count();
        c.onsuccess = () => resolve(c.result);
        c.onerror = () => reject(c.error);
      };
    })`,
  );
}
