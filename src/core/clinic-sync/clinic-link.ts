/**
 * What the desk says about its link to the clinic database: the admin's full view and the one line
 * every screen shows. The sync (registry pull, evidence push) is the source; with no clinic
 * database configured the desk is a single desk and says only that.
 */
import type { ClinicLinkState, ClinicStatus, SyncState } from '../../shared/ipc/clinic-channels.ts';
import { offlineBudgetVerdict, type OfflineBudget, type UnsentEvidence } from './offline-budget.ts';

type ClinicView = Extract<ClinicStatus, { mode: 'clinic' }>;

/** What the running sync knows; the clinic's side is read only when the admin asks. */
export interface ClinicLinkSource {
  /** The desk's name at the clinic and the server it talks to (host/database, no credentials). */
  readonly desk: string;
  readonly server: string;
  state(): ClinicLinkState;
  lastContactAt(): string | null;
  /** The last head the clinic acknowledged, as the desk stored it. */
  acknowledged(): { seq: number; at: string | null } | null;
  /** Evidence not yet acknowledged, and registry changes not yet pushed. */
  unsent(): UnsentEvidence & { changes: number };
  /** Every desk as the clinic knows it; empty when the clinic cannot be reached. */
  clinicDesks(): Promise<ClinicView['desks']>;
  rejects(): Promise<ClinicView['rejects']>;
  duplicates(): Promise<ClinicView['duplicates']>;
}

function overBudgetOf(
  unsent: UnsentEvidence,
  budget: OfflineBudget,
  nowMs: number,
): ClinicView['overBudget'] {
  const verdict = offlineBudgetVerdict(unsent, budget, nowMs);
  if (!verdict.over) return null;
  return verdict.reason === 'decisions'
    ? { reason: 'decisions', amount: verdict.decisions }
    : { reason: 'hours', amount: verdict.hours };
}

export function syncStateOf(
  source: ClinicLinkSource | null,
  budget: OfflineBudget,
  nowMs: number,
): SyncState {
  if (source === null) return { mode: 'single' };
  return { mode: 'clinic', state: source.state(), overBudget: overBudgetOf(source.unsent(), budget, nowMs) };
}

export async function clinicStatusOf(
  source: ClinicLinkSource | null,
  budget: OfflineBudget,
  nowMs: number,
): Promise<ClinicStatus> {
  if (source === null) return { mode: 'single' };
  const unsent = source.unsent();
  // The clinic's side is best effort: an offline desk still shows its own state.
  const [desks, rejects, duplicates] = await Promise.all([
    source.clinicDesks().catch(() => []),
    source.rejects().catch(() => ({ total: 0, newest: [] })),
    source.duplicates().catch(() => []),
  ]);
  return {
    mode: 'clinic',
    desk: source.desk,
    server: source.server,
    state: source.state(),
    lastContactAt: source.lastContactAt(),
    acknowledged: source.acknowledged(),
    unsent,
    budget: { ...budget },
    overBudget: overBudgetOf(unsent, budget, nowMs),
    desks,
    rejects,
    duplicates,
  };
}
