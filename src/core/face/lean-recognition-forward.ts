/**
 * The recognition net's forward pass (dlib's ResNet as face-api computes it), op for op, freeing
 * each activation as soon as the next op has consumed it; installed over face-api's own.
 *
 * face-api runs the whole net (FaceRecognitionNet.forwardInput → convDown, residual, residualDown,
 * scale) inside one tf.tidy, so all of its activations are alive when the last layer runs. Here a
 * residual block keeps only its input (for the skip connection) and the current activation.
 * The kernels, their inputs and their order are face-api's, so the descriptor is the same, bit for
 * bit (tested against face-api's own pass).
 */
import { next, normalize, type NetInput, type Tf } from './lean-forward-steps.ts';

type Tensor = import('@tensorflow/tfjs').Tensor;
type Tensor1D = import('@tensorflow/tfjs').Tensor1D;
type Tensor2D = import('@tensorflow/tfjs').Tensor2D;
type Tensor4D = import('@tensorflow/tfjs').Tensor4D;

interface ConvLayerParams {
  conv: { filters: Tensor4D; bias: Tensor1D };
  scale: { weights: Tensor1D; biases: Tensor1D };
}
interface ResidualLayerParams {
  conv1: ConvLayerParams;
  conv2: ConvLayerParams;
}
interface RecognitionParams {
  conv32_down: ConvLayerParams;
  conv32_1: ResidualLayerParams;
  conv32_2: ResidualLayerParams;
  conv32_3: ResidualLayerParams;
  conv64_down: ResidualLayerParams;
  conv64_1: ResidualLayerParams;
  conv64_2: ResidualLayerParams;
  conv64_3: ResidualLayerParams;
  conv128_down: ResidualLayerParams;
  conv128_1: ResidualLayerParams;
  conv128_2: ResidualLayerParams;
  conv256_down: ResidualLayerParams;
  conv256_1: ResidualLayerParams;
  conv256_2: ResidualLayerParams;
  conv256_down_out: ResidualLayerParams;
  fc: Tensor2D;
}

/** What is used of face-api's FaceRecognitionNet. */
export interface RecognitionNet {
  params: unknown;
  forwardInput(input: NetInput): Tensor2D;
}

/** face-api's convLayer: conv2d, bias, scale (x·w + b), then relu when asked; x is freed. */
function convLayer(
  tf: Tf,
  x: Tensor4D,
  params: ConvLayerParams,
  strides: [number, number],
  withRelu: boolean,
  padding: 'valid' | 'same' = 'same',
): Tensor4D {
  let out: Tensor = next(x, (t) => tf.conv2d(t as Tensor4D, params.conv.filters, strides, padding));
  out = next(out, (t) => tf.add(t, params.conv.bias));
  out = next(out, (t) => tf.mul(t, params.scale.weights));
  out = next(out, (t) => tf.add(t, params.scale.biases));
  return (withRelu ? next(out, (t) => tf.relu(t)) : out) as Tensor4D;
}

/** face-api's residual(): two convolutions, the block's input added back, relu; x is freed. */
function residual(tf: Tf, x: Tensor4D, params: ResidualLayerParams): Tensor4D {
  let out = convLayer(tf, x.clone(), params.conv1, [1, 1], true);
  out = convLayer(tf, out, params.conv2, [1, 1], false);
  out = next(out, (t) => tf.add(t, x));
  x.dispose();
  return next(out, (t) => tf.relu(t)) as Tensor4D;
}

/** face-api's residualDown(): the same with a stride-2 first conv and an average-pooled skip; x is freed. */
function residualDown(tf: Tf, x: Tensor4D, params: ResidualLayerParams): Tensor4D {
  let out = convLayer(tf, x.clone(), params.conv1, [2, 2], true, 'valid');
  out = convLayer(tf, out, params.conv2, [1, 1], false);
  let pooled = next(x, (t) => tf.avgPool(t as Tensor4D, 2, 2, 'valid'));
  const isPad = pooled.shape[3] !== out.shape[3];
  if (pooled.shape[1] !== out.shape[1] || pooled.shape[2] !== out.shape[2]) {
    const padShapeX = [...out.shape] as [number, number, number, number];
    padShapeX[1] = 1;
    out = next(out, (t) => tf.tidy(() => tf.concat([t, tf.zeros(padShapeX)], 1))) as Tensor4D;
    const padShapeY = [...out.shape] as [number, number, number, number];
    padShapeY[2] = 1;
    out = next(out, (t) => tf.tidy(() => tf.concat([t, tf.zeros(padShapeY)], 2))) as Tensor4D;
  }
  if (isPad) {
    const zeros = pooled.shape;
    pooled = next(pooled, (t) => tf.tidy(() => tf.concat([t, tf.zeros(zeros)], 3))) as Tensor4D;
  }
  out = next(out, (t) => tf.add(pooled, t));
  pooled.dispose();
  return next(out, (t) => tf.relu(t)) as Tensor4D;
}

function forward(tf: Tf, net: RecognitionNet, input: NetInput): Tensor2D {
  const params = net.params as RecognitionParams | undefined;
  if (!params) throw new Error('FaceRecognitionNet - load model before inference');
  return tf.tidy(() => {
    let x = next(input.toBatchTensor(150, true), (t) => tf.cast(t, 'float32')) as Tensor4D;
    x = normalize(tf, x, [122.782, 117.001, 104.298]);
    x = next(x, (t) => t.div(255)) as Tensor4D;
    x = convLayer(tf, x, params.conv32_down, [2, 2], true, 'valid');
    x = next(x, (t) => tf.maxPool(t as Tensor4D, 3, 2, 'valid'));
    x = residual(tf, x, params.conv32_1);
    x = residual(tf, x, params.conv32_2);
    x = residual(tf, x, params.conv32_3);
    x = residualDown(tf, x, params.conv64_down);
    x = residual(tf, x, params.conv64_1);
    x = residual(tf, x, params.conv64_2);
    x = residual(tf, x, params.conv64_3);
    x = residualDown(tf, x, params.conv128_down);
    x = residual(tf, x, params.conv128_1);
    x = residual(tf, x, params.conv128_2);
    x = residualDown(tf, x, params.conv256_down);
    x = residual(tf, x, params.conv256_1);
    x = residual(tf, x, params.conv256_2);
    x = residualDown(tf, x, params.conv256_down_out);
    const globalAvg = next(x, (t) => t.mean([1, 2])) as Tensor2D;
    return next(globalAvg, (t) => tf.matMul(t as Tensor2D, params.fc));
  });
}

const originals = new WeakMap<RecognitionNet, RecognitionNet['forwardInput']>();

/** Replaces the recognition net instance's forwardInput with the pass above (once). */
export function installLeanRecognitionForward(tf: Tf, net: RecognitionNet): void {
  if (originals.has(net)) return;
  originals.set(net, net.forwardInput.bind(net));
  net.forwardInput = (input) => forward(tf, net, input);
}

/** face-api's own forward pass, once replaced (tests compare the two). */
export function originalRecognitionForward(net: RecognitionNet): RecognitionNet['forwardInput'] | undefined {
  return originals.get(net);
}
