import type { EventStatus, ProxyMetrics } from './proxy-types.js';

// Upper bounds in ms of the latency histogram: from a same-region call to a slow retry.
const BUCKETS = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

/** The counters of one proxy and the functions that move them. */
export interface MetricsRecorder {
  request(status: number): void;
  received(n: number): void;
  /** Events whose createTime was derived from a device clock that was off. */
  derived(n: number): void;
  result(status: EventStatus): void;
  retried(): void;
  upstream(latencyMs: number): void;
  snapshot(): ProxyMetrics;
  text(): string;
}

/**
 * Counters of a proxy (received, accepted, duplicate, rejected, retry, retried, upstream calls and
 * latency), as an object and as Prometheus text exposition format, which most scrapers read.
 *
 * @example
 * const metrics = createMetrics();
 * metrics.result('accepted');
 * metrics.text(); // '# TYPE talent_beacon_events_total counter\ntalent_beacon_events_total{status="accepted"} 1\n…'
 */
export function createMetrics(): MetricsRecorder {
  const m: ProxyMetrics = {
    requests: {},
    received: 0,
    accepted: 0,
    duplicate: 0,
    rejected: 0,
    retry: 0,
    derived: 0,
    retried: 0,
    upstreamCalls: 0,
    upstreamLatencyMsSum: 0,
    upstreamLatencyMsMax: 0,
    upstreamLatencyBuckets: Object.fromEntries([...BUCKETS.map((b) => [String(b), 0] as const), ['+Inf', 0] as const]),
  };
  return {
    request(status) {
      m.requests[status] = (m.requests[status] ?? 0) + 1;
    },
    received(n) {
      m.received += n;
    },
    derived(n) {
      m.derived += n;
    },
    result(status) {
      m[status]++;
    },
    retried() {
      m.retried++;
    },
    upstream(ms) {
      m.upstreamCalls++;
      m.upstreamLatencyMsSum += ms;
      m.upstreamLatencyMsMax = Math.max(m.upstreamLatencyMsMax, ms);
      const buckets = m.upstreamLatencyBuckets;
      for (const key of [...BUCKETS.filter((b) => ms <= b).map(String), '+Inf']) buckets[key] = (buckets[key] ?? 0) + 1;
    },
    snapshot() {
      return { ...m, requests: { ...m.requests }, upstreamLatencyBuckets: { ...m.upstreamLatencyBuckets } };
    },
    text() {
      const lines = [
        '# HELP talent_beacon_requests_total Requests answered, by HTTP status.',
        '# TYPE talent_beacon_requests_total counter',
        ...Object.entries(m.requests).map(([s, n]) => `talent_beacon_requests_total{code="${s}"} ${n}`),
        '# HELP talent_beacon_events_received_total Events received in valid bodies.',
        '# TYPE talent_beacon_events_received_total counter',
        `talent_beacon_events_received_total ${m.received}`,
        '# HELP talent_beacon_events_total Events answered, by status.',
        '# TYPE talent_beacon_events_total counter',
        ...(['accepted', 'duplicate', 'rejected', 'retry'] as const).map(
          (s) => `talent_beacon_events_total{status="${s}"} ${m[s]}`,
        ),
        '# HELP talent_beacon_events_redated_total Events whose createTime was derived because their device clock was off.',
        '# TYPE talent_beacon_events_redated_total counter',
        `talent_beacon_events_redated_total ${m.derived}`,
        '# HELP talent_beacon_upstream_retries_total Upstream calls retried after 429, 5xx, a timeout or a network error.',
        '# TYPE talent_beacon_upstream_retries_total counter',
        `talent_beacon_upstream_retries_total ${m.retried}`,
        '# HELP talent_beacon_upstream_latency_ms Latency of clientEvents.create calls.',
        '# TYPE talent_beacon_upstream_latency_ms histogram',
        ...Object.entries(m.upstreamLatencyBuckets).map(
          ([b, n]) => `talent_beacon_upstream_latency_ms_bucket{le="${b}"} ${n}`,
        ),
        `talent_beacon_upstream_latency_ms_sum ${m.upstreamLatencyMsSum}`,
        `talent_beacon_upstream_latency_ms_count ${m.upstreamCalls}`,
      ];
      return lines.join('\n') + '\n';
    },
  };
}
