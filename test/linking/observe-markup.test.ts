// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { observeMarkup } from '../../packages/talent-beacon/src/script/observe-markup.js';
import { fakeTracker } from './fake-tracker.js';

const J = (n: number) => `projects/p/tenants/t/jobs/${n}`;
const tick = () => new Promise((r) => setTimeout(r, 0)); // lets MutationObserver callbacks run
let stop = () => {};
afterEach(() => {
  stop();
  document.body.innerHTML = '';
});

function start() {
  const tracker = fakeTracker();
  const errors: Error[] = [];
  stop = observeMarkup(tracker, document, (e) => errors.push(e));
  return { tracker, errors };
}

describe('observeMarkup', () => {
  it('reports a results list as one IMPRESSION with its jobs in page order, a view, and clicks', () => {
    document.body.innerHTML = `
      <ul data-cts-request-id="R1" data-cts-extra-page="2">
        <li data-cts-job="${J(2)}">two <button data-cts-event="BOOKMARK">save</button></li>
        <li data-cts-job="${J(1)}">one <button data-cts-event="APPLICATION_START_FROM_SEARCH" data-cts-job="${J(1)}">apply</button></li>
      </ul>
      <main data-cts-view="${J(1)}"><button id="apply" data-cts-event="APPLICATION_START" data-cts-job="${J(1)}"><span>Apply</span></button></main>`;
    const { tracker, errors } = start();
    const [imp, view] = tracker.sent;
    expect(imp).toMatchObject({
      requestId: 'R1',
      extraInfo: { page: '2' },
      jobEvent: { type: 'IMPRESSION', jobs: [J(2), J(1)] },
    });
    expect(view).toMatchObject({
      requestId: 'R1',
      parentEventId: imp!.eventId,
      jobEvent: { type: 'VIEW', jobs: [J(1)] },
    });

    document.querySelector<HTMLElement>('#apply span')!.click();
    document.querySelector<HTMLElement>('[data-cts-event=BOOKMARK]')!.click();
    expect(tracker.sent.slice(2).map((e) => [e.jobEvent.type, e.jobEvent.jobs[0], e.parentEventId])).toEqual([
      ['APPLICATION_START', J(1), view!.eventId],
      ['BOOKMARK', J(2), imp!.eventId], // the job of the enclosing card
    ]);
    expect(errors).toEqual([]);
  });

  it('reports lists and views a SPA inserts later, once each, and a reused list with a new requestId again', async () => {
    const { tracker } = start();
    expect(tracker.sent).toEqual([]);
    const ul = document.createElement('ul');
    ul.dataset.ctsRequestId = 'R1';
    document.body.append(ul); // empty: not reported yet, its items come next
    await tick();
    expect(tracker.sent).toEqual([]);
    ul.innerHTML = `<li data-cts-job="${J(1)}"></li><li data-cts-job="${J(2)}"></li>`;
    await tick();
    ul.append(document.createElement('b')); // a re-render reports nothing new
    await tick();
    expect(tracker.sent.map((e) => [e.requestId, e.jobEvent.jobs.length])).toEqual([['R1', 2]]);

    ul.dataset.ctsRequestId = 'R2'; // the next page of results in the same element
    ul.innerHTML = `<li data-cts-job="${J(3)}"></li>`;
    await tick();
    const main = document.createElement('main');
    main.dataset.ctsView = J(3);
    document.body.append(main);
    await tick();
    expect(tracker.sent.map((e) => [e.jobEvent.type, e.requestId, e.jobEvent.jobs.join()])).toEqual([
      ['IMPRESSION', 'R1', `${J(1)},${J(2)}`],
      ['IMPRESSION', 'R2', J(3)],
      ['VIEW', 'R2', J(3)],
    ]);
  });

  it('reports bad markup to onError and never throws into the page', () => {
    document.body.innerHTML = `
      <ul data-cts-request-id="R1"><li data-cts-job="jobs/1"></li></ul>
      <main data-cts-view="${J(9)}"></main>
      <button id="b1" data-cts-event="APPLY" data-cts-request-id="R1" data-cts-job="${J(9)}">x</button>`;
    const { tracker, errors } = start();
    document.getElementById('b1')!.click();
    expect(tracker.sent).toEqual([]);
    expect(errors.map((e) => e.name)).toEqual(['ClientEventError', 'ClientEventError', 'ClientEventError']);
    expect(errors.map((e) => e.message).join('\n')).toMatch(
      /jobs\/1"[\s\S]*requestId: not found for projects\/p\/tenants\/t\/jobs\/9[\s\S]*jobEvent.type[^\n]*APPLY/,
    );
  });

  it('waits for the parsed document, and stops when asked', async () => {
    const tracker = fakeTracker();
    let state = 'loading';
    const listeners: Record<string, () => void> = {};
    const doc = Object.assign(document.implementation.createHTMLDocument(), {});
    Object.defineProperty(doc, 'readyState', { get: () => state });
    doc.body.innerHTML = `<ul data-cts-request-id="R1"><li data-cts-job="${J(1)}"></li></ul>`;
    const add = doc.addEventListener.bind(doc);
    doc.addEventListener = ((type: string, f: () => void, o?: boolean) => {
      listeners[type] = f;
      add(type, f, o);
    }) as typeof doc.addEventListener;
    const halt = observeMarkup(tracker, doc, () => {});
    expect(tracker.sent).toEqual([]);
    state = 'interactive';
    listeners.DOMContentLoaded!();
    expect(tracker.sent).toHaveLength(1);
    halt();
    doc.body.insertAdjacentHTML('beforeend', `<main data-cts-view="${J(1)}"></main>`);
    await tick();
    expect(tracker.sent).toHaveLength(1);
  });
});
