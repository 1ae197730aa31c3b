import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { checkOptions } from '@talent-beacon/core';
import { createEmulator } from 'talent-beacon-emulator';
import type { Emulator } from 'talent-beacon-emulator';
import { createProxy } from 'talent-beacon-server/proxy';
import { createReporter } from 'talent-beacon-server';
import { createBackOffice, type BackOffice } from './back-office.js';
import { createCtsClient } from './cts-client.js';
import { createDemoServer } from './demo-server.js';
import { describeListenError, listen } from './listen.js';
import { packageRoot } from './package-root.js';
import { seedJobs, type SeedResult } from './seed-jobs.js';

/** Options of {@link startDemo}. */
export interface StartDemoOptions {
  /** The job board's port (default 8080; 0 = any free port). */
  port?: number;
  /** The emulator's port (default 8081; 0 = any free port). */
  emulatorPort?: number;
  /** Where both listen (default 127.0.0.1: the demo uses a fixed dev token, keep it local). */
  host?: string;
  /**
   * The CTS version the proxy forwards with: 'v4' (default) or 'v4beta1'. The board's jobs live
   * in a tenant (v4 names), which v3 cannot name. Neither version has parentEventId, so the proxy
   * drops the parents the tracker set and the inspector infers the chains from job and order.
   */
  apiVersion?: 'v4' | 'v4beta1';
  /** The demo package's folder, holding site/ and dist/ (default: found from this file). */
  root?: string;
}

/** A running demo: the board, the emulator behind it, and how to stop both. */
export interface RunningDemo {
  /** The landing page of the job board, e.g. `http://127.0.0.1:8080/`. */
  boardUrl: string;
  /** The emulator's inspector page, e.g. `http://127.0.0.1:8081/`. */
  inspectorUrl: string;
  emulator: Emulator;
  /** What the seed created (companies, jobs, patched jobs). */
  seed: SeedResult;
  /** The applications made on the multi-page board and their INTERVIEW_GRANTED / HIRED reporting. */
  backOffice: BackOffice;
  /** Stops the board and the emulator (open connections included). */
  close(): Promise<void>;
}

/**
 * The CTS project, tenant and Bearer token of the demo (the emulator creates the tenant on first
 * use and accepts only this token), e.g. for calling the emulator's API next to the demo.
 *
 * @example
 * fetch(`${emulatorUrl}/v4/projects/${DEMO_PROJECT}/tenants/${DEMO_TENANT}/jobs`, { headers: { authorization: `Bearer ${DEMO_TOKEN}` } });
 */
export const DEMO_PROJECT = 'demo';
/** The demo's tenant; see {@link DEMO_PROJECT}. */
export const DEMO_TENANT = 'lighthouse';
/** The fixed token of the demo's emulator and proxy; see {@link DEMO_PROJECT}. */
export const DEMO_TOKEN = 'dev';

const OPTION_SPECS = {
  port: { kind: 'number' as const, integer: true, min: 0, max: 65535 },
  emulatorPort: { kind: 'number' as const, integer: true, min: 0, max: 65535 },
  host: { kind: 'string' as const, hint: 'an interface address such as "127.0.0.1"' },
  apiVersion: {
    kind: 'string' as const,
    oneOf: ['v4', 'v4beta1'],
    hint: 'the demo jobs live in a tenant, which v3 cannot name',
  },
  root: { kind: 'string' as const, hint: "the demo package's folder" },
};

/**
 * Starts the whole demo on loopback: the CTS emulator, a job board server that mounts the real
 * proxy at /cts/events (upstream = the emulator, fixed dev token), and the seed (companies and
 * ~30 jobs created through the emulator's REST API, then a few `jobs.patch` calls with an
 * updateMask). Used by `npm start` and by the end-to-end test, so both run the same thing.
 * A taken port rejects with a message naming the port and the flag that changes it.
 *
 * @example
 * const demo = await startDemo({ port: 0, emulatorPort: 0 });
 * console.log(demo.boardUrl, demo.inspectorUrl);
 * await demo.close();
 */
export async function startDemo(options: StartDemoOptions = {}): Promise<RunningDemo> {
  checkOptions('startDemo', options, OPTION_SPECS);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8080;
  const emulatorPort = options.emulatorPort ?? 8081;
  const apiVersion = options.apiVersion ?? 'v4';
  const root = options.root ?? packageRoot(import.meta.url);

  const emulator = createEmulator({ token: DEMO_TOKEN });
  let emulatorUrl: string;
  try {
    emulatorUrl = await emulator.listen(emulatorPort, host);
  } catch (error) {
    throw describeListenError(error, emulatorPort, host, '--emulator-port');
  }

  // The board's handler needs the board's own origin (for the proxy's CORS list), which a port
  // of 0 only gives after listening: answer 503 during the second or so until it is ready.
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res
      .writeHead(503, { 'retry-after': '1', 'content-type': 'text/plain; charset=utf-8' })
      .end('The demo is starting; try again in a second.\n');
  };
  const board = createServer((req, res) => handler(req, res));
  const closeBoard = () =>
    new Promise<void>((resolve) => {
      board.close(() => resolve());
      board.closeAllConnections();
    });

  try {
    const boardUrl = await listen(board, port, host, '--port');
    const boardPort = new URL(boardUrl).port;
    // A same-origin POST still carries Origin: allow the board under both loopback names.
    const allowedOrigins = [boardUrl, `http://localhost:${boardPort}`];
    const proxy = createProxy({
      project: DEMO_PROJECT,
      tenant: DEMO_TENANT,
      apiVersion,
      upstream: emulatorUrl,
      token: DEMO_TOKEN,
      allowedOrigins,
      // The demo runs on 127.0.0.1 and shows its counters at /cts/events/metrics.
      metricsRoute: true,
    });
    const cts = createCtsClient({ url: emulatorUrl, token: DEMO_TOKEN, project: DEMO_PROJECT, tenant: DEMO_TENANT });
    const seed = await seedJobs(cts);
    // The employer's server reports what happens after the application (docs/design.md §9).
    const backOffice = createBackOffice(
      createReporter({
        project: DEMO_PROJECT,
        tenant: DEMO_TENANT,
        apiVersion,
        upstream: emulatorUrl,
        token: DEMO_TOKEN,
      }),
    );
    const inspectorUrl = `${emulatorUrl}/`;
    handler = createDemoServer({
      root,
      cts,
      companies: seed.companies,
      proxy: (req, res) => proxy.node(req, res),
      inspectorUrl,
      deliveredEventIds: () => new Set(emulator.clientEvents().map((e) => String(e.event.eventId))),
      backOffice,
    });
    let closing: Promise<void> | undefined;
    return {
      boardUrl: `${boardUrl}/`,
      inspectorUrl,
      emulator,
      seed,
      backOffice,
      close: () => (closing ??= Promise.all([closeBoard(), emulator.close()]).then(() => undefined)),
    };
  } catch (error) {
    await Promise.all([closeBoard(), emulator.close()]).catch(() => undefined);
    throw error;
  }
}
