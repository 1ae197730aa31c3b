import type { ApiVersion } from '@talent-beacon/core';
import { fromClientEventBody, jobEventTypeFromWire, utf8ByteLength, validateClientEvent } from '@talent-beacon/core';
import type { DeviceClockNote } from '@talent-beacon/core';
import type { ReceivedClientEvent } from './emulator-types.js';
import { RpcError } from './rpc-error.js';

/** The received client events of one emulator. */
export interface ClientEventLog {
  /**
   * Reads a clientEvents.create body as `apiVersion` sends it, validates it with the core rules of
   * that version, stores it and returns the stored ClientEvent. Throws {@link RpcError}
   * (400 INVALID_ARGUMENT, or 409 ALREADY_EXISTS for a repeated eventId in `'reject'` mode).
   */
  accept(
    apiVersion: ApiVersion,
    parent: string,
    body: unknown,
    how?: { answerDropped?: boolean; deviceClock?: DeviceClockNote },
  ): Record<string, unknown>;
  /** The retained events, oldest first (copies). */
  list(): ReceivedClientEvent[];
  /**
   * Up to `size` retained events from arrival number `from` on (numbers count every event
   * accepted since the last reset, so they stay valid while old events are dropped), and the
   * number after the last one returned.
   */
  page(from: number, size: number): { events: ReceivedClientEvent[]; next: number };
  /** How full the log is and how many old events it dropped. */
  status(): EventLogStatus;
  reset(): void;
}

/** The bounds of the event log and what they hold now (`GET /_emulator/events` → `log`). */
export interface EventLogStatus {
  /** Events held now. */
  retained: number;
  /** Oldest events dropped to stay within the bounds, since the start or the last reset. */
  dropped: number;
  /** Estimated bytes held: each event's JSON plus a fixed overhead. */
  bytes: number;
  maxEvents: number;
  maxBytes: number;
}

/** Default bound of the emulator's event log: 10,000 events. */
export const DEFAULT_MAX_EVENTS = 10_000;
/** Default bound of the emulator's event log: 16 MiB (estimated; events are <= 32 KB each). */
export const DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024;
// Per event besides its JSON: the record, apiVersion, parent, receivedAt.
const ENTRY_BYTES = 256;

/**
 * Turns enum numbers into names: the official REST-fallback clients send `"type": 4` with
 * `$alt=json;enum-encoding=int` (docs/cts-api.md §1.7). Unknown numbers are left for the validator.
 */
function normalizeEnums(event: unknown): unknown {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return event;
  const record = event as Record<string, unknown>;
  const jobEvent = record.jobEvent;
  if (typeof jobEvent !== 'object' || jobEvent === null || Array.isArray(jobEvent)) return event;
  const type = (jobEvent as Record<string, unknown>).type;
  if (typeof type !== 'number') return event;
  const name = jobEventTypeFromWire(type);
  return name === undefined ? event : { ...record, jobEvent: { ...jobEvent, type: name } };
}

/**
 * The clientEvents.create store: validation by the core (never re-implemented here), the
 * duplicate-eventId policy (docs/design.md §8: accepted and flagged by default, 409 on request) and the log.
 *
 * @example
 * const log = createClientEventLog({ clock: () => new Date(), duplicateEventIds: 'accept' });
 * log.accept('v4', 'projects/p/tenants/t', { eventId: 'e1', requestId: 'r1', createTime, jobEvent });
 */
