// The load balancer of a multi-instance chaos run (`--proxies N`): Debian's haproxy in front of
// the proxy CLI instances, configured the way a deployment would be, on 127.0.0.1 only.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startChild } from './processes.js';

/** The name haproxy gives the instance listening on `port` (its `server` line). */
export const serverName = (i) => `p${i + 1}`;

/**
 * The haproxy configuration, and why each setting:
 * - `balance roundrobin`: every instance takes its share, so a kill always lands on traffic.
 * - `option httpchk OPTIONS /` + `http-check expect status 204`: the proxy answers a CORS
 *   preflight without an Origin with 204 before any rate limit or Redis call, so the check costs
 *   nothing and proves the HTTP server answers (a TCP check passes on a hung process).
 *   `inter 500ms fall 2 rise 2`: a dead instance is out within about a second, a restarted one back
 *   after two good checks (deployments use 2 s / 3 / 2; the run is only 40 s long).
 * - `retries 3` + `option redispatch 1`: a connection refused by a dead or stopping instance
 *   (before the checks noticed) is retried on another instance on every retry, so the browser
 *   never sees it. haproxy's default `retry-on conn-failure` is kept on purpose: a request an
 *   instance already took is never replayed by the balancer (that instance may be forwarding it;
 *   the browser's own retry and the shared dedupe store handle it).
 * - `timeout server 35s`: above the proxy's batch deadline (25 s): a slow batch gets its answer
 *   instead of a balancer 504 that would make the browser resend what is still being forwarded.
 *   `timeout connect 1s` (127.0.0.1), `timeout client 35s`, `timeout http-request 10s` (the
 *   proxy's own header limit).
 * - `http-after-response set-header x-tb-server %[srv_name]`: which instance answered (also on
 *   haproxy's own 502 when an instance died mid-request), for the report's attribution.
 * - `option httplog` to stdout: one line per request (server, timings, status, retries).
 * - A stats listener (CSV): current sessions per instance to aim a kill at one with calls in
 *   flight, and the retry/redispatch/down counters for the report.
 */
export function haproxyConfig({ port, statsPort, servers }) {
  return `global
  log stdout format raw local0
  maxconn 2000

defaults
  mode http
  log global
  option httplog
  option redispatch 1
  retries 3
  timeout connect 1s
  timeout client 35s
  timeout server 35s
  timeout http-request 10s

frontend talent_beacon
  bind 127.0.0.1:${port}
  default_backend proxies

backend proxies
  balance roundrobin
  option httpchk OPTIONS /
  http-check expect status 204
  http-after-response set-header x-tb-server %[srv_name]
  default-server check inter 500ms fall 2 rise 2
${servers.map((s) => `  server ${s.name} 127.0.0.1:${s.port}`).join('\n')}

listen stats
  bind 127.0.0.1:${statsPort}
  stats enable
  stats uri /
`;
}

/** haproxy's CSV statistics as objects (`# pxname,svname,...` header). */
export function parseStatsCsv(text) {
  const [header, ...lines] = text.trim().split('\n');
  const names = header.replace(/^# /, '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])));
}

/**
 * Starts haproxy (foreground, `-db`) in front of `servers` ({ name, port }) with its config in a
 * temp dir, and resolves once the balancer answers and every instance is UP (within 20 s).
 */
export async function startBalancer({ servers, logFile }) {
  const dir = mkdtempSync(join(tmpdir(), 'tb-chaos-haproxy-'));
  const port = await freePort();
  const statsPort = await freePort();
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, haproxyConfig({ port, statsPort, servers }));
  const { child } = await startChild('haproxy', 'haproxy', ['-db', '-f', file], { logFile });
  const statsUrl = `http://127.0.0.1:${statsPort}/;csv`;
  const stats = async () => {
    const response = await fetch(statsUrl, { signal: AbortSignal.timeout(2000) });
    return parseStatsCsv(await response.text()).filter((row) => row.pxname === 'proxies' && row.svname !== 'BACKEND');
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    const rows = await stats().catch(() => []);
    if (rows.length === servers.length && rows.every((r) => r.status === 'UP')) break;
    if (Date.now() > deadline)
      throw new Error(
        `haproxy: not every instance UP within 20 s: ${JSON.stringify(rows.map((r) => [r.svname, r.status]))}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    config: file,
    stats,
    /** Removes the config directory (haproxy itself is stopped with the other children). */
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
