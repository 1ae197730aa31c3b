// What the e2e suites read back from the collector: the events as the tracker sent them, and
// the job names their pages use.

/** A client event as the collector received it (the fields the suites look at). */
export interface SentEvent {
  eventId: string;
  parentEventId?: string;
  requestId: string;
  createTime?: string;
  jobEvent: { type: string; jobs: string[] };
}

/**
 * The resource name of test job `n` (project p, tenant t), as the test pages write them.
 *
 * @example
 * testJob(1); // 'projects/p/tenants/t/jobs/1'
 */
export const testJob = (n: number) => `projects/p/tenants/t/jobs/${n}`;
