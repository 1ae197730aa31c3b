import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';

// Runs after the build (npm test builds before Playwright): the package as a user imports it.
test('import { validateClientEvent, ClientEventError, JobEventType } from "talent-beacon" works in Node', () => {
  const script = `
    import { validateClientEvent, ClientEventError, JobEventType, createEventId } from 'talent-beacon';
    const issues = validateClientEvent({ eventId: createEventId(), requestId: 'r', createTime: new Date().toISOString(),
      jobEvent: { type: JobEventType.VIEW, jobs: ['projects/p/jobs/1'] } });
    const bad = validateClientEvent({ eventId: 'e' });
    console.log(JSON.stringify({ issues, bad: bad.map((i) => i.rule), error: new ClientEventError(bad) instanceof Error }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(JSON.parse(out)).toEqual({ issues: [], bad: ['discarded-by-cts', 'required', 'required'], error: true });
});
