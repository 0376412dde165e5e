/**
 * The tiny face detector's forward pass as face-api computes it, op for op, but freeing each
 * activation as soon as the next op has consumed it; installed over face-api's own.
 *
 * face-api runs the whole net (TinyYolov2Base.forwardInput → runMobilenet, convLayer,
 * depthwiseSeparableConv, leaky, normalize) inside one tf.tidy, so every layer's output and every
 * leaky-ReLU intermediate stays alive until the last layer ends. At 416 px the first layer alone
 * is 414×414×16 floats (10.5 MB) per intermediate, and the wasm heap must hold all of them at once:
 * 69 MB of activations at 416 px, 42 MB at 320 px (tf.profile). Wasm memory never shrinks, so that
 * one peak stays resident for the life of the engine. Here at most three of a layer's activations
 * are alive at once. The kernels, their inputs and their order are face-api's, so the output is
 * the same, bit for bit (tested against face-api's own pass).
 */
import { next, normalize, type NetInput, type Tf } from './lean-forward-steps.ts';

type Tensor1D = import('@tensorflow/tfjs').Tensor1D;
type Tensor4D = import('@tensorflow/tfjs').Tensor4D;

interface ConvParams {
  filters: Tensor4D;
  bias: Tensor1D;
}
interface SeparableConvParams {
  depthwise_filter: Tensor4D;
  pointwise_filter: Tensor4D;
  bias: Tensor1D;
}
/** The tiny face detector's parameters (face-api's MobilenetParams with a 2-D first layer). */
interface DetectorParams {
  conv0: ConvParams;
  conv1: SeparableConvParams;
  conv2: SeparableConvParams;
  conv3: SeparableConvParams;
  conv4: SeparableConvParams;
  conv5: SeparableConvParams;
  conv6?: SeparableConvParams;
  conv7?: SeparableConvParams;
  conv8: ConvParams;
}

/** What is used of face-api's TinyFaceDetector (a TinyYolov2Base). */
export interface TinyDetectorNet {
  params: unknown;
  config: { withSeparableConvs: boolean; isFirstLayerConv2d?: boolean; meanRgb?: [number, number, number] };
  forwardInput(input: NetInput, inputSize: number): Tensor4D;
}

/** face-api's leaky(): relu(x − 0.1·x) + 0.1·x, with x freed once the subtraction has read it. */
function leaky(tf: Tf, x: Tensor4D): Tensor4D {
  const min = tf.tidy(() => tf.mul(x, tf.scalar(0.10000000149011612)));
  const relu = next(
    next(x, (t) => tf.sub(t, min)),
    (t) => tf.relu(t),
  );
  const out = next(relu, (t) => tf.add(t, min)) as Tensor4D;
  min.dispose();
  return out;
}

/** face-api's convLayer(x, params, padding, false): conv2d with stride 1, plus bias. */
function convLayer(tf: Tf, x: Tensor4D, params: ConvParams, padding: 'valid' | 'same'): Tensor4D {
  const conv = next(x, (t) => tf.conv2d(t as Tensor4D, params.filters, [1, 1], padding));
  return next(conv, (t) => tf.add(t, params.bias)) as Tensor4D;
}

/** face-api's tinyYolov2 depthwiseSeparableConv: pad 1, separable conv, bias, leaky. */
function separableConv(tf: Tf, x: Tensor4D, params: SeparableConvParams): Tensor4D {
  const padded = next(x, (t) =>
    tf.pad(t, [
      [0, 0],
      [1, 1],
      [1, 1],
      [0, 0],
    ]),
  );
  // separableConv2d is a depthwise conv then a pointwise one; the tidy frees the former's output.
  const conv = next(padded, (t) =>
    tf.tidy(() =>
      tf.separableConv2d(t as Tensor4D, params.depthwise_filter, params.pointwise_filter, [1, 1], 'valid'),
    ),
  );
  return leaky(tf, next(conv, (t) => tf.add(t, params.bias)) as Tensor4D);
}

function maxPool(tf: Tf, x: Tensor4D, strides: [number, number]): Tensor4D {
  return next(x, (t) => tf.maxPool(t as Tensor4D, [2, 2], strides, 'same'));
}

/** TinyYolov2Base.forwardInput for the tiny face detector, freeing as it goes. */
function forward(tf: Tf, net: TinyDetectorNet, input: NetInput, inputSize: number): Tensor4D {
  const params = net.params as DetectorParams | undefined;
  if (!params) throw new Error('TinyYolov2 - load model before inference');
  const { meanRgb } = net.config;
  // A tidy around it all still frees whatever an exception leaves behind.
  return tf.tidy(() => {
    let x = next(input.toBatchTensor(inputSize, false), (t) => tf.cast(t, 'float32')) as Tensor4D;
    if (meanRgb) x = normalize(tf, x, meanRgb);
    x = next(x, (t) => t.div(255)) as Tensor4D;
    x = leaky(tf, convLayer(tf, x, params.conv0, 'valid'));
    x = maxPool(tf, x, [2, 2]);
    for (const layer of [params.conv1, params.conv2, params.conv3, params.conv4]) {
      x = maxPool(tf, separableConv(tf, x, layer), [2, 2]);
    }
    x = maxPool(tf, separableConv(tf, x, params.conv5), [1, 1]);
    if (params.conv6) x = separableConv(tf, x, params.conv6);
    if (params.conv7) x = separableConv(tf, x, params.conv7);
    return convLayer(tf, x, params.conv8, 'valid');
  });
}

const originals = new WeakMap<TinyDetectorNet, TinyDetectorNet['forwardInput']>();

/**
 * Replaces the detector instance's forwardInput with the pass above (once). Only the tiny face
 * detector's own shape is taken over: separable convs with a 2-D first layer and a mean colour.
 */
export function installLeanDetectorForward(tf: Tf, net: TinyDetectorNet): void {
  if (originals.has(net)) return;
  const { withSeparableConvs, isFirstLayerConv2d } = net.config;
  if (!withSeparableConvs || !isFirstLayerConv2d) return;
  const original = net.forwardInput.bind(net);
  originals.set(net, original);
  net.forwardInput = (input, inputSize) => forward(tf, net, input, inputSize);
}

/** face-api's own forward pass, once replaced (tests compare the two). */
export function originalDetectorForward(net: TinyDetectorNet): TinyDetectorNet['forwardInput'] | undefined {
  return originals.get(net);
}
