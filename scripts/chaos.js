#!/usr/bin/env node
// `npm run chaos`: the whole chain on 127.0.0.1 under faults, and one table saying whether every
// tracked event reached the (emulated) CTS exactly once (issue 11).
//
//   Chromium tabs --script tag talent-beacon.js--> proxy CLI (+ redis-server) --> emulator CLI
//
// During `--duration` seconds of traffic: bursts in every tab, tabs closed right after a burst and
// reopened, a reload with a POST in flight, two 3 s offline windows, the proxy SIGKILLed in the
// middle of forwarding and restarted (same port, same Redis), and the emulator answering 503,
// 429 + RetryInfo, dropping connections and dropping answers after storing. Then the faults
// stop, the tabs call flush() now and then, and the run waits (at most `--wait` seconds) until
// every eventId the tracker returned is stored and the tracker's queue is empty. Exit code 1 on any loss or any duplicate that no
// fault explains; 2 when the harness itself failed.
//
// With `--proxies N` (2-5) the tabs send to a real balancer (haproxy, scripts/chaos/balancer.js)
// in front of N proxy CLI instances sharing one redis-server; instead of the one SIGKILL, one
// instance is SIGKILLed mid-call and restarted, and later another one is rolled: SIGTERM, wait
// for it to exit (at most 15 s, then SIGKILL), start it again on its port, as a rollout does.
//
// Flags: --seed N (1) --duration S (100) --tabs N (3) --redis on|off (on) --proxies N (1)
//        --duplicate-event-ids accept|reject (accept, passed to the emulator) --wait S (60)
//        --skew M (120): the last tab's device clock is M minutes off (negative: behind; 0: off).
//        That tab is another device (its own browser context: a clock and an IndexedDB of its
//        own); the verdict also wants every stored copy dated within 60 s of when it was tracked.
// Needs `npm run build` first, redis-server (with --redis on), haproxy (with --proxies > 1) and
// Chromium (CHROMIUM_PATH, or /usr/bin/chromium, else Playwright's own). Output files:
// test-results/chaos/seed-N-…/.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright';
import { freePort, killAllChildrenNow, startChild, startRedis, stopAllChildren, stopChild } from './chaos/processes.js';
import { buildReport, passed, TABLE_HEADER, tableRow } from './chaos/report.js';
import { serverName, startBalancer } from './chaos/balancer.js';
import { chromiumLaunchOptions } from '../bench/chromium.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const serverBin = join(root, 'packages/talent-beacon-server/bin/talent-beacon-server.js');
const emulatorBin = join(root, 'packages/talent-beacon-emulator/bin/talent-beacon-emulator.js');
const PROJECT = 'chaos';
// Faults during traffic (the issue's mix). Latency keeps calls in flight long enough for the
// SIGKILL to land in the middle of some.
const FAULTS = {
  latencyMs: 150,
  rate503: 0.1,
  rate429: 0.05,
  retryDelaySeconds: 1,
  dropRate: 0.03,
  dropAfterStoreRate: 0.03,
};

function options() {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      duration: { type: 'string', default: '100' },
      tabs: { type: 'string', default: '3' },
      redis: { type: 'string', default: 'on' },
      'duplicate-event-ids': { type: 'string', default: 'accept' },
      wait: { type: 'string', default: '60' },
      proxies: { type: 'string', default: '1' },
      skew: { type: 'string', default: '120' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(
      'Usage: node scripts/chaos.js [--seed N] [--duration S] [--tabs N] [--redis on|off] [--proxies N] [--duplicate-event-ids accept|reject] [--wait S] [--skew MINUTES]',
    );
    process.exit(0);
  }
  const int = (flag, min, max) => {
    const n = Number(values[flag]);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`--${flag} must be a whole number from ${min} to ${max} (got ${values[flag]})`);
    return n;
  };
  if (!['on', 'off'].includes(values.redis)) throw new Error(`--redis must be on or off (got ${values.redis})`);
  if (!['accept', 'reject'].includes(values['duplicate-event-ids']))
    throw new Error(`--duplicate-event-ids must be accept or reject (got ${values['duplicate-event-ids']})`);
  const proxies = int('proxies', 1, 5);
  if (proxies > 1 && values.redis !== 'on')
    throw new Error(
      `--proxies ${proxies} needs --redis on: instances behind one balancer share the dedupe store (got --redis ${values.redis})`,
    );
  return {
    proxies,
    seed: int('seed', 0, 2 ** 32 - 1),
    duration: int('duration', 10, 3600),
    tabs: int('tabs', 1, 8),
    redis: values.redis,
    duplicateEventIds: values['duplicate-event-ids'],
    wait: int('wait', 5, 600),
    skew: int('skew', -60 * 24 * 30, 60 * 24 * 30),
  };
}

