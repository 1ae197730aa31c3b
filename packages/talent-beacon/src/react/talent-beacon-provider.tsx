import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ConfigError } from '@talent-beacon/core';
import { createTracker } from '../tracker/create-tracker.js';
import { lazyTracker } from './lazy-tracker.js';
import { TrackerContext, type TrackerContextValue } from './tracker-context.js';
import type { Tracker, TrackerOptions } from '../tracker/tracker-types.js';

/** Props of {@link TalentBeaconProvider}: a `tracker`, or `options` to create one. */
export interface TalentBeaconProviderProps {
  /** A tracker the app created and destroys itself; the provider never destroys it. Wins over `options`. */
  tracker?: Tracker;
  /** Options of a tracker the provider creates in the browser (never during server rendering) and destroys on unmount. Read once. */
  options?: TrackerOptions;
  /** Creates the tracker from `options`; default createTracker. A seam for tests. */
  create?: (options: TrackerOptions) => Tracker;
  /**
   * Where the hooks report what they do not throw (invalid input, no requestId for a view, bad
   * `options`); default `options.onError`, else console.warn.
   */
  onError?: (error: Error) => void;
  children?: ReactNode;
}

/**
 * Gives the talent-beacon hooks their tracker. With `options` the tracker is created on the client
 * only, when the provider mounts or a hook first uses it (server rendering touches no browser
 * API), once even under StrictMode, and destroyed when the provider unmounts. A `tracker` passed
 * in is used as is and never destroyed. Neither of them is a wiring mistake: a ConfigError on the
 * first render.
 *
 * @example
 * <TalentBeaconProvider options={{ endpoint: '/cts/events' }}>
 *   <App />
 * </TalentBeaconProvider>
 */
export function TalentBeaconProvider({
  tracker,
  options,
  create = createTracker,
  onError,
  children,
}: TalentBeaconProviderProps) {
  if (!tracker && !options) {
    throw new ConfigError(
      'MISSING_OPTION',
      'options',
      'TalentBeaconProvider: pass tracker={createTracker(...)} or options={{ endpoint: "/cts/events" }}',
    );
  }
  // The latest handler, behind a stable function: an inline onError must not change the context
  // value (which would re-render every consumer), and a throwing one must not break an effect.
  const handler = useRef<((error: Error) => void) | undefined>(undefined);
  handler.current = onError ?? options?.onError;
  const [report] = useState(() => (error: Error) => {
    try {
      (handler.current ?? console.warn)(error);
    } catch {
      // the app's onError failed; nothing better to do than to keep the page running
    }
  });
  // Created once per provider instance with the first options; creating the lazy wrapper has no
  // side effect, so StrictMode's double render and server rendering are harmless.
  const [lazy] = useState(() => (options ? lazyTracker(() => create(options), report) : undefined));
  const current = tracker ?? lazy?.tracker;
  // Only when the provider owns the tracker; an injected one is the app's to destroy.
  const owned = !tracker && lazy;
  useEffect(() => (owned ? owned.mount() : undefined), [owned]);
  const value = useMemo<TrackerContextValue | null>(
    () => (current ? { tracker: current, onError: report } : null),
    [current, report],
  );
  return <TrackerContext.Provider value={value}>{children}</TrackerContext.Provider>;
}
