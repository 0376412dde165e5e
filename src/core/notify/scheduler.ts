/**
 * Runs the outbox dispatcher on a timer in the app: every `intervalMs`, and once right away so a
 * restart delivers what an earlier run left behind. One run at a time: a slow gateway never stacks
 * overlapping runs. Errors (a locked database, a bug) are reported and the next tick tries again;
 * the outbox rows stay where they were, so nothing is lost.
 */
import type { Clock } from '../clock.ts';
import type { DeliveryChannel } from '../delivery/channel.ts';
import type { DeskStore } from '../store/desk-store.ts';
import { deliverDue, type DispatchOptions, type DispatchSummary } from './dispatcher.ts';

export interface OutboxSchedulerOptions extends DispatchOptions {
  intervalMs: number;
  /** Told the outcome of every run (counts only), or the error's class and code. */
  onRun?: (result: { ok: true; summary: DispatchSummary } | { ok: false; error: unknown }) => void;
}

export interface OutboxScheduler {
  /** Runs now unless a run is in progress; resolves when that run is done. */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

export function startOutboxScheduler(
  store: DeskStore,
  channel: DeliveryChannel,
  clock: Clock,
  options: OutboxSchedulerOptions,
): OutboxScheduler {
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= deliverDue(store, channel, clock.now(), options)
      .then(
        (summary) => options.onRun?.({ ok: true, summary }),
        (error: unknown) => options.onRun?.({ ok: false, error }),
      )
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void run(), options.intervalMs);
  // The timer alone must not keep a test run or a quitting app alive.
  timer.unref();
  void run();
  return {
    runNow: run,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
