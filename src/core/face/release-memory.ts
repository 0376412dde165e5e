/**
 * One memory-reducing garbage collection, once the models are loaded. Loading reads 28 MB of
 * weights, copies them for decoding and hands them to the wasm heap; V8 grows its young
 * generation to 32 MB to absorb that and never shrinks it by itself. Collecting the loading's
 * garbage with V8's "last resort" flavour shrinks it back: the engine process's peak resident
 * memory over `npm run bench` fell from 308–318 MB to 285 MB (README, "Speed").
 *
 * It needs V8's gc() function, which only exists with --expose-gc; the flag is set at run time and
 * read from a fresh context, since neither the app's utilityProcess nor a worker thread can be
 * given V8 flags reliably. If any of that is unavailable nothing happens: memory, not behaviour.
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
