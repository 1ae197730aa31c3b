// The `talent-beacon` entry: only re-exports. Importing it touches no browser global (SSR-safe).
export {
  validateClientEvent,
  ClientEventError,
  ConfigError,
  JobEventType,
  jobEventTypesFor,
  parseJobName,
  formatJobName,
  isJobName,
  createEventId,
  EXTRA_INFO_MAX_KEYS,
  EXTRA_INFO_MAX_BYTES,
  MAX_EVENT_BYTES,
} from '@talent-beacon/core';
export type {
  ApiVersion,
  ClientEvent,
  JobEvent,
  JobEventTypeName,
  JobNameParts,
  ValidationIssue,
  IssueRule,
  ValidateOptions,
  ConfigErrorCode,
} from '@talent-beacon/core';
export { createTracker } from './tracker/create-tracker.js';
export type {
  Tracker,
  TrackerOptions,
  ImpressionInput,
  ViewInput,
  TrackInput,
  JobChain,
} from './tracker/tracker-types.js';
export type { TrackerEnv } from './tracker/tracker-env.js';
