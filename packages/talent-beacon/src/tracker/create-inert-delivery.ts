import type { Delivery } from './create-delivery.js';

const nothing = () => {};
const done = () => Promise.resolve();

/**
 * The delivery of a tracker created during server rendering (the page's environment without a
 * `window`): it keeps, sends, schedules and prints nothing. WHY: a page rendered on the server
 * per request would otherwise log a missing IndexedDB and a failed request per request, and try
 * to fetch a relative endpoint; the browser's own tracker, created when the page runs there,
 * tracks what the visitor does. The tracker in front of it still validates, links in memory and
 * returns the events and chains it would in a browser.
 *
 * @example
 * const delivery = server ? createInertDelivery() : createDelivery(config, env);
 * await delivery.flush(); // resolves at once: there is nothing to send
 */
export function createInertDelivery(): Delivery {
  return {
    add: nothing,
    flush: done,
    hide: nothing,
    leave: nothing,
    suspend: nothing,
    resume: nothing,
    online: nothing,
    wake: nothing,
    setConsent: nothing,
    stop: done,
  };
}
