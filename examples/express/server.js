// An Express 5 site that serves the talent-beacon-server proxy at /cts/events (same site as its pages:
// see docs/deploy.md). Run: CTS_PROJECT=my-project ALLOWED_ORIGINS=https://jobs.example.com node server.js
import { fileURLToPath } from 'node:url';
import express from 'express';
import { createProxy } from 'talent-beacon-server/proxy';

/**
 * The site: the proxy first, then the site's own middleware and routes. The proxy reads the
 * raw body itself (bounded in size and time); mounted behind express.json() / express.text() it
 * takes the parsed req.body instead, so the order only matters for how much is read.
 *
 * @param {import('talent-beacon-server/proxy').ProxyOptions} proxyOptions
 */
export function createApp(proxyOptions) {
  const app = express();
  const proxy = createProxy(proxyOptions);
  // proxy.node reads the client IP itself: the socket's peer, or with trustProxy the
  // X-Forwarded-For entry written by the balancer in front (Express's own "trust proxy" setting
  // is not consulted).
  app.use('/cts/events', proxy.node);
  app.use(express.json());
  app.get('/', (_req, res) =>
    res.type('html').send('<script async src="/talent-beacon.js" data-endpoint="/cts/events"></script>'),
  );
  return app;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const env = process.env;
  const app = createApp({
    project: env.CTS_PROJECT,
    tenant: env.CTS_TENANT || undefined,
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').filter(Boolean),
    // Without CTS_TOKEN: google-auth-library's Application Default Credentials.
    token: env.CTS_TOKEN || undefined,
    upstream: env.CTS_UPSTREAM || undefined,
    // Behind Cloud Run or one load balancer: the client is the entry left of the balancer's.
    trustProxy: env.TRUST_PROXY === '1',
  });
  const port = Number(env.PORT ?? 8080);
  app.listen(port, env.HOST ?? '127.0.0.1', () => console.log(`listening on ${port}`));
}
