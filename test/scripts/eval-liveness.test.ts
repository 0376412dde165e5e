/**
 * `npm run eval:liveness` end to end on ../shared with small run counts: the last line is one JSON
 * object; no held-up or re-rendered photo passes; the composed and video genuine rates are rates;
 * the passive signal's NUAA false-reject rate stays low and the bona-fide frame is not flagged.
 * Needs the PAD frames (and uses the video, NUAA and people photos when present), so it is skipped
 * (loudly) without ../shared.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, sharedAvailable } from '../support/paths.ts';

const run = promisify(execFile);
const available = sharedAvailable('pad/frames');

interface Tally {
  runs: number;
  passes: number;
}

// A real run of the evaluation: about a minute alone, several with other suites beside it.
describe.skipIf(!available)('npm run eval:liveness', () => {
  it('reports APCER 0 over held-up and re-rendered photos, BPCERs in [0, 1] and the passive rates', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        join(ROOT, 'scripts', 'eval-liveness.ts'),
        '--attack-runs',
        '20',
        '--warped-runs',
        '8',
        '--warped-frames',
        '4',
        '--genuine-runs',
        '10',
        '--composed-runs',
        '40',
        '--people',
        '2',
        '--composed-people',
        '0',
        '--lfw-people',
        '3',
        '--video-seconds',
        '6',
        '--workers',
        '2',
      ],
      { cwd: ROOT, maxBuffer: 1 << 24 },
    );
    const lines = stdout.trim().split('\n');
    const report = JSON.parse(lines[lines.length - 1] as string) as {
      apcer: number;
      bpcer: number | null;
      bpcerVideo: number | null;
      runs: number;
      attack: Tally;
      attackRerendered: Tally & { frames: Record<string, { rendered: number; withFace: number }> };
      genuineComposed: Tally & {
        persons: { eligible: string[] };
        blinks: { synthetic: number; real: number };
      };
      passive: {
        threshold: number;
        frrNuaaReal: number;
        flaggedNuaaSpoof: number;
        bonaFideFrame: { ratio: number; flagged: boolean } | null;
      };
      limits: Record<string, string>;
    };
    expect(report.runs).toBeGreaterThan(0);
    expect(report.attack.runs).toBeGreaterThan(0);
    expect(report.attack.passes).toBe(0);
    // Re-rendered frames went through the engine and mostly still show a face.
    expect(report.attackRerendered.runs).toBeGreaterThan(0);
    expect(report.attackRerendered.passes).toBe(0);
    for (const f of Object.values(report.attackRerendered.frames)) expect(f.withFace).toBeGreaterThan(0);
    expect(report.apcer).toBe(0);

    if (sharedAvailable('faces/lfw/images') || sharedAvailable('video/short_hamilton_clip.mp4')) {
      expect(report.genuineComposed.runs).toBeGreaterThan(0);
      expect(report.genuineComposed.persons.eligible.length).toBeGreaterThan(0);
      expect(report.bpcer).toBeGreaterThanOrEqual(0);
      expect(report.bpcer).toBeLessThanOrEqual(1);
      // The blink is synthetic unless a closed-eye frame exists, and the report says which.
      expect(report.genuineComposed.blinks.synthetic + report.genuineComposed.blinks.real).toBeGreaterThan(0);
      expect(report.limits.synthetic).toMatch(/synthetic/);
    }
    if (sharedAvailable('video/short_hamilton_clip.mp4')) {
      expect(report.bpcerVideo).toBeGreaterThanOrEqual(0);
      expect(report.bpcerVideo).toBeLessThanOrEqual(1);
    }
    if (sharedAvailable('pad/nuaa64')) {
      expect(report.passive.frrNuaaReal).toBeLessThanOrEqual(0.05);
      expect(report.passive.flaggedNuaaSpoof).toBeGreaterThan(report.passive.frrNuaaReal);
    }
    expect(report.passive.bonaFideFrame?.flagged).toBe(false);
  }, 600_000);
});
