/**
 * What face-api's nets share in the engine's freeing forward passes (lean-detector-forward.ts,
 * lean-recognition-forward.ts): one op at a time, its input freed as soon as it has been read.
 */
export type Tf = typeof import('@tensorflow/tfjs');
type Tensor = import('@tensorflow/tfjs').Tensor;
type Tensor4D = import('@tensorflow/tfjs').Tensor4D;

/** face-api's NetInput, as far as a forward pass uses it. */
export interface NetInput {
  toBatchTensor(inputSize: number, isCenterInputs: boolean): Tensor4D;
}

/** y = op(x), then x is freed (x is an activation the pass made; never a weight). */
export function next<T extends Tensor>(x: Tensor, op: (x: Tensor) => T): T {
  const y = op(x);
  if ((y as Tensor) !== x) x.dispose();
  return y;
}

/** face-api's normalize(): subtract the mean colour, plane by plane; x is freed. */
export function normalize(tf: Tf, x: Tensor4D, [r, g, b]: [number, number, number]): Tensor4D {
  return next(x, (t) =>
    tf.tidy(() => {
      const plane = [...t.shape.slice(0, 3), 1];
      const mean = tf.concat(
        [tf.fill(plane, r, 'float32'), tf.fill(plane, g, 'float32'), tf.fill(plane, b, 'float32')],
        3,
      );
      return tf.sub(t, mean);
    }),
  ) as Tensor4D;
}
