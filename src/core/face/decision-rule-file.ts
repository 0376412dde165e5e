/**
 * Loads the decision rules, one per descriptor pipeline, from configuration. A malformed file, or
 * one without a rule for a pipeline this build can be asked to verify, stops the engine rather
 * than guess: the legacy pipeline's rule is what keeps patients enrolled before a pipeline change
 * identifiable.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { TanuError } from '../../shared/errors.ts';
import { decisionRuleSchema, type DecisionRule } from './decision-rule.ts';
import { CURRENT_PIPELINE, isPipelineId, PIPELINE_IDS, type PipelineId } from './pipelines.ts';

export const DEFAULT_DECISION_RULE_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../resources/decision-rule.json',
);

export type DecisionRuleErrorCode = 'DECISION_RULE_UNREADABLE' | 'DECISION_RULE_INVALID';

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

export function loadDecisionRules(file: string = DEFAULT_DECISION_RULE_FILE): DecisionRules {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DecisionRuleError(
      'DECISION_RULE_UNREADABLE',
      `Cannot read the decision rule ${file}: ${(error as Error).message}`,
    );
  }
  return parseDecisionRules(raw, file);
}

/** The rule one pipeline's descriptors are judged by (the current pipeline's by default). */
export function loadDecisionRule(
  file: string = DEFAULT_DECISION_RULE_FILE,
  pipeline: PipelineId = CURRENT_PIPELINE,
): DecisionRule {
  return loadDecisionRules(file)[pipeline];
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
