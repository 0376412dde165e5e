/**
 * The accuracy and speed harnesses end to end, as `npm run eval` and `npm run bench` run them, on
 * the committed fixtures: their last line is one JSON object with the documented keys.
 * (The figures that matter come from ../shared; see README.)
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { CURRENT_PIPELINE } from '../../src/core/face/pipelines.ts';
import { FACE_FIXTURES, ROOT } from '../support/paths.ts';

const run = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'tanu-harness-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function lastJson(script: string, args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT,
    maxBuffer: 1 << 24,
  });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string) as Record<string, unknown>;
}

describe('npm run eval', () => {
  it('scores a pairs file under each condition and ends with one JSON object', async () => {
    const pairs = join(tmp, 'pairs.tsv');
    writeFileSync(
      pairs,
      [
        'a\tb\tsame\tfold',
        'obama/obama.jpg\tobama/obama_small.jpg\t1\t1',
        'obama/obama.jpg\tobama/obama2.jpg\t1\t2',
        'biden/biden.jpg\tbiden/biden2.jpg\t1\t1',
        'obama/obama.jpg\tbiden/biden2.jpg\t0\t1',
        'obama/obama_small.jpg\tbiden/biden2.jpg\t0\t2',
        'obama/obama2.jpg\tbiden/biden.jpg\t0\t2',
      ].join('\n'),
    );
    const report = await lastJson('eval.ts', [
      '--pairs',
      pairs,
      '--images',
      FACE_FIXTURES,
      '--conditions',
      'clean,webcam',
      '--workers',
      '1',
      '--cache',
      join(tmp, 'cache'),
    ]);
    for (const key of [
      'pairs',
      'genuine',
      'impostor',
      'undetected',
      'undetectedImages',
      'threshold',
      'tar',
      'far',
      'eer',
      'tarAtFar',
      'accuracy10Fold',
      'pipeline',
    ]) {
      expect(report, key).toHaveProperty(key);
    }
    expect(report.pipeline).toBe(CURRENT_PIPELINE);
    expect(report.pairs).toBe(6);
    expect(report.genuine).toBe(3);
    expect(report.impostor).toBe(3);
    expect(Object.keys(report.tarAtFar as object).sort()).toEqual(['0.001', '0.01']);
    expect(report.far).toBe(0);
    expect(report.tar).toBeGreaterThanOrEqual(2 / 3);
    expect(Object.keys(report.conditions as object)).toEqual(['clean', 'webcam']);
  });

  it('scores the legacy pipeline with its own rule, from the same cached analyses', async () => {
    const pairs = join(tmp, 'legacy-pairs.tsv');
    writeFileSync(
      pairs,
      [
        'a\tb\tsame\tfold',
        'obama/obama.jpg\tobama/obama_small.jpg\t1\t1',
        'obama/obama.jpg\tbiden/biden2.jpg\t0\t1',
      ].join('\n'),
    );
    const args = [
      '--pairs',
      pairs,
      '--images',
      FACE_FIXTURES,
      '--workers',
      '1',
      '--cache',
      join(tmp, 'cache'),
    ];
    const legacy = await lastJson('eval.ts', [...args, '--pipeline', 'tanu-face-2026.11.2']);
    expect(legacy.pipeline).toBe('tanu-face-2026.11.2');
    expect(legacy.threshold).toBe(0.475);
    expect(legacy.tar).toBe(1);
    expect(legacy.far).toBe(0);
    await expect(lastJson('eval.ts', [...args, '--pipeline', 'tanu-face-1999.1.1'])).rejects.toThrow(
      /Unknown pipeline/,
    );
  });
});

describe('npm run eval:visits', () => {
  it('validates every pipeline on a people folder and composes visits, ending with one JSON object', async () => {
    const report = await lastJson('eval-visits.ts', [
      '--people',
      FACE_FIXTURES,
      '--video',
      join(tmp, 'no-video.mp4'),
      '--conditions',
      'clean,grey',
      '--workers',
      '1',
      '--cache',
      join(tmp, 'cache'),
    ]);
    expect(report).toMatchObject({ attempts: 3, photos: 7, people: 2, video: null });
    const pipelines = report.pipelines as Record<
      string,
      {
        validation: Record<string, { far: number; genuine: number }>;
        visits: Record<
          string,
          { genuineVisits: number; identified: number; impostorVisits: number; falseAccepts: number }
        >;
      }
    >;
    expect(Object.keys(pipelines)).toEqual(['tanu-face-2026.11.2', CURRENT_PIPELINE]);
    for (const [pipeline, p] of Object.entries(pipelines)) {
      expect(Object.keys(p.visits), pipeline).toEqual(['people/clean', 'people/grey']);
      // Obama's five photos and Biden's two: 7 genuine visits; each enrolment against the other person.
      expect(p.visits['people/clean'], pipeline).toMatchObject({
        genuineVisits: 7,
        impostorVisits: 7,
        falseAccepts: 0,
      });
      expect(p.validation['people/clean']?.genuine, pipeline).toBe(5 * 4 + 2 * 1);
      expect(p.validation['people/clean']?.far, pipeline).toBe(0);
    }
    expect(pipelines[CURRENT_PIPELINE]?.visits['people/clean']?.identified).toBeGreaterThanOrEqual(6);
  });
});

describe('npm run bench', () => {
  it('measures the engine against plain face-api and ends with one JSON object', async () => {
    const report = await lastJson('bench.ts', ['--people', FACE_FIXTURES, '--rounds', '1']);
    expect(report.backend).toBe('wasm');
    for (const key of ['gateMs', 'verifyMs', 'referenceMs', 'verifyLegacyMs', 'alignMs']) {
      const p = report[key] as { p50: number; p95: number };
      expect(p.p50, key).toBeGreaterThan(0);
      expect(p.p95, key).toBeGreaterThanOrEqual(p.p50);
    }
    expect(report.modelLoadMs).toBeGreaterThan(0);
    expect(report.ratio).toBeGreaterThan(0);
    expect(report.rssMB).toBeGreaterThan(50);
    const dedup = report.dedupMs as Record<string, number>;
    expect(Object.keys(dedup).sort()).toEqual(['10000', '100000']);
    expect(dedup['100000']).toBeGreaterThan(dedup['10000'] as number);
  });
});
