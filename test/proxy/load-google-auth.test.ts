// Where google-auth-library cannot be loaded (a runtime without Node built-ins that got the Node
// build, or a bundle that left the package out), the Node build's default credentials fail with
// a message that names the way out; the batch is answered retry and the log says why.
import { describe, expect, it, vi } from 'vitest';
import { createProxy } from '../../packages/talent-beacon-server/src/proxy.js';
import { loadGoogleAuth } from '../../packages/talent-beacon-server/src/proxy/load-google-auth.js';
import { NOW, ORIGIN, post, stubFetch, v3Event } from './helpers.js';

// Stands in for a runtime where the module cannot load: its import rejects.
vi.mock('google-auth-library', () => {
  throw new Error('No such built-in module: node:child_process');
});

describe('loadGoogleAuth where google-auth-library cannot load', () => {
  it('names the options that avoid it', async () => {
    const error = await loadGoogleAuth(['s']).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/^google-auth-library could not be loaded \(.+\)/);
    expect(error?.message).toMatch(/pass option "token" \(an access token\) or "auth"/);
    expect(error?.cause).toBeInstanceOf(Error);
  });

  it('answers retry and logs the reason, naming token and auth', async () => {
    const logs: Record<string, unknown>[] = [];
    const stub = stubFetch();
    const proxy = createProxy({
      project: 'acme',
      allowedOrigins: [ORIGIN],
      fetch: stub.fetch,
      now: () => NOW,
      log: (l) => void logs.push(l),
    });
    const r = await post(proxy, { events: [v3Event()] });
    expect(r.json.results[0].status).toBe('retry');
    expect(stub.calls).toHaveLength(0);
    const line = logs.find((l) => l.msg === 'talent-beacon proxy: no upstream credentials');
    expect(String(line?.error)).toMatch(/"token".*"auth"/);
  });
});
