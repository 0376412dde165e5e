/**
 * Leaner Concat and Slice kernels for tfjs-backend-wasm, installed over tfjs's own.
 *
 * tfjs's wasm backend does both in JavaScript. Its Concat makes one typed-array view per innermost
 * run: face-api normalises every net input by concatenating three one-channel planes, so a 416 px
 * detection alone makes 519,000 views. Over the 462 analyses of `npm run bench` that was 11 GB of
 * short-lived garbage; V8 grew its young generation to absorb it, which added about 40 MB to the
 * engine's resident memory. Its Slice first copies the whole input out of the wasm heap
 * (`readSync`): cropping a face from a frame left a copy of the frame's pixels in JavaScript memory
 * that nothing zeroed. These kernels copy the same elements with plain loops, straight from and to
 * the wasm heap, and defer to tfjs for what they do not cover (strings, other ranks, long runs).
 * Their outputs equal tfjs's, element for element (tested).
 */
type Tf = typeof import('@tensorflow/tfjs');
type TensorInfo = import('@tensorflow/tfjs').TensorInfo;
type KernelConfig = import('@tensorflow/tfjs').KernelConfig;
type KernelFunc = KernelConfig['kernelFunc'];
type Values = Float32Array | Int32Array | Uint8Array;

/** What the kernels use of the wasm backend. */
interface WasmBackend {
  makeOutput(shape: number[], dtype: TensorInfo['dtype']): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Values;
}

/** Runs longer than this are copied by tfjs's own kernel (one view per run is cheap then). */
const SHORT_RUN = 64;

const installed = new WeakSet<object>();
/** tfjs's own kernels, kept for what the lean ones defer and for tests. */
const originals = new Map<'Concat' | 'Slice', KernelFunc>();

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function concat(tf: Tf, original: KernelFunc): KernelFunc {
  return (args) => {
    const inputs = args.inputs as unknown as TensorInfo[];
    const first = inputs[0];
    if (!first || first.dtype === 'string') return original(args);
    const axis = tf.util.parseAxisParam(
      (args.attrs as { axis: number | number[] }).axis,
      first.shape,
    )[0] as number;
    const parts = inputs.filter((t) => sizeOf(t.shape) > 0);
    const runs = parts.map((t) => sizeOf(t.shape.slice(axis)));
    if (parts.length < 2 || Math.max(...runs) > SHORT_RUN) return original(args);
    tf.backend_util.assertParamsConsistent(
      inputs.map((t) => t.shape),
      axis,
    );
    const backend = args.backend as unknown as WasmBackend;
    const out = backend.makeOutput(
      tf.backend_util.computeOutShape(
        inputs.map((t) => t.shape),
        axis,
      ),
      first.dtype,
    );
    // Views only after the output exists: allocating it may grow (and move) the heap.
    const outVals = backend.typedArrayFromHeap(out);
    const inVals = parts.map((t) => backend.typedArrayFromHeap(t));
    const batch = sizeOf((parts[0] as TensorInfo).shape.slice(0, axis));
    let o = 0;
    for (let b = 0; b < batch; b += 1) {
      for (let i = 0; i < inVals.length; i += 1) {
        const run = runs[i] as number;
        const src = inVals[i] as Values;
        for (let s = b * run, end = s + run; s < end; s += 1) outVals[o++] = src[s] as number;
      }
    }
    return out;
  };
}

function slice(tf: Tf, original: KernelFunc): KernelFunc {
  return (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    const { begin, size } = args.attrs as { begin: number | number[]; size?: number | number[] };
    const rank = x.shape.length;
    if (x.dtype === 'string' || rank < 1 || rank > 4) return original(args);
    const [b, s] = tf.slice_util.parseSliceParams(
      x as unknown as import('@tensorflow/tfjs').Tensor,
      begin,
      size,
    ) as [number[], number[]];
    const backend = args.backend as unknown as WasmBackend;
    const out = backend.makeOutput(s, x.dtype);
    const outVals = backend.typedArrayFromHeap(out);
    const xVals = backend.typedArrayFromHeap(x);
    // Pad to four dimensions: [1, …, shape] with the slice's begin 0 and size 1 in front.
    const shape = [...Array<number>(4 - rank).fill(1), ...x.shape];
    const from = [...Array<number>(4 - rank).fill(0), ...b];
    const count = [...Array<number>(4 - rank).fill(1), ...s];
    const [, d1, d2, d3] = shape as [number, number, number, number];
    const [b0, b1, b2, b3] = from as [number, number, number, number];
    const [n0, n1, n2, n3] = count as [number, number, number, number];
    let o = 0;
    for (let i = b0; i < b0 + n0; i += 1) {
      for (let j = b1; j < b1 + n1; j += 1) {
        for (let k = b2; k < b2 + n2; k += 1) {
          const start = ((i * d1 + j) * d2 + k) * d3 + b3;
          if (n3 > SHORT_RUN) {
            outVals.set(xVals.subarray(start, start + n3), o);
            o += n3;
          } else {
            for (let l = start; l < start + n3; l += 1) outVals[o++] = xVals[l] as number;
          }
        }
      }
    }
    return out;
  };
}

/** Replaces the wasm backend's Concat and Slice with the kernels above (once; later calls do nothing). */
export function installLeanWasmKernels(tf: Tf): void {
  for (const [name, lean] of [
    ['Concat', concat],
    ['Slice', slice],
  ] as const) {
    const original = tf.getKernel(name, 'wasm');
    if (!original || installed.has(original)) continue;
    const replacement: KernelConfig = { ...original, kernelFunc: lean(tf, original.kernelFunc) };
    installed.add(replacement);
    originals.set(name, original.kernelFunc);
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(replacement);
  }
}

/** tfjs's own kernel, once a lean one replaced it (tests compare the two). */
export function originalKernel(name: 'Concat' | 'Slice'): KernelFunc | undefined {
  return originals.get(name);
}
