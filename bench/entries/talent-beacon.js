// talent-beacon as a site bundles it: the package's ESM build (dist/index.js through the
// package's exports), createTracker + one impression. See ../run.js for the contract.
import { createTracker } from 'talent-beacon';

const endpoint = window.BENCH.origin + window.BENCH.collector;
const tracker = createTracker({ endpoint });
tracker.impression({ requestId: 'zzF0zz', jobs: ['projects/p/tenants/t/jobs/1'] });
window.BENCH.first = performance.now();

// One event per call, the same kind as the first (an impression of one result of a search).
window.BENCH.track = (marker, i) =>
  tracker.impression({ requestId: marker, jobs: ['projects/p/tenants/t/jobs/' + (i % 20)] });
window.BENCH.flush = () => tracker.flush();
