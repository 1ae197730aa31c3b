import { describe, expect, it } from 'vitest';
import { DEFAULT_PROXY_PORT, parseProxyArgs } from '../../packages/talent-beacon-server/src/cli/proxy-command.js';
import { createProxy } from '../../packages/talent-beacon-server/src/proxy.js';

const base = ['--project', 'demo', '--allow-origin', 'http://127.0.0.1:8080'];

describe('talent-beacon-server proxy flags', () => {
  it('maps the documented command to createProxy options', () => {
    const parsed = parseProxyArgs([...base, '--upstream', 'http://127.0.0.1:8790', '--token', 'dev']);
    expect(parsed).toEqual({
      help: false,
      port: DEFAULT_PROXY_PORT,
      host: '127.0.0.1',
      shutdownTimeoutMs: 8000,
      options: {
        project: 'demo',
        allowedOrigins: ['http://127.0.0.1:8080'],
        upstream: 'http://127.0.0.1:8790',
        token: 'dev',
      },
    });
    expect(() => createProxy(parsed.options)).not.toThrow();
  });
  it('takes every flag, repeated origins, and PORT from the environment', () => {
    const parsed = parseProxyArgs(
      [
        ...base,
        '--allow-origin',
        'https://jobs.example.com',
        '--tenant',
        't',
        '--api-version',
        'v4',
        '--redis',
        'redis://127.0.0.1:6379',
        '--host',
        '0.0.0.0',
        '--trust-proxy',
        '--log',
        '--rate-limit',
        '0',
        '--max-event-age',
        '3600000',
        '--concurrency',
        '4',
        '--timeout',
        '5000',
        '--batch-timeout',
        '8000',
      ],
      { PORT: '9000' },
    );
    expect(parsed.port).toBe(9000);
    expect(parsed.host).toBe('0.0.0.0');
    expect(parsed.redis).toBe('redis://127.0.0.1:6379');
    expect(parsed.options).toEqual({
      project: 'demo',
      allowedOrigins: ['http://127.0.0.1:8080', 'https://jobs.example.com'],
      tenant: 't',
      apiVersion: 'v4',
      trustProxy: true,
      log: true,
      limits: { rateLimit: 0, maxEventAgeMs: 3600000, concurrency: 4, timeoutMs: 5000, batchTimeoutMs: 8000 },
    });
    expect(() => createProxy(parsed.options)).not.toThrow();
  });
  it('maps the flags for trusted proxies, the event rate limit, the body timeout and metrics', () => {
    const count = parseProxyArgs([
      ...base,
      '--trusted-proxies',
      '2',
      '--event-rate-limit',
      '300',
      '--body-timeout',
      '5000',
      '--metrics-token',
      'scrape-0123456789abcdef',
    ]);
    expect(count.options).toMatchObject({
      trustProxy: true,
      trustedProxies: 2,
      metricsToken: 'scrape-0123456789abcdef',
      limits: { eventRateLimit: 300, bodyTimeoutMs: 5000 },
    });
    expect(() => createProxy(count.options)).not.toThrow();
    const list = parseProxyArgs([...base, '--trusted-proxies', '35.191.0.0/16, 130.211.0.0/22']);
    expect(list.options).toMatchObject({ trustProxy: true, trustedProxies: ['35.191.0.0/16', '130.211.0.0/22'] });
    expect(
      parseProxyArgs(base, { TALENT_BEACON_METRICS_TOKEN: 'from-the-environment-0123' }).options.metricsToken,
    ).toBe('from-the-environment-0123');
    expect(parseProxyArgs([...base, '--metrics']).options.metricsRoute).toBe(true);
    expect(parseProxyArgs(base).options).not.toHaveProperty('metricsRoute');
    expect(() => createProxy(parseProxyArgs([...base, '--trusted-proxies', 'lb.example']).options)).toThrow(
      /"trustedProxies" must list IP addresses or CIDR ranges/,
    );
  });
  it('names the flag on bad input; createProxy names the rule', () => {
    expect(() => parseProxyArgs(['--allow-origin', 'http://a.example'])).toThrow(/--project is required/);
    expect(() => parseProxyArgs(['--project', 'p'])).toThrow(/--allow-origin is required/);
    expect(() => parseProxyArgs([...base, '--port', 'x'])).toThrow(/--port must be a whole number/);
    expect(() => parseProxyArgs([...base, '--port', '70000'])).toThrow(/from 0 to 65535/);
    expect(() => parseProxyArgs([...base, '--bogus'])).toThrow(/bogus/);
    expect(() => createProxy(parseProxyArgs([...base, '--api-version', 'v9']).options)).toThrow(
      /"apiVersion" must be one of/,
    );
    expect(() => createProxy(parseProxyArgs(['--project', 'p', '--allow-origin', 'example.com']).options)).toThrow(
      /allowedOrigins/,
    );
    expect(() => parseProxyArgs([...base, '--shutdown-timeout=-1'])).toThrow(
      /--shutdown-timeout must be a whole number of ms from 0 to 600000/,
    );
    expect(() => parseProxyArgs([...base, '--shutdown-timeout', '8s'])).toThrow(
      /--shutdown-timeout must be a whole number/,
    );
    expect(parseProxyArgs([...base, '--shutdown-timeout', '5000']).shutdownTimeoutMs).toBe(5000);
    expect(parseProxyArgs(['--help']).help).toBe(true);
  });
});
