// The pure core shared by the tracker, the proxy and the emulator: no DOM, no Node.
export type { ApiVersion } from './api-version.js';
export { API_VERSIONS, isApiVersion, isV3Family } from './api-version.js';
export type { ClientEvent, JobEvent, ValidationIssue, IssueRule } from './client-event.js';
export { JobEventType, JOB_EVENT_TYPE_NAMES, jobEventTypesFor, jobEventTypeFromWire } from './job-event-type.js';
export type { JobEventTypeName } from './job-event-type.js';
export { ChainStep, chainStep, parentStep, parentTypes } from './job-event-chain.js';
export type { ChainStepNumber } from './job-event-chain.js';
export type { JobNameParts } from './job-name.js';
export { parseJobName, formatJobName, isJobName, jobNameFormsFor } from './job-name.js';
export {
  validateClientEvent,
  extraInfoValueToString,
  EXTRA_INFO_MAX_KEYS,
  EXTRA_INFO_MAX_BYTES,
  MAX_EVENT_BYTES,
  MAX_EVENT_ID_BYTES,
  MAX_REQUEST_ID_BYTES,
} from './validate-client-event.js';
export type { ValidateOptions } from './validate-client-event.js';
export { ClientEventError } from './client-event-error.js';
export { ConfigError } from './config-error.js';
export type { ConfigErrorCode } from './config-error.js';
export { checkOptions } from './check-options.js';
export type { OptionKind, OptionSpec } from './check-options.js';
export { describeValue, boundedValue } from './describe-value.js';
export { utf8ByteLength } from './utf8-byte-length.js';
export { clientEventParent, toClientEventRequest, fromClientEventBody } from './client-event-request.js';
export type { ClientEventTarget, ClientEventRequest } from './client-event-request.js';
export { createEventId } from './create-event-id.js';
export { parseRetryAfter } from './parse-retry-after.js';
export { SCRIPT_BUILD } from './script-build.js';
export {
  CLOCK_TOLERANCE_MS,
  DEVICE_CLOCK_HEADER,
  isDeviceTime,
  readDeviceClock,
  deriveCreateTime,
  deviceClockNote,
  readDeviceClockNote,
} from './device-clock.js';
export type { DeviceClock, DeviceClockNote } from './device-clock.js';
