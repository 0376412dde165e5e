/** Loads the decision rule from configuration; a malformed file stops the engine rather than guess. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decisionRuleSchema, type DecisionRule } from './decision-rule.ts';

export const DEFAULT_DECISION_RULE_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../resources/decision-rule.json',
);

export function loadDecisionRule(file: string = DEFAULT_DECISION_RULE_FILE): DecisionRule {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the decision rule ${file}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = decisionRuleSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `The decision rule ${file} is invalid at "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'unknown'}`,
    );
  }
  return parsed.data;
}
