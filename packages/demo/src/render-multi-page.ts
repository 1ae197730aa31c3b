// The multi-page version of the demo board, rendered on the server like a classic job board:
// the search results carry the search's requestId in data-cts-request-id, the job page is a
// data-cts-view, the apply buttons are data-cts-event. Tracking is ONLY the <script> tag and
// this markup: no page script calls the tracker.
import { html, raw, type RawHtml } from './html.js';
import type { JobCard } from './present-job.js';

/** What every page of the multi-page board needs to know. */
export interface MultiPageContext {
  /** The emulator's inspector, linked from the footer. */
  inspectorUrl: string;
}

export interface SearchPageInput {
  query: string;
  page: number;
  pageSize: number;
  requestId: string;
  totalSize: number;
  jobs: JobCard[];
}

/**
 * The search page: the search box and the results of one `jobs:search`, reported as one
 * IMPRESSION by the script tag because the list carries data-cts-request-id.
 *
 * @example
 * renderSearchPage(ctx, { query: 'nurse', page: 1, pageSize: 10, requestId, totalSize: 2, jobs });
 */
export function renderSearchPage(ctx: MultiPageContext, input: SearchPageInput): string {
  const { query, page, pageSize, totalSize, jobs } = input;
  const pages = Math.max(1, Math.ceil(totalSize / pageSize));
  const href = (p: number) =>
    `/multi/?${new URLSearchParams({ ...(query ? { q: query } : {}), ...(p > 1 ? { page: String(p) } : {}) }).toString()}`;
  const heading = query
    ? html`${totalSize} ${totalSize === 1 ? 'job' : 'jobs'} for “${query}”`
    : html`${totalSize} open jobs`;
  const body = html`
    ${searchHero(query)}
    <section class="wrap results-section">
      <div class="results-head"><h2 class="result-count">${heading}</h2><span class="muted">Page ${page} of ${pages}</span></div>
      ${
        jobs.length === 0
          ? html`<div class="empty"><h3>No jobs match “${query}”</h3><p>Try a broader word such as <a href="/multi/?q=engineer">engineer</a>, <a href="/multi/?q=nurse">nurse</a> or <a href="/multi/?q=driver">driver</a>.</p></div>`
          : html`<ol class="results" data-cts-request-id="${input.requestId}">
        ${jobs.map((job) => html`<li class="job-card" data-cts-job="${job.name}">${jobCardBody(job, `/multi/jobs/${encodeURIComponent(job.id)}`)}</li>`)}
      </ol>`
      }
      ${
        pages > 1
          ? html`<nav class="pager" aria-label="Result pages">
        ${page > 1 ? html`<a class="button ghost" href="${href(page - 1)}">← Previous</a>` : ''}
        ${page < pages ? html`<a class="button ghost" href="${href(page + 1)}">Next →</a>` : ''}
      </nav>`
          : ''
      }
    </section>`;
  return layout(ctx, { title: query ? `${query} jobs` : 'Find your next job', body });
}

/**
 * The job page: the whole description, reported as a VIEW (data-cts-view); the tracker's link
 * store finds the IMPRESSION it came from and its requestId, even though this is a new page.
 *
 * @example
 * renderJobPage(ctx, job, '/multi/?q=nurse');
 */
export function renderJobPage(ctx: MultiPageContext, job: JobCard, backHref: string): string {
  const apply = `/multi/jobs/${encodeURIComponent(job.id)}/apply`;
  const body = html`
    <div class="wrap job-page">
      <a class="back" href="${backHref}">← Back to results</a>
      <div class="job-layout">
        <article class="job-main">
          ${jobHeader(job)}
          <div class="description">${raw(job.descriptionHtml)}</div>
        </article>
        <aside class="job-aside">
          <div class="apply-card">
            ${job.salary ? html`<div class="apply-salary">${job.salary}</div>` : ''}
            <div class="muted">${job.type} · ${job.location}</div>
            <a class="button primary block" href="${apply}" data-cts-event="APPLICATION_START" data-cts-job="${job.name}">Apply now</a>
            <p class="fine">Takes about two minutes. No account needed.</p>
          </div>
        </aside>
      </div>
    </div>`;
  return layout(ctx, { title: job.title, body, mainAttributes: html` data-cts-view="${job.name}"` });
}

/**
 * The application form (the APPLICATION_START was sent by the click that led here); submitting
 * it sends APPLICATION_FINISH.
 *
 * @example
 * renderApplyPage(ctx, job);
 */
export function renderApplyPage(ctx: MultiPageContext, job: JobCard): string {
  const body = html`
    <div class="wrap narrow">
      <a class="back" href="/multi/jobs/${encodeURIComponent(job.id)}">← Back to the job</a>
      <div class="form-card">
        <p class="eyebrow">Apply to ${job.company}</p>
        <h1>${job.title}</h1>
        <form method="post" action="/multi/jobs/${encodeURIComponent(job.id)}/applied" class="apply-form">
          <label>Full name <input name="name" autocomplete="name" placeholder="Alex Example"></label>
          <label>Email <input name="email" type="email" autocomplete="email" placeholder="alex@example.com"></label>
          <label>Link to your CV or LinkedIn <input name="cv" type="url" placeholder="https://"></label>
          <label>Why this job? <textarea name="note" rows="4" placeholder="A few sentences are plenty."></textarea></label>
          <!-- The job's chain (the search's requestId and the newest eventId) for the back office:
               the script tag fills this field when the form is submitted. -->
          <input type="hidden" name="cts_chain" data-cts-chain="${job.name}">
          <button class="button primary" type="submit" data-cts-event="APPLICATION_FINISH" data-cts-job="${job.name}">Submit application</button>
        </form>
      </div>
    </div>`;
  return layout(ctx, { title: `Apply: ${job.title}`, body });
}

