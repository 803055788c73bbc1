/*
 * A cancel that crosses threads at once. The API process sets a flag in shared memory (and also
 * posts a message, which wakes a worker waiting on I/O or on the embedding pool); the worker's
 * AbortSignal reads the flag whenever the engine asks `signal.aborted`. That matters because the
 * engine checks its signal between the steps of long synchronous work (per session scanned, per
 * kind clustered), when the worker's thread never returns to its event loop and a message would
 * only be read after the whole job had finished.
 */

/** The API process's half: a flag to hand to the worker, and the call that raises it. */
export function createAbortFlag(): { flag: Int32Array; raise: () => void } {
  const flag = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  return { flag, raise: () => void Atomics.store(flag, 0, 1) };
}

const nativeAborted = Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted')!.get!;

/**
 * The worker's half: an ordinary AbortController whose signal also turns aborted as soon as the
 * flag is raised, the first time anyone reads `signal.aborted` after that (listeners then run, as
 * on any abort). `controller.abort()` still works directly (the cancel message).
 */
export function flagSignal(flag: Int32Array): AbortController {
  const controller = new AbortController();
  const signal = controller.signal;
  Object.defineProperty(signal, 'aborted', {
    get(): boolean {
      if (!nativeAborted.call(signal) && Atomics.load(flag, 0) === 1) controller.abort();
      return nativeAborted.call(signal) as boolean;
    },
  });
  // Raised before the worker started: aborted from the outset, so every listener sees it.
  if (Atomics.load(flag, 0) === 1) controller.abort();
  return controller;
}
