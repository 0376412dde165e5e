/**
 * The recognition net's freeing forward pass gives face-api's own output bit for bit on real face
 * crops (the square dlib chip and the landmark box's uneven crops, plain and mirrored), leaves no
 * tensor behind, and holds a fraction of the activations at once.
 */
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { FaceAnalyzer } from '../../../src/core/face/face-analyzer.ts';
import {
  installLeanRecognitionForward,
  originalRecognitionForward,
  type RecognitionNet,
} from '../../../src/core/face/lean-recognition-forward.ts';
import { fixtureBytes, frameFrom } from '../../support/frames.ts';
import { MODELS_DIR } from '../../support/paths.ts';

type Tf = typeof import('@tensorflow/tfjs');
type Tensor = import('@tensorflow/tfjs').Tensor;
type FaceApi = typeof import('@vladmandic/face-api/dist/face-api.node-wasm.js');
const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs') as Tf;
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
const net = faceapi.nets.faceRecognitionNet as unknown as RecognitionNet;
type NetInput = Parameters<RecognitionNet['forwardInput']>[0];

/** Face crops as the engine hands them to the net: int32 RGB, square or not. */
const crops: { name: string; pixels: Int32Array; shape: [number, number, number] }[] = [];

beforeAll(async () => {
  await FaceAnalyzer.create({ modelsDir: MODELS_DIR });
  for (const [name, width, height] of [
    ['obama/obama1.jpg', 150, 150],
    ['biden/biden.jpg', 188, 171],
    ['obama/obama_small.jpg', 97, 104],
  ] as const) {
    const frame = await frameFrom(sharp(fixtureBytes(name)).resize({ width, height, fit: 'cover' }));
    crops.push({
      name: `${name} ${width}×${height}`,
      pixels: Int32Array.from(frame.data),
      shape: [height, width, 3],
    });
  }
});

async function netInput(image: Tensor): Promise<NetInput> {
  return (await faceapi.toNetInput(image as never)) as unknown as NetInput;
}

function faceApiForward(): RecognitionNet['forwardInput'] {
  const original = originalRecognitionForward(net);
  if (!original) throw new Error('the freeing pass is not installed');
  return original;
}

describe('the recognition net’s freeing forward pass', () => {
  it('is installed once, over face-api’s own', () => {
    const installed = net.forwardInput;
    const original = faceApiForward();
    installLeanRecognitionForward(tf, net);
    expect(net.forwardInput).toBe(installed);
    expect(originalRecognitionForward(net)).toBe(original);
  });

  it('gives face-api’s descriptor bit for bit, plain and mirrored, and leaves no tensor behind', async () => {
    for (const crop of crops) {
      for (const mirrored of [false, true]) {
        const label = `${crop.name}${mirrored ? ' mirrored' : ''}`;
        const plain = tf.tensor3d(crop.pixels, crop.shape, 'int32');
        const image = mirrored ? tf.reverse(plain, 1) : plain;
        const input = await netInput(image);
        const before = tf.memory().numTensors;
        const lean = net.forwardInput(input);
        expect(tf.memory().numTensors, `${label}: only the output is left`).toBe(before + 1);
        const theirs = faceApiForward()(input);
        expect(lean.shape).toEqual([1, 128]);
        const [a, b] = [lean.dataSync(), theirs.dataSync()] as Float32Array[];
        expect(Buffer.from(a!.buffer).equals(Buffer.from(b!.buffer)), `${label}: same bits`).toBe(true);
        lean.dispose();
        theirs.dispose();
        expect(tf.memory().numTensors).toBe(before);
        if (image !== plain) image.dispose();
        plain.dispose();
      }
    }
  });

  it('holds under a fifth of the activations face-api’s single tidy holds at once', async () => {
    const crop = crops[0] as (typeof crops)[number];
    const image = tf.tensor3d(crop.pixels, crop.shape, 'int32');
    const input = await netInput(image);
    const resident = tf.memory().numBytes;
    const peak = async (forward: RecognitionNet['forwardInput']): Promise<number> => {
      const profile = await tf.profile(() => forward(input).dispose());
      return profile.peakBytes - resident;
    };
    const lean = await peak(net.forwardInput);
    const theirs = await peak(faceApiForward());
    image.dispose();
    // Measured above the weights and the crop: 1.5 vs 14.4 MB.
    expect(lean).toBeLessThan(theirs / 5);
  });
});
