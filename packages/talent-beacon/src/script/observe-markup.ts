import type { JobEventTypeName } from '@talent-beacon/core';
import type { Tracker } from '../tracker/tracker-types.js';

const LIST = '[data-cts-request-id]:not([data-cts-view]):not([data-cts-event])';
const EXTRA = 'data-cts-extra-';

// The value of data-cts-`name` on `el` or its nearest ancestor: a button inside a results list
// takes the list's requestId, an Apply button inside a [data-cts-job] card takes the card's job.
// (An element that closest() found has the attribute: getAttribute gives no null. On an element
// found by a selector that requires the attribute, near() reads its own: the `?? ''` never applies.)
const near = (el: Element, name: string) =>
  el.closest(`[data-cts-${name}]`)?.getAttribute('data-cts-' + name) as string | undefined;

// What every event of `el` carries: the requestId of it or its nearest ancestor, and its
// data-cts-extra-* attributes as extraInfo (data-cts-extra-source="mail" -> { source: 'mail' };
// undefined when there is none).
const common = (el: Element) => {
  let extraInfo: Record<string, string> | undefined;
  for (const attribute of el.attributes) {
    if (attribute.name.startsWith(EXTRA)) {
      extraInfo ??= {};
      extraInfo[attribute.name.slice(EXTRA.length)] = attribute.value;
    }
  }
  return { requestId: near(el, 'request-id'), extraInfo };
};

/**
 * Reports the declarative markup of docs/design.md §6 in `doc` through `tracker`:
 * a `[data-cts-request-id]` list with `[data-cts-job]` items -> one IMPRESSION with the jobs in
 * page order; `[data-cts-view="job"]` -> one VIEW; a click on `[data-cts-event="TYPE"]` -> that
 * event for its (or its nearest ancestor's) `data-cts-job`; a form field `[data-cts-chain="job"]`
 * gets the job's chain when the form is submitted. `data-cts-extra-*` attributes become
 * extraInfo. Existing markup is reported once the document is parsed, markup a SPA inserts or
 * changes later when it appears. Bad markup (unknown type, malformed job name, no requestId)
 * goes to `onError`, never into the page. Returns a function that stops watching.
 *
 * @example
 * const stop = observeMarkup(createTracker({ endpoint: '/cts/events' }), document, console.warn);
 */
export function observeMarkup(tracker: Tracker, doc: Document, onError: (error: Error) => void): () => void {
  // element -> the requestId / job it was reported for, so that a re-render reports nothing but
  // a list that a SPA reuses for a new search (new data-cts-request-id) is reported again.
  const seen = new WeakMap<Element, string>();
  const run = (report: () => unknown) => {
    try {
      report();
    } catch (error) {
      onError(error as Error);
    }
  };
  const once = (el: Element, key: string, report: () => unknown) => {
    if (seen.get(el) === key) return;
    seen.set(el, key);
    run(report);
  };
  const scan = () => {
    for (const el of doc.querySelectorAll(LIST)) {
      const requestId = near(el, 'request-id') ?? '';
      const jobs = Array.from(
        el.querySelectorAll('[data-cts-job]:not([data-cts-event])'),
        (item) => near(item, 'job') ?? '',
      );
      // An empty list is not reported (nor remembered): its items may be inserted next.
      if (jobs.length)
        once(el, requestId, () => tracker.impression({ ...common(el), requestId, jobs: [...new Set(jobs)] }));
    }
    for (const el of doc.querySelectorAll('[data-cts-view]')) {
      const job = near(el, 'view') ?? '';
      once(el, job, () => tracker.view({ ...common(el), job }));
    }
  };
  const click = (event: Event) => {
    const el = (event.target as Element).closest?.('[data-cts-event]');
    if (el)
      run(() =>
        tracker.track({ ...common(el), type: near(el, 'event') as JobEventTypeName, jobs: [near(el, 'job') ?? ''] }),
      );
  };
  // A form field [data-cts-chain="job"] carries the job's chain to the site's server (docs/design.md §9)
  // as JSON {"requestId","eventId"}, or "" when none is known. Filled when the form's data is
  // collected ('formdata': a submit, form.submit() and new FormData(form) all fire it), so it
  // holds the APPLICATION_START the click on the submit button has just tracked.
  const fill = (event: Event) => {
    for (const el of (event.target as Element).querySelectorAll<HTMLInputElement>('[data-cts-chain]')) {
      run(() => {
        el.value = JSON.stringify(tracker.chain(near(el, 'chain') ?? '') ?? '');
        if (el.name) (event as FormDataEvent).formData.set(el.name, el.value);
      });
    }
  };
  const observer = new MutationObserver(scan);
  const start = () => {
    scan();
    observer.observe(doc, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['data-cts-request-id', 'data-cts-view', 'data-cts-job'],
    });
  };
  // Capture phase: a page handler that stops propagation must not hide the click from us.
  doc.addEventListener('click', click, true);
  doc.addEventListener('formdata', fill, true);
  // Not before the document is parsed: the parser inserts a long list item by item, and
  // reporting it half-parsed would send an IMPRESSION without its last jobs.
  if (doc.readyState == 'loading') doc.addEventListener('DOMContentLoaded', start);
  else start();
  return () => {
    observer.disconnect();
    doc.removeEventListener('click', click, true);
    doc.removeEventListener('formdata', fill, true);
    doc.removeEventListener('DOMContentLoaded', start);
  };
}
