/**
 * The decision rules file: one rule per descriptor pipeline, the legacy pipeline's rule kept exactly
 * as it was calibrated, and a typed error for every way the file can be wrong.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DECISION_RULE_SHA256,
  decisionRuleHash,
  DEFAULT_DECISION_RULE_FILE,
  loadDecisionRule,
  loadDecisionRules,
  parseDecisionRules,
  withRule,
} from '../../../src/core/face/decision-rule-file.ts';
import { CURRENT_PIPELINE, PIPELINE_IDS, type PipelineId } from '../../../src/core/face/pipelines.ts';
import { typedCode } from '../../support/typed-errors.ts';

const LEGACY: PipelineId = 'tanu-face-2026.11.2';
const tmp = mkdtempSync(join(tmpdir(), 'tanu-rules-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const shipped = JSON.parse(readFileSync(DEFAULT_DECISION_RULE_FILE, 'utf8')) as {
  rules: Record<string, Record<string, unknown>>;
};

function fileWith(content: unknown): string {
  const file = join(tmp, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('decision rules per pipeline', () => {
  it('ships a rule for every pipeline this build can verify, and gives the current one by default', () => {
    const rules = loadDecisionRules();
    expect(Object.keys(rules).sort()).toEqual([...PIPELINE_IDS].sort());
    expect(loadDecisionRule()).toEqual(rules[CURRENT_PIPELINE]);
    expect(loadDecisionRule(DEFAULT_DECISION_RULE_FILE, LEGACY)).toEqual(rules[LEGACY]);
  });

  it('pins the shipped file: its canonical SHA-256 is the one in the code', () => {
    expect(
      decisionRuleHash(shipped),
      'resources/decision-rule.json changed: if on purpose (a recalibration), put its new hash in DECISION_RULE_SHA256',
    ).toBe(DECISION_RULE_SHA256);
  });

  it('refuses an altered rule even when it is valid and within the caps; a re-formatted copy is the same rule', () => {
    const current = shipped.rules[CURRENT_PIPELINE] as Record<string, unknown>;
    const loosened = fileWith({
      rules: { ...shipped.rules, [CURRENT_PIPELINE]: { ...current, threshold: 0.59 } },
    });
    expect(typedCode(() => loadDecisionRules(loosened))).toBe('DECISION_RULE_TAMPERED');
    expect(typedCode(() => loadDecisionRule(loosened))).toBe('DECISION_RULE_TAMPERED');
    // A band or the duplicate threshold moved is caught as well: the hash covers every number.
    const band = fileWith({
      rules: { ...shipped.rules, [LEGACY]: { ...shipped.rules[LEGACY], duplicateThreshold: 0.33 } },
    });
    expect(typedCode(() => loadDecisionRules(band))).toBe('DECISION_RULE_TAMPERED');
    // Research tools evaluate candidate rules without the pin.
    expect(loadDecisionRules(loosened, { pin: null })[CURRENT_PIPELINE].threshold).toBe(0.59);
    // Keys in another order, other indentation, Windows line endings: the same rule, accepted.
    const reordered = { rules: Object.fromEntries(Object.entries(shipped.rules).reverse()) };
    const crlf = fileWith(JSON.stringify(reordered, null, 4).replace(/\n/g, '\r\n'));
    expect(loadDecisionRules(crlf)).toEqual(loadDecisionRules());
  });

  it('keeps the legacy pipeline’s rule exactly as it was calibrated on 2026-11-22', () => {
    const legacy = loadDecisionRules()[LEGACY];
    expect(legacy.calibration.date).toBe('2026-11-22');
    expect(legacy.threshold).toBe(0.475);
    expect(legacy.bands.map((b) => [b.name, b.threshold])).toEqual([
      ['small-face', 0.432],
      ['greyscale', 0.436],
      ['dim', 0.436],
      ['soft', 0.432],
      ['noisy', 0.458],
    ]);
    expect(legacy.multiFrame).toEqual({ frames: 3, agree: 2, meanMustMatch: true });
    expect(legacy.duplicateThreshold).toBe(0.32);
  });

  it('says which file and field is wrong, with a typed error, and never half-loads', () => {
    const current = shipped.rules[CURRENT_PIPELINE];
    const legacy = shipped.rules[LEGACY];
    const cases: [string, string][] = [
      [join(tmp, 'missing.json'), 'DECISION_RULE_UNREADABLE'],
      [fileWith('{ not json'), 'DECISION_RULE_UNREADABLE'],
      // The single-rule format of before: which pipeline would it be for?
      [fileWith(legacy), 'DECISION_RULE_INVALID'],
      [fileWith({ rules: { [CURRENT_PIPELINE]: current } }), 'DECISION_RULE_INVALID'],
      [fileWith({ rules: { ...shipped.rules, 'tanu-face-2099.1.1': current } }), 'DECISION_RULE_INVALID'],
      [
        fileWith({ rules: { ...shipped.rules, [CURRENT_PIPELINE]: { ...current, threshold: 0.9 } } }),
        'DECISION_RULE_INVALID',
      ],
      [
        fileWith({ rules: { ...shipped.rules, [LEGACY]: { ...legacy, duplicateThreshold: 0.5 } } }),
        'DECISION_RULE_INVALID',
      ],
    ];
    for (const [file, code] of cases)
      expect(
        typedCode(() => loadDecisionRules(file)),
        file,
      ).toBe(code);
    try {
      loadDecisionRules(fileWith({ rules: { [CURRENT_PIPELINE]: current } }));
    } catch (error) {
      expect((error as Error).message).toContain(`rules.${LEGACY}`);
    }
  });

  it('replaces one pipeline’s rule and leaves the others as they were', () => {
    const rules = loadDecisionRules();
    // Looser than every band of the shipped rule (a band may only be stricter), within the 0.6 cap.
    const next = withRule(rules, CURRENT_PIPELINE, { ...rules[CURRENT_PIPELINE], threshold: 0.55 });
    const reparsed = parseDecisionRules(JSON.parse(JSON.stringify(next)));
    expect(reparsed[CURRENT_PIPELINE].threshold).toBe(0.55);
    expect(reparsed[LEGACY]).toEqual(rules[LEGACY]);
  });
});
