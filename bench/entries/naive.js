// The floor: what a site writes by hand without a library, one keepalive POST per event, no
// queue, no validation, no retry. Same event shape as talent-beacon's.
const { origin } = window.BENCH;
const endpoint = origin + '/collect/naive';
const impression = (requestId, job) =>
  fetch(endpoint, {
    method: 'POST',
    keepalive: true,
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify({
      events: [
        {
          eventId: crypto.randomUUID(),
          requestId,
          createTime: new Date().toISOString(),
          jobEvent: { type: 'IMPRESSION', jobs: [job] },
        },
      ],
    }),
  }).catch(() => {});
impression('zzF0zz', 'projects/p/tenants/t/jobs/1');
window.BENCH.first = performance.now();

window.BENCH.track = (marker, i) => impression(marker, 'projects/p/tenants/t/jobs/' + (i % 20));
window.BENCH.flush = () => {};
