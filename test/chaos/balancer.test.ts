// The chaos run's balancer: the generated haproxy config is one haproxy itself accepts (haproxy -c),
// with the settings the multi-instance run relies on, and its CSV statistics are read by name.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { haproxyConfig, parseStatsCsv } from '../../scripts/chaos/balancer.js';

describe('chaos balancer (haproxy)', () => {
  it('generates a config haproxy accepts, on 127.0.0.1, with health checks, redispatch and retries', () => {
    const config = haproxyConfig({
      port: 18001,
      statsPort: 18002,
      servers: [
        { name: 'p1', port: 18003 },
        { name: 'p2', port: 18004 },
      ],
    });
    const dir = mkdtempSync(join(tmpdir(), 'tb-haproxy-test-'));
    try {
      writeFileSync(join(dir, 'haproxy.cfg'), config);
      // Throws (with haproxy's message) on an invalid config.
      execFileSync('haproxy', ['-c', '-f', join(dir, 'haproxy.cfg')], { stdio: 'pipe' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    for (const line of [
      'bind 127.0.0.1:18001',
      'option redispatch 1',
      'retries 3',
      'option httpchk OPTIONS /',
      'http-check expect status 204',
      'server p1 127.0.0.1:18003',
      'server p2 127.0.0.1:18004',
      'timeout server 35s',
    ])
      expect(config).toContain(line);
    expect(config).not.toMatch(/bind (?!127\.0\.0\.1)/);
  });
  it('reads the CSV statistics by column name', () => {
    const rows = parseStatsCsv('# pxname,svname,scur,status\nproxies,p1,2,UP\nproxies,BACKEND,2,UP\n');
    expect(rows).toEqual([
      { pxname: 'proxies', svname: 'p1', scur: '2', status: 'UP' },
      { pxname: 'proxies', svname: 'BACKEND', scur: '2', status: 'UP' },
    ]);
  });
});
