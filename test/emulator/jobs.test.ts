import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCtsClient, CtsApiError } from '../../packages/demo/src/cts-client.js';
import { start, type Running } from './helpers.js';

let r: Running;
let now = new Date('2026-11-22T10:00:00.000Z');
const T = '/v4/projects/p/tenants/t';
beforeAll(async () => {
  r = await start({ clock: () => now });
});
afterAll(() => r.emulator.close());
beforeEach(() => {
  r.emulator.reset();
  now = new Date('2026-11-22T10:00:00.000Z');
});

async function company(
  path = T,
  body: unknown = { displayName: 'Acme', externalId: `acme-${Math.random()}` },
): Promise<string> {
  const res = await r.call('POST', `${path}/companies`, body);
  expect(res.status).toBe(200);
  return res.body.name as string;
}
const job = (companyName: string, over: Record<string, unknown> = {}) => ({
  company: companyName,
  requisitionId: 'REQ-1',
  title: 'Night nurse',
  description: '<p>Care for <b>patients</b> at night.</p>',
  addresses: ['1 Main St, Boston, MA'],
  ...over,
});

describe('companies and tenants', () => {
  it('creates and gets companies (v4 bare body, v3 and v4beta1 {company}), refusing a repeated externalId', async () => {
    const v4 = await r.call('POST', `${T}/companies`, { displayName: 'Acme', externalId: 'acme' });
    expect(v4.body).toEqual({
      name: expect.stringMatching(/^projects\/p\/tenants\/t\/companies\/\w+$/),
      displayName: 'Acme',
      externalId: 'acme',
    });
    expect((await r.call('GET', `/v4/${v4.body.name}`)).body).toEqual(v4.body);
    expect(
      (await r.call('POST', `${T}/companies`, { displayName: 'Acme 2', externalId: 'acme' })).body.error.status,
    ).toBe('ALREADY_EXISTS');
    const v3 = await r.call('POST', '/v3/projects/p/companies', { company: { displayName: 'Old', externalId: 'old' } });
    expect(v3.body.name).toMatch(/^projects\/p\/companies\//);
    const beta = await r.call('POST', '/v4beta1/projects/p/companies', {
      company: { displayName: 'Beta', externalId: 'beta' },
    });
    expect(beta.body.name).toMatch(/^projects\/p\/companies\//);
    const missing = await r.call('POST', `${T}/companies`, { displayName: 'No id' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('company.externalId');
    expect((await r.call('GET', `${T}/companies/nope`)).status).toBe(404);
  });

  it('tenants: create and get minimal, any tenant id in a path works', async () => {
    const t = await r.call('POST', '/v4/projects/p/tenants', { externalId: 'board' });
    expect(t.body).toEqual({ name: expect.stringMatching(/^projects\/p\/tenants\/\w+$/), externalId: 'board' });
    expect((await r.call('GET', `/v4/${t.body.name}`)).body).toEqual(t.body);
    expect((await r.call('GET', '/v4/projects/p/tenants/auto')).body).toEqual({
      name: 'projects/p/tenants/auto',
      externalId: 'auto',
    });
  });
});

describe('jobs create, get, list, delete', () => {
  it('creates a job with server fields, ignores output-only input, gets, lists and deletes it', async () => {
    const c = await company();
    const created = await r.call(
      'POST',
      `${T}/jobs`,
      job(c, { postingCreateTime: '2000-01-01T00:00:00Z', companyDisplayName: 'Fake', name: 'mine' }),
    );
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      name: expect.stringMatching(/^projects\/p\/tenants\/t\/jobs\/\w+$/),
      company: c,
      companyDisplayName: 'Acme',
      languageCode: 'en-US',
      postingCreateTime: '2026-11-22T10:00:00.000Z',
      postingUpdateTime: '2026-11-22T10:00:00.000Z',
      postingExpireTime: '2026-12-22T10:00:00.000Z',
    });
    const name = created.body.name as string;
    expect((await r.call('GET', `/v4/${name}`)).body).toEqual(created.body);
    const list = await r.call('GET', `${T}/jobs?filter=${encodeURIComponent(`companyName = "${c}"`)}`);
    expect(list.body.jobs).toEqual([created.body]);
    expect(list.body.metadata.requestId).toEqual(expect.any(String));
    const noFilter = await r.call('GET', `${T}/jobs`);
    expect(noFilter.status).toBe(400);
    expect(noFilter.body.error.message).toContain('filter is required');
    const byReq = await r.call(
      'GET',
      `${T}/jobs?filter=${encodeURIComponent('requisitionId = "REQ-1" AND status = "ALL"')}`,
    );
    expect(byReq.body.jobs).toHaveLength(1);
    expect((await r.call('DELETE', `/v4/${name}`)).body).toEqual({});
    expect((await r.call('GET', `/v4/${name}`)).body.error.status).toBe('NOT_FOUND');
  });

  it('enforces required fields and the documented limits, naming the field', async () => {
    const c = await company();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: undefined }, 'job.title is required'],
      [{ requisitionId: 'r'.repeat(256) }, 'job.requisitionId is 256 characters; at most 255'],
      [{ title: 't'.repeat(501) }, 'job.title is 501 characters; at most 500'],
      [{ description: 'd'.repeat(100_001) }, 'job.description is 100001 characters; at most 100000'],
      [{ addresses: Array.from({ length: 51 }, (_, i) => `${i} St`) }, 'job.addresses has 51 entries; at most 50'],
      [{ customAttributes: { '1bad': { stringValues: ['x'] } } }, 'key must match the pattern [a-zA-Z][a-zA-Z0-9_]*'],
      [
        { customAttributes: { both: { stringValues: ['x'], longValues: [1] } } },
        'exactly one of stringValues and longValues',
      ],
      [
        {
          customAttributes: Object.fromEntries(
            Array.from({ length: 101 }, (_, i) => [`k${i}`, { stringValues: ['v'], filterable: true }]),
          ),
        },
        'has 101 filterable keys; at most 100',
      ],
      [{ company: 'projects/p/tenants/t/companies/none' }, 'is not a company of projects/p/tenants/t'],
      [{ titel: 'typo' }, 'Unknown name "titel"'],
    ];
    for (const [over, message] of cases) {
      const res = await r.call('POST', `${T}/jobs`, job(c, over));
      expect(res.status, message).toBe(400);
      expect(res.body.error.status).toBe('INVALID_ARGUMENT');
      expect(res.body.error.message).toContain(message);
    }
    const ok = await r.call(
      'POST',
      `${T}/jobs`,
      job(c, { title: 't'.repeat(500), addresses: Array.from({ length: 50 }, (_, i) => `${i} St`) }),
    );
    expect(ok.status).toBe(200);
  });

  it('refuses two open jobs with the same company + languageCode + requisitionId', async () => {
    const c = await company();
    expect((await r.call('POST', `${T}/jobs`, job(c))).status).toBe(200);
    const again = await r.call('POST', `${T}/jobs`, job(c));
    expect(again.status).toBe(409);
    expect(again.body.error.status).toBe('ALREADY_EXISTS');
    expect(again.body.error.message).toContain('requisitionId "REQ-1"');
    expect((await r.call('POST', `${T}/jobs`, job(c, { languageCode: 'fr-FR' }))).status).toBe(200);
    // An expired job no longer blocks its requisitionId.
    now = new Date('2027-02-01T00:00:00Z');
    expect((await r.call('POST', `${T}/jobs`, job(c))).status).toBe(200);
  });

  it('v3 uses companyName and {job}; v4beta1 default tenant uses projects/P/jobs/J', async () => {
    const c3 = await company('/v3/projects/p', { company: { displayName: 'Old', externalId: 'old' } });
    const v3 = await r.call('POST', '/v3/projects/p/jobs', {
      job: { ...job(c3), company: undefined, companyName: c3 },
    });
    expect(v3.status).toBe(200);
    expect(v3.body).toMatchObject({ name: expect.stringMatching(/^projects\/p\/jobs\//), companyName: c3 });
    expect(v3.body.company).toBeUndefined();
    const cb = await company('/v4beta1/projects/p', { company: { displayName: 'Beta', externalId: 'beta' } });
    const beta = await r.call('POST', '/v4beta1/projects/p/jobs', { job: job(cb) });
    expect(beta.body.name).toMatch(/^projects\/p\/jobs\//);
    expect((await r.call('GET', `/v4beta1/${beta.body.name}`)).body.title).toBe('Night nurse');
    expect((await r.call('GET', `/v4/${beta.body.name}`)).status).toBe(404);
  });
});

describe('jobs.patch (the rules of docs/cts-api.md §7)', () => {
  async function created() {
    const c = await company();
    const res = await r.call(
      'POST',
      `${T}/jobs`,
      job(c, { department: 'Care', customAttributes: { shift: { stringValues: ['night'], filterable: true } } }),
    );
    return res.body as Record<string, unknown> & { name: string };
  }

  it('v4: Job body, updateMask in the query, only the masked fields change, a masked absent field is cleared', async () => {
    const j = await created();
    now = new Date('2026-11-23T10:00:00.000Z');
    const res = await r.call('PATCH', `/v4/${j.name}?updateMask=title,department`, {
      title: 'Day nurse',
      description: 'ignored: not in the mask',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      title: 'Day nurse',
      description: j.description,
      postingUpdateTime: '2026-11-23T10:00:00.000Z',
      postingCreateTime: j.postingCreateTime,
      postingExpireTime: j.postingExpireTime,
    });
    expect(res.body.department).toBeUndefined();
    expect(res.body.customAttributes).toEqual(j.customAttributes);
  });

  it('v4beta1: {job, updateMask} body, snake_case mask paths; the default-tenant name form works', async () => {
    const c = await company('/v4beta1/projects/p', { company: { displayName: 'Beta', externalId: 'beta' } });
    const j = (await r.call('POST', '/v4beta1/projects/p/jobs', { job: job(c) })).body;
    const res = await r.call('PATCH', `/v4beta1/${j.name}`, {
      job: { requisitionId: 'REQ-2', title: 'x' },
      updateMask: 'requisition_id',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ requisitionId: 'REQ-2', title: 'Night nurse' });
  });

  it('an empty mask updates every field (required ones must then be present), and renews expiry', async () => {
    const j = await created();
    now = new Date('2026-12-01T00:00:00.000Z');
    const partial = await r.call('PATCH', `/v4/${j.name}`, { title: 'Only a title' });
    expect(partial.status).toBe(400);
    expect(partial.body.error.message).toContain('job.company is required');
    const full = await r.call('PATCH', `/v4/${j.name}`, {
      company: j.company,
      requisitionId: 'REQ-1',
      title: 'All new',
      description: 'd',
    });
    expect(full.status).toBe(200);
    expect(full.body.department).toBeUndefined();
    expect(full.body.postingExpireTime).toBe('2026-12-31T00:00:00.000Z');
    expect(full.body.postingCreateTime).toBe(j.postingCreateTime);
  });

  it('refuses nested or unknown mask paths, ignores output-only ones, checks limits and uniqueness', async () => {
    const j = await created();
    const nested = await r.call('PATCH', `/v4/${j.name}?updateMask=applicationInfo.emails`, {
      applicationInfo: { emails: ['a@b.c'] },
    });
    expect(nested.status).toBe(400);
    expect(nested.body.error.message).toContain('only top level fields of Job');
    const unknown = await r.call('PATCH', `/v4/${j.name}?updateMask=salary`, {});
    expect(unknown.status).toBe(400);
    const outputOnly = await r.call('PATCH', `/v4/${j.name}?updateMask=companyDisplayName,title`, {
      companyDisplayName: 'Hacked',
      title: 'T',
    });
    expect(outputOnly.body).toMatchObject({ companyDisplayName: 'Acme', title: 'T' });
    const long = await r.call('PATCH', `/v4/${j.name}?updateMask=title`, { title: 'x'.repeat(501) });
    expect(long.status).toBe(400);
    const other = (await r.call('POST', `${T}/jobs`, job(j.company as string, { requisitionId: 'REQ-9' }))).body;
    const clash = await r.call('PATCH', `/v4/${other.name}?updateMask=requisitionId`, { requisitionId: 'REQ-1' });
    expect(clash.status).toBe(409);
    expect((await r.call('PATCH', `${T}/jobs/none?updateMask=title`, { title: 'x' })).status).toBe(404);
  });
});

describe('jobs:search', () => {
  it('matches text, pages with offset and pageToken, returns a fresh requestId per search', async () => {
    const c = await company();
    for (let i = 0; i < 5; i++)
      await r.call('POST', `${T}/jobs`, job(c, { requisitionId: `N-${i}`, title: `Nurse ${i}` }));
    await r.call('POST', `${T}/jobs`, job(c, { requisitionId: 'D-1', title: 'Driver', description: 'Drive a truck' }));
    const meta = { domain: 'board.example', sessionId: 's1', userId: 'u1' };
    const first = await r.call('POST', `${T}/jobs:search`, {
      requestMetadata: meta,
      jobQuery: { query: 'nurse' },
      maxPageSize: 2,
    });
    expect(first.status).toBe(200);
    expect(first.body.totalSize).toBe(5);
    expect(first.body.matchingJobs.map((m: any) => m.job.title)).toEqual(['Nurse 0', 'Nurse 1']);
    expect(first.body.matchingJobs[0].jobTitleSnippet).toBe('<b>Nurse</b> 0');
    expect(first.body.matchingJobs[0].jobSummary).toBe('Care for patients at night.');
    const second = await r.call('POST', `${T}/jobs:search`, {
      requestMetadata: meta,
      jobQuery: { query: 'nurse' },
      maxPageSize: 2,
      pageToken: first.body.nextPageToken,
    });
    expect(second.body.matchingJobs.map((m: any) => m.job.title)).toEqual(['Nurse 2', 'Nurse 3']);
    expect(second.body.metadata.requestId).not.toBe(first.body.metadata.requestId);
    const offset = await r.call('POST', `${T}/jobs:search`, {
      requestMetadata: meta,
      jobQuery: {},
      maxPageSize: 10,
      offset: 4,
    });
    expect(offset.body.matchingJobs.map((m: any) => m.job.title)).toEqual(['Nurse 4', 'Driver']);
    expect(offset.body.nextPageToken).toBeUndefined();
    const noMeta = await r.call('POST', `${T}/jobs:search`, { jobQuery: { query: 'nurse' } });
    expect(noMeta.status).toBe(400);
    expect(noMeta.body.error.message).toContain('requestMetadata');
  });

  it('checks the SearchJobsRequest fields of each version; v4 pageSize is tolerated but shown', async () => {
    const c = await company();
    await r.call('POST', `${T}/jobs`, job(c));
    const meta = { domain: 'd', sessionId: 's', userId: 'u' };
    const typo = await r.call('POST', `${T}/jobs:search`, { requestMetadata: meta, jobQuerry: {} });
    expect(typo.status).toBe(400);
    expect(typo.body.error.message).toContain('Unknown name "jobQuerry"');
    const c3 = await company('/v3/projects/p', { company: { displayName: 'Old', externalId: 'old' } });
    await r.call('POST', '/v3/projects/p/jobs', { job: { ...job(c3), company: undefined, companyName: c3 } });
    const v3max = await r.call('POST', '/v3/projects/p/jobs:search', { requestMetadata: meta, maxPageSize: 5 });
    expect(v3max.status).toBe(400);
    expect(v3max.body.error.message).toContain('v3 calls the page size pageSize');
    const v3 = await r.call('POST', '/v3/projects/p/jobs:search', {
      requestMetadata: meta,
      jobQuery: { query: 'nurse' },
      pageSize: 5,
      jobView: 'JOB_VIEW_FULL',
    });
    expect(v3.body.matchingJobs[0].job).toMatchObject({ companyName: c3, addresses: ['1 Main St, Boston, MA'] });
    const small = await r.call('POST', `${T}/jobs:search`, { requestMetadata: meta, jobQuery: { query: 'nurse' } });
    expect(Object.keys(small.body.matchingJobs[0].job).sort()).toEqual([
      'company',
      'description',
      'languageCode',
      'name',
      'requisitionId',
      'title',
    ]);
    const tolerated = await r.call('POST', `${T}/jobs:search`, { requestMetadata: meta, pageSize: 1 });
    expect(tolerated.status).toBe(200);
    expect(tolerated.body.matchingJobs).toHaveLength(1);
    const report = await r.call('GET', '/_emulator/events', undefined, null);
    expect(report.body.tolerated).toEqual([
      expect.objectContaining({ message: expect.stringContaining('v4 calls it "maxPageSize"') }),
    ]);
  });

  it('works with the demo CTS client exactly as the demo calls it', async () => {
    const cts = createCtsClient({ url: r.url, token: 'dev', project: 'demo', tenant: 'board' });
    const co = await cts.createCompany({ displayName: 'Lakeside Health', externalId: 'lakeside' });
    expect(await cts.getCompany(co.name)).toEqual(co);
    const created = await cts.createJob({
      company: co.name,
      requisitionId: 'LH-1',
      title: 'Registered Nurse',
      description: 'Clinic',
      languageCode: 'en-US',
    });
    const patched = await cts.patchJob(created.name, { title: 'Registered Nurse, Primary Care' }, ['title']);
    expect(patched.title).toBe('Registered Nurse, Primary Care');
    expect((await cts.getJob(created.name)).title).toBe('Registered Nurse, Primary Care');
    const found = await cts.searchJobs({ query: 'nurse', pageSize: 10, sessionId: 's', userId: 'u', domain: 'd' });
    expect(found.matchingJobs?.[0]?.job.name).toBe(created.name);
    expect(found.metadata?.requestId).toEqual(expect.any(String));
    expect(found.totalSize).toBe(1);
    await expect(cts.getJob('projects/demo/tenants/board/jobs/none')).rejects.toBeInstanceOf(CtsApiError);
  });
});
