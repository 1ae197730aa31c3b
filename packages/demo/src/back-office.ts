// The demo's "back office": the employer's side of an application. The apply form's hidden
// data-cts-chain field brought the search's requestId and the APPLICATION_FINISH's eventId with
// the application; marking the applicant interviewed or hired reports INTERVIEW_GRANTED / HIRED
// through createReporter (talent-beacon-server), linked to that application.
import type { Reporter } from 'talent-beacon-server';
import { ReportError } from 'talent-beacon-server';
import type { JobEventTypeName } from '@talent-beacon/core';
import { html } from './html.js';

/** One application the demo board received. */
export interface Application {
  id: string;
  job: string;
  jobTitle: string;
  company: string;
  applicant: string;
  at: string;
  /** What the form's data-cts-chain field carried; undefined when the tracker knew no chain. */
  chain?: { requestId: string; eventId: string };
  /** What the back office reported, newest last. */
  reports: Array<{ type: JobEventTypeName; status: string; eventId?: string; error?: string }>;
}

/** The in-memory applications of one demo and the reporting of their outcome. */
export interface BackOffice {
  add(input: {
    job: string;
    jobTitle: string;
    company: string;
    applicant: string;
    chain: string | undefined;
  }): Application;
  list(): Application[];
  /** Reports INTERVIEW_GRANTED or HIRED for an application; the outcome is kept on it. */
  mark(id: string, outcome: 'interview' | 'hire'): Promise<Application | undefined>;
}

/**
 * Reads the data-cts-chain field: JSON `{"requestId","eventId"}` (or `""` when the tracker knew
 * no chain for the job). Anything else is no chain.
 *
 * @example
 * parseChain('{"requestId":"r1","eventId":"e9"}'); // { requestId: 'r1', eventId: 'e9' }
 */
export function parseChain(value: string | undefined): { requestId: string; eventId: string } | undefined {
  try {
    const chain = JSON.parse(value ?? '') as { requestId?: unknown; eventId?: unknown } | null;
    if (
      chain &&
      typeof chain.requestId === 'string' &&
      typeof chain.eventId === 'string' &&
      chain.requestId &&
      chain.eventId
    )
      return { requestId: chain.requestId, eventId: chain.eventId };
  } catch {
    // not JSON: no chain
  }
  return undefined;
}

/**
 * The back office of the demo: applications in memory (the newest 200), reported with one
 * reporter; the key (`hired-A1001`) makes a second click report nothing twice.
 *
 * @example
 * const office = createBackOffice(createReporter({ project, tenant, apiVersion: 'v4', upstream, token }), () => new Date());
 */
export function createBackOffice(reporter: Reporter, clock: () => Date = () => new Date()): BackOffice {
  const applications: Application[] = [];
  let next = 1000;
  return {
    add(input) {
      const chain = parseChain(input.chain);
      const application: Application = {
        id: `A${++next}`,
        job: input.job,
        jobTitle: input.jobTitle,
        company: input.company,
        applicant: input.applicant.slice(0, 80) || 'Anonymous applicant',
        at: clock().toISOString(),
        ...(chain ? { chain } : {}),
        reports: [],
      };
      applications.push(application);
      if (applications.length > 200) applications.shift();
      return application;
    },
    list: () => [...applications].reverse(),
    async mark(id, outcome) {
      const application = applications.find((a) => a.id === id);
      if (!application) return undefined;
      const type: JobEventTypeName = outcome === 'hire' ? 'HIRED' : 'INTERVIEW_GRANTED';
      if (!application.chain) {
        application.reports.push({
          type,
          status: 'not reported',
          error: 'this application came without a chain (no search requestId), and CTS discards events without one',
        });
        return application;
      }
      try {
        const result = await reporter.report({
          type,
          jobs: [application.job],
          requestId: application.chain.requestId,
          parentEventId: application.chain.eventId,
          key: `${type.toLowerCase()}-${application.id}`,
        });
        application.reports.push({ type, status: result.status, eventId: result.eventId });
      } catch (error) {
        application.reports.push({
          type,
          status: error instanceof ReportError ? error.code : 'failed',
          error: error instanceof Error ? error.message : String(error),
        });
      }
      return application;
    },
  };
}

