/**
 * How far a device's clock may be off before the proxy re-dates its events: 5 s. Within it the
 * device's own createTime is kept as sent (a right clock plus a slow network is not re-dated).
 */
export const CLOCK_TOLERANCE_MS = 5_000;

/** A batch's device clock, as far as its `sentAt` tells (see {@link readDeviceClock}). */
export interface DeviceClock {
  /** The device time at which the batch was sent (epoch ms, the body's `sentAt`). */
  sentAt: number;
  /** The proxy's time when the request arrived (epoch ms). */
  receivedAt: number;
  /** sentAt - receivedAt: how far the device's clock is ahead (negative: behind), network time included. */
  offsetMs: number;
}

// The range of a JavaScript Date (±8.64e15 ms): a number outside it names no time.
const MAX_TIME = 8.64e15;

/**
 * Whether a body's `sentAt` names a time: a finite number of epoch ms within a Date's range.
 *
 * @example
 * isDeviceTime(1767268800000); // true
 * isDeviceTime('2026-01-01T12:00:00Z'); // false: epoch ms only
 */
export function isDeviceTime(sentAt: unknown): sentAt is number {
  return typeof sentAt === 'number' && Number.isFinite(sentAt) && Math.abs(sentAt) <= MAX_TIME;
}

/**
 * Reads a batch body's `sentAt` (the device's clock when it sent the batch, epoch ms) against
 * the proxy's `receivedAt`. Returns undefined when there is nothing to correct: no `sentAt` (an
 * older tracker, a hand-written client), one that names no time (not a finite number within a
 * Date's range: such a body is judged as if it had none), or a clock off by no more than
 * `toleranceMs`.
 *
 * @example
 * readDeviceClock(Date.parse('2026-01-01T12:10:00Z'), Date.parse('2026-01-01T12:00:00Z'));
 * // { sentAt: …, receivedAt: …, offsetMs: 600000 }: the device is 10 minutes ahead
 * readDeviceClock(undefined, Date.now()); // undefined: judged as sent
 */
export function readDeviceClock(
  sentAt: unknown,
  receivedAt: number,
  toleranceMs = CLOCK_TOLERANCE_MS,
): DeviceClock | undefined {
  if (!isDeviceTime(sentAt)) return undefined;
  const offsetMs = sentAt - receivedAt;
  return Math.abs(offsetMs) > toleranceMs ? { sentAt, receivedAt, offsetMs } : undefined;
}

/**
 * An event's createTime re-dated on the proxy's clock (Snowplow's derived timestamp): the
 * arrival time minus the time the event waited on the device, `receivedAt - (sentAt -
 * createTime)`, both device times read on the same (wrong) clock, so its error cancels out.
 *
 * Bounded: the wait counts as 0 when the device's createTime is after its sentAt (a clock set
 * back between tracking and sending, or a bogus sentAt), so the derived time is never after
 * the arrival. It has no lower bound of its own: an event that waited longer than the proxy's
 * `maxEventAgeMs` (by the device's own count) gets a derived time older than that, and the age
 * window rejects it as it would reject the same event from a device with a right clock.
 *
 * @example
 * // Device 2 h ahead; the event waited 30 s on it before the batch left.
 * deriveCreateTime('2026-01-01T14:00:00.000Z', { sentAt: Date.parse('2026-01-01T14:00:30Z'), receivedAt: Date.parse('2026-01-01T12:00:30Z'), offsetMs: 72e5 });
 * // '2026-01-01T12:00:00.000Z'
 */
export function deriveCreateTime(createTime: string, clock: DeviceClock): string {
  // NaN (a createTime no Date reads; validated events have none) waits 0; a result beyond a
  // Date's range (a bogus sentAt far in the future) is its earliest time, which the age window rejects.
  const waited = Math.max(0, clock.sentAt - Date.parse(createTime)) || 0;
  return new Date(Math.max(-MAX_TIME, clock.receivedAt - waited)).toISOString();
}

/**
 * The request header that tells the upstream an event's createTime was derived from a device
 * clock that was off (see {@link deviceClockNote}). The emulator's inspector shows it; CTS
 * ignores a header it does not know. The event itself is not touched for it: extraInfo is the
 * site's (and v4 has none).
 */
export const DEVICE_CLOCK_HEADER = 'x-talent-beacon-device-clock';

/** What the {@link DEVICE_CLOCK_HEADER} says about one event. */
export interface DeviceClockNote {
  /** How far the device clock was ahead of the proxy's (negative: behind), in ms. */
  offsetMs: number;
  /** The createTime the device sent, before it was derived. */
  deviceCreateTime: string;
}

/**
 * The value of {@link DEVICE_CLOCK_HEADER} for one event: `offset-ms=<n>; device-create-time=<RFC 3339>`.
 *
 * @example
 * deviceClockNote({ offsetMs: 7200000, deviceCreateTime: '2026-01-01T14:00:00.000Z' });
 * // 'offset-ms=7200000; device-create-time=2026-01-01T14:00:00.000Z'
 */
export function deviceClockNote(note: DeviceClockNote): string {
  return `offset-ms=${note.offsetMs}; device-create-time=${note.deviceCreateTime}`;
}

/**
 * Reads a {@link DEVICE_CLOCK_HEADER} value; undefined for anything else (absent, malformed, or
 * longer than an RFC 3339 time allows), so a hand-written header shows nothing.
 *
 * @example
 * readDeviceClockNote('offset-ms=-345600000; device-create-time=2026-01-01T08:00:00.000Z');
 * // { offsetMs: -345600000, deviceCreateTime: '2026-01-01T08:00:00.000Z' }
 */
export function readDeviceClockNote(value: string | string[] | undefined): DeviceClockNote | undefined {
  const [, offset, deviceCreateTime] =
    (typeof value === 'string' && /^offset-ms=(-?\d{1,16}); device-create-time=([0-9T:.+Z-]{1,40})$/i.exec(value)) ||
    [];
  return offset && deviceCreateTime ? { offsetMs: Number(offset), deviceCreateTime } : undefined;
}
