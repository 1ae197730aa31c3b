// Issue 12 E1 and the same class of bug: client input must never reach a 500 in the emulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../packages/talent-beacon-emulator/src/http-io.js';
import { MAX_SEARCHES } from '../../packages/talent-beacon-emulator/src/cts-store.js';
import { start, type Running } from './helpers.js';

let r: Running;
const T = '/v4/projects/p/tenants/t';
const meta = { domain: 'jobs.example.com', sessionId: 's', userId: 'u' };
beforeAll(async () => {
  r = await start();
});
afterAll(() => r.emulator.close());
beforeEach(() => r.emulator.reset());

async function seedJob(over: Record<string, unknown> = {}): Promise<string> {
  const company = await r.call('POST', `${T}/companies`, { displayName: 'Acme', externalId: `acme-${Math.random()}` });
  const job = await r.call('POST', `${T}/jobs`, {
    company: company.body.name,
    requisitionId: `R-${Math.random()}`,
    title: 'Night nurse',
    description: 'Care',
    ...over,
  });
  expect(job.status).toBe(200);
  return job.body.name as string;
}

describe('names of Object.prototype members are values like any other', () => {
  it('answers 400 INVALID_ARGUMENT for jobView "constructor", "toString", "__proto__", "hasOwnProperty" when a job matches', async () => {
    await seedJob();
    for (const jobView of [
      'constructor',
      'toString',
      '__proto__',
      'hasOwnProperty',
      'valueOf',
      'undefined',
      -1,
      1.5,
      99,
      { toString: 1, valueOf: 1 },
      ['JOB_VIEW_FULL'],
      true,
    ]) {
      const res = await r.call('POST', `${T}/jobs:search`, { requestMetadata: meta, jobView });
      expect(res.status, JSON.stringify(jobView)).toBe(400);
      expect(res.body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
      expect(res.body.error.message).toContain('jobView must be one of');
    }
    expect(
      (await r.call('POST', `${T}/jobs:search`, { requestMetadata: meta, jobView: 'JOB_VIEW_ID_ONLY' })).status,
    ).toBe(200);
    expect((await r.call('POST', `${T}/jobs:search`, { requestMetadata: meta, jobView: 1 })).status).toBe(200);
  });

  it('answers 400 for objects whose valueOf/toString are not functions (Number()/String() would throw)', async () => {
    await seedJob();
    const hostile = { valueOf: 1, toString: 1 };
    const search = (body: Record<string, unknown>) =>
      r.call('POST', `${T}/jobs:search`, { requestMetadata: meta, ...body });
    for (const body of [
      { maxPageSize: hostile },
      { offset: hostile },
      { jobQuery: { companies: [hostile] } },
      { jobQuery: { companies: [1] } },
    ]) {
      const res = await search(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.status).toBe('INVALID_ARGUMENT');
    }
    const company = await r.call('POST', `${T}/companies`, { displayName: 'B', externalId: 'b' });
    const job = await r.call('POST', `${T}/jobs`, {
      company: company.body.name,
      requisitionId: 'R',
      title: 't',
      description: 'd',
      promotionValue: hostile,
    });
    expect(job.status).toBe(400);
    expect(job.body.error.message).toContain('job.promotionValue must be an integer');
  });

  it('refuses bodies nested deeper than 100 levels with 400, so nothing unserializable is ever stored', async () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const company = await r.call('POST', `${T}/companies`, { displayName: 'C', externalId: 'c' });
    const text = `{"company":"${company.body.name}","requisitionId":"R","title":"t","description":"d","compensationInfo":{"x":${deep(5000)}}}`;
    const res = await r.call('POST', `${T}/jobs`, text);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(`nested deeper than ${MAX_JSON_DEPTH}`);
    const ev = await r.call('POST', `${T}/clientEvents`, `{"eventId":${deep(5000)}}`);
    expect(ev.status).toBe(400);
    // Brackets inside strings do not count; 100 levels pass the depth check.
    const ok = await r.call('POST', `${T}/companies`, `{"displayName":"${'['.repeat(200)}","externalId":"d"}`);
    expect(ok.status).toBe(200);
    const edge = await r.call(
      'POST',
      `${T}/jobs:search`,
      `{"requestMetadata":${JSON.stringify(meta)},"jobQuery":{"companies":${'['.repeat(98)}${']'.repeat(98)}}}`,
    );
    expect(edge.body.error.message).not.toContain('nested deeper');
    // The store still answers every list and search.
    expect(
      (await r.call('GET', `${T}/jobs?filter=${encodeURIComponent(`companyName = "${company.body.name}"`)}`)).status,
    ).toBe(200);
  });

  it(`remembers at most ${MAX_SEARCHES} searches`, async () => {
    const { createCtsStore } = await import('../../packages/talent-beacon-emulator/src/cts-store.js');
    let n = 0;
    const store = createCtsStore({
      clock: () => new Date(),
      createId: () => String(++n),
      createRequestId: () => `r${++n}`,
    });
    for (let i = 0; i < MAX_SEARCHES + 5; i++)
      store.search({ name: 'projects/p/tenants/t', project: 'p', tenant: 't' }, { query: '', companies: [] });
    expect(store.searches()).toHaveLength(MAX_SEARCHES);
  });
});
