/**
 * `npm run clinic -- simulate` end to end against the throwaway PostgreSQL: a registrar desk and a
 * doctor desk, each its own SQLite file and role, the real engine on the committed portraits; the
 * doctor desk loses its network for part of the run. Whatever the run prints, the clinic itself
 * is asked afterwards whether every visit arrived once and the chains verify.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { verifyClinic } from '../../src/core/clinic/verify.ts';
import { describeClinic, useClinicDb } from '../support/clinic-db.ts';
import { ROOT } from '../support/paths.ts';

const run = promisify(execFile);
const clinic = useClinicDb('clinic_simulate');

interface Simulated {
  desks: number;
  patients: number;
  visitsMade: number;
  visitsAtClinic: number;
  duplicates: number;
  offlineVisitsDelivered: number;
  enrolmentSeenMs: { p50: number; p95: number };
  chainsVerified: number;
  detail: {
    identified: { face: number; code: number };
    offlineVisits: number;
    offlineDesk: string;
    decisionsMade: number;
    decisionsAtClinic: number;
    duplicateAttempts: number;
  };
}

describeClinic('clinic simulate', () => {
  it('runs a clinic: every visit at the clinic once, the offline ones too, chains verified, the fraud enrolment blocked', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        join(ROOT, 'scripts', 'clinic.ts'),
        'simulate',
        '--url',
        clinic.url(),
        '--desks',
        '2',
        '--patients',
        '3',
        '--visits',
        '3',
        '--offline-seconds',
        '3',
      ],
      { cwd: ROOT, timeout: 300_000 },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Simulated;
    expect(result).toMatchObject({
      desks: 2,
      patients: 3,
      visitsMade: 3,
      visitsAtClinic: 3,
      chainsVerified: 2,
    });
    // Patient 2 refuses the photo (code); obama and biden are identified by face.
    expect(result.detail.identified).toEqual({ face: 2, code: 1 });
    // The visit from the middle of the run was begun with the network cut (the next one too when the
    // first took less than the 3 s outage), and every one of them arrived.
    expect(result.detail.offlineVisits).toBeGreaterThanOrEqual(1);
    expect(result.offlineVisitsDelivered).toBe(result.detail.offlineVisits);
    expect(result.detail.decisionsAtClinic).toBe(result.detail.decisionsMade);
    // Obama's face under a new IIN at the doctor desk: blocked by the 1:N check over the clinic's templates.
    expect(result.detail.duplicateAttempts).toBe(1);
    expect(result.duplicates).toBe(1);
    // Two enrolments seen at the doctor desk, each within the target (p95 ≤ 2 s), with room for a loaded machine.
    expect(result.enrolmentSeenMs.p95).toBeGreaterThan(0);
    expect(result.enrolmentSeenMs.p95).toBeLessThan(5_000);

    // The clinic's own view, not the run's word for it.
    const su = await clinic.superuser();
    const verdicts = await verifyClinic(su);
    expect(verdicts).toHaveLength(2);
    expect(verdicts.every((v) => v.problem === null && v.head !== null)).toBe(true);
    const visits = await su.query<{ n: string; distinct: string }>(
      'SELECT count(*) AS n, count(DISTINCT (desk_id, id)) AS distinct FROM tanu.visits',
    );
    expect(visits.rows[0]).toEqual({ n: '3', distinct: '3' });
  }, 320_000);
});
