import { describe, expect, it } from 'vitest';
import { demoCompanies, demoJobs, demoJobUpdates, describeJob } from '../../packages/demo/src/demo-jobs.js';
import { toCtsJob } from '../../packages/demo/src/seed-jobs.js';

// The seed goes through the emulator's REST API, which applies the CTS field limits
// (docs/cts-api.md §7); checking them here names the offending job instead of failing the demo start.
describe('demo seed data', () => {
  it('has about 30 jobs across every company, with unique requisition ids', () => {
    expect(demoJobs.length).toBeGreaterThanOrEqual(28);
    expect(new Set(demoJobs.map((j) => j.requisitionId)).size).toBe(demoJobs.length);
    const companies = new Set(demoCompanies.map((c) => c.externalId));
    for (const job of demoJobs) expect(companies, job.requisitionId).toContain(job.company);
    for (const company of companies)
      expect(
        demoJobs.some((j) => j.company === company),
        company,
      ).toBe(true);
  });

  it('varies employment types, cities and pay', () => {
    expect(new Set(demoJobs.map((j) => j.employmentType)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(demoJobs.map((j) => j.address)).size).toBeGreaterThanOrEqual(15);
    expect(new Set(demoJobs.map((j) => j.pay.unit))).toEqual(new Set(['YEARLY', 'HOURLY']));
    for (const job of demoJobs) expect(job.pay.min, job.requisitionId).toBeLessThan(job.pay.max);
  });

  it('builds CTS jobs within the documented field limits', () => {
    for (const job of demoJobs) {
      const company = demoCompanies.find((c) => c.externalId === job.company)!;
      const cts = toCtsJob(job, `projects/demo/tenants/t/companies/${job.company}`, company);
      expect(cts.requisitionId.length, job.requisitionId).toBeLessThanOrEqual(255);
      expect(cts.title.length, job.requisitionId).toBeLessThanOrEqual(500);
      expect(cts.description.length, job.requisitionId).toBeLessThanOrEqual(100_000);
      expect(cts.addresses!.length).toBeLessThanOrEqual(50);
      for (const a of cts.addresses!) expect(a.length).toBeLessThanOrEqual(500);
      // descriptions use only the markup CTS keeps (bold, italic, lists, paragraphs)
      expect(
        cts.description
          .match(/<\/?([a-z]+)/g)!
          .map((t) => t.replace(/[</]/g, ''))
          .every((t) => ['p', 'b', 'i', 'ul', 'li'].includes(t)),
      ).toBe(true);
      const range = cts.compensationInfo!.entries![0]!.range!;
      expect(range.minCompensation).toEqual({ currencyCode: 'USD', units: String(job.pay.min) });
    }
  });

  it('patches existing jobs with a new title, and some with a new description', () => {
    expect(demoJobUpdates.length).toBeGreaterThan(0);
    for (const update of demoJobUpdates) {
      const job = demoJobs.find((j) => j.requisitionId === update.requisitionId);
      expect(job, update.requisitionId).toBeDefined();
      expect(update.title).not.toBe(job!.title);
    }
    expect(demoJobUpdates.some((u) => u.note)).toBe(true);
    const job = demoJobs[0]!;
    expect(describeJob(job, demoCompanies[0]!, 'Updated: now hybrid.')).toMatch(
      /^<p><i>Updated: now hybrid\.<\/i><\/p>/,
    );
  });
});
