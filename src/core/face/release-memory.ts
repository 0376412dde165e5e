/**
 * The engine process's JavaScript heap, kept small.
 *
 * One memory-reducing garbage collection, once the models are loaded. Loading reads 28 MB of
 * weights, copies them for decoding and hands them to the wasm heap; V8 grows its young
 * generation to 32 MB to absorb that and never shrinks it by itself. Collecting the loading's
 * garbage with V8's "last resort" flavour shrinks it back: the engine process's peak resident
 * memory over `npm run bench` fell from 308–318 MB to 285 MB (README, "Speed").
 *
 * Then the young generation is held at that size (holdYoungGeneration). Every analysis leaves
 * about 4 MB of short-lived JavaScript garbage (tfjs's bookkeeping for each of a few hundred
 * kernels; sampled with the heap profiler), and V8 doubles its semi-spaces whenever enough of it
 * has survived a scavenge, up to 16 MB each: over the bench the new space grew back to 32 MB and
 * the old space with it, the JavaScript heap from 30 to 70 MB, all of it resident.
 *
 * Both need V8 flags at run time (`--expose-gc`, gc() read from a fresh context;
 * `--semi-space-growth-factor`), since neither the app's utilityProcess nor a worker thread can
 * be given V8 flags reliably at start. If any of that is unavailable nothing happens: memory, not
 * behaviour.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = (options?: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/** Returns whether the collection ran. */
export function releaseLoadingGarbage(): boolean {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as Gc | undefined;
    if (typeof gc !== 'function') return false;
    gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops V8 from growing the young generation (its semi-spaces stay at their 1 MB start) for the
 * rest of the process's life, in every thread: call it only in a process that runs nothing but
 * the engine (the app's utilityProcess, the bench's engine process). The engine then scavenges
 * about five times an analysis instead of about once; each scavenge finds little alive, as the
 * garbage dies within its frame. Measured over the bench's photos: the JavaScript heap 70 → 30 MB
 * (README, "Speed"). Returns whether V8 took the setting.
 */
export function holdYoungGeneration(): boolean {
  try {
    setFlagsFromString('--semi-space-growth-factor=1');
    return true;
  } catch {
    return false;
  }
}
