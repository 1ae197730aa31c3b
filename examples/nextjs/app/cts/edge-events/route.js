// The same proxy on the Edge runtime: there talent-beacon-server/proxy resolves to its fetch-runtime
// build (export condition "edge-light"), which never bundles google-auth-library. (Next.js 16.5
// marks the Edge runtime deprecated in favour of "nodejs"; this route shows that the build works there.)
import { createCtsProxy } from '../../create-cts-proxy.js';

export const runtime = 'edge';

let proxy;

export function POST(request) {
  proxy ??= createCtsProxy();
  return proxy.fetch(request);
}

export const OPTIONS = POST;
