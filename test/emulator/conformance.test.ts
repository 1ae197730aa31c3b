// The official clients against the emulator: googleapis (v3, v4; discovery REST) and
// @google-cloud/talent (v4, v4beta1; REST fallback with numeric enums). If the emulator's paths,
// bodies or error shapes drift from Google's, these fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The jobs API of googleapis alone (what google.jobs() loads): the package's index types every
// Google API (3.6 million lines of .d.ts), which made type-checking (and type-aware lint of) test/ 2 to 3 times slower.
import { jobs as googleJobs } from 'googleapis/build/src/apis/jobs/index.js';
import { OAuth2Client } from 'google-auth-library';
import talent from '@google-cloud/talent';
import { createEmulator, type Emulator } from '../../packages/talent-beacon-emulator/src/index.js';

let emulator: Emulator;
let url: string;
let port: number;
const seen: string[] = [];

function auth(): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: 'test-token', expiry_date: Date.now() + 3600e3 });
  return client;
}

beforeAll(async () => {
  emulator = createEmulator({ token: 'test-token' });
  url = await emulator.listen();
  port = Number(new URL(url).port);
});
afterAll(() => emulator.close());

const createTime = '2026-11-22T10:00:00.000Z';

/** The error a call fails with; the test fails if it succeeds. */
async function failure(call: Promise<unknown>): Promise<any> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
const meta = { domain: 'board.example', sessionId: 's-1', userId: 'u-1' };

