/**
 * The self-check's printer line: WARN while cupsd keeps printed documents (its default keeps them a
 * day), WARN when it forgets jobs too soon for Tanu to confirm a slip, WARN without CUPS, OK with
 * "PreserveJobFiles No"; no line at all where slips do not go through CUPS.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckLine } from '../../../src/core/doctor/self-check.ts';
import { selfCheckWithoutEngine } from '../../support/self-check.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('self-check-printer');

async function printerLine(cupsdConfPath: string | null): Promise<CheckLine | undefined> {
  const lines = await selfCheckWithoutEngine(tempDir(), cupsdConfPath);
  return lines.find((l) => l.check === 'printer');
}

function conf(...lines: string[]): string {
  const path = join(tempDir(), 'cupsd.conf');
  writeFileSync(path, ['LogLevel warn', 'Listen localhost:631', ...lines].join('\n'));
  return path;
}

describe('the printer line', () => {
  it('OK when cupsd deletes job files as a job ends', async () => {
    expect(await printerLine(conf('PreserveJobFiles No'))).toMatchObject({ status: 'OK', reason: 'ok' });
  });

  it('WARN with what to set while cupsd keeps them (its default, a day; or Yes; or any time)', async () => {
    const path = conf();
    expect(await printerLine(path)).toEqual({
      check: 'printer',
      status: 'WARN',
      reason: 'keeps-files',
      params: { path, value: '86400' },
      detail: expect.stringContaining('PreserveJobFiles 86400') as unknown,
      action: `Set "PreserveJobFiles No" in ${path} and restart CUPS (docs/INSTALL.md).`,
    });
    expect(await printerLine(conf('PreserveJobFiles Yes'))).toMatchObject({ params: { value: 'Yes' } });
    expect(await printerLine(conf('PreserveJobFiles 10m'))).toMatchObject({ reason: 'keeps-files' });
  });

  it('WARN when cupsd forgets jobs at once: a slip could never be confirmed printed', async () => {
    expect(await printerLine(conf('PreserveJobFiles No', 'PreserveJobHistory No'))).toMatchObject({
      status: 'WARN',
      reason: 'no-history',
    });
  });

  it('WARN without CUPS; no line where printing is not CUPS (Windows)', async () => {
    const missing = join(tempDir(), 'cupsd.conf');
    expect(await printerLine(missing)).toMatchObject({
      status: 'WARN',
      reason: 'no-cups',
      params: { path: missing },
    });
    expect(await printerLine(null)).toBeUndefined();
  });
});
