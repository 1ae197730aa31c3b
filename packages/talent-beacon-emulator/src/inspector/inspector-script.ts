// The inspector page's script (browser code, inlined into the page by inspector-page.ts at build
// time). It polls GET /_emulator/events once a second and renders with DOM calls and textContent
// only, never innerHTML, because every string in the report came from a client and may be hostile.
import type { EventNode, RequestGroup } from '../build-event-report.js';
import type { Funnel, FunnelFigures } from '../build-funnel.js';
import type { InspectorReport } from '../emulator-types.js';

type Child = Node | string | number | null | undefined;

/** One element of the page's markup (inspector-page.ts), of the type the script uses it as. */
function byId<T extends HTMLElement>(id: string, type: { new (): T; readonly name: string }): T {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`inspector: #${id} is missing or not a ${type.name}`);
  return node;
}

const page = {
  live: byId('live', HTMLElement),
  liveText: byId('live-text', HTMLElement),
  filter: byId('filter', HTMLInputElement),
  onlyWarn: byId('only-warn', HTMLInputElement),
  pause: byId('pause', HTMLButtonElement),
  reset: byId('reset', HTMLButtonElement),
  events: byId('n-events', HTMLElement),
  requests: byId('n-requests', HTMLElement),
  warnings: byId('n-warnings', HTMLElement),
  warningsChip: byId('c-warnings', HTMLElement),
  faults: byId('faults', HTMLElement),
  dropped: byId('dropped', HTMLElement),
  funnelPanel: byId('funnel-panel', HTMLElement),
  funnelBody: byId('funnel-body', HTMLElement),
  funnelTable: byId('funnel-table', HTMLElement),
  warningsPanel: byId('warnings-panel', HTMLElement),
  warningList: byId('warnings', HTMLElement),
  toleratedPanel: byId('tolerated-panel', HTMLElement),
  toleratedList: byId('tolerated', HTMLElement),
  requestList: byId('requests', HTMLElement),
};

/** An element with attributes (`class` sets className) and children (text for anything but a Node; null and undefined skipped). */
function el(tag: string, attrs: Record<string, string>, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children)
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  return node;
}