export function createClientEventLog(options: {
  clock: () => Date;
  duplicateEventIds: 'accept' | 'reject';
  /** Most events kept (default {@link DEFAULT_MAX_EVENTS}); the oldest are dropped first. */
  maxEvents?: number;
  /** Most estimated bytes kept (default {@link DEFAULT_MAX_EVENT_BYTES}). */
  maxBytes?: number;
}): ClientEventLog {
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_EVENT_BYTES;
  // A queue with a moving head: dropping the oldest is O(1); compacted once half is dead.
  let entries: Array<{ received: ReceivedClientEvent; key: string; bytes: number } | undefined> = [];
  let head = 0;
  let bytes = 0;
  let dropped = 0;
  // eventId uniqueness is per project: CTS's own scope is undocumented (docs/cts-api.md §3.5). Counted
  // over the retained events, so a repeat is found while the log still holds the first copy.
  let seen = new Map<string, number>();
  const retained = () => entries.length - head;
  const dropOldest = () => {
    const entry = entries[head];
    if (!entry) return; // nothing retained: callers drop only while there is something to drop
    entries[head++] = undefined;
    bytes -= entry.bytes;
    dropped++;
    // Every retained event is counted under its key.
    const n = (seen.get(entry.key) ?? 1) - 1;
    if (n === 0) seen.delete(entry.key);
    else seen.set(entry.key, n);
    if (head > 1024 && head * 2 > entries.length) {
      entries = entries.slice(head);
      head = 0;
    }
  };
  const received = (from: number, to: number) =>
    entries
      .slice(head + from, head + to)
      .filter((e) => e !== undefined)
      .map((e) => e.received);
  return {
    accept(apiVersion, parent, body, how = {}) {
      const unwrapped = fromClientEventBody(apiVersion, body);
      if ('error' in unwrapped)
        throw new RpcError('INVALID_ARGUMENT', `Invalid ${apiVersion} clientEvents.create body: ${unwrapped.error}`);
      const event = normalizeEnums(unwrapped.event);
      const issues = validateClientEvent(event, { apiVersion });
      // The v4 body binds the ClientEvent itself; the others wrap it in clientEvent.
      const prefix = apiVersion === 'v4' ? '' : 'clientEvent.';
      if (issues.length > 0) {
        throw new RpcError(
          'INVALID_ARGUMENT',
          `Invalid ClientEvent for ${apiVersion}: ${issues.map((i) => `${prefix}${i.message}`).join('; ')}`,
          [
            {
              '@type': 'type.googleapis.com/google.rpc.BadRequest',
              fieldViolations: issues.map((i) => ({
                field: `${prefix}${i.path}`.replace(/\.$/, ''),
                description: i.message,
              })),
            },
          ],
        );
      }
      const stored = event as Record<string, unknown>;
      const project = parent.split('/')[1] ?? '';
      const key = `${project}\u0000${String(stored.eventId)}`;
      const duplicate = seen.has(key);
      if (duplicate && options.duplicateEventIds === 'reject') {
        throw new RpcError(
          'ALREADY_EXISTS',
          `ClientEvent with eventId ${JSON.stringify(stored.eventId)} already exists in projects/${project}`,
        );
      }
      seen.set(key, (seen.get(key) ?? 0) + 1);
      const size = ENTRY_BYTES + utf8ByteLength(JSON.stringify(stored));
      entries.push({
        received: {
          apiVersion,
          parent,
          event: stored,
          receivedAt: options.clock().toISOString(),
          duplicate,
          ...(how.answerDropped ? { answerDropped: true as const } : {}),
          ...(how.deviceClock ? { deviceClock: how.deviceClock } : {}),
        },
        key,
        bytes: size,
      });
      bytes += size;
      // The newest event always stays, even alone over maxBytes (a valid event is <= 32 KB).
      while (retained() > maxEvents || (bytes > maxBytes && retained() > 1)) dropOldest();
      return stored;
    },
    // Copies, so that a caller editing what it got cannot change what the emulator stored.
    list: () => structuredClone(received(0, retained())),
    page(from, size) {
      const start = Math.max(from, dropped) - dropped;
      const events = received(start, start + size);
      return { events: structuredClone(events), next: dropped + start + events.length };
    },
    status: () => ({ retained: retained(), dropped, bytes, maxEvents, maxBytes }),
    reset() {
      entries = [];
      head = 0;
      bytes = 0;
      dropped = 0;
      seen = new Map();
    },
  };
}
