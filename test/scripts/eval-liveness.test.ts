/**
 * `npm run eval:liveness` end to end on ../shared with small run counts: the last line is one JSON
 * object, no held-up photo passes, and the genuine rate is a rate. Needs the PAD frames and the
 * video, so it is skipped (loudly) without ../shared.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, sharedAvailable } from '../support/paths.ts';

const run = promisify(execFile);
const available = sharedAvailable('pad/frames');

describe.skipIf(!available)('npm run eval:liveness', () => {
  it('reports APCER 0 over held-up photos and a BPCER in [0, 1], as one JSON last line', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        join(ROOT, 'scripts', 'eval-liveness.ts'),
        '--attack-runs',
        '20',
        '--genuine-runs',
        '10',
        '--people',
        '2',
        '--video-seconds',
        '5',
        '--workers',
        '2',
      ],
      { cwd: ROOT, maxBuffer: 1 << 24 },
    );
    const lines = stdout.trim().split('\n');
    const report = JSON.parse(lines[lines.length - 1] as string) as {
      apcer: number;
      bpcer: number | null;
      runs: number;
      attack: { runs: number; passes: number };
    };
    expect(report.runs).toBeGreaterThan(0);
    expect(report.attack.runs).toBeGreaterThan(0);
    expect(report.apcer).toBe(0);
    expect(report.attack.passes).toBe(0);
    if (sharedAvailable('video/short_hamilton_clip.mp4')) {
      expect(typeof report.bpcer).toBe('number');
      expect(report.bpcer).toBeGreaterThanOrEqual(0);
      expect(report.bpcer).toBeLessThanOrEqual(1);
    }
  });
});
