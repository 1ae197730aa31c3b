// The talent-beacon-server proxy as a Cloudflare Worker at /cts/events. No nodejs_compat needed: under
// wrangler, talent-beacon-server/proxy is its fetch-runtime build, which never loads google-auth-library,
// so it takes `token` (or an `auth` object with getAccessToken()).
import { createProxy } from 'talent-beacon-server/proxy';

// One proxy per isolate (its memory dedupe and rate limits live as long as the isolate).
let proxy;

function proxyFor(env) {
  proxy ??= createProxy({
    project: env.CTS_PROJECT,
    tenant: env.CTS_TENANT || undefined,
    allowedOrigins: env.ALLOWED_ORIGINS.split(','),
    token: env.CTS_TOKEN,
    upstream: env.CTS_UPSTREAM || undefined,
    limits: env.RATE_LIMIT ? { rateLimit: Number(env.RATE_LIMIT) } : undefined,
  });
  return proxy;
}

export default {
  fetch(request, env) {
    if (new URL(request.url).pathname !== '/cts/events') return new Response('not found', { status: 404 });
    // Cloudflare's edge sets CF-Connecting-IP to the visitor's address (and overwrites one a
    // client sends): the key of the per-client rate limits.
    return proxyFor(env).fetch(request, { clientIp: request.headers.get('cf-connecting-ip') ?? undefined });
  },
};
