// The `talent-beacon/react` entry: only re-exports. React is an optional peer dependency; the
// core and the main entry never import it. Importing this and server rendering touch no browser API.
export { TalentBeaconProvider } from './react/talent-beacon-provider.js';
export type { TalentBeaconProviderProps } from './react/talent-beacon-provider.js';
export { useTracker } from './react/use-tracker.js';
export { useImpression } from './react/use-impression.js';
export { useJobView } from './react/use-job-view.js';
export type { JobViewOptions } from './react/use-job-view.js';
export { useTrackEvent } from './react/use-track-event.js';
export { TrackerContext } from './react/tracker-context.js';
export type { TrackerContextValue } from './react/tracker-context.js';
export type {
  Tracker,
  TrackerOptions,
  ImpressionInput,
  ViewInput,
  TrackInput,
  JobChain,
} from './tracker/tracker-types.js';
