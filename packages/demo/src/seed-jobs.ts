import type { CtsClient, CtsJob } from './cts-client.js';
import { demoCompanies, demoJobs, demoJobUpdates, describeJob, type DemoCompany, type DemoJob } from './demo-jobs.js';

/** What the seed created: the jobs as the server returned them (after the patches). */
export interface SeedResult {
  /** Company resource name -> display name, for showing results without a call per company. */
  companies: Map<string, string>;
  jobs: CtsJob[];
  /** The jobs changed by `jobs.patch`, as the patch answered them. */
  patched: CtsJob[];
}

/**
 * The CTS v4 `Job` body for a demo job.
 *
 * @example
 * toCtsJob(demoJobs[0]!, 'projects/demo/tenants/board/companies/1', demoCompanies[0]!);
 */
export function toCtsJob(job: DemoJob, companyName: string, company: DemoCompany): Omit<CtsJob, 'name'> {
  const money = (units: number) => ({ currencyCode: 'USD', units: String(units) });
  return {
    company: companyName,
    requisitionId: job.requisitionId,
    title: job.title,
    description: describeJob(job, company),
    addresses: [job.address],
    employmentTypes: [job.employmentType],
    languageCode: 'en-US',
    applicationInfo: { emails: [`jobs@${company.externalId}.example`] },
    compensationInfo: {
      entries: [
        {
          type: 'BASE',
          unit: job.pay.unit,
          range: { minCompensation: money(job.pay.min), maxCompensation: money(job.pay.max) },
        },
      ],
    },
  };
}

/**
 * Fills a tenant with the demo's companies and jobs through the REST API, then updates a few
 * jobs with `jobs.patch` and an updateMask, as a recruiter would after publishing.
 *
 * @example
 * const { jobs } = await seedJobs(createCtsClient({ url, token: 'dev', project: 'demo', tenant: 'board' }));
 */
export async function seedJobs(cts: CtsClient): Promise<SeedResult> {
  const companies = new Map<string, string>();
  const companyNames = new Map<string, { name: string; company: DemoCompany }>();
  for (const company of demoCompanies) {
    const created = await cts.createCompany({ displayName: company.displayName, externalId: company.externalId });
    companies.set(created.name, company.displayName);
    companyNames.set(company.externalId, { name: created.name, company });
  }

  const byRequisition = new Map<string, CtsJob>();
  for (const job of demoJobs) {
    const owner = companyNames.get(job.company);
    if (!owner) throw new Error(`demo job ${job.requisitionId} names unknown company "${job.company}"`);
    byRequisition.set(job.requisitionId, await cts.createJob(toCtsJob(job, owner.name, owner.company)));
  }

  const patched: CtsJob[] = [];
  for (const update of demoJobUpdates) {
    const job = byRequisition.get(update.requisitionId);
    const demo = demoJobs.find((j) => j.requisitionId === update.requisitionId);
    const owner = demo && companyNames.get(demo.company);
    if (!job || !demo || !owner) throw new Error(`demo update names unknown job ${update.requisitionId}`);
    const body: Partial<CtsJob> = { title: update.title };
    if (update.note) body.description = describeJob(demo, owner.company, update.note);
    const result = await cts.patchJob(job.name, body, Object.keys(body));
    byRequisition.set(update.requisitionId, result);
    patched.push(result);
  }
  return { companies, jobs: [...byRequisition.values()], patched };
}
