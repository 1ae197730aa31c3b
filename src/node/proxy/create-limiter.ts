/**
 * A counting semaphore: runs at most `n` tasks at once, the others wait in order. Bounds the
 * upstream calls of the whole proxy, so one large burst cannot open hundreds of connections
 * to CTS (or exhaust its quota in one go).
 *
 * @example
 * const limit = createLimiter(8);
 * await Promise.all(events.map((e) => limit(() => forward(e))));
 */
export function createLimiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  const next = () => {
    active--;
    waiting.shift()?.();
  };
  return async (task) => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      next();
    }
  };
}
