/**
 * The code slip on a Linux desk, printed through CUPS so that no copy of it stays: the PDF goes to
 * the scheduler from memory, the desk waits (bounded) until CUPS says the job completed, and then
 * has CUPS purge the job — its document file and its record — whatever the job's end. Success is
 * reported only for a completed job; a job that was cancelled, aborted, held, stopped, or still
 * not done when the wait ends is cancelled, purged and reported as not printed.
 *
 * The purge covers the desk's own jobs even where cupsd keeps job files (PreserveJobFiles, one day
 * by default); `PreserveJobFiles No` (docs/INSTALL.md, checked by the self-check) is what covers a
 * desk that was switched off mid-job.
 */
import { userInfo } from 'node:os';
import { TanuError } from '../../shared/errors.ts';
import type { SlipPrinter } from '../runtime/kiosk-runtime.ts';
import {
  CupsRefused,
  cupsSocketPath,
  defaultPrinterUri,
  jobState,
  purgeJob,
  submitPdf,
  type CupsConnection,
  type JobState,
} from './cups-ipp.ts';

/** The job's name in CUPS (its record and logs): fixed, so no patient data is ever in it. */
export const SLIP_JOB_NAME = 'tanu-slip';

export const PRINT_FAILURES = [
  /** CUPS is not running or not installed. */
  'unreachable',
  /** CUPS has no default printer. */
  'no-printer',
  /** CUPS refused the job (printer not accepting jobs, unsupported format…). */
  'refused',
  'canceled',
  'aborted',
  /** Held: it would not print without someone releasing it. */
  'held',
  /** The printer stopped (out of paper, jammed, switched off) with the job on it. */
  'stopped',
  /** Not done when the wait ended. */
  'timed-out',
  /** CUPS no longer knows the job, so whether it printed cannot be told (PreserveJobHistory No). */
  'unconfirmed',
] as const;
export type PrintFailure = (typeof PRINT_FAILURES)[number];

/** The slip was not printed (the screen says PRINT_FAILED); `reason` is for the log. */
export class PrintJobError extends TanuError<'PRINT_FAILED'> {
  override readonly name = 'PrintJobError';
  readonly reason: PrintFailure;

  constructor(reason: PrintFailure, message: string) {
    super('PRINT_FAILED', message);
    this.reason = reason;
  }
}

const ENDED_BADLY: Partial<Record<JobState, PrintFailure>> = {
  canceled: 'canceled',
  aborted: 'aborted',
  'pending-held': 'held',
  'processing-stopped': 'stopped',
};

export interface CupsPrinterOptions {
  /** The scheduler's domain socket (default: CUPS_SERVER when it is a path, else /run/cups/cups.sock). */
  socketPath?: string;
  /** The account the job belongs to (default: this process's). */
  user?: string;
  /** How long the printer has to finish the job before it is cancelled (default 60 s). */
  timeoutMs?: number;
  /** How often CUPS is asked about the job (default 500 ms). */
  pollMs?: number;
  /** Told why a slip was not printed, and when a purge failed (the log: IT's only way to see it). */
  warn?(event: 'print.failed' | 'print.purge_failed', fields: { job: number; why: string }): void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function reach<T>(run: () => Promise<T>, what: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CupsRefused) throw new PrintJobError('refused', `${what}: ${error.message}`);
    throw new PrintJobError(
      'unreachable',
      `${what}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** How the job ended: 'completed', or why it did not print. */
async function awaitEnd(
  conn: CupsConnection,
  jobId: number,
  timeoutMs: number,
  pollMs: number,
): Promise<'completed' | PrintFailure> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const state = await reach(() => jobState(conn, jobId), `job ${jobId}`);
    if (state === null) return 'unconfirmed';
    if (state === 'completed') return 'completed';
    const failure = ENDED_BADLY[state];
    if (failure !== undefined) return failure;
    if (performance.now() >= deadline) return 'timed-out';
    await sleep(Math.min(pollMs, Math.max(0, deadline - performance.now())));
  }
}

export function cupsPrinter(options: CupsPrinterOptions = {}): SlipPrinter {
  const conn: CupsConnection = {
    socketPath: options.socketPath ?? cupsSocketPath(),
    user: options.user ?? userInfo().username,
    timeoutMs: 10_000,
  };
  const timeoutMs = options.timeoutMs ?? 60_000;
  const pollMs = options.pollMs ?? 500;
  return {
    async print(pdf) {
      const printer = await reach(() => defaultPrinterUri(conn), 'default printer');
      if (printer === null) throw new PrintJobError('no-printer', 'CUPS has no default printer.');
      const jobId = await reach(() => submitPdf(conn, printer, SLIP_JOB_NAME, pdf), 'print job');
      let outcome: 'completed' | PrintFailure;
      try {
        outcome = await awaitEnd(conn, jobId, timeoutMs, pollMs);
      } finally {
        // Cancels the job if it is still queued or printing, and in every case deletes its files.
        await purgeJob(conn, jobId).catch((error: unknown) =>
          options.warn?.('print.purge_failed', {
            job: jobId,
            why: error instanceof Error ? error.message : String(error),
          }),
        );
      }
      if (outcome !== 'completed') {
        options.warn?.('print.failed', { job: jobId, why: outcome });
        throw new PrintJobError(outcome, `CUPS job ${jobId} was not printed: ${outcome}.`);
      }
    },
  };
}
