// One proxy per server process (its memory dedupe and rate limits live as long as it), made at
// the first request so that `next build` does not need the settings.
import { createProxy } from 'talent-beacon-server/proxy';

/**
 * The proxy for the route handlers in app/cts/. The client IP comes from X-Forwarded-For
 * (trustProxy): Next.js route handlers are not told the socket's peer, and the platform in
 * front writes it there (Vercel sets X-Forwarded-For to the visitor's address; Cloud Run and
 * load balancers append the address they received the request from). Count the hops that append
 * in `trustedProxies` (default 1).
 */
export function createCtsProxy() {
  const env = process.env;
  return createProxy({
    project: env.CTS_PROJECT,
    tenant: env.CTS_TENANT || undefined,
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').filter(Boolean),
    // Without CTS_TOKEN: google-auth-library's Application Default Credentials (Node runtime
    // only; the Edge runtime gets talent-beacon-server/proxy's fetch-runtime build, which needs a token
    // or an auth client).
    token: env.CTS_TOKEN || undefined,
    upstream: env.CTS_UPSTREAM || undefined,
    trustProxy: true,
    limits: env.RATE_LIMIT ? { rateLimit: Number(env.RATE_LIMIT) } : undefined,
  });
}
