/**
 * A counting semaphore shared fairly between clients: runs at most `n` tasks at once, and when a
 * slot frees it goes to the next client in turn (round robin over the clients that wait, each
 * client's own tasks in order). Bounds the upstream calls of the whole proxy, so one large burst
 * cannot open hundreds of connections to CTS, and one client's backlog of thousands of events
 * cannot make another client's single event wait behind all of it: that event waits for at most
 * one slot turn per other waiting client.
 *
 * @example
 * const limit = createLimiter(8);
 * await Promise.all(events.map((e) => limit(clientIp, () => forward(e))));
 */
export function createLimiter(n: number): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  let active = 0;
  // Insertion order is the turn order: a client served goes to the back if it still waits.
  const waiting = new Map<string, (() => void)[]>();
  const next = () => {
    active--;
    const first = waiting.entries().next();
    if (first.done) return;
    const [key, queue] = first.value;
    waiting.delete(key);
    const wake = queue.shift();
    if (queue.length) waiting.set(key, queue);
    if (!wake) return; // never: a queue in `waiting` holds at least one waiter
    active++;
    wake();
  };
  return async (key, task) => {
    if (active >= n || waiting.size > 0) {
      await new Promise<void>((resolve) => {
        const queue = waiting.get(key);
        if (queue) queue.push(resolve);
        else waiting.set(key, [resolve]);
      });
    } else active++;
    try {
      return await task();
    } finally {
      next();
    }
  };
}
