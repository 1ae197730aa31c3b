'use client';
// The tracker lives in the browser: on the server the provider and hooks render and do nothing.
import { TalentBeaconProvider } from 'talent-beacon/react';

export function Providers({ children }) {
  return <TalentBeaconProvider options={{ endpoint: '/cts/events' }}>{children}</TalentBeaconProvider>;
}
