/**
 * The engine's Concat and Slice kernels for the wasm backend give exactly what tfjs's own give, on
 * the shapes face-api uses (planes concatenated along channels, crops of a frame) and on others.
 */
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { FaceAnalyzer } from '../../../src/core/face/face-analyzer.ts';
import { installLeanWasmKernels, originalKernel } from '../../../src/core/face/lean-wasm-kernels.ts';
import { seededRandom } from '../../../src/core/seeded-random.ts';
import { MODELS_DIR } from '../../support/paths.ts';

type Tf = typeof import('@tensorflow/tfjs');
const tf = createRequire(import.meta.url)('@tensorflow/tfjs') as Tf;
const random = seededRandom('lean-kernels');

beforeAll(async () => {
  // Creating the analyzer sets up the wasm backend and installs the lean kernels.
  await FaceAnalyzer.create({ modelsDir: MODELS_DIR });
});

function tensor(shape: number[], dtype: 'float32' | 'int32') {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: n }, () =>
    dtype === 'int32' ? Math.floor(random() * 1000) : random(),
  );
  return tf.tensor(values, shape, dtype);
}

/** tfjs's own kernel run on the same inputs, as a tensor. */
function byOriginal(name: 'Concat' | 'Slice', inputs: object, attrs: object) {
  const kernel = originalKernel(name);
  if (!kernel) throw new Error(`${name} is not replaced`);
  const info = kernel({
    inputs,
    backend: tf.backend(),
    attrs,
  } as never) as import('@tensorflow/tfjs').TensorInfo;
  return tf.engine().makeTensorFromTensorInfo(info);
}

describe('lean wasm kernels', () => {
  it('are installed once, over tfjs’s own', () => {
    expect(tf.getBackend()).toBe('wasm');
    const concat = tf.getKernel('Concat', 'wasm');
    installLeanWasmKernels(tf);
    expect(tf.getKernel('Concat', 'wasm')).toBe(concat);
    expect(originalKernel('Concat')).not.toBe(concat?.kernelFunc);
  });

  it('concatenate exactly as tfjs does', () => {
    const cases: [number[][], number, 'float32' | 'int32'][] = [
      // face-api's normalisation: three one-channel planes along the channels.
      [
        [
          [1, 41, 37, 1],
          [1, 41, 37, 1],
          [1, 41, 37, 1],
        ],
        3,
        'float32',
      ],
      [
        [
          [5, 3],
          [5, 7],
        ],
        1,
        'int32',
      ],
      [
        [
          [2, 3, 4],
          [1, 3, 4],
          [4, 3, 4],
        ],
        0,
        'float32',
      ],
      [
        [
          [3, 200],
          [3, 10],
        ],
        1,
        'float32',
      ], // a long run: tfjs's own path
      [
        [
          [2, 0, 3],
          [2, 4, 3],
        ],
        1,
        'int32',
      ], // an empty part
    ];
    for (const [shapes, axis, dtype] of cases) {
      const parts = shapes.map((s) => tensor(s, dtype));
      const lean = tf.concat(parts, axis);
      const original = byOriginal('Concat', parts, { axis });
      expect(lean.shape, JSON.stringify(shapes)).toEqual(original.shape);
      expect(Array.from(lean.dataSync())).toEqual(Array.from(original.dataSync()));
      tf.dispose([...parts, lean, original]);
    }
  });

  it('slice exactly as tfjs does, without copying the input out of the wasm heap', () => {
    const cases: [number[], number[], number[]][] = [
      [
        [48, 64, 3],
        [5, 7, 0],
        [20, 30, 3],
      ], // a face crop from a frame
      [
        [1, 20, 20, 8],
        [0, 2, 3, 1],
        [1, 10, 12, 5],
      ],
      [[30], [4], [11]],
      [
        [10, 90],
        [2, 3],
        [5, 80],
      ], // a long run
      [
        [6, 5, 4],
        [0, 0, 0],
        [-1, -1, -1],
      ],
    ];
    for (const [shape, begin, size] of cases) {
      for (const dtype of ['float32', 'int32'] as const) {
        const x = tensor(shape, dtype);
        const lean = tf.slice(x, begin, size);
        const original = byOriginal('Slice', { x }, { begin, size });
        expect(lean.shape).toEqual(original.shape);
        expect(Array.from(lean.dataSync())).toEqual(Array.from(original.dataSync()));
        tf.dispose([x, lean, original]);
      }
    }
  });
});
