// Property names terser shortens in the script build (mangle.properties): the fields and methods
// of records that one part of the tracker hands another and that never leave the bundle. The
// source keeps its names (issue 23: bytes are won in the build, not in names). A name is listed
// only when nothing outside the bundle can see it: never a name of the public API (Tracker,
// TrackerOptions, TrackerEnv, ValidateOptions, the global's exports), of an option, of the wire
// format or of anything persisted (eventId, createTime, jobEvent, results...), of a DOM or
// built-in object the bundle reads (add, put, clear, all, min, status, body...), of the error
// that onError receives (kind), or an event name used as a key of the listener tables (resume,
// online, storage). Mangling is all or nothing per name across the bundle, idb-keyval and nanoid
// included, so the e2e suites (which run this build) exercise every one, and
// test/build/internal-properties.test.ts checks that none is a name the tracker shows outside.
// Each group measured alone on 7,367 B (npm run build && npm run size).
export const INTERNAL_PROPERTIES = [
  // The chain table's records (core/job-event-chain.ts), 16 of each: -9 B.
  ...['parent', 'fills'],
  // The option table's spec fields (core/check-options.ts; `kind` also names an onError error): -10 B.
  ...['default', 'required', 'integer'],
  // The link store's methods and option (tracker/link-store.ts): -10 B.
  ...['link', 'impressionFor', 'remember', 'storing'],
  // The marks' and the IndexedDB queue's own methods (add, remove, put, clear are built-in names): -6 B.
  ...['recent', 'del'],
  // The scheduler's methods and config (tracker/scheduler.ts): -20 B.
  ...['force', 'fail', 'ok', 'run', 'lock', 'base', 'report'],
  // The delivery's methods that are not the tracker's (flush, setConsent) nor event names: -22 B.
  ...['hide', 'leave', 'suspend', 'wake', 'stop'],
  // A batch's event ids and a reply's Retry-After (tracker/send-batch.ts): -8 B.
  ...['ids', 'retryAfter'],
  // The delivery's backoff record of one event (tracker/create-delivery.ts): readability, +0 B mangled.
  ...['retries', 'due'],
];