function svgEl(tag: string, attrs: Record<string, string | number>, text?: string | number): SVGElement {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

function shortJob(name: string): string {
  const match = /\/jobs\/([^/]+)$/.exec(name);
  return match ? '…/jobs/' + match[1] : name;
}

// '2026-11-22T10:00:00.123Z' -> '11:00:00.123' (local time); text that is no date is shown as is.
function time(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleTimeString([], { hour12: false }) + '.' + String(date.getMilliseconds()).padStart(3, '0');
}

/** The id of a request's card, the target of a warning's click. */
function anchor(requestId: string | null): string {
  return 'req-' + encodeURIComponent(requestId === null ? '(none)' : requestId);
}

// 0.1234 -> '12.3%'; null (no denominator) -> '–'
function pct(ratio: number | null): string {
  return ratio === null ? '–' : Math.round(ratio * 1000) / 10 + '%';
}

// 7200000 -> '+7200 s', -345600000 -> '-345600 s'
function clockOff(ms: number): string {
  return (ms > 0 ? '+' : '-') + Math.round(Math.abs(ms) / 1000) + ' s';
}

function matches(group: RequestGroup, text: string): boolean {
  if (!text) return true;
  return JSON.stringify(group).toLowerCase().includes(text.toLowerCase());
}

function renderNode(node: EventNode, jobTitles: Record<string, string>): HTMLElement {
  const jobs = el(
    'span',
    { class: 'jobs', title: node.jobs.join('\n') },
    node.jobs.slice(0, 3).map(shortJob).join(', '),
  );
  if (node.jobs.length > 3) jobs.append(el('span', { class: 'more' }, ' +' + (node.jobs.length - 3) + ' more'));
  const onlyJob = node.jobs.length === 1 ? node.jobs[0] : undefined;
  const title = onlyJob === undefined ? undefined : jobTitles[onlyJob];
  if (title) jobs.append(el('span', { class: 'jt' }, ' ' + title));
  const clock = node.deviceClock;
  const row = el(
    'div',
    { class: 'node' },
    el('span', { class: 'type t-' + node.type }, node.type || '?'),
    jobs,
    el(
      'span',
      { class: 'when', title: 'createTime ' + node.createTime + '\nreceived ' + node.receivedAt },
      time(node.createTime),
    ),
    el('span', { class: 'eid', title: node.apiVersion + ' ' + node.parent }, node.eventId),
    node.apiVersion !== 'v4' ? el('span', { class: 'flag' }, node.apiVersion) : null,
    node.inferredParent
      ? el(
          'span',
          { class: 'inf', title: 'No parentEventId (v4 has none): the parent was inferred from the job and the order' },
          'inferred',
        )
      : null,
    node.duplicate ? el('span', { class: 'flag dup' }, 'repeated eventId') : null,
    clock
      ? el(
          'span',
          {
            class: 'flag clock',
            title:
              'The proxy derived createTime: the device clock was off by ' +
              clock.offsetMs +
              ' ms; the device sent createTime ' +
              clock.deviceCreateTime,
          },
          'derived: device clock off by ' + clockOff(clock.offsetMs),
        )
      : null,
    ...node.warnings
      .filter((code) => code !== 'DUPLICATE_EVENT_ID')
      .map((code) => el('span', { class: 'flag w' }, code)),
  );
  const item = el('li', {}, row);
  if (node.children.length) item.append(el('ul', {}, ...node.children.map((child) => renderNode(child, jobTitles))));
  return item;
}

function renderGroup(group: RequestGroup, jobTitles: Record<string, string>): HTMLElement {
  const flagged = group.warnings.length > 0;
  const head = el(
    'div',
    { class: 'head' },
    el('span', { class: 'rid' }, group.requestId === null ? '(no requestId)' : group.requestId),
    group.query !== undefined
      ? el(
          'span',
          { class: 'query' },
          'search ',
          el('b', {}, group.query === '' ? '(all jobs)' : '“' + group.query + '”'),
          group.searchedAt ? ' at ' + time(group.searchedAt) : '',
        )
      : null,
    el(
      'span',
      { class: 'meta' },
      el('span', {}, group.eventCount + (group.eventCount === 1 ? ' event' : ' events')),
      el(
        'span',
        { class: 'tag ' + (group.known ? 'known' : 'unknown') },
        group.known ? 'requestId from a search' : 'unknown requestId',
      ),
    ),
  );
  const card = el('section', { class: 'panel req' + (flagged ? ' flagged' : ''), id: anchor(group.requestId) }, head);
  if (flagged)
    card.append(
      el(
        'div',
        { class: 'rw' },
        ...group.warnings.map((w) => el('div', {}, el('span', { class: 'code' }, w.code), w.message)),
      ),
    );
  card.append(el('ul', { class: 'tree' }, ...group.roots.map((root) => renderNode(root, jobTitles))));
  return card;
}

// The funnel as horizontal bars (inline SVG, no library): each step's total, and its share of
// the step before, where a person would rather look than read.
function funnelChart(total: FunnelFigures): SVGElement {
  const steps: Array<[name: string, count: number, color: string]> = [
    ['Searches', total.searches, '#5f6368'],
    ['Impressions', total.impressions, '#1a73e8'],
    ['Views', total.views, '#129eaf'],
    ['Application starts', total.applicationStarts, '#e37400'],
    ['Applications', total.applications, '#188038'],
    ['Interviews', total.backOffice.INTERVIEW_GRANTED || 0, '#0d652d'],
    ['Hires', total.hires, '#0b3d1f'],
  ];
  const max = Math.max(1, ...steps.map(([, count]) => count));
  // Room on the right for the count (up to 7 digits) and the share text, even beside a full bar.
  const width = 600;
  const labelWidth = 130;
  const rightWidth = 215;
  const rowHeight = 26;
  const svg = svgEl('svg', {
    viewBox: '0 0 ' + width + ' ' + (steps.length * rowHeight + 6),
    role: 'img',
    'aria-label': 'Funnel: ' + steps.map(([name, count]) => name + ' ' + count).join(', '),
    id: 'funnel-chart',
  });
  let previous = 0;
  steps.forEach(([name, count, color], i) => {
    const y = i * rowHeight + 4;
    const barWidth = Math.max(count > 0 ? 2 : 0, Math.round((count / max) * (width - labelWidth - rightWidth)));
    svg.append(svgEl('text', { x: labelWidth - 8, y: y + 14, 'text-anchor': 'end' }, name));
    svg.append(svgEl('rect', { x: labelWidth, y, width: barWidth, height: 18, rx: 3, fill: color }));
    svg.append(svgEl('text', { x: labelWidth + barWidth + 6, y: y + 14, class: 'n' }, count));
    // Shares from the third step on: impressions per search is a check of its own, not a rate.
    if (i > 1 && previous > 0) {
      svg.append(
        svgEl(
          'text',
          { x: width - 4, y: y + 14, 'text-anchor': 'end', class: 'dim' },
          pct(count / previous) + ' of the step above',
        ),
      );
    }
    previous = count;
  });
  return svg;
}

function renderFunnel(funnel: Funnel, eventCount: number): void {
  page.funnelPanel.hidden = funnel.total.searches === 0 && eventCount === 0;
  if (page.funnelPanel.hidden) return;
  const total = funnel.total;
  const checks = funnel.checks;
  const rate = (value: number | null, name: string, how: string) =>
    el('div', { class: 'rate', title: how }, el('b', {}, pct(value)), el('span', {}, name));
  const check = (ok: boolean, text: string) =>
    el('li', {}, el('span', { class: ok ? 'ok' : 'bad' }, ok ? '✓' : '!'), el('span', {}, text));
  const backOffice = Object.entries(total.backOffice)
    .map(([type, count]) => type + ' ' + count)
    .join(' · ');
  const perSearch = checks.impressionsPerSearch;
  const unknown = checks.unknownRequestIds;
  const unknownList = unknown.length
    ? ' (' +
      unknown
        .slice(0, 3)
        .map((u) => u.requestId)
        .join(', ') +
      (unknown.length > 3 ? ', …' : '') +
      ')'
    : '';
  const checkList = el(
    'ul',
    { class: 'checks', id: 'funnel-checks' },
    check(
      perSearch === null || Math.abs(perSearch - 1) <= 0.1,
      'Impressions per search: ' + (perSearch === null ? '– (no searches)' : perSearch) + ' (CTS expects about 1)',
    ),
    check(
      checks.searchesWithoutImpression === 0,
      checks.searchesWithoutImpression + ' search(es) without an IMPRESSION',
    ),
    check(
      checks.searchesWithMultipleImpressions === 0,
      checks.searchesWithMultipleImpressions + ' search(es) with more than one IMPRESSION',
    ),
    check(
      checks.eventsWithUnknownRequestId === 0,
      checks.eventsWithUnknownRequestId + ' event(s) whose requestId no search returned' + unknownList,
    ),
    check(checks.eventsWithoutRequestId === 0, checks.eventsWithoutRequestId + ' event(s) without a requestId'),
  );
  const columns = [
    'Day (UTC)',
    'Searches',
    'Impr.',
    'Views',
    'Starts',
    'Appl.',
    'Back office',
    'Hires',
    'View rate',
    'Apply rate',
    'Hire rate',
  ];
  const head = el('tr', {}, ...columns.map((column) => el('th', {}, column)));
  const backOfficeCount = (figures: FunnelFigures) => Object.values(figures.backOffice).reduce((a, b) => a + b, 0);
  const row = (figures: FunnelFigures, name: string) =>
    el(
      'tr',
      {},
      ...[
        name,
        figures.searches,
        figures.impressions,
        figures.views,
        figures.applicationStarts,
        figures.applications,
        backOfficeCount(figures),
        figures.hires,
        pct(figures.viewRate),
        pct(figures.applyRate),
        pct(figures.hireRate),
      ].map((value) => el('td', {}, value)),
    );
  const table = el(
    'table',
    { class: 'days', id: 'funnel-days' },
    head,
    ...funnel.days.slice(-14).map((day) => row(day, day.day)),
    row(total, 'Total'),
  );
  page.funnelBody.replaceChildren(
    el('div', {}, funnelChart(total)),
    el(
      'div',
      {},
      el(
        'div',
        { class: 'rates', id: 'funnel-rates' },
        rate(total.viewRate, 'view rate', 'views / impressions'),
        rate(total.applyRate, 'apply rate', 'applications / views'),
        rate(total.hireRate, 'hire rate', 'HIRED / applications'),
      ),
      checkList,
      el('div', { class: 'jt' }, 'Back office: ' + backOffice),
    ),
  );
  page.funnelTable.replaceChildren(table);
}

// What to send to see something, shown while no event has arrived.
function curlExample(): string {
  return [
    `curl -X POST ${location.origin}/v4/projects/demo/tenants/board/clientEvents \\`,
    '  -H "Authorization: Bearer dev" -H "Content-Type: application/json" \\',
    `  -d '{"eventId":"e1","requestId":"r1","createTime":"${new Date().toISOString()}",`,
    `       "jobEvent":{"type":"IMPRESSION","jobs":["projects/demo/tenants/board/jobs/1"]}}'`,
  ].join('\n');
}

let paused = false;
let lastText = '';
let report: InspectorReport | null = null;

function render(): void {
  if (!report) return;
  const text = page.filter.value.trim();
  const onlyWarnings = page.onlyWarn.checked;
  page.events.textContent = String(report.counts.events);
  page.requests.textContent = String(report.counts.requests);
  page.warnings.textContent = String(report.counts.warnings);
  page.warningsChip.classList.toggle('warn', report.counts.warnings > 0);

  const faults = report.faults;
  const active: string[] = [];
  if (faults.latencyMs) active.push('latency ' + faults.latencyMs + ' ms');
  if (faults.rate429) active.push(Math.round(faults.rate429 * 100) + '% 429');
  if (faults.rate503) active.push(Math.round(faults.rate503 * 100) + '% 503');
  if (faults.dropRate) active.push(Math.round(faults.dropRate * 100) + '% dropped');
  if (faults.script?.length) active.push('next calls: ' + faults.script.join(', '));
  page.faults.hidden = active.length === 0;
  page.faults.textContent = 'Faults injected into clientEvents.create: ' + active.join(' · ');

  renderFunnel(report.funnel, report.counts.events);
  const log = report.log;
  page.dropped.hidden = !log.dropped;
  page.dropped.textContent = log.dropped
    ? log.dropped +
      ' older events were dropped: the emulator keeps the newest ' +
      log.maxEvents +
      ' events and ' +
      Math.round(log.maxBytes / 1048576) +
      ' MiB (maxEvents / --max-events, maxEventBytes / --max-event-bytes). Counts and warnings cover the ' +
      log.retained +
      ' kept.'
    : '';

  page.toleratedList.replaceChildren(
    ...report.tolerated
      .slice()
      .reverse()
      .map((t) => el('li', {}, el('span', { class: 'when' }, time(t.at)), el('span', {}, t.message))),
  );
  page.toleratedPanel.hidden = report.tolerated.length === 0;

  page.warningList.replaceChildren();
  page.warningsPanel.hidden = report.warnings.length === 0;
  for (const warning of report.warnings) {
    const item = el('li', {}, el('span', { class: 'code' }, warning.code), el('span', {}, warning.message));
    item.onclick = () => document.getElementById(anchor(warning.requestId))?.scrollIntoView({ behavior: 'smooth' });
    page.warningList.append(item);
  }

  const list = page.requestList;
  list.replaceChildren();
  const jobTitles = report.jobTitles;
  const groups = report.requests
    .slice()
    .reverse()
    .filter((group) => (!onlyWarnings || group.warnings.length) && matches(group, text));
  if (report.counts.events === 0) {
    list.append(
      el(
        'div',
        { class: 'panel empty' },
        el(
          'div',
          {},
          'No client events yet. Search, then send events to this emulator; they appear here live, grouped by requestId.',
        ),
        el('pre', {}, curlExample()),
      ),
    );
  } else if (groups.length === 0) {
    list.append(el('div', { class: 'panel empty' }, 'No request matches the filter.'));
  } else {
    list.append(...groups.map((group) => renderGroup(group, jobTitles)));
  }
}

async function poll(): Promise<void> {
  if (!paused) {
    try {
      const response = await fetch('/_emulator/events', { cache: 'no-store' });
      const text = await response.text();
      page.live.className = 'live';
      page.liveText.textContent = 'live';
      if (text !== lastText) {
        lastText = text;
        report = JSON.parse(text) as InspectorReport;
        render();
      }
    } catch {
      page.live.className = 'live err';
      page.liveText.textContent = 'emulator not answering';
    }
  }
  setTimeout(() => void poll(), 1000);
}

async function resetEmulator(): Promise<void> {
  if (!confirm('Forget all events, searches, companies and jobs, and clear faults?')) return;
  await fetch('/_emulator/reset', { method: 'POST' });
  lastText = '';
}

page.filter.addEventListener('input', render);
page.onlyWarn.addEventListener('change', render);
page.pause.addEventListener('click', () => {
  paused = !paused;
  page.pause.textContent = paused ? 'Resume' : 'Pause';
  page.live.className = paused ? 'live off' : 'live';
  page.liveText.textContent = paused ? 'paused' : 'live';
});
page.reset.addEventListener('click', () => void resetEmulator());
void poll();
