/**
 * Runs an async job one at a time, coalescing calls: a call while a run is in flight gets the next
 * run, which starts after the current one ends and covers every call made meanwhile. A NOTIFY, the
 * timer and a reconnect may all ask for a pull at once; one pull after the last ask is what each
 * of them needs, and two pulls at once would apply the same page twice.
 */
export function oneAtATime<T>(job: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  let next: Promise<T> | null = null;
  const start = (): Promise<T> => {
    const run = job().finally(() => {
      running = null;
    });
    running = run;
    return run;
  };
  return () => {
    if (running === null) return start();
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = null;
        return start();
      });
    return next;
  };
}
