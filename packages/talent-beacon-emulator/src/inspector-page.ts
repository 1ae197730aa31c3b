// The inspector is one self-contained HTML page (no external assets, no CDN: it must work offline
// and on a locked-down CI box). It polls GET /_emulator/events and renders with DOM calls and
// textContent only, because every string in it came from a client and may be hostile. The script
// is a browser TypeScript file of its own (inspector/inspector-script.ts, checked with the DOM
// types), bundled into one IIFE and imported as text by the build (scripts/rollup/inline-script.mjs).
import inspectorScript from './inspector/inspector-script.js?inline-script';

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
<script>${inspectorScript}</script>
</body>
</html>`;
}
