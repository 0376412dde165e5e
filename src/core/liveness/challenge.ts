/**
 * Drawing a challenge: the actions are random so a prepared video cannot know them in advance.
 * The random source is injected (seededRandom in tests and evaluations, a crypto-backed one in
 * the app) so a run can be repeated.
 */
import type { LivenessAction, LivenessConfig } from './config.ts';

export interface Challenge {
  /** The actions, in the order the patient must perform them. */
  actions: LivenessAction[];
}

/** `count` distinct actions from the configured set (a partial Fisher–Yates shuffle). */
export function drawChallenge(
  config: Pick<LivenessConfig, 'actions' | 'actionsPerChallenge'>,
  random: () => number,
): Challenge {
  const pool = [...config.actions];
  const count = Math.min(config.actionsPerChallenge, pool.length);
  for (let i = 0; i < count; i += 1) {
    // Clamp: a source returning exactly 1 must not index past the pool.
    const j = i + Math.min(pool.length - i - 1, Math.floor(random() * (pool.length - i)));
    [pool[i], pool[j]] = [pool[j] as LivenessAction, pool[i] as LivenessAction];
  }
  return { actions: pool.slice(0, count) };
}
