/** Are the face models there and the ones shipped (every file against the manifest)? */
import { readVerifiedModels } from '../../face/model-files.ts';
import { line, type CheckLine } from '../check-line.ts';

/** Throws MODEL_MISSING or MODEL_TAMPERED (a FAIL line) when they are not. */
export function checkModels(modelsDir: string): CheckLine {
  const { manifest } = readVerifiedModels(modelsDir);
  const files = Object.keys(manifest.files).length;
  return line('models', 'OK', 'ok', { files }, `${files} files listed, all in use match the manifest`);
}
