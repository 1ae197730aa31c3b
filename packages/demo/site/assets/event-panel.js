// The "events on this page" panel of the demo board: every client event this page queued or
// sent, and how far it got: queued -> sent -> accepted (the proxy answered) -> delivered (the
// emulator, i.e. CTS, has it). Demo instrumentation only; a real site does not need it.
//
// Where the events come from:
//  - SPA and React pages call panel.add(event) with the ClientEvent the tracker returned;
//  - the transport is observed (fetch / sendBeacon to the tracker endpoint are wrapped, and still
//    sent unchanged), which also catches the events the <script> tag queues from markup;
//  - "delivered" is what the emulator reports via the demo server's /api/delivered.

const ENDPOINT = '/cts/events';
const RANK = { queued: 0, sent: 1, retry: 2, accepted: 3, duplicate: 3, rejected: 3, delivered: 4 };
const short = (id) => (id ? `${String(id).slice(0, 8)}…` : '–');

/**
 * Creates the panel (once per page) and starts watching the tracker endpoint.
 *
 * @example
 * import { eventPanel } from '/assets/event-panel.js';
 * eventPanel.add(tracker.impression({ requestId, jobs }));
 */
function createEventPanel() {
  /** @type {Map<string, {event: any, state: string}>} */
  const rows = new Map();
  let collapsed = sessionStorage.getItem('tb-panel-collapsed') === '1';
  let polling = false;
  let root;

  function mount() {
    if (root || !document.body) return;
    root = document.createElement('section');
    root.className = 'tb-panel';
    root.setAttribute('aria-label', 'Client events on this page');
    root.dataset.testid = 'event-panel';
    document.body.append(root);
    root.addEventListener('click', (e) => {
      if (!e.target.closest('header')) return;
      collapsed = !collapsed;
      sessionStorage.setItem('tb-panel-collapsed', collapsed ? '1' : '0');
      render();
    });
    render();
  }

  function render() {
    if (!root) return;
    root.classList.toggle('collapsed', collapsed);
    const list = [...rows.values()];
    const body =
      list.length === 0
        ? '<div class="tb-empty">No events yet on this page.</div>'
        : `<table><thead><tr><th>type</th><th>eventId</th><th>parent</th><th>requestId</th><th>state</th></tr></thead><tbody>${list
            .map(
              ({ event, state }) =>
                `<tr data-event-id="${esc(event.eventId)}" data-state="${state}"><td class="tb-type">${esc(event.jobEvent?.type ?? '?')}</td><td title="${esc(event.eventId)}">${esc(short(event.eventId))}</td><td title="${esc(event.parentEventId ?? '')}">${esc(short(event.parentEventId))}</td><td title="${esc(event.requestId ?? '')}">${esc(short(event.requestId))}</td><td><span class="tb-state ${state}">${state}</span></td></tr>`,
            )
            .join('')}</tbody></table>`;
    root.innerHTML = `<header><span>Events on this page<span class="count">${list.length}</span></span><span class="toggle">${collapsed ? 'show ▴' : 'hide ▾'}</span></header><div class="tb-body">${body}</div><footer>queued → sent → accepted by the proxy → delivered to CTS (the emulator)</footer>`;
  }

  function set(event, state) {
    if (!event || typeof event.eventId !== 'string') return;
    const row = rows.get(event.eventId);
    if (!row) rows.set(event.eventId, { event, state });
    else {
      row.event = { ...row.event, ...event };
      if (RANK[state] > RANK[row.state]) row.state = state;
    }
    render();
    if (state !== 'delivered') poll();
  }

  // Asks the demo server which of our events the emulator has, until all have arrived.
  async function poll() {
    if (polling) return;
    polling = true;
    try {
      for (;;) {
        const waiting = [...rows.values()].filter((r) => r.state !== 'delivered').map((r) => r.event.eventId);
        if (waiting.length === 0) return;
        await new Promise((r) => setTimeout(r, 600));
        const res = await fetch(`/api/delivered?ids=${encodeURIComponent(waiting.join(','))}`).catch(() => undefined);
        if (!res?.ok) continue;
        const { delivered } = await res.json();
        for (const id of delivered) set(rows.get(id)?.event, 'delivered');
      }
    } finally {
      polling = false;
    }
  }

  function eventsIn(body) {
    try {
      const parsed = JSON.parse(typeof body === 'string' ? body : '');
      return Array.isArray(parsed?.events) ? parsed.events : [];
    } catch {
      return [];
    }
  }

  const isEndpoint = (url) => new URL(String(url), location.href).pathname === ENDPOINT;
  const bodyText = async (body) => (typeof body === 'string' ? body : body instanceof Blob ? body.text() : '');

  // Watch the transport; the request itself goes out exactly as the tracker made it.
  const originalFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : input;
    if (!isEndpoint(url)) return originalFetch(input, init);
    const events = eventsIn(await bodyText(init?.body));
    events.forEach((e) => set(e, 'sent'));
    const response = await originalFetch(input, init);
    response
      .clone()
      .json()
      .then(
        (reply) => {
          for (const r of reply?.results ?? []) set(rows.get(r.eventId)?.event, r.status);
        },
        () => {},
      );
    return response;
  };
  if (navigator.sendBeacon) {
    const originalBeacon = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (url, data) => {
      const ok = originalBeacon(url, data);
      if (ok && isEndpoint(url)) bodyText(data).then((text) => eventsIn(text).forEach((e) => set(e, 'sent')));
      return ok;
    };
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
  else mount();

  return {
    /** Shows an event the page just queued (the ClientEvent a tracker method returned). */
    add(event) {
      set(event, 'queued');
      return event;
    },
  };
}

function esc(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export const eventPanel = createEventPanel();
