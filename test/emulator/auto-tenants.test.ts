// Auto-created tenants are bounded: a path naming a fresh tenant id per request must not grow the
// emulator's memory without bound (measured with bench/emulator-memory.js).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCtsStore, MAX_AUTO_TENANTS } from '../../packages/talent-beacon-emulator/src/cts-store.js';
import { RpcError } from '../../packages/talent-beacon-emulator/src/rpc-error.js';
import { start, type Running } from './helpers.js';

const parent = (tenant: string) => ({ name: `projects/p/tenants/${tenant}`, project: 'p', tenant });
const newStore = () => {
  let n = 0;
  return createCtsStore({ clock: () => new Date(), createId: () => String(++n), createRequestId: () => `r${++n}` });
};

describe(`auto-created tenants (at most ${MAX_AUTO_TENANTS})`, () => {
  it('auto-creates tenants up to the cap, then answers NOT_FOUND for a new id; known ids keep working', () => {
    const store = newStore();
    for (let i = 0; i < MAX_AUTO_TENANTS; i++) store.getTenant(`projects/p/tenants/t${i}`);
    expect(store.listTenants('p')).toHaveLength(MAX_AUTO_TENANTS);
    let error: unknown;
    try {
      store.getTenant('projects/p/tenants/one-more');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).status).toBe('NOT_FOUND');
    expect((error as RpcError).message).toContain(`fewer than ${MAX_AUTO_TENANTS}`);
    // Searches and creates under a new id are refused the same way; nothing was stored.
    expect(() => store.search(parent('another'), { query: '', companies: [] })).toThrow(/not found/);
    expect(() => store.createCompany(parent('another'), { displayName: 'A', externalId: 'a' })).toThrow(/not found/);
    expect(store.listTenants('p')).toHaveLength(MAX_AUTO_TENANTS);
    // A tenant already held still works.
    expect(store.getTenant('projects/p/tenants/t7').externalId).toBe('t7');
    expect(store.search(parent('t7'), { query: '', companies: [] }).hits).toEqual([]);
    // Deleting one, or a reset, makes room again; tenants.create is not limited.
    store.deleteTenant('projects/p/tenants/t0');
    expect(store.getTenant('projects/p/tenants/one-more').name).toBe('projects/p/tenants/one-more');
    expect(store.createTenant('p', { externalId: 'explicit' }).externalId).toBe('explicit');
    store.reset();
    expect(store.getTenant('projects/p/tenants/one-more').name).toBe('projects/p/tenants/one-more');
  });
});

describe('auto-created tenants over HTTP', () => {
  let r: Running;
  beforeAll(async () => {
    r = await start();
  });
  afterAll(() => r.emulator.close());
  beforeEach(() => r.emulator.reset());

  it(`answers 404 NOT_FOUND (google.rpc.Status) for a new tenant id once ${MAX_AUTO_TENANTS} tenants exist`, async () => {
    for (let i = 0; i < MAX_AUTO_TENANTS; i += 50) {
      const batch = Array.from({ length: 50 }, (_, k) => r.call('GET', `/v4/projects/p/tenants/t${i + k}`));
      for (const answer of await Promise.all(batch)) expect(answer.status).toBe(200);
    }
    const refused = await r.call('GET', '/v4/projects/p/tenants/fresh');
    expect(refused.status).toBe(404);
    expect(refused.body.error.status).toBe('NOT_FOUND');
    expect((await r.call('GET', '/v4/projects/p/tenants/t3')).status).toBe(200);
    expect((await r.call('GET', '/v4/projects/p/tenants')).body.tenants).toHaveLength(MAX_AUTO_TENANTS);
  });
});
