// Does the proxy's memory grow without bound under hostile traffic? createProxy runs on the main
// thread, behind the CLI's own server (createProxyServer) on 127.0.0.1, with the default limits
// except limits.bodyTimeoutMs 1 s (slow bodies end sooner) and limits.concurrency 64 (more upstream
// calls per second), and trustProxy on: X-Forwarded-For names the client, so every request can
// claim a new one. A worker thread holds everything else, so the main thread's heap is the
// proxy's: a stateless stub of CTS (mostly 200; some 503, 429, 409, 400 and slow answers) and the
// driver, which sends over real HTTP a seeded mix (weights in percent): junk bodies (40), the proxy
// fuzzer's bodies (15, test/proxy/fuzz/proxy-fuzz.ts), batches of 1 to 8 fresh valid events with
// 255-character ids (20: the dedupe store), repeats of recent ids (3), foreign origins (5),
// preflights with odd headers (3), GETs of random paths (2), oversized bodies (2), slow bodies (2)
// and requests aborted before (4) or after (4) their body; each from a fresh client (random IPv4,
// IPv6 /64, garbage, 50-entry X-Forwarded-For chains). After every --step requests the main thread
// waits until nothing is in flight and prints heapUsed: the least of three readings, each after
// two forced GCs. The designed bounds fill first: the memory dedupe store (100,000 ids / 32 MiB,
// 27 MB of heap with these ids) and the two rate limits (50,000 client keys each, 17 MB both);
// measured, heapUsed levels off after about 100,000 requests. Verdict, from the least-squares
// slope of the last three samples: "bounded" under --max-slope bytes per request; "still filling"
// when over it but the heap grew less than FILL_MB (50) since the start (too short a run);
// else "GROWING" (exit code 1).
//
//   node --expose-gc --import ./test/support/ts-register.mjs bench/proxy-memory.js
//     [--requests 140000] [--step 20000] [--concurrency 32] [--seed 1] [--max-slope 8] [--max-seconds 175]
//
// From source, no build. About 2.5 minutes with the defaults on 2 quiet cores; no step starts
// that would end past --max-seconds (a busy machine: fewer requests, maybe "still filling").
import http from 'node:http';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ask, formatCounts, heapTable, lastSlope, mb, requireGc, seededRandom } from './memory-steps.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The heap the designed bounds take when full, with room to spare (see the verdict).
const FILL_MB = 50;
if (isMainThread) await main();
else await driver(workerData);

