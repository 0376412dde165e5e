/** Does the engine find the one face in the bundled photo, with a descriptor, within the budget? */
import { readFileSync } from 'node:fs';
import type { FrameAnalysis, RawFrame } from '../../../shared/face.ts';
import { decodeImage } from '../../face/image-decode.ts';
import { actionLine, line, type CheckLine } from '../check-line.ts';

export interface FaceEngineCheck {
  /** A bundled photo with one face (resources/selftest/face.jpg). */
  selftestImage: string;
  analyze(frame: RawFrame): Promise<FrameAnalysis>;
  /** How long the engine took to load, when the check started it (ms). */
  engineLoadMs?: number;
  /** Per-frame budget for a verification on a clinic PC (ms). */
  budgetMs: number;
  now: () => number;
}

export async function checkFaceEngine(input: FaceEngineCheck): Promise<CheckLine> {
  const frame = await decodeImage(readFileSync(input.selftestImage), {
    fitInside: { width: 640, height: 480 },
  });
  const started = input.now();
  const analysis = await input.analyze(frame);
  const ms = Math.round(input.now() - started);
  const budget = input.budgetMs;
  const load = input.engineLoadMs === undefined ? '' : `loaded in ${Math.round(input.engineLoadMs)} ms, `;
  if (analysis.faces.length !== 1 || !analysis.descriptor) {
    return actionLine(
      'face engine',
      'FAIL',
      'wrong-faces',
      { faces: analysis.faces.length },
      `${load}the test photo gave ${analysis.faces.length} faces`,
      'Reinstall Tanu (models or engine damaged).',
    );
  }
  const detail = `${load}test photo analysed in ${ms} ms (budget ${budget} ms)`;
  if (ms > budget) {
    return actionLine(
      'face engine',
      'WARN',
      'slow',
      { ms, budget },
      detail,
      'This PC is slower than required; close other programs or check the CPU.',
    );
  }
  return line('face engine', 'OK', 'ok', { ms, budget }, detail);
}
