// Does the CTS emulator's memory grow without bound under hostile traffic? createEmulator runs on
// the main thread on 127.0.0.1 (no pinned token: any Bearer token passes); a worker thread sends
// over real HTTP a seeded mix, so the main thread's heap is the emulator's: GETs of tenants that
// do not exist (the emulator auto-creates a tenant named in a path), searches under new tenants
// with 255-character queries (the searches kept for their requestIds), valid v4 clientEvents.create
// calls with fresh eventIds (the event log), malformed bodies and unknown routes. After every
// --step requests it waits until nothing is in flight and prints heapUsed (the least of three
// readings, each after two forced GCs: bench/memory-steps.js); the verdict compares the last
// three samples: "bounded" when their least-squares slope is under --max-slope bytes per
// request, else "growing" (exit code 1). Designed bounds: the event log
// (10,000 events / 16 MiB), searches (10,000), auto-created tenants (MAX_AUTO_TENANTS).
// Resources created on purpose (tenants.create, companies, jobs) are the developer's data and are
// not part of the mix.
//
//   node --expose-gc --import ./test/support/ts-register.mjs bench/emulator-memory.js
//     [--requests 120000] [--step 10000] [--concurrency 32] [--seed 1] [--max-slope 8]
//
// From source, no build. About 30 s with the defaults on 2 cores.
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ask, formatCounts, heapTable, lastSlope, mb, requireGc, seededRandom } from './memory-steps.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (isMainThread) await main();
else await driver(workerData);

async function main() {
  const { values: args } = parseArgs({
    options: {
      requests: { type: 'string', default: '120000' },
      step: { type: 'string', default: '10000' },
      concurrency: { type: 'string', default: '32' },
      seed: { type: 'string', default: '1' },
      'max-slope': { type: 'string', default: '8' },
    },
  });
  requireGc('emulator-memory');
  const total = Number(args.requests);
  const step = Number(args.step);
  const maxSlope = Number(args['max-slope']);
  const { createEmulator } = await import(join(root, 'packages/talent-beacon-emulator/src/index.ts'));
  const emulator = createEmulator();
  const url = await emulator.listen(0, '127.0.0.1');
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { seed: Number(args.seed), concurrency: Number(args.concurrency), url },
  });
  worker.on('error', (error) => {
    console.error(`emulator-memory: the driver failed: ${error.stack}`);
    process.exit(2);
  });

  console.log(
    `emulator memory, seed ${args.seed}: ${total} requests in steps of ${step}, concurrency ${args.concurrency}`,
  );
  const heap = heapTable();
  await heap.sample(0);
  for (let done = 0; done < total;) {
    const n = Math.min(step, total - done);
    await ask(worker, { burst: n });
    done += n;
    await heap.sample(done);
  }
  const stats = await ask(worker, { stats: true });
  console.log(`  mix: ${formatCounts(stats.kinds)}`);
  console.log(`  answers: ${formatCounts(stats.statuses)}`);

  const slope = lastSlope(heap.samples);
  let growing = false;
  if (slope === undefined) console.log('verdict: not enough samples (need at least 3 steps)');
  else {
    growing = slope > maxSlope;
    console.log(
      `verdict: ${growing ? 'GROWING' : 'bounded'}: the last three samples grow ${slope.toFixed(2)} bytes per request (${mb(slope * 100_000)} MB per 100,000 requests; limit ${maxSlope})`,
    );
  }
  process.exitCode = growing ? 1 : 0;
  await worker.terminate();
  await emulator.close();
}

async function driver({ seed, concurrency, url }) {
  const { random, int, randomId } = seededRandom(seed);
  const { hostname, port } = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const headers = { authorization: 'Bearer bench', 'content-type': 'application/json' };
  const request = (method, path, body) =>
    new Promise((resolve) => {
      const req = http.request({ host: hostname, port, method, path, headers, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
        res.on('error', () => resolve(0));
      });
      req.on('error', () => resolve(0));
      req.end(body);
    });
  // Tenant ids up to 1,000 characters: a path may hold far more than a real (UUID) tenant id.
  const tenant = () => randomId(random() < 0.5 ? 36 : 1 + int(1000));
  const kinds = { getTenant: 0, search: 0, clientEvent: 0, malformed: 0, unknownRoute: 0 };
  const next = () => {
    const r = random() * 100;
    if (r < 35) {
      kinds.getTenant++;
      return request('GET', `/v4/projects/p/tenants/${tenant()}`);
    }
    if (r < 55) {
      kinds.search++;
      const body = JSON.stringify({
        jobQuery: { query: randomId(255) },
        requestMetadata: { domain: 'x', sessionId: 's', userId: 'u' },
      });
      return request('POST', `/v4/projects/p/tenants/${tenant()}/jobs:search`, body);
    }
    if (r < 85) {
      kinds.clientEvent++;
      const event = {
        eventId: randomId(random() < 0.5 ? 255 : 21),
        requestId: randomId(20),
        createTime: new Date(Date.now() - 1000).toISOString(),
        jobEvent: { type: 'VIEW', jobs: [`projects/p/tenants/t/jobs/${1 + int(99_999)}`] },
        eventNotes: randomId(200),
      };
      return request('POST', '/v4/projects/p/tenants/t/clientEvents', JSON.stringify(event));
    }
    if (r < 95) {
      kinds.malformed++;
      return request(
        'POST',
        '/v4/projects/p/tenants/t/clientEvents',
        random() < 0.5 ? `{"eventId":"${randomId(1000)}"` : `[${'['.repeat(200)}`,
      );
    }
    kinds.unknownRoute++;
    return request('GET', `/v4/projects/p/${randomId(1 + int(500))}/x`);
  };
  const statuses = {};
  const burst = async (n) => {
    let started = 0;
    const worker = async () => {
      while (started < n) {
        started++;
        const status = await next();
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  parentPort.on('message', async (message) => {
    if (message.stats) return parentPort.postMessage({ kinds, statuses });
    await burst(message.burst);
    parentPort.postMessage({ done: true });
  });
}
