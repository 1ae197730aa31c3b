// POST /cts/events (and its CORS preflight): the talent-beacon-server proxy on the Node runtime.
import { createCtsProxy } from '../../create-cts-proxy.js';

let proxy;

export function POST(request) {
  proxy ??= createCtsProxy();
  return proxy.fetch(request);
}

export const OPTIONS = POST;
