/**
 * node test/support/young-generation-child.ts [hold|engine|shared-engine MODELS_DIR]: makes short-lived garbage
 * the way the engine's analyses do (some of each frame's objects still alive at the next
 * scavenge) and prints the size V8's new space grew to, in MB, as JSON. `hold` holds the young
 * generation first (release-memory.ts); `engine` starts an engine service that owns this process,
 * `shared-engine` one as a worker thread runs it (the process is its host's).
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { createEngineService } from '../../src/core/face/engine-service.ts';
import { holdYoungGeneration } from '../../src/core/face/release-memory.ts';

const [mode, modelsDir] = process.argv.slice(2);
if (mode === 'hold') holdYoungGeneration();
if (mode === 'engine' || mode === 'shared-engine') {
  const service = createEngineService({ ownProcess: mode === 'engine' });
  const { response } = await service({ id: 1, type: 'init', modelsDir: modelsDir as string });
  if (!response.ok) throw new Error(response.message);
}
const recent: { i: number; j: number }[][] = [];
for (let i = 0; i < 3000; i += 1) {
  recent.push(Array.from({ length: 2000 }, (_, j) => ({ i, j })));
  if (recent.length > 8) recent.shift();
}
const newSpace = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
console.log(JSON.stringify({ newSpaceMB: (newSpace?.space_size ?? Number.NaN) / 2 ** 20 }));
