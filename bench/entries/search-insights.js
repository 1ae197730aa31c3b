// Algolia's search-insights as a site bundles it (the package's browser ESM build): init + one
// click on a search result. `host` (a documented init option) points it at the local collector.
import aa from 'search-insights';

const { origin } = window.BENCH;
aa('init', { appId: 'BENCHAPPID', apiKey: 'bench-search-key', host: origin + '/collect/search-insights' });
aa('clickedObjectIDsAfterSearch', {
  index: 'jobs',
  eventName: 'Job clicked',
  queryID: 'zzF0zz',
  objectIDs: ['job-1'],
  positions: [1],
});
window.BENCH.first = performance.now();

window.BENCH.track = (marker, i) =>
  aa('clickedObjectIDsAfterSearch', {
    index: 'jobs',
    eventName: 'Job clicked',
    queryID: marker,
    objectIDs: ['job-' + (i % 20)],
    positions: [1 + (i % 20)],
  });
window.BENCH.flush = () => {};