/**
 * The back-office page: every application with its chain and two buttons (POST forms).
 *
 * @example
 * renderBackOffice(office.list(), inspectorUrl);
 */
export function renderBackOffice(applications: Application[], inspectorUrl: string): string {
  const rows = applications.map((a) => {
    const done = (type: string) =>
      a.reports.some((r) => r.type === type && (r.status === 'reported' || r.status === 'duplicate'));
    return html`<tr data-application="${a.id}">
      <td><b>${a.id}</b><div class="muted">${a.at.slice(0, 19).replace('T', ' ')} UTC</div></td>
      <td>${a.applicant}</td>
      <td><b>${a.jobTitle}</b><div class="muted">${a.company}</div></td>
      <td class="mono">${a.chain ? html`requestId <span class="chain-request-id">${a.chain.requestId}</span><br>parent <span class="chain-event-id">${a.chain.eventId}</span>` : html`<span class="muted">no chain</span>`}</td>
      <td>
        <form method="post" action="/backoffice/applications/${a.id}/interview" class="inline"><button class="button" type="submit" ${done('INTERVIEW_GRANTED') ? 'disabled' : ''}>Interviewed</button></form>
        <form method="post" action="/backoffice/applications/${a.id}/hire" class="inline"><button class="button primary" type="submit" ${done('HIRED') ? 'disabled' : ''}>Hired</button></form>
      </td>
      <td class="reports">${a.reports.map((r) => html`<div class="report" data-type="${r.type}" data-status="${r.status}">${r.type}: <b>${r.status}</b>${r.eventId ? html` <span class="mono muted">${r.eventId.slice(0, 12)}…</span>` : ''}${r.error ? html`<div class="muted">${r.error}</div>` : ''}</div>`)}</td>
    </tr>`;
  });
  return html`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Back office · Lighthouse Jobs</title>
  <link rel="icon" href="/assets/logo.svg">
  <link rel="stylesheet" href="/assets/board.css">
  <style>
    table.apps { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid #e2e8f0; border-radius: 12px; overflow: hidden; font-size: 14px; }
    table.apps th, table.apps td { text-align: left; padding: 10px 12px; border-bottom: 1px solid #eef2f7; vertical-align: top; }
    table.apps th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #64748b; background: #f8fafc; }
    .mono { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; }
    form.inline { display: inline; } form.inline .button { padding: 6px 12px; font-size: 13px; margin: 0 4px 4px 0; }
    .button[disabled] { opacity: .45; cursor: default; }
  </style>
</head>
<body>
  <header class="site-header">
    <div class="wrap">
      <a class="brand" href="/multi/"><img src="/assets/logo.svg" alt="" width="28" height="28"> Lighthouse Jobs</a>
      <nav class="site-nav"><span class="version">Back office · talent-beacon-server</span><a href="/multi/">Job board</a><a href="${inspectorUrl}" target="_blank" rel="noopener">Inspector ↗</a></nav>
    </div>
  </header>
  <main class="page"><div class="wrap">
    <h1>Applications</h1>
    <p class="muted">The employer's side. "Interviewed" and "Hired" report INTERVIEW_GRANTED / HIRED from this server with <code>createReporter</code>, with the search's requestId and the application's eventId that the apply form's <code>data-cts-chain</code> field carried. Watch them arrive under the application in the inspector.</p>
    ${
      applications.length === 0
        ? html`<div class="empty"><h3>No applications yet</h3><p>Search on the <a href="/multi/">job board</a>, open a job and apply.</p></div>`
        : html`<table class="apps"><thead><tr><th>Application</th><th>Applicant</th><th>Job</th><th>Chain (from the form)</th><th>Outcome</th><th>Reported</th></tr></thead><tbody>${rows}</tbody></table>`
    }
  </div></main>
</body>
</html>
`.toString();
}
