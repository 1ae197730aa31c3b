// What every example's test proves about its mounted proxy, over real HTTP on 127.0.0.1 against
// the real emulator: a new batch is accepted, the same batch again is answered duplicate, a CORS
// preflight gets 204, a foreign origin gets 403, CTS (the emulator) holds each event once, and the
// per-client rate limit is on (the proxy knows the client's IP), per client where the test can
// choose the IP. Shared by the examples' tests (examples/<name>/example.test.mjs).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

export const PROJECT = 'example-project';
export const ORIGIN = 'https://jobs.example.com';
/** What each example's rate limit is set to in its test (limits.rateLimit: requests per client per minute). */
export const RATE_LIMIT = 5;

/** A valid v3 ClientEvent of PROJECT, created now (the proxy checks createTime against its own clock). */
export function clientEvent(type = 'VIEW') {
  return {
    eventId: randomUUID(),
    requestId: `req-${randomUUID()}`,
    createTime: new Date().toISOString(),
    jobEvent: { type, jobs: [`projects/${PROJECT}/jobs/1`] },
  };
}

/** POSTs a batch the way the tracker does (text/plain: a CORS-simple request), bounded in time. */
export async function postBatch(url, events, { origin = ORIGIN, headers = {} } = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin, ...headers },
    body: JSON.stringify({ events }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/**
 * Runs the checks against a proxy at `url` that forwards to `emulator` (a createEmulator instance).
 * `clientHeaders(ip)`, when the platform takes the client's IP from a header (Workers:
 * cf-connecting-ip; Next.js: x-forwarded-for), lets the test act as two clients; without it all
 * requests come from 127.0.0.1. The proxy must run with limits.rateLimit = RATE_LIMIT.
 */
export async function checkProxy({ url, emulator, clientHeaders }) {
  const a = clientHeaders ? clientHeaders('198.51.100.7') : {};
  const events = [clientEvent('IMPRESSION'), clientEvent('VIEW')];
  const ids = events.map((e) => e.eventId);

  const first = await postBatch(url, events, { headers: a });
  assert.equal(first.status, 200, `first batch: ${first.text}`);
  assert.deepEqual(
    first.json.results.map((r) => [r.eventId, r.status]),
    ids.map((id) => [id, 'accepted']),
  );
  assert.equal(first.headers.get('access-control-allow-origin'), ORIGIN);

  const again = await postBatch(url, events, { headers: a });
  assert.equal(again.status, 200, `same batch again: ${again.text}`);
  assert.deepEqual(
    again.json.results.map((r) => r.status),
    ['duplicate', 'duplicate'],
  );

  const preflight = await fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin: ORIGIN,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
      ...a,
    },
    signal: AbortSignal.timeout(30_000),
  });
  await preflight.arrayBuffer();
  assert.equal(preflight.status, 204, 'preflight');
  assert.equal(preflight.headers.get('access-control-allow-origin'), ORIGIN);

  const foreign = await postBatch(url, [clientEvent()], { origin: 'https://evil.example', headers: a });
  assert.equal(foreign.status, 403, `foreign origin: ${foreign.text}`);

  const stored = emulator.clientEvents().filter((c) => ids.includes(c.event.eventId));
  assert.deepEqual(
    stored.map((c) => c.event.eventId).sort(),
    [...ids].sort(),
    'each event stored once in the emulator',
  );

  // The rate limit counts a client's POSTs (the foreign origin's was refused before counting):
  // two so far, so client A is limited within RATE_LIMIT more.
  let limited;
  for (let i = 0; i < RATE_LIMIT + 1 && !limited; i++) {
    const r = await postBatch(url, [], { headers: a });
    if (r.status === 429) limited = r;
  }
  assert.ok(
    limited,
    `the rate limit never answered 429 after ${RATE_LIMIT + 1} more requests: the proxy does not know the client's IP`,
  );
  assert.match(limited.headers.get('retry-after') ?? '', /^\d+$/);
  if (clientHeaders) {
    const b = await postBatch(url, [], { headers: clientHeaders('203.0.113.9') });
    assert.notEqual(b.status, 429, 'another client is limited too: every request has the same client IP');
  }
  return { stored: stored.length };
}
