import { describe, expect, it } from 'vitest';
import { createBackOffice, parseChain, renderBackOffice } from '../../packages/demo/src/back-office.js';
import { createReporter } from '../../packages/talent-beacon-server/src/index.js';
import { stubFetch } from '../proxy/helpers.js';

describe('demo back office', () => {
  it('reads the data-cts-chain field: JSON {requestId, eventId}, else no chain', () => {
    expect(parseChain('{"requestId":"r1","eventId":"e9"}')).toEqual({ requestId: 'r1', eventId: 'e9' });
    for (const v of ['""', '', 'x', '{"requestId":"r1"}', undefined, 'null']) expect(parseChain(v)).toBeUndefined();
  });

  it('hire reports HIRED once with the chain as requestId and parent; no chain: nothing reported', async () => {
    const stub = stubFetch();
    const clock = () => new Date(Date.parse('2026-11-23T08:00:00Z'));
    const office = createBackOffice(
      createReporter({
        project: 'demo',
        tenant: 't',
        apiVersion: 'v4',
        token: 'dev',
        fetch: stub.fetch,
        now: () => clock().getTime(),
      }),
      clock,
    );
    const job = 'projects/demo/tenants/t/jobs/1';
    const a = office.add({
      job,
      jobTitle: 'Nurse',
      company: 'Acme',
      applicant: 'Ada',
      chain: '{"requestId":"req-1","eventId":"finish-1"}',
    });
    await office.mark(a.id, 'hire');
    await office.mark(a.id, 'hire');
    expect(a.reports.map((r) => r.status)).toEqual(['reported', 'duplicate']);
    expect(stub.calls).toHaveLength(1);
    expect(stub.calls[0]!.body).toMatchObject({ requestId: 'req-1', jobEvent: { type: 'HIRED', jobs: [job] } });
    const b = office.add({ job, jobTitle: 'Nurse', company: 'Acme', applicant: '', chain: '""' });
    await office.mark(b.id, 'interview');
    expect(b.reports[0]).toMatchObject({ type: 'INTERVIEW_GRANTED', status: 'not reported' });
    expect(stub.calls).toHaveLength(1);
    expect(await office.mark('A0', 'hire')).toBeUndefined();
    const page = renderBackOffice(office.list(), 'http://127.0.0.1:1/');
    expect(page).toContain('req-1');
    expect(page).toContain('Anonymous applicant');
  });
});
