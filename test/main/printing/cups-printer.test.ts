/**
 * The Linux slip printer against a stand-in CUPS scheduler (test/fakes/fake-cups.ts): success only
 * for a completed job, every other end a typed PRINT_FAILED with its reason, a bounded wait, and
 * the job purged from CUPS in every case.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IPP_WIRE } from '../../../src/main/printing/cups-ipp.ts';
import { cupsPrinter, PrintJobError, SLIP_JOB_NAME } from '../../../src/main/printing/cups-printer.ts';
import { startFakeCups, type FakeCups } from '../../fakes/fake-cups.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('cups');
const PDF = Buffer.from('%PDF-1.4\n% slip with code 482913 for Ivanova A.\n%%EOF\n');
const open: FakeCups[] = [];
afterEach(async () => {
  for (const fake of open.splice(0)) await fake.close();
});

async function scheduler(): Promise<FakeCups> {
  const fake = await startFakeCups(tempDir());
  open.push(fake);
  return fake;
}

function printerFor(fake: FakeCups, timeoutMs = 2000) {
  const warnings: { event: string; fields: { job: number; why: string } }[] = [];
  const printer = cupsPrinter({
    socketPath: fake.socketPath,
    user: 'desk-12',
    timeoutMs,
    pollMs: 10,
    warn: (event, fields) => warnings.push({ event, fields }),
  });
  return { printer, warnings };
}

async function failure(run: Promise<void>): Promise<PrintJobError> {
  const error: unknown = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PrintJobError);
  return error as PrintJobError;
}

describe('cupsPrinter', () => {
  it('sends the PDF from memory to the default printer, waits for "completed", then purges the job', async () => {
    const fake = await scheduler();
    const { printer, warnings } = printerFor(fake);
    await printer.print(PDF);

    expect(fake.purged).toHaveLength(1);
    const job = fake.purged[0];
    expect(job?.document.equals(PDF)).toBe(true);
    expect(job?.name).toBe(SLIP_JOB_NAME);
    expect(job?.owner).toBe('desk-12');
    // Polled until it completed, and only then purged: the scheduler keeps nothing of it.
    expect(job?.polls).toBe(3);
    expect(job?.purgedIn).toBe('completed');
    expect(fake.jobs.size).toBe(0);
    const purge = fake.requests.find((r) => r.operation === IPP_WIRE.OP.cancelJob);
    expect(purge?.attributes['purge-job']).toEqual([true]);
    expect(purge?.attributes['requesting-user-name']).toEqual(['desk-12']);
    const submit = fake.requests.find((r) => r.operation === IPP_WIRE.OP.printJob);
    expect(submit?.attributes['printer-uri']).toEqual(['ipp://localhost/printers/desk']);
    expect(submit?.attributes['document-format']).toEqual(['application/pdf']);
    // Nothing about the patient in the job's attributes, which CUPS keeps in its job record.
    expect(JSON.stringify(submit?.attributes)).not.toMatch(/482913|Ivanova/);
    expect(warnings).toEqual([]);
  });

  it.each([
    ['aborted', ['processing', 'aborted']],
    ['canceled', ['canceled']],
    ['held', ['pending', 'pending-held']],
    ['stopped', ['processing', 'processing-stopped']],
  ] as const)('a job that ends %s is PRINT_FAILED with that reason, and purged', async (reason, states) => {
    const fake = await scheduler();
    fake.script = [...states];
    const { printer, warnings } = printerFor(fake);
    const error = await failure(printer.print(PDF));
    expect(error.code).toBe('PRINT_FAILED');
    expect(error.reason).toBe(reason);
    expect(fake.purged.map((j) => j.purgedIn)).toEqual([states.at(-1)]);
    expect(fake.jobs.size).toBe(0);
    expect(warnings).toContainEqual({ event: 'print.failed', fields: { job: 40, why: reason } });
  });

  it('a job still printing when the wait ends is cancelled and purged: timed-out, never reported printed', async () => {
    const fake = await scheduler();
    fake.script = ['pending', 'processing'];
    const { printer } = printerFor(fake, 150);
    const started = performance.now();
    const error = await failure(printer.print(PDF));
    expect(error.reason).toBe('timed-out');
    expect(performance.now() - started).toBeLessThan(1500);
    expect(fake.purged.map((j) => j.purgedIn)).toEqual(['processing']);
    expect(fake.jobs.size).toBe(0);
  });

  it('a job CUPS forgot before it was seen completed is not reported printed (unconfirmed)', async () => {
    const fake = await scheduler();
    fake.script = ['processing'];
    fake.forgetAfterScript = true;
    const { printer } = printerFor(fake);
    expect((await failure(printer.print(PDF))).reason).toBe('unconfirmed');
  });

  it('no default printer: no job is sent', async () => {
    const fake = await scheduler();
    fake.defaultPrinter = null;
    const { printer } = printerFor(fake);
    expect((await failure(printer.print(PDF))).reason).toBe('no-printer');
    expect(fake.requests.map((r) => r.operation)).toEqual([IPP_WIRE.OP.cupsGetDefault]);
  });

  it('no CUPS at all: unreachable', async () => {
    const socketPath = join(tempDir(), 'no-such.sock');
    const printer = cupsPrinter({ socketPath, user: 'desk-12', timeoutMs: 500, pollMs: 10 });
    expect((await failure(printer.print(PDF))).reason).toBe('unreachable');
    expect(existsSync(socketPath)).toBe(false);
  });

  it('answers a scheduler that asks who we are with the socket peer credentials (PeerCred)', async () => {
    const fake = await scheduler();
    fake.requireAuth = true;
    const { printer } = printerFor(fake);
    await printer.print(PDF);
    expect(fake.purged).toHaveLength(1);
    expect(new Set(fake.requests.map((r) => r.authorization))).toEqual(new Set(['PeerCred desk-12']));
  });

  it('a completed slip whose purge is refused still counts as printed, and the log is told', async () => {
    const fake = await scheduler();
    fake.refusePurge = true;
    const { printer, warnings } = printerFor(fake);
    await printer.print(PDF);
    expect(warnings.map((w) => w.event)).toEqual(['print.purge_failed']);
    expect(fake.jobs.size).toBe(1);
  });
});
