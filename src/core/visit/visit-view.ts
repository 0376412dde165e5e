/**
 * What the screens see of a visit: a pure function of its state and what the desk holds for it.
 * No database read: the patient's language comes in with the visit (patients/patient-language.ts
 * keeps it in memory), since a view is built for every camera frame.
 */
import type { VisitView } from '../../shared/visit-view.ts';
import type { LivenessConfig } from '../liveness/config.ts';
import type { Language } from '../../shared/languages.ts';
import type { VisitConfig } from './config.ts';
import type { LiveVisit } from './live-visit.ts';

export interface ViewSettings {
  visit: VisitConfig;
  liveness: LivenessConfig;
}

export function visitViewOf(v: LiveVisit, settings: ViewSettings, language: Language | null): VisitView {
  const s = v.state;
  const ctx = s.ctx;
  const progress = v.liveness?.progress;
  const steps = v.liveness?.session.challenge.actions.length ?? 0;
  const first = v.liveness?.session.challenge.actions[0];
  let liveness: VisitView['liveness'] = null;
  if (s.phase === 'liveness') {
    liveness =
      progress?.status === 'in_progress'
        ? { action: progress.action, step: progress.step, steps, remainingMs: progress.remainingMs }
        : first
          ? { action: first, step: 0, steps, remainingMs: settings.liveness.actionTimeoutMs }
          : null;
  }
  return {
    visitId: v.id,
    phase: s.phase,
    deadline: ctx.deadline === null ? null : new Date(ctx.deadline).toISOString(),
    guidance: s.phase === 'faceGuidance' ? [...s.guidance] : [],
    liveness,
    attemptsLeft: Math.max(0, settings.visit.maxFaceAttempts - ctx.faceAttempts),
    triesLeft: s.phase === 'codeEntry' || s.phase === 'receptionSlipEntry' ? s.triesLeft : null,
    codeReason: ctx.codeReason,
    channel: ctx.channel,
    destination: ctx.channel === 'slip' ? null : v.destination,
    slipOffered: s.phase === 'deliveryFailed' ? s.slipOffered : false,
    slipReady: v.slip !== null,
    enrolmentOffered: v.enrolmentOffered && s.phase === 'noTemplate',
    templateRefresh: s.phase === 'identified' ? v.templateRefresh : null,
    method: s.phase === 'identified' ? s.method : null,
    notificationQueued: v.notificationQueued,
    language: v.patient ? language : null,
  };
}
