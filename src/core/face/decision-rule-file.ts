/**
 * Loads the decision rules, one per descriptor pipeline, from configuration. A malformed file, or
 * one without a rule for a pipeline this build can be asked to verify, stops the engine rather
 * than guess: the legacy pipeline's rule is what keeps patients enrolled before a pipeline change
 * identifiable.
 *
 * The file ships beside the app archive (resources/), where anyone with the desk's file system
 * could loosen a threshold and let any face through; the thresholds are capped in the schema
 * (MAX_MATCH_THRESHOLD) and the desk accepts only the rule this build was calibrated with: its
 * SHA-256 is pinned here, as the models' manifest is. The hash is of the canonical JSON (keys
 * sorted, no whitespace), so a checkout that rewrites line endings does not stop a desk, while any
 * changed number does. Research tools that try other rules load them with `pin: null`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { TanuError } from '../../shared/errors.ts';
import { canonicalJson, type Json } from '../audit/canonical-json.ts';
import { decisionRuleSchema, type DecisionRule } from './decision-rule.ts';
import { CURRENT_PIPELINE, isPipelineId, PIPELINE_IDS, type PipelineId } from './pipelines.ts';

export const DEFAULT_DECISION_RULE_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../resources/decision-rule.json',
);

/**
 * SHA-256 of the shipped rule file's canonical JSON. After `npm run eval -- … --write` changes the
 * file, the new value is printed there and test/core/face/decision-rule-file.test.ts says it.
 */
export const DECISION_RULE_SHA256 = 'be2dbe057c10bf57e50742560900914d869a7178241d7f6455e6121dfa9e24fb';

export type DecisionRuleErrorCode =
  'DECISION_RULE_UNREADABLE' | 'DECISION_RULE_INVALID' | 'DECISION_RULE_TAMPERED';

export class DecisionRuleError extends TanuError<DecisionRuleErrorCode> {
  override readonly name = 'DecisionRuleError';
}

/** Every known pipeline's rule. */
export type DecisionRules = Record<PipelineId, DecisionRule>;

export const decisionRuleFileSchema = z
  .object({ rules: z.record(z.string(), decisionRuleSchema) })
  .strict()
  .superRefine((file, ctx) => {
    for (const id of Object.keys(file.rules)) {
      if (!isPipelineId(id))
        ctx.addIssue({ code: 'custom', path: ['rules', id], message: `unknown pipeline ${id}` });
    }
    for (const id of PIPELINE_IDS) {
      if (!file.rules[id])
        ctx.addIssue({ code: 'custom', path: ['rules', id], message: `no rule for pipeline ${id}` });
    }
  });

/** Parses a rule file's content; DECISION_RULE_INVALID names the first problem's place. */
export function parseDecisionRules(raw: unknown, file = 'the decision rule file'): DecisionRules {
  const parsed = decisionRuleFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DecisionRuleError(
      'DECISION_RULE_INVALID',
      `The decision rule ${file} is invalid at "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'unknown'}`,
    );
  }
  return parsed.data.rules as DecisionRules;
}

/** The pinned hash of a rule file's content: SHA-256 of its canonical JSON, hex. */
export function decisionRuleHash(raw: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(raw as Json))
    .digest('hex');
}

export interface LoadRuleOptions {
  /** The SHA-256 the file must have (decisionRuleHash); null for research tools trying other rules. */
  pin?: string | null;
}

export function loadDecisionRules(
  file: string = DEFAULT_DECISION_RULE_FILE,
  { pin = DECISION_RULE_SHA256 }: LoadRuleOptions = {},
): DecisionRules {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DecisionRuleError(
      'DECISION_RULE_UNREADABLE',
      `Cannot read the decision rule ${file}: ${(error as Error).message}`,
    );
  }
  const rules = parseDecisionRules(raw, file);
  if (pin !== null && decisionRuleHash(raw) !== pin) {
    throw new DecisionRuleError(
      'DECISION_RULE_TAMPERED',
      `The decision rule ${file} is not the one this version of Tanu was calibrated with (its SHA-256 differs from the pinned one).`,
    );
  }
  return rules;
}

/** The rule one pipeline's descriptors are judged by (the current pipeline's by default). */
export function loadDecisionRule(
  file: string = DEFAULT_DECISION_RULE_FILE,
  pipeline: PipelineId = CURRENT_PIPELINE,
  options: LoadRuleOptions = {},
): DecisionRule {
  return loadDecisionRules(file, options)[pipeline];
}

/** The file's content with one pipeline's rule replaced (what `npm run eval -- --calibrate --write` writes). */
export function withRule(
  rules: DecisionRules,
  pipeline: PipelineId,
  rule: DecisionRule,
): { rules: DecisionRules } {
  return { rules: { ...rules, [pipeline]: decisionRuleSchema.parse(rule) } };
}

/** A pipeline before the current one, with its rule: templates it made are still verified by it. */
export interface EarlierPipeline {
  pipeline: PipelineId;
  rule: DecisionRule;
}

/** The pipelines before the current one, newest first, each with its rule from the file. */
export function earlierPipelines(rules: DecisionRules): EarlierPipeline[] {
  return PIPELINE_IDS.filter((id) => id !== CURRENT_PIPELINE)
    .reverse()
    .map((pipeline) => ({ pipeline, rule: rules[pipeline] }));
}
