// What the browser benchmarks (run.js, heap.js, heap-steps.js, profile.js) do in a page through
// Playwright and CDP, in one place so that they measure the same way.

/**
 * Inserts `<script src>` into the page and resolves once it ran (its load event), or `settle` ms
 * after that when given; rejects when the script fails to load.
 *
 * @example
 * await insertScript(page, '/bundle/talent-beacon', 1000);
 */
export function insertScript(page, src, settle) {
  return page.evaluate(
    ([src, settle]) =>
      new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = src;
        s.onload = settle === undefined ? resolve : () => setTimeout(resolve, settle);
        s.onerror = reject;
        document.head.append(s);
      }),
    [src, settle],
  );
}

/**
 * The page's JS heap in use (CDP Runtime.getHeapUsage) after two forced collections: the second
 * frees what finalizers of the first released.
 *
 * @example
 * const before = await heapUsed(cdp);
 */
export async function heapUsed(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}
