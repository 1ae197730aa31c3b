import ipaddr from 'ipaddr.js';
import { ConfigError, describeValue } from '@talent-beacon/core';

/** Decides whether the hop `index` (0 = the peer of the socket) with `address` is a trusted proxy. */
export type TrustHop = (address: string | undefined, index: number) => boolean;

/** The key of requests whose client address cannot be read (a garbled X-Forwarded-For entry). */
export const UNKNOWN_CLIENT = 'unknown';

// Only the right-most entries can have been written by trusted proxies; a client may send
// thousands of its own in front of them.
const MAX_HOPS = 32;

/**
 * Builds the trust test of `trustedProxies`: a count of hops (the socket's peer and the
 * X-Forwarded-For entries appended by the proxies in front, right to left), or a list of
 * addresses and CIDR ranges. Throws a ConfigError naming the option and the bad value.
 *
 * @example
 * compileTrust(2)(undefined, 1); // true: the second hop is trusted
 * compileTrust(['35.191.0.0/16'])('35.191.3.4', 0); // true
 */
export function compileTrust(trusted: number | string[]): TrustHop {
  if (typeof trusted === 'number') {
    if (!Number.isInteger(trusted) || trusted < 1 || trusted > MAX_HOPS) {
      throw new ConfigError(
        'INVALID_OPTION',
        'trustedProxies',
        `createProxy: option "trustedProxies" must be a whole number of hops from 1 to ${MAX_HOPS}, or a list of addresses / CIDR ranges (got ${describeValue(trusted)})`,
      );
    }
    return (_address, index) => index < trusted;
  }
  const ranges = trusted.map((entry) => {
    try {
      return entry.includes('/')
        ? ipaddr.parseCIDR(entry)
        : ([ipaddr.parse(entry), ipaddr.parse(entry).kind() === 'ipv4' ? 32 : 128] as [
            ipaddr.IPv4 | ipaddr.IPv6,
            number,
          ]);
    } catch {
      throw new ConfigError(
        'INVALID_OPTION',
        'trustedProxies',
        `createProxy: option "trustedProxies" must list IP addresses or CIDR ranges such as "35.191.0.0/16" (got ${describeValue(entry)})`,
      );
    }
  });
  return (address, index) => {
    // A fetch runtime does not know the socket's peer: its own front end, trusted.
    if (address === undefined) return index === 0;
    const parsed = parse(address);
    return (
      parsed !== undefined &&
      ranges.some(([range, bits]) => parsed.kind() === range.kind() && parsed.match(range, bits))
    );
  };
}

function parse(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  let text = address.trim();
  // Some proxies write a port: "203.0.113.7:52314", "[2001:db8::1]:443".
  const [, bracketed] = /^\[([^\]]+)\](?::\d+)?$/.exec(text) ?? [];
  if (bracketed) text = bracketed;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  if (text.length > 64 || !ipaddr.isValid(text)) return undefined;
  try {
    // IPv4-mapped IPv6 (::ffff:203.0.113.7) is the IPv4 address.
    return ipaddr.process(text);
  } catch {
    return undefined;
  }
}

/**
 * The rate-limit and fairness key of an address: an IPv4 address as is, an IPv6 address by its
 * /64 (one subscriber usually holds a whole /64, and could otherwise take a fresh key per
 * request), anything unparsable as {@link UNKNOWN_CLIENT}. So a key is at most 24 characters.
 *
 * @example
 * clientKey('2001:db8:1:2:aaaa::1'); // '2001:db8:1:2::/64'
 * clientKey('::ffff:203.0.113.7');   // '203.0.113.7'
 */
export function clientKey(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  const parsed = parse(address);
  if (!parsed) return UNKNOWN_CLIENT;
  if (parsed.kind() === 'ipv4') return parsed.toString();
  return `${(parsed as ipaddr.IPv6).parts
    .slice(0, 4)
    .map((p) => p.toString(16))
    .join(':')}::/64`;
}

/**
 * The client's address behind trusted proxies: walking from the socket's peer leftwards
 * through X-Forwarded-For, the first hop that is not trusted (the right-most untrusted entry);
 * if all are trusted, the left-most. A client can write anything to the left of what the
 * trusted proxies append, never to the right, so entries further left are never used.
 *
 * @example
 * forwardedClient('198.51.100.9, 203.0.113.7', '10.0.0.2', compileTrust(1)); // '203.0.113.7'
 */
export function forwardedClient(
  forwardedFor: string | string[] | null | undefined,
  peer: string | undefined,
  trust: TrustHop,
): string | undefined {
  const text = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const entries = text
    .split(',')
    .slice(-MAX_HOPS)
    .map((e) => e.trim())
    .reverse();
  const hops = [peer, ...(text.trim() === '' ? [] : entries)];
  for (let i = 0; i < hops.length; i++) {
    if (i === hops.length - 1 || !trust(hops[i], i)) return hops[i];
  }
  return peer;
}
