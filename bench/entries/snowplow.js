// Snowplow's browser tracker as a site bundles it (the package's ESM build, its defaults: POST,
// one event per request, localStorage queue): newTracker + one self-describing event. The
// collector is the local server (its default path /com.snowplowanalytics.snowplow/tp2).
import { newTracker, trackSelfDescribingEvent, flushBuffer } from '@snowplow/browser-tracker';

const { origin } = window.BENCH;
newTracker('sp', origin, { appId: 'bench' });
const impression = (requestId, job) =>
  trackSelfDescribingEvent({
    event: { schema: 'iglu:com.example/job_impression/jsonschema/1-0-0', data: { requestId, jobs: [job] } },
  });
impression('zzF0zz', 'projects/p/tenants/t/jobs/1');
window.BENCH.first = performance.now();

window.BENCH.track = (marker, i) => impression(marker, 'projects/p/tenants/t/jobs/' + (i % 20));
window.BENCH.flush = () => flushBuffer();
