/**
 * Runs `task` only if no other tab of this origin is flushing the same queue, through the Web
 * Locks API (`ifAvailable`: a tab that finds the lock taken skips this flush instead of waiting,
 * the holder sends its events from the shared IndexedDB queue). Resolves to false when skipped.
 * Without Web Locks every tab flushes: correctness holds, the proxy drops duplicates by eventId.
 *
 * @example
 * const ran = await withFlushLock(navigator.locks, 'talent-beacon', () => sendQueued());
 */
export function withFlushLock(
  locks: LockManager | undefined,
  name: string,
  task: () => Promise<unknown>,
): Promise<boolean> {
  const run = () => task().then(() => true);
  let granted = false;
  // An opaque origin (sandboxed iframe) has navigator.locks but every request rejects with a
  // SecurityError: run without the lock then, as without Web Locks, or nothing is ever sent.
  return locks
    ? (Promise.resolve()
        .then(() =>
          locks.request(name, { ifAvailable: true }, (lock) => {
            granted = true;
            return lock ? run() : false;
          }),
        )
        .catch((error) => {
          if (granted) throw error;
          return run();
        }) as Promise<boolean>)
    : run();
}
