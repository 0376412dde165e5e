/**
 * Messages between the engine host and the engine worker. Frames travel as transferred
 * ArrayBuffers (no copy), and come back zeroed so the host can reuse them.
 */
import type { FaceErrorCode } from '../../shared/errors.ts';
import type { PixelFormat } from '../../shared/face.ts';
import type { AnalyzeOptions, AnalyzerResult, EngineInfo } from './face-analyzer.ts';

export interface WireFrame {
  buffer: ArrayBuffer;
  width: number;
  height: number;
  format: PixelFormat;
}

export type EngineRequest =
  | { id: number; type: 'init'; modelsDir: string; pinnedManifestSha256?: string }
  | { id: number; type: 'analyze'; frame: WireFrame; options: AnalyzeOptions }
  | { id: number; type: 'stats' };

/** A request before the host numbers it. */
export type EngineRequestBody = EngineRequest extends infer R
  ? R extends EngineRequest
    ? Omit<R, 'id'>
    : never
  : never;

export interface EngineStats {
  tensors: number;
  rssBytes: number;
}

export type EngineResult =
  | { type: 'init'; info: EngineInfo }
  | { type: 'analyze'; analysis: AnalyzerResult; buffer: ArrayBuffer }
  | { type: 'stats'; stats: EngineStats };

export type EngineResponse =
  | { id: number; ok: true; result: EngineResult }
  | { id: number; ok: false; code: FaceErrorCode; message: string; buffer?: ArrayBuffer };
