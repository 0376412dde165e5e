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
      'threshold',
      'tar',
      'far',
      'eer',
      'tarAtFar',
    ]) {
      expect(report, key).toHaveProperty(key);
    }
    expect(report.pairs).toBe(6);
    expect(report.genuine).toBe(3);
    expect(report.impostor).toBe(3);
    expect(Object.keys(report.tarAtFar as object).sort()).toEqual(['0.001', '0.01']);
    expect(report.far).toBe(0);
    expect(report.tar).toBeGreaterThanOrEqual(2 / 3);
    expect(Object.keys(report.conditions as object)).toEqual(['clean', 'webcam']);
  });
});

describe('npm run bench', () => {
  it('measures the engine against plain face-api and ends with one JSON object', async () => {
    const report = await lastJson('bench.ts', ['--people', FACE_FIXTURES, '--rounds', '1']);
    expect(report.backend).toBe('wasm');
    for (const key of ['gateMs', 'verifyMs', 'referenceMs']) {
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