async function main() {
  const { values: args } = parseArgs({
    options: {
      requests: { type: 'string', default: '140000' },
      step: { type: 'string', default: '20000' },
      concurrency: { type: 'string', default: '32' },
      seed: { type: 'string', default: '1' },
      'max-slope': { type: 'string', default: '8' },
      'max-seconds': { type: 'string', default: '175' },
    },
  });
  requireGc('proxy-memory');
  const total = Number(args.requests);
  const step = Number(args.step);
  const maxSlope = Number(args['max-slope']);
  const maxSeconds = Number(args['max-seconds']);
  const { createProxy } = await import(join(root, 'packages/talent-beacon-server/src/proxy.ts'));
  const { createProxyServer } = await import(join(root, 'packages/talent-beacon-server/src/cli/proxy-command.ts'));

  const worker = new Worker(new URL(import.meta.url), {
    workerData: { seed: Number(args.seed), concurrency: Number(args.concurrency) },
  });
  worker.on('error', (error) => {
    console.error(`proxy-memory: the driver failed: ${error.stack}`);
    process.exit(2);
  });
  // The fuzzer's module holds about 80 MB of arbitraries: only the worker loads it.
  const { upstream, project, origin } = await new Promise((resolve) => worker.once('message', resolve));
  const proxy = createProxy({
    project,
    allowedOrigins: [origin],
    upstream,
    token: 'bench',
    trustProxy: true,
    trustedProxies: 1,
    limits: { bodyTimeoutMs: 1000, concurrency: 64 },
    log: false,
  });
  const server = createProxyServer(proxy);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

  console.log(
    `proxy memory, seed ${args.seed}: ${total} requests in steps of ${step}, concurrency ${args.concurrency}`,
  );
  const heap = heapTable();
  await heap.sample(0);
  let done = 0;
  let stepSeconds = 0;
  while (done < total) {
    // Time-boxed: no step starts that would likely end past --max-seconds.
    if ((Date.now() - heap.startedAt) / 1000 + stepSeconds > maxSeconds) {
      console.log(`  stopped after ${done} requests by --max-seconds ${maxSeconds} (a slow or busy machine)`);
      break;
    }
    const stepStarted = Date.now();
    const n = Math.min(step, total - done);
    await ask(worker, { burst: n, port: server.address().port });
    done += n;
    await heap.sample(done);
    stepSeconds = (Date.now() - stepStarted) / 1000;
  }

  const stats = await ask(worker, { stats: true });
  const metrics = proxy.metrics();
  console.log(`  mix: ${formatCounts(stats.kinds)}`);
  console.log(`  answers: ${formatCounts(stats.statuses)} (0: the connection closed or was aborted)`);
  console.log(
    `  events: accepted ${metrics.accepted}, duplicate ${metrics.duplicate}, rejected ${metrics.rejected}, retry ${metrics.retry}; upstream calls ${stats.upstreamCalls} (mean ${(metrics.upstreamLatencyMsSum / Math.max(1, metrics.upstreamCalls)).toFixed(1)} ms)`,
  );

  // Least-squares slope of the last three samples, in bytes per request.
  const { samples } = heap;
  const slope = lastSlope(samples);
  let growing = false;
  if (slope === undefined) console.log('verdict: not enough samples (need at least 3 steps)');
  else {
    // Growth is expected until the bounds are full: up to FILL_MB over the first sample (measured:
    // the dedupe store full of 255-character ids 27 MB, the two rate limits full 17 MB, and room
    // for Map capacity). Still growing but within it, the run was too short to tell.
    const grown = (samples.at(-1).heap - samples[0].heap) / 1024 / 1024;
    const filling = slope > maxSlope && grown <= FILL_MB;
    growing = slope > maxSlope && !filling;
    const word = filling
      ? `still filling the designed bounds (+${grown.toFixed(1)} MB of at most ${FILL_MB}): run longer, e.g. --requests 240000 --step 20000 --max-seconds 600, to see the plateau`
      : growing
        ? `GROWING (+${grown.toFixed(1)} MB, past the ${FILL_MB} MB the designed bounds take)`
        : 'bounded';
    console.log(
      `verdict: ${word}: the last three samples grow ${slope.toFixed(2)} bytes per request (${mb(slope * 100_000)} MB per 100,000 requests; limit ${maxSlope})`,
    );
  }
  process.exitCode = growing ? 1 : 0;
  await worker.terminate();
  server.closeAllConnections();
  server.close();
}

