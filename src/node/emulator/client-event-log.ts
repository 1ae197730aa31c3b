import type { ApiVersion } from '../../core/index.js';
import { fromClientEventBody, jobEventTypeFromWire, validateClientEvent } from '../../core/index.js';
import type { ReceivedClientEvent } from './emulator-types.js';
import { RpcError } from './rpc-error.js';

/** The received client events of one emulator. */
export interface ClientEventLog {
  /**
   * Reads a clientEvents.create body as `apiVersion` sends it, validates it with the core rules of
   * that version, stores it and returns the stored ClientEvent. Throws {@link RpcError}
   * (400 INVALID_ARGUMENT, or 409 ALREADY_EXISTS for a repeated eventId in `'reject'` mode).
   */
  accept(apiVersion: ApiVersion, parent: string, body: unknown, how?: { answerDropped?: boolean }): Record<string, unknown>;
  list(): ReceivedClientEvent[];
  reset(): void;
}

/**
 * Turns enum numbers into names: the official REST-fallback clients send `"type": 4` with
 * `$alt=json;enum-encoding=int` (cts-api.md §1.7). Unknown numbers are left for the validator.
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
 * duplicate-eventId policy (design §8: accepted and flagged by default, 409 on request) and the log.
 *
 * @example
 * const log = createClientEventLog({ clock: () => new Date(), duplicateEventIds: 'accept' });
 * log.accept('v4', 'projects/p/tenants/t', { eventId: 'e1', requestId: 'r1', createTime, jobEvent });
 */
export function createClientEventLog(options: { clock: () => Date; duplicateEventIds: 'accept' | 'reject' }): ClientEventLog {
  let events: ReceivedClientEvent[] = [];
  // eventId uniqueness is per project: CTS's own scope is undocumented (cts-api.md §3.5).
  let seen = new Set<string>();
  return {
    accept(apiVersion, parent, body, how = {}) {
      const unwrapped = fromClientEventBody(apiVersion, body);
      if ('error' in unwrapped) throw new RpcError('INVALID_ARGUMENT', `Invalid ${apiVersion} clientEvents.create body: ${unwrapped.error}`);
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
              fieldViolations: issues.map((i) => ({ field: `${prefix}${i.path}`.replace(/\.$/, ''), description: i.message })),
            },
          ],
        );
      }
      const stored = event as Record<string, unknown>;
      const project = parent.split('/')[1] ?? '';
      const key = `${project}\u0000${String(stored.eventId)}`;
      const duplicate = seen.has(key);
      if (duplicate && options.duplicateEventIds === 'reject') {
        throw new RpcError('ALREADY_EXISTS', `ClientEvent with eventId ${JSON.stringify(stored.eventId)} already exists in projects/${project}`);
      }
      seen.add(key);
      events.push({ apiVersion, parent, event: stored, receivedAt: options.clock().toISOString(), duplicate, ...(how.answerDropped ? { answerDropped: true as const } : {}) });
      return stored;
    },
    // Copies, so that a caller editing what it got cannot change what the emulator stored.
    list: () => structuredClone(events),
    reset() {
      events = [];
      seen = new Set();
    },
  };
}
