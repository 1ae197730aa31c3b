// The SPA version of the board: client-side routing (history.pushState), results fetched and
// inserted after load, events reported with the tracker's ESM API.
import { createTracker } from 'talent-beacon';
import { eventPanel } from '/assets/event-panel.js';

// One tracker for the life of the page. A short flushInterval so the demo's panel shows events
// leaving within a second; a real board can keep the default.
const tracker = createTracker({ endpoint: '/cts/events', flushInterval: 1000 });

const app = document.getElementById('app');
const esc = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Queues an event and shows it in the panel; a rejected event is logged, never fatal. */
function report(makeEvent) {
  try {
    return eventPanel.add(makeEvent());
  } catch (error) {
    console.warn('talent-beacon demo: event not reported:', error);
    return undefined;
  }
}

async function getJson(url) {
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? `${url} answered ${response.status}`);
  return body;
}

// --- routing -------------------------------------------------------------------------------

const routes = [
  [/^\/spa\/?$/, searchPage],
  [/^\/spa\/jobs\/([^/]+)$/, jobPage],
  [/^\/spa\/jobs\/([^/]+)\/apply$/, applyPage],
  [/^\/spa\/jobs\/([^/]+)\/applied$/, appliedPage],
];

function navigate(url) {
  history.pushState(null, '', url);
  render();
}

async function render() {
  const { pathname } = location;
  for (const [pattern, page] of routes) {
    const match = pattern.exec(pathname);
    if (match) {
      window.scrollTo(0, 0);
      try {
        await page(...match.slice(1).map(decodeURIComponent));
      } catch (error) {
        app.innerHTML = `<div class="wrap narrow"><div class="form-card"><h1>Something went wrong</h1><p>${esc(error.message)}</p><a class="button" href="/spa/" data-link>Back to search</a></div></div>`;
      }
      return;
    }
  }
  app.innerHTML = `<div class="wrap narrow"><div class="form-card"><h1>Page not found</h1><a class="button" href="/spa/" data-link>Back to search</a></div></div>`;
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-link]');
  if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(link.getAttribute('href'));
});
window.addEventListener('popstate', render);

// --- pages ---------------------------------------------------------------------------------

async function searchPage() {
  const params = new URLSearchParams(location.search);
  const query = params.get('q') ?? '';
  app.innerHTML = `
    <section class="hero"><div class="wrap">
      <h1>Find a job you will like going to.</h1>
      <form class="search" role="search" id="search">
        <input name="q" value="${esc(query)}" placeholder="Job title, skill or company" aria-label="Search jobs" autocomplete="off">
        <button class="button primary" type="submit">Search</button>
      </form>
      <p class="hint">Try ${['engineer', 'nurse', 'driver', 'remote'].map((q) => `<a href="/spa/?q=${q}" data-link>${q}</a>`).join(' · ')}</p>
    </div></section>
    <section class="wrap results-section" id="results">
      <div class="results-head"><h2 class="result-count">Searching…</h2></div>
      <div class="results">${'<div class="skeleton"></div>'.repeat(4)}</div>
    </section>`;
  document.getElementById('search').addEventListener('submit', (event) => {
    event.preventDefault();
    const q = new FormData(event.currentTarget).get('q').toString().trim();
    navigate(q ? `/spa/?q=${encodeURIComponent(q)}` : '/spa/');
  });

  const result = await getJson(`/api/search?${new URLSearchParams({ q: query })}`);
  if (location.pathname !== '/spa/' || new URLSearchParams(location.search).get('q') !== params.get('q')) return; // navigated away meanwhile
  const heading = query
    ? `${result.totalSize} ${result.totalSize === 1 ? 'job' : 'jobs'} for “${esc(query)}”`
    : `${result.totalSize} open jobs`;
  document.getElementById('results').innerHTML = `
    <div class="results-head"><h2 class="result-count">${heading}</h2></div>
    ${
      result.jobs.length === 0
        ? `<div class="empty"><h3>No jobs match “${esc(query)}”</h3><p>Try a broader word.</p></div>`
        : `<ol class="results">${result.jobs.map((job) => `<li class="job-card">${card(job)}</li>`).join('')}</ol>`
    }`;
  // The jobs are on screen now: one IMPRESSION for this search, with its requestId.
  if (result.jobs.length > 0)
    report(() => tracker.impression({ requestId: result.requestId, jobs: result.jobs.map((j) => j.name) }));
}

