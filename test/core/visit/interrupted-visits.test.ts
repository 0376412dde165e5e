/**
 * A visit open when the desk is killed (SIGKILL: no handler runs) is closed as `interrupted` at the
 * next start, in the visit's own name and audited, and its code is void: a doctor cannot kill the
 * app to keep a visit from ending in the record, nor keep its code alive for later.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { verifyChain } from '../../../src/core/audit/verify.ts';
import { openDeskServices } from '../../support/clinic-desk.ts';
import { ROOT } from '../../support/paths.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const newDir = useTempDir('interrupted-visits');
const CHILD = join(ROOT, 'test', 'support', 'open-visit-child.ts');

interface Opened {
  visitId: string;
  patientId: string;
  operatorId: string;
  code: string;
}

/** Runs the child until it has a visit open with a code, then kills it with SIGKILL. */
async function killedWithAVisitOpen(dir: string): Promise<Opened> {
  const child = spawn(process.execPath, [CHILD, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the child exited (${code}) before opening a visit`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return JSON.parse(first) as Opened;
}

it('closes the visit a killed desk left open as interrupted, voids its code, and audits it once', async () => {
  const dir = newDir();
  const opened = await killedWithAVisitOpen(dir);

  const services = openDeskServices(dir, 'desk-7');
  try {
    const visit = services.store.connection
      .prepare('SELECT end_state AS endState, ended_at AS endedAt, method FROM visit WHERE id = ?')
      .get(opened.visitId) as { endState: string; endedAt: string | null; method: string | null };
    expect(visit.endState).toBe('interrupted');
    expect(visit.endedAt).not.toBeNull();
    expect(visit.method).toBeNull();
    const trail = [...services.store.rows.audit.rows()].filter((r) => r.visitId === opened.visitId);
    expect(trail.map((r) => r.event).at(-1)).toBe('visit_interrupted');
    expect(trail.at(-1)).toMatchObject({ operatorId: opened.operatorId, patientId: opened.patientId });
    // The code the patient may have seen is dead, even to a direct check that skips the visit.
    const check = services.codes.verify(
      opened.visitId,
      opened.code,
      { operatorId: opened.operatorId, deskId: 'desk-7' },
      services.clock.now(),
    );
    expect(check).toEqual({ status: 'expired' });
    expect(verifyChain(services.store.rows.audit, services.keys['audit-chain']).ok).toBe(true);
    // Queued for the clinic like any other ended visit.
    expect(
      services.store.connection
        .prepare("SELECT count(*) FROM clinic_unsent WHERE kind = 'visit' AND id = ?")
        .pluck()
        .get(opened.visitId),
    ).toBe(1);
  } finally {
    await services.close();
  }

  // The next start finds nothing left to close.
  const again = openDeskServices(dir, 'desk-7');
  try {
    const interrupted = [...again.store.rows.audit.rows()].filter((r) => r.event === 'visit_interrupted');
    expect(interrupted).toHaveLength(1);
  } finally {
    await again.close();
  }
});
