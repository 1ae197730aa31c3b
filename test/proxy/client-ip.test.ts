// The client IP behind trusted proxies (issue 12, D4): the right-most entry of X-Forwarded-For
// that a trusted proxy did not write, and rate-limit keys bounded in size.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientKey, compileTrust, forwardedClient } from '../../packages/talent-beacon-server/src/proxy/client-ip.js';
import { testProxy } from './helpers.js';

const send = (t: ReturnType<typeof testProxy>, xff: string) =>
  t.proxy.fetch(
    new Request('https://s.example/e', { method: 'POST', body: '{"events":[]}', headers: { 'x-forwarded-for': xff } }),
  );

describe('the client IP behind a load balancer', () => {
  it('a client writing a fresh first X-Forwarded-For entry per request is still one client', async () => {
    const t = testProxy({ limits: { rateLimit: 5 }, trustProxy: true });
    const statuses: number[] = [];
    // Cloud Run appends the address it saw: whatever the client sent stays on the left.
    for (let i = 0; i < 8; i++) statuses.push((await send(t, `10.${i}.${i}.${i}, 198.51.100.7`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    expect((await send(t, '198.51.100.8')).status).toBe(200);
  });
  it('trustedProxies: 2 (a Google external Application Load Balancer appends "<client>, <lb>")', async () => {
    const t = testProxy({ limits: { rateLimit: 1 }, trustProxy: true, trustedProxies: 2 });
    expect((await send(t, 'spoof-1, 203.0.113.5, 34.120.0.1')).status).toBe(200);
    expect((await send(t, 'spoof-2, 203.0.113.5, 34.120.0.1')).status).toBe(429);
    expect((await send(t, '203.0.113.6, 34.120.0.1')).status).toBe(200);
  });
  it('trustedProxies as a list of addresses and ranges: the right-most entry outside it', () => {
    const trust = compileTrust(['10.0.0.0/8', '35.191.0.0/16', '127.0.0.1']);
    expect(forwardedClient('1.2.3.4, 203.0.113.5, 35.191.7.7, 10.1.2.3', '127.0.0.1', trust)).toBe('203.0.113.5');
    expect(forwardedClient('203.0.113.5', '127.0.0.1', trust)).toBe('203.0.113.5');
    // The socket's peer is not a trusted proxy: it is the client, whatever the header says.
    expect(forwardedClient('203.0.113.5', '198.51.100.1', trust)).toBe('198.51.100.1');
    // All trusted: the left-most one.
    expect(forwardedClient('10.0.0.9, 10.0.0.8', '127.0.0.1', trust)).toBe('10.0.0.9');
    // Several headers are one list.
    expect(forwardedClient(['9.9.9.9, 203.0.113.5', '10.0.0.1'], '127.0.0.1', trust)).toBe('203.0.113.5');
    // Counts: 1 = the right-most entry; more hops than entries: the left-most.
    expect(forwardedClient('9.9.9.9, 203.0.113.5', '10.0.0.2', compileTrust(1))).toBe('203.0.113.5');
    expect(forwardedClient('203.0.113.5', '10.0.0.2', compileTrust(3))).toBe('203.0.113.5');
    expect(forwardedClient(undefined, '10.0.0.2', compileTrust(1))).toBe('10.0.0.2');
  });
  it('keys IPv6 clients by their /64 and IPv4-mapped addresses as IPv4', async () => {
    expect(clientKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('203.0.113.7:52314')).toBe('203.0.113.7');
    expect(clientKey('[2001:db8::1]:443')).toBe('2001:db8:0:0::/64');
    const t = testProxy({ limits: { rateLimit: 2 }, trustProxy: true });
    expect((await send(t, '2001:db8:1:2::1')).status).toBe(200);
    expect((await send(t, '2001:db8:1:2::abcd')).status).toBe(200);
    expect((await send(t, '2001:db8:1:2:9::1')).status).toBe(429);
    expect((await send(t, '2001:db8:1:3::1')).status).toBe(200);
  });
  it('keys are at most 24 characters, whatever the header holds', () => {
    expect(clientKey('x'.repeat(12_000))).toBe('unknown');
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.array(fc.string({ maxLength: 60 }), { maxLength: 40 }),
        (peer, entries) => {
          const key = clientKey(forwardedClient(entries.join(','), peer, compileTrust(2)));
          expect(key === undefined || key.length <= 24).toBe(true);
        },
      ),
      { seed: 12, numRuns: 2000 },
    );
  });
  it('names the option and value of a bad trust setting', () => {
    expect(() => testProxy({ trustProxy: true, trustedProxies: 0 })).toThrow(
      /option "trustedProxies" must be a whole number of hops from 1 to 32.*\(got 0\)/,
    );
    expect(() => testProxy({ trustProxy: true, trustedProxies: ['10.0.0.0/8', 'lb.example'] })).toThrow(
      /option "trustedProxies" must list IP addresses or CIDR ranges.*lb\.example/,
    );
    expect(() => testProxy({ trustedProxies: 2 })).toThrow(/"trustedProxies" \(2\) is only read with trustProxy: true/);
  });
});