async function jobPage(id) {
  app.innerHTML = `<div class="wrap job-page"><div class="skeleton" style="height:420px"></div></div>`;
  const job = await getJson(`/api/jobs/${encodeURIComponent(id)}`);
  app.innerHTML = `
    <div class="wrap job-page">
      <a class="back" href="/spa/" data-link id="back">← Back to results</a>
      <div class="job-layout">
        <article class="job-main">${jobHeader(job)}<div class="description">${job.descriptionHtml}</div></article>
        <aside class="job-aside"><div class="apply-card">
          ${job.salary ? `<div class="apply-salary">${esc(job.salary)}</div>` : ''}
          <div class="muted">${esc(job.type)} · ${esc(job.location)}</div>
          <button class="button primary block" id="apply">Apply now</button>
          <p class="fine">Takes about two minutes. No account needed.</p>
        </div></aside>
      </div>
    </div>`;
  document.getElementById('back').addEventListener('click', (event) => {
    if (history.length > 1) {
      event.preventDefault();
      event.stopPropagation();
      history.back();
    }
  });
  // The link store finds the IMPRESSION this job was shown in, and its requestId.
  report(() => tracker.view({ job: job.name }));
  document.getElementById('apply').addEventListener('click', () => {
    report(() => tracker.track({ type: 'APPLICATION_START', jobs: [job.name] }));
    navigate(`/spa/jobs/${encodeURIComponent(job.id)}/apply`);
  });
}

async function applyPage(id) {
  const job = await getJson(`/api/jobs/${encodeURIComponent(id)}`);
  app.innerHTML = `
    <div class="wrap narrow">
      <a class="back" href="/spa/jobs/${encodeURIComponent(job.id)}" data-link>← Back to the job</a>
      <div class="form-card">
        <p class="eyebrow">Apply to ${esc(job.company)}</p>
        <h1>${esc(job.title)}</h1>
        <form class="apply-form" id="apply-form">
          <label>Full name <input name="name" autocomplete="name" placeholder="Alex Example"></label>
          <label>Email <input name="email" type="email" autocomplete="email" placeholder="alex@example.com"></label>
          <label>Link to your CV or LinkedIn <input name="cv" type="url" placeholder="https://"></label>
          <label>Why this job? <textarea name="note" rows="4" placeholder="A few sentences are plenty."></textarea></label>
          <button class="button primary" type="submit">Submit application</button>
        </form>
      </div>
    </div>`;
  document.getElementById('apply-form').addEventListener('submit', (event) => {
    event.preventDefault();
    report(() => tracker.track({ type: 'APPLICATION_FINISH', jobs: [job.name] }));
    navigate(`/spa/jobs/${encodeURIComponent(job.id)}/applied`);
  });
}

async function appliedPage(id) {
  const job = await getJson(`/api/jobs/${encodeURIComponent(id)}`);
  app.innerHTML = `
    <div class="wrap narrow"><div class="form-card done">
      <div class="done-icon" aria-hidden="true">✓</div>
      <h1>Application sent</h1>
      <p>${esc(job.company)} has your application for <strong>${esc(job.title)}</strong>. You will hear from them by email.</p>
      <a class="button primary" href="/spa/" data-link>Back to search</a>
    </div></div>`;
}

// --- pieces --------------------------------------------------------------------------------

function card(job) {
  return `
    <div class="card-top">
      <span class="avatar" aria-hidden="true">${esc(job.company.slice(0, 1))}</span>
      <div>
        <h3 class="job-title"><a href="/spa/jobs/${encodeURIComponent(job.id)}" data-link>${esc(job.title)}</a></h3>
        <div class="company">${esc(job.company)} · ${esc(job.location)}</div>
      </div>
    </div>
    <p class="snippet">${esc(job.snippet)}</p>
    ${chips(job)}`;
}

function jobHeader(job) {
  return `
    <header class="job-header">
      <span class="avatar large" aria-hidden="true">${esc(job.company.slice(0, 1))}</span>
      <div><h1>${esc(job.title)}</h1><div class="company">${esc(job.company)} · ${esc(job.location)}</div>${chips(job)}</div>
    </header>`;
}

function chips(job) {
  return `<div class="chips">${job.salary ? `<span class="chip pay">${esc(job.salary)}</span>` : ''}<span class="chip">${esc(job.type)}</span></div>`;
}

render();
