// talent-beacon-server/proxy for fetch runtimes without Node built-ins: Cloudflare Workers without
// nodejs_compat (export condition "workerd" / "worker"), Vercel and Next.js Edge ("edge-light"),
// or imported by name as talent-beacon-server/proxy/edge. The same API as the Node build, except that
// nothing here reaches google-auth-library (which needs fs, https, child_process), not even
// through a bundler following import(): `token` or `auth` is required.
import { createProxy as buildProxy } from './proxy/create-proxy.js';
import type { Proxy, ProxyOptions } from './proxy/proxy-types.js';

export * from './proxy/exports.js';

/**
 * Creates the proxy (see talent-beacon-server/proxy) for fetch runtimes: give `token` (an OAuth 2.0
 * access token for the jobs scope; any string for the emulator) or `auth` (an object with
 * getAccessToken() or getRequestHeaders()); without either it throws ConfigError
 * [MISSING_OPTION] naming both. Mount `proxy.fetch` and pass the client IP the platform reports.
 *
 * @example
 * // A Cloudflare Worker (no nodejs_compat needed):
 * import { createProxy } from 'talent-beacon-server/proxy';
 * let proxy;
 * export default {
 *   fetch(request, env) {
 *     proxy ??= createProxy({ project: env.CTS_PROJECT, tenant: env.CTS_TENANT, allowedOrigins: env.ALLOWED_ORIGINS.split(','), token: env.CTS_TOKEN });
 *     return proxy.fetch(request, { clientIp: request.headers.get('cf-connecting-ip') ?? undefined });
 *   },
 * };
 */
export function createProxy(options: ProxyOptions): Proxy {
  return buildProxy(options);
}
