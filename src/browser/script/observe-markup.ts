import type { JobEventTypeName } from '../../core/index.js';
import type { Tracker } from '../tracker/tracker-types.js';

/** Options of {@link observeMarkup}. */
export interface ObserveMarkupOptions {
  /** The document to watch; default the page's. */
  document?: Document;
  /** Told about bad markup (unknown type, malformed job name, no requestId); default console.warn. */
  onError?: (error: Error) => void;
}

const LIST = '[data-cts-request-id]:not([data-cts-view]):not([data-cts-event])';

// The value of `name` on `el` or its nearest ancestor: a button inside a results list takes the
// list's requestId, an Apply button inside a [data-cts-job] card takes the card's job.
const near = (el: Element, name: string) => el.closest(`[${name}]`)?.getAttribute(name) ?? undefined;

// data-cts-extra-source="mail" -> extraInfo { source: 'mail' }; undefined when there is none.
const extra = (el: Element) => {
  let x: Record<string, string> | undefined;
  for (const a of Array.from(el.attributes)) if (!a.name.indexOf('data-cts-extra-')) (x ??= {})[a.name.slice(15)] = a.value;
  return x;
};

/**
 * Reports the declarative markup of design §6 through `tracker`:
 * a `[data-cts-request-id]` list with `[data-cts-job]` items -> one IMPRESSION with the jobs in
 * page order; `[data-cts-view="job"]` -> one VIEW; a click on `[data-cts-event="TYPE"]` -> that
 * event for its (or its nearest ancestor's) `data-cts-job`; a form field `[data-cts-chain="job"]`
 * gets the job's chain when the form is submitted. `data-cts-extra-*` attributes become
 * extraInfo. Existing markup is reported once the document is parsed, markup a SPA inserts or
 * changes later when it appears. Bad markup goes to `onError`, never into the page.
 * Returns a function that stops watching.
 *
 * @example
 * const stop = observeMarkup(createTracker({ endpoint: '/cts/events' }));
 */
export function observeMarkup(tracker: Tracker, { document: d = document, onError = (e) => console.warn(e) }: ObserveMarkupOptions = {}): () => void {
  // element -> the requestId / job it was reported for, so that a re-render reports nothing but
  // a list that a SPA reuses for a new search (new data-cts-request-id) is reported again.
  const seen = new WeakMap<Element, string>();
  const run = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      onError(error as Error);
    }
  };
  const once = (el: Element, key: string, f: () => unknown) => seen.get(el) !== key && (seen.set(el, key), run(f));
  const scan = () => {
    for (const el of Array.from(d.querySelectorAll(LIST))) {
      const requestId = el.getAttribute('data-cts-request-id')!;
      const jobs = Array.from(el.querySelectorAll('[data-cts-job]:not([data-cts-event])'), (j) => j.getAttribute('data-cts-job')!);
      // An empty list is not reported (nor remembered): its items may be inserted next.
      if (jobs.length) once(el, requestId, () => tracker.impression({ requestId, jobs: [...new Set(jobs)], extraInfo: extra(el) }));
    }
    for (const el of Array.from(d.querySelectorAll('[data-cts-view]'))) {
      const job = el.getAttribute('data-cts-view')!;
      once(el, job, () => tracker.view({ job, requestId: near(el, 'data-cts-request-id'), extraInfo: extra(el) }));
    }
  };
  const click = (event: Event) => {
    const el = (event.target as Element).closest?.('[data-cts-event]');
    if (el) {
      run(() =>
        tracker.track({
          type: el.getAttribute('data-cts-event') as JobEventTypeName,
          jobs: [near(el, 'data-cts-job')!],
          requestId: near(el, 'data-cts-request-id'),
          extraInfo: extra(el),
        }),
      );
    }
  };
  // A form field [data-cts-chain="job"] carries the job's chain to the site's server (design §9)
  // as JSON {"requestId","eventId"}, or "" when none is known. Filled when the form's data is
  // collected ('formdata': a submit, form.submit() and new FormData(form) all fire it), so it
  // holds the APPLICATION_START the click on the submit button has just tracked.
  const fill = (event: Event) => {
    for (const el of Array.from((event.target as Element).querySelectorAll<HTMLInputElement>('[data-cts-chain]'))) {
      run(() => {
        el.value = JSON.stringify(tracker.chain(el.getAttribute('data-cts-chain')!) ?? '');
        if (el.name) (event as FormDataEvent).formData.set(el.name, el.value);
      });
    }
  };
  const observer = new MutationObserver(scan);
  const start = () => {
    scan();
    observer.observe(d, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-cts-request-id', 'data-cts-view', 'data-cts-job'] });
  };
  // Capture phase: a page handler that stops propagation must not hide the click from us.
  d.addEventListener('click', click, true);
  d.addEventListener('formdata', fill, true);
  // Not before the document is parsed: the parser inserts a long list item by item, and
  // reporting it half-parsed would send an IMPRESSION without its last jobs.
  if (d.readyState == 'loading') d.addEventListener('DOMContentLoaded', start);
  else start();
  return () => {
    observer.disconnect();
    d.removeEventListener('click', click, true);
    d.removeEventListener('formdata', fill, true);
    d.removeEventListener('DOMContentLoaded', start);
  };
}
