// The fetch-runtime build of talent-beacon-server/proxy (packages/talent-beacon-server/src/proxy-edge.ts, export conditions
// workerd / worker / edge-light): same API, never reaches google-auth-library, not even through a
// bundler, and asks for token or auth by name. The Worker example runs it under real workerd.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../packages/core/src/index.js';
import { createProxy as createEdgeProxy } from '../../packages/talent-beacon-server/src/proxy-edge.js';
import * as nodeEntry from '../../packages/talent-beacon-server/src/proxy.js';
import * as edgeEntry from '../../packages/talent-beacon-server/src/proxy-edge.js';
import { NOW, ORIGIN, post, stubFetch, v3Event } from './helpers.js';

/** Bundles an entry the way wrangler does for workerd without nodejs_compat: no Node built-ins. */
async function bundleForWorkerd(entry: string) {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    logLevel: 'silent',
    metafile: true,
  }).catch((error: { errors?: { text: string }[] }) => ({ failed: (error.errors ?? []).map((e) => e.text) }));
  if ('failed' in result) return { errors: result.failed, inputs: [] as string[] };
  return { errors: [] as string[], inputs: Object.keys(result.metafile.inputs) };
}

describe('talent-beacon-server/proxy for fetch runtimes without Node built-ins', () => {
  it('bundles for workerd with no Node built-in and without google-auth-library', async () => {
    const { errors, inputs } = await bundleForWorkerd('../../packages/talent-beacon-server/src/proxy-edge.ts');
    expect(errors).toEqual([]);
    expect(inputs.filter((i) => i.includes('google-auth-library') || i.includes('load-google-auth'))).toEqual([]);
  });

  it('the Node build does reach google-auth-library (so the check above can fail)', async () => {
    const { errors } = await bundleForWorkerd('../../packages/talent-beacon-server/src/proxy.ts');
    expect(errors.some((e) => /Could not resolve "(node:)?(fs|https|child_process|crypto|os)"/.test(e))).toBe(true);
  });

  it('exports the same names as the Node build', () => {
    expect(Object.keys(edgeEntry).sort()).toEqual(Object.keys(nodeEntry).sort());
  });

  it('requires token or auth, naming both and what to pass', () => {
    let error: unknown;
    try {
      createEdgeProxy({ project: 'acme', allowedOrigins: [ORIGIN] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'MISSING_OPTION', option: 'auth' });
    expect((error as Error).message).toMatch(/createProxy: option "token" or "auth" is required/);
    expect((error as Error).message).toMatch(/getAccessToken\(\) or getRequestHeaders\(\)/);
  });

  it('forwards with a token, and with an auth object', async () => {
    for (const credentials of [
      { token: 'edge-token' },
      { auth: { getAccessToken: () => Promise.resolve('edge-token') } },
    ]) {
      const stub = stubFetch();
      const proxy = createEdgeProxy({
        project: 'acme',
        allowedOrigins: [ORIGIN],
        fetch: stub.fetch,
        now: () => NOW,
        log: false,
        ...credentials,
      });
      const event = v3Event();
      const first = await post(proxy, { events: [event] });
      const again = await post(proxy, { events: [event] });
      expect(first.json.results[0].status).toBe('accepted');
      expect(again.json.results[0].status).toBe('duplicate');
      expect(stub.calls.map((c) => c.headers.authorization)).toEqual(['Bearer edge-token']);
    }
  });
});
