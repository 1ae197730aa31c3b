// What the Node memory benchmarks (proxy-memory.js, emulator-memory.js) share: the seeded
// traffic generator, the main thread's talk with its driver worker, heapUsed after forced GC per
// step, and the verdict's slope. Each bench keeps its own traffic mix and its own verdict words.

/**
 * A seeded PRNG (mulberry32) and the draws the drivers make from it: the same mix every run.
 * `state()` is the generator's current state, to seed another generator (fast-check) from it.
 *
 * @example
 * const { int, randomId } = seededRandom(1);
 * randomId(255); // 255 characters of [A-Za-z0-9_-]
 */
export function seededRandom(seed) {
  let state = seed >>> 0 || 1;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(random() * n);
  const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  return {
    random,
    int,
    pick: (list) => list[int(list.length)],
    randomId: (length) => Array.from({ length }, () => ID_CHARS[int(ID_CHARS.length)]).join(''),
    state: () => state,
  };
}

/**
 * Sends the driver worker one message and resolves with its next answer (one at a time).
 *
 * @example
 * await ask(worker, { burst: 10_000 });
 */
export function ask(worker, message) {
  return new Promise((resolve) => {
    worker.once('message', resolve);
    worker.postMessage(message);
  });
}

/** Exits with a usage line when node runs without --expose-gc (no forced GC, no figure). */
export function requireGc(name) {
  if (typeof globalThis.gc === 'function') return;
  console.error(
    `${name}: run with --expose-gc: node --expose-gc --import ./test/support/ts-register.mjs bench/${name}.js`,
  );
  process.exit(2);
}

export const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);

/** `{ a: 1, b: 2 }` as `a 1, b 2`. */
export const formatCounts = (counts) =>
  Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The heap table: `sample(requests)` takes the least of three heapUsed readings 200 ms apart,
 * each after two forced collections (closing sockets and the timers of the last requests can hold
 * a few MB for a moment), prints a row (requests, heapUsed, rss, seconds since start) and keeps
 * it in `samples`.
 *
 * @example
 * const heap = heapTable();
 * await heap.sample(0);
 */
export function heapTable() {
  const samples = [];
  const startedAt = Date.now();
  console.log('requests  heapUsed after GC (MB)  rss (MB)  seconds');
  return {
    samples,
    startedAt,
    async sample(requests) {
      let least;
      for (let i = 0; i < 3; i++) {
        await sleep(200);
        globalThis.gc();
        globalThis.gc();
        const m = process.memoryUsage();
        if (!least || m.heapUsed < least.heapUsed) least = m;
      }
      samples.push({ requests, heap: least.heapUsed });
      const seconds = (Date.now() - startedAt) / 1000;
      console.log(
        `${String(requests).padStart(8)}  ${mb(least.heapUsed).padStart(22)}  ${mb(least.rss).padStart(8)}  ${seconds.toFixed(1).padStart(7)}`,
      );
    },
  };
}

/**
 * The least-squares slope of the last three samples, in bytes of heap per request; undefined
 * with fewer than three samples after the first.
 *
 * @example
 * const slope = lastSlope(heap.samples);
 */
export function lastSlope(samples) {
  const last = samples.slice(-3);
  if (last.length < 3 || last[0] === samples[0]) return undefined;
  const mx = last.reduce((s, p) => s + p.requests, 0) / 3;
  const my = last.reduce((s, p) => s + p.heap, 0) / 3;
  return (
    last.reduce((s, p) => s + (p.requests - mx) * (p.heap - my), 0) /
    last.reduce((s, p) => s + (p.requests - mx) ** 2, 0)
  );
}
