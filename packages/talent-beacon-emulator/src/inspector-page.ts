// The inspector is one self-contained HTML page (no external assets, no CDN: it must work offline
// and on a locked-down CI box). It polls GET /_emulator/events and renders with DOM calls and
// textContent only, because every string in it came from a client and may be hostile.

const STYLE = `
:root { color-scheme: light; --bg:#f5f6f8; --panel:#fff; --ink:#1d2330; --dim:#6b7385; --line:#e2e5ea;
  --accent:#1a73e8; --warn:#b45309; --warn-bg:#fff7e6; --bad:#c5221f; --ok:#188038; --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
header { position:sticky; top:0; z-index:2; background:#202124; color:#e8eaed; padding:10px 20px; display:flex; gap:16px; align-items:center; flex-wrap:wrap; }
header h1 { font-size:16px; margin:0; font-weight:600; letter-spacing:.2px; }
header h1 small { color:#9aa0a6; font-weight:400; margin-left:6px; }
.live { display:inline-flex; align-items:center; gap:6px; color:#9aa0a6; font-size:12px; }
.live i { width:8px; height:8px; border-radius:50%; background:#34a853; display:inline-block; }
.live.off i { background:#9aa0a6; } .live.err i { background:#ea4335; }
.chips { display:flex; gap:8px; margin-left:auto; flex-wrap:wrap; }
.chip { background:#3c4043; border-radius:12px; padding:2px 10px; font-size:12px; color:#e8eaed; }
.chip b { font-weight:600; }
.chip.warn { background:#8a4b08; }
.tools { display:flex; gap:8px; align-items:center; }
.tools input[type=search] { width:240px; padding:5px 8px; border-radius:6px; border:1px solid #5f6368; background:#303134; color:#e8eaed; font-size:13px; }
.tools label { font-size:12px; color:#bdc1c6; display:flex; gap:4px; align-items:center; }
button { font:inherit; font-size:12px; padding:4px 10px; border-radius:6px; border:1px solid #5f6368; background:#303134; color:#e8eaed; cursor:pointer; }
button:hover { background:#3c4043; }
main { max-width:1200px; margin:0 auto; padding:16px 20px 40px; display:grid; grid-template-columns: 1fr; gap:14px; }
.faults { background:#fce8e6; border:1px solid #f5c2bd; color:#8c1d18; border-radius:8px; padding:8px 12px; font-size:13px; }
.panel { background:var(--panel); border:1px solid var(--line); border-radius:8px; }
.panel > h2 { font-size:13px; text-transform:uppercase; letter-spacing:.6px; color:var(--dim); margin:0; padding:10px 14px; border-bottom:1px solid var(--line); display:flex; justify-content:space-between; }
.warnings ul { list-style:none; margin:0; padding:4px 0; }
.warnings li { padding:6px 14px; display:flex; gap:10px; align-items:baseline; border-bottom:1px solid #f1f3f4; cursor:pointer; }
.warnings li:last-child { border-bottom:0; }
.warnings li:hover { background:#fafbfc; }
.tolerated { border-color:#f5c2bd; } .tolerated li { cursor:default; color:#8c1d18; }
.code { font: 600 11px var(--mono); color:var(--warn); background:var(--warn-bg); border:1px solid #f6d8a8; border-radius:4px; padding:1px 6px; white-space:nowrap; }
.req { scroll-margin-top:70px; }
.req > .head { display:flex; gap:12px; align-items:center; padding:10px 14px; border-bottom:1px solid var(--line); flex-wrap:wrap; }
.req .rid { font: 600 13px var(--mono); }
.req .query { color:var(--dim); }
.req .query b { color:var(--ink); font-weight:600; }
.req .meta { margin-left:auto; color:var(--dim); font-size:12px; display:flex; gap:10px; align-items:center; }
.tag { font-size:11px; border-radius:4px; padding:1px 6px; border:1px solid; }
.tag.known { color:var(--ok); border-color:#b7dfc4; background:#e6f4ea; }
.tag.unknown { color:var(--bad); border-color:#f5c2bd; background:#fce8e6; }
.req.flagged { border-color:#f6d8a8; box-shadow: inset 3px 0 0 #f29900; }
.req .rw { padding:6px 14px 0; display:flex; flex-direction:column; gap:4px; }
.req .rw div { font-size:12.5px; color:#7a4a0a; display:flex; gap:8px; align-items:baseline; }
ul.tree { list-style:none; margin:0; padding:8px 14px 12px; }
ul.tree ul { list-style:none; margin:0; padding-left:22px; border-left:1px dashed #d0d4da; margin-left:9px; }
.node { display:flex; gap:10px; align-items:center; padding:4px 0; flex-wrap:wrap; }
.type { font: 600 11px var(--mono); border-radius:4px; padding:2px 7px; color:#fff; background:#5f6368; min-width:92px; text-align:center; }
.t-IMPRESSION { background:#1a73e8; } .t-VIEW, .t-VIEW_REDIRECT { background:#129eaf; }
.t-APPLICATION_START, .t-APPLICATION_START_FROM_SEARCH, .t-APPLICATION_REDIRECT, .t-APPLICATION_REDIRECT_FROM_SEARCH { background:#e37400; }
.t-APPLICATION_FINISH, .t-APPLICATION_QUICK_SUBMISSION, .t-APPLICATION_COMPANY_SUBMIT, .t-HIRED, .t-INTERVIEW_GRANTED, .t-SENT_CV { background:#188038; }
.t-BOOKMARK, .t-NOTIFICATION { background:#9334e6; } .t-NOT_INTERESTED { background:#80868b; }
.jobs { font: 12.5px var(--mono); color:var(--ink); }
.jobs .more { color:var(--dim); }
.eid { font: 11.5px var(--mono); color:var(--dim); }
.jt { font: 12.5px system-ui, sans-serif; color:var(--dim); }
.inf { font-size:11px; color:#9aa0a6; font-style:italic; }
.when { font-size:12px; color:var(--dim); }
.flag { font-size:11px; color:var(--dim); border:1px solid var(--line); border-radius:4px; padding:0 5px; }
.flag.dup { color:var(--bad); border-color:#f5c2bd; }
.flag.w { color:var(--warn); border-color:#f6d8a8; background:var(--warn-bg); }
.empty { padding:40px 20px; text-align:center; color:var(--dim); }
.empty pre { text-align:left; display:inline-block; background:#202124; color:#e8eaed; padding:12px 14px; border-radius:8px; font: 12px var(--mono); margin-top:12px; }
footer { text-align:center; color:var(--dim); font-size:12px; padding:10px; }
footer a { color:var(--accent); }
.funnel .fbody { display:grid; grid-template-columns: minmax(300px, 600px) 1fr; gap:18px; padding:12px 14px; align-items:start; }
@media (max-width: 900px) { .funnel .fbody { grid-template-columns: 1fr; } }
.funnel svg { width:100%; height:auto; display:block; }
.funnel svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
.funnel svg text.n { font-weight:600; }
.funnel svg text.dim { fill: var(--dim); font-size:11px; }
.rates { display:flex; gap:10px; flex-wrap:wrap; margin-bottom:10px; }
.rate { border:1px solid var(--line); border-radius:8px; padding:6px 10px; min-width:110px; }
.rate b { display:block; font-size:18px; }
.rate span { color:var(--dim); font-size:12px; }
.checks { list-style:none; margin:0 0 10px; padding:0; font-size:13px; }
.checks li { padding:2px 0; display:flex; gap:8px; align-items:baseline; }
.checks .ok { color:var(--ok); } .checks .bad { color:var(--warn); }
table.days { border-collapse:collapse; font-size:12.5px; width:100%; }
table.days th, table.days td { text-align:right; padding:3px 6px; border-bottom:1px solid #f1f3f4; white-space:nowrap; }
table.days th:first-child, table.days td:first-child { text-align:left; }
table.days th { color:var(--dim); font-weight:600; font-size:11.5px; }
`;

