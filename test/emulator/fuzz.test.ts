// The short run of the emulator fuzzer (issue 12, item 2); the long one: npm run fuzz:emulator.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../packages/talent-beacon-emulator/src/index.js';
import { generateRequests, runFuzz } from './fuzz/emulator-fuzz.js';

let emulator: Emulator;
let url: string;
beforeAll(async () => {
  emulator = createEmulator();
  url = await emulator.listen(0, '127.0.0.1');
});
afterAll(() => emulator.close());

it('answers 500 generated requests (seed 12) with no 5xx but injected faults, no hang, google.rpc.Status errors', async () => {
  const stats = await runFuzz(url, generateRequests(12, 500), { concurrency: 8, timeoutMs: 5000 });
  expect(stats.failures).toEqual([]);
  expect(stats).toMatchObject({ sent: 500, unexpected5xx: 0, hangs: 0, badBodies: 0, networkErrors: 0 });
  // The run reaches past validation: events stored, jobs created, searches answered.
  expect(stats.byStatus[200]).toBeGreaterThan(60);
  expect(emulator.clientEvents().length).toBeGreaterThan(10);
}, 30_000);
