// The `talent-beacon/react` entry: only re-exports. React is an optional peer dependency; the
// core and the main entry never import it. Importing this and server rendering touch no browser API.
export { TalentBeaconProvider } from './talent-beacon-provider.js';
export type { TalentBeaconProviderProps } from './talent-beacon-provider.js';
export { useTracker } from './use-tracker.js';
export { useImpression } from './use-impression.js';
export { useJobView } from './use-job-view.js';
export type { JobViewOptions } from './use-job-view.js';
export { useTrackEvent } from './use-track-event.js';
export { TrackerContext } from './tracker-context.js';
export type { TrackerContextValue } from './tracker-context.js';
export type { Tracker, TrackerOptions, ImpressionInput, ViewInput, TrackInput } from './tracker-types.js';