describe('googleapis jobs v3', () => {
  const jobs = () => googleJobs({ version: 'v3', auth: auth(), rootUrl: `${url}/` });

  it('companies.create, jobs.create/patch/get, jobs.search and clientEvents.create succeed', async () => {
    const api = jobs();
    const company = await api.projects.companies.create({
      parent: 'projects/g3',
      requestBody: { company: { displayName: 'Acme', externalId: 'acme' } },
    });
    expect(company.data.name).toMatch(/^projects\/g3\/companies\//);
    const job = await api.projects.jobs.create({
      parent: 'projects/g3',
      requestBody: {
        job: { companyName: company.data.name!, requisitionId: 'R1', title: 'Nurse', description: 'Care' },
      },
    });
    expect(job.data).toMatchObject({ companyName: company.data.name, companyDisplayName: 'Acme' });
    const patched = await api.projects.jobs.patch({
      name: job.data.name!,
      requestBody: { job: { title: 'Night nurse' }, updateMask: 'title' },
    });
    expect(patched.data.title).toBe('Night nurse');
    expect((await api.projects.jobs.get({ name: job.data.name! })).data.title).toBe('Night nurse');
    const search = await api.projects.jobs.search({
      parent: 'projects/g3',
      requestBody: { requestMetadata: meta, jobQuery: { query: 'nurse' } },
    });
    expect(search.data.matchingJobs?.[0]?.job?.name).toBe(job.data.name);
    const requestId = search.data.metadata!.requestId!;
    const event = { requestId, eventId: 'g3-ev', createTime, jobEvent: { type: 'VIEW', jobs: [job.data.name!] } };
    const created = await api.projects.clientEvents.create({
      parent: 'projects/g3',
      requestBody: { clientEvent: event },
    });
    expect(created.status).toBe(200);
    expect(created.data).toEqual(event);
    seen.push('g3-ev');
  });

  it('fails with 400 INVALID_ARGUMENT naming the field for an invalid event', async () => {
    const error = await failure(
      jobs().projects.clientEvents.create({
        parent: 'projects/g3',
        requestBody: {
          clientEvent: { eventId: 'x', createTime, jobEvent: { type: 'VIEW', jobs: ['projects/g3/jobs/1'] } },
        },
      }),
    );
    expect(error.status).toBe(400);
    expect(error.response?.data?.error?.status).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('clientEvent.requestId is required');
  });
});

describe('googleapis jobs v4', () => {
  const jobs = () => googleJobs({ version: 'v4', auth: auth(), rootUrl: `${url}/` });
  const parent = 'projects/g4/tenants/t1';

  it('companies.create, jobs.create/patch/get, search and clientEvents.create succeed', async () => {
    const api = jobs();
    const company = await api.projects.tenants.companies.create({
      parent,
      requestBody: { displayName: 'Acme', externalId: 'acme' },
    });
    const job = await api.projects.tenants.jobs.create({
      parent,
      requestBody: {
        company: company.data.name!,
        requisitionId: 'R1',
        title: 'Nurse',
        description: 'Care',
        employmentTypes: ['FULL_TIME'],
      },
    });
    expect(job.data.name).toMatch(/^projects\/g4\/tenants\/t1\/jobs\//);
    const patched = await api.projects.tenants.jobs.patch({
      name: job.data.name!,
      updateMask: 'title,description',
      requestBody: { title: 'Day nurse', description: 'Clinic' },
    });
    expect(patched.data).toMatchObject({ title: 'Day nurse', description: 'Clinic', employmentTypes: ['FULL_TIME'] });
    expect((await api.projects.tenants.jobs.get({ name: job.data.name! })).data.title).toBe('Day nurse');
    const search = await api.projects.tenants.jobs.search({
      parent,
      requestBody: { requestMetadata: meta, jobQuery: { query: 'nurse' } },
    });
    const requestId = search.data.metadata!.requestId!;
    const event = { requestId, eventId: 'g4-ev', createTime, jobEvent: { type: 'IMPRESSION', jobs: [job.data.name!] } };
    const created = await api.projects.tenants.clientEvents.create({ parent, requestBody: event });
    expect(created.data).toEqual(event);
    seen.push('g4-ev');
  });

  it('fails with the right status: 400 for v3 fields, 404 for a missing job, 401 for another token', async () => {
    const bad = await failure(
      jobs().projects.tenants.clientEvents.create({
        parent,
        requestBody: {
          requestId: 'r',
          eventId: 'e',
          createTime,
          parentEventId: 'p',
          jobEvent: { type: 'VIEW', jobs: [`${parent}/jobs/1`] },
        } as never,
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.message).toContain('parentEventId');
    const missing = await failure(jobs().projects.tenants.jobs.get({ name: `${parent}/jobs/none` }));
    expect(missing.status).toBe(404);
    const other = new OAuth2Client();
    other.setCredentials({ access_token: 'other', expiry_date: Date.now() + 3600e3 });
    const denied = await failure(
      googleJobs({ version: 'v4', auth: other, rootUrl: `${url}/` }).projects.tenants.jobs.get({
        name: `${parent}/jobs/1`,
      }),
    );
    expect(denied.status).toBe(401);
  });
});

describe('@google-cloud/talent REST fallback', () => {
  const opts = () =>
    ({ apiEndpoint: '127.0.0.1', port, protocol: 'http', fallback: true, authClient: auth() }) as never;

  it('v4: createClientEvent (numeric enums), createCompany, createJob, updateJob, getJob', async () => {
    const parent = 'projects/t4/tenants/main';
    const companies = new talent.v4.CompanyServiceClient(opts());
    const jobsClient = new talent.v4.JobServiceClient(opts());
    const events = new talent.v4.EventServiceClient(opts());
    try {
      const [company] = await companies.createCompany({ parent, company: { displayName: 'Acme', externalId: 'acme' } });
      const [job] = await jobsClient.createJob({
        parent,
        job: {
          company: company.name,
          requisitionId: 'R1',
          title: 'Nurse',
          description: 'Care',
          employmentTypes: ['PART_TIME' as never],
        },
      });
      expect(job.name).toMatch(/^projects\/t4\/tenants\/main\/jobs\//);
      const [updated] = await jobsClient.updateJob({
        job: { name: job.name, title: 'Night nurse' },
        updateMask: { paths: ['title'] },
      });
      expect(updated.title).toBe('Night nurse');
      expect(updated.description).toBe('Care');
      const [got] = await jobsClient.getJob({ name: job.name });
      expect(got.title).toBe('Night nurse');
      const [event] = await events.createClientEvent({
        parent,
        clientEvent: {
          requestId: 'r-t4',
          eventId: 't4-ev',
          createTime: { seconds: 1_800_000_000 },
          jobEvent: { type: 'APPLICATION_START', jobs: [job.name!] },
        },
      });
      expect(event.eventId).toBe('t4-ev');
      seen.push('t4-ev');
      const stored = emulator.clientEvents().find((e) => e.event.eventId === 't4-ev')!;
      expect(stored.event.jobEvent).toEqual({ type: 'APPLICATION_START', jobs: [job.name] });
      const error = await failure(
        events.createClientEvent({
          parent,
          clientEvent: {
            requestId: 'r',
            eventId: 'bad',
            createTime: { seconds: 1 },
            jobEvent: { type: 'VIEW', jobs: ['projects/t4/jobs/1'] },
          },
        }),
      );
      expect(error.code).toBe(400);
      expect(error.message).toContain('jobEvent.jobs[0]');
    } finally {
      await Promise.all([companies.close(), jobsClient.close(), events.close()]);
    }
  });

  it('v4beta1: default-tenant and tenant clientEvents, jobs create/update/get', async () => {
    const events = new talent.v4beta1.EventServiceClient(opts());
    const companies = new talent.v4beta1.CompanyServiceClient(opts());
    const jobsClient = new talent.v4beta1.JobServiceClient(opts());
    try {
      const [a] = await events.createClientEvent({
        parent: 'projects/tb',
        clientEvent: {
          requestId: 'r',
          eventId: 'tb-1',
          createTime: { seconds: 1_800_000_000 },
          jobEvent: { type: 'BOOKMARK', jobs: ['projects/tb/jobs/1'] },
        },
      });
      const [b] = await events.createClientEvent({
        parent: 'projects/tb/tenants/x',
        clientEvent: {
          requestId: 'r',
          eventId: 'tb-2',
          createTime: { seconds: 1_800_000_000 },
          jobEvent: { type: 'VIEW', jobs: ['projects/tb/tenants/x/jobs/1'] },
        },
      });
      expect([a.eventId, b.eventId]).toEqual(['tb-1', 'tb-2']);
      seen.push('tb-1', 'tb-2');
      const [company] = await companies.createCompany({
        parent: 'projects/tb',
        company: { displayName: 'Beta', externalId: 'beta' },
      });
      const [job] = await jobsClient.createJob({
        parent: 'projects/tb',
        job: { company: company.name, requisitionId: 'R1', title: 'Nurse', description: 'Care' },
      });
      expect(job.name).toMatch(/^projects\/tb\/jobs\//);
      const [updated] = await jobsClient.updateJob({
        job: { name: job.name, title: 'Nurse II', description: 'ignored' },
        updateMask: { paths: ['title'] },
      });
      expect([updated.title, updated.description]).toEqual(['Nurse II', 'Care']);
      expect((await jobsClient.getJob({ name: job.name }))[0].title).toBe('Nurse II');
      const error = await failure(
        jobsClient.createJob({
          parent: 'projects/tb',
          job: { company: company.name, requisitionId: 'R1', title: 'Dup', description: 'x' },
        }),
      );
      expect(error.code).toBe(409);
    } finally {
      await Promise.all([events.close(), companies.close(), jobsClient.close()]);
    }
  });

  it('every successful call above was stored, in order', () => {
    expect(emulator.clientEvents().map((e) => e.event.eventId)).toEqual(seen);
  });
});
