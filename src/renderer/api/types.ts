/**
 * What the screens receive, named. Derived from the contract's response schemas (types only: the
 * schemas themselves stay in main), so a change in the contract shows up here at typecheck.
 */
import type { z } from 'zod';
import type { fraudReportView, settingsView } from '../../shared/ipc/admin-channels.ts';
import type { operatorView, patientSummary } from '../../shared/ipc/common-schemas.ts';
import type { KioskApi } from '../../shared/ipc/channels.ts';

export type PatientSummary = z.output<typeof patientSummary>;
export type OperatorView = z.output<typeof operatorView>;
export type SettingsView = z.output<typeof settingsView>;
export type FraudReport = z.output<typeof fraudReportView>;

type ValueOf<R> = R extends { ok: true; value: infer V } ? V : never;

export type VisitHistoryRow = ValueOf<Awaited<ReturnType<KioskApi['visitHistory']>>>[number];
export type OperatorAccount = ValueOf<Awaited<ReturnType<KioskApi['adminListOperators']>>>[number];
export type AuditVerdict = ValueOf<Awaited<ReturnType<KioskApi['adminVerifyAudit']>>>;
export type Representative = ValueOf<Awaited<ReturnType<KioskApi['patientRepresentatives']>>>[number];
export type RepresentativeLink = Parameters<KioskApi['patientLinkRepresentative']>[0];
export type Relation = RepresentativeLink['relation'];
export type ProofKind = RepresentativeLink['proof']['kind'];
export type SelfCheckLine = ValueOf<Awaited<ReturnType<KioskApi['adminSelfCheck']>>>[number];
export type MovedDesk = ValueOf<Awaited<ReturnType<KioskApi['setupMoveHere']>>>;
export type DeskAlertView = ValueOf<Awaited<ReturnType<KioskApi['adminAlerts']>>>[number];