// ------------------------------------------------------------------------------------------------
// The worker: the CTS stub and the hostile driver.
async function driver({ seed, concurrency }) {
  const fc = (await import('fast-check')).default;
  const { bodyArbitrary, FUZZ_ORIGIN, FUZZ_PROJECT } = await import(join(root, 'test/proxy/fuzz/proxy-fuzz.ts'));

  // Seeded: the same mix every run.
  const { random, int, pick, randomId, state } = seededRandom(seed);

  // The CTS stub: stateless, answers by the call count.
  let upstreamCalls = 0;
  const upstream = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const n = upstreamCalls++;
      const json = (status, body, headers = {}) =>
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
      if (n % 499 === 1) return json(503, { error: { code: 503, message: 'unavailable', status: 'UNAVAILABLE' } });
      if (n % 997 === 2)
        return json(
          429,
          { error: { code: 429, message: 'slow down', status: 'RESOURCE_EXHAUSTED' } },
          { 'retry-after': '0' },
        );
      if (n % 89 === 3) return json(409, { error: { code: 409, message: 'exists', status: 'ALREADY_EXISTS' } });
      if (n % 83 === 4) return json(400, { error: { code: 400, message: 'bad job', status: 'INVALID_ARGUMENT' } });
      if (n % 701 === 5) return void setTimeout(() => json(200, { ok: true }), 100);
      json(200, { ok: true });
    });
  });
  await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  parentPort.postMessage({
    upstream: `http://127.0.0.1:${upstream.address().port}`,
    project: FUZZ_PROJECT,
    origin: FUZZ_ORIGIN,
  });

  let port = 0;
  const clientIp = () => {
    const r = random();
    if (r < 0.7) return `${1 + int(223)}.${int(256)}.${int(256)}.${int(256)}`;
    if (r < 0.9) return `2001:db8:${int(65536).toString(16)}:${int(65536).toString(16)}::${int(65536).toString(16)}`;
    if (r < 0.95) return randomId(1 + int(40)); // garbage: the 'unknown' key
    // A long chain: only the right-most entry counts.
    return Array.from({ length: 50 }, () => `10.${int(256)}.${int(256)}.${int(256)}`).join(', ');
  };
  const headersOf = (extra = {}) => ({ 'x-forwarded-for': clientIp(), origin: FUZZ_ORIGIN, ...extra });

  // Recently sent valid ids, to repeat (duplicates, in-flight claims).
  const recentIds = [];
  const validEvent = (now, eventId) => ({
    eventId,
    requestId: randomId(12),
    createTime: new Date(now - 1000 - int(60_000)).toISOString(),
    jobEvent: { type: 'VIEW', jobs: [`projects/${FUZZ_PROJECT}/jobs/${1 + int(99_999)}`] },
  });
  const freshBatch = () => {
    const now = Date.now();
    const events = Array.from({ length: 1 + int(8) }, () => {
      // The longest ids the core allows: they fill the store's byte bound (32 MiB) first.
      const id = randomId(255);
      if (recentIds.length < 2000) recentIds.push(id);
      else recentIds[int(2000)] = id;
      return validEvent(now, id);
    });
    return JSON.stringify({ events });
  };
  const repeatBatch = () => {
    const now = Date.now();
    return JSON.stringify({
      events: Array.from({ length: 1 + int(10) }, () =>
        validEvent(now, recentIds.length ? pick(recentIds) : randomId(21)),
      ),
    });
  };

  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  // One request; resolves with the status (0 when the connection failed or was aborted).
  const request = (method, path, headers, body, abortAfterMs) =>
    new Promise((resolve) => {
      const req = http.request(
        { host: '127.0.0.1', port, method, path, headers, agent: abortAfterMs === undefined ? agent : false },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
          res.on('error', () => resolve(0));
        },
      );
      req.on('error', () => resolve(0));
      if (abortAfterMs !== undefined) setTimeout(() => req.destroy(), abortAfterMs);
      req.end(body);
    });
  // Headers and the start of a body on a raw socket, then a stall (the proxy answers 408 after
  // bodyTimeoutMs and hangs up) or, with `abortAfterMs`, a hang-up.
  const partial = (abortAfterMs) =>
    new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      const h = headersOf({ 'content-type': 'application/json', 'content-length': '5000' });
      socket.on('connect', () => {
        const lines = Object.entries(h).map(([k, v]) => `${k}: ${v}\r\n`);
        socket.write(`POST /cts/events HTTP/1.1\r\nhost: 127.0.0.1\r\n${lines.join('')}\r\n{"events":[{"eventId":"`);
        if (abortAfterMs !== undefined) setTimeout(() => socket.destroy(), abortAfterMs);
      });
      socket.on('data', () => undefined);
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(0));
      setTimeout(() => socket.destroy(), 15_000).unref();
    });

  let templates = [];
  const fuzzBody = () => {
    if (templates.length === 0) templates = fc.sample(bodyArbitrary, { seed: state(), numRuns: 1000 });
    return templates.pop().make(Date.now());
  };

  const kinds = {
    flood: 0,
    fuzz: 0,
    fresh: 0,
    repeat: 0,
    foreignOrigin: 0,
    preflight: 0,
    get: 0,
    oversized: 0,
    slow: 0,
    abortEarly: 0,
    abortLate: 0,
  };
  const json = { 'content-type': 'application/json' };
  // Each has an events array, so it reaches both rate limits (the fuzzer sends the malformed ones).
  const FLOOD = [
    '{"events":[]}',
    '{"events":[null]}',
    '{"events":[{}]}',
    '{"events":[{"eventId":1}]}',
    '{"events":[[]],"x":1}',
  ];
  // Starts one request of the mix (weights in percent); `background` ones (slow, aborted) take no
  // concurrency slot.
  const next = () => {
    const r = random() * 100;
    if (r < 40) {
      // Cheap junk from a new client each time: every one reaches the rate limits.
      kinds.flood++;
      return { promise: request('POST', '/cts/events', headersOf(json), pick(FLOOD)) };
    }
    if (r < 55) {
      kinds.fuzz++;
      const { raw, contentType } = fuzzBody();
      return { promise: request('POST', '/cts/events', headersOf({ 'content-type': contentType }), raw) };
    }
    if (r < 75) {
      // Weight 20: fills the dedupe store (its 32 MiB in about 55,000 requests).
      kinds.fresh++;
      return { promise: request('POST', '/cts/events', headersOf(json), freshBatch()) };
    }
    if (r < 78) {
      kinds.repeat++;
      return { promise: request('POST', '/cts/events', headersOf(json), repeatBatch()) };
    }
    if (r < 83) {
      kinds.foreignOrigin++;
      const origin = `https://${randomId(5 + int(60))}.example${int(1000)}.test`;
      return { promise: request('POST', '/cts/events', headersOf({ ...json, origin }), freshBatch()) };
    }
    if (r < 86) {
      kinds.preflight++;
      const origin = random() < 0.5 ? FUZZ_ORIGIN : `https://${randomId(20)}.test`;
      const asked = random() < 0.5 ? `x-${randomId(30)}, content-type` : `bad header ${randomId(10)}`;
      return {
        promise: request(
          'OPTIONS',
          `/cts/events?${randomId(10)}`,
          headersOf({ origin, 'access-control-request-headers': asked }),
        ),
      };
    }
    if (r < 88) {
      kinds.get++;
      return {
        promise: request(
          'GET',
          `/${randomId(1 + int(200))}/metrics`,
          headersOf({ authorization: `Bearer ${randomId(30)}` }),
        ),
      };
    }
    if (r < 90) {
      kinds.oversized++;
      if (random() < 0.5)
        return { promise: request('POST', '/cts/events', headersOf({ ...json, 'content-length': '99999999' })) };
      return { promise: request('POST', '/cts/events', headersOf(json), `{"events":[${'"x",'.repeat(17_000)}"x"]}`) };
    }
    if (r < 92) {
      kinds.slow++;
      return { promise: partial(undefined), background: true };
    }
    if (r < 96) {
      kinds.abortEarly++;
      return { promise: partial(1 + int(20)), background: true };
    }
    kinds.abortLate++;
    return { promise: request('POST', '/cts/events', headersOf(json), freshBatch(), 1 + int(10)), background: true };
  };

  const statuses = {};
  const count = (status) => void (statuses[status] = (statuses[status] ?? 0) + 1);
  // Sends `n` requests, at most `concurrency` in the foreground and 256 in the background, and
  // resolves when every one has settled.
  const burst = async (n) => {
    let started = 0;
    const background = new Set();
    const worker = async () => {
      while (started < n) {
        started++;
        const { promise, background: bg } = next();
        if (!bg) {
          count(await promise);
          continue;
        }
        const tracked = promise.then(count).finally(() => background.delete(tracked));
        background.add(tracked);
        while (background.size >= 256) await Promise.race(background);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    await Promise.all(background);
  };

  parentPort.on('message', async (message) => {
    if (message.stats) return parentPort.postMessage({ kinds, statuses, upstreamCalls });
    port = message.port;
    await burst(message.burst);
    parentPort.postMessage({ done: true });
  });
}