const SCRIPT = `
(() => {
  const $ = (sel) => document.querySelector(sel);
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') node.className = v; else if (k === 'onclick') node.onclick = v; else node.setAttribute(k, v);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
    return node;
  };
  const shortJob = (name) => { const m = /\\/jobs\\/([^/]+)$/.exec(name); return m ? '…/jobs/' + m[1] : name; };
  const time = (iso) => { const d = new Date(iso); return isNaN(d) ? iso : d.toLocaleTimeString([], { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0'); };
  const anchor = (rid) => 'req-' + encodeURIComponent(rid === null ? '(none)' : rid);
  let paused = false, last = '', data = null;

  function matches(group, text) {
    if (!text) return true;
    const hay = JSON.stringify(group).toLowerCase();
    return hay.includes(text.toLowerCase());
  }

  // 7200000 -> '+7200 s', -345600000 -> '-345600 s'
  function clockOff(ms) {
    return (ms > 0 ? '+' : '-') + Math.round(Math.abs(ms) / 1000) + ' s';
  }

  function renderNode(n) {
    const jobs = el('span', { class: 'jobs', title: n.jobs.join('\\n') }, n.jobs.slice(0, 3).map(shortJob).join(', '));
    if (n.jobs.length > 3) jobs.append(el('span', { class: 'more' }, ' +' + (n.jobs.length - 3) + ' more'));
    const titles = data.jobTitles || {};
    if (n.jobs.length === 1 && titles[n.jobs[0]]) jobs.append(el('span', { class: 'jt' }, ' ' + titles[n.jobs[0]]));
    const row = el('div', { class: 'node' },
      el('span', { class: 'type t-' + n.type }, n.type || '?'),
      jobs,
      el('span', { class: 'when', title: 'createTime ' + n.createTime + '\\nreceived ' + n.receivedAt }, time(n.createTime)),
      el('span', { class: 'eid', title: n.apiVersion + ' ' + n.parent }, n.eventId),
      n.apiVersion !== 'v4' ? el('span', { class: 'flag' }, n.apiVersion) : null,
      n.inferredParent ? el('span', { class: 'inf', title: 'No parentEventId (v4 has none): the parent was inferred from the job and the order' }, 'inferred') : null,
      n.duplicate ? el('span', { class: 'flag dup' }, 'repeated eventId') : null,
      n.deviceClock ? el('span', { class: 'flag clock', title: 'The proxy derived createTime: the device clock was off by ' + n.deviceClock.offsetMs + ' ms; the device sent createTime ' + n.deviceClock.deviceCreateTime }, 'derived: device clock off by ' + clockOff(n.deviceClock.offsetMs)) : null,
      ...n.warnings.filter((w) => w !== 'DUPLICATE_EVENT_ID').map((w) => el('span', { class: 'flag w' }, w)));
    const li = el('li', {}, row);
    if (n.children.length) li.append(el('ul', {}, ...n.children.map(renderNode)));
    return li;
  }

  function renderGroup(g) {
    const flagged = g.warnings.length > 0;
    const head = el('div', { class: 'head' },
      el('span', { class: 'rid' }, g.requestId === null ? '(no requestId)' : g.requestId),
      g.query !== undefined ? el('span', { class: 'query' }, 'search ', el('b', {}, g.query === '' ? '(all jobs)' : '“' + g.query + '”'), g.searchedAt ? ' at ' + time(g.searchedAt) : '') : null,
      el('span', { class: 'meta' },
        el('span', {}, g.eventCount + (g.eventCount === 1 ? ' event' : ' events')),
        el('span', { class: 'tag ' + (g.known ? 'known' : 'unknown') }, g.known ? 'requestId from a search' : 'unknown requestId')));
    const card = el('section', { class: 'panel req' + (flagged ? ' flagged' : ''), id: anchor(g.requestId) }, head);
    if (flagged) card.append(el('div', { class: 'rw' }, ...g.warnings.map((w) => el('div', {}, el('span', { class: 'code' }, w.code), w.message))));
    card.append(el('ul', { class: 'tree' }, ...g.roots.map(renderNode)));
    return card;
  }

  const pct = (r) => (r === null || r === undefined ? '–' : (Math.round(r * 1000) / 10) + '%');
  const svgEl = (tag, attrs, text) => {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = String(text);
    return node;
  };

  // The funnel as horizontal bars (inline SVG, no library): each step's total, and its share of
  // the step before, where a person would rather look than read.
  function funnelChart(t) {
    const bo = t.backOffice || {};
    const steps = [
      ['Searches', t.searches, '#5f6368'], ['Impressions', t.impressions, '#1a73e8'], ['Views', t.views, '#129eaf'],
      ['Application starts', t.applicationStarts, '#e37400'], ['Applications', t.applications, '#188038'],
      ['Interviews', bo.INTERVIEW_GRANTED || 0, '#0d652d'], ['Hires', t.hires, '#0b3d1f'],
    ];
    const max = Math.max(1, ...steps.map((x) => x[1]));
    // Room on the right for the count (up to 7 digits) and the share text, even beside a full bar.
    const W = 600, label = 130, right = 215, row = 26;
    const svg = svgEl('svg', { viewBox: '0 0 ' + W + ' ' + (steps.length * row + 6), role: 'img', 'aria-label': 'Funnel: ' + steps.map((x) => x[0] + ' ' + x[1]).join(', '), id: 'funnel-chart' });
    steps.forEach(([name, n, color], i) => {
      const y = i * row + 4;
      const w = Math.max(n > 0 ? 2 : 0, Math.round((n / max) * (W - label - right)));
      svg.append(svgEl('text', { x: label - 8, y: y + 14, 'text-anchor': 'end' }, name));
      svg.append(svgEl('rect', { x: label, y, width: w, height: 18, rx: 3, fill: color }));
      svg.append(svgEl('text', { x: label + w + 6, y: y + 14, class: 'n' }, n));
      const prev = i > 0 ? steps[i - 1][1] : 0;
      if (i > 1 && prev > 0) svg.append(svgEl('text', { x: W - 4, y: y + 14, 'text-anchor': 'end', class: 'dim' }, pct(n / prev) + ' of the step above'));
    });
    return svg;
  }

  function renderFunnel(f) {
    const panel = $('#funnel-panel');
    panel.hidden = !f || (f.total.searches === 0 && data.counts.events === 0);
    if (panel.hidden) return;
    const t = f.total, c = f.checks;
    const rate = (value, name, how) => el('div', { class: 'rate', title: how }, el('b', {}, pct(value)), el('span', {}, name));
    const check = (ok, text) => el('li', {}, el('span', { class: ok ? 'ok' : 'bad' }, ok ? '✓' : '!'), el('span', {}, text));
    const backOffice = Object.entries(t.backOffice).map(([k, v]) => k + ' ' + v).join(' · ');
    const ips = c.impressionsPerSearch;
    const checks = el('ul', { class: 'checks', id: 'funnel-checks' },
      check(ips === null || Math.abs(ips - 1) <= 0.1, 'Impressions per search: ' + (ips === null ? '– (no searches)' : ips) + ' (CTS expects about 1)'),
      check(c.searchesWithoutImpression === 0, c.searchesWithoutImpression + ' search(es) without an IMPRESSION'),
      check(c.searchesWithMultipleImpressions === 0, c.searchesWithMultipleImpressions + ' search(es) with more than one IMPRESSION'),
      check(c.eventsWithUnknownRequestId === 0, c.eventsWithUnknownRequestId + ' event(s) whose requestId no search returned' + (c.unknownRequestIds.length ? ' (' + c.unknownRequestIds.slice(0, 3).map((u) => u.requestId).join(', ') + (c.unknownRequestIds.length > 3 ? ', …' : '') + ')' : '')),
      check(c.eventsWithoutRequestId === 0, c.eventsWithoutRequestId + ' event(s) without a requestId'));
    const head = el('tr', {}, ...['Day (UTC)', 'Searches', 'Impr.', 'Views', 'Starts', 'Appl.', 'Back office', 'Hires', 'View rate', 'Apply rate', 'Hire rate'].map((h) => el('th', {}, h)));
    const boCount = (d) => Object.values(d.backOffice).reduce((a, b) => a + b, 0);
    const row = (d, name) => el('tr', {}, ...[name, d.searches, d.impressions, d.views, d.applicationStarts, d.applications, boCount(d), d.hires, pct(d.viewRate), pct(d.applyRate), pct(d.hireRate)].map((v) => el('td', {}, v)));
    const table = el('table', { class: 'days', id: 'funnel-days' }, head, ...f.days.slice(-14).map((d) => row(d, d.day)), row(t, 'Total'));
    $('#funnel-body').replaceChildren(
      el('div', {}, funnelChart(t)),
      el('div', {},
        el('div', { class: 'rates', id: 'funnel-rates' },
          rate(t.viewRate, 'view rate', 'views / impressions'), rate(t.applyRate, 'apply rate', 'applications / views'), rate(t.hireRate, 'hire rate', 'HIRED / applications')),
        checks,
        el('div', { class: 'jt' }, 'Back office: ' + backOffice)),
    );
    $('#funnel-table').replaceChildren(table);
  }

  function render() {
    if (!data) return;
    const text = $('#filter').value.trim();
    const onlyWarn = $('#only-warn').checked;
    $('#n-events').textContent = data.counts.events;
    $('#n-requests').textContent = data.counts.requests;
    $('#n-warnings').textContent = data.counts.warnings;
    $('#c-warnings').classList.toggle('warn', data.counts.warnings > 0);
    const f = data.faults || {};
    const active = [];
    if (f.latencyMs) active.push('latency ' + f.latencyMs + ' ms');
    if (f.rate429) active.push(Math.round(f.rate429 * 100) + '% 429');
    if (f.rate503) active.push(Math.round(f.rate503 * 100) + '% 503');
    if (f.dropRate) active.push(Math.round(f.dropRate * 100) + '% dropped');
    if (f.script && f.script.length) active.push('next calls: ' + f.script.join(', '));
    const faults = $('#faults');
    faults.hidden = active.length === 0;
    faults.textContent = 'Faults injected into clientEvents.create: ' + active.join(' · ');

    renderFunnel(data.funnel);
    const lg = data.log || {};
    $('#dropped').hidden = !lg.dropped;
    $('#dropped').textContent = lg.dropped ? lg.dropped + ' older events were dropped: the emulator keeps the newest ' + lg.maxEvents + ' events and ' + Math.round(lg.maxBytes / 1048576) + ' MiB (maxEvents / --max-events, maxEventBytes / --max-event-bytes). Counts and warnings cover the ' + lg.retained + ' kept.' : '';

    const tl = $('#tolerated');
    tl.replaceChildren(...(data.tolerated || []).slice().reverse().map((t) => el('li', {}, el('span', { class: 'when' }, time(t.at)), el('span', {}, t.message))));
    $('#tolerated-panel').hidden = !(data.tolerated || []).length;

    const wl = $('#warnings');
    wl.replaceChildren();
    $('#warnings-panel').hidden = data.warnings.length === 0;
    for (const w of data.warnings) {
      const target = w.requestId !== null ? w.requestId : null;
      wl.append(el('li', { onclick: () => { const t = document.getElementById(anchor(target)); if (t) t.scrollIntoView({ behavior: 'smooth' }); } },
        el('span', { class: 'code' }, w.code), el('span', {}, w.message)));
    }

    const list = $('#requests');
    list.replaceChildren();
    const groups = data.requests.slice().reverse().filter((g) => (!onlyWarn || g.warnings.length) && matches(g, text));
    if (data.counts.events === 0) {
      list.append(el('div', { class: 'panel empty' },
        el('div', {}, 'No client events yet. Search, then send events to this emulator; they appear here live, grouped by requestId.'),
        el('pre', {}, 'curl -X POST ' + location.origin + '/v4/projects/demo/tenants/board/clientEvents \\\\\\n  -H "Authorization: Bearer dev" -H "Content-Type: application/json" \\\\\\n  -d \\'{"eventId":"e1","requestId":"r1","createTime":"' + new Date().toISOString() + '",\\n       "jobEvent":{"type":"IMPRESSION","jobs":["projects/demo/tenants/board/jobs/1"]}}\\'')));
    } else if (groups.length === 0) {
      list.append(el('div', { class: 'panel empty' }, 'No request matches the filter.'));
    } else {
      list.append(...groups.map(renderGroup));
    }
  }

  async function poll() {
    if (!paused) {
      try {
        const response = await fetch('/_emulator/events', { cache: 'no-store' });
        const text = await response.text();
        $('#live').className = 'live';
        $('#live-text').textContent = 'live';
        if (text !== last) { last = text; data = JSON.parse(text); render(); }
      } catch (error) {
        $('#live').className = 'live err';
        $('#live-text').textContent = 'emulator not answering';
      }
    }
    setTimeout(poll, 1000);
  }

  $('#filter').addEventListener('input', render);
  $('#only-warn').addEventListener('change', render);
  $('#pause').addEventListener('click', () => {
    paused = !paused;
    $('#pause').textContent = paused ? 'Resume' : 'Pause';
    $('#live').className = paused ? 'live off' : 'live';
    $('#live-text').textContent = paused ? 'paused' : 'live';
  });
  $('#reset').addEventListener('click', async () => {
    if (!confirm('Forget all events, searches, companies and jobs, and clear faults?')) return;
    await fetch('/_emulator/reset', { method: 'POST' });
    last = '';
  });
  poll();
})();
`;