/** mulberry32: a small seeded PRNG, [0, 1). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const withTimeout = (promise, ms, what) =>
  Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error(`${what} took over ${ms} ms`)))]);

// What the end of the run must close, even when it failed half-way.
const resources = { browser: null, browserPid: undefined, pages: null };

async function main(o) {
  for (const file of [
    'packages/talent-beacon/dist/talent-beacon.js',
    'packages/talent-beacon-server/dist/cli.js',
    'packages/talent-beacon-emulator/dist/cli.js',
  ]) {
    if (!existsSync(join(root, file))) throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
  // Two streams: the timeline is drawn up front from one, bursts and pauses from the other, so the
  // schedule of a seed does not depend on how the traffic interleaved.
  const plan = prng(o.seed);
  const rnd = prng(o.seed ^ 0x9e3779b9);
  const between = (lo, hi, r = rnd) => lo + r() * (hi - lo);
  const pick = (n, r = rnd) => Math.floor(r() * n);
  const out = join(
    root,
    'test-results',
    'chaos',
    `seed-${o.seed}-redis-${o.redis}-${o.duplicateEventIds}${o.proxies > 1 ? `-proxies-${o.proxies}` : ''}`,
  );
  mkdirSync(out, { recursive: true });
  const started = Date.now();
  const note = (text) => console.log(`[chaos +${((Date.now() - started) / 1000).toFixed(1)}s] ${text}`);
  note(
    `seed ${o.seed}, ${o.duration} s of traffic, ${o.tabs} tabs, redis ${o.redis}, duplicate eventIds ${o.duplicateEventIds}${o.proxies > 1 ? `, ${o.proxies} proxy instances behind haproxy` : ''}; logs in ${out}`,
  );

  // --- the servers -------------------------------------------------------------------------
  const redis = o.redis === 'on' ? await startRedis(join(out, 'redis.log')) : undefined;
  const emulatorArgs = [
    '--port',
    '0',
    '--duplicate-event-ids',
    o.duplicateEventIds,
    '--latency',
    String(FAULTS.latencyMs),
    '--rate-503',
    String(FAULTS.rate503),
    '--rate-429',
    String(FAULTS.rate429),
    '--retry-delay',
    String(FAULTS.retryDelaySeconds),
    '--drop-rate',
    String(FAULTS.dropRate),
    '--drop-after-store-rate',
    String(FAULTS.dropAfterStoreRate),
  ];
  const emulator = await startChild('emulator', process.execPath, [emulatorBin, ...emulatorArgs], {
    ready: /listening at (http:\/\/\S+)/,
    logFile: join(out, 'emulator.log'),
  });
  const emulatorUrl = emulator.match[1].replace(/\/$/, '');

  const jsSource = readFileSync(join(root, 'packages/talent-beacon/dist/talent-beacon.js'));
  // One instance: the tabs send to it. Several: to the balancer, whose port is known only once
  // the instances are up (the tab page reads proxyUrl when it is served, after that).
  const instances = [];
  for (let i = 0; i < o.proxies; i++) instances.push({ name: serverName(i), port: await freePort(), child: null });
  let proxyUrl = `http://127.0.0.1:${instances[0].port}`;
  const pages = createServer((req, res) => {
    if (req.url === '/talent-beacon.js')
      return void res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(jsSource);
    if (req.url?.startsWith('/tab.html')) {
      // onError lines are counted by the harness (a rejected event is lost as far as CTS goes).
      const html = `<!doctype html><html><head><meta charset="utf-8"><title>chaos tab</title>
<script>window.TalentBeaconConfig = { onError: function (e) { console.warn('TB-ERROR ' + (e && e.message)); } };</script>
<script src="/talent-beacon.js" data-endpoint="${proxyUrl}/cts/events"></script></head><body>chaos tab</body></html>`;
      return void res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end(html);
    }
    res.writeHead(404).end();
  });
  resources.pages = pages;
  await new Promise((resolve) => pages.listen(0, '127.0.0.1', resolve));
  const pageOrigin = `http://127.0.0.1:${pages.address().port}`;

  // Every client here is 127.0.0.1: the per-client limits are off (where this proxy has them).
  const { execFileSync } = await import('node:child_process');
  const proxyHelp = execFileSync(process.execPath, [serverBin, 'proxy', '--help'], { encoding: 'utf8' });
  const limitsOff = proxyHelp.includes('--event-rate-limit') ? ['--event-rate-limit', '0'] : [];
  const proxyArgs = (port) => [
    'proxy',
    ...limitsOff,
    '--project',
    PROJECT,
    '--allow-origin',
    pageOrigin,
    '--upstream',
    emulatorUrl,
    '--token',
    'dev',
    '--port',
    String(port),
    '--rate-limit',
    '0',
    '--log',
    ...(redis ? ['--redis', redis.url] : []),
  ];
  const startProxy = async (instance) => {
    const logFile = join(out, o.proxies > 1 ? `proxy-${instance.name}.log` : 'proxy.log');
    instance.child = (
      await startChild(
        o.proxies > 1 ? `proxy ${instance.name}` : 'proxy',
        process.execPath,
        [serverBin, ...proxyArgs(instance.port)],
        {
          ready: /talent-beacon-server proxy listening at/,
          logFile,
        },
      )
    ).child;
  };
  for (const instance of instances) await startProxy(instance);
  let balancer;
  if (o.proxies > 1) {
    balancer = await startBalancer({ servers: instances, logFile: join(out, 'haproxy.log') });
    resources.balancer = balancer;
    proxyUrl = balancer.url;
    note(
      `haproxy at ${balancer.url} in front of ${instances.map((i) => `${i.name} :${i.port}`).join(', ')} (config ${balancer.config})`,
    );
  }

  // --- the browser ---------------------------------------------------------------------------
  const browser = await chromium.launch(chromiumLaunchOptions());
  resources.browser = browser;
  resources.browserPid = browser.process?.()?.pid;
  const context = await browser.newContext();
  // The last tab's device, whose clock is o.skew minutes off (Date only: its timers stay real).
  const skewed = o.skew ? await browser.newContext() : null;
  if (skewed) await skewed.clock.setSystemTime(Date.now() + o.skew * 60_000);
  const contexts = skewed ? [context, skewed] : [context];
  const contextOf = (slot) => (skewed && slot.i === o.tabs - 1 ? skewed : context);
  const tracked = new Map(); // eventId -> { tab, at }
  const posts = []; // browser POSTs to the proxy: { ids, start, end }
  const byRequest = new Map();
  const lastAnswer = new Map(); // eventId -> last status the browser got ('failed' for a network error)
  const trackerErrors = [];
  for (const c of contexts)
    c.on('request', (request) => {
      if (request.method() !== 'POST' || !request.url().startsWith(proxyUrl)) return;
      let ids = [];
      try {
        ids = JSON.parse(request.postData() ?? '{}').events?.map((e) => e.eventId) ?? [];
      } catch {
        // not a batch
      }
      const post = { ids: new Set(ids), start: Date.now(), end: null };
      posts.push(post);
      byRequest.set(request, post);
    });
  for (const c of contexts)
    c.on('requestfailed', (request) => {
      const post = byRequest.get(request);
      if (!post) return;
      post.end = Date.now();
      for (const id of post.ids) lastAnswer.set(id, 'failed');
    });
  for (const c of contexts)
    c.on('response', (response) => {
      const post = byRequest.get(response.request());
      if (!post) return;
      post.end = Date.now();
      // Behind the balancer: the instance that answered (haproxy's header, also on its own 502).
      if (o.proxies > 1) post.server = response.headers()['x-tb-server'];
      response
        .json()
        .then((body) => body.results?.forEach((r) => r.eventId && lastAnswer.set(r.eventId, r.status)))
        .catch(() => undefined);
    });

  // One slot per tab; everything done to a slot's page goes through its queue, one at a time.
  const slots = Array.from({ length: o.tabs }, (_, i) => ({ i, page: null, queue: Promise.resolve() }));
  // A tab cannot load its page while the browser is offline: reopening waits for the network.
  let online = Promise.resolve();
  const open = async (slot) => {
    await online;
    const page = await contextOf(slot).newPage();
    page.on('console', (m) => {
      if (m.text().startsWith('TB-ERROR')) trackerErrors.push(m.text().slice(9));
    });
    for (let attempt = 1; ; attempt++) {
      try {
        await page.goto(`${pageOrigin}/tab.html?tab=${slot.i}`);
        await page.waitForFunction(() => typeof window.TalentBeacon?.view === 'function', undefined, {
          timeout: 10_000,
        });
        break;
      } catch (error) {
        if (attempt >= 5) throw error;
        await online;
        await sleep(500);
      }
    }
    slot.page = page;
  };
  // Every task finds its tab open (a failed reopen is retried before the next task).
  const onSlot = (slot, task) => {
    const run = slot.queue
      .then(() => (slot.page ? undefined : open(slot)))
      .then(task)
      .catch(async (error) => {
        note(`tab ${slot.i}: ${error.message.split('\n')[0]}`);
        // A page without a tracker (e.g. reloaded into an error page): replace it.
        const page = slot.page;
        if (page && !(await page.evaluate(() => typeof window.TalentBeacon?.view === 'function').catch(() => false))) {
          slot.page = null;
          await withTimeout(page.close(), 10_000, 'closing a broken tab').catch(() => undefined);
        }
      });
    slot.queue = run;
    return run;
  };
  let burstNo = 0;
  const JOBS = Array.from({ length: 12 }, (_, i) => `projects/${PROJECT}/jobs/${100 + i}`);
  // Events of a burst are chosen here (seeded) and tracked in the page; the page returns the
  // eventIds the tracker returned synchronously: the ground truth.
  const burst = async (slot, n) => {
    const requestId = `req-${o.seed}-${++burstNo}`;
    const specs = Array.from({ length: n }, (_, k) => {
      const r = rnd();
      const job = JOBS[pick(JOBS.length)];
      if (k === 0 && r < 0.3) return { kind: 'impression', requestId, jobs: [job, JOBS[pick(JOBS.length)]] };
      if (r < 0.15) return { kind: 'track', type: 'APPLICATION_START', jobs: [job], requestId };
      return { kind: 'view', job, requestId };
    });
    const ids = await slot.page.evaluate((specs) => {
      const tb = window.TalentBeacon;
      const ids = [];
      for (const s of specs) {
        const e =
          s.kind === 'view'
            ? tb.view({ job: s.job, requestId: s.requestId })
            : s.kind === 'track'
              ? tb.track({ type: s.type, jobs: s.jobs, requestId: s.requestId })
              : tb.impression({ requestId: s.requestId, jobs: s.jobs });
        if (e && e.eventId) ids.push(e.eventId);
      }
      return ids;
    }, specs);
    const at = Date.now();
    for (const id of ids) tracked.set(id, { tab: slot.i, at });
    return ids;
  };
  const flushIn = (slot) => slot.page?.evaluate(() => void window.TalentBeacon.flush()).catch(() => undefined);
  const waitForPost = (page) =>
    page
      .waitForRequest((r) => r.method() === 'POST' && r.url().startsWith(proxyUrl), { timeout: 8000 })
      .catch(() => null);

  for (const slot of slots) await open(slot);

  // --- the scenario --------------------------------------------------------------------------
  const D = o.duration * 1000;
  const t0 = Date.now();
  const trafficEnd = t0 + D;
  const kills = []; // SIGKILLs: a time, or { at, server } with several instances
  const stops = []; // SIGTERM rolls: { at, exitedAt, server, exit, forced }
  const offline = async (ms) => {
    note(`offline for ${ms} ms`);
    let back;
    online = new Promise((resolve) => (back = resolve));
    await Promise.all(contexts.map((c) => c.setOffline(true)));
    await sleep(ms);
    await Promise.all(contexts.map((c) => c.setOffline(false)));
    back();
    note('online');
  };
  const closeAndReopen = (slot) =>
    onSlot(slot, async () => {
      const ids = await burst(slot, 8 + pick(18));
      const runBeforeUnload = rnd() < 0.5;
      note(`tab ${slot.i}: burst of ${ids.length}, closed at once (runBeforeUnload ${runBeforeUnload})`);
      const page = slot.page;
      slot.page = null;
      await withTimeout(page.close({ runBeforeUnload }), 10_000, 'closing a tab');
      await sleep(between(500, 2500));
      await open(slot);
      note(`tab ${slot.i}: reopened`);
    });
  const reloadMidPost = (slot) =>
    onSlot(slot, async () => {
      const posted = waitForPost(slot.page);
      const ids = await burst(slot, 20 + pick(10));
      await flushIn(slot);
      const request = await posted;
      note(`tab ${slot.i}: burst of ${ids.length}, reload ${request ? 'with a POST in flight' : '(no POST seen)'}`);
      await online;
      await slot.page.reload();
      await slot.page.waitForFunction(() => typeof window.TalentBeacon?.view === 'function', undefined, {
        timeout: 10_000,
      });
    });
  // A burst and a flush, then the next POST of at least 5 events from any tab (a lone retry
  // may be answered before the kill), then the SIGKILL half the emulator's latency later:
  // that batch's calls are upstream by then.
  // With several instances the target is the one with the most requests in flight at that
  // moment (haproxy's current sessions; ties in a seeded order), never one stopped before.
  const order = instances.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = pick(i + 1, plan); // Fisher-Yates; draws nothing with one instance
    [order[i], order[j]] = [order[j], order[i]];
  }
  const disrupted = new Set();
  const target = async () => {
    if (o.proxies === 1) return instances[0];
    const current = new Map((await balancer.stats().catch(() => [])).map((row) => [row.svname, Number(row.scur) || 0]));
    const candidates = order.map((i) => instances[i]).filter((instance) => !disrupted.has(instance.name));
    const best = candidates.reduce((a, b) => ((current.get(b.name) ?? 0) > (current.get(a.name) ?? 0) ? b : a));
    disrupted.add(best.name);
    return { instance: best, inFlight: current.get(best.name) ?? 0 };
  };
  const killProxy = async (slot, signal = 'SIGKILL') => {
    await online;
    const big = (r) =>
      r.method() === 'POST' && r.url().startsWith(proxyUrl) && (r.postData() ?? '').split('"eventId"').length > 5;
    const posted = Promise.race(
      contexts.map((c) => c.waitForEvent('request', { predicate: big, timeout: 10_000 }).catch(() => null)),
    );
    const ids = await onSlot(slot, async () => (await burst(slot, 20 + pick(10))).length);
    if (ids) await flushIn(slot);
    const request = await posted;
    await sleep(FAULTS.latencyMs / 2 + 30);
    const { instance, inFlight } = o.proxies === 1 ? { instance: instances[0] } : await target();
    const name = o.proxies === 1 ? 'proxy' : `proxy ${instance.name}`;
    const why = `${ids ? `after a burst of ${ids}, ` : ''}${request ? `${JSON.parse(request.postData() ?? '{}').events?.length ?? '?'} events of a POST in flight` : 'no POST seen'}${inFlight !== undefined ? `, ${inFlight} requests in flight at it` : ''}`;
    const stoppedAt = Date.now();
    if (signal === 'SIGKILL') {
      kills.push(o.proxies === 1 ? stoppedAt : { at: stoppedAt, server: instance.name });
      await stopChild(instance.child, 'SIGKILL');
      note(`${name} SIGKILLed (${why})`);
      await sleep(between(500, 1500));
    } else {
      // A rollout's stop: SIGTERM, then the grace a platform gives (Kubernetes 30 s by default,
      // Cloud Run 10 s; 15 s here), then SIGKILL. The replacement starts on the same port.
      const { exit, forced } = await stopChild(instance.child, 'SIGTERM', 15_000);
      stops.push({ at: stoppedAt, exitedAt: Date.now(), server: instance.name, exit, forced });
      note(
        `${name} SIGTERMed (${why}): exited ${exit} after ${Date.now() - stoppedAt} ms${forced ? ', SIGKILLed after 15 s' : ''}`,
      );
    }
    await startProxy(instance);
    note(`${name} ${signal === 'SIGKILL' ? 'restarted' : 'rolled (started again)'}`);
  };

  // The chaos timeline, as fractions of the traffic time (seeded jitter).
  const actions = [];
  const at = (fraction, run) =>
    actions.push({ at: t0 + D * Math.min(0.95, Math.max(0.02, fraction + between(-0.03, 0.03, plan))), run });
  const anySlot = () => slots[pick(slots.length, plan)];
  for (let f = 0.1; f < 0.92; f += 0.16) {
    const slot = anySlot();
    at(f, () => closeAndReopen(slot));
  }
  at(0.2, () => offline(3000));
  at(0.75, () => offline(3000));
  const reloaded = anySlot();
  at(0.33, () => reloadMidPost(reloaded));
  const killer = anySlot();
  if (o.proxies === 1) at(0.5, () => killProxy(killer));
  else {
    // One instance crashes, later another is rolled (far enough apart to tell them apart).
    at(0.4, () => killProxy(killer, 'SIGKILL'));
    const roller = anySlot();
    at(0.65, () => killProxy(roller, 'SIGTERM'));
  }
  actions.sort((a, b) => a.at - b.at);

  const pending = [];
  const traffic = slots.map(async (slot) => {
    while (Date.now() < trafficEnd) {
      await sleep(between(400, 2200));
      if (Date.now() >= trafficEnd) break;
      const n = 1 + pick(9);
      await onSlot(slot, () => burst(slot, n));
    }
  });
  for (const action of actions) {
    await sleep(Math.max(0, action.at - Date.now()));
    pending.push(action.run());
  }
  await Promise.all(traffic);
  await Promise.all(pending);
  await Promise.all(slots.map((s) => s.queue));
  note(`traffic over: ${tracked.size} events tracked, ${posts.length} POSTs to the proxy`);

  // --- faults off, bounded wait --------------------------------------------------------------
  await Promise.all(contexts.map((c) => c.setOffline(false)));
  await fetch(`${emulatorUrl}/_emulator/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  }).then((r) => {
    if (!r.ok) throw new Error(`PUT /_emulator/faults answered ${r.status}`);
  });
  const faultsOff = Date.now();
  note('faults off');
  for (const slot of slots) if (!slot.page) await onSlot(slot, () => open(slot));
  // The emulator's log, read page by page from where the last read ended.
  const stored = [];
  let cursor = '';
  const readStored = async () => {
    for (;;) {
      const body = await (await fetch(`${emulatorUrl}/_emulator/events?pageSize=1000&pageToken=${cursor}`)).json();
      if (body.log?.dropped > 0)
        throw new Error(
          `the emulator dropped ${body.log.dropped} old events from its bounded log: the verdict would be wrong`,
        );
      const page = body.events.map((e) => ({
        eventId: String(e.event.eventId),
        at: Date.parse(e.receivedAt),
        createTime: Date.parse(e.event.createTime),
        answerDropped: e.answerDropped === true,
      }));
      if (body.nextPageToken === undefined) return page; // an emulator without paging: the whole log
      stored.push(...page);
      cursor = body.nextPageToken;
      if (!body.more) return stored;
    }
  };
  // Events the tracker still holds (its IndexedDB queue, shared by the tabs of the origin): one
  // answered `retry` because a killed or stopped instance's claim had not expired yet is sent
  // again later, and a copy stored after the run ended would be a duplicate nobody counted.
  const outbox = async () => {
    const page = slots.find((s) => s.page)?.page;
    if (!page) return -1;
    const count = page.evaluate(
      () =>
        new Promise((resolve) => {
          const request = indexedDB.open('talent-beacon');
          request.onerror = () => resolve(-1);
          request.onsuccess = () => {
            const db = request.result;
            try {
              const counted = db.transaction('events').objectStore('events').count();
              counted.onsuccess = () => resolve(counted.result);
              counted.onerror = () => resolve(-1);
            } catch {
              resolve(-1);
            } finally {
              db.close();
            }
          };
        }),
    );
    return withTimeout(count, 5000, 'counting the tracker queue').catch(() => -1);
  };
  let quiescence = null;
  let allStored = null;
  let lastFlush = 0;
  while (Date.now() - faultsOff < o.wait * 1000) {
    const ids = new Set((await readStored()).map((s) => s.eventId));
    const missing = [...tracked.keys()].filter((id) => !ids.has(id));
    const queued = missing.length === 0 ? await outbox() : undefined;
    if (missing.length === 0 && allStored === null) allStored = Date.now() - faultsOff;
    if (queued === 0) {
      quiescence = Date.now() - faultsOff;
      break;
    }
    if (Date.now() - lastFlush >= 5000) {
      lastFlush = Date.now();
      const last = {};
      for (const id of missing)
        last[lastAnswer.get(id) ?? 'never posted'] = (last[lastAnswer.get(id) ?? 'never posted'] ?? 0) + 1;
      note(
        missing.length > 0
          ? `${missing.length} not stored yet (last answer the browser saw: ${JSON.stringify(last)}); flush() in every tab`
          : `every event stored, ${queued} still queued in the tracker (answered retry: a claim of a stopped instance); flush() in every tab`,
      );
      await Promise.all(slots.map(flushIn));
    }
    await sleep(1000);
  }
  if (allStored !== null)
    note(`every tracked event stored ${(allStored / 1000).toFixed(1)} s after the faults stopped`);
  note(
    quiescence === null
      ? `not quiescent after ${o.wait} s`
      : `quiescent ${(quiescence / 1000).toFixed(1)} s after the faults stopped (every event stored, the tracker's queue empty)`,
  );
  // Late copies (a retry still on its way) would be duplicates: give them a moment.
  await sleep(3000);
  const final = [...(await readStored())];

  // --- the verdict ---------------------------------------------------------------------------
  const report = buildReport({
    tracked,
    stored: final,
    kills,
    stops,
    posts,
    latencyMs: FAULTS.latencyMs,
    memoryStore: !redis,
  });
  // What the balancer saw per instance: requests, retries and redispatches (a connection to a
  // dead instance sent elsewhere), times taken out by the health check, failed responses.
  const balancerStats =
    balancer &&
    (await balancer.stats().catch(() => [])).map((r) => ({
      server: r.svname,
      requests: Number(r.stot),
      retries: Number(r.wretr),
      redispatches: Number(r.wredis),
      downs: Number(r.chkdown),
      downtimeS: Number(r.downtime),
      responseErrors: Number(r.eresp), // e.g. the instance died mid-request: haproxy answered 502
      connectionErrors: Number(r.econ),
    }));
  // Every stored copy dated within 60 s of when its tab tracked it (the skewed tab's too: the
  // proxy derives its createTime from the batch's sentAt).
  const misdated = final.filter(
    (s) => tracked.has(s.eventId) && !(Math.abs(s.createTime - tracked.get(s.eventId).at) < 60_000),
  );
  const skewedIds = [...tracked].filter(([, t]) => skewed && t.tab === o.tabs - 1).length;
  const neverPosted = report.lost.filter((id) => !posts.some((p) => p.ids.has(id)));
  const answers = {};
  for (const id of report.lost)
    if (lastAnswer.has(id)) answers[lastAnswer.get(id)] = (answers[lastAnswer.get(id)] ?? 0) + 1;
  writeFileSync(
    join(out, 'result.json'),
    JSON.stringify(
      {
        options: o,
        report,
        kills,
        stops,
        balancer: balancerStats,
        quiescence,
        neverPosted,
        lostLastAnswers: answers,
        stored: final.length,
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(out, 'debug.json'),
    JSON.stringify({
      kills,
      stops,
      faultsOff,
      stored: final,
      posts: posts.map((p) => ({ ...p, ids: [...p.ids] })),
      lastAnswer: Object.fromEntries(lastAnswer),
      tracked: Object.fromEntries(tracked),
    }),
  );
  note(
    `proxy kills: ${kills.length}; first copies stored by the emulator within its latency after each kill (calls in flight): ${report.inFlightAtKills.join(', ') || '-'}`,
  );
  if (stops.length > 0)
    note(
      `SIGTERM rolls: ${stops.map((s) => `${s.server} exited ${s.exit} in ${s.exitedAt - s.at} ms${s.forced ? ' (SIGKILLed)' : ''}`).join('; ')}; first copies stored from the SIGTERM to the exit + latency: ${report.inFlightAtStops.join(', ')}`,
    );
  if (balancerStats) note(`haproxy per instance: ${balancerStats.map((b) => JSON.stringify(b)).join(' ')}`);
  note(
    `drop-after-store faults recorded by the emulator: ${report.answerDroppedFaults}; stored copies: ${final.length}; extra copies: ${report.extraCopies}; stored but not tracked: ${report.untracked}; tracker onError calls: ${trackerErrors.length}${trackerErrors.length ? ` (${[...new Set(trackerErrors)].slice(0, 3).join(' | ')})` : ''}`,
  );
  if (report.lost.length > 0) {
    note(
      `lost: ${neverPosted.length} never left the browser, ${report.lost.length - neverPosted.length} were posted (last answer the browser saw: ${JSON.stringify(answers)}); e.g. ${report.lost.slice(0, 5).join(', ')}`,
    );
  }
  if (report.duplicates.other.length > 0)
    note(`'other' duplicates: ${report.duplicates.other.slice(0, 10).join(', ')}`);
  note(
    `${skewed ? `tab ${o.tabs - 1}'s clock ${o.skew} min off: ${skewedIds} events tracked there; ` : ''}stored copies dated more than 60 s from when they were tracked: ${misdated.length}${
      misdated.length
        ? ` (e.g. ${misdated
            .slice(0, 3)
            .map((m) => `${m.eventId} ${new Date(m.createTime).toISOString()}`)
            .join(', ')})`
        : ''
    }`,
  );
  console.log(`\n${TABLE_HEADER}\n${tableRow(o, report, quiescence, o.wait * 1000)}\n`);
  if (report.duplicates['proxy-stopped'].length > 0)
    note(`duplicates of a graceful stop (SIGTERM): ${report.duplicates['proxy-stopped'].slice(0, 10).join(', ')}`);
  return passed(report) && misdated.length === 0;
}

let o;
try {
  o = options();
} catch (error) {
  console.error(`chaos: ${error.message}`);
  process.exit(2);
}
// Bounded in time whatever happens: a watchdog ends the run and kills every child by its PID.
const watchdog = setTimeout(
  () => {
    console.error('chaos: the run took too long; stopping');
    if (resources.browserPid) {
      try {
        process.kill(resources.browserPid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    killAllChildrenNow();
    process.exit(2);
  },
  (o.duration + o.wait + 240) * 1000,
);
process.on('SIGINT', () => {
  killAllChildrenNow();
  process.exit(130);
});
process.on('SIGTERM', () => {
  killAllChildrenNow();
  process.exit(143);
});

let code = 2;
try {
  code = (await main(o)) ? 0 : 1;
} catch (error) {
  console.error(`chaos: ${error instanceof Error ? error.stack : String(error)}`);
} finally {
  if (resources.browser)
    await withTimeout(resources.browser.close(), 10_000, 'closing Chromium').catch(() => undefined);
  if (resources.browserPid) {
    try {
      process.kill(resources.browserPid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  resources.balancer?.cleanup();
  resources.pages?.close();
  resources.pages?.closeAllConnections();
  await stopAllChildren();
  clearTimeout(watchdog);
}
process.exit(code);