/**
 * The confirmation after an application.
 *
 * @example
 * renderAppliedPage(ctx, job);
 */
export function renderAppliedPage(ctx: MultiPageContext, job: JobCard): string {
  const body = html`
    <div class="wrap narrow">
      <div class="form-card done">
        <div class="done-icon" aria-hidden="true">✓</div>
        <h1>Application sent</h1>
        <p>${job.company} has your application for <strong>${job.title}</strong>. You will hear from them by email.</p>
        <a class="button primary" href="/multi/">Back to search</a>
        <a class="button ghost" href="/backoffice">The employer's back office →</a>
      </div>
    </div>`;
  return layout(ctx, { title: 'Application sent', body });
}

/** The error page (a job that does not exist, the emulator not answering). */
export function renderErrorPage(ctx: MultiPageContext, title: string, message: string): string {
  const body = html`<div class="wrap narrow"><div class="form-card"><h1>${title}</h1><p>${message}</p><a class="button" href="/multi/">Back to search</a></div></div>`;
  return layout(ctx, { title, body });
}

function searchHero(query: string): RawHtml {
  return html`
    <section class="hero">
      <div class="wrap">
        <h1>Find a job you will like going to.</h1>
        <form class="search" action="/multi/" method="get" role="search">
          <input name="q" value="${query}" placeholder="Job title, skill or company" aria-label="Search jobs" autocomplete="off">
          <button class="button primary" type="submit">Search</button>
        </form>
        <p class="hint">Try <a href="/multi/?q=engineer">engineer</a> · <a href="/multi/?q=nurse">nurse</a> · <a href="/multi/?q=driver">driver</a> · <a href="/multi/?q=remote">remote</a></p>
      </div>
    </section>`;
}

function jobCardBody(job: JobCard, href: string): RawHtml {
  return html`
    <div class="card-top">
      <span class="avatar" aria-hidden="true">${job.company.slice(0, 1)}</span>
      <div>
        <h3 class="job-title"><a href="${href}">${job.title}</a></h3>
        <div class="company">${job.company} · ${job.location}</div>
      </div>
    </div>
    <p class="snippet">${job.snippet}</p>
    <div class="chips">${job.salary ? html`<span class="chip pay">${job.salary}</span>` : ''}<span class="chip">${job.type}</span></div>`;
}

function jobHeader(job: JobCard): RawHtml {
  return html`
    <header class="job-header">
      <span class="avatar large" aria-hidden="true">${job.company.slice(0, 1)}</span>
      <div>
        <h1>${job.title}</h1>
        <div class="company">${job.company} · ${job.location}</div>
        <div class="chips">${job.salary ? html`<span class="chip pay">${job.salary}</span>` : ''}<span class="chip">${job.type}</span></div>
      </div>
    </header>`;
}

function layout(ctx: MultiPageContext, page: { title: string; body: RawHtml; mainAttributes?: RawHtml }): string {
  return html`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${page.title} · Lighthouse Jobs</title>
  <link rel="icon" href="/assets/logo.svg">
  <link rel="stylesheet" href="/assets/board.css">
  <!-- Demo instrumentation (not needed on a real site): the panel watches the tracker's requests,
       so it must run before the tracker can send. A module script is deferred; the tracker tag
       below is deferred too, which keeps them in document order. An async tracker could run,
       and send, before the panel's module loaded, and the panel would miss the IMPRESSION. -->
  <script type="module" src="/assets/event-panel.js"></script>
  <!-- The whole integration: one script tag (async works the same on a real site;
       data-flush-interval: the panel shows events leave within a second; the default is 5 s)
       and the data-cts-* attributes below. -->
  <script defer src="/talent-beacon.js" data-endpoint="/cts/events" data-flush-interval="1000"></script>
</head>
<body>
  <header class="site-header">
    <div class="wrap">
      <a class="brand" href="/multi/"><img src="/assets/logo.svg" alt="" width="28" height="28"> Lighthouse Jobs</a>
      <nav class="site-nav"><span class="version">Multi-page · script tag</span><a href="/">All versions</a><a href="/backoffice">Back office</a><a href="${ctx.inspectorUrl}" target="_blank" rel="noopener">Inspector ↗</a></nav>
    </div>
  </header>
  <main class="page"${page.mainAttributes ?? ''}>${page.body}</main>
  <footer class="site-footer"><div class="wrap">A demo of <strong>talent-beacon</strong>. Jobs come from the local Cloud Talent Solution emulator; events go through the tracker and the proxy to it.</div></footer>
</body>
</html>
`.toString();
}
