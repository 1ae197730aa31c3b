import type { DeviceClockNote } from '@talent-beacon/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiVersion } from '@talent-beacon/core';
import type { EventReport } from './build-event-report.js';
import type { Funnel } from './build-funnel.js';
import type { EventLogStatus } from './client-event-log.js';

/** What a fault script entry does to one `clientEvents.create` call. */
export type FaultAction = '429' | '503' | 'drop' | 'drop-after-store' | 'ok';

/**
 * Faults injected into `clientEvents.create` calls (jobs, companies and search stay reliable so
 * that seeding a board works), except `latencyMs`, which delays every API call.
 */
export interface FaultOptions {
  /** Added before answering every API call (clientEvents, jobs, companies, search). */
  latencyMs?: number;
  /** Share (0..1) of clientEvents.create calls answered 429 RESOURCE_EXHAUSTED with RetryInfo. */
  rate429?: number;
  /** Share (0..1) of clientEvents.create calls answered 503 UNAVAILABLE. */
  rate503?: number;
  /** Share (0..1) of clientEvents.create calls whose connection is destroyed without an answer. */
  dropRate?: number;
  /** Share (0..1) of clientEvents.create calls stored and then dropped without an answer (`'drop-after-store'`). */
  dropAfterStoreRate?: number;
  /** `RetryInfo.retryDelay` of a 429, in seconds (default 1). */
  retryDelaySeconds?: number;
  /**
   * Deterministic faults for the next N clientEvents.create calls, in order; then the rates apply.
   * `'drop-after-store'` stores the event and then destroys the connection: the "CTS stored it
   * but the answer was lost" case that no proxy can close (docs/design.md §7).
   */
  script?: FaultAction[];
  /** Random source for the rates, injectable for tests (default Math.random). */
  random?: () => number;
}

/** Options of {@link createEmulator}. */
export interface EmulatorOptions {
  /** If set, only `Authorization: Bearer <token>` is accepted; by default any non-empty Bearer token. */
  token?: string;
  /** A repeated eventId: `'accept'` (default: stored and flagged) or `'reject'` (409 ALREADY_EXISTS). */
  duplicateEventIds?: 'accept' | 'reject';
  faults?: FaultOptions;
  /** The clock for createTime-like fields, posting times and receivedAt (default `() => new Date()`). */
  clock?: () => Date;
  /** New ids for jobs, companies and tenants (default: a counter, never reused within a process). */
  createId?: () => string;
  /** New `metadata.requestId` values for searches and lists (default: crypto.randomUUID). */
  createRequestId?: () => string;
  /** Waits `ms` for the latency fault (default: setTimeout). */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Most client events kept (default 10,000): beyond it the oldest are dropped, counted in
   * `log.dropped` of `GET /_emulator/events` and shown on the inspector. Repeated eventIds are
   * found among the events kept.
   */
  maxEvents?: number;
  /** Most estimated bytes of client events kept (each event's JSON + 256; default 16 MiB, at least 64 KiB). */
  maxEventBytes?: number;
}

/** One accepted clientEvents.create call. */
export interface ReceivedClientEvent {
  apiVersion: ApiVersion;
  /** The `parent` of the call, e.g. `projects/p/tenants/t`. */
  parent: string;
  /** The ClientEvent as stored (enum numbers turned into names). */
  event: Record<string, unknown>;
  /** When the emulator received it, ISO 8601 from the clock. */
  receivedAt: string;
  /** True when an earlier accepted call had the same eventId. */
  duplicate: boolean;
  /** Present (true) when a `drop-after-store` fault dropped this call's answer after the store. */
  answerDropped?: true;
  /**
   * Present when the talent-beacon-server proxy derived the createTime because the device's clock was
   * off (its `x-talent-beacon-device-clock` header): the offset and the device's own createTime.
   */
  deviceClock?: DeviceClockNote;
}

/**
 * What `GET /_emulator/events` answers by default and the inspector page renders: the report's
 * trees and warnings, the events, the titles of the jobs they name, the calls accepted here that
 * CTS would refuse, the faults, the event log's bounds and the funnel.
 */
export interface InspectorReport extends EventReport {
  events: ReceivedClientEvent[];
  /** Title of each job an event names that exists in the emulator, by job name. */
  jobTitles: Record<string, string>;
  /** The newest calls accepted here that Cloud Talent Solution would refuse, oldest first. */
  tolerated: Array<{ at: string; message: string }>;
  faults: Omit<FaultOptions, 'random'>;
  log: EventLogStatus;
  funnel: Funnel;
}

/** A running (or ready to run) emulator. */
export interface Emulator {
  /** Listens on `host` (default 127.0.0.1) and `port` (default 0 = any free port); resolves the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
  /** The base URL after {@link Emulator.listen}, e.g. `http://127.0.0.1:41234`; '' before. */
  readonly url: string;
  /** The Node request listener, to mount the emulator in another server. */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Replaces the fault settings (and restarts the script). */
  setFaults(faults: FaultOptions): void;
  /** The accepted clientEvents.create calls the log still holds (see `maxEvents`), in order (repeats included). */
  clientEvents(): ReceivedClientEvent[];
  /** Forgets events, searches, tenants, companies, jobs and faults. */
  reset(): void;
}