/**
 * The inspector page served at the emulator's root: received client events grouped by
 * requestId as impression -> view -> application trees, with the reporting warnings, refreshed
 * live from `GET /_emulator/events`. Self-contained (no external assets).
 *
 * @example
 * res.end(inspectorPage());
 */
export function inspectorPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CTS emulator · event inspector</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>CTS emulator <small>event inspector</small></h1>
  <span id="live" class="live"><i></i><span id="live-text">connecting…</span></span>
  <div class="tools">
    <input id="filter" type="search" placeholder="Filter: requestId, job, eventId, type" aria-label="Filter">
    <label><input id="only-warn" type="checkbox"> warnings only</label>
    <button id="pause" type="button">Pause</button>
    <button id="reset" type="button">Reset</button>
  </div>
  <div class="chips">
    <span class="chip"><b id="n-events">0</b> events</span>
    <span class="chip"><b id="n-requests">0</b> requests</span>
    <span class="chip" id="c-warnings"><b id="n-warnings">0</b> warnings</span>
  </div>
</header>
<main>
  <div id="faults" class="faults" hidden></div>
  <div id="dropped" class="faults" hidden></div>
  <section id="funnel-panel" class="panel funnel" hidden>
    <h2><span>Funnel</span><span>as CTS's dashboard counts it · <a href="/_emulator/funnel">JSON</a></span></h2>
    <div id="funnel-body" class="fbody"></div>
    <div id="funnel-table" style="padding:0 14px 12px"></div>
  </section>
  <section id="warnings-panel" class="panel warnings" hidden>
    <h2><span>Warnings</span><span>as the CTS dashboard would raise them</span></h2>
    <ul id="warnings"></ul>
  </section>
  <section id="tolerated-panel" class="panel warnings tolerated" hidden>
    <h2><span>Accepted here, refused by Cloud Talent Solution</span><span>fix these before going live</span></h2>
    <ul id="tolerated"></ul>
  </section>
  <div id="requests"></div>
</main>
<footer>JSON: <a href="/_emulator/events">/_emulator/events</a> · <a href="/_emulator/funnel">/_emulator/funnel</a> · faults: PUT /_emulator/faults · reset: POST /_emulator/reset</footer>
<script>${SCRIPT}</script>
</body>
</html>`;
}
