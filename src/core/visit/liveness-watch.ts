/**
 * The liveness window of a visit: each analysed frame is fed to the challenge session, and the
 * analyses of frames inside the window are kept (descriptor and quality only) so that, once the
 * challenge passes, the frames it chose go to the matcher. The outcome comes back as the
 * machine's next event, with the challenge asked and, when it failed, why.
 */
import { VisitError } from '../../shared/visit-errors.ts';
import type { LivenessDetail } from '../audit/events.ts';
import type { HeldProbe, LiveVisit } from './live-visit.ts';
import type { VisitEvent } from './types.ts';
import type { DeskAnalysis } from './visit-desk-deps.ts';

/** The window is bounded by the action timeouts; past the cap a frame is observed but not kept. */
const MAX_WINDOW_FRAMES = 600;

/** Feeds one analysis to the session; returns the liveness event once the session has decided. */
export function observeLiveness(v: LiveVisit, analysis: DeskAnalysis, at: number): VisitEvent | null {
  const live = v.liveness;
  if (live === null) throw new VisitError('INVALID_EVENT', 'The liveness check has not started.');
  const primary = analysis.faces[analysis.primary];
  // Kept as Float32Arrays we can zero; the engine's number[]s are zeroed right away.
  const held = primary && analysis.descriptor ? Float32Array.from(analysis.descriptor) : undefined;
  const refresh =
    held && analysis.refreshDescriptor ? Float32Array.from(analysis.refreshDescriptor) : undefined;
  analysis.descriptor?.fill(0);
  analysis.refreshDescriptor?.fill(0);
  const keep = held !== undefined && v.window.length < MAX_WINDOW_FRAMES;
  if (!keep) refresh?.fill(0);
  v.window.push(
    keep ? { descriptor: held, quality: analysis.quality, ...(refresh ? { refresh } : {}) } : null,
  );
  const progress = live.session.observe({
    at,
    faceCount: analysis.faces.length,
    ...(analysis.texture !== undefined ? { texture: analysis.texture } : {}),
    face: primary
      ? {
          box: primary.box,
          landmarks: primary.landmarks,
          ...(held ? { descriptor: Array.from(held) } : {}),
        }
      : null,
  });
  live.progress = progress;
  if (progress.status === 'in_progress') return null;
  const detail: LivenessDetail = {
    challenge: [...live.session.challenge.actions],
    reasons: progress.status === 'not_live' ? [...progress.reasons] : [],
  };
  if (progress.status === 'live') {
    v.probes = progress.frames.flatMap((i): HeldProbe[] => {
      const p = v.window[i];
      if (!p) return [];
      const refresh = p.refresh ? { refresh: Float32Array.from(p.refresh) } : {};
      return [{ descriptor: Float32Array.from(p.descriptor), quality: p.quality, ...refresh }];
    });
  }
  return { kind: 'liveness', passed: progress.status === 'live', detail };
}
