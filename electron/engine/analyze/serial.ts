/*
 * One job of a kind at a time per store. The API's analyse job, a scheduled dream run and a
 * dream asked for from the UI may all start while another is running; two analyses interleaving
 * their awaits would each rewrite the clusters the other is reading. A second call waits for
 * the first to settle (whatever its outcome), then runs.
 */

const chains = new WeakMap<object, Map<string, Promise<unknown>>>();

export function serialised<T>(owner: object, key: string, job: () => Promise<T>): Promise<T> {
  let byKey = chains.get(owner);
  if (!byKey) chains.set(owner, (byKey = new Map()));
  const before = byKey.get(key) ?? Promise.resolve();
  const run = before.then(job, job);
  // The chain goes on whether this job fails or not; the caller still sees the failure.
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  byKey.set(key, settled);
  void settled.then(() => {
    if (byKey.get(key) === settled) byKey.delete(key);
  });
  return run;
}
