/**
 * The audit rows of the desk's own life that carry what was running or what changed: the start
 * (version, pipeline, rule, mode) and a change of webcam. Built here so the app and the tests write
 * the very same rows.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../audit/actor.ts';
import { canonicalJson, type Json } from '../audit/canonical-json.ts';
import type { AuditEntryInput, DeskMode } from '../audit/events.ts';
import type { DecisionRule } from '../face/decision-rule.ts';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export interface StartFacts {
  deskId: string;
  /** The app's version (Electron's app.getVersion(), package.json's in tests and tools). */
  version: string;
  /** The descriptor pipeline templates are made with. */
  pipeline: string;
  rule: DecisionRule;
  mode: DeskMode;
}

/** 'app_started': the rule by the hash of its canonical JSON, so an edited rule file shows as another one. */
export function appStarted(facts: StartFacts): AuditEntryInput {
  return {
    operatorId: 'system',
    deskId: facts.deskId,
    event: 'app_started',
    detail: {
      version: facts.version,
      pipeline: facts.pipeline,
      // Through JSON first: an optional field left undefined is not part of the rule.
      rule: sha256(canonicalJson(JSON.parse(JSON.stringify(facts.rule)) as Json)),
      threshold: facts.rule.threshold,
      mode: facts.mode,
    },
  };
}

/**
 * 'camera_changed', the devices by the hash of their ids (null: the system's default): the id is
 * what the configuration keeps, and a hash tells two devices apart without keeping anything that
 * names the hardware.
 */
export function cameraChanged(actor: Actor, from: string | null, to: string | null): AuditEntryInput {
  const hash = (id: string | null) => (id === null ? null : sha256(id));
  return { ...actor, event: 'camera_changed', detail: { from: hash(from), to: hash(to) } };
}
