/**
 * `npm run bench:clinic` end to end with tiny numbers against the throwaway PostgreSQL: the schema
 * migrated, desks pushing, a registry loaded and pulled by a new desk, and one JSON object as the
 * last stdout line with sane figures. Bad arguments are refused with usage; --help exits 0.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { ROOT } from '../support/paths.ts';
import { describeClinic, useClinicDb } from '../support/clinic-db.ts';

const run = promisify(execFile);
const clinic = useClinicDb('bench_clinic');

async function bench(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [join(ROOT, 'scripts', 'bench-clinic.ts'), ...args],
      { cwd: ROOT, timeout: 120_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describeClinic('bench:clinic', () => {
  it('measures desks pushing and a new desk pulling, and ends with one JSON line', async () => {
    const out = await bench('--url', clinic.url(), '--desks', '2', '--decisions', '20', '--registry', '20');
    expect(out.stderr).toContain('decisions/s');
    expect(out.code).toBe(0);
    const last = out.stdout.trim().split('\n').at(-1) as string;
    const result = JSON.parse(last) as {
      desks: number;
      decisionsPerSec: number;
      ackMs: { p50: number; p95: number };
      newDeskReadyMs: number;
    };
    expect(result).toMatchObject({ desks: 2, decisions: 20, registry: 20 });
    expect(result.decisionsPerSec).toBeGreaterThan(0);
    expect(result.ackMs.p50).toBeGreaterThan(0);
    expect(result.ackMs.p50).toBeLessThanOrEqual(result.ackMs.p95);
    expect(result.newDeskReadyMs).toBeGreaterThan(0);

    // What the desks pushed is at the clinic, every chain whole.
    const su = await clinic.superuser();
    const stored = await su.query<{ d: number; a: number; v: number }>(
      `SELECT (SELECT count(*)::int FROM tanu.decisions) AS d, (SELECT count(*)::int FROM tanu.audit_rows) AS a,
              (SELECT count(*)::int FROM tanu.visits) AS v`,
    );
    expect(stored.rows[0]).toEqual({ d: 20, a: 60, v: 20 });
    const verify = await run(
      process.execPath,
      [join(ROOT, 'scripts', 'clinic.ts'), 'verify', '--url', clinic.url()],
      {
        cwd: ROOT,
      },
    );
    expect(verify.stdout).toContain('0 bad');
  }, 120_000);

  it('refuses bad arguments with its usage, and --help exits 0', async () => {
    const bad = await bench('--url', clinic.url(), '--desks', 'many');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--desks');
    expect(bad.stderr).toContain('usage:');
    const help = await bench('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage:');
  });
});
