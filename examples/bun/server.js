// The talent-beacon-server proxy on Bun.serve at /cts/events. Run: bun server.js
import { createProxy } from 'talent-beacon-server/proxy';

const env = process.env;
const proxy = createProxy({
  project: env.CTS_PROJECT,
  tenant: env.CTS_TENANT || undefined,
  allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').filter(Boolean),
  // Without CTS_TOKEN: google-auth-library's Application Default Credentials.
  token: env.CTS_TOKEN || undefined,
  upstream: env.CTS_UPSTREAM || undefined,
  // Behind a load balancer, drop clientIp below and set trustProxy: true (X-Forwarded-For).
  limits: env.RATE_LIMIT ? { rateLimit: Number(env.RATE_LIMIT) } : undefined,
});

Bun.serve({
  hostname: env.HOST ?? '127.0.0.1',
  port: Number(env.PORT ?? 8080),
  fetch(request, server) {
    if (new URL(request.url).pathname !== '/cts/events') return new Response('not found', { status: 404 });
    // The socket's peer: the visitor when Bun faces the internet (the rate limits' key).
    return proxy.fetch(request, { clientIp: server.requestIP(request)?.address });
  },
});
