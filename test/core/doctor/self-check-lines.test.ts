/**
 * Every line the self-check sends is one the admin screen can say: its check and reason are in
 * src/shared/self-check.ts (or 'failed'), in the listed order, and it carries an action exactly when
 * the list says that outcome has one.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckLine } from '../../../src/core/doctor/self-check.ts';
import { CHECK_FAILED, SELF_CHECK_ACTIONS, SELF_CHECK_REASONS } from '../../../src/shared/self-check.ts';
import { selfCheckWithoutEngine } from '../../support/self-check.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('self-check-lines');

function expectListed(lines: readonly CheckLine[]): void {
  const reasons: Readonly<Record<string, readonly string[]>> = SELF_CHECK_REASONS;
  const actions: Readonly<Record<string, readonly string[]>> = SELF_CHECK_ACTIONS;
  for (const l of lines) {
    if (l.reason === CHECK_FAILED) {
      expect(l).toMatchObject({ status: 'FAIL', action: expect.any(String) as unknown });
      continue;
    }
    expect(reasons[l.check], `${l.check}: ${l.reason}`).toContain(l.reason);
    expect(l.action !== undefined, `${l.check}: ${l.reason} and its action`).toBe(
      (actions[l.check] ?? []).includes(l.reason),
    );
  }
}

describe('the self-check lines', () => {
  it('an unset desk: each check in the listed order, each outcome one the screen knows', async () => {
    const dir = tempDir();
    const lines = await selfCheckWithoutEngine(dir, join(dir, 'no-cupsd.conf'));
    expect(lines.map((l) => l.check)).toEqual(Object.keys(SELF_CHECK_REASONS));
    expect(lines.map((l) => [l.check, l.reason])).toEqual([
      ['configuration', 'missing'],
      ['models', 'ok'],
      ['face engine', 'failed'],
      ['key', 'out-of-reach'],
      ['database', 'missing'],
      ['disk', expect.stringMatching(/^(ok|low|critical)$/) as unknown],
      ['gateway', 'offline'],
      ['printer', 'no-cups'],
    ]);
    expectListed(lines);
  });

  it('a configuration that does not parse fails its own line only; the gateway is then offline', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'tanu.config.json'), '{ not json');
    const lines = await selfCheckWithoutEngine(dir, null);
    expect(lines.find((l) => l.check === 'configuration')).toMatchObject({
      status: 'FAIL',
      reason: 'failed',
    });
    expect(lines.find((l) => l.check === 'gateway')).toMatchObject({ reason: 'offline' });
    expect(lines.some((l) => l.check === 'printer')).toBe(false);
    expectListed(lines);
  });
});
